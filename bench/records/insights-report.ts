/**
 * The insights document as markdown (printed and written) and as one self-contained HTML page
 * (inline CSS and inline SVG interval plots, no script, no request: a Content-Security-Policy
 * forbids any, as in the run reports).
 */
import { escapeHtml } from '../../reports/tables.ts';
import type { DimensionResult, InsightsDocument, LevelResult, VariantInsights } from './insights.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
const ci = (c: [number, number] | null | undefined) => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : '-');
const pp = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pp`;
const ppCi = (c: [number, number]) => `[${pp(c[0])}, ${pp(c[1])}]`;
const pval = (p: number | null | undefined) => (p === null || p === undefined ? '-' : p < 0.0001 ? '<0.0001' : p.toFixed(4));
const pvalRel = (p: number) => (p < 0.0001 ? '< 0.0001' : `= ${p.toFixed(4)}`);
const int = (n: number) => n.toLocaleString('en-US');

function levelCells(l: LevelResult): string[] {
  return [
    l.level,
    int(l.conversations),
    int(l.conversions),
    pct(l.rate),
    ci(l.ci95),
    l.vsRest ? pp(l.vsRest.difference) : '-',
    l.vsRest ? ppCi(l.vsRest.ci95) : '-',
    pval(l.vsRest?.p),
    pval(l.q),
    l.verdict,
  ];
}

const HEADER = ['level', 'conversations', 'conversions', 'rate', '95% CI', 'vs rest', '95% CI of difference', 'p', 'q (BH)', 'verdict'];

function mdTable(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function mdDimension(d: DimensionResult): string {
  const lines = [`### ${d.title}: ${d.question}`, '', `**${d.label}**: ${d.labelReason}.`];
  if (d.confounders.length > 0) lines.push(`Likely confounders: ${d.confounders.join('; ')}.`);
  if (d.note) lines.push('', `_${d.note}_`);
  if (d.levels.length > 0) {
    lines.push('', mdTable(HEADER, d.levels.map(levelCells)));
    if (d.homogeneity) lines.push('', `All levels equal? chi-square ${d.homogeneity.statistic.toFixed(2)} on ${d.homogeneity.df} df, p ${pvalRel(d.homogeneity.p)}.`);
  }
  return lines.join('\n');
}

function mdVariant(v: VariantInsights, several: boolean): string {
  const head = several ? [`## Variant ${v.variant}`, ''] : [];
  return [
    ...head,
    `${int(v.conversations)} conversations in ${v.replications} replication${v.replications === 1 ? '' : 's'}, ${int(v.conversions)} conversions: ${pct(v.rate)} ${ci(v.ci95)}.`,
    '',
    '**Which script, which hours, which segments:**',
    '',
    ...v.findings.map((f) => `- ${f}`),
    '',
    ...v.dimensions.map((d) => `${mdDimension(d)}\n`),
  ].join('\n');
}

export function insightsMarkdown(doc: InsightsDocument): string {
  const m = doc.method;
  return [
    '# Insights: conversion by script, hour, segment and agent group',
    '',
    `Records: \`${doc.records}\` (local time: ${doc.timeZone}).`,
    '',
    `Method: the unit is ${m.unit}. ${m.interval}. Tests: ${m.test}. Multiple comparisons: ${m.multipleComparisons}; ` +
      `a level is called better or worse than the rest only when q <= ${m.fdr}. Levels with fewer than ${m.minConversations} conversations are shown but not tested. ` +
      'A comparison is causal only where the records say the compared thing was assigned at random; otherwise it is observational and its likely confounders are named.',
    '',
    ...doc.variants.map((v) => mdVariant(v, doc.variants.length > 1)),
  ].join('\n');
}

