/**
 * The calibrated scenario as a commented YAML file that `ccsim run` accepts as it is: every fitted
 * field carries the fit quality beside it (sample size, the test behind the choice, the parameters'
 * 95% intervals), and what could not be put in the scenario (outbound answer rates, the weekday
 * profile table) is written as comments.
 */
import { parse } from 'yaml';
import { formatP, type DistFit } from '../../sim/stats/fit.ts';
import type { AgentGroupSpec } from '../../scenarios/schema.ts';
import { staffingGroups, type Calibration } from './calibrate.ts';
import type { DurationFit, ScenarioDist } from './durations-fit.ts';

export interface ScenarioOptions {
  name: string;
  seed?: number;
  replications?: number;
  slSeconds?: number;
}

const r = (x: number, digits = 4) => Number(x.toPrecision(digits));
const ci = (c: [number, number]) => `[${r(c[0])}, ${r(c[1])}]`;

function flow(obj: Record<string, unknown>): string {
  return `{ ${Object.entries(obj)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'string' ? (/^[\w./-]+$/.test(v) ? v : JSON.stringify(v)) : typeof v === 'number' ? r(v, 6) : String(v)}`)
    .join(', ')} }`;
}

function distComment(f: DurationFit): string {
  const fit = f.chosenFit;
  const parts = [`n = ${f.n}`];
  if (fit) {
    parts.push(`${fit.kind} MLE, chi-square ${fit.gof.chiSquare.toFixed(1)} on ${fit.gof.df} df, p ${formatP(fit.gof.p)}, KS ${fit.gof.ks.toFixed(4)}`);
    parts.push(fit.params.map((p) => `${p.name} 95% CI ${ci(p.ci95)}`).join(', '));
  } else parts.push(f.reason);
  return parts.join('; ');
}

function candidatesComment(f: DurationFit, indent: string): string[] {
  if (f.candidates.length === 0) return [];
  const rows = [...f.candidates].sort((a, b) => a.aic - b.aic).map((c: DistFit) => `${indent}#   ${c.kind.padEnd(11)} AIC ${c.aic.toFixed(1).padStart(12)}  chi-square p ${formatP(c.gof.p).padStart(8)}  KS ${c.gof.ks.toFixed(4)}`);
  return [`${indent}# candidates (chosen: ${f.reason}):`, ...rows];
}

function distLine(key: string, d: ScenarioDist, indent: string): string {
  return `${indent}${key}: ${flow(d as unknown as Record<string, unknown>)}`;
}

