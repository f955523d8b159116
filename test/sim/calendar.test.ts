import { describe, expect, it } from 'vitest';
import { Calendar, parseLocalDateTime, parseTimeOfDay, WEEKDAYS } from '../../sim/calendar.ts';

const H = 3600;

/** Local wall-clock position of simulated time t, as seconds after local midnight of calendar day d. */
function wallSeconds(cal: Calendar, d: number, t: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(cal.format(t))!;
  const p = parseLocalDateTime(cal.start);
  const dayUtc = Date.UTC(p.year, p.month - 1, p.day) + d * 86_400_000;
  return (Date.UTC(+m[1], +m[2] - 1, +m[3]) - dayUtc) / 1000 + +m[4] * H + +m[5] * 60 + +m[6];
}

/** "YYYY-MM-DD" of calendar day d (plain date arithmetic). */
function dateOf(cal: Calendar, d: number): string {
  const p = parseLocalDateTime(cal.start);
  return new Date(Date.UTC(p.year, p.month - 1, p.day) + d * 86_400_000).toISOString().slice(0, 10);
}

describe('parseLocalDateTime and parseTimeOfDay', () => {
  it('parse valid text', () => {
    expect(parseLocalDateTime('2026-01-05T09:30')).toEqual({ year: 2026, month: 1, day: 5, hour: 9, minute: 30, second: 0 });
    expect(parseLocalDateTime('1999-12-31T23:59:58')).toEqual({ year: 1999, month: 12, day: 31, hour: 23, minute: 59, second: 58 });
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('09:30')).toBe(9 * H + 1800);
    expect(parseTimeOfDay('23:59')).toBe(86340);
    expect(parseTimeOfDay('24:00')).toBe(86400);
  });

  it('reject malformed text', () => {
    for (const bad of ['2026-01-05', '2026-01-05 09:30', '2026-1-05T09:30', '2026-01-05T9:30', '2026-01-05T09:30:5', '']) {
      expect(() => parseLocalDateTime(bad), bad).toThrow(RangeError);
    }
    for (const bad of ['9:30', '09:60', '24:01', '25:00', '0930', '09:30:00', '']) {
      expect(() => parseTimeOfDay(bad), bad).toThrow(RangeError);
    }
  });
});

describe('Calendar in UTC', () => {
  const cal = new Calendar('2026-01-05T00:00', 'UTC');

  it('maps days and times of day linearly', () => {
    expect(cal.epochMs).toBe(Date.UTC(2026, 0, 5));
    for (const d of [-400, -1, 0, 1, 2, 365, 1000]) {
      expect(cal.dayStart(d)).toBe(d * 86400);
      expect(cal.at(d, 9 * H + 30)).toBe(d * 86400 + 9 * H + 30);
    }
    expect(cal.at(0, 86400 + 2 * H)).toBe(cal.at(1, 2 * H)); // past 24:00 runs into the next day
    expect(cal.at(3, 0.25)).toBe(3 * 86400 + 0.25);
  });

  it('formats and converts to ISO', () => {
    expect(cal.format(0)).toBe('2026-01-05T00:00:00');
    expect(cal.format(9 * H + 61)).toBe('2026-01-05T09:01:01');
    expect(cal.format(-1)).toBe('2026-01-04T23:59:59');
    expect(cal.toIso(0)).toBe('2026-01-05T00:00:00.000Z');
    expect(cal.toIso(0.5)).toBe('2026-01-05T00:00:00.500Z');
    expect(cal.toIso(31 * 86400)).toBe('2026-02-05T00:00:00.000Z');
  });

  it('knows weekdays (2026-01-05 is a Monday), also for negative days', () => {
    expect(cal.weekday(0)).toBe('mon');
    expect(cal.weekdayIndex(0)).toBe(1);
    expect(cal.weekday(-1)).toBe('sun');
    expect(cal.weekday(5)).toBe('sat');
    for (let d = -30; d < 30; d++) {
      expect(cal.weekdayIndex(d)).toBe((((1 + d) % 7) + 7) % 7);
      expect(cal.weekday(d)).toBe(WEEKDAYS[cal.weekdayIndex(d)]);
    }
  });

  it('dayOf inverts dayStart, also for negative times', () => {
    for (let d = -50; d < 50; d++) {
      expect(cal.dayOf(cal.dayStart(d))).toBe(d);
      expect(cal.dayOf(cal.dayStart(d) + 43_200)).toBe(d);
      expect(cal.dayOf(cal.dayStart(d + 1) - 0.001)).toBe(d);
    }
  });

  it('counts days from the start date when time 0 is not midnight', () => {
    const c = new Calendar('2026-01-05T09:30:15', 'UTC');
    expect(c.dayStart(0)).toBe(-(9 * H + 1800 + 15));
    expect(c.at(0, 9 * H + 1800 + 15)).toBe(0);
    expect(c.dayOf(0)).toBe(0);
    expect(c.dayOf(-(9 * H + 1800 + 15))).toBe(0);
    expect(c.dayOf(-(9 * H + 1800 + 16))).toBe(-1);
    expect(c.dayOf(86400 - (9 * H + 1800 + 15))).toBe(1);
    expect(c.format(0)).toBe('2026-01-05T09:30:15');
  });
});

