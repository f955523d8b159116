// Crash safety: files are written under hidden temporary names and renamed only when complete, so a
// failed or killed run never leaves a partial file under a record name.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRecordFile, prepareRecordsDir } from '../../bench/records/layout.ts';
import { RecordWriter } from '../../bench/records/writer.ts';
import type { Center } from '../../sim/center.ts';
import { compileModel } from '../../sim/model.ts';
import { runReplication } from '../../sim/replication.ts';
import { erlangScenario, removeDir, ROOT, tempDir } from './helpers.ts';

class FailingWriter extends RecordWriter {
  private calls = 0;
  constructor(center: Center, dir: string, mode: 'auto' | 'inline', private readonly failAfter: number) {
    super(center, { dir, variant: 'crash', assignment: 'policy' }, 0, { mode });
  }
  override callEnded(center: Center, slot: number, result: number, agent: number): void {
    if (++this.calls > this.failAfter) throw new Error('simulated failure');
    super.callEnded(center, slot, result, agent);
  }
}

describe('crash safety', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeDir));

  it.each(['inline', 'auto'] as const)('a replication that fails mid-run leaves no file at all (%s formatting)', (mode) => {
    const dir = tempDir(`crash-${mode}`);
    dirs.push(dir);
    const made: FailingWriter[] = [];
    // 150,000 rows: chunks of 65,536 are already formatted (and, with threads, in flight) when it fails.
    const run = () =>
      runReplication(compileModel(erlangScenario(200_000, 1)), 0, null, {
        sink: (center) => {
          const w = new FailingWriter(center, dir, mode, 150_000);
          made.push(w);
          return w;
        },
      });
    expect(run).toThrow('simulated failure');
    expect(readdirSync(dir).length).toBeGreaterThan(0); // the temporaries of the half-done replication
    expect(readdirSync(dir).every((f) => f.startsWith('.') && f.endsWith('.tmp'))).toBe(true);
    for (const w of made) w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a run killed with SIGKILL leaves complete files or hidden temporaries, never a partial record file', async () => {
    const dir = tempDir('crash-kill');
    dirs.push(dir);
    const child = spawn(
      process.execPath,
      ['bin/ccsim.js', 'run', join(ROOT, 'scenarios/inbound-erlang-a.yaml'), '--replications', '6', '--set', 'horizon.calls=150000', '--set', 'warmup.calls=1000', '--workers', '1', '--records', dir, '--json'],
      { cwd: ROOT, stdio: 'ignore' },
    );
    // Kill once the first replication is complete and the second is being written.
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const names = existsSync(dir) ? readdirSync(dir) : [];
      if (names.includes('runs-r0000.ndjson') && names.some((n) => n.startsWith('.calls-r0001.ndjson.'))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const names = readdirSync(dir);
    expect(names).toContain('runs-r0000.ndjson');
    expect(names).not.toContain('manifest.json');
    expect(names.filter((n) => n.startsWith('.') && n.endsWith('.tmp')).length).toBeGreaterThan(0);
    // Every file under a record name is complete: its rows are all there and all parse.
    for (const name of names.filter(isRecordFile)) {
      const rep = /-r(\d+)\./.exec(name)![1];
      const run = JSON.parse(readFileSync(join(dir, `runs-r${rep}.ndjson`), 'utf8')) as { call_rows: number; agent_state_rows: number };
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text.endsWith('\n'), name).toBe(true);
      const lines = text.trimEnd().split('\n');
      for (const line of [lines[0], lines[lines.length - 1]]) JSON.parse(line);
      if (name.startsWith('calls-')) expect(lines.length, name).toBe(run.call_rows);
      if (name.startsWith('agent-states-')) expect(lines.length, name).toBe(run.agent_state_rows);
    }
    // The replication under way when the process died has no file under a record name.
    expect(names.filter((n) => isRecordFile(n) && n.includes('-r0001.'))).toEqual([]);
    // The next run into the folder removes the leftovers.
    prepareRecordsDir(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});
