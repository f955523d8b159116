// `ccsim insights`: finds a planted effect, keeps false discoveries rare on null data (Benjamini–
// Hochberg), labels comparisons causal only for randomised assignment, writes markdown and HTML.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseVariant, computeInsights, DIMENSIONS, type DimensionKey, type LevelCounts } from '../../bench/records/insights.ts';
import { benjaminiHochberg, chiSquareHomogeneity, holm, twoProportionTest, wilsonInterval } from '../../bench/records/proportions.ts';
import { ccsim } from '../reports/ccsim.ts';
import { removeDir, tempDir } from './helpers.ts';

const SEGMENTS = ['gold', 'silver', 'bronze', 'basic'];
const GROUPS = ['seniors', 'juniors', 'new-hires'];
const SCRIPTS = ['script-a', 'script-b', 'script-c'];

/** A synthetic records folder: conversations with a conversion rate per segment (others have none). */
function writeSynthetic(dir: string, opts: { rows: number; seed: string; rate: (segment: string) => number; assignment: 'randomized' | 'policy' }): void {
  const rng = seedrandom(opts.seed);
  const lines: string[] = [];
  for (let i = 0; i < opts.rows; i++) {
    const segment = SEGMENTS[Math.floor(rng() * SEGMENTS.length)];
    const hour = 8 + Math.floor(rng() * 10);
    const minute = Math.floor(rng() * 60);
    const t = `2026-03-02T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000+00:00`;
    const converted = rng() < opts.rate(segment);
    lines.push(
      JSON.stringify({
        record_id: `i0-${i}`,
        kind: 'inbound',
        variant: 'synthetic',
        replication: 0,
        assignment: opts.assignment,
        call_index: i,
        segment,
        agent_id: i % 30,
        agent_group: GROUPS[Math.floor(rng() * GROUPS.length)],
        arrival_time: t,
        answer_time: t,
        end_time: t,
        outcome: 'answered',
        converted,
        revenue: converted ? 100 : 0,
        warmup: false,
        measured: true,
        script_id: SCRIPTS[Math.floor(rng() * SCRIPTS.length)],
      }),
    );
  }
  // A few warm-up rows that must not count.
  lines.push(JSON.stringify({ record_id: 'i0-w', kind: 'inbound', variant: 'synthetic', replication: 0, assignment: opts.assignment, segment: 'basic', arrival_time: '2026-03-02T07:00:00.000+00:00', converted: true, warmup: true }));
  writeFileSync(join(dir, 'calls-r0000.ndjson'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'runs-r0000.ndjson'), `${JSON.stringify({ variant: 'synthetic', replication: 0, time_zone: 'UTC', assignment: opts.assignment })}\n`);
}

