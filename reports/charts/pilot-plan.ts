/**
 * Charts of a pilot plan (`ccsim pilot plan`): the power curves (simulated power against pilot
 * length, one line per design, one panel per stage share, the analytic z-test dashed beside the
 * randomised-calls design, the target as a rule) and the lift by stage (each plan KPI's paired
 * change of the whole center against the baseline, with its 95% CI, and the arms' difference inside
 * the split). Built from the plan document (bench/pilot/plan.ts), not from a results document.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PilotPlanDocument } from '../../bench/pilot/plan.ts';
import type { Chart } from '../chart.ts';
import { COLORS, SIZE, VEGA_CONFIG } from '../theme.ts';

const DESIGN_LABEL: Record<string, string> = { calls: 'randomised calls', agents: 'randomised agents (clustered)', switchback: 'switchback blocks' };
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function pilotPowerChart(plan: PilotPlanDocument): Chart | null {
  const rows: { stage: string; days: number; power: number; series: string; dashed: boolean }[] = [];
  for (const s of plan.stages) {
    for (const p of s.power) {
      const stage = `treatment share ${pct(p.share)}`;
      for (const c of p.curve) {
        rows.push({ stage, days: c.days, power: c.power, series: DESIGN_LABEL[p.design], dashed: false });
        if (c.analytic !== undefined) rows.push({ stage, days: c.days, power: c.analytic, series: 'z-test formula (calls)', dashed: true });
      }
    }
  }
  if (rows.length === 0) return null;
  const series = [...Object.values(DESIGN_LABEL), 'z-test formula (calls)'];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: VEGA_CONFIG,
    title: { text: `Power to detect ${plan.powerKpi} ${plan.lift.value >= 0 ? '+' : ''}${pct(plan.lift.value)} (alpha ${plan.alpha})`, subtitle: `${plan.calibration.pilots} simulated pilots per point; the rule is the target power ${pct(plan.target)}` },
    data: { values: rows },
    facet: { column: { field: 'stage', type: 'nominal', title: null, sort: null } },
    spec: {
      width: Math.max(180, Math.floor((SIZE.width - 40) / Math.max(1, new Set(rows.map((r) => r.stage)).size))),
      height: SIZE.height,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'days', type: 'quantitative', title: 'pilot length (days)' },
            y: { field: 'power', type: 'quantitative', title: 'power', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
            color: { field: 'series', type: 'nominal', sort: series, scale: { domain: series, range: [COLORS.blue, COLORS.orange, COLORS.green, COLORS.grey] }, legend: { title: null } },
            strokeDash: { field: 'dashed', type: 'nominal', scale: { domain: [false, true], range: [[1, 0], [5, 4]] }, legend: null },
          },
        },
        { data: { values: [{ target: plan.target }] }, mark: { type: 'rule', color: COLORS.vermillion, strokeDash: [2, 2] }, encoding: { y: { field: 'target', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { x: 'shared' } },
  } as TopLevelSpec;
  return {
    id: 'pilot-power',
    title: 'Power curves by design and stage',
    caption: 'Share of simulated pilots that detect the lift at each pilot length. Randomised calls is checked against the analytic two-proportion z-test (dashed). The clustered design flattens when there are few agents per arm: more days shrink the noise within agents, not the differences between them.',
    spec,
  };
}

export function pilotStagesChart(plan: PilotPlanDocument): Chart | null {
  const rows: { kpi: string; stage: string; what: string; mean: number; lo: number; hi: number }[] = [];
  for (const s of plan.stages) {
    for (const [kpi, k] of Object.entries(s.kpis)) {
      if (k.change.mean !== null) rows.push({ kpi, stage: pct(s.share), what: 'whole center vs baseline', mean: k.change.mean, lo: k.change.ci95?.[0] ?? k.change.mean, hi: k.change.ci95?.[1] ?? k.change.mean });
      const d = k.arms?.difference;
      if (d && d.mean !== null) rows.push({ kpi, stage: pct(s.share), what: 'treatment arm − baseline arm', mean: d.mean, lo: d.ci95?.[0] ?? d.mean, hi: d.ci95?.[1] ?? d.mean });
    }
  }
  if (rows.length === 0) return null;
  const stages = plan.stages.map((s) => pct(s.share));
  const whats = ['whole center vs baseline', 'treatment arm − baseline arm'];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: VEGA_CONFIG,
    title: { text: 'Lift by stage', subtitle: 'paired 95% CIs over replications (common random numbers)' },
    data: { values: rows },
    facet: { row: { field: 'kpi', type: 'nominal', title: null } },
    spec: {
      width: SIZE.width - 120,
      height: 40 + 28 * stages.length,
      layer: [
        { mark: { type: 'rule', color: COLORS.grey }, encoding: { x: { datum: 0 } } },
        {
          mark: { type: 'errorbar', ticks: true },
          encoding: {
            y: { field: 'stage', type: 'ordinal', sort: stages, title: 'stage' },
            yOffset: { field: 'what', sort: whats },
            x: { field: 'lo', type: 'quantitative', title: 'change' },
            x2: { field: 'hi' },
            color: { field: 'what', type: 'nominal', sort: whats, scale: { domain: whats, range: [COLORS.blue, COLORS.orange] }, legend: { title: null } },
          },
        },
        {
          mark: { type: 'point' },
          encoding: {
            y: { field: 'stage', type: 'ordinal', sort: stages },
            yOffset: { field: 'what', sort: whats },
            x: { field: 'mean', type: 'quantitative' },
            color: { field: 'what', type: 'nominal', sort: whats, legend: null },
          },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
  return {
    id: 'pilot-stages',
    title: 'Lift by stage',
    caption: 'Blue: the whole center against the baseline, which is what a stage delivers. Orange: the treatment arm against the baseline arm inside the split, which is what a pilot measures; where they disagree, the arms affect each other through the shared queue and agents (spillover).',
    spec,
  };
}
