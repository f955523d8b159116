/**
 * Staffing per interval: the fewest agents in each interval such that the interval meets the
 * target on average over replications (the usual criterion: mean over replications of the
 * interval's service level, answered within T / offered, at least the target; abandonment likewise
 * at most its ceiling).
 *
 * 1. Start: Erlang A per interval (the interval's mean arrival rate, the mean handle time, exponential
 *    patience with the scenario's mean patience): a stationary formula, so only a starting point.
 * 2. Correct by simulation, under common random numbers (the same replications every round): add an
 *    agent to each interval that misses the target; then remove one from each interval whose margin
 *    Erlang A says can afford it, undo the removals that made an interval miss, and lock those;
 *    repeat until nothing changes. Real arrivals (a gamma day multiplier), non-exponential handle
 *    times and patience, and queues carried from one interval into the next are what this corrects.
 * 3. Verify on fresh replications (numbers never used to choose the plan). An interval that misses
 *    there gets one more agent and the plan is verified again on new fresh replications.
 *
 * The plan is written as shift blocks (staffing-table.ts), so the simulated center has exactly the
 * planned number of agents on shift in every interval.
 */
import type { Scenario } from '../../scenarios/schema.ts';
import type { Weekday } from '../../scenarios/primitives.ts';
import { IV, IV_FIELDS } from '../../sim/metrics/inbound-stats.ts';
import { compileModel, makeCalendar } from '../../sim/model.ts';
import type { ReplicationResult } from '../../sim/replication.ts';
import { erlangA, minAgents } from '../../sim/theory/erlang.ts';
import { mean, sampleVariance } from '../../sim/stats/summary.ts';
import type { TaskRunner } from '../pool.ts';
import { replicationTasks } from '../tasks.ts';
import { groupsForTable } from './staffing-table.ts';
import { WEEKDAY_NAMES } from './time.ts';

export interface StaffingTarget {
  serviceLevel: number;
  slSeconds: number;
  maxAbandon?: number;
}

export interface PlanInterval {
  /** Local start "YYYY-MM-DDTHH:MM". */
  start: string;
  arrivalsPerHour: number;
  erlangC: number;
  erlangA: number;
  agents: number;
}

export interface IntervalCheck {
  serviceLevel: number | null;
  serviceLevelSe: number | null;
  abandonRate: number | null;
  /** Replications in which the interval had calls. */
  replications: number;
  met: boolean;
}

export interface StaffingResult {
  target: StaffingTarget;
  intervalSeconds: number;
  meanHandleSeconds: number;
  meanPatienceSeconds: number | null;
  intervals: PlanInterval[];
  tuning: { replications: number[]; rounds: number; checks: IntervalCheck[] };
  verification: { rounds: { replications: [number, number]; failed: string[] }[]; checks: IntervalCheck[]; allMet: boolean };
  agentHours: { erlangC: number; erlangA: number; plan: number };
}

/** Local day and interval layout of a scenario's horizon. */
interface Layout {
  intervalSeconds: number;
  perDay: number;
  /** Per simulated interval: local date, weekday name, interval of the day, label. */
  cells: { date: string; weekday: Weekday; iv: number; start: string; t: number }[];
}

function layoutOf(s: Scenario): Layout {
  const model = compileModel(s);
  const cal = makeCalendar(model);
  const intervalSeconds = s.series.intervalMinutes * 60;
  const hours = 'hours' in s.horizon ? s.horizon.hours : NaN;
  const origin = cal.dayStart(cal.dayOf(0));
  const cells: Layout['cells'] = [];
  for (let t = origin; t < hours * 3600 - 1e-9; t += intervalSeconds) {
    if (t + intervalSeconds <= 0) continue;
    const label = cal.format(Math.max(0, t)).slice(0, 16);
    const sod = Number(label.slice(11, 13)) * 3600 + Number(label.slice(14, 16)) * 60;
    const day = cal.dayOf(Math.max(0, t));
    cells.push({ date: label.slice(0, 10), weekday: WEEKDAY_NAMES[(cal.weekdayIndex(day) + 6) % 7], iv: Math.floor(sod / intervalSeconds), start: label, t });
  }
  return { intervalSeconds, perDay: Math.round(86400 / intervalSeconds), cells };
}

