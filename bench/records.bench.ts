/**
 * Records benchmark (not part of `npm test`; timings are measured here, never asserted in tests):
 *
 *   writer     rows per second of the NDJSON formatter alone, in one thread, on the chunks of a real
 *              Erlang A run (wall and CPU time; the file really written)
 *   slowdown   the 1M-call Erlang A run of bench/erlang-a.bench.ts with records against without,
 *              alternating in one process, median of the per-round ratios
 *   memory     peak RSS of a 10M-call run with records, in a child process
 *   query      `ccsim query` (a real process, start-up included) answering the script comparison
 *              over the Parquet records of a 1M-call run, median of 3
 *
 *   npx tsx bench/records.bench.ts [--writer] [--slowdown] [--memory] [--query] [--rounds N] [--json]
 *
 * Record folders go to a temporary directory and are deleted after each use (1M calls make ~1 GB of NDJSON).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel } from '../sim/model.ts';
import { runReplication } from '../sim/replication.ts';
import { benchScenario } from './erlang-a.bench.ts';
import type { FormatChannel } from './records/channel.ts';
import { ChunkFormatter, type CallChunk, type StateChunk } from './records/format.ts';
import { convertToParquet } from './records/parquet.ts';
import { runRecordedReplication } from './records/run-recorded.ts';
import { RecordWriter } from './records/writer.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCRIPT_QUERY =
  'SELECT script_id, count(*) AS calls, avg(converted::INT) AS conversion FROM call_records ' +
  "WHERE arrival_time >= TIMESTAMPTZ '2026-01-05 00:00:00+00' AND arrival_time < TIMESTAMPTZ '2026-01-12 00:00:00+00' AND NOT warmup " +
  'GROUP BY script_id ORDER BY conversion DESC NULLS LAST';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function scratch(name: string): string {
  return mkdtempSync(join(tmpdir(), `ccsim-records-bench-${name}-`));
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
}

/** Rows written to call_records and agent_states, from the runs files. */
function recordRows(dir: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith('runs-'))
    .reduce((s, f) => {
      const run = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { call_rows: number; agent_state_rows: number };
      return s + run.call_rows + run.agent_state_rows;
    }, 0);
}

const target = (dir: string) => ({ dir, variant: 'bench-erlang-a', assignment: 'policy' as const });

// ---------------------------------------------------------------- writer

interface WriterFigures {
  callRows: number;
  stateRows: number;
  bytes: number;
  rowsPerSecond: number;
  rowsPerCpuSecond: number;
  callRowsPerSecond: number;
  stateRowsPerSecond: number;
  rounds: number;
}

function measureWriter(calls: number, rounds: number): WriterFigures {
  // Capture the chunks of a real run (copies), then format them again and again.
  const callChunks: CallChunk[] = [];
  const stateChunks: StateChunk[] = [];
  const capture = (): FormatChannel => ({
    calls: (c) => (callChunks.push(structuredClone(c)), { ...c, n: 0 }),
    states: (c) => (stateChunks.push(structuredClone(c)), { ...c, n: 0 }),
    end: () => ({ callRows: 0, agentStateRows: 0, bytes: 0 }),
    abort: () => {},
  });
  let setup: ConstructorParameters<typeof ChunkFormatter>[0] | null = null;
  runReplication(compileModel(benchScenario(calls)), 0, null, {
    sink: (center) =>
      new RecordWriter(center, target('/nonexistent'), 0, {
        channel: (s) => {
          setup = s;
          return capture();
        },
      }),
  });
  const callRows = callChunks.reduce((s, c) => s + c.n, 0);
  const stateRows = stateChunks.reduce((s, c) => s + c.n, 0);
  const walls: number[] = [];
  const cpus: number[] = [];
  const callWalls: number[] = [];
  const stateWalls: number[] = [];
  let bytes = 0;
  for (let r = 0; r < rounds + 1; r++) {
    const dir = scratch('writer');
    const f = new ChunkFormatter({ ...setup!, dir });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const c of callChunks) f.calls(c);
    const t1 = performance.now();
    for (const c of stateChunks) f.states(c);
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    bytes = f.stats.bytes;
    f.abort();
    rmSync(dir, { recursive: true, force: true });
    if (r === 0) continue; // warm-up round
    walls.push((t2 - t0) / 1000);
    callWalls.push((t1 - t0) / 1000);
    stateWalls.push((t2 - t1) / 1000);
    cpus.push((cpu.user + cpu.system) / 1e6);
    process.stderr.write(`  writer round ${r}/${rounds}: ${((callRows + stateRows) / ((t2 - t0) / 1000) / 1e6).toFixed(2)} M rows/s\n`);
  }
  const rows = callRows + stateRows;
  return {
    callRows,
    stateRows,
    bytes,
    rowsPerSecond: rows / median(walls),
    rowsPerCpuSecond: rows / median(cpus),
    callRowsPerSecond: callRows / median(callWalls),
    stateRowsPerSecond: stateRows / median(stateWalls),
    rounds,
  };
}

