/**
 * A per-interval staffing table (agents on the phones in each interval of a day) written in the
 * scenario format as it is: agent groups with shifts. The table is cut into blocks, last in first
 * out: when the count rises by d, d agents start; when it falls, the most recent starters leave
 * first. Each block is a group `{ count, shift: { start, end, days } }`, so the number of agents on
 * shift in every interval equals the table exactly (an agent still finishes the call in hand when a
 * block ends, as at any shift end). No change to the simulator or the schema is needed.
 */
import type { AgentGroupSpec } from '../../scenarios/schema.ts';
import type { Weekday } from '../../scenarios/primitives.ts';

export interface StaffingBlock {
  /** Interval indexes [from, to) within the day. */
  from: number;
  to: number;
  count: number;
}

/** LIFO decomposition of a count table into blocks. */
export function blocksOf(counts: readonly number[]): StaffingBlock[] {
  const open: { from: number; count: number }[] = [];
  const blocks: StaffingBlock[] = [];
  let level = 0;
  const close = (to: number, drop: number) => {
    while (drop > 0) {
      const top = open[open.length - 1];
      const take = Math.min(drop, top.count);
      if (top.from < to) blocks.push({ from: top.from, to, count: take });
      top.count -= take;
      drop -= take;
      if (top.count === 0) open.pop();
    }
  };
  for (let k = 0; k <= counts.length; k++) {
    const c = k < counts.length ? Math.max(0, Math.round(counts[k])) : 0;
    if (c > level) open.push({ from: k, count: c - level });
    else if (c < level) close(k, level - c);
    level = c;
  }
  // Merge blocks with the same span (they came from different pushes).
  const merged = new Map<string, StaffingBlock>();
  for (const b of blocks) {
    const key = `${b.from}-${b.to}`;
    const m = merged.get(key);
    if (m) m.count += b.count;
    else merged.set(key, { ...b });
  }
  return [...merged.values()].sort((a, b) => a.from - b.from || a.to - b.to);
}

function hhmm(seconds: number): string {
  const s = seconds % 86400;
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}

/**
 * Agent groups for a table of one day (interval length `intervalSeconds`), working on `days` (all
 * days when omitted). A block spanning the whole day is split at noon (a shift cannot end when it
 * starts).
 */
export function groupsForTable(counts: readonly number[], intervalSeconds: number, prefix: string, days?: Weekday[]): AgentGroupSpec[] {
  const perDay = counts.length;
  const groups: AgentGroupSpec[] = [];
  const used = new Set<string>();
  for (const b of blocksOf(counts)) {
    const spans: [number, number][] = b.from === 0 && b.to === perDay ? [[0, perDay / 2], [perDay / 2, perDay]] : [[b.from, b.to]];
    for (const [from, to] of spans) {
      const start = hhmm(from * intervalSeconds);
      const end = hhmm(to * intervalSeconds);
      let name = `${prefix}${start.replace(':', '')}-${end.replace(':', '')}`;
      for (let i = 2; used.has(name); i++) name = `${prefix}${start.replace(':', '')}-${end.replace(':', '')}-${i}`;
      used.add(name);
      groups.push({
        group: name,
        count: b.count,
        shift: { start, end, days: days ?? ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
      } as AgentGroupSpec);
    }
  }
  return groups;
}

/** Agent-hours of a table. */
export function agentHours(counts: readonly number[], intervalSeconds: number): number {
  return (counts.reduce((s, c) => s + c, 0) * intervalSeconds) / 3600;
}
