/** `ccsim ...` through main() in this process, with what it writes to stdout and stderr captured. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../bench/cli.ts';
import { OUTPUT_FILES } from '../../bench/sweep/outputs.ts';

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function ccsim(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    }) as typeof process.stdout.write;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(sink((s) => (stdout += s)));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(sink((s) => (stderr += s)));
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A sweep's output files as text, sweep.json without its `perf` (timings, worker counts): what must match between runs. */
export function sweepOutputs(dir: string, files: readonly string[] = OUTPUT_FILES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    out[f] = f === 'sweep.json' ? JSON.stringify({ ...JSON.parse(text), perf: null }, null, 2) : text;
  }
  return out;
}
