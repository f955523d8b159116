/**
 * Shifts from allowed patterns covering a per-interval staffing plan, by a greedy heuristic (not an
 * integer program): walk the day's intervals in order; while an interval has fewer agents on shift
 * than the plan needs, start a shift there, of the allowed length that fills the most still-missing
 * intervals per paid interval (ties: the longer one). Every interval ends up covered at least as
 * planned, so the shift plan meets the target wherever the interval plan does; the price is the
 * overstaffing the patterns force, reported in agent-hours.
 */
export interface ShiftPattern {
  /** Length in intervals. */
  length: number;
}

export interface PlannedShift {
  /** Interval index of the start, and length, within the day. */
  from: number;
  length: number;
  count: number;
}

export function greedyShifts(required: readonly number[], lengths: readonly number[]): PlannedShift[] {
  if (lengths.length === 0) throw new RangeError('greedyShifts: at least one shift length is needed');
  const n = required.length;
  const cover = new Array<number>(n).fill(0);
  const shifts = new Map<string, PlannedShift>();
  const sorted = [...new Set(lengths)].sort((a, b) => b - a);
  for (let k = 0; k < n; k++) {
    while (cover[k] < required[k]) {
      let best = sorted[0];
      let bestScore = -1;
      for (const L of sorted) {
        let useful = 0;
        for (let j = k; j < Math.min(n, k + L); j++) if (cover[j] < required[j]) useful++;
        const score = useful / L;
        if (score > bestScore + 1e-12) {
          bestScore = score;
          best = L;
        }
      }
      for (let j = k; j < Math.min(n, k + best); j++) cover[j]++;
      const key = `${k}-${best}`;
      const s = shifts.get(key);
      if (s) s.count++;
      else shifts.set(key, { from: k, length: best, count: 1 });
    }
  }
  return [...shifts.values()].sort((a, b) => a.from - b.from || a.length - b.length);
}

/** Agents on shift per interval under a set of shifts (shifts running past the day's end are cut). */
export function coverageOf(shifts: readonly PlannedShift[], n: number): number[] {
  const cover = new Array<number>(n).fill(0);
  for (const s of shifts) for (let j = s.from; j < Math.min(n, s.from + s.length); j++) cover[j] += s.count;
  return cover;
}
