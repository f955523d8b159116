import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario } from '../../scenarios/load.ts';
import { Calendar } from '../../sim/calendar.ts';
import { compileModel, makeCalendar, type GroupModel } from '../../sim/model.ts';
import { ShiftPlan, STEP_BREAK, STEP_END, STEP_START } from '../../sim/shift-plan.ts';

const H = 3600;
const DAY = 86400;
const WEEKDAYS_MON_FIRST = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Groups and calendar compiled from a scenario with these agent groups (inbound part is a placeholder). */
function compile(agents: unknown[], calendar: { start: string; timeZone: string } = { start: '2026-01-05T00:00', timeZone: 'UTC' }): {
  groups: GroupModel[];
  cal: Calendar;
} {
  const scenario = parseScenario({
    name: 'shift-plan-test',
    calendar,
    horizon: { hours: 24 },
    inbound: { arrivals: { perHour: 10 }, handleTime: { dist: 'exponential', mean: 60 } },
    agents,
  });
  const model = compileModel(scenario);
  return { groups: model.groups, cal: makeCalendar(model) };
}

interface Step {
  t: number;
  kind: number;
  breakSeconds?: number;
}

/** The next n steps of an agent. */
function steps(plan: ShiftPlan, agent: number, n: number): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < n; i++) {
    const t = plan.next(agent);
    if (t === Infinity) break;
    out.push(plan.kind === STEP_BREAK ? { t, kind: plan.kind, breakSeconds: plan.breakSeconds } : { t, kind: plan.kind });
  }
  return out;
}

const start = (t: number): Step => ({ t, kind: STEP_START });
const brk = (t: number, minutes: number): Step => ({ t, kind: STEP_BREAK, breakSeconds: minutes * 60 });
const end = (t: number): Step => ({ t, kind: STEP_END });

describe('ShiftPlan: a day shift with fixed and staggered breaks', () => {
  // 2026-01-05 is a Monday.
  const { groups, cal } = compile([
    {
      group: 'day',
      count: 4,
      shift: { start: '09:00', end: '17:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      breaks: [
        { at: '12:00', minutes: 30 },
        { from: '10:00', to: '11:00', minutes: 15 },
        { from: '14:30', to: '16:00', minutes: 10 },
      ],
    },
    { group: 'floaters', count: 2 },
    { group: 'late', count: 3, shift: { start: '13:00', end: '21:00' }, breaks: [{ from: '15:00', to: '18:00', minutes: 20 }] },
  ]);

  it('yields start, the breaks in time order, end, then the next working day, skipping the weekend', () => {
    const plan = new ShiftPlan(groups, cal);
    for (let r = 0; r < 4; r++) {
      const day = (d: number): Step[] => [
        start(d * DAY + 9 * H),
        brk(d * DAY + 10 * H + (H * r) / 4, 15),
        brk(d * DAY + 12 * H, 30),
        brk(d * DAY + 14.5 * H + (1.5 * H * r) / 4, 10),
        end(d * DAY + 17 * H),
      ];
      // Monday to Friday are days 0..4; Saturday and Sunday (5, 6) are skipped; Monday again is day 7.
      expect(steps(plan, r, 30), `rank ${r}`).toEqual([...day(0), ...day(1), ...day(2), ...day(3), ...day(4), ...day(7)]);
    }
  });

  it('gives agents without a shift no steps', () => {
    const plan = new ShiftPlan(groups, cal);
    for (const a of [4, 5]) {
      expect(plan.hasShift(a)).toBe(false);
      expect(plan.next(a)).toBe(Infinity);
    }
    expect(plan.hasShift(0)).toBe(true);
    expect(plan.hasShift(6)).toBe(true);
  });

  it('ranks agents within their own group, and a shift without days works every day', () => {
    const plan = new ShiftPlan(groups, cal);
    for (let r = 0; r < 3; r++) {
      const got = steps(plan, 6 + r, 9);
      const day = (d: number): Step[] => [start(d * DAY + 13 * H), brk(d * DAY + 15 * H + r * H, 20), end(d * DAY + 21 * H)];
      expect(got, `late rank ${r}`).toEqual([...day(0), ...day(1), ...day(2)]);
    }
  });

  it('keeps one cursor per agent: interleaving agents changes nothing', () => {
    const a = new ShiftPlan(groups, cal);
    const b = new ShiftPlan(groups, cal);
    const sequential = [0, 1, 6].map((agent) => steps(a, agent, 12));
    const interleaved: Step[][] = [[], [], []];
    for (let i = 0; i < 12; i++) {
      [0, 1, 6].forEach((agent, j) => {
        interleaved[j].push(...steps(b, agent, 1));
      });
    }
    expect(interleaved).toEqual(sequential);
  });
});

