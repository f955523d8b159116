/**
 * History → calibrated scenario: arrivals (profile by interval, weekday factors, day-to-day
 * variation), handle times (talk and wrap by call type), patience (censored waits), outbound answer
 * rates, and the staffing that was actually present. Returns the fits (the calibration document)
 * and the scenario object built from them; scenario-yaml.ts writes it with the fit quality beside
 * each choice.
 */
import type { Weekday } from '../../scenarios/primitives.ts';
import type { AgentGroupSpec } from '../../scenarios/schema.ts';
import type { PatienceFit } from '../../sim/stats/survival.ts';
import { fitArrivals, type ArrivalFit } from './arrivals-fit.ts';
import { KIND_INBOUND } from './cdr.ts';
import { fitHandleTimes, fitInboundPatience, type DurationFit, type HandleTimeFit, type ScenarioDist } from './durations-fit.ts';
import { cellCovered, type History } from './history.ts';
import type { Issue } from './issues.ts';
import { INBOUND_ANSWERED } from './layout.ts';
import { fitOutbound, type OutboundFit } from './outbound-fit.ts';
import { groupsForTable } from './staffing-table.ts';
import { dayLabel, weekdayOf, WEEKDAY_NAMES } from './time.ts';

export interface StaffingPresent {
  /** agent-log: time-average agents on the phones; cdr: distinct agents who handled calls (a lower bound); none. */
  source: 'agent-log' | 'cdr' | 'none';
  /** Mean over the covered days, per interval of the day (all days, or per weekday when they differ). */
  tables: { days: Weekday[]; agents: number[] }[];
}

export interface CalibrationDocument {
  source: History['source'];
  timeZone: string;
  period: { first: string; last: string; days: number; start: string; hours: number };
  exclusions: { rowsRead: number; rowsKept: number; issues: Issue[] };
  arrivals: ArrivalFit | null;
  handleTimes: HandleTimeFit[];
  patience: Omit<PatienceFit, 'km'> & { km: { t: number; survival: number; ci95: [number, number] }[]; kmMedian: number | null } | null;
  outbound: OutboundFit | null;
  staffing: StaffingPresent;
}

export interface Calibration {
  doc: CalibrationDocument;
  /** The fits the scenario takes (inbound). */
  inbound: { talk: DurationFit | null; wrap: DurationFit | null; patience: ScenarioDist | null } | null;
}

function localStart(h: History): string {
  const wall = new Date(h.clock.wallMs(h.period.startMs));
  return wall.toISOString().slice(0, 16);
}

export function calibrate(h: History): Calibration {
  const d = h.calls.data;
  const days = h.lastDay - h.firstDay + 1;
  const inboundCalls = countInbound(d.kind, d.n);
  const arrivals = inboundCalls > 0 ? fitArrivals(d, h.firstDay, h.lastDay, h.intervalSeconds, (day, k) => cellCovered(h, h.firstDay + day, k)) : null;
  const handleTimes = fitHandleTimes(d);
  const patienceFit = inboundCalls > 0 ? fitInboundPatience(d) : null;
  const outbound = fitOutbound(d, h.timeZone);
  const staffing = staffingPresent(h);
  const inboundType = handleTimes.find((t) => t.callType === 'inbound') ?? handleTimes.find((t) => t.callType !== 'outbound') ?? null;
  const doc: CalibrationDocument = {
    source: h.source,
    timeZone: h.timeZone,
    period: { first: dayLabel(h.firstDay), last: dayLabel(h.lastDay), days, start: localStart(h), hours: (h.period.endMs - h.period.startMs) / 3_600_000 },
    exclusions: { rowsRead: h.calls.rowsRead, rowsKept: d.n, issues: h.calls.issues.list() },
    arrivals,
    handleTimes,
    patience: patienceFit
      ? {
          ...patienceFit,
          km: thin(patienceFit.km.points).map((p) => ({ t: p.t, survival: p.survival, ci95: p.ci95 })),
          kmMedian: patienceFit.km.median,
        }
      : null,
    outbound,
    staffing,
  };
  return {
    doc,
    inbound: arrivals && inboundType ? { talk: inboundType.talk, wrap: inboundType.wrap, patience: patienceFit ? patienceFit.chosen : null } : null,
  };
}