/** Mean arrival rate (per second) over [t, t + span) from the compiled profile, weekday factor included. */
function meanRate(model: ReturnType<typeof compileModel>, cal: ReturnType<typeof makeCalendar>, t: number, span: number): number {
  const a = model.inbound!.arrivals;
  const steps = 60;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const u = t + ((i + 0.5) * span) / steps;
    const day = cal.dayOf(u);
    const sod = u - cal.dayStart(day);
    let r = 0;
    for (let j = 0; j < a.fromSeconds.length; j++) if (sod >= a.fromSeconds[j]) r = a.ratePerSecond[j];
    sum += r * a.weekdayFactors[cal.weekdayIndex(day)];
  }
  return sum / steps;
}

/** The scenario with its agents replaced by the plan (one set of shift blocks per local date). */
export function planScenario(s: Scenario, intervals: readonly { start: string; agents: number }[], intervalSeconds: number): Scenario {
  const perDay = Math.round(86400 / intervalSeconds);
  const byDate = new Map<string, number[]>();
  for (const p of intervals) {
    const date = p.start.slice(0, 10);
    let table = byDate.get(date);
    if (!table) byDate.set(date, (table = new Array<number>(perDay).fill(0)));
    const sod = Number(p.start.slice(11, 13)) * 3600 + Number(p.start.slice(14, 16)) * 60;
    table[Math.floor(sod / intervalSeconds)] = p.agents;
  }
  const agents = [];
  for (const [date, table] of byDate) {
    const wd = WEEKDAY_NAMES[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
    agents.push(...groupsForTable(table, intervalSeconds, `plan-${wd}-`, [wd]));
  }
  if (agents.length === 0) agents.push({ group: 'plan', count: 0 } as Scenario['agents'][number]);
  return { ...s, agents: agents as Scenario['agents'] };
}

function checkIntervals(layout: Layout, reps: readonly ReplicationResult[], target: StaffingTarget, marginSe: number): IntervalCheck[] {
  return layout.cells.map((cell) => {
    const sl: number[] = [];
    const ab: number[] = [];
    for (const r of reps) {
      const iv = r.intervals!;
      const k = Math.round((cell.t - iv.firstStart) / layout.intervalSeconds);
      if (k < 0 || k >= iv.count) continue;
      const o = k * IV_FIELDS;
      const offered = iv.fields[o + IV.offered];
      if (offered <= 0) continue;
      sl.push(iv.fields[o + IV.withinT] / offered);
      ab.push(iv.fields[o + IV.abandoned] / offered);
    }
    if (sl.length === 0) return { serviceLevel: null, serviceLevelSe: null, abandonRate: null, replications: 0, met: true };
    const m = mean(sl);
    const se = sl.length >= 2 ? Math.sqrt(sampleVariance(sl) / sl.length) : 0;
    const a = mean(ab);
    const aSe = ab.length >= 2 ? Math.sqrt(sampleVariance(ab) / ab.length) : 0;
    const met = m >= target.serviceLevel + marginSe * se && (target.maxAbandon === undefined || a <= target.maxAbandon - marginSe * aSe);
    return { serviceLevel: m, serviceLevelSe: se, abandonRate: a, replications: sl.length, met };
  });
}

export interface StaffOptions {
  replications: number;
  /** Fresh replications per verification round (default 4 × replications: the verdict needs a small standard error). */
  verifyReplications?: number;
  /** Tuning requires the mean to clear the target by this many standard errors (default 0). */
  marginSe?: number;
  maxRounds?: number;
  verifyRounds?: number;
  /** First replication number of the fresh (verification) replications. */
  freshBase?: number;
  onRound?: (phase: string, round: number, failing: number) => void;
}

export async function planStaffing(runner: TaskRunner, scenario: Scenario, target: StaffingTarget, opts: StaffOptions): Promise<StaffingResult> {
  const s: Scenario = { ...scenario, serviceLevel: { seconds: target.slSeconds } };
  const model = compileModel(s);
  const inbound = model.inbound!;
  const handle = inbound.talk.mean + (inbound.wrap ? inbound.wrap.mean : 0);
  const patience = inbound.patience ? inbound.patience.mean : null;
  const layout = layoutOf(s);
  const cal = makeCalendar(model);
  const hours = layout.intervalSeconds / 3600;
  const intervals: PlanInterval[] = layout.cells.map((cell) => {
    const from = Math.max(0, cell.t);
    const span = cell.t + layout.intervalSeconds - from;
    const lambda = meanRate(model, cal, from, span);
    const base = { arrivalRatePerSecond: lambda, meanHandleSeconds: handle, slSeconds: target.slSeconds };
    const a = lambda > 0 ? minAgents({ ...base, meanPatienceSeconds: patience ?? Infinity }, { serviceLevel: target.serviceLevel, maxAbandon: target.maxAbandon }) : 0;
    const c = lambda > 0 ? minAgents(base, { serviceLevel: target.serviceLevel }) : 0;
    return { start: cell.start, arrivalsPerHour: lambda * 3600, erlangC: c, erlangA: a, agents: a };
  });
  const marginSe = opts.marginSe ?? 0;
  const tuningReps = opts.replications;
  const simulate = async (first: number, count: number) => runner.run(replicationTasks({ ...planScenario(s, intervals, layout.intervalSeconds), replications: count }, first, count));
  const slA = (k: number, c: number) => {
    if (c <= 0) return 0;
    const p = intervals[k];
    return erlangA({ agents: c, arrivalRatePerSecond: p.arrivalsPerHour / 3600, meanHandleSeconds: handle, slSeconds: target.slSeconds, meanPatienceSeconds: patience ?? Infinity }).serviceLevel;
  };
  const locked = new Uint8Array(intervals.length);
  let checks = checkIntervals(layout, await simulate(0, tuningReps), target, marginSe);
  let rounds = 1;
  const maxRounds = opts.maxRounds ?? 60;
  while (rounds < maxRounds) {
    const failing = checks.map((c, k) => (!c.met ? k : -1)).filter((k) => k >= 0);
    opts.onRound?.('tune', rounds, failing.length);
    let changed = false;
    if (failing.length > 0) {
      for (const k of failing) {
        intervals[k].agents++;
        locked[k] = 1; // it needed this agent: do not take it away again
      }
      changed = true;
    } else {
      // Remove an agent where Erlang A's drop for one agent fits inside the observed margin.
      const tried: number[] = [];
      checks.forEach((c, k) => {
        const p = intervals[k];
        if (locked[k] || p.agents <= 0 || c.serviceLevel === null) return;
        const predicted = c.serviceLevel - (slA(k, p.agents) - slA(k, p.agents - 1));
        if (predicted >= target.serviceLevel + marginSe * (c.serviceLevelSe ?? 0)) tried.push(k);
      });
      if (tried.length === 0) break;
      for (const k of tried) intervals[k].agents--;
      const after = checkIntervals(layout, await simulate(0, tuningReps), target, marginSe);
      rounds++;
      for (const k of tried) {
        if (!after[k].met) {
          intervals[k].agents++;
          locked[k] = 1;
        }
      }
      changed = true;
    }
    if (!changed) break;
    checks = checkIntervals(layout, await simulate(0, tuningReps), target, marginSe);
    rounds++;
  }
  // Fresh replications: verify, and fix what misses.
  const base = opts.freshBase ?? 1_000_000;
  const verifyRounds: StaffingResult['verification']['rounds'] = [];
  let vChecks: IntervalCheck[] = [];
  const maxVerify = opts.verifyRounds ?? 5;
  const verifyReps = opts.verifyReplications ?? 4 * tuningReps;
  for (let v = 0; v < maxVerify; v++) {
    const first = base + v * verifyReps;
    vChecks = checkIntervals(layout, await simulate(first, verifyReps), target, 0);
    const failed = vChecks.map((c, k) => (!c.met ? k : -1)).filter((k) => k >= 0);
    verifyRounds.push({ replications: [first, first + verifyReps - 1], failed: failed.map((k) => intervals[k].start) });
    opts.onRound?.('verify', v + 1, failed.length);
    if (failed.length === 0) break;
    for (const k of failed) intervals[k].agents++;
  }
  const sumHours = (f: (p: PlanInterval) => number) => intervals.reduce((acc, p) => acc + f(p), 0) * hours;
  return {
    target,
    intervalSeconds: layout.intervalSeconds,
    meanHandleSeconds: handle,
    meanPatienceSeconds: patience,
    intervals,
    tuning: { replications: [0, tuningReps - 1], rounds, checks },
    verification: { rounds: verifyRounds, checks: vChecks, allMet: verifyRounds[verifyRounds.length - 1].failed.length === 0 },
    agentHours: { erlangC: sumHours((p) => p.erlangC), erlangA: sumHours((p) => p.erlangA), plan: sumHours((p) => p.agents) },
  };
}