describe('insights on records with a planted effect', () => {
  let planted: string;
  let nullDir: string;
  beforeAll(() => {
    planted = tempDir('ins-planted');
    nullDir = tempDir('ins-null');
    writeSynthetic(planted, { rows: 8000, seed: 'planted', rate: (s) => (s === 'gold' ? 0.3 : 0.18), assignment: 'randomized' });
    writeSynthetic(nullDir, { rows: 8000, seed: 'null', rate: () => 0.2, assignment: 'policy' });
  });
  afterAll(() => {
    removeDir(planted);
    removeDir(nullDir);
  });

  it('finds the segment that converts better, and nothing else', async () => {
    const doc = await computeInsights(planted);
    expect(doc.variants).toHaveLength(1);
    const v = doc.variants[0];
    expect(v.conversations).toBe(8000);
    const seg = v.dimensions.find((d) => d.key === 'segment')!;
    expect(seg.levels[0].level).toBe('gold');
    expect(seg.levels[0].verdict).toBe('better');
    expect(seg.levels.filter((l) => l.verdict === 'better').map((l) => l.level)).toEqual(['gold']);
    expect(seg.homogeneity!.p).toBeLessThan(1e-6);
    for (const key of ['script', 'hour', 'agentGroup'] as DimensionKey[]) {
      const d = v.dimensions.find((x) => x.key === key)!;
      expect(d.levels.every((l) => l.verdict === 'no difference'), key).toBe(true);
    }
    expect(v.findings.find((f) => f.startsWith('Which segments'))).toMatch(/better than the rest: gold/);
  });

  it('labels the randomised script comparison causal and everything else observational, naming confounders', async () => {
    const v = (await computeInsights(planted)).variants[0];
    const byKey = Object.fromEntries(v.dimensions.map((d) => [d.key, d]));
    expect(byKey.script.label).toBe('causal');
    expect(byKey.script.confounders).toEqual([]);
    for (const key of ['hour', 'segment', 'agentGroup']) {
      expect(byKey[key].label).toBe('observational');
      expect(byKey[key].confounders.length).toBeGreaterThan(0);
    }
    expect(byKey.hour.confounders.join(' ')).toMatch(/segment mix/);
    expect(byKey.agentGroup.confounders.join(' ')).toMatch(/routing <-> agent skill/);
    const policy = (await computeInsights(nullDir)).variants[0];
    expect(policy.dimensions.find((d) => d.key === 'script')!.label).toBe('observational');
  });

  it('finds nothing in a null folder', async () => {
    const v = (await computeInsights(nullDir)).variants[0];
    expect(v.dimensions.flatMap((d) => d.levels).filter((l) => l.verdict === 'better' || l.verdict === 'worse')).toEqual([]);
  });

  it('ccsim insights prints the markdown and writes markdown, self-contained HTML and JSON', async () => {
    const out = join(planted, 'report');
    const r = await ccsim('insights', '--records', planted, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Insights');
    expect(r.stdout).toContain('Benjamini-Hochberg');
    expect(r.stdout).toMatch(/\| gold \| [\d,]+ \| [\d,]+ \| \d+\.\d% \|/);
    expect(readFileSync(join(out, 'insights.md'), 'utf8')).toBe(r.stdout);
    const html = readFileSync(join(out, 'insights.html'), 'utf8');
    expect(html).toContain("Content-Security-Policy");
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(existsSync(join(out, 'insights.json'))).toBe(true);
    expect((await ccsim('insights', '--records', join(planted, 'missing'))).code).toBe(2);
  });
});

describe('false-discovery control on null data', () => {
  /** Counts per level for one null dataset: every level converts at the same rate. */
  function nullLevels(rng: () => number): Map<DimensionKey, LevelCounts[]> {
    const sizes: Record<DimensionKey, number> = { script: 3, hour: 10, segment: 4, agentGroup: 3 };
    const map = new Map<DimensionKey, LevelCounts[]>();
    for (const d of DIMENSIONS) {
      const levels: LevelCounts[] = [];
      for (let k = 0; k < sizes[d.key]; k++) {
        const n = 300 + Math.floor(rng() * 300);
        let x = 0;
        for (let i = 0; i < n; i++) if (rng() < 0.2) x++;
        levels.push({ level: `${d.key}-${k}`, n, x, randomized: false });
      }
      map.set(d.key, levels);
    }
    return map;
  }

  it('keeps datasets with any false discovery near 5% (unadjusted tests would flag most)', () => {
    const rng = seedrandom('null-datasets');
    const reps = 200;
    let withDiscovery = 0;
    let withRawDiscovery = 0;
    for (let r = 0; r < reps; r++) {
      const v = analyseVariant('null', { n: 0, x: 0, replications: 1 }, nullLevels(rng));
      const levels = v.dimensions.flatMap((d) => d.levels);
      if (levels.some((l) => l.verdict === 'better' || l.verdict === 'worse')) withDiscovery++;
      if (levels.some((l) => l.vsRest !== null && l.vsRest.p <= 0.05)) withRawDiscovery++;
    }
    expect(withDiscovery / reps).toBeLessThanOrEqual(0.09);
    expect(withRawDiscovery / reps).toBeGreaterThan(0.4);
  });
});

describe('proportion statistics', () => {
  it('Wilson interval, two-proportion z-test and chi-square match textbook values', () => {
    const [lo, hi] = wilsonInterval(81, 263)!;
    expect(lo).toBeCloseTo(0.2553, 3);
    expect(hi).toBeCloseTo(0.3662, 3);
    const t = twoProportionTest(30, 100, 20, 100)!;
    expect(t.difference).toBeCloseTo(0.1, 12);
    expect(t.z).toBeCloseTo(1.6330, 3);
    expect(t.p).toBeCloseTo(0.1025, 3);
    // 2x2 chi-square equals z^2.
    const c = chiSquareHomogeneity([30, 20], [100, 100])!;
    expect(c.statistic).toBeCloseTo(t.z * t.z, 9);
    expect(c.p).toBeCloseTo(t.p, 9);
  });

  it('Benjamini–Hochberg and Holm adjustments', () => {
    const ps = [0.01, 0.04, 0.03, 0.005];
    expect(benjaminiHochberg(ps).map((q) => +q.toFixed(6))).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(holm(ps).map((q) => +q.toFixed(6))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });
});
