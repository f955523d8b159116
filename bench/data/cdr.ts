/**
 * Raw CDR text → typed call data, row by row, with every excluded row counted under the first
 * reason found (so the counts by reason add up to the rows excluded). Then the checks that need the
 * whole table: duplicates (the second and later copies are excluded), outliers of talk and wrap
 * times (kept, flagged), and clock gaps (stretches with no arrivals where many were expected).
 */
import { quantile } from '../../sim/stats/summary.ts';
import { isValidTimeZone } from '../../scenarios/primitives.ts';
import { attemptOutcome, inboundOutcome, INBOUND_ABANDONED, INBOUND_ANSWERED } from './layout.ts';
import { IssueLog } from './issues.ts';
import type { RawTable } from './source.ts';
import { localDayNumber, parseTimestamp, weekdayOf, ZoneClock } from './time.ts';

export const KIND_INBOUND = 0;
export const KIND_OUTBOUND = 1;

/** Kept rows, struct of arrays. Times are epoch seconds; NaN where absent. */
export interface CallData {
  n: number;
  kind: Uint8Array;
  /** Inbound: index into INBOUND_OUTCOMES; outbound: into ATTEMPT_OUTCOMES. */
  outcome: Uint8Array;
  arrival: Float64Array;
  wait: Float64Array;
  talk: Float64Array;
  wrap: Float64Array;
  agent: (string | null)[];
  callType: string[];
  leadId: (string | null)[];
  attemptNo: Int32Array;
  leadZone: (string | null)[];
  /** Local day number (days since 1970-01-01 on the center's wall clock) and seconds into that day. */
  dayNumber: Int32Array;
  secondOfDay: Float64Array;
  /** The source row (1-based) or record id, for examples. */
  rowLabel: string[];
}

export interface ImportOptions {
  clock: ZoneClock;
  /** Durations above this many seconds are impossible (default one day). */
  maxDurationSeconds?: number;
  /** Interval for the clock-gap check, seconds (default 900). */
  intervalSeconds?: number;
}

export interface ImportResult {
  data: CallData;
  rowsRead: number;
  issues: IssueLog;
  /** Rows whose arrival is earlier than the row before (a file not in arrival order; not an error). */
  unsorted: number;
}

const num = (s: string | null): number => (s === null || s.trim() === '' ? NaN : Number(s));
const isBlank = (s: string | null | undefined): s is null | undefined => s === null || s === undefined || s.trim() === '';