describe('ShiftPlan: staggered breaks', () => {
  it('spreads break starts evenly by rank over [from, to)', () => {
    for (const count of [1, 2, 5, 7, 12]) {
      const { groups, cal } = compile([{ group: 'g', count, shift: { start: '08:00', end: '18:00' }, breaks: [{ from: '11:00', to: '13:30', minutes: 30 }] }]);
      const plan = new ShiftPlan(groups, cal);
      const times: number[] = [];
      for (let r = 0; r < count; r++) {
        const got = steps(plan, r, 3);
        expect(got[0]).toEqual(start(8 * H));
        expect(got[1].kind).toBe(STEP_BREAK);
        expect(got[1].breakSeconds).toBe(1800);
        times.push(got[1].t);
      }
      const width = 2.5 * H;
      times.forEach((t, r) => {
        expect(t).toBeGreaterThanOrEqual(11 * H);
        expect(t).toBeLessThan(11 * H + width);
        expect(Math.abs(t - (11 * H + (width * r) / count))).toBeLessThan(1e-9);
      });
    }
  });
});

describe('ShiftPlan: days filter', () => {
  it('a weekend-only group starts on Saturday', () => {
    const { groups, cal } = compile([{ group: 'weekend', count: 1, shift: { start: '10:00', end: '16:00', days: ['sat', 'sun'] } }]);
    const plan = new ShiftPlan(groups, cal);
    expect(steps(plan, 0, 6)).toEqual([start(5 * DAY + 10 * H), end(5 * DAY + 16 * H), start(6 * DAY + 10 * H), end(6 * DAY + 16 * H), start(12 * DAY + 10 * H), end(12 * DAY + 16 * H)]);
  });
});

