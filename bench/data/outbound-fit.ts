/**
 * Outbound lists: what dial attempts ended in (a person answered, a machine, busy, no answer, an
 * invalid number) by the lead's local hour and weekday, with Wilson intervals, and by attempt
 * number (how retries fare). In the scenario's terms: `behaviour.answer` is the answer rate over
 * valid, not-busy attempts at a typical hour; `hourFactors` and `weekdayFactors` are each hour's and
 * weekday's answer rate relative to it; `busy` the busy share of valid attempts; `machine` the
 * machine share of valid, not-busy attempts nobody answered in person.
 */
import { chiSquareHomogeneity, wilsonInterval } from '../records/proportions.ts';
import { KIND_OUTBOUND, type CallData } from './cdr.ts';
import { ATTEMPT_CLASSES, attemptClass, type AttemptClass } from './layout.ts';
import { weekdayOf, WEEKDAY_NAMES, ZoneClock } from './time.ts';

export interface RateRow {
  key: string;
  attempts: number;
  counts: Record<AttemptClass, number>;
  /** Answered in person / (attempts that reached a valid, free line). */
  answerRate: number | null;
  ci95: [number, number] | null;
}

export interface OutboundFit {
  attempts: number;
  leads: number;
  overall: RateRow;
  byHour: RateRow[];
  byWeekday: RateRow[];
  byAttempt: RateRow[];
  hourTest: { statistic: number; df: number; p: number } | null;
  behaviour: { answer: number; busy: number; invalid: number; machine: number; hourFactors: Record<string, number>; weekdayFactors: Record<string, number> };
}

function emptyCounts(): Record<AttemptClass, number> {
  return Object.fromEntries(ATTEMPT_CLASSES.map((c) => [c, 0])) as Record<AttemptClass, number>;
}

function row(key: string, counts: Record<AttemptClass, number>): RateRow {
  const attempts = ATTEMPT_CLASSES.reduce((s, c) => s + counts[c], 0);
  const reachable = attempts - counts.invalid - counts.busy;
  return { key, attempts, counts, answerRate: reachable > 0 ? counts.answer / reachable : null, ci95: wilsonInterval(counts.answer, reachable) };
}

export function fitOutbound(d: CallData, centerZone: string): OutboundFit | null {
  const clocks = new Map<string, ZoneClock>();
  const hour = new Map<string, Record<AttemptClass, number>>();
  const weekday = new Map<string, Record<AttemptClass, number>>();
  const attempt = new Map<string, Record<AttemptClass, number>>();
  const total = emptyCounts();
  const leads = new Set<string>();
  let n = 0;
  const bump = (m: Map<string, Record<AttemptClass, number>>, key: string, c: AttemptClass) => {
    let r = m.get(key);
    if (!r) m.set(key, (r = emptyCounts()));
    r[c]++;
  };
  for (let i = 0; i < d.n; i++) {
    if (d.kind[i] !== KIND_OUTBOUND) continue;
    n++;
    const zone = d.leadZone[i] ?? centerZone;
    let clock = clocks.get(zone);
    if (!clock) clocks.set(zone, (clock = new ZoneClock(zone)));
    const wall = clock.wallMs(d.arrival[i] * 1000);
    const day = Math.floor(wall / 86_400_000);
    const h = String(Math.floor((wall - day * 86_400_000) / 3_600_000)).padStart(2, '0');
    const c = attemptClass(d.outcome[i]);
    total[c]++;
    bump(hour, h, c);
    bump(weekday, WEEKDAY_NAMES[weekdayOf(day)], c);
    bump(attempt, d.attemptNo[i] > 0 ? String(Math.min(d.attemptNo[i], 10)) : '?', c);
    if (d.leadId[i] !== null) leads.add(d.leadId[i]!);
  }
  if (n === 0) return null;
  const overall = row('all', total);
  const byHour = [...hour.keys()].sort().map((k) => row(k, hour.get(k)!));
  const byWeekday = WEEKDAY_NAMES.filter((w) => weekday.has(w)).map((w) => row(w, weekday.get(w)!));
  const byAttempt = [...attempt.keys()].sort((a, b) => Number(a) - Number(b)).map((k) => row(k === '10' ? '10+' : k, attempt.get(k)!));
  const reachable = (r: RateRow) => r.attempts - r.counts.invalid - r.counts.busy;
  const test = chiSquareHomogeneity(byHour.map((r) => r.counts.answer), byHour.map(reachable));
  const base = overall.answerRate ?? 0;
  const rel = (r: RateRow) => (base > 0 && r.answerRate !== null ? Math.round((r.answerRate / base) * 1000) / 1000 : 1);
  const valid = overall.attempts - total.invalid;
  const unanswered = valid - total.busy - total.answer;
  return {
    attempts: n,
    leads: leads.size,
    overall,
    byHour,
    byWeekday,
    byAttempt,
    hourTest: test ? { statistic: test.statistic, df: test.df, p: test.p } : null,
    behaviour: {
      answer: base,
      busy: valid > 0 ? total.busy / valid : 0,
      invalid: overall.attempts > 0 ? total.invalid / overall.attempts : 0,
      machine: unanswered > 0 ? total.machine / unanswered : 0,
      hourFactors: Object.fromEntries(byHour.map((r) => [r.key, rel(r)])),
      weekdayFactors: Object.fromEntries(byWeekday.map((r) => [r.key, rel(r)])),
    },
  };
}
