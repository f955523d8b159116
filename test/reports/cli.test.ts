// `ccsim report` and `--report` on run and compare: exit codes, the files written, and one-line
// errors for files that are not documents.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ccsim } from './ccsim.ts';
import { syntheticCompare, syntheticResults, syntheticSweep } from './synthetic.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ccsim-report-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, content: unknown) => {
  const file = join(tmp, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

describe('ccsim report', () => {
  it('writes report.html, an SVG per chart and with --png a PNG per chart', async () => {
    const file = write('results.json', syntheticResults({ pacing: true, breakdowns: true }));
    const out = join(tmp, 'out-results');
    const r = await ccsim('report', file, '--out', out, '--png');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^report: ${out}/report.html \\(10 charts, 10 PNGs\\) in \\d+\\.\\d\\d s\\n$`));
    expect(r.stderr).toBe('');
    const files = readdirSync(out);
    const svgs = files.filter((f) => f.endsWith('.svg'));
    expect(svgs).toHaveLength(10);
    expect(files.filter((f) => f.endsWith('.png')).sort()).toEqual(svgs.map((f) => f.replace(/svg$/, 'png')).sort());
    for (const f of files) expect(statSync(join(out, f)).size, f).toBeGreaterThan(1000);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const f of svgs) expect(html).toContain(`data-chart="${f.replace(/\.svg$/, '')}"`);
  });

  it('writes next to the document by default and reads comparisons and sweeps', async () => {
    for (const [name, doc, chart] of [
      ['compare.json', syntheticCompare(), 'variant-differences'],
      ['points.json', syntheticSweep(), 'sweep-heatmap'],
    ] as const) {
      const file = write(name, doc);
      const r = await ccsim('report', file);
      expect(r.code, r.stderr).toBe(0);
      const dir = join(tmp, name.replace('.json', '-report'));
      expect(existsSync(join(dir, 'report.html'))).toBe(true);
      expect(existsSync(join(dir, `${chart}.svg`))).toBe(true);
      expect(existsSync(join(dir, `${chart}.png`))).toBe(false);
    }
  });

  it.each([
    ['missing.json', null, /missing\.json: cannot read the file \(no such file\)$/],
    ['syntax.json', '{"kpis": ', /syntax\.json: not valid JSON/],
    ['array-of-numbers.json', [1, 2], /array-of-numbers\.json: not a valid sweep points file: 0: /],
    ['other.json', { hello: 1 }, /other\.json: not a ccsim results, comparison or sweep document: expected "kpis", "variants" or "points", found keys \{hello\}$/],
    ['bad-results.json', { ...syntheticResults(), replications: 0 }, /bad-results\.json: not a valid results document: replications: /],
    ['bad-compare.json', { ...syntheticCompare(), variants: [] }, /bad-compare\.json: not a valid comparison document: variants: /],
  ])('rejects %s in one line with exit code 2, writing nothing', async (name, content, message) => {
    const file = content === null ? join(tmp, name) : write(name, content);
    const r = await ccsim('report', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ccsim: /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(existsSync(join(tmp, name.replace('.json', '-report')))).toBe(false);
  });
});

describe('--report on run and compare', () => {
  it('run --json --report keeps stdout to the document and writes the report', async () => {
    const dir = join(tmp, 'run-report');
    const r = await ccsim('run', join(ROOT, 'test/fixtures/scenarios/minimal.yaml'), '--replications', '2', '--json', '--report', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).scenario).toBe('inbound-erlang-a');
    expect(r.stderr).toMatch(/report: .*run-report\/report\.html \(\d+ charts\)/);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['report.html', 'interval-volumes.svg', 'wait-distribution.svg']));
  });

  it('run --out DIR --report puts the report beside results.json', async () => {
    const out = join(tmp, 'run-out');
    const r = await ccsim('run', join(ROOT, 'test/fixtures/scenarios/minimal.yaml'), '--replications', '2', '--out', out, '--report');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'results.json'))).toBe(true);
    expect(existsSync(join(out, 'results-report', 'report.html'))).toBe(true);
  });

  it('compare --report draws the paired differences', async () => {
    const dir = join(tmp, 'compare-report');
    const r = await ccsim(
      'compare',
      join(ROOT, 'scenarios/inbound-erlang-a.yaml'),
      join(ROOT, 'scenarios/examples/inbound-erlang-a-98-agents.yaml'),
      '--replications',
      '2',
      '--report',
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'variant-differences.svg'))).toBe(true);
  });
});