// ---------------------------------------------------------------- slowdown

interface SlowdownFigures {
  calls: number;
  plainSeconds: number;
  recordsSeconds: number;
  ratio: number;
  ratios: number[];
  rows: number;
  bytes: number;
  plainCpuSeconds: number;
  recordsCpuSeconds: number;
}

function measureSlowdown(calls: number, rounds: number): SlowdownFigures {
  const model = compileModel(benchScenario(calls));
  // Warm up both paths (JIT, writer threads).
  runReplication(compileModel(benchScenario(100_000)), 99);
  const warm = scratch('warm');
  runRecordedReplication(compileModel(benchScenario(100_000)), 99, target(warm));
  rmSync(warm, { recursive: true, force: true });
  const plain: number[] = [];
  const rec: number[] = [];
  const plainCpu: number[] = [];
  const recCpu: number[] = [];
  const ratios: number[] = [];
  let rows = 0;
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    runReplication(model, r);
    const a = (performance.now() - t0) / 1000;
    let c = process.cpuUsage(c0);
    plainCpu.push((c.user + c.system) / 1e6);
    const dir = scratch('slowdown');
    c0 = process.cpuUsage();
    t0 = performance.now();
    const res = runRecordedReplication(model, r, target(dir));
    const b = (performance.now() - t0) / 1000;
    c = process.cpuUsage(c0);
    recCpu.push((c.user + c.system) / 1e6);
    bytes = dirBytes(dir);
    rows = recordRows(dir);
    void res;
    rmSync(dir, { recursive: true, force: true });
    plain.push(a);
    rec.push(b);
    ratios.push(b / a);
    process.stderr.write(`  round ${r + 1}/${rounds}: without ${a.toFixed(2)} s, with records ${b.toFixed(2)} s, ratio ${(b / a).toFixed(2)}\n`);
  }
  return {
    calls,
    plainSeconds: median(plain),
    recordsSeconds: median(rec),
    ratio: median(ratios),
    ratios,
    rows,
    bytes,
    plainCpuSeconds: median(plainCpu),
    recordsCpuSeconds: median(recCpu),
  };
}

// ---------------------------------------------------------------- memory

/** Child-process body: one replication with records into dir, then its peak RSS (all threads). */
function memoryChild(calls: number, dir: string): void {
  const t0 = performance.now();
  const res = runRecordedReplication(compileModel(benchScenario(calls)), 0, target(dir));
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ calls: res.calls, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, bytes: dirBytes(dir) }));
}

