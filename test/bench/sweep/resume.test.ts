/**
 * Acceptance: a sweep killed with SIGKILL midway and started again ends with the same outputs as an
 * uninterrupted run, finished tasks are not run again, and the worker count does not matter.
 * Runs the real CLI in child processes; the only timing here is polling for the first checkpoint.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILES } from '../../../bench/sweep/outputs.ts';

const SWEEP = 'test/fixtures/sweeps/resume.yaml';
const CLI = 'bin/ccsim.js';

function ccsim(args: string[]): { done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>; kill: () => void } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

const finished = (dir: string) => {
  try {
    return readdirSync(join(dir, 'tasks')).filter((f) => f.endsWith('.json')).length;
  } catch {
    return 0;
  }
};

function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of OUTPUT_FILES) {
    const text = readFileSync(join(dir, f), 'utf8');
    out[f] = f === 'sweep.json' ? JSON.stringify({ ...JSON.parse(text), perf: null }, null, 2) : text;
  }
  return out;
}

describe('a sweep killed midway', () => {
  it('resumes from its checkpoint to the same outputs as an uninterrupted run', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ccsim-resume-'));
    const whole = join(tmp, 'whole');
    const resumed = join(tmp, 'resumed');

    const uninterrupted = await ccsim(['sweep', SWEEP, '--out', whole, '--workers', '2']).done;
    expect(uninterrupted.stderr).toBe('');
    expect(uninterrupted.code).toBe(0);
    const total = finished(whole);
    expect(total).toBe(6 * 3 + 2 * 3);

    const victim = ccsim(['sweep', SWEEP, '--out', resumed, '--workers', '2']);
    let exited = false;
    void victim.done.then(() => (exited = true));
    while (finished(resumed) < 1 && !exited) await new Promise((r) => setTimeout(r, 5));
    victim.kill();
    expect((await victim.done).signal).toBe('SIGKILL');
    const before = finished(resumed);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(total);

    const restart = await ccsim(['sweep', SWEEP, '--out', resumed, '--workers', '1', '--json']).done;
    expect(restart.code).toBe(0);
    const perf = JSON.parse(restart.stdout).perf;
    expect(perf.tasks).toEqual({ total, run: total - before, reused: before });
    expect(finished(resumed)).toBe(total);
    expect(outputs(resumed)).toEqual(outputs(whole));
  });
});
