/**
 * Arrival rates from a history, in the scenario's own model: rate(day, interval) = profile(interval)
 * × weekdayFactor(weekday) × M(day), with M a gamma day multiplier of mean 1 (the core's
 * `dailyVariation`). Estimates:
 *
 * - weekday factors: mean daily volume of each weekday / mean daily volume of all days, kept only when
 *   a one-way analysis of variance of the daily volumes by weekday rejects "all weekdays alike" at 1%
 *   (else every factor is 1: four or five days per weekday cannot tell small factors from noise);
 * - profile: for each interval of the day, the daily counts divided by their day's weekday factor,
 *   averaged over the days, as calls per hour, with a Student-t interval over the days (the day
 *   multiplier makes counts vary more than Poisson, and the t-interval over days includes that);
 * - day multiplier: its squared CV by moments, var(N_d / E N_d) - 1/E N_d (the Poisson part
 *   removed), with a chi-square interval, and the dispersion test of "no day effect".
 */
import { studentTQuantile } from '../../sim/stats/special.ts';
import { mean, sampleVariance, type Interval } from '../../sim/stats/summary.ts';
import { chiSquareQuantile, chiSquareSf, fDistSf } from '../../sim/stats/fit.ts';
import type { CallData } from './cdr.ts';
import { KIND_INBOUND } from './cdr.ts';
import { WEEKDAY_NAMES, weekdayOf } from './time.ts';

export interface IntervalRate {
  /** Start of the interval, "HH:MM" local. */
  from: string;
  perHour: number;
  ci95: Interval;
  ci99: Interval;
  /** Calls in this interval over all days. */
  calls: number;
}

export interface ArrivalFit {
  days: number;
  /** Days the period covers whole (the weekday and day-to-day figures use only these). */
  fullDays: number;
  intervalSeconds: number;
  totalCalls: number;
  meanDailyVolume: number;
  rates: IntervalRate[];
  weekdays: { day: string; days: number; meanVolume: number; factor: number }[];
  weekdayTest: { f: number; df1: number; df2: number; p: number } | null;
  useWeekdayFactors: boolean;
  dailyVariation: { cv: number; ci95: Interval; dispersion: number; df: number; p: number } | null;
  /** Per (weekday, interval) rates with intervals, as calls per hour: the table behind the profile. */
  byWeekday: { day: string; perHour: number[] }[];
}

