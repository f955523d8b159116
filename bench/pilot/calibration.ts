/**
 * What calibrates the simulated pilots: the simulator's own days. The baseline and the full
 * rollout (the treatment everywhere) run the same replications; under common random numbers call
 * i of replication r is the same caller in both, so each call carries two potential outcomes, its
 * outcome under the baseline and under the treatment. A simulated pilot then only has to decide
 * which of the two each unit shows (power.ts).
 *
 * Kept per simulated day:
 * - per time block, counts of calls by (outcome under the baseline, outcome under the treatment),
 *   each outcome being "no measured conversation", "conversation, no" or "conversation, yes" (the
 *   KPI: a sale for conversionRate, a real conversation for effectiveCallShare);
 * - per agent, conversations and yeses in each world.
 * Inbound calls only (outbound leads are not paired here).
 */
import type { Scenario } from '../../scenarios/schema.ts';
import { AGENT_BUSY, type Center } from '../../sim/center.ts';
import type { Model } from '../../sim/model.ts';
import { SequentialStream } from '../../sim/random/stream.ts';
import { CALL_ANSWERED, type RecordSink } from '../../sim/records.ts';
import { runReplication, type ReplicationResult } from '../../sim/replication.ts';
import { preparedModel } from '../tasks.ts';

export type PowerKpi = 'conversionRate' | 'effectiveCallShare';
export const POWER_KPIS: readonly PowerKpi[] = ['conversionRate', 'effectiveCallShare'];

/** Outcome of a call in one world. */
export const NONE = 0;
export const NO = 1;
export const YES = 2;

export interface CalibrationDay {
  /** blocksPerDay × 9 counts, index block * 9 + outcome0 * 3 + outcome1. */
  blocks: Int32Array;
  /** agentCount × 4: conversations and yeses under the baseline, then under the treatment. */
  agents: Float64Array;
}

export interface Calibration {
  kpi: PowerKpi;
  days: CalibrationDay[];
  blocksPerDay: number;
  blockSeconds: number;
  agentCount: number;
  /** Group of each agent (the clustered design stratifies by it). */
  agentGroup: Int32Array;
  /** Means over the days: conversations per day and the KPI in each world. */
  conversationsPerDay: [number, number];
  rate: [number, number];
}

/** One world's calls of one replication: outcome, agent and arrival block per inbound call index. */
class OutcomeSink implements RecordSink {
  outcome: number[] = [];
  agent: number[] = [];
  block: number[] = [];
  private readonly measuredTalk: Uint8Array;
  constructor(agents: number, private readonly kpi: PowerKpi, private readonly blockSeconds: number) {
    this.measuredTalk = new Uint8Array(agents);
  }
  callEnded(center: Center, slot: number, result: number, agent: number): void {
    const calls = center.calls;
    const i = calls.index[slot];
    this.block[i] = Math.floor(calls.arrival[slot] / this.blockSeconds);
    const conversation = result === CALL_ANSWERED && calls.customer[slot] >= 0 && this.measuredTalk[agent] === 1;
    const yes = this.kpi === 'conversionRate' ? calls.converted[slot] === 1 : calls.effective[slot] === 1;
    this.outcome[i] = conversation ? (yes ? YES : NO) : NONE;
    this.agent[i] = conversation ? agent : -1;
  }
  callBlocked(center: Center, callIndex: number): void {
    this.outcome[callIndex] = NONE;
    this.agent[callIndex] = -1;
    this.block[callIndex] = Math.floor(center.ev.now / this.blockSeconds);
  }
  attemptEnded(): void {}
  agentState(center: Center, agent: number, state: number): void {
    // As the sales books do: a conversation counts when it starts inside the measurement window.
    if (state === AGENT_BUSY) this.measuredTalk[agent] = center.stats.isMeasuring ? 1 : 0;
  }
}

function runWorld(model: Model, replication: number, kpi: PowerKpi, blockSeconds: number): { sink: OutcomeSink; result: ReplicationResult } {
  const sink = new OutcomeSink(model.agentCount, kpi, blockSeconds);
  const result = runReplication(model, replication, null, { sink: () => sink });
  return { sink, result };
}

export interface CalibrationRun {
  calibration: Calibration;
  /** The replications behind it (the baseline's and the full rollout's), for their KPIs. */
  baseline: ReplicationResult[];
  treatment: ReplicationResult[];
}

/**
 * Runs `days` replications of the baseline and of the treatment in this thread and pairs their
 * calls. With `lift`, the treatment world is instead the baseline's calls with the given absolute
 * lift imposed: a "no" turns into a "yes" with probability lift / (1 - rate) (a negative lift turns
 * yeses into noes), drawn from a stream seeded by `seed`.
 */
