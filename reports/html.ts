/**
 * The report page: one HTML file with the charts' SVGs and the CSS inline and no script, so it
 * opens offline, from an e-mail attachment or a CI artifact, and makes no request at all (a
 * Content-Security-Policy forbids any, so a stray external reference fails loudly in the browser
 * test instead of leaking).
 */
import type { Chart } from './chart.ts';
import { describeInput, variantsOf, type ReportInput } from './document.ts';
import { escapeHtml, tablesFor } from './tables.ts';

export interface RenderedChart {
  chart: Chart;
  svg: string;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 32px 0 8px; }
.meta { color: #555; font-size: .9rem; margin: 2px 0; }
nav ol { columns: 2; font-size: .9rem; padding-left: 1.4em; }
nav a { color: #0060a0; text-decoration: none; }
section.chart { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 12px 16px; margin: 18px 0; }
section.chart figure { margin: 0; overflow-x: auto; }
section.chart svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #444; font-size: .88rem; margin-top: 6px; max-width: 920px; }
.tables { overflow-x: auto; }
table { border-collapse: collapse; font-size: .86rem; background: #fff; margin: 8px 0 16px; }
caption { text-align: left; color: #444; padding: 4px 0 8px; font-size: .88rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f1f1f1; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.dot { display: inline-block; width: .6em; height: .6em; border-radius: 50%; margin-right: .4em; }
.notes { background: #fff7e0; border: 1px solid #f0d890; padding: 8px 14px; border-radius: 6px; font-size: .9rem; }
footer { color: #777; font-size: .8rem; margin-top: 36px; }
`;

/** Prefix the SVG's ids (vega numbers its clip paths and gradients from 1 in every SVG) so inline SVGs do not collide. */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`);
}

function metaLines(input: ReportInput): string[] {
  if (input.kind === 'sweep') return [`sweep of ${input.doc.points.length} points`];
  const variants = variantsOf(input);
  const first = variants[0].doc;
  const p = first.provenance;
  const lines = [
    input.kind === 'compare'
      ? `comparison under common random numbers: ${variants.map((v) => escapeHtml(v.name)).join(' · ')}`
      : `scenario ${escapeHtml(first.scenario)}`,
    `${first.replications} replication${first.replications === 1 ? '' : 's'}, seed ${first.seed}; ` +
      `${variants.reduce((s, v) => s + v.doc.perf.calls, 0).toLocaleString('en-US')} calls simulated`,
    `ccsim ${escapeHtml(p.ccsim)}${p.commit ? `, commit ${p.commit.slice(0, 12)}` : ''}, node ${escapeHtml(p.node)}, scenario hash ${p.scenarioHash.slice(0, 12)}`,
  ];
  return lines;
}

export function buildHtml(input: ReportInput, rendered: RenderedChart[], notes: string[]): string {
  const title = `ccsim report: ${describeInput(input)}`;
  const toc = rendered.map(({ chart }) => `<li><a href="#${chart.id}">${escapeHtml(chart.title)}</a></li>`).join('\n');
  const sections = rendered
    .map(
      ({ chart, svg }) =>
        `<section class="chart" id="${chart.id}" data-chart="${chart.id}">\n<figure>\n${scopeSvgIds(svg, chart.id)}\n` +
        `<figcaption>${escapeHtml(chart.caption)}</figcaption>\n</figure>\n</section>`,
    )
    .join('\n');
  const noteBlock = notes.length > 0 ? `<div class="notes"><strong>Notes</strong><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(title)}</h1>
${metaLines(input).map((l) => `<p class="meta">${l}</p>`).join('\n')}
</header>
${noteBlock}
<nav><h2>Contents</h2><ol><li><a href="#kpis">Tables</a></li>
${toc}</ol></nav>
<section id="kpis" class="tables">
<h2>${input.kind === 'sweep' ? 'Sweep points' : 'KPIs'}</h2>
${tablesFor(input)}
</section>
<h2>Charts</h2>
${sections}
<footer>Written by <code>ccsim report</code>. Charts are static SVG (vega-lite); the same charts are saved beside this file as SVG and, with --png, as PNG.</footer>
</main>
</body>
</html>
`;
}