function measureMemory(calls: number): { calls: number; seconds: number; maxRssMb: number; bytes: number } {
  const dir = scratch('memory');
  try {
    const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--memory-child', String(calls), dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (out.status !== 0) throw new Error(`memory run failed: ${out.stderr}`);
    return JSON.parse(out.stdout) as { calls: number; seconds: number; maxRssMb: number; bytes: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- query

async function measureQuery(calls: number, rounds: number): Promise<{ calls: number; parquetBytes: number; conversionSeconds: number; querySeconds: number; runs: number[]; output: string }> {
  const dir = scratch('query');
  try {
    runRecordedReplication(compileModel(benchScenario(calls)), 0, target(dir));
    const conv = await convertToParquet(dir);
    const runs: number[] = [];
    let output = '';
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const p = spawnSync(process.execPath, ['bin/ccsim.js', 'query', SCRIPT_QUERY, '--records', dir], { cwd: ROOT, encoding: 'utf8' });
      runs.push((performance.now() - t0) / 1000);
      if (p.status !== 0) throw new Error(`query failed: ${p.stderr}`);
      output = p.stdout;
      process.stderr.write(`  query round ${r + 1}/${rounds}: ${runs[r].toFixed(2)} s\n`);
    }
    return { calls, parquetBytes: dirBytes(dir), conversionSeconds: conv.seconds, querySeconds: median(runs), runs, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const child = argv.indexOf('--memory-child');
  if (child >= 0) return memoryChild(Number(argv[child + 1]), argv[child + 2]);
  const json = argv.includes('--json');
  const roundsAt = argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 5;
  const parts = ['--writer', '--slowdown', '--memory', '--query'].filter((p) => argv.includes(p));
  const want = (p: string) => parts.length === 0 || parts.includes(p);
  const summary: Record<string, unknown> = { node: process.version };
  const say = (s: string) => {
    if (!json) console.log(s);
  };
  if (want('--writer')) {
    process.stderr.write('writer: formatting the chunks of a 300,000-call Erlang A run in one thread\n');
    const w = measureWriter(300_000, rounds);
    summary.writer = w;
    say(`writer:    ${(w.rowsPerSecond / 1e6).toFixed(2)} M rows/s wall, ${(w.rowsPerCpuSecond / 1e6).toFixed(2)} M rows/s CPU (call rows ${(w.callRowsPerSecond / 1e6).toFixed(2)} M/s, agent-state rows ${(w.stateRowsPerSecond / 1e6).toFixed(2)} M/s); ${w.callRows + w.stateRows} rows, ${(w.bytes / (w.callRows + w.stateRows)).toFixed(0)} bytes/row`);
  }
  if (want('--slowdown')) {
    process.stderr.write(`slowdown: Erlang A, 1,000,000 calls, with and without records, ${rounds} alternating rounds\n`);
    const s = measureSlowdown(1_000_000, rounds);
    summary.slowdown = s;
    say(`slowdown:  ${s.ratio.toFixed(2)}x (median of ${s.ratios.map((r) => r.toFixed(2)).join(', ')}): ${s.plainSeconds.toFixed(2)} s without, ${s.recordsSeconds.toFixed(2)} s with records (${s.rows.toLocaleString('en-US')} rows, ${(s.bytes / 1e9).toFixed(2)} GB of NDJSON); CPU ${s.plainCpuSeconds.toFixed(2)} s vs ${s.recordsCpuSeconds.toFixed(2)} s (all threads)`);
  }
  if (want('--memory')) {
    process.stderr.write('memory: 10,000,000 calls with records in a child process...\n');
    const m = measureMemory(10_000_000);
    summary.memory = m;
    say(`memory:    10M calls with records: peak RSS ${m.maxRssMb.toFixed(0)} MB, ${m.seconds.toFixed(1)} s, ${(m.bytes / 1e9).toFixed(1)} GB of NDJSON`);
  }
  if (want('--query')) {
    process.stderr.write('query: 1,000,000-call run, records converted to Parquet, `ccsim query` script comparison\n');
    const q = await measureQuery(1_000_000, 3);
    summary.query = q;
    say(`query:     ${q.querySeconds.toFixed(2)} s (median of ${q.runs.map((r) => r.toFixed(2)).join(', ')}; the whole command, start-up included) over ${(q.parquetBytes / 1e6).toFixed(0)} MB of Parquet (conversion ${q.conversionSeconds.toFixed(1)} s)`);
  }
  if (json) console.log(JSON.stringify(summary, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main(process.argv.slice(2));