export async function calibrate(baseline: Scenario, treatment: Scenario, o: { days: number; kpi: PowerKpi; blockHours: number; lift?: number; seed: number; onDay?: () => void }): Promise<CalibrationRun> {
  const m0 = await preparedModel(baseline, true);
  const m1 = o.lift === undefined ? await preparedModel(treatment, true) : m0;
  const blockSeconds = o.blockHours * 3600;
  const horizon = Number.isFinite(m0.horizonSeconds) ? m0.horizonSeconds : Infinity;
  const groupOf = new Int32Array(m0.agentCount);
  m0.groups.forEach((g, gi) => groupOf.fill(gi, g.firstAgent, g.firstAgent + g.count));
  const days: CalibrationDay[] = [];
  const reps0: ReplicationResult[] = [];
  const reps1: ReplicationResult[] = [];
  let maxBlock = 0;
  const pairs: { a: OutcomeSink; b: OutcomeSink }[] = [];
  for (let r = 0; r < o.days; r++) {
    const w0 = runWorld(m0, r, o.kpi, blockSeconds);
    const w1 = o.lift === undefined ? runWorld(m1, r, o.kpi, blockSeconds) : w0;
    reps0.push(w0.result);
    reps1.push(w1.result);
    pairs.push({ a: w0.sink, b: w1.sink });
    for (const b of w0.sink.block) if (b !== undefined) maxBlock = Math.max(maxBlock, b);
    o.onDay?.();
  }
  const blocksPerDay = Number.isFinite(horizon) ? Math.max(1, Math.ceil(horizon / blockSeconds)) : maxBlock + 1;
  let rate0 = 0;
  if (o.lift !== undefined) {
    let yes = 0;
    let n = 0;
    for (const { a } of pairs) {
      for (const x of a.outcome) {
        if (x === NONE) continue;
        n++;
        if (x === YES) yes++;
      }
    }
    rate0 = n > 0 ? yes / n : 0;
  }
  const flip = new SequentialStream(o.seed, 0, 'pilot-imposed-lift');
  const pFlip = o.lift === undefined ? 0 : o.lift >= 0 ? Math.min(1, o.lift / Math.max(1e-12, 1 - rate0)) : Math.min(1, -o.lift / Math.max(1e-12, rate0));
  const sums = [0, 0, 0, 0];
  for (const { a, b } of pairs) {
    const blocks = new Int32Array(blocksPerDay * 9);
    const agents = new Float64Array(m0.agentCount * 4);
    const n = Math.max(a.outcome.length, b.outcome.length);
    for (let i = 0; i < n; i++) {
      const x0 = a.outcome[i] ?? NONE;
      let x1 = b.outcome[i] ?? NONE;
      if (o.lift !== undefined && x1 !== NONE && pFlip > 0) {
        if (o.lift >= 0 && x1 === NO && flip.next() < pFlip) x1 = YES;
        else if (o.lift < 0 && x1 === YES && flip.next() < pFlip) x1 = NO;
      }
      const block = Math.min(blocksPerDay - 1, a.block[i] ?? b.block[i] ?? 0);
      blocks[block * 9 + x0 * 3 + x1]++;
      if (x0 !== NONE) {
        agents[a.agent[i] * 4] += 1;
        agents[a.agent[i] * 4 + 1] += x0 === YES ? 1 : 0;
        sums[0]++;
        sums[1] += x0 === YES ? 1 : 0;
      }
      if (x1 !== NONE) {
        agents[b.agent[i] * 4 + 2] += 1;
        agents[b.agent[i] * 4 + 3] += x1 === YES ? 1 : 0;
        sums[2]++;
        sums[3] += x1 === YES ? 1 : 0;
      }
    }
    days.push({ blocks, agents });
  }
  return {
    calibration: {
      kpi: o.kpi,
      days,
      blocksPerDay,
      blockSeconds,
      agentCount: m0.agentCount,
      agentGroup: groupOf,
      conversationsPerDay: [sums[0] / o.days, sums[2] / o.days],
      rate: [sums[0] > 0 ? sums[1] / sums[0] : 0, sums[2] > 0 ? sums[3] / sums[2] : 0],
    },
    baseline: reps0,
    treatment: reps1,
  };
}

/** A synthetic calibration (tests): yes/no outcomes at fixed rates from one uniform per call, every call a conversation. */
export function syntheticCalibration(o: { days: number; callsPerDay: number; rate0: number; rate1: number; agents: number; blocksPerDay: number; seed: number }): Calibration {
  const rng = new SequentialStream(o.seed, 0, 'pilot-synthetic');
  const days: CalibrationDay[] = [];
  let y0 = 0;
  let y1 = 0;
  for (let d = 0; d < o.days; d++) {
    const blocks = new Int32Array(o.blocksPerDay * 9);
    const agents = new Float64Array(o.agents * 4);
    for (let i = 0; i < o.callsPerDay; i++) {
      // One uniform decides both outcomes, as the simulator's keyed draws do: the lift is the
      // calls with rate0 <= u < rate1, and in a null world (equal rates) the outcomes coincide.
      const u = rng.next();
      const x0 = u < o.rate0 ? YES : NO;
      const x1 = u < o.rate1 ? YES : NO;
      const block = Math.floor((i * o.blocksPerDay) / o.callsPerDay);
      blocks[block * 9 + x0 * 3 + x1]++;
      const agent = i % o.agents;
      agents[agent * 4] += 1;
      agents[agent * 4 + 1] += x0 === YES ? 1 : 0;
      agents[agent * 4 + 2] += 1;
      agents[agent * 4 + 3] += x1 === YES ? 1 : 0;
      y0 += x0 === YES ? 1 : 0;
      y1 += x1 === YES ? 1 : 0;
    }
    days.push({ blocks, agents });
  }
  const n = o.days * o.callsPerDay;
  return {
    kpi: 'conversionRate',
    days,
    blocksPerDay: o.blocksPerDay,
    blockSeconds: 3600,
    agentCount: o.agents,
    agentGroup: new Int32Array(o.agents),
    conversationsPerDay: [o.callsPerDay, o.callsPerDay],
    rate: [y0 / n, y1 / n],
  };
}