// ---------------------------------------------------------------- HTML

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #222; margin: 0; background: #fafafa; line-height: 1.45; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 8px; } h2 { font-size: 1.3rem; margin: 32px 0 8px; } h3 { font-size: 1.05rem; margin: 24px 0 6px; }
.method, .meta { color: #555; font-size: .88rem; }
section.dim { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 10px 16px 14px; margin: 16px 0; }
.label { display: inline-block; font-size: .78rem; font-weight: 600; padding: 1px 8px; border-radius: 10px; margin-right: 6px; }
.label.causal { background: #dff3e4; color: #1b6b35; } .label.observational { background: #fdf0d5; color: #8a5a00; }
.confounders { color: #6a4a00; font-size: .88rem; }
table { border-collapse: collapse; font-size: .84rem; background: #fff; margin: 8px 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 9px; text-align: left; }
th { background: #f1f1f1; font-weight: 600; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.better { color: #1b6b35; font-weight: 600; } td.worse { color: #a0281e; font-weight: 600; }
ul.findings li { margin: 4px 0; }
svg text { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 11px; fill: #333; }
`;

/** Dot-and-whisker plot of each level's rate and Wilson interval, with the overall rate as a line. */
function intervalSvg(d: DimensionResult, overall: number | null): string {
  const levels = d.levels.filter((l) => l.ci95);
  if (levels.length === 0) return '';
  const row = 20;
  const left = 150;
  const width = 560;
  const height = levels.length * row + 30;
  const max = Math.min(1, Math.max(...levels.map((l) => l.ci95![1]), overall ?? 0) * 1.1 || 1);
  const x = (v: number) => left + (v / max) * width;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="4" y2="${height - 22}" stroke="#eee"/>`);
    parts.push(`<text x="${x(v).toFixed(1)}" y="${height - 8}" text-anchor="middle">${(v * 100).toFixed(0)}%</text>`);
  }
  if (overall !== null) parts.push(`<line x1="${x(overall).toFixed(1)}" x2="${x(overall).toFixed(1)}" y1="4" y2="${height - 22}" stroke="#888" stroke-dasharray="4 3"/>`);
  levels.forEach((l, i) => {
    const y = 14 + i * row;
    const colour = l.verdict === 'better' ? '#1b8a45' : l.verdict === 'worse' ? '#c0392b' : '#4a6fa5';
    parts.push(`<text x="${left - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(l.level.length > 22 ? `${l.level.slice(0, 21)}…` : l.level)}</text>`);
    parts.push(`<line x1="${x(l.ci95![0]).toFixed(1)}" x2="${x(l.ci95![1]).toFixed(1)}" y1="${y}" y2="${y}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<circle cx="${x(l.rate).toFixed(1)}" cy="${y}" r="4" fill="${colour}"/>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" viewBox="0 0 ${left + width + 20} ${height}" role="img" aria-label="${escapeHtml(d.title)}: conversion rate with 95% CI">${parts.join('')}</svg>`;
}

function htmlDimension(d: DimensionResult, overall: number | null): string {
  const numeric = [false, true, true, true, true, true, true, true, true, false];
  const head = HEADER.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = d.levels
    .map((l) => {
      const cells = levelCells(l).map((c, i) => `<td class="${numeric[i] ? 'num' : ''}${i === 9 && (l.verdict === 'better' || l.verdict === 'worse') ? ` ${l.verdict}` : ''}">${escapeHtml(c)}</td>`);
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  return `<section class="dim"><h3>${escapeHtml(d.title)}: ${escapeHtml(d.question)}</h3>
<p><span class="label ${d.label}">${d.label}</span>${escapeHtml(d.labelReason)}.</p>
${d.confounders.length > 0 ? `<p class="confounders">Likely confounders: ${escapeHtml(d.confounders.join('; '))}.</p>` : ''}
${d.note ? `<p><em>${escapeHtml(d.note)}</em></p>` : ''}
${d.levels.length > 0 ? `<figure>${intervalSvg(d, overall)}</figure><div><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>` : ''}
${d.homogeneity ? `<p class="meta">All levels equal? chi-square ${d.homogeneity.statistic.toFixed(2)} on ${d.homogeneity.df} df, p ${pvalRel(d.homogeneity.p)}.</p>` : ''}
</section>`;
}

export function insightsHtml(doc: InsightsDocument): string {
  const m = doc.method;
  const variants = doc.variants
    .map(
      (v) => `${doc.variants.length > 1 ? `<h2>Variant ${escapeHtml(v.variant)}</h2>` : ''}
<p>${int(v.conversations)} conversations in ${v.replications} replication${v.replications === 1 ? '' : 's'}, ${int(v.conversions)} conversions: <strong>${pct(v.rate)}</strong> ${ci(v.ci95)}.</p>
<h3>Which script, which hours, which segments</h3>
<ul class="findings">${v.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>
${v.dimensions.map((d) => htmlDimension(d, v.rate)).join('\n')}`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ccsim insights</title><style>${CSS}</style></head>
<body><main>
<h1>Insights: conversion by script, hour, segment and agent group</h1>
<p class="meta">Records: ${escapeHtml(doc.records)} (local time: ${escapeHtml(doc.timeZone)})</p>
<p class="method">Method: the unit is ${escapeHtml(m.unit)}. ${escapeHtml(m.interval)}. Tests: ${escapeHtml(m.test)}. Multiple comparisons: ${escapeHtml(m.multipleComparisons)}; a level is called better or worse than the rest only when q &le; ${m.fdr}. Levels with fewer than ${m.minConversations} conversations are shown but not tested. A comparison is causal only where the records say the compared thing was assigned at random; otherwise it is observational and its likely confounders are named.</p>
${variants}
</main></body></html>
`;
}
