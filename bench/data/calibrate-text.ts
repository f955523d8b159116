/** The calibration as readable text: every choice with its fit quality, then what was excluded. */
import { formatP } from '../../sim/stats/fit.ts';
import { formatTable } from '../format.ts';
import type { CalibrationDocument } from './calibrate.ts';
import type { DurationFit } from './durations-fit.ts';

const r = (x: number, digits = 4) => String(Number(x.toPrecision(digits)));
const ci = (c: [number, number] | null) => (c ? `[${r(c[0])}, ${r(c[1])}]` : '-');

function durationBlock(title: string, f: DurationFit | null): string[] {
  if (!f) return [`${title}: no data`];
  const lines = [`${title}: n = ${f.n}${f.zeros ? ` (+${f.zeros} zeros)` : ''}, mean ${r(f.mean)} s; chosen ${f.chosen.dist}: ${f.reason}`];
  if (f.candidates.length) {
    const rows = [...f.candidates]
      .sort((a, b) => a.aic - b.aic)
      .map((c) => [c.kind, c.params.map((p) => `${p.name} ${r(p.value)} ${ci(p.ci95)}`).join(', '), c.aic.toFixed(1), `${c.gof.chiSquare.toFixed(1)}/${c.gof.df}`, formatP(c.gof.p), c.gof.ks.toFixed(4)]);
    lines.push(formatTable(['law', 'parameters (95% CI)', 'AIC', 'chi-square/df', 'p', 'KS'], rows, [false, false, true, true, true, true]).replace(/^/gm, '  '));
  }
  return lines;
}

export function renderCalibration(doc: CalibrationDocument): string {
  const out: string[] = [];
  out.push(`calibrate: ${doc.source.path}: ${doc.period.first} .. ${doc.period.last} (${doc.period.days} days, ${doc.timeZone}); ${doc.exclusions.rowsKept} of ${doc.exclusions.rowsRead} rows used`);
  for (const i of doc.exclusions.issues) out.push(`  ${i.severity === 'error' ? 'excluded' : 'flagged (kept)'}: ${i.code}: ${i.count} rows (${i.message})`);
  const a = doc.arrivals;
  if (a) {
    out.push('', `Arrivals: ${a.totalCalls} calls, ${r(a.meanDailyVolume)} per whole day; profile per ${a.intervalSeconds / 60} minutes (calls/hour, 95% CI over ${a.days} days):`);
    const open = a.rates.filter((x) => x.calls > 0);
    out.push(formatTable(['from', 'per hour', '95% CI', 'calls'], open.map((x) => [x.from, r(x.perHour), ci(x.ci95), String(x.calls)]), [false, true, true, true]).replace(/^/gm, '  '));
    const wt = a.weekdayTest;
    out.push(`  weekdays: ${a.weekdays.filter((w) => w.days > 0).map((w) => `${w.day} ${w.days}d ${r(w.meanVolume)}/day`).join(', ')}`);
    out.push(`  weekday factors ${a.useWeekdayFactors ? 'used' : 'not used'}${wt ? ` (ANOVA F ${wt.f.toFixed(2)} on (${wt.df1}, ${wt.df2}) df, p ${formatP(wt.p)})` : ''}`);
    const dv = a.dailyVariation;
    if (dv) out.push(`  day-to-day variation: gamma multiplier cv ${r(dv.cv)} ${ci(dv.ci95)} (dispersion ${dv.dispersion.toFixed(1)} on ${dv.df} df, p ${formatP(dv.p)})`);
  }
  for (const t of doc.handleTimes) {
    out.push('', `Handle times, call type ${t.callType} (${t.calls} conversations):`);
    out.push(...durationBlock('  talk', t.talk), ...durationBlock('  wrap', t.wrap));
  }
  const p = doc.patience;
  if (p) {
    out.push('', `Patience: ${p.observations} waits, ${p.events} abandoned (observed), ${p.censored} answered (censored)`);
    out.push(`  censored exponential: mean ${r(p.exponential.mean.value)} s ${ci(p.exponential.mean.ci95)}`);
    if (p.weibull) out.push(`  censored Weibull: shape ${r(p.weibull.shape)} ${ci(p.weibull.params[0].ci95)}, scale ${r(p.weibull.scale)} s ${ci(p.weibull.params[1].ci95)}`);
    out.push(`  chosen: ${p.reason}`);
    out.push(`  Kaplan-Meier median: ${p.kmMedian === null ? 'not reached' : `${r(p.kmMedian)} s`}; largest gap to the chosen survival curve ${p.maxKmGap.toFixed(4)}`);
    out.push(`  naive mean of abandoned waits: ${r(p.naive.mean)} s ${ci(p.naive.ci95)} (biased low: it ignores every caller who was answered first)`);
  }
  const o = doc.outbound;
  if (o) {
    out.push('', `Outbound: ${o.attempts} attempts to ${o.leads} leads; answer rate (of attempts reaching a free line) ${r(o.overall.answerRate ?? 0)} ${ci(o.overall.ci95)}`);
    const table = (title: string, rows: typeof o.byHour) =>
      [`  by ${title}:`, formatTable([title, 'attempts', 'answer', 'machine', 'busy', 'no answer', 'invalid', 'answer rate', '95% CI'], rows.map((x) => [x.key, String(x.attempts), String(x.counts.answer), String(x.counts.machine), String(x.counts.busy), String(x.counts.no_answer), String(x.counts.invalid), x.answerRate === null ? '-' : r(x.answerRate), ci(x.ci95)]), [false, true, true, true, true, true, true, true, true]).replace(/^/gm, '    ')];
    out.push(...table('local hour', o.byHour), ...table('weekday', o.byWeekday), ...table('attempt', o.byAttempt));
  }
  const s = doc.staffing;
  out.push('', `Staffing present: ${s.source === 'agent-log' ? 'from the agent log' : s.source === 'cdr' ? 'distinct agents in the CDRs (lower bound)' : 'unknown (no agent log, no agent ids)'}`);
  for (const t of s.tables) {
    const hours = t.agents.reduce((x, y) => x + y, 0) * ((doc.arrivals?.intervalSeconds ?? 900) / 3600);
    out.push(`  ${t.days.length === 7 ? 'every day' : t.days.join(', ')}: peak ${r(Math.max(...t.agents))} agents, ${r(hours)} agent-hours a day`);
  }
  return out.join('\n');
}
