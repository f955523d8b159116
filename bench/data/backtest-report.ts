/**
 * The back-test as text (the error table) and as a self-contained HTML page with charts (the
 * reports module's interval-series chart: the simulated band and mean against the historical
 * values), written with SVG files beside it. No script, no request: inline SVG and CSS only.
 */
import { join } from 'node:path';
import { intervalSeriesSpec, type BandPoint } from '../../reports/charts/interval-series.ts';
import { localTimeMs } from '../../reports/charts/encodings.ts';
import { renderSvg } from '../../reports/render.ts';
import { escapeHtml } from '../../reports/tables.ts';
import { COLORS } from '../../reports/theme.ts';
import { writeFileAtomic } from '../files.ts';
import { formatTable } from '../format.ts';
import type { AggregatePoint, BacktestDocument, BacktestKpi } from './backtest.ts';

const LABELS: Record<BacktestKpi, { title: string; unit: 'calls' | 'share' | 'seconds'; pct: boolean }> = {
  offered: { title: 'offered calls', unit: 'calls', pct: false },
  answered: { title: 'answered calls', unit: 'calls', pct: false },
  abandonRate: { title: 'abandonment (abandoned / offered)', unit: 'share', pct: true },
  asa: { title: 'ASA (seconds)', unit: 'seconds', pct: false },
  serviceLevel: { title: 'service level (answered within T / offered)', unit: 'share', pct: true },
};

function fmt(x: number, pct: boolean): string {
  return pct ? `${(x * 100).toFixed(2)}%` : String(Number(x.toPrecision(4)));
}

export function renderBacktest(doc: BacktestDocument): string {
  const rows = doc.summary.map((s) => {
    const pct = LABELS[s.kpi].pct;
    return [s.kpi, String(s.cells), fmt(s.historyMean, pct), fmt(s.simulatedMean, pct), fmt(s.bias, pct), fmt(s.mae, pct), fmt(s.rmse, pct), `${(s.coverage * 100).toFixed(1)}%`];
  });
  return [
    `backtest: ${doc.scenario} against ${doc.history}: ${doc.replications} replications, per ${doc.intervalSeconds / 60}-minute interval of each day`,
    `prediction band: simulated order statistics ${doc.band.k} and ${doc.replications + 1 - doc.band.k} of ${doc.replications} (nominal coverage ${(doc.band.nominal * 100).toFixed(1)}%)`,
    '',
    formatTable(['KPI', 'intervals', 'history mean', 'simulated mean', 'bias (h - s)', 'MAE', 'RMSE', 'band coverage'], rows, [false, true, true, true, true, true, true, true]),
  ].join('\n');
}

/** Points of an aggregate series: the average day on a reference date, or one point per day at noon. */
function points(series: AggregatePoint[], at: (key: string) => number): BandPoint[] {
  const out: BandPoint[] = [];
  for (const p of series) {
    const t = at(p.key);
    if (p.mean !== null) out.push({ t, series: 'simulated', mean: p.mean, p5: p.lo, p95: p.hi });
    if (p.history !== null) out.push({ t, series: 'history', mean: p.history, p5: null, p95: null });
  }
  return out;
}

export async function writeBacktestReport(doc: BacktestDocument, dir: string): Promise<string[]> {
  const files: string[] = [];
  const figures: string[] = [];
  const half = (doc.intervalSeconds * 1000) / 2;
  const charts: { id: string; kpi: BacktestKpi; title: string; pts: BandPoint[] }[] = [];
  for (const kpi of ['offered', 'abandonRate', 'serviceLevel', 'asa'] as const) {
    const summary = doc.summary.find((s) => s.kpi === kpi)!;
    charts.push({
      id: `day-${kpi}`,
      kpi,
      title: `The average day, ${LABELS[kpi].title} (per-interval band coverage ${(summary.coverage * 100).toFixed(1)}% of ${summary.cells} intervals)`,
      pts: points(doc.averageDay[kpi], (key) => localTimeMs(`2000-01-03T${key}`) + half),
    });
  }
  for (const kpi of ['offered', 'abandonRate'] as const) {
    charts.push({ id: `daily-${kpi}`, kpi, title: `Day by day, ${LABELS[kpi].title === 'offered calls' ? 'offered calls per day' : 'abandonment per day'}`, pts: points(doc.daily[kpi], (key) => localTimeMs(`${key}T12:00`)) });
  }
  for (const c of charts) {
    const kpi = c.kpi;
    const spec = intervalSeriesSpec({
      title: c.title,
      subtitle: `line: history; band: ${(doc.band.nominal * 100).toFixed(0)}% prediction band across ${doc.replications} replications (order statistics), blue line its mean`,
      points: c.pts,
      unit: LABELS[kpi].unit,
      yTitle: LABELS[kpi].title,
      colors: { domain: ['simulated', 'history'], range: [COLORS.blue, COLORS.vermillion] },
    });
    const svg = await renderSvg(spec);
    const file = join(dir, `backtest-${c.id}.svg`);
    writeFileAtomic(file, svg);
    files.push(file);
    figures.push(`<figure><div class="chart">${svg}</div></figure>`);
  }
  const table = escapeHtml(renderBacktest(doc));
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Back-test: ${escapeHtml(doc.scenario)}</title>
<style>body{font-family:"DejaVu Sans",sans-serif;margin:2em;color:#222}pre{background:#f6f6f6;padding:1em;overflow-x:auto}figure{margin:1.5em 0}</style>
</head><body>
<h1>Back-test: ${escapeHtml(doc.scenario)} against ${escapeHtml(doc.history)}</h1>
<p>Each historical interval is compared with the same local interval simulated ${doc.replications} times. The band is a prediction band (the spread of single simulated days), not a confidence interval of a mean.</p>
<pre>${table}</pre>
${figures.join('\n')}
</body></html>
`;
  const page = join(dir, 'backtest.html');
  writeFileAtomic(page, html);
  writeFileAtomic(join(dir, 'backtest.json'), `${JSON.stringify(doc, null, 2)}\n`);
  return [page, ...files, join(dir, 'backtest.json')];
}
