// Spec builders: for known (synthetic) documents, each chart family makes the expected charts with the
// expected marks, encodings and data, and every spec compiles without a vega-lite warning.
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { localTimeMs, kpiMeta, humanize } from '../../reports/charts/encodings.ts';
import { intervalSeriesFamily } from '../../reports/charts/interval-series.ts';
import { pacingTraceFamily } from '../../reports/charts/pacing-trace.ts';
import { breakdownFamily } from '../../reports/charts/breakdown-bars.ts';
import { differenceRows, variantDifferencesFamily, verdictOf } from '../../reports/charts/variant-differences.ts';
import { waitBars, waitDistributionFamily } from '../../reports/charts/wait-distribution.ts';
import { toReportInput, type ReportInput } from '../../reports/document.ts';
import { selectCharts } from '../../reports/registry.ts';
import { INBOUND_KPIS } from '../../sim/metrics/kpis.ts';
import { compileSpec } from '../../reports/render.ts';
import { syntheticCompare, syntheticResults, syntheticSweep } from './synthetic.ts';

/** Through JSON and the schema check, as the CLI reads documents. */
const input = (doc: unknown): ReportInput => toReportInput(JSON.parse(JSON.stringify(doc)));

// Loose views of the spec objects, for assertions.
type Any = Record<string, any>;
const layers = (spec: TopLevelSpec | Any): Any[] => (spec as Any).layer;
const values = (spec: Any): Any[] => spec.data.values;