function countInbound(kind: Uint8Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (kind[i] === KIND_INBOUND) c++;
  return c;
}

/** At most ~200 points of a Kaplan–Meier curve, evenly by index, the last one kept. */
function thin<T>(points: T[], max = 200): T[] {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)]);
  out.push(points[points.length - 1]);
  return out;
}

/**
 * Staffing present per interval of the day: from the agent log (time-average agents on the phones),
 * else from the CDRs (distinct agents who answered a call in the interval, a lower bound). One table
 * for all days, or one per weekday when the weekday means differ by more than half an agent somewhere.
 */
export function staffingPresent(h: History): StaffingPresent {
  const perDay = Math.round(86400 / h.intervalSeconds);
  const days = h.lastDay - h.firstDay + 1;
  const perCell = new Float64Array(days * perDay);
  let source: StaffingPresent['source'] = 'none';
  if (h.agentLog && h.agentLog.days > 0) {
    source = 'agent-log';
    const a = h.agentLog;
    for (let day = 0; day < days; day++) {
      const ad = h.firstDay + day - a.firstDay;
      if (ad < 0 || ad >= a.days) continue;
      for (let k = 0; k < perDay; k++) perCell[day * perDay + k] = a.presentSeconds[ad * perDay + k] / h.intervalSeconds;
    }
  } else {
    const d = h.calls.data;
    const sets = new Map<number, Set<string>>();
    for (let i = 0; i < d.n; i++) {
      if (d.kind[i] !== KIND_INBOUND || d.outcome[i] !== INBOUND_ANSWERED || d.agent[i] === null) continue;
      source = 'cdr';
      const key = (d.dayNumber[i] - h.firstDay) * perDay + Math.min(perDay - 1, Math.floor(d.secondOfDay[i] / h.intervalSeconds));
      let s = sets.get(key);
      if (!s) sets.set(key, (s = new Set()));
      s.add(d.agent[i]!);
    }
    for (const [key, s] of sets) if (key >= 0 && key < perCell.length) perCell[key] = s.size;
  }
  if (source === 'none') return { source, tables: [] };
  const meanOver = (dayList: number[]) =>
    Array.from({ length: perDay }, (_, k) => {
      const xs = dayList.filter((day) => cellCovered(h, h.firstDay + day, k)).map((day) => perCell[day * perDay + k]);
      return xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : 0;
    });
  const all = Array.from({ length: days }, (_, i) => i);
  const overall = meanOver(all);
  const byWeekday = WEEKDAY_NAMES.map((_, w) => all.filter((day) => weekdayOf(h.firstDay + day) === w));
  const weekdayTables = byWeekday.map((ds) => (ds.length ? meanOver(ds) : null));
  const differ = weekdayTables.some((t) => t !== null && t.some((x, k) => Math.abs(x - overall[k]) > 0.5));
  if (!differ) return { source, tables: [{ days: [...WEEKDAY_NAMES], agents: overall }] };
  return {
    source,
    tables: weekdayTables.flatMap((t, w) => (t === null ? [] : [{ days: [WEEKDAY_NAMES[w]] as Weekday[], agents: t }])),
  };
}

/** Agent groups reproducing the staffing tables (rounded to whole agents). */
export function staffingGroups(s: StaffingPresent, intervalSeconds: number): AgentGroupSpec[] {
  const groups: AgentGroupSpec[] = [];
  for (const t of s.tables) {
    const prefix = t.days.length === 7 ? 'staff-' : `staff-${t.days.join('')}-`;
    groups.push(...groupsForTable(t.agents.map((x) => Math.round(x)), intervalSeconds, prefix, t.days.length === 7 ? undefined : t.days));
  }
  return groups;
}
