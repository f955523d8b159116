/**
 * The report pipeline, end to end: document → chart specs (registry) → SVG (vega, headless) →
 * PNG (resvg, optional) → one self-contained HTML page. Every file is written atomically, so a
 * reader never sees half a report.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../bench/files.ts';
import type { ReportInput } from './document.ts';
import { buildHtml, type RenderedChart } from './html.ts';
import { selectCharts } from './registry.ts';
import { renderPng, renderSvg } from './render.ts';

export interface ReportOptions {
  /** Also write a PNG per chart. */
  png?: boolean;
}

export interface ReportSummary {
  html: string;
  /** Every file written, report.html last. */
  files: string[];
  charts: string[];
  notes: string[];
  /** Wall time of each phase, milliseconds. */
  timings: { specs: number; svg: number; png: number; html: number; total: number };
}

export async function writeReport(input: ReportInput, dir: string, opts: ReportOptions = {}): Promise<ReportSummary> {
  const t0 = performance.now();
  const { charts, notes } = selectCharts(input);
  const t1 = performance.now();
  const rendered: RenderedChart[] = [];
  const files: string[] = [];
  for (const chart of charts) {
    const warnings: string[] = [];
    const svg = await renderSvg(chart.spec, warnings);
    // A compiler warning means a chart drew less than it was built to: say so where people look.
    for (const w of warnings) notes.push(`${chart.id}: ${w}`);
    rendered.push({ chart, svg });
    const file = join(dir, `${chart.id}.svg`);
    writeFileAtomic(file, svg);
    files.push(file);
  }
  const t2 = performance.now();
  if (opts.png) {
    for (const { chart, svg } of rendered) {
      const file = join(dir, `${chart.id}.png`);
      writeFileAtomic(file, renderPng(svg).data);
      files.push(file);
    }
  }
  const t3 = performance.now();
  const html = join(dir, 'report.html');
  writeFileAtomic(html, buildHtml(input, rendered, notes));
  files.push(html);
  const t4 = performance.now();
  const ms = (a: number, b: number) => Math.round(b - a);
  return {
    html,
    files,
    charts: charts.map((c) => c.id),
    notes,
    timings: { specs: ms(t0, t1), svg: ms(t1, t2), png: ms(t2, t3), html: ms(t3, t4), total: ms(t0, t4) },
  };
}
