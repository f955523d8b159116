// Rendering: vega draws the SVG headless with its text, resvg turns it into a PNG of the right size
// whose text is really drawn (resvg silently drops text it has no font for), and the HTML page
// inlines the SVGs without id clashes.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { toReportInput } from '../../reports/document.ts';
import { buildHtml, scopeSvgIds } from '../../reports/html.ts';
import { selectCharts } from '../../reports/registry.ts';
import { FONT_FILES, rasterize, renderPng, renderSvg } from '../../reports/render.ts';
import { COLORS, PNG_SCALE, VEGA_CONFIG } from '../../reports/theme.ts';
import { syntheticResults, syntheticSweep } from './synthetic.ts';

const bars = (title: { text: string; color: string } | null): TopLevelSpec => ({
  config: VEGA_CONFIG,
  // The same title box with or without visible glyphs keeps the layout identical.
  title: title ? { text: title.text, color: title.color } : undefined,
  width: 300,
  height: 120,
  data: { values: [{ k: 'a', v: 3 }, { k: 'b', v: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative', title: 'calls' } },
});

const svgSize = (svg: string) => {
  const m = /<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('SVG', () => {
  it('has the marks and the text: title, axis titles, labels', async () => {
    const svg = await renderSvg(bars({ text: 'Calls by kind', color: COLORS.ink }));
    expect(svg.startsWith('<svg')).toBe(true);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['Calls by kind', 'calls', 'a', 'b']));
    expect(svg).toMatch(/class="mark-rect role-mark/);
    expect(svg).toMatch(/font-family="DejaVu Sans/);
  });
});

describe('PNG', () => {
  it('ships the fonts it draws text with', () => {
    for (const f of FONT_FILES) expect(existsSync(f), f).toBe(true);
  });

  it('is a PNG of the SVG size times the scale', async () => {
    const svg = await renderSvg(bars({ text: 'Calls by kind', color: COLORS.ink }));
    const png = renderPng(svg);
    expect(png.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const { width, height } = svgSize(svg);
    expect(png.width).toBe(width * PNG_SCALE);
    expect(png.height).toBe(height * PNG_SCALE);
    // The IHDR chunk says the same.
    expect(png.data.readUInt32BE(16)).toBe(png.width);
    expect(png.data.readUInt32BE(20)).toBe(png.height);
  });

  it('draws the text: a title in ink differs from the same title in white, and only where the title is', async () => {
    const inked = rasterize(await renderSvg(bars({ text: 'Calls by kind', color: '#000000' })));
    const blank = rasterize(await renderSvg(bars({ text: 'Calls by kind', color: '#ffffff' })));
    expect([inked.width, inked.height]).toEqual([blank.width, blank.height]);
    let differing = 0;
    let lowest = 0;
    for (let p = 0; p < inked.pixels.length; p += 4) {
      if (inked.pixels[p] !== blank.pixels[p]) {
        differing++;
        lowest = Math.max(lowest, Math.floor(p / 4 / inked.width));
      }
    }
    // Glyphs of 13 characters at 16 px (x2) cover hundreds of pixels, all in the top band of the image.
    expect(differing).toBeGreaterThan(300);
    expect(lowest).toBeLessThan(inked.height / 4);
  });
});

describe('HTML', () => {
  it('scopes the ids of each inline SVG', () => {
    const svg = '<svg><defs><clipPath id="clip1"></clipPath></defs><g clip-path="url(#clip1)"></g><use href="#clip1"/></svg>';
    expect(scopeSvgIds(svg, 'a')).toBe('<svg><defs><clipPath id="a-clip1"></clipPath></defs><g clip-path="url(#a-clip1)"></g><use href="#a-clip1"/></svg>');
  });

  it('is one page with every chart inline, the tables, and no external reference', async () => {
    for (const doc of [syntheticResults({ pacing: true, breakdowns: true }), syntheticSweep()]) {
      const input = toReportInput(JSON.parse(JSON.stringify(doc)));
      const { charts, notes } = selectCharts(input);
      const rendered = await Promise.all(charts.map(async (chart) => ({ chart, svg: await renderSvg(chart.spec) })));
      const html = buildHtml(input, rendered, notes);
      for (const c of charts) expect(html).toContain(`<section class="chart" id="${c.id}" data-chart="${c.id}">`);
      expect(html.match(/<svg /g)).toHaveLength(charts.length);
      expect(html).toContain('<table>');
      expect(html).toContain("default-src 'none'");
      // Namespaces name, they do not fetch; nothing else may point outside the page.
      const outside = html.replace(/xmlns(:xlink)?="[^"]*"/g, '').match(/(src|href)="(?!#)[^"]*"|url\((?!#)|@import|<script|<link/g);
      expect(outside).toBeNull();
      const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