export function importCalls(raw: RawTable, opts: ImportOptions): ImportResult {
  const maxDur = opts.maxDurationSeconds ?? 86400;
  const issues = new IssueLog();
  const col = (name: string) => raw.columns[name] ?? null;
  const c = {
    id: col('record_id'), kind: col('kind'), type: col('call_type'), arrival: col('arrival_time'), answer: col('answer_time'), end: col('end_time'),
    wait: col('wait_s'), talk: col('talk_s'), wrap: col('wrap_s'), outcome: col('outcome'), agent: col('agent_id'), lead: col('lead_id'),
    attempt: col('attempt_no'), zone: col('lead_time_zone'),
  };
  const n = raw.rows;
  const cap = n;
  const d: CallData = {
    n: 0, kind: new Uint8Array(cap), outcome: new Uint8Array(cap), arrival: new Float64Array(cap), wait: new Float64Array(cap), talk: new Float64Array(cap),
    wrap: new Float64Array(cap), agent: [], callType: [], leadId: [], attemptNo: new Int32Array(cap), leadZone: [], dayNumber: new Int32Array(cap),
    secondOfDay: new Float64Array(cap), rowLabel: [],
  };
  const seen = new Set<string>();
  const zones = new Map<string, boolean>();
  const allNames = Object.keys(raw.columns);
  let unsorted = 0;
  let lastArrival = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = (a: (string | null)[] | null) => (a === null ? null : a[i]);
    const label = isBlank(v(c.id)) ? `row ${i + 1}` : `${v(c.id)}`;
    const err = (code: string, message: string, found: string) => issues.add(code, 'error', message, label, found);
    const key = !isBlank(v(c.id)) ? `id:${v(c.id)}` : `row:${allNames.map((k) => raw.columns[k][i] ?? '').join('\u0001')}`;
    if (seen.has(key)) {
      err('duplicate', isBlank(v(c.id)) ? 'a row identical to an earlier one (excluded; the first is kept)' : 'a record_id seen before (excluded; the first is kept)', label);
      continue;
    }
    seen.add(key);
    // kind
    const kindText = v(c.kind);
    let kind = isBlank(v(c.lead)) ? KIND_INBOUND : KIND_OUTBOUND;
    if (!isBlank(kindText)) {
      const k = kindText.trim().toLowerCase();
      if (k === 'inbound') kind = KIND_INBOUND;
      else if (k === 'outbound') kind = KIND_OUTBOUND;
      else {
        err('unparsable:kind', 'kind is neither inbound nor outbound', kindText);
        continue;
      }
    }
    // required: arrival, outcome
    const arrText = v(c.arrival);
    if (isBlank(arrText)) {
      err('missing:arrival_time', 'no arrival time', '(empty)');
      continue;
    }
    const arrival = parseTimestamp(arrText, opts.clock) / 1000;
    if (!Number.isFinite(arrival)) {
      err('unparsable:arrival_time', 'the arrival time is not an ISO 8601 timestamp', arrText);
      continue;
    }
    const outText = v(c.outcome);
    if (isBlank(outText)) {
      err('missing:outcome', 'no outcome', '(empty)');
      continue;
    }
    const outcome = kind === KIND_INBOUND ? inboundOutcome(outText) : attemptOutcome(outText);
    if (outcome < 0) {
      err('unparsable:outcome', `not a known ${kind === KIND_INBOUND ? 'inbound' : 'outbound'} outcome`, outText);
      continue;
    }
    // optional times and durations: unparsable, negative, impossible
    let bad = false;
    const time = (name: string, text: string | null): number => {
      if (bad || isBlank(text)) return NaN;
      const t = parseTimestamp(text, opts.clock) / 1000;
      if (!Number.isFinite(t)) {
        err(`unparsable:${name}`, `${name} is not an ISO 8601 timestamp`, text);
        bad = true;
      }
      return t;
    };
    const duration = (name: string, text: string | null): number => {
      if (bad || isBlank(text)) return NaN;
      const x = num(text);
      if (!Number.isFinite(x)) {
        err(`unparsable:${name}`, `${name} is not a number`, text);
        bad = true;
      } else if (x < 0) {
        err(`negative:${name}`, `${name} is negative`, text);
        bad = true;
      } else if (x > maxDur) {
        err(`impossible:${name}`, `${name} is longer than ${maxDur} s`, text);
        bad = true;
      }
      return x;
    };
    const answer = time('answer_time', v(c.answer));
    const end = time('end_time', v(c.end));
    let wait = duration('wait_s', v(c.wait));
    let talk = duration('talk_s', v(c.talk));
    const wrap = duration('wrap_s', v(c.wrap));
    if (bad) continue;
    if (answer < arrival) {
      err('order:answer_time', 'answered before it arrived', `${v(c.answer)} < ${arrText}`);
      continue;
    }
    if (end < arrival || end < answer) {
      err('order:end_time', 'ended before it arrived or was answered', `${v(c.end)}`);
      continue;
    }
    // derived durations and what an outcome needs
    if (kind === KIND_INBOUND) {
      if (outcome === INBOUND_ANSWERED) {
        if (Number.isNaN(wait)) wait = answer - arrival;
        if (Number.isNaN(talk)) talk = end - answer;
        if (Number.isNaN(wait)) {
          err('missing:wait_s', 'an answered call without wait_s or answer_time', '(empty)');
          continue;
        }
        if (Number.isNaN(talk)) {
          err('missing:talk_s', 'an answered call without talk_s or answer_time and end_time', '(empty)');
          continue;
        }
        if (wait > maxDur || talk > maxDur) {
          err(`impossible:${wait > maxDur ? 'wait_s' : 'talk_s'}`, `longer than ${maxDur} s`, String(wait > maxDur ? wait : talk));
          continue;
        }
      } else if (outcome === INBOUND_ABANDONED) {
        if (Number.isNaN(wait)) wait = end - arrival;
        if (Number.isNaN(wait)) {
          err('missing:wait_s', 'an abandoned call without wait_s or end_time', '(empty)');
          continue;
        }
      }
    } else {
      const zone = v(c.zone);
      if (!isBlank(zone)) {
        let ok = zones.get(zone);
        if (ok === undefined) zones.set(zone, (ok = isValidTimeZone(zone)));
        if (!ok) {
          err('unparsable:lead_time_zone', 'not an IANA time zone', zone);
          continue;
        }
      }
      const at = v(c.attempt);
      if (!isBlank(at) && !(Number.isInteger(num(at)) && num(at) >= 1)) {
        err('unparsable:attempt_no', 'attempt_no is not an integer >= 1', at);
        continue;
      }
    }
    if (arrival < lastArrival) unsorted++;
    lastArrival = arrival;
    const j = d.n++;
    d.kind[j] = kind;
    d.outcome[j] = outcome;
    d.arrival[j] = arrival;
    d.wait[j] = wait;
    d.talk[j] = talk;
    d.wrap[j] = wrap;
    d.agent.push(isBlank(v(c.agent)) ? null : v(c.agent));
    d.callType.push(isBlank(v(c.type)) ? (kind === KIND_INBOUND ? 'inbound' : 'outbound') : v(c.type)!.trim());
    d.leadId.push(isBlank(v(c.lead)) ? null : v(c.lead));
    d.attemptNo[j] = isBlank(v(c.attempt)) ? 0 : num(v(c.attempt));
    d.leadZone.push(isBlank(v(c.zone)) ? null : v(c.zone));
    const ms = arrival * 1000;
    d.dayNumber[j] = localDayNumber(opts.clock, ms);
    d.secondOfDay[j] = (opts.clock.wallMs(ms) - d.dayNumber[j] * 86_400_000) / 1000;
    d.rowLabel.push(label);
  }
  flagOutliers(d, issues);
  flagClockGaps(d, issues, opts.intervalSeconds ?? 900);
  return { data: d, rowsRead: n, issues, unsorted };
}