describe('ShiftPlan: overnight shifts and time 0', () => {
  it('an overnight shift (22:00-06:00) already running at t = 0 starts at 0', () => {
    const { groups, cal } = compile([{ group: 'night', count: 1, shift: { start: '22:00', end: '06:00' }, breaks: [{ at: '02:00', minutes: 20 }] }]);
    const plan = new ShiftPlan(groups, cal);
    // Sunday night's shift is under way at Monday 00:00.
    expect(steps(plan, 0, 6)).toEqual([start(0), brk(2 * H, 20), end(6 * H), start(22 * H), brk(DAY + 2 * H, 20), end(DAY + 6 * H)]);
  });

  it('a running shift whose start day is not a working day does not start at 0', () => {
    const { groups, cal } = compile([{ group: 'night', count: 1, shift: { start: '22:00', end: '06:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] } }]);
    const plan = new ShiftPlan(groups, cal);
    expect(steps(plan, 0, 2)).toEqual([start(22 * H), end(DAY + 6 * H)]);
  });

  it('a day shift under way at t = 0 starts at 0 and skips the breaks already past', () => {
    const { groups, cal } = compile([{ group: 'day', count: 1, shift: { start: '09:00', end: '17:00' }, breaks: [{ at: '10:00', minutes: 15 }, { at: '14:00', minutes: 15 }] }], {
      start: '2026-01-05T12:00',
      timeZone: 'UTC',
    });
    const plan = new ShiftPlan(groups, cal);
    expect(steps(plan, 0, 5)).toEqual([start(0), brk(2 * H, 15), end(5 * H), start(21 * H), brk(22 * H, 15)]);
  });

  it('a shift that ended before t = 0 is skipped entirely', () => {
    const { groups, cal } = compile([{ group: 'day', count: 1, shift: { start: '09:00', end: '17:00' } }], { start: '2026-01-05T18:00', timeZone: 'UTC' });
    const plan = new ShiftPlan(groups, cal);
    expect(steps(plan, 0, 2)).toEqual([start(15 * H), end(23 * H)]);
  });
});

describe('ShiftPlan: daylight saving time', () => {
  it('follows the wall clock in Europe/London across the spring-forward night', () => {
    const { groups, cal } = compile([{ group: 'day', count: 1, shift: { start: '09:00', end: '17:00' }, breaks: [{ at: '12:00', minutes: 30 }] }], {
      start: '2026-03-28T00:00',
      timeZone: 'Europe/London',
    });
    const plan = new ShiftPlan(groups, cal);
    const got = steps(plan, 0, 6);
    expect(got.map((s) => cal.format(s.t))).toEqual([
      '2026-03-28T09:00:00',
      '2026-03-28T12:00:00',
      '2026-03-28T17:00:00',
      '2026-03-29T09:00:00',
      '2026-03-29T12:00:00',
      '2026-03-29T17:00:00',
    ]);
    expect(got[3].t - got[0].t).toBe(DAY - H);
  });

  it('keeps an overnight shift with breaks in the skipped hour in order (London, 29 March 2026)', () => {
    const { groups, cal } = compile(
      [{ group: 'night', count: 4, shift: { start: '22:00', end: '06:00' }, breaks: [{ from: '00:30', to: '01:50', minutes: 10 }, { at: '01:40', minutes: 10 }, { at: '02:10', minutes: 10 }] }],
      { start: '2026-03-28T12:00', timeZone: 'Europe/London' },
    );
    const plan = new ShiftPlan(groups, cal);
    for (let r = 0; r < 4; r++) {
      const got = steps(plan, r, 5);
      expect(got.map((s) => s.kind)).toEqual([STEP_START, STEP_BREAK, STEP_BREAK, STEP_BREAK, STEP_END]);
      for (let i = 1; i < got.length; i++) expect(got[i].t, `rank ${r} step ${i}`).toBeGreaterThanOrEqual(got[i - 1].t);
      // 01:40 does not exist that night: the break starts when the clock jumps to 02:00.
      expect(cal.format(got[2].t)).toBe('2026-03-29T02:00:00');
      expect(cal.format(got[4].t)).toBe('2026-03-29T06:00:00');
    }
  });
});

describe('ShiftPlan: steps never go back in time (random valid plans)', () => {
  // Breaks are generated as ordered, non-overlapping windows inside the shift (what the schema checks, plus
  // non-overlap between breaks: overlapping windows can hand an agent its second break before its first).
  const planArb = fc
    .record({
      zone: fc.constantFrom('UTC', 'Europe/London', 'America/New_York'),
      startDate: fc.constantFrom('2026-01-05', '2026-03-06', '2026-03-26', '2026-10-22', '2026-10-29'),
      startQuarter: fc.integer({ min: 0, max: 95 }),
      shiftQuarter: fc.integer({ min: 0, max: 95 }),
      lengthQuarters: fc.integer({ min: 4, max: 64 }),
      days: fc.subarray([...WEEKDAYS_MON_FIRST], { minLength: 1 }),
      count: fc.integer({ min: 1, max: 6 }),
      breakOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 6 }),
      fixed: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      minutes: fc.integer({ min: 1, max: 15 }),
    })
    .map((p) => {
      const hhmm = (q: number) => `${String(Math.floor((q % 96) / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
      const offs = p.breakOffsets.filter((o) => o <= p.lengthQuarters - 1).sort((a, b) => a - b);
      const breaks: unknown[] = [];
      for (let i = 0; i + 1 < offs.length && breaks.length < 3; i += 2) {
        const from = p.shiftQuarter + offs[i];
        breaks.push(p.fixed[breaks.length] ? { at: hhmm(from), minutes: p.minutes } : { from: hhmm(from), to: hhmm(p.shiftQuarter + offs[i + 1]), minutes: p.minutes });
      }
      return {
        calendar: { start: `${p.startDate}T${hhmm(p.startQuarter)}`, timeZone: p.zone },
        group: { group: 'g', count: p.count, shift: { start: hhmm(p.shiftQuarter), end: hhmm(p.shiftQuarter + p.lengthQuarters), days: p.days }, breaks },
        nBreaks: breaks.length,
      };
    });

  it('holds for every agent over two weeks, with kinds in the order start, breaks, end', () => {
    fc.assert(
      fc.property(planArb, ({ calendar, group, nBreaks }) => {
        const { groups, cal } = compile([group], calendar);
        const plan = new ShiftPlan(groups, cal);
        for (let a = 0; a < group.count; a++) {
          let prev = 0;
          let expectKind = -1; // -1: a START is due next
          let breaksSeen = 0;
          let startedAtZero = false;
          for (let i = 0; i < 80; i++) {
            const t = plan.next(a);
            expect(t).toBeLessThan(Infinity); // some weekday is always a working day
            expect(t).toBeGreaterThanOrEqual(prev);
            prev = t;
            const kind = plan.kind;
            if (expectKind === -1) {
              // A shift under way at t = 0 also begins with a START (at 0).
              expect(kind).toBe(STEP_START);
              expectKind = STEP_BREAK;
              breaksSeen = 0;
              startedAtZero = t === 0;
              continue;
            }
            if (kind === STEP_BREAK) {
              breaksSeen++;
              expect(breaksSeen).toBeLessThanOrEqual(nBreaks);
              expect(plan.breakSeconds).toBe(group.breaks.length > 0 ? (group.breaks[0] as { minutes: number }).minutes * 60 : NaN);
            } else {
              expect(kind).toBe(STEP_END);
              // Every break of a shift is taken, except those already past at t = 0 (a shift under way at 0).
              if (startedAtZero) expect(breaksSeen).toBeLessThanOrEqual(nBreaks);
              else expect(breaksSeen).toBe(nBreaks);
              expectKind = -1;
            }
            if (t > 14 * DAY) break;
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
