/**
 * Conversion by customer segment, agent group, script and intent: one horizontal bar per value of
 * the dimension, best first, with the 95% CI across replications as an error bar. Read from the
 * results' `breakdowns` section (shape: Breakdowns in shapes.ts); a comparison groups each value's
 * bars by variant.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart, ChartFamily, Unit } from '../chart.ts';
import { variantsOf, type Variant } from '../document.ts';
import { BREAKDOWN_DIMENSIONS, BREAKDOWN_KPIS, breakdownsSchema, type Breakdowns } from '../shapes.ts';
import { COLORS, SIZE, VARIANT_COLORS, VEGA_CONFIG } from '../theme.ts';
import { humanize, kpiMeta, numberFormat, unitLabel } from './encodings.ts';

export interface BreakdownBar {
  variant: string;
  value: string;
  mean: number;
  lo: number | null;
  hi: number | null;
}

/** The breakdowns of a run, or null (with a note) when the section is not in the expected shape. */
export function breakdownsOf(v: Variant, notes: string[]): Breakdowns | null {
  if (v.doc.breakdowns === undefined) return null;
  const parsed = breakdownsSchema.safeParse(v.doc.breakdowns);
  if (parsed.success) return parsed.data as Breakdowns;
  const issue = parsed.error.issues[0];
  notes.push(`${v.name}: breakdowns.${issue.path.map(String).join('.')}: ${issue.message}; breakdown charts skipped (expected breakdowns[dimension][value][kpi] = {mean, ci95, values})`);
  return null;
}

/** Dimensions in chart order: the known ones first, then any others in document order. */
export function dimensionOrder(all: Iterable<string>): string[] {
  const names = [...new Set(all)];
  const known = Object.keys(BREAKDOWN_DIMENSIONS).filter((d) => names.includes(d));
  return [...known, ...names.filter((d) => !known.includes(d))];
}

export function breakdownSpec(o: { title: string; subtitle?: string; bars: BreakdownBar[]; variants: string[]; unit: Unit; xTitle: string; dimension: string }): TopLevelSpec {
  const many = o.variants.length > 1;
  // Best first, by the first variant that has the value (the baseline in a comparison).
  const order = [...new Set(o.bars.filter((b) => b.variant === o.variants[0]).sort((a, b) => b.mean - a.mean).map((b) => b.value))];
  for (const b of o.bars) if (!order.includes(b.value)) order.push(b.value);
  const y = { field: 'value', type: 'nominal' as const, sort: order, title: o.dimension };
  const yOffset = many ? { yOffset: { field: 'variant', type: 'nominal' as const, sort: o.variants } } : {};
  const x = { type: 'quantitative' as const, title: o.xTitle, axis: { format: numberFormat(o.unit) }, scale: { zero: true } };
  const color = many
    ? { color: { field: 'variant', type: 'nominal' as const, sort: o.variants, scale: { domain: o.variants, range: VARIANT_COLORS.slice(0, o.variants.length) }, legend: { title: null } } }
    : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    config: VEGA_CONFIG,
    width: SIZE.width - 160,
    // With a yOffset the step is per variant bar, not per value.
    height: { step: many ? SIZE.rowHeight : SIZE.rowHeight * 1.4 },
    data: { values: o.bars },
    layer: [
      { mark: { type: 'bar', color: COLORS.blue, opacity: 0.85 }, encoding: { y, ...yOffset, x: { ...x, field: 'mean' }, ...color } },
      {
        transform: [{ filter: 'isValid(datum.lo)' }],
        mark: { type: 'rule', color: COLORS.ink, strokeWidth: 1.5 },
        encoding: { y, ...yOffset, x: { ...x, field: 'lo' }, x2: { field: 'hi' } },
      },
      {
        transform: [{ filter: 'isValid(datum.lo)' }],
        mark: { type: 'tick', color: COLORS.ink, thickness: 1.5, size: 10 },
        encoding: { y, ...yOffset, x: { ...x, field: 'hi' } },
      },
      {
        transform: [{ filter: 'isValid(datum.lo)' }],
        mark: { type: 'tick', color: COLORS.ink, thickness: 1.5, size: 10 },
        encoding: { y, ...yOffset, x: { ...x, field: 'lo' } },
      },
    ],
  } as TopLevelSpec;
}

export const breakdownFamily: ChartFamily = {
  name: 'breakdowns',
  build(input, notes) {
    const variants = variantsOf(input);
    const byVariant = variants.map((v) => ({ v, b: breakdownsOf(v, notes) })).filter((x): x is { v: Variant; b: Breakdowns } => x.b !== null);
    if (byVariant.length === 0) return [];
    const charts: Chart[] = [];
    for (const dimension of dimensionOrder(byVariant.flatMap((x) => Object.keys(x.b)))) {
      for (const kpi of BREAKDOWN_KPIS) {
        const bars: BreakdownBar[] = [];
        for (const { v, b } of byVariant) {
          for (const [value, kpis] of Object.entries(b[dimension] ?? {})) {
            const s = kpis[kpi];
            if (!s || s.mean === null) continue;
            bars.push({ variant: v.name, value, mean: s.mean, lo: s.ci95?.[0] ?? null, hi: s.ci95?.[1] ?? null });
          }
        }
        if (bars.length === 0) continue;
        const meta = kpiMeta(kpi);
        const dimName = BREAKDOWN_DIMENSIONS[dimension] ?? humanize(dimension);
        const title = `${humanize(kpi)[0].toUpperCase()}${humanize(kpi).slice(1)} by ${dimName}`;
        const names = byVariant.map((x) => x.v.name);
        charts.push({
          id: `breakdown-${dimension}-${kpi}`.replace(/[^A-Za-z0-9-]/g, '-'),
          title,
          caption: `${humanize(kpi)} for each ${dimName}, best first; error bars: 95% CI across replications.${names.length > 1 ? ' Bars grouped by variant.' : ''}`,
          spec: breakdownSpec({
            title,
            subtitle: `${byVariant[0].v.doc.replications} replications`,
            bars,
            variants: names,
            unit: meta.unit,
            xTitle: `${humanize(kpi)}${meta.unit === 'number' ? '' : ` (${unitLabel(meta.unit)})`}`,
            dimension: dimName,
          }),
        });
      }
    }
    return charts;
  },
};
