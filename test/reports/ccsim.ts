// Runs `ccsim ...args` in this process through main(), capturing what it writes (for the report tests).
import { vi } from 'vitest';
import { main } from '../../bench/cli.ts';

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
