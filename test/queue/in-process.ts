/** `ccsim ...` through main() in this process, with what it writes to stdout and stderr captured. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_FILES } from '../../bench/sweep/outputs.ts';

export { ccsim, type Outcome } from '../reports/ccsim.ts';

/** A sweep's output files as text, sweep.json without its `perf` (timings, worker counts): what must match between runs. */
export function sweepOutputs(dir: string, files: readonly string[] = OUTPUT_FILES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    out[f] = f === 'sweep.json' ? JSON.stringify({ ...JSON.parse(text), perf: null }, null, 2) : text;
  }
  return out;
}
