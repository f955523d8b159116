import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import { ArrivalProcess } from '../../sim/arrivals.ts';
import type { Calendar } from '../../sim/calendar.ts';
import { compileModel, makeCalendar, type ArrivalModel } from '../../sim/model.ts';
import { KeyedStream, SequentialStream } from '../../sim/random/stream.ts';
import { gammaP, gammaQ } from '../../sim/stats/special.ts';

// Count checks: a Poisson (or nearly normal) count N with mean μ is accepted when |N - μ| <= 5√μ; for the large μ
// used here the normal approximation gives a false-alarm probability of about 5.7e-7 per check. Dispersion and
// variance checks state their own rates (1e-6 or less). About 40 statistical checks in this file: a correct
// implementation fails one with probability below 1e-4.

const H = 3600;
const DAY = 86400;

function compile(arrivals: unknown, calendar: { start: string; timeZone: string } = { start: '2026-01-05T00:00', timeZone: 'UTC' }): { am: ArrivalModel; cal: Calendar } {
  const model = compileModel(
    parseScenario({
      name: 'arrivals-test',
      calendar,
      horizon: { hours: 24 },
      inbound: { arrivals, handleTime: { dist: 'exponential', mean: 60 } },
      agents: [{ group: 'g', count: 1 }],
    }),
  );
  return { am: model.inbound!.arrivals, cal: makeCalendar(model) };
}

/** All arrival times until advance() says it is over; checks count, nextTime and strict increase on the way. */
function arrivals(am: ArrivalModel, cal: Calendar, stopAt: number, seed = 1, replication = 0): Float64Array {
  const p = new ArrivalProcess(am, cal, new SequentialStream(seed, replication, 'arrivals'), new KeyedStream(seed, replication, 'daily-volume'), stopAt);
  const out: number[] = [];
  let last = -Infinity;
  while (p.advance()) {
    const t = p.nextTime;
    if (!(t > last && t >= 0 && t < stopAt)) throw new Error(`arrival ${out.length} at ${t} after ${last} (stop ${stopAt})`);
    last = t;
    out.push(t);
    if (p.count !== out.length) throw new Error(`count ${p.count} after ${out.length} arrivals`);
  }
  expect(p.nextTime).toBe(Infinity);
  expect(p.count).toBe(out.length);
  // Over means over: further calls keep answering false.
  expect(p.advance()).toBe(false);
  expect(p.advance()).toBe(false);
  expect(p.count).toBe(out.length);
  return Float64Array.from(out);
}

function expectPoisson(n: number, mu: number, what: string): void {
  expect(Math.abs(n - mu), `${what}: ${n} arrivals, expected ${mu}`).toBeLessThanOrEqual(5 * Math.sqrt(mu));
}

describe('ArrivalProcess: piecewise-constant profile', () => {
  const days = 56;
  const { am, cal } = compile({
    profile: [
      { from: '08:00', perHour: 120 },
      { from: '12:00', perHour: 0 },
      { from: '13:00', perHour: 60 },
      { from: '18:00', perHour: 30 },
      { from: '20:00', perHour: 0 },
    ],
  });
  const times = arrivals(am, cal, days * DAY);

  it('counts per profile segment match rate × length (Poisson CI), and each hour of a segment gets its share', () => {
    const perHour = new Float64Array(24);
    for (const t of times) perHour[Math.floor((t % DAY) / H)]++;
    const segment = (from: number, to: number) => perHour.slice(from, to).reduce((s, x) => s + x, 0);
    expectPoisson(segment(8, 12), 120 * 4 * days, '08-12');
    expectPoisson(segment(13, 18), 60 * 5 * days, '13-18');
    expectPoisson(segment(18, 20), 30 * 2 * days, '18-20');
    for (let h = 8; h < 12; h++) expectPoisson(perHour[h], 120 * days, `hour ${h}`);
    for (let h = 13; h < 18; h++) expectPoisson(perHour[h], 60 * days, `hour ${h}`);
  });

  it('puts no arrival in a rate-0 stretch (before the first entry, and in zero-rate entries)', () => {
    let bad = 0;
    for (const t of times) {
      const sod = t % DAY;
      if (sod < 8 * H || (sod >= 12 * H && sod < 13 * H) || sod >= 20 * H) bad++;
    }
    expect(bad).toBe(0);
    expect(times.length).toBeGreaterThan(0);
  });

  it('is identical for the same seed and replication, different otherwise', () => {
    expect(arrivals(am, cal, days * DAY)).toEqual(times);
    const other = arrivals(am, cal, days * DAY, 1, 1);
    const third = arrivals(am, cal, days * DAY, 2, 0);
    for (const o of [other, third]) {
      const n = Math.min(o.length, times.length, 1000);
      let same = 0;
      for (let i = 0; i < n; i++) if (o[i] === times[i]) same++;
      expect(same).toBe(0);
    }
  });

  it('stops at stopAt, and what comes before it does not depend on stopAt', () => {
    for (const stop of [0.5, 9 * H + 1234.5, 3 * DAY + 15 * H, 10 * DAY]) {
      const part = arrivals(am, cal, stop);
      const want = times.filter((t) => t < stop);
      expect(part).toEqual(want);
    }
  });
});

describe('ArrivalProcess: weekday factors', () => {
  it('scale the counts of each weekday; a zero factor means no arrivals that day', () => {
    const weeks = 10;
    const { am, cal } = compile({ perHour: 40, weekdayFactors: { mon: 1.5, sat: 0.5, sun: 0 } });
    const times = arrivals(am, cal, weeks * 7 * DAY);
    const perWeekday = new Float64Array(7);
    for (const t of times) perWeekday[cal.weekdayIndex(cal.dayOf(t))]++;
    const factor = [0, 1.5, 1, 1, 1, 1, 0.5]; // sun..sat
    expect(perWeekday[0]).toBe(0);
    for (let w = 1; w < 7; w++) expectPoisson(perWeekday[w], 40 * 24 * weeks * factor[w], `weekday ${w}`);
  });
});

