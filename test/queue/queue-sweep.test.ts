/**
 * Queue mode against a real redis-server and real `ccsim worker` processes (several processes on one
 * machine stand in for several machines). Acceptance: a sweep through the queue with 3 workers, one
 * SIGKILLed in the middle of a task, ends with the same outputs as a local run; so does a submitter
 * killed and started again, without any task run twice into the results.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ccsimProcess, ROOT, startWorker, stopWorker, type CliProcess } from './cli-process.ts';
import { sweepOutputs } from './in-process.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

const SWEEP = 'test/fixtures/sweeps/queue.yaml';
const TOTAL = 3 * 3 + 2 * 3;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const checkpointed = (dir: string) => (existsSync(join(dir, 'tasks')) ? readdirSync(join(dir, 'tasks')).filter((f) => f.endsWith('.json')).length : 0);

describe('ccsim sweep --queue with ccsim worker processes', () => {
  let redis: RedisServer;
  const workers: CliProcess[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'ccsim-queue-'));
  const local = join(tmp, 'local');

  beforeAll(async () => {
    redis = await startRedis();
    const r = await ccsimProcess(['sweep', SWEEP, '--out', local, '--workers', '1', '--json']).done;
    expect(r.code).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await redis?.stop();
  });

  it('finishes with the local outputs when one of 3 workers is killed in the middle of a task', async () => {
    const url = `${redis.url}/1`;
    const three = await Promise.all([0, 1, 2].map(() => startWorker(url)));
    workers.push(...three);
    const out = join(tmp, 'queued');
    const submitter = ccsimProcess(['sweep', SWEEP, '--out', out, '--queue', url, '--json'], { TERM: 'dumb' });

    const [victim, ...others] = three;
    const started = await victim.line(/: start t[0-9a-f]{64} /);
    victim.child.kill('SIGKILL');
    expect((await victim.done).signal).toBe('SIGKILL');
    const lost = /start t([0-9a-f]{64})/.exec(started)![1];

    const r = await submitter.done;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sweepOutputs(out)).toEqual(sweepOutputs(local));
    const perf = JSON.parse(r.stdout).perf;
    expect(perf.tasks).toEqual({ total: TOTAL, run: TOTAL, reused: 0 });
    expect(checkpointed(out)).toBe(TOTAL);

    // The task the victim held was given to another worker after the stall timeout, and checkpointed.
    expect(victim.stderr).not.toContain(`done t${lost}`);
    expect(others.some((w) => w.stderr.includes(`done t${lost}`))).toBe(true);
    expect(existsSync(join(out, 'tasks', `${lost}.json`))).toBe(true);

    // Provenance: which worker processes ran what, on which version.
    const ran = perf.queue.workers as { pid: number; ccsim: string; node: string; tasks: number }[];
    expect(ran.reduce((s, w) => s + w.tasks, 0)).toBe(TOTAL);
    for (const w of ran) {
      expect(three.map((p) => p.child.pid)).toContain(w.pid);
      expect(w.ccsim).toBe(VERSION);
      expect(w.node).toBe(process.version);
    }
  });

  it('resumes a submitter killed midway: no task lost, none run twice into the results', async () => {
    const url = `${redis.url}/2`;
    const two = await Promise.all([0, 1].map(() => startWorker(url)));
    workers.push(...two);
    const out = join(tmp, 'resumed');
    const first = ccsimProcess(['sweep', SWEEP, '--out', out, '--queue', url, '--json']);
    await two[0].line(/: done t/);
    while (checkpointed(out) < 2) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    const before = checkpointed(out);
    expect(before).toBeLessThan(TOTAL);

    const again = await ccsimProcess(['sweep', SWEEP, '--out', out, '--queue', url, '--json']).done;
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).perf.tasks).toEqual({ total: TOTAL, run: TOTAL - before, reused: before });
    expect(checkpointed(out)).toBe(TOTAL);
    expect(sweepOutputs(out)).toEqual(sweepOutputs(local));
    // Each task ran once on the workers, although the submitter added the unfinished ones twice.
    const runs = two.flatMap((w) => w.stderr.split('\n').filter((l) => /: done t/.test(l)));
    expect(runs).toHaveLength(TOTAL);
  });
});