/** The scenario's YAML text and the object it reads as (validated by the caller). */
export function scenarioOf(cal: Calibration, opts: ScenarioOptions): { object: Record<string, unknown>; yaml: string } {
  const doc = cal.doc;
  const a = doc.arrivals;
  const interval = a ? a.intervalSeconds : 900;
  const lines: string[] = [];
  const obj: Record<string, unknown> = {}; // the top-level fields, written as flows below
  lines.push(`# Calibrated by ccsim calibrate from ${doc.source.path}${doc.source.kind === 'records' ? ` (records, variant ${doc.source.variant}, replication ${doc.source.replication})` : ''}`);
  lines.push(`# History: ${doc.period.first} .. ${doc.period.last} (${doc.period.days} days, ${doc.timeZone}); ${doc.exclusions.rowsKept} of ${doc.exclusions.rowsRead} rows used.`);
  for (const i of doc.exclusions.issues) lines.push(`#   ${i.severity === 'error' ? 'excluded' : 'kept, flagged'}: ${i.code}: ${i.count} rows`);
  lines.push('# Every fitted value has its fit quality beside it; 95% intervals are for the parameter, not a prediction.');
  obj.name = opts.name;
  obj.seed = opts.seed ?? 1;
  obj.replications = opts.replications ?? 20;
  obj.calendar = { start: doc.period.start, timeZone: doc.timeZone };
  obj.horizon = { hours: Number(doc.period.hours.toFixed(6)) };
  obj.serviceLevel = { seconds: opts.slSeconds ?? 20 };
  obj.series = { intervalMinutes: interval / 60 };
  lines.push(`name: ${opts.name}`, `seed: ${obj.seed}`, `replications: ${obj.replications}`);
  lines.push(`calendar: ${flow(obj.calendar as Record<string, unknown>)}   # the history's first instant`);
  lines.push(`horizon: ${flow(obj.horizon as Record<string, unknown>)}   # the history's length: a back-test simulates the same days`);
  lines.push(`serviceLevel: ${flow(obj.serviceLevel as Record<string, unknown>)}`, `series: ${flow(obj.series as Record<string, unknown>)}`);
  if (a && cal.inbound) {
    lines.push('inbound:', '  arrivals:');
    lines.push(`    # ${a.totalCalls} calls over ${a.days} days (${a.fullDays} whole), ${r(a.meanDailyVolume)} a day on average; rate per ${interval / 60}-minute interval, mean over the days`);
    lines.push('    # with a 95% Student-t interval over the days (it includes the day-to-day variation).');
    lines.push('    profile:');
    const profile: { from: string; perHour: number }[] = [];
    let last = -1;
    let started = false;
    for (const rate of a.rates) {
      const v = Math.round(rate.perHour * 100) / 100;
      if (!started && v === 0) continue;
      started = true;
      if (v === last) continue;
      last = v;
      profile.push({ from: rate.from, perHour: v });
      lines.push(`      - ${flow({ from: rate.from, perHour: v })}   # 95% CI ${ci(rate.ci95)}, ${rate.calls} calls`);
    }
    if (profile.length === 0) lines.push(`      - ${flow({ from: '00:00', perHour: 0 })}   # no inbound call in any interval`);
    const wt = a.weekdayTest;
    const wtText = wt ? `one-way ANOVA of daily volumes by weekday: F ${wt.f.toFixed(2)} on (${wt.df1}, ${wt.df2}) df, p ${formatP(wt.p)}` : 'not testable (too few days)';
    if (a.useWeekdayFactors) {
      const factors = Object.fromEntries(a.weekdays.map((w) => [w.day, r(w.factor)]));
      lines.push(`    weekdayFactors: ${flow(factors)}   # ${wtText}: weekdays differ`);
    } else lines.push(`    # weekdayFactors: none (${wtText}: no difference at 1%)`);
    const dv = a.dailyVariation;
    if (dv && dv.p < 0.01 && dv.cv > 0) {
      lines.push(`    dailyVariation: ${flow({ cv: r(dv.cv) })}   # 95% CI ${ci(dv.ci95)}; dispersion of daily volumes ${dv.dispersion.toFixed(1)} on ${dv.df} df vs Poisson, p ${formatP(dv.p)}`);
    } else if (dv) lines.push(`    # dailyVariation: none (daily volumes not over-dispersed at 1%: dispersion ${dv.dispersion.toFixed(1)} on ${dv.df} df, p ${formatP(dv.p)})`);
    const { talk, wrap, patience } = cal.inbound;
    const wrapUseful = wrap !== null && wrap.n > 0;
    if (talk) {
      const key = wrapUseful ? 'talkTime' : 'handleTime';
      lines.push(`  # ${key}: ${distComment(talk)}`, ...candidatesComment(talk, '  '), distLine(key, talk.chosen, '  '));
    } else {
      lines.push('  # handleTime: no answered call with a talk time in the history: a placeholder, edit it', distLine('handleTime', { dist: 'exponential', mean: 300 }, '  '));
    }
    if (wrapUseful && talk) {
      lines.push(`  # wrapTime: ${distComment(wrap!)}`, ...candidatesComment(wrap!, '  '), distLine('wrapTime', wrap!.chosen, '  '));
    }
    const p = doc.patience;
    if (patience && p) {
      lines.push(`  # patience from ${p.observations} waits: ${p.events} abandoned (patience observed), ${p.censored} answered (censored: patience at least the wait)`);
      lines.push(`  #   censored exponential: mean ${r(p.exponential.mean.value)} s, 95% CI ${ci(p.exponential.mean.ci95)}`);
      if (p.weibull) lines.push(`  #   censored Weibull: shape ${r(p.weibull.shape)} ${ci(p.weibull.params[0].ci95)}, scale ${r(p.weibull.scale)} s ${ci(p.weibull.params[1].ci95)}`);
      lines.push(`  #   chosen: ${p.reason}; Kaplan-Meier median ${p.kmMedian === null ? 'not reached' : `${r(p.kmMedian)} s`}, largest gap to the fitted survival ${p.maxKmGap.toFixed(4)}`);
      lines.push(`  #   (the naive mean of abandoned waits, ${r(p.naive.mean)} s, ignores the censored callers and is biased low)`);
      lines.push(distLine('patience', patience, '  '));
    } else lines.push('  # patience: nobody abandoned in the history: callers are taken to wait for ever');
  }
  const groups = staffingOf(cal, interval);
  lines.push(`agents:   # ${groups.comment}`);
  for (const g of groups.groups) lines.push(`  - { group: ${g.group}, count: ${g.count}${g.shift ? `, shift: ${flow({ start: g.shift.start, end: g.shift.end, ...(g.shift.days.length < 7 ? { days: g.shift.days } : {}) })}` : ''} }`);
  const o = doc.outbound;
  if (o) {
    lines.push('', `# Outbound attempts in the history: ${o.attempts} to ${o.leads} leads; answer rate ${r(o.overall.answerRate ?? 0)} of attempts that reached a line${o.hourTest ? ` (by local hour: chi-square ${o.hourTest.statistic.toFixed(1)} on ${o.hourTest.df} df, p ${formatP(o.hourTest.p)})` : ''}.`);
    lines.push('# A campaign section takes these as outbound.behaviour (add leads, pacing and compliance):');
    lines.push(`#   behaviour: ${flow({ answer: r(o.behaviour.answer), busy: r(o.behaviour.busy), invalid: r(o.behaviour.invalid), machine: r(o.behaviour.machine) })}`);
    lines.push(`#   hourFactors: ${flow(Object.fromEntries(Object.entries(o.behaviour.hourFactors).map(([k, v]) => [`"${k}"`, v])))}`);
    lines.push(`#   weekdayFactors: ${flow(o.behaviour.weekdayFactors)}`);
  }
  if (!a) {
    lines.push('# No inbound calls in the history: the scenario needs an inbound or outbound section before it runs.');
  }
  const yaml = `${lines.join('\n')}\n`;
  // The object is the text read back, so what is validated is exactly what was written (rounded values included).
  return { object: parse(yaml) as Record<string, unknown>, yaml };
}

function staffingOf(cal: Calibration, interval: number): { groups: AgentGroupSpec[]; comment: string } {
  const s = cal.doc.staffing;
  if (s.source === 'none' || s.tables.length === 0) {
    return { groups: [{ group: 'agents', count: 1 } as AgentGroupSpec], comment: 'no agent log and no agent ids in the CDRs: a placeholder, set the staffing (ccsim staff can plan it)' };
  }
  const groups = staffingGroups(s, interval);
  const what = s.source === 'agent-log'
    ? 'staffing present in the agent log (time-average agents idle or busy per interval, mean over the days, rounded), as shift blocks'
    : 'distinct agents who answered calls per interval (a lower bound: no agent log was given), as shift blocks';
  return { groups: groups.length ? groups : [{ group: 'agents', count: 0 } as AgentGroupSpec], comment: `${what}${s.tables.length > 1 ? ', one set per weekday' : ''}` };
}
