/**
 * Agent logs → staffing actually present per interval: each state interval of a present state
 * (idle, busy, reserved, not_ready) is clipped to the intervals it overlaps, so an interval's value
 * is the time-average number of agents on the phones (what the simulator calls agentsStaffed).
 * Rows are checked like CDR rows (missing, unparsable, unknown state, end before start) and
 * overlapping intervals of one agent are flagged.
 */
import { AGENT_LOG_NAMES, KNOWN_STATES, PRESENT_STATES } from './layout.ts';
import { IssueLog } from './issues.ts';
import type { RawTable } from './source.ts';
import { localDayNumber, parseTimestamp, ZoneClock } from './time.ts';

export interface AgentLogResult {
  rowsRead: number;
  rowsKept: number;
  issues: IssueLog;
  /** Present agent-seconds per (local day number, interval of day), keyed day * perDay + k from `firstDay`. */
  firstDay: number;
  days: number;
  intervalSeconds: number;
  presentSeconds: Float64Array;
  agents: number;
}

export { AGENT_LOG_NAMES };

export function importAgentLog(raw: RawTable, clock: ZoneClock, intervalSeconds: number): AgentLogResult {
  const issues = new IssueLog();
  const n = raw.rows;
  const col = (k: string) => raw.columns[k] ?? null;
  const [agentCol, stateCol, fromCol, toCol] = [col('agent_id'), col('state'), col('from_time'), col('to_time')];
  const kept: { agent: string; present: boolean; from: number; to: number }[] = [];
  for (let i = 0; i < n; i++) {
    const label = `row ${i + 1}`;
    const err = (code: string, message: string, found: string) => issues.add(code, 'error', message, label, found);
    const agent = agentCol?.[i] ?? null;
    const state = stateCol?.[i] ?? null;
    const fromText = fromCol?.[i] ?? null;
    const toText = toCol?.[i] ?? null;
    if (agent === null || agent.trim() === '') {
      err('missing:agent_id', 'no agent', '(empty)');
      continue;
    }
    if (state === null || state.trim() === '') {
      err('missing:state', 'no state', '(empty)');
      continue;
    }
    if (!KNOWN_STATES.has(state.trim().toLowerCase())) {
      err('unparsable:state', `not a known state (${[...KNOWN_STATES].join(', ')})`, state);
      continue;
    }
    if (fromText === null || toText === null) {
      err(`missing:${fromText === null ? 'from_time' : 'to_time'}`, 'no start or end of the state', '(empty)');
      continue;
    }
    const from = parseTimestamp(fromText, clock) / 1000;
    const to = parseTimestamp(toText, clock) / 1000;
    if (!Number.isFinite(from) || !Number.isFinite(to)) {
      err(`unparsable:${Number.isFinite(from) ? 'to_time' : 'from_time'}`, 'not an ISO 8601 timestamp', Number.isFinite(from) ? toText : fromText);
      continue;
    }
    if (to < from) {
      err('order:to_time', 'the state ends before it starts', `${toText} < ${fromText}`);
      continue;
    }
    kept.push({ agent: agent.trim(), present: PRESENT_STATES.has(state.trim().toLowerCase()), from, to });
  }
  // Overlaps: per agent, in start order.
  const byAgent = new Map<string, { from: number; to: number }[]>();
  for (const k of kept) {
    let list = byAgent.get(k.agent);
    if (!list) byAgent.set(k.agent, (list = []));
    list.push(k);
  }
  for (const [agent, list] of byAgent) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 1; i < list.length; i++) {
      if (list[i].from < list[i - 1].to - 1e-6) issues.add('agent-overlap', 'warning', 'an agent in two states at once (overlapping intervals); both kept', `agent ${agent}`, `${list[i].from - list[i - 1].to} s`);
    }
  }
  const perDay = Math.round(86400 / intervalSeconds);
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (const k of kept) {
    if (!k.present || k.to <= k.from) continue;
    firstDay = Math.min(firstDay, localDayNumber(clock, k.from * 1000));
    lastDay = Math.max(lastDay, localDayNumber(clock, k.to * 1000));
  }
  const days = lastDay >= firstDay ? lastDay - firstDay + 1 : 0;
  const present = new Float64Array(days * perDay);
  for (const k of kept) {
    if (!k.present || k.to <= k.from) continue;
    // Walk the interval boundaries on the wall clock.
    let t = k.from;
    while (t < k.to) {
      const wall = clock.wallMs(t * 1000) / 1000;
      const day = Math.floor(wall / 86400);
      const sod = wall - day * 86400;
      const iv = Math.min(perDay - 1, Math.floor(sod / intervalSeconds));
      const boundaryWall = day * 86400 + (iv + 1) * intervalSeconds;
      const boundary = Math.max(t + 1e-9, t + (boundaryWall - wall));
      const stop = Math.min(k.to, boundary);
      present[(day - firstDay) * perDay + iv] += stop - t;
      t = stop;
    }
  }
  return { rowsRead: n, rowsKept: kept.length, issues, firstDay: Number.isFinite(firstDay) ? firstDay : 0, days, intervalSeconds, presentSeconds: present, agents: byAgent.size };
}
