/**
 * `npm run bench`: ccsim's speed on the Erlang A model (1,000 agents, load 0.95, handle 300 s,
 * patience 180 s, 1,000,000 calls) beside the frozen plain-JS reference loop of the same model,
 * alternating in the same process so both see the same machine state; medians of 5 and the
 * ratio; beside them the same model forced onto the general center (what a scenario with a world,
 * dialer, bot or shifts pays per call). Then a 10,000,000-call run in a child process reporting its peak memory (max RSS).
 * Not part of `npm test`: timings are measured here, never asserted in tests.
 *
 *   npm run bench                   both parts
 *   npm run bench -- --speed        speed only
 *   npm run bench -- --memory       memory only
 *   npm run bench -- --json         machine-readable summary on stdout
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '../scenarios/load.ts';
import { compileModel } from '../sim/model.ts';
import { runReplication } from '../sim/replication.ts';
import { runReferenceLoop } from './reference-loop.ts';

const AGENTS = 1000;
const LOAD = 0.95;
const HANDLE = 300;
const PATIENCE = 180;
const ARRIVALS_PER_HOUR = (AGENTS * LOAD * 3600) / HANDLE;

export function benchScenario(calls: number, seriesMinutes = 60) {
  return parseScenario(
    {
      name: 'bench-erlang-a',
      seed: 1,
      replications: 1,
      horizon: { calls },
      series: { intervalMinutes: seriesMinutes },
      inbound: {
        arrivals: { perHour: ARRIVALS_PER_HOUR },
        handleTime: { dist: 'exponential', mean: HANDLE },
        patience: { dist: 'exponential', mean: PATIENCE },
      },
      agents: [{ group: 'all', count: AGENTS }],
    },
    'bench-erlang-a',
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface SpeedFigures {
  calls: number;
  ccsimCallsPerSecond: number;
  ccsimEventsPerSecond: number;
  /** The same model forced onto the general center (sim/center.ts), for comparison: what a scenario with any world, dialer, bot or shift pays. */
  generalCenterCallsPerSecond: number;
  generalCenterRatio: number;
  referenceCallsPerSecond: number;
  ratio: number;
  ratios: number[];
  kpis: { ccsim: Record<string, number | null>; reference: Record<string, number> };
}

function measureSpeed(calls: number, rounds: number): SpeedFigures {
  const model = compileModel(benchScenario(calls));
  // Warm both up so the JIT has compiled them before timing.
  runReplication(compileModel(benchScenario(100_000)), 99);
  runReferenceLoop(AGENTS, ARRIVALS_PER_HOUR, HANDLE, PATIENCE, 100_000, 20, 99);
  runReplication(compileModel(benchScenario(100_000)), 99, null, { center: 'general' });
  const simRates: number[] = [];
  const generalRates: number[] = [];
  const generalRatios: number[] = [];
  const simEventRates: number[] = [];
  const refRates: number[] = [];
  const ratios: number[] = [];
  let last: ReturnType<typeof runReplication> | null = null;
  let lastRef: ReturnType<typeof runReferenceLoop> | null = null;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    last = runReplication(model, r);
    const simSeconds = (performance.now() - t0) / 1000;
    lastRef = runReferenceLoop(AGENTS, ARRIVALS_PER_HOUR, HANDLE, PATIENCE, calls, 20, r + 1);
    const sim = last.calls / simSeconds;
    const ref = lastRef.calls / lastRef.wallSeconds;
    simRates.push(sim);
    simEventRates.push(last.events / simSeconds);
    refRates.push(ref);
    ratios.push(sim / ref);
    const t1 = performance.now();
    const general = runReplication(model, r, null, { center: 'general' });
    const generalRate = general.calls / ((performance.now() - t1) / 1000);
    generalRates.push(generalRate);
    generalRatios.push(generalRate / ref);
    process.stderr.write(`  round ${r + 1}/${rounds}: ccsim ${(sim / 1e6).toFixed(2)} M calls/s, reference ${(ref / 1e6).toFixed(2)} M calls/s, ratio ${(sim / ref).toFixed(3)}; general center ${(generalRate / 1e6).toFixed(2)} M calls/s\n`);
  }
  return {
    calls,
    ccsimCallsPerSecond: median(simRates),
    ccsimEventsPerSecond: median(simEventRates),
    referenceCallsPerSecond: median(refRates),
    generalCenterCallsPerSecond: median(generalRates),
    generalCenterRatio: median(generalRatios),
    ratio: median(ratios),
    ratios,
    kpis: {
      ccsim: { abandonRate: last!.kpis.abandonRate, asa: last!.kpis.asa, serviceLevel: last!.kpis.serviceLevel },
      reference: { abandonRate: lastRef!.abandonRate, asa: lastRef!.asa, serviceLevel: lastRef!.serviceLevel },
    },
  };
}