function hhmm(seconds: number): string {
  return `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;
}

/**
 * `covered(day, k)` says whether interval k of day index `day` lies in the history's period: a cell
 * outside it (a run that ends at 01:00 on its last day) is missing, not a zero.
 */
export function fitArrivals(d: CallData, firstDay: number, lastDay: number, intervalSeconds: number, covered: (day: number, k: number) => boolean, alpha = 0.01): ArrivalFit {
  const perDay = Math.round(86400 / intervalSeconds);
  const days = lastDay - firstDay + 1;
  const cover = new Uint8Array(days * perDay);
  for (let day = 0; day < days; day++) for (let k = 0; k < perDay; k++) cover[day * perDay + k] = covered(day, k) ? 1 : 0;
  const fullDay = Array.from({ length: days }, (_, day) => cover.subarray(day * perDay, (day + 1) * perDay).every((c) => c === 1));
  const counts = new Float64Array(days * perDay);
  let total = 0;
  for (let i = 0; i < d.n; i++) {
    if (d.kind[i] !== KIND_INBOUND) continue;
    const day = d.dayNumber[i] - firstDay;
    if (day < 0 || day >= days) continue;
    counts[day * perDay + Math.min(perDay - 1, Math.floor(d.secondOfDay[i] / intervalSeconds))]++;
    total++;
  }
  const daily = Array.from({ length: days }, (_, day) => counts.subarray(day * perDay, (day + 1) * perDay).reduce((s, x) => s + x, 0));
  const fullDays = daily.filter((_, day) => fullDay[day]);
  const meanDaily = fullDays.length ? mean(fullDays) : mean(daily);
  // Weekday means and a one-way ANOVA over the daily volumes of whole days.
  const groups = WEEKDAY_NAMES.map(() => [] as number[]);
  for (let day = 0; day < days; day++) if (fullDay[day]) groups[weekdayOf(firstDay + day)].push(daily[day]);
  const present = groups.filter((g) => g.length > 0);
  let weekdayTest: ArrivalFit['weekdayTest'] = null;
  if (present.length >= 2 && fullDays.length - present.length >= 1) {
    const grand = meanDaily;
    let between = 0;
    let within = 0;
    for (const g of present) {
      const m = mean(g);
      between += g.length * (m - grand) ** 2;
      for (const x of g) within += (x - m) ** 2;
    }
    const df1 = present.length - 1;
    const df2 = fullDays.length - present.length;
    const f = within > 0 ? between / df1 / (within / df2) : between > 0 ? Infinity : 0;
    weekdayTest = { f, df1, df2, p: f === Infinity ? 0 : fDistSf(f, df1, df2) };
  }
  const useWeekdayFactors = weekdayTest !== null && weekdayTest.p < alpha;
  const factorOf = groups.map((g) => (useWeekdayFactors && g.length > 0 && meanDaily > 0 ? mean(g) / meanDaily : 1));
  const weekdays = WEEKDAY_NAMES.map((name, w) => ({ day: name, days: groups[w].length, meanVolume: groups[w].length ? mean(groups[w]) : 0, factor: factorOf[w] }));
  // Profile per interval, counts normalised by the day's weekday factor.
  const rates: IntervalRate[] = [];
  const hours = intervalSeconds / 3600;
  const t95 = studentTQuantile(0.975, Math.max(1, days - 1));
  const t99 = studentTQuantile(0.995, Math.max(1, days - 1));
  for (let k = 0; k < perDay; k++) {
    const xs: number[] = [];
    let calls = 0;
    for (let day = 0; day < days; day++) {
      if (!cover[day * perDay + k]) continue;
      const f = factorOf[weekdayOf(firstDay + day)];
      calls += counts[day * perDay + k];
      if (f > 0) xs.push(counts[day * perDay + k] / f);
    }
    const m = xs.length ? mean(xs) : 0;
    const se = xs.length >= 2 ? Math.sqrt(sampleVariance(xs) / xs.length) : 0;
    rates.push({
      from: hhmm(k * intervalSeconds),
      perHour: m / hours,
      ci95: [Math.max(0, m - t95 * se) / hours, (m + t95 * se) / hours],
      ci99: [Math.max(0, m - t99 * se) / hours, (m + t99 * se) / hours],
      calls,
    });
  }
  // Day multiplier: moments of N_d / E N_d.
  let dailyVariation: ArrivalFit['dailyVariation'] = null;
  const ratios: number[] = [];
  const poisson: number[] = [];
  for (let day = 0; day < days; day++) {
    if (!fullDay[day]) continue;
    const expected = meanDaily * factorOf[weekdayOf(firstDay + day)];
    if (expected > 0) {
      ratios.push(daily[day] / expected);
      poisson.push(1 / expected);
    }
  }
  if (ratios.length >= 3) {
    const df = ratios.length - 1 - (useWeekdayFactors ? present.length - 1 : 0);
    const s2 = (sampleVariance(ratios) * (ratios.length - 1)) / Math.max(1, df);
    const pv = mean(poisson);
    const cv2 = Math.max(0, s2 - pv);
    const lo = Math.max(0, (df * s2) / chiSquareQuantile(0.975, df) - pv);
    const hi = Math.max(0, (df * s2) / chiSquareQuantile(0.025, df) - pv);
    const dispersion = (df * s2) / pv;
    dailyVariation = { cv: Math.sqrt(cv2), ci95: [Math.sqrt(lo), Math.sqrt(hi)], dispersion, df, p: chiSquareSf(dispersion, df) };
  }
  const byWeekday = WEEKDAY_NAMES.map((name, w) => {
    const ds = Array.from({ length: days }, (_, i) => i).filter((i) => weekdayOf(firstDay + i) === w);
    return {
      day: name,
      perHour: Array.from({ length: perDay }, (_, k) => {
        const xs = ds.filter((i) => cover[i * perDay + k]).map((i) => counts[i * perDay + k]);
        return xs.length ? mean(xs) / hours : 0;
      }),
    };
  });
  return { days, fullDays: fullDays.length, intervalSeconds, totalCalls: total, meanDailyVolume: meanDaily, rates, weekdays, weekdayTest, useWeekdayFactors, dailyVariation, byWeekday };
}
