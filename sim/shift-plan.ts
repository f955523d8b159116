/**
 * Agents' planned working days: shift start, breaks, shift end, per day in local time. Each agent
 * keeps a cursor (day, step) and the plan yields one step at a time, so an agent has at most one
 * pending schedule event and memory does not grow with the horizon. Staggered breaks spread a
 * group's agents evenly over the break window by their rank in the group.
 */
import type { Calendar } from './calendar.ts';
import type { GroupModel } from './model.ts';

export const STEP_START = 0;
export const STEP_BREAK = 1;
export const STEP_END = 2;

/** Days to look ahead for the next working day before concluding there is none. */
const LOOKAHEAD_DAYS = 8;

export class ShiftPlan {
  private readonly cal: Calendar;
  private readonly groupOf: Int32Array;
  private readonly rankOf: Int32Array;
  private readonly groups: GroupModel[];
  private readonly day: Int32Array;
  private readonly step: Int32Array;
  /** Per agent, its breaks in the order of its own start times (staggered windows may overlap). */
  private readonly breakOrder: Uint8Array[];
  /** Kind (STEP_*) and, for breaks, the length in seconds of the step returned by `next`. */
  kind = 0;
  breakSeconds = 0;

  constructor(groups: GroupModel[], cal: Calendar) {
    this.cal = cal;
    this.groups = groups;
    const n = groups.reduce((s, g) => s + g.count, 0);
    this.groupOf = new Int32Array(n);
    this.rankOf = new Int32Array(n);
    this.day = new Int32Array(n);
    this.step = new Int32Array(n);
    const firstDay = cal.dayOf(0) - 1; // yesterday's overnight shift may still be running at t = 0
    this.breakOrder = new Array<Uint8Array>(n);
    groups.forEach((g, gi) => {
      const breaks = g.shift?.breaks ?? [];
      for (let r = 0; r < g.count; r++) {
        const order = Array.from(breaks.keys()).sort((a, b) => breakStart(breaks[a], r, g.count) - breakStart(breaks[b], r, g.count) || a - b);
        this.breakOrder[g.firstAgent + r] = Uint8Array.from(order);
      }
    });
    groups.forEach((g, gi) => {
      for (let r = 0; r < g.count; r++) {
        const a = g.firstAgent + r;
        this.groupOf[a] = gi;
        this.rankOf[a] = r;
        this.day[a] = firstDay;
        this.step[a] = 0;
      }
    });
  }

  hasShift(agent: number): boolean {
    return this.groups[this.groupOf[agent]].shift !== null;
  }

  /**
   * Time of the agent's next planned step (its kind in `kind`), or Infinity if none. Steps that lie
   * before t = 0 are skipped, except that a shift already running at t = 0 starts at 0.
   */
  next(agent: number): number {
    const shift = this.groups[this.groupOf[agent]].shift;
    if (!shift) return Infinity;
    const count = this.groups[this.groupOf[agent]].count;
    const rank = this.rankOf[agent];
    const nBreaks = shift.breaks.length;
    for (let guard = 0; guard < LOOKAHEAD_DAYS * (nBreaks + 3); guard++) {
      const d = this.day[agent];
      const s = this.step[agent];
      if (s > nBreaks + 1 || !shift.days[this.cal.weekdayIndex(d)]) {
        this.day[agent] = d + 1;
        this.step[agent] = 0;
        continue;
      }
      this.step[agent] = s + 1;
      const end = this.cal.at(d, shift.end);
      if (end <= 0) {
        this.step[agent] = nBreaks + 2; // the whole shift lies before the start
        continue;
      }
      if (s === 0) {
        this.kind = STEP_START;
        return Math.max(0, this.cal.at(d, shift.start));
      }
      if (s === nBreaks + 1) {
        this.kind = STEP_END;
        return end;
      }
      const b = shift.breaks[this.breakOrder[agent][s - 1]];
      const sod = breakStart(b, rank, count);
      if (sod < shift.start || sod >= shift.end) continue;
      const t = this.cal.at(d, sod);
      if (t < 0) continue;
      this.kind = STEP_BREAK;
      this.breakSeconds = b.seconds;
      return t;
    }
    return Infinity;
  }
}

/** Start of a break for the agent of rank `rank` among `count`: staggered evenly over [from, to). */
function breakStart(b: { from: number; to: number }, rank: number, count: number): number {
  return b.from + ((b.to - b.from) * rank) / Math.max(1, count);
}