describe('ArrivalProcess: day-to-day variation', () => {
  const days = 1000;
  const perDay = 240; // perHour 10
  const dailyCounts = (am: ArrivalModel, cal: Calendar): Float64Array => {
    const counts = new Float64Array(days);
    for (const t of arrivals(am, cal, days * DAY)) counts[Math.floor(t / DAY)]++;
    return counts;
  };
  const meanVar = (xs: Float64Array) => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    return { m, v: xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) };
  };

  it('without dailyVariation, daily counts are Poisson (dispersion index test)', () => {
    const { am, cal } = compile({ perHour: 10 });
    expect(am.dailyVolume).toBeNull();
    const { m, v } = meanVar(dailyCounts(am, cal));
    expectPoisson(m * days, perDay * days, 'total');
    // (D - 1) s² / x̄ is approximately chi-square with D - 1 df for Poisson counts; two-sided at 1e-6 each side.
    const stat = ((days - 1) * v) / m;
    expect(gammaQ((days - 1) / 2, stat / 2), `dispersion ${v / m}`).toBeGreaterThan(1e-6);
    expect(gammaP((days - 1) / 2, stat / 2), `dispersion ${v / m}`).toBeGreaterThan(1e-6);
  });

  it('with dailyVariation.cv, the variance of daily counts is mean + cv²·mean² (over-dispersed)', () => {
    const cv = 0.3;
    const { am, cal } = compile({ perHour: 10, dailyVariation: { cv } });
    expect(am.dailyVolume).not.toBeNull();
    const { m, v } = meanVar(dailyCounts(am, cal));
    // A day's count is Poisson(μG), G ~ gamma(mean 1, cv): negative binomial with shape α = 1/cv².
    const mu = perDay;
    const a = 1 / (cv * cv);
    const k2 = mu + (mu * mu) / a;
    const k4 = mu + (7 * mu * mu) / a + (12 * mu ** 3) / a ** 2 + (6 * mu ** 4) / a ** 3;
    const kurtosis = 3 + k4 / (k2 * k2);
    // Mean within 6 sd of its standard error; variance within 6 sd of Var(s²) ≈ σ⁴(κ - 1)/D. The normal
    // approximation gives ~2e-9; the mild skew of s² here (kurtosis ≈ 3.5, D = 1000) keeps it well below 1e-6.
    expect(Math.abs(m - mu), `mean ${m}`).toBeLessThanOrEqual(6 * Math.sqrt(k2 / days));
    expect(Math.abs(v - k2), `variance ${v} vs ${k2}`).toBeLessThanOrEqual(6 * k2 * Math.sqrt((kurtosis - 1) / days));
    expect(v / m).toBeGreaterThan(10); // far beyond Poisson's 1
  });
});

describe('ArrivalProcess: edge cases', () => {
  it('a rate that is zero everywhere ends the arrivals instead of searching forever', () => {
    const { am, cal } = compile({ perHour: 0 });
    expect(arrivals(am, cal, Infinity).length).toBe(0);
    const zeroWeek = compile({ perHour: 50, weekdayFactors: { mon: 0, tue: 0, wed: 0, thu: 0, fri: 0, sat: 0, sun: 0 } });
    expect(arrivals(zeroWeek.am, zeroWeek.cal, Infinity).length).toBe(0);
  });

  it('a calendar that starts mid-profile uses the rate in force at t = 0', () => {
    const { am, cal } = compile({ profile: [{ from: '08:00', perHour: 600 }, { from: '10:00', perHour: 0 }] }, { start: '2026-01-05T09:00', timeZone: 'UTC' });
    const times = arrivals(am, cal, DAY);
    expect(times.every((t) => t < H || (t >= 23 * H && t < 25 * H))).toBe(true);
    expectPoisson(times.filter((t) => t < H).length, 600, 'first hour');
    expectPoisson(times.filter((t) => t >= 23 * H).length, 600, 'next morning');
  });

  it('follows the local wall clock across the London spring-forward night (a skipped quarter hour gets nothing)', () => {
    const { am, cal } = compile(
      { profile: [{ from: '00:00', perHour: 0 }, { from: '01:30', perHour: 3600 }, { from: '01:45', perHour: 0 }, { from: '09:00', perHour: 1200 }, { from: '09:15', perHour: 0 }] },
      { start: '2026-03-27T00:00', timeZone: 'Europe/London' },
    );
    const times = arrivals(am, cal, 5 * DAY);
    const byDay: Record<string, { night: number; morning: number }> = {};
    for (const t of times) {
      const local = cal.format(t);
      const date = local.slice(0, 10);
      const hhmm = local.slice(11, 16);
      byDay[date] ??= { night: 0, morning: 0 };
      if (hhmm >= '01:30' && hhmm < '01:45') byDay[date].night++;
      else if (hhmm >= '09:00' && hhmm < '09:15') byDay[date].morning++;
      else throw new Error(`arrival at ${local}, outside the profile's open periods`);
    }
    expect(Object.keys(byDay).sort()).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    for (const [date, c] of Object.entries(byDay)) {
      expectPoisson(c.morning, 300, `${date} 09:00-09:15`);
      if (date === '2026-03-29') expect(c.night, '01:30-01:45 does not exist on 29 March').toBe(0);
      else expectPoisson(c.night, 900, `${date} 01:30-01:45`);
    }
  });
});
