/**
 * What a worker refuses and how failures come back, against a real redis-server: a task that fails
 * deterministically is reported once with its error, not retried; a task from another ccsim version
 * or of an unknown task schema version is refused at once; an unreachable server or a wrong password
 * is one line and exit code 2, for the submitter and the worker alike.
 */
import { Job, Queue } from 'bullmq';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionOptions, parseQueueUrl } from '../../bench/queue/address.ts';
import { jobIdOf, QUEUE_NAME, QUEUE_PREFIX, TASK_SCHEMA_VERSION } from '../../bench/queue/envelope.ts';
import { openQueueRunner, TaskFailures } from '../../bench/queue/queue-runner.ts';
import { ccsimVersion } from '../../bench/provenance.ts';
import { encodeExact } from '../../bench/sweep/task-store.ts';
import type { ReplicationTask } from '../../bench/tasks.ts';
import { loadScenario } from '../../scenarios/load.ts';
import { ccsimProcess, startWorker, stopWorker, type CliProcess } from './cli-process.ts';
import { ccsim } from './in-process.ts';
import { startRedis, type RedisServer } from './redis-server.ts';

const SWEEP = 'test/fixtures/sweeps/tiny.yaml';
const PASSWORD = 'queue-test-secret';

describe('queue refusals and failures', () => {
  let redis: RedisServer;
  let locked: RedisServer;
  let worker: CliProcess;
  let queue: Queue;
  const url = () => `${redis.url}/3`;
  const version = ccsimVersion();
  const good = loadScenario('test/fixtures/sweeps/base.yaml').scenario;

  beforeAll(async () => {
    [redis, locked] = await Promise.all([startRedis(), startRedis({ password: PASSWORD })]);
    worker = await startWorker(url());
    queue = new Queue(QUEUE_NAME, { connection: connectionOptions(parseQueueUrl(url()), 'ccsim-test'), prefix: QUEUE_PREFIX });
  });

  afterAll(async () => {
    await queue?.close();
    if (worker) await stopWorker(worker);
    await Promise.all([redis?.stop(), locked?.stop()]);
  });

  it('reports a task that fails deterministically once, with its error, and still delivers the others', async () => {
    const runner = await openQueueRunner({ address: parseQueueUrl(url()), version, reconcileMs: 500 });
    // A variant the loader would have refused, sent as data anyway: the worker validates and refuses it.
    const bad: ReplicationTask = { scenario: { ...good, agents: [{ ...good.agents[0], count: -1 }] }, replication: 0, variant: 'bad point' };
    const delivered: number[] = [];
    let error: unknown;
    try {
      await runner.run([{ scenario: good, replication: 0, variant: 'good point' }, bad, { scenario: good, replication: 1, variant: 'good point' }], (i) => delivered.push(i));
    } catch (e) {
      error = e;
    } finally {
      await runner.close();
    }
    expect(error).toBeInstanceOf(TaskFailures);
    const failures = (error as TaskFailures).failures;
    expect(failures).toHaveLength(1);
    expect(failures[0].task).toBe('bad point, replication 0');
    expect(failures[0].reason).toMatch(/^refused: not a valid scenario: .*agents\[0\]\.count: expected an integer >= 0, found -1/);
    expect(delivered.sort()).toEqual([0, 2]);
    // Tried once, not retried: one failure on the worker, and the job is gone from the queue.
    const id = jobIdOf(bad, version);
    expect(worker.stderr.split('\n').filter((l) => l.includes(`failed ${id}:`))).toHaveLength(1);
    expect(await queue.getJobState(id)).toBe('unknown');
  });

  for (const [what, data, reason] of [
    ['another ccsim version', { schema: TASK_SCHEMA_VERSION, ccsim: '0.0.0-elsewhere' }, /^refused: task from ccsim "0\.0\.0-elsewhere", this worker runs ccsim /],
    ['an unknown task schema version', { schema: TASK_SCHEMA_VERSION + 1, ccsim: ccsimVersion() }, /^refused: task schema version \d+ is unknown to this worker/],
  ] as const) {
    it(`refuses a task from ${what} at once, without retrying it`, async () => {
      const id = `refusal-${TASK_SCHEMA_VERSION}-${what.replace(/\W+/g, '-')}`;
      await queue.add('task', { ...data, task: encodeExact({ scenario: good, replication: 2 }) }, { jobId: id, attempts: 5 });
      for (let i = 0; i < 2000 && (await queue.getJobState(id)) !== 'failed'; i++) await new Promise((r) => setTimeout(r, 10));
      const job = await Job.fromId(queue, id);
      expect(await job!.getState()).toBe('failed');
      expect(job!.failedReason).toMatch(reason);
      expect(job!.attemptsMade).toBe(1);
      expect(worker.stderr).not.toContain(`start ${id}`);
    });
  }

  it('says in one line, exit code 2, when the server is unreachable or the password wrong', async () => {
    const closedPort = redis.port === 1 ? 2 : 1; // nothing listens on ports 1-2 here
    const out = join(mkdtempSync(join(tmpdir(), 'ccsim-queue-errors-')), 'out');
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--queue', `redis://127.0.0.1:${closedPort}`], {}, /^ccsim: --queue redis:\/\/127\.0\.0\.1:\d: cannot use the queue \(connect ECONNREFUSED .*\)\n$/],
      [['--queue', locked.url], {}, /^ccsim: --queue redis:\/\/127\.0\.0\.1:\d+: cannot use the queue \(the server wants a password: set CCSIM_REDIS_PASSWORD\)\n$/],
      [['--queue', locked.url], { CCSIM_REDIS_PASSWORD: 'wrong' }, /^ccsim: --queue redis:\/\/127\.0\.0\.1:\d+: cannot use the queue \(the server refused the password \(WRONGPASS\); check CCSIM_REDIS_PASSWORD or the URL\)\n$/],
      [['--queue'], { CCSIM_QUEUE_URL: `redis://:wrong@127.0.0.1:${locked.port}` }, /^ccsim: --queue redis:\/\/127\.0\.0\.1:\d+: cannot use the queue \(the server refused the password/],
      [['--queue', url(), '--shard', '0/2'], {}, /^ccsim: --shard with --queue: expected one of them.*\n$/],
    ];
    for (const [args, env, expected] of cases) {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const r = await ccsim('sweep', SWEEP, '--out', out, ...args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(expected);
        expect(r.stderr).not.toContain('wrong'); // the password is never printed
      } finally {
        for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
        Object.assign(process.env, saved);
      }
    }
    // The worker the same way; with the right password from the environment it takes tasks.
    const refused = await ccsimProcess(['worker', '--queue', locked.url], { CCSIM_REDIS_PASSWORD: 'wrong' }).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^ccsim: --queue redis:\/\/127\.0\.0\.1:\d+: cannot use the queue \(the server refused the password/);
    const accepted = await startWorker(locked.url, { CCSIM_REDIS_PASSWORD: PASSWORD });
    expect(accepted.stderr).not.toContain(PASSWORD);
    expect((await stopWorker(accepted)).code).toBe(0);
  });
});
