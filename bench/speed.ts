/**
 * Speed as a ratio: a scenario's calls per second divided by the frozen reference loop's calls per
 * second, measured alternately in the same thread, so a slower or busier machine moves both and the
 * ratio stays put. Rounds run replications until a minimum time has passed (short scenarios are
 * repeated); the ratio reported is the median over rounds.
 */
import type { Scenario } from '../scenarios/schema.ts';
import { compileModel } from '../sim/model.ts';
import { runReplication } from '../sim/replication.ts';
import { runReferenceLoop } from './reference-loop.ts';

export interface SpeedFigures {
  /** Median of the per-round ratios. */
  ratio: number;
  callsPerSecond: number;
  referenceCallsPerSecond: number;
  ratios: number[];
}

/** The reference workload: Erlang A, 1,000 agents at load 0.95 (as in `npm run bench`). */
const REF = { agents: 1000, arrivalsPerHour: (1000 * 0.95 * 3600) / 300, handle: 300, patience: 180, sl: 20 };
const REF_CALLS = 200_000;

function timeScenario(scenario: Scenario, minSeconds: number): number {
  const model = compileModel(scenario);
  let calls = 0;
  const t0 = performance.now();
  for (let r = 0; ; r = (r + 1) % model.replications) {
    calls += runReplication(model, r).calls;
    const seconds = (performance.now() - t0) / 1000;
    if (seconds >= minSeconds) return calls / seconds;
  }
}

function timeReference(minSeconds: number, round: number): number {
  let calls = 0;
  let seconds = 0;
  for (let k = 0; seconds < minSeconds; k++) {
    const r = runReferenceLoop(REF.agents, REF.arrivalsPerHour, REF.handle, REF.patience, REF_CALLS, REF.sl, round * 1000 + k + 1);
    calls += r.calls;
    seconds += r.wallSeconds;
  }
  return calls / seconds;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function measureSpeed(scenario: Scenario, rounds: number, minSeconds: number): SpeedFigures {
  // Warm-up, so both loops are compiled by the JIT before any timing.
  timeScenario(scenario, Math.min(0.1, minSeconds));
  timeReference(Math.min(0.1, minSeconds), 0);
  const sims: number[] = [];
  const refs: number[] = [];
  for (let k = 0; k < rounds; k++) {
    sims.push(timeScenario(scenario, minSeconds));
    refs.push(timeReference(minSeconds, k + 1));
  }
  const ratios = sims.map((s, k) => s / refs[k]);
  return { ratio: median(ratios), callsPerSecond: Math.round(median(sims)), referenceCallsPerSecond: Math.round(median(refs)), ratios };
}