/**
 * Talk and wrap times far outside the bulk, on the log scale (durations are roughly lognormal):
 * below Q1 - 3 IQR or above Q3 + 3 IQR of ln(x) over the positive values. Under a lognormal, a value
 * lands there with probability about 2e-6.
 */
function flagOutliers(d: CallData, issues: IssueLog): void {
  for (const [name, xs] of [['talk_s', d.talk], ['wrap_s', d.wrap]] as const) {
    const logs: number[] = [];
    for (let i = 0; i < d.n; i++) if (xs[i] > 0) logs.push(Math.log(xs[i]));
    if (logs.length < 20) continue;
    const sorted = Float64Array.from(logs).sort();
    const q1 = quantile(sorted, 0.25);
    const q3 = quantile(sorted, 0.75);
    const lo = q1 - 3 * (q3 - q1);
    const hi = q3 + 3 * (q3 - q1);
    for (let i = 0; i < d.n; i++) {
      if (!(xs[i] > 0)) continue;
      const l = Math.log(xs[i]);
      if (l < lo || l > hi) {
        issues.add(`outlier:${name}`, 'warning', `${name} outside [${Math.exp(lo).toFixed(1)}, ${Math.exp(hi).toFixed(1)}] s (3 IQR beyond the quartiles, log scale); kept`, d.rowLabel[i], String(xs[i]));
      }
    }
  }
}

/**
 * Clock gaps: a run of consecutive intervals of one day with no inbound arrival, where the typical
 * count for those intervals (mean over the days of the same weekday, or over all days when a weekday
 * occurs once) adds up to at least 10, so that a Poisson stream would leave it empty with probability
 * below 5e-5. One issue per gap; days between the first and the last with data are all checked.
 */
function flagClockGaps(d: CallData, issues: IssueLog, intervalSeconds: number): void {
  const perDay = Math.round(86400 / intervalSeconds);
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < d.n; i++) {
    if (d.kind[i] !== KIND_INBOUND) continue;
    first = Math.min(first, d.dayNumber[i]);
    last = Math.max(last, d.dayNumber[i]);
  }
  if (!(last >= first)) return;
  const days = last - first + 1;
  const counts = new Float64Array(days * perDay);
  for (let i = 0; i < d.n; i++) {
    if (d.kind[i] !== KIND_INBOUND) continue;
    const k = Math.min(perDay - 1, Math.floor(d.secondOfDay[i] / intervalSeconds));
    counts[(d.dayNumber[i] - first) * perDay + k]++;
  }
  const byWeekday = Array.from({ length: 7 }, () => ({ days: 0, sums: new Float64Array(perDay) }));
  const all = new Float64Array(perDay);
  for (let day = 0; day < days; day++) {
    const w = byWeekday[weekdayOf(first + day)];
    w.days++;
    for (let k = 0; k < perDay; k++) {
      w.sums[k] += counts[day * perDay + k];
      all[k] += counts[day * perDay + k];
    }
  }
  for (let day = 0; day < days; day++) {
    const w = byWeekday[weekdayOf(first + day)];
    const expected = (k: number) => (w.days >= 2 ? w.sums[k] / w.days : all[k] / days);
    let k = 0;
    while (k < perDay) {
      if (counts[day * perDay + k] > 0) {
        k++;
        continue;
      }
      let e = 0;
      const start = k;
      while (k < perDay && counts[day * perDay + k] === 0) e += expected(k++);
      if (e >= 10) {
        const at = (kk: number) => {
          const s = kk * intervalSeconds;
          return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
        };
        const date = new Date((first + day) * 86_400_000).toISOString().slice(0, 10);
        issues.add('clock-gap', 'warning', 'no arrivals for a stretch where at least 10 were expected (a recording or clock outage?)', `${date} ${at(start)}-${at(k)}`, `0 calls, ${e.toFixed(0)} expected`);
      }
    }
  }
}
