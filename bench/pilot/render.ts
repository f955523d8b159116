/** A pilot plan for people: the terminal table (also the markdown file) and the HTML report with its charts. */
import { join } from 'node:path';
import { findKpiDef } from '../kpi-defs.ts';
import { writeFileAtomic } from '../files.ts';
import { formatInterval, formatTable, formatValue } from '../format.ts';
import { pilotPowerChart, pilotStagesChart } from '../../reports/charts/pilot-plan.ts';
import { renderPng, renderSvg } from '../../reports/render.ts';
import { escapeHtml } from '../../reports/tables.ts';
import type { Chart } from '../../reports/chart.ts';
import type { Estimate, PilotPlanDocument } from './plan.ts';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const unitOf = (kpi: string) => findKpiDef(kpi)?.unit;
const show = (kpi: string, e: Estimate | null | undefined, signed = false) => {
  if (!e || e.mean === null) return '-';
  const v = formatValue(e.mean, unitOf(kpi));
  return `${signed && e.mean >= 0 ? '+' : ''}${v} ${formatInterval(e.ci95, unitOf(kpi))}`;
};
const DESIGNS: Record<string, string> = { calls: 'calls', agents: 'agents (clustered)', switchback: 'switchback' };

export function renderPlan(plan: PilotPlanDocument): string {
  const out: string[] = [];
  const p = plan.powerKpi;
  out.push(`${plan.scenario}: pilot plan, unit ${plan.unit}, ${plan.replications} replications per stage, seed ${plan.seed}`);
  out.push(`baseline ${p}: ${show(p, plan.baseline[p])}; full rollout: ${show(p, plan.fullRollout[p], true)}`);
  out.push(`lift powered for: ${plan.lift.value >= 0 ? '+' : ''}${formatValue(plan.lift.value, 'share')} (${plan.lift.source}); alpha ${plan.alpha}, target power ${pct(plan.target)}`);
  out.push(`calibration: ${plan.calibration.days} simulated days per world, ${plan.calibration.conversationsPerDay[0].toFixed(0)} conversations a day, ${p} ${pct(plan.calibration.rate[0])} -> ${pct(plan.calibration.rate[1])}; ${plan.calibration.pilots} pilots per point`);
  out.push('');
  const designs = [...new Set(plan.stages.flatMap((s) => s.power.map((d) => d.design)))];
  const header = ['stage', 'go', ...plan.kpis.map((k) => `${k} (center vs baseline)`), `${p} (arm difference)`, ...designs.map((d) => `days: ${DESIGNS[d]}`)];
  const rows = plan.stages.map((s) => [
    pct(s.share),
    s.go ? 'go' : 'NO-GO',
    ...plan.kpis.map((k) => show(k, s.kpis[k]?.change, true)),
    show(p, s.kpis[p]?.arms?.difference, true),
    ...designs.map((d) => {
      const dp = s.power.find((x) => x.design === d);
      if (!dp) return 'n/a';
      return dp.days === null ? `> ${dp.curve[dp.curve.length - 1].days}` : `${dp.days} (${dp.conversations?.toLocaleString('en-US')} conv.)`;
    }),
  ]);
  out.push(formatTable(header, rows));
  out.push('');
  out.push('guardrails (whole center; judged on the pessimistic end of the 95% CI):');
  const grows = plan.stages.flatMap((s) => s.guardrails.map((g) => [
    pct(s.share),
    g.kpi,
    `${g.kind} ${formatValue(g.limit, unitOf(g.kpi))}`,
    show(g.kpi, g.value, g.kind === 'maxIncrease' || g.kind === 'maxDecrease'),
    g.pass ? 'pass' : 'FAIL',
    g.rule ?? '',
  ]));
  out.push(grows.length > 0 ? formatTable(['stage', 'KPI', 'limit', 'value [95% CI]', 'result', 'rule'], grows) : '  (none set)');
  out.push('');
  const r = plan.recommendation;
  if (r === null) out.push('recommendation: none (no stage passes its guardrails)');
  else if (r.reachesTarget) out.push(`recommendation: randomise ${DESIGNS[r.design]} at ${pct(r.share)} for ${r.days} day${r.days === 1 ? '' : 's'} (${r.conversations?.toLocaleString('en-US')} conversations; simulated power ${pct(r.power)}): ${r.reason}`);
  else out.push(`recommendation: ${DESIGNS[r.design]} at ${pct(r.share)} reaches only ${pct(r.power)}: ${r.reason}`);
  return out.join('\n');
}

export function planCharts(plan: PilotPlanDocument): Chart[] {
  return [pilotPowerChart(plan), pilotStagesChart(plan)].filter((c): c is Chart => c !== null);
}

/** Writes DIR/<chart>.svg (and .png), then DIR/report.html with the plan table and the charts inline. */
export async function writePlanReport(plan: PilotPlanDocument, dir: string, png = false): Promise<string> {
  const parts: string[] = [];
  for (const chart of planCharts(plan)) {
    const svg = await renderSvg(chart.spec);
    writeFileAtomic(join(dir, `${chart.id}.svg`), svg);
    if (png) writeFileAtomic(join(dir, `${chart.id}.png`), renderPng(svg).data);
    parts.push(`<section class="chart" id="${chart.id}"><h2>${escapeHtml(chart.title)}</h2><figure>${svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure></section>`);
  }
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(plan.scenario)}: pilot plan</title>
<style>body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#222;margin:0;background:#fafafa}main{max-width:1180px;margin:0 auto;padding:24px 28px}pre{background:#fff;border:1px solid #e3e3e3;padding:12px;overflow-x:auto;font-size:.8rem}section.chart{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:18px 0}svg{max-width:100%;height:auto}figcaption{color:#444;font-size:.88rem}</style></head>
<body><main><h1>${escapeHtml(plan.scenario)}: pilot plan</h1><pre>${escapeHtml(renderPlan(plan))}</pre>${parts.join('\n')}</main></body></html>
`;
  const file = join(dir, 'report.html');
  writeFileAtomic(file, html);
  return file;
}