/** Child-process body: one 10M-call replication, then report max RSS (so the parent's heap does not count). */
function memoryChild(calls: number): void {
  const model = compileModel(benchScenario(calls));
  const t0 = performance.now();
  const res = runReplication(model, 0);
  const seconds = (performance.now() - t0) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ calls: res.calls, seconds, callsPerSecond: res.calls / seconds, maxRssMb, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 }));
}

function measureMemory(calls: number): { calls: number; maxRssMb: number; callsPerSecond: number } {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...process.execArgv, self, '--memory-child', String(calls)], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`memory run failed: ${out.stderr}`);
  const r = JSON.parse(out.stdout) as { calls: number; maxRssMb: number; callsPerSecond: number };
  return { calls: r.calls, maxRssMb: r.maxRssMb, callsPerSecond: r.callsPerSecond };
}

function main(argv: string[]): void {
  const childAt = argv.indexOf('--memory-child');
  if (childAt >= 0) return memoryChild(Number(argv[childAt + 1]));
  const json = argv.includes('--json');
  const speedOnly = argv.includes('--speed');
  const memoryOnly = argv.includes('--memory');
  const summary: Record<string, unknown> = { node: process.version };
  if (!memoryOnly) {
    process.stderr.write(`Erlang A: ${AGENTS} agents, load ${LOAD}, handle ${HANDLE} s, patience ${PATIENCE} s, 1,000,000 calls; 5 alternating rounds\n`);
    const s = measureSpeed(1_000_000, 5);
    summary.speed = s;
    if (!json) {
      console.log(`ccsim:      ${(s.ccsimCallsPerSecond / 1e6).toFixed(3)} M calls/s  (${(s.ccsimEventsPerSecond / 1e6).toFixed(3)} M events/s)  median of 5`);
      console.log(`reference:  ${(s.referenceCallsPerSecond / 1e6).toFixed(3)} M calls/s  (plain-JS workload recursion, frozen)`);
      console.log(`ratio:      ${s.ratio.toFixed(3)}  (median of per-round ratios ${s.ratios.map((x) => x.toFixed(3)).join(', ')})`);
      console.log(`general:    ${(s.generalCenterCallsPerSecond / 1e6).toFixed(3)} M calls/s, ratio ${s.generalCenterRatio.toFixed(3)}  (the same model forced onto the general center, sim/center.ts)`);
      console.log(`same model: abandonRate ${fmt(s.kpis.ccsim.abandonRate)} vs ${fmt(s.kpis.reference.abandonRate)}, asa ${fmt(s.kpis.ccsim.asa)} vs ${fmt(s.kpis.reference.asa)} s, SL ${fmt(s.kpis.ccsim.serviceLevel)} vs ${fmt(s.kpis.reference.serviceLevel)}`);
    }
  }
  if (!speedOnly) {
    process.stderr.write('10,000,000 calls in a child process for peak memory...\n');
    const m = measureMemory(10_000_000);
    summary.memory = m;
    if (!json) console.log(`10M calls:  peak RSS ${m.maxRssMb.toFixed(1)} MB, ${(m.callsPerSecond / 1e6).toFixed(3)} M calls/s`);
  }
  if (json) console.log(JSON.stringify(summary, null, 2));
}

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : x.toPrecision(4);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