describe('Calendar across daylight saving time', () => {
  it('Europe/London spring forward (29 March 2026): a 23-hour day, 09:00 on the wall clock', () => {
    const cal = new Calendar('2026-03-28T00:00', 'Europe/London');
    expect(cal.weekday(1)).toBe('sun');
    expect(cal.dayStart(1) - cal.dayStart(0)).toBe(86400);
    expect(cal.dayStart(2) - cal.dayStart(1)).toBe(82800);
    expect(cal.dayStart(3) - cal.dayStart(2)).toBe(86400);
    expect(cal.format(cal.at(1, 9 * H))).toBe('2026-03-29T09:00:00');
    expect(cal.toIso(cal.at(1, 9 * H))).toBe('2026-03-29T08:00:00.000Z'); // BST = UTC+1
    expect(cal.toIso(cal.at(1, 0))).toBe('2026-03-29T00:00:00.000Z'); // still GMT at midnight
    expect(cal.format(cal.at(2, 9 * H))).toBe('2026-03-30T09:00:00');
    expect(cal.at(1, 9 * H + 0.25) - cal.at(1, 9 * H)).toBe(0.25); // fractions of a second survive the zone lookup
  });

  it('Europe/London spring forward: skipped times (01:00-02:00) map to the jump, keeping at() monotone', () => {
    const cal = new Calendar('2026-03-28T00:00', 'Europe/London');
    const jump = cal.at(1, 2 * H);
    expect(cal.toIso(jump)).toBe('2026-03-29T01:00:00.000Z');
    for (const sod of [H, 1.5 * H, 2 * H - 60]) expect(cal.at(1, sod), `${sod}`).toBe(jump);
    expect(cal.at(1, H - 60)).toBe(jump - 60);
    expect(cal.at(1, 2.5 * H)).toBe(jump + 1800);
  });

  it('Europe/London autumn back (25 October 2026): a 25-hour day; a repeated time is its first occurrence', () => {
    const cal = new Calendar('2026-10-24T00:00', 'Europe/London');
    expect(cal.dayStart(2) - cal.dayStart(1)).toBe(90000);
    expect(cal.format(cal.at(1, 9 * H))).toBe('2026-10-25T09:00:00');
    expect(cal.toIso(cal.at(1, 9 * H))).toBe('2026-10-25T09:00:00.000Z'); // GMT again
    expect(cal.toIso(cal.at(1, 1.5 * H))).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST, not 01:30 GMT
    expect(cal.at(1, 2 * H) - cal.at(1, H)).toBe(2 * H); // 01:00 BST to 02:00 GMT: two hours pass
  });

  it('America/New_York: offsets -5 in winter, -4 in summer, and its transition days', () => {
    const winter = new Calendar('2026-01-05T00:00', 'America/New_York');
    expect(winter.toIso(0)).toBe('2026-01-05T05:00:00.000Z');
    const summer = new Calendar('2026-07-01T12:00', 'America/New_York');
    expect(summer.toIso(0)).toBe('2026-07-01T16:00:00.000Z');
    expect(summer.format(0)).toBe('2026-07-01T12:00:00');

    const spring = new Calendar('2026-03-07T00:00', 'America/New_York');
    expect(spring.dayStart(2) - spring.dayStart(1)).toBe(82800);
    expect(spring.format(spring.at(1, 9 * H))).toBe('2026-03-08T09:00:00');
    expect(spring.toIso(spring.at(1, 9 * H))).toBe('2026-03-08T13:00:00.000Z');
    // 02:00-03:00 does not exist: those times sit at the jump (07:00 UTC), after 01:59 and not before it.
    expect(spring.toIso(spring.at(1, 2.5 * H))).toBe('2026-03-08T07:00:00.000Z');
    expect(spring.at(1, 2 * H - 60)).toBeLessThan(spring.at(1, 2 * H));

    const autumn = new Calendar('2026-10-31T00:00', 'America/New_York');
    expect(autumn.dayStart(2) - autumn.dayStart(1)).toBe(90000);
    expect(autumn.format(autumn.at(1, 9 * H))).toBe('2026-11-01T09:00:00');
    expect(autumn.toIso(autumn.at(1, 1.5 * H))).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, the first one
  });

  it('negative days step back over a transition', () => {
    const cal = new Calendar('2026-03-30T00:00', 'Europe/London');
    expect(cal.dayStart(-1)).toBe(-82800); // 29 March had 23 hours
    expect(cal.dayStart(-2)).toBe(-82800 - 86400);
    expect(cal.format(cal.dayStart(-1))).toBe('2026-03-29T00:00:00');
    expect(cal.weekday(-1)).toBe('sun');
    expect(cal.dayOf(-1)).toBe(-1);
    expect(cal.dayOf(-82800)).toBe(-1);
    expect(cal.dayOf(-82801)).toBe(-2);
    expect(cal.format(cal.at(-1, 9 * H))).toBe('2026-03-29T09:00:00');
  });

  // A sweep over zones with positive and negative offsets, 30-minute DST (Lord Howe) and transitions at midnight
  // (Santiago), on days around each of their 2026 transitions.
  const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
  const STARTS = ['2026-03-06T00:00', '2026-03-27T13:37', '2026-04-02T00:00', '2026-09-04T00:00', '2026-10-01T06:15', '2026-10-22T00:00', '2026-10-30T00:00'];

  it('days start at the first instant of their date, and dayOf inverts dayStart (many zones, days -2..4)', () => {
    for (const zone of ZONES) {
      for (const start of STARTS) {
        const cal = new Calendar(start, zone);
        for (let d = -2; d <= 4; d++) {
          const t = cal.dayStart(d);
          const what = `${zone} ${start} day ${d}`;
          expect(cal.format(t).slice(0, 10), what).toBe(dateOf(cal, d));
          expect(cal.format(t - 1).slice(0, 10), what).toBe(dateOf(cal, d - 1));
          expect(cal.dayOf(t), what).toBe(d);
          expect(cal.dayOf(cal.dayStart(d + 1) - 0.5), what).toBe(d);
          expect([82800, 84600, 86400, 88200, 90000], what).toContain(cal.dayStart(d + 1) - t);
        }
      }
    }
  });

  it('at(d, s) is monotone in s and shows s on the wall clock, or sits at the jump when s is skipped', () => {
    for (const zone of ZONES) {
      for (const start of STARTS) {
        const cal = new Calendar(start, zone);
        for (let d = -1; d <= 4; d++) {
          let prev = -Infinity;
          for (let sod = 0; sod < 86400; sod += 1800) {
            const t = cal.at(d, sod);
            const what = `${zone} ${start} day ${d} at ${sod}`;
            expect(t, what).toBeGreaterThanOrEqual(prev);
            prev = t;
            const wall = wallSeconds(cal, d, t);
            if (wall !== sod) {
              // Skipped by a spring-forward jump: the clock reads before s just before t, and after s at t.
              expect(wallSeconds(cal, d, t - 1), what).toBeLessThan(sod);
              expect(wall, what).toBeGreaterThan(sod);
            }
          }
          expect(cal.at(d, 86400), `${zone} ${start} day ${d}`).toBe(cal.dayStart(d + 1));
        }
      }
    }
  });
});