describe('local time on the x axis', () => {
  it('reads the local wall-clock time as the same time in UTC, whatever the machine zone', () => {
    expect(localTimeMs('2026-03-29T01:30')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(() => localTimeMs('yesterday')).toThrow(/local time/);
  });

  it('knows the units of the KPIs it has not met yet from their names', () => {
    expect(kpiMeta('serviceLevel').unit).toBe('share');
    expect(kpiMeta('conversionRate').unit).toBe('share');
    expect(kpiMeta('talkSeconds').unit).toBe('seconds');
    expect(kpiMeta('conversionsToday').unit).toBe('calls');
    expect(kpiMeta('somethingElse')).toMatchObject({ unit: 'number', better: 'none' });
    // KPIs defined in kpis.ts come from there.
    for (const k of INBOUND_KPIS) expect(kpiMeta(k.name)).toMatchObject({ unit: k.unit, better: k.better });
    expect(humanize('serviceLevelAnswered')).toBe('service level answered');
    expect(humanize('asa')).toBe('ASA');
  });
});

describe('KPIs over the day', () => {
  const doc = syntheticResults({ warmupIntervals: 2 });
  const charts = intervalSeriesFamily.build(input(doc), []);

  it('draws volumes, service level, occupancy and staffing', () => {
    expect(charts.map((c) => c.id)).toEqual(['interval-volumes', 'interval-service-level', 'interval-occupancy', 'interval-staffing']);
    expect(charts[0].title).toBe('Calls per 15 minutes');
  });

  it('draws each metric as a mean line over a p5–p95 band, at interval midpoints, warm-up shaded', () => {
    const spec = charts[0].spec as Any;
    const marks = layers(spec).map((l) => l.mark.type);
    expect(marks).toEqual(['rect', 'text', 'area', 'line']);
    expect(values(spec)).toHaveLength(3 * 16);
    const area = layers(spec)[2];
    expect(area.encoding.y.field).toBe('p5');
    expect(area.encoding.y2.field).toBe('p95');
    const line = layers(spec)[3];
    expect(line.encoding.x).toMatchObject({ field: 't', type: 'temporal', scale: { type: 'utc' } });
    expect(line.encoding.color.scale.domain).toEqual(['offered', 'answered', 'abandoned']);
    expect(values(spec)[0].t).toBe(localTimeMs('2026-03-02T08:00') + 450_000);
    const warm = layers(spec)[0].data.values[0];
    expect(warm.t2 - warm.t).toBe(2 * 900_000);
  });

  it('formats shares as percentages', () => {
    const sl = charts[1].spec as Any;
    expect(layers(sl)[layers(sl).length - 1].encoding.y.axis.format).toMatch(/%$/);
  });

  it('draws one line per variant in a comparison', () => {
    const cmp = intervalSeriesFamily.build(input(syntheticCompare()), []);
    const line = layers(cmp[0].spec).at(-1)!;
    expect(line.encoding.color.scale.domain).toEqual(['baseline', 'variant']);
    expect(cmp[0].title).toMatch(/by variant/);
  });

  it('draws nothing without a series', () => {
    expect(intervalSeriesFamily.build(input({ ...doc, series: null }), [])).toEqual([]);
  });
});

describe('wait-time distribution', () => {
  it('stacks answered and abandoned shares per bin, without the empty tail', () => {
    const doc = syntheticResults();
    const bars = waitBars(doc.distributions.wait, 'x');
    expect(bars).toHaveLength(8);
    expect(bars.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 12);
    const [chart] = waitDistributionFamily.build(input(doc), []);
    const spec = chart.spec as Any;
    expect(spec.mark.type).toBe('bar');
    expect(spec.encoding.x.bin).toBe('binned');
    expect(spec.encoding.color.scale.domain).toEqual(['answered', 'abandoned']);
  });

  it('facets a comparison by variant', () => {
    const [chart] = waitDistributionFamily.build(input(syntheticCompare()), []);
    expect((chart.spec as Any).facet.row.field).toBe('variant');
  });
});

describe('variant comparison', () => {
  it('judges a difference by its CI and the KPI direction', () => {
    expect(verdictOf({ ci95: [1, 2] }, 'higher')).toBe('better');
    expect(verdictOf({ ci95: [1, 2] }, 'lower')).toBe('worse');
    expect(verdictOf({ ci95: [-1, 2] }, 'lower')).toBe('no clear difference');
    expect(verdictOf({ ci95: null }, 'lower')).toBe('no clear difference');
    expect(verdictOf({ ci95: [-3, -2] }, 'none')).toBe('changed (no better direction)');
  });

  it('draws each KPI difference with its CI and a zero line, one panel per unit, shares in points', () => {
    const cmp = syntheticCompare();
    const panels = differenceRows(cmp.differences);
    // Offered calls are the same in both variants: left out.
    expect([...panels.values()].flat().map((r) => r.kpi)).not.toContain('offered');
    const sl = panels.get('share')!.find((r) => r.kpi === 'serviceLevel')!;
    expect(sl.mean).toBeCloseTo(-2, 9);
    expect(sl.verdict).toBe('worse');
    const [chart] = variantDifferencesFamily.build(input(cmp), []);
    const spec = chart.spec as Any;
    expect(spec.vconcat).toHaveLength(panels.size);
    for (const panel of spec.vconcat) {
      expect(panel.layer.map((l: Any) => l.mark.type)).toEqual(['rule', 'rule', 'point']);
      expect(panel.layer[0].encoding.x.datum).toBe(0);
      expect(panel.layer[1].encoding.x2.field).toBe('hi');
    }
  });

  it('is not drawn for a single run', () => {
    expect(variantDifferencesFamily.build(input(syntheticResults()), [])).toEqual([]);
  });
});

describe('pacing trace', () => {
  it('appears only when the series carries dials', () => {
    expect(pacingTraceFamily.build(input(syntheticResults()), [])).toEqual([]);
    const [chart] = pacingTraceFamily.build(input(syntheticResults({ pacing: true })), []);
    const spec = chart.spec as Any;
    expect(spec.vconcat.map((p: Any) => p.title.text)).toEqual(['Dial attempts per hour', 'Connect rate', 'Abandon rate against its ceiling']);
    // 300 dials in the first 15 minutes = 1,200 per hour.
    expect(spec.vconcat[0].data.values[0].mean).toBe(1200);
    const target = spec.vconcat[2].layer.at(-1);
    expect(target.data.values[0]).toMatchObject({ value: 0.03 });
  });

  it('takes the ceiling from the compliance section when there is one', () => {
    const [chart] = pacingTraceFamily.build(input(syntheticResults({ pacing: true, abandonRateTarget: 0.05 })), []);
    expect((chart.spec as Any).vconcat[2].layer.at(-1).data.values[0].value).toBe(0.05);
  });
});

describe('breakdowns', () => {
  it('draws conversion by segment, agent group, script and intent, best first, with CIs', () => {
    const charts = breakdownFamily.build(input(syntheticResults({ breakdowns: true })), []);
    expect(charts.map((c) => c.id)).toEqual([
      'breakdown-segment-conversionRate',
      'breakdown-agentGroup-conversionRate',
      'breakdown-script-conversionRate',
      'breakdown-intent-conversionRate',
    ]);
    const script = charts[2].spec as Any;
    expect(script.data.values).toHaveLength(4);
    expect(script.layer[0].encoding.y.sort).toEqual(['script-b', 'script-a', 'script-d', 'script-c']);
    expect(script.layer.map((l: Any) => l.mark.type)).toEqual(['bar', 'rule', 'tick', 'tick']);
    expect(script.layer[0].encoding.x.axis.format).toMatch(/%$/);
  });

  it('groups bars by variant in a comparison', () => {
    const charts = breakdownFamily.build(input(syntheticCompare({ breakdowns: true })), []);
    expect((charts[0].spec as Any).layer[0].encoding.yOffset.field).toBe('variant');
  });

  it('rejects a breakdowns section in another shape with a one-line error naming it', () => {
    expect(() => input({ ...syntheticResults(), breakdowns: { script: [1, 2] } })).toThrow(/breakdowns\.script/);
  });
});

describe('every chart', () => {
  const docs: [string, unknown][] = [
    ['results', syntheticResults({ pacing: true, breakdowns: true, warmupIntervals: 2 })],
    ['compare', syntheticCompare({ pacing: true, breakdowns: true })],
    ['sweep', syntheticSweep()],
  ];
  it.each(docs)('of a %s document compiles without warnings, with unique ids', (_, doc) => {
    const { charts, notes } = selectCharts(input(doc));
    expect(notes).toEqual([]);
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) {
      const warnings: string[] = [];
      compileSpec(c.spec, warnings);
      expect(warnings, c.id).toEqual([]);
      expect(c.caption.length).toBeGreaterThan(20);
    }
  });
});
