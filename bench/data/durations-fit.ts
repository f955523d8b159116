/**
 * Handle times (talk and after-call work separately) by call type, and patience from censored
 * waits, fitted from imported CDRs. Each duration gets every candidate law by maximum likelihood
 * and the choice rule of sim/stats/fit.ts (chi-square goodness of fit, then AIC); when none fits,
 * the empirical distribution (quantiles of the data) is what the scenario gets.
 */
import { chooseFit, fitCandidates, type DistFit } from '../../sim/stats/fit.ts';
import { fitPatience, type PatienceFit } from '../../sim/stats/survival.ts';
import { quantile } from '../../sim/stats/summary.ts';
import { KIND_INBOUND, KIND_OUTBOUND, type CallData } from './cdr.ts';
import { INBOUND_ABANDONED, INBOUND_ANSWERED } from './layout.ts';
import { ATTEMPT_OUTCOMES } from '../records/schema.ts';

/** What a scenario's distribution field gets. */
export type ScenarioDist =
  | DistFit['dist']
  | { dist: 'deterministic'; value: number }
  | { dist: 'empirical'; values: number[] };

export interface DurationFit {
  /** Values used (positive ones; zeros are counted apart). */
  n: number;
  zeros: number;
  mean: number;
  candidates: DistFit[];
  chosen: ScenarioDist;
  chosenFit: DistFit | null;
  reason: string;
}

const EMPIRICAL_POINTS = 200;

export function fitDuration(values: number[]): DurationFit | null {
  if (values.length === 0) return null;
  const positive = values.filter((v) => v > 0);
  const zeros = values.length - positive.length;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (positive.length === 0) return { n: 0, zeros, mean: 0, candidates: [], chosen: { dist: 'deterministic', value: 0 }, chosenFit: null, reason: 'every value is 0' };
  if (positive.length < 20) {
    const sorted = Float64Array.from(positive).sort();
    return { n: positive.length, zeros, mean, candidates: [], chosen: { dist: 'empirical', values: Array.from(sorted, round3) }, chosenFit: null, reason: `only ${positive.length} positive values: the empirical distribution` };
  }
  const candidates = fitCandidates(Float64Array.from(positive));
  const choice = chooseFit(candidates);
  let chosen: ScenarioDist;
  let reason = choice.reason;
  if (choice.chosen) chosen = choice.chosen.dist;
  else {
    const sorted = Float64Array.from(positive).sort();
    chosen = { dist: 'empirical', values: Array.from({ length: EMPIRICAL_POINTS }, (_, i) => round3(quantile(sorted, (i + 0.5) / EMPIRICAL_POINTS))) };
    reason += `; the empirical distribution (${EMPIRICAL_POINTS} quantiles) instead`;
  }
  if (zeros > 0) reason += `; ${zeros} zero value${zeros === 1 ? '' : 's'} (${((zeros / values.length) * 100).toFixed(1)}%) left out of the fit`;
  return { n: positive.length, zeros, mean, candidates, chosen, chosenFit: choice.chosen, reason };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export interface HandleTimeFit {
  callType: string;
  calls: number;
  talk: DurationFit | null;
  wrap: DurationFit | null;
}

/** Talk and wrap of conversations (inbound answered calls; outbound connected attempts), by call type. */
export function fitHandleTimes(d: CallData): HandleTimeFit[] {
  const byType = new Map<string, { talk: number[]; wrap: number[] }>();
  const connected = ATTEMPT_OUTCOMES.indexOf('connected');
  for (let i = 0; i < d.n; i++) {
    const conversation = d.kind[i] === KIND_INBOUND ? d.outcome[i] === INBOUND_ANSWERED : d.kind[i] === KIND_OUTBOUND && d.outcome[i] === connected;
    if (!conversation || Number.isNaN(d.talk[i])) continue;
    let g = byType.get(d.callType[i]);
    if (!g) byType.set(d.callType[i], (g = { talk: [], wrap: [] }));
    g.talk.push(d.talk[i]);
    if (!Number.isNaN(d.wrap[i])) g.wrap.push(d.wrap[i]);
  }
  return [...byType.entries()]
    .sort((a, b) => b[1].talk.length - a[1].talk.length || a[0].localeCompare(b[0]))
    .map(([callType, g]) => ({ callType, calls: g.talk.length, talk: fitDuration(g.talk), wrap: fitDuration(g.wrap) }));
}

/** Patience of inbound callers: abandoned waits are events, answered waits censored; blocked calls carry none. */
export function fitInboundPatience(d: CallData): PatienceFit | null {
  const waits: number[] = [];
  const events: number[] = [];
  for (let i = 0; i < d.n; i++) {
    if (d.kind[i] !== KIND_INBOUND || Number.isNaN(d.wait[i])) continue;
    if (d.outcome[i] === INBOUND_ANSWERED) {
      waits.push(d.wait[i]);
      events.push(0);
    } else if (d.outcome[i] === INBOUND_ABANDONED) {
      waits.push(d.wait[i]);
      events.push(1);
    }
  }
  if (events.reduce((s, e) => s + e, 0) === 0) return null;
  return fitPatience(Float64Array.from(waits), Uint8Array.from(events));
}
