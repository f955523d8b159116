/**
 * Queue benchmark (not part of `npm test`; timings are measured here, never asserted in tests):
 * the same sweep evaluation through the BullMQ queue on 2 `ccsim worker` processes (one thread
 * each) against the local piscina pool with 2 threads, on this machine. Both sides are warm (the
 * workers and the pool's threads started before timing, as a running cluster's are), the submitter
 * checkpoints every result in both, and the rounds alternate which side runs first. Each round
 * sweeps another seed, so no result is found in Redis or in a checkpoint from an earlier round.
 *
 *   seconds    tasks of about 1 s (Erlang A, 2M calls each): wall time, median of the rounds; the
 *              overhead of the queue in % and per task in ms, (queue - local) / (tasks per worker)
 *   tiny       tasks of a few ms, where the per-task cost of the queue itself shows
 *
 *   npx tsx bench/queue.bench.ts [--rounds N] [--json]        (npm run bench:queue)
 *
 * Starts its own redis-server (/usr/bin/redis-server, as the tests do) on a free loopback port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '../test/queue/redis-server.ts';
import { ccsimProcess, stopWorker } from '../test/queue/cli-process.ts';
import { createTaskRunner, type TaskRunner } from './pool.ts';
import { ccsimVersion } from './provenance.ts';
import { parseQueueUrl } from './queue/address.ts';
import { openQueueRunner, type QueueRunner } from './queue/queue-runner.ts';
import { runSweep } from './sweep/run-sweep.ts';
import { loadSweep } from './sweep/spec.ts';

const WORKERS = 2;
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
const json = args.includes('--json');

const BASE = `name: queue-bench
seed: 3
replications: 2
horizon: { calls: 4000 }
warmup: { calls: 200 }
serviceLevel: { seconds: 20 }
series: { intervalMinutes: 60 }
inbound:
  arrivals: { perHour: 1140 }
  handleTime: { dist: exponential, mean: 300 }
  patience: { dist: exponential, mean: 180 }
agents:
  - { group: general, count: 100 }
`;

const tmp = mkdtempSync(join(tmpdir(), 'ccsim-queue-bench-'));
writeFileSync(join(tmp, 'base.yaml'), BASE);

interface Workload {
  name: string;
  calls: number;
  points: number;
  replications: number;
}
const WORKLOADS: Workload[] = [
  { name: 'seconds', calls: 2_000_000, points: 6, replications: 2 },
  { name: 'tiny', calls: 4_000, points: 20, replications: 5 },
];

let sweeps = 0;
/** One evaluation of the workload with seed `seed`, in a fresh checkpoint folder; returns wall seconds. */
async function timed(w: Workload, seed: number, runner: TaskRunner): Promise<number> {
  const dir = join(tmp, `run-${sweeps++}`);
  const counts = Array.from({ length: w.points }, (_, i) => 98 + 2 * i);
  writeFileSync(
    join(tmp, `${w.name}-${seed}.yaml`),
    `base: base.yaml\nparameters:\n  seed: [${seed}]\n  horizon.calls: [${w.calls}]\n  agents.0.count: [${counts.join(', ')}]\n` +
      `replications: ${w.replications}\nobjective: { kpi: serviceLevel, direction: max }\nconfirm: { top: 0 }\n`,
  );
  const sweep = loadSweep(join(tmp, `${w.name}-${seed}.yaml`));
  const t0 = performance.now();
  await runSweep(sweep, { stage: 'evaluate', tasksDir: join(dir, 'tasks'), runner });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const redis = await startRedis();
const workers = Array.from({ length: WORKERS }, () => ccsimProcess(['worker', '--queue', redis.url, '--concurrency', '1']));
const local = createTaskRunner(WORKERS);
let queue: QueueRunner | null = null;
const report: Record<string, unknown> = { workers: WORKERS, rounds, redis: 'redis-server 7 on loopback' };
try {
  await Promise.all(workers.map((w) => w.line(/taking tasks from/)));
  queue = await openQueueRunner({ address: parseQueueUrl(redis.url), version: ccsimVersion() });
  let seed = 1000;
  for (const w of WORKLOADS) {
    // Warm-up: threads started, scenario code loaded on both sides.
    await timed({ ...w, calls: Math.min(w.calls, 50_000) }, seed, local);
    await timed({ ...w, calls: Math.min(w.calls, 50_000) }, seed++, queue);
    const times = { local: [] as number[], queue: [] as number[] };
    for (let r = 0; r < rounds; r++, seed++) {
      const order: ('local' | 'queue')[] = r % 2 === 0 ? ['local', 'queue'] : ['queue', 'local'];
      for (const side of order) times[side].push(await timed(w, seed, side === 'local' ? local : queue));
      if (!json) process.stderr.write(`${w.name} round ${r + 1}: local ${times.local.at(-1)!.toFixed(2)} s, queue ${times.queue.at(-1)!.toFixed(2)} s\n`);
    }
    const tasks = w.points * w.replications;
    const l = median(times.local);
    const q = median(times.queue);
    report[w.name] = {
      tasks,
      callsPerTask: w.calls,
      localSeconds: times.local.map((t) => +t.toFixed(3)),
      queueSeconds: times.queue.map((t) => +t.toFixed(3)),
      localMedian: +l.toFixed(3),
      queueMedian: +q.toFixed(3),
      overheadPercent: +((100 * (q - l)) / l).toFixed(1),
      perTaskOverheadMs: +(((q - l) * 1000) / (tasks / WORKERS)).toFixed(1),
    };
  }
  report.workerSideOverheadMs = queue.perf().workerOverheadMs;
} finally {
  await queue?.close();
  await local.close();
  await Promise.all(workers.map(stopWorker));
  await redis.stop();
  rmSync(tmp, { recursive: true, force: true });
}

if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  const lines = [`queue (BullMQ, ${WORKERS} ccsim worker processes x 1 thread) vs local piscina (${WORKERS} threads), warm, median of ${rounds} rounds:`];
  for (const w of WORKLOADS) {
    const r = report[w.name] as { tasks: number; callsPerTask: number; localMedian: number; queueMedian: number; overheadPercent: number; perTaskOverheadMs: number };
    lines.push(`  ${w.name.padEnd(8)} ${r.tasks} tasks of ${r.callsPerTask} calls: local ${r.localMedian.toFixed(2)} s, queue ${r.queueMedian.toFixed(2)} s, overhead ${r.overheadPercent}% (${r.perTaskOverheadMs} ms per task)`);
  }
  lines.push(`  worker-side overhead per task (checks, encoding; median): ${report.workerSideOverheadMs} ms`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

