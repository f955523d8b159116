/**
 * A parameter sweep as a heatmap: two swept parameters on the axes, the objective (e.g. conversions
 * per agent hour) as the colour and the number in each cell, and the constraint boundary (e.g.
 * abandonment <= 3%) drawn as a line between the cells that meet it and those that do not, so the
 * best feasible cell can be read off. With one swept parameter it is a line with CIs instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart, ChartFamily } from '../chart.ts';
import { DEFAULT_ABANDON_TARGET, DEFAULT_OBJECTIVES, type SweepConstraint, type SweepDocument, type SweepPoint } from '../shapes.ts';
import { COLORS, SIZE, VEGA_CONFIG } from '../theme.ts';
import { exprString, humanize, kpiMeta, numberFormat } from './encodings.ts';

export interface HeatCell {
  i: number;
  j: number;
  value: number | null;
  feasible: boolean | null;
  /** Dark cell (low end of viridis): its label is drawn in white. */
  dark: boolean;
}

/** A boundary segment between two cells, in cell-index coordinates. */
export interface Segment {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

/** Distinct values of a parameter, numbers ascending, otherwise in order of appearance. */
export function axisValues(points: SweepPoint[], param: string): (number | string | boolean)[] {
  const values = [...new Set(points.map((p) => p.params[param]).filter((v) => v !== undefined))];
  return values.every((v) => typeof v === 'number') ? (values as number[]).sort((a, b) => a - b) : values;
}

export function sweepObjective(doc: SweepDocument): string {
  if (doc.objective) return doc.objective.kpi;
  const kpis = Object.keys(doc.points[0].kpis);
  return DEFAULT_OBJECTIVES.find((k) => kpis.includes(k)) ?? kpis[0];
}

export function sweepConstraints(doc: SweepDocument): SweepConstraint[] {
  if (doc.constraints) return doc.constraints;
  return doc.points.some((p) => p.kpis.abandonRate) ? [{ kpi: 'abandonRate', max: DEFAULT_ABANDON_TARGET }] : [];
}

/**
 * The sweep's own verdict when it gave one; otherwise true when every constraint holds on the
 * means, false when one fails, null when a constrained KPI is missing.
 */
export function isFeasible(p: SweepPoint, constraints: SweepConstraint[]): boolean | null {
  if (p.feasible !== undefined && p.feasible !== null) return p.feasible;
  let ok = true;
  for (const c of constraints) {
    const v = p.kpis[c.kpi]?.mean;
    if (v === null || v === undefined) return null;
    if ((c.max !== undefined && v > c.max) || (c.min !== undefined && v < c.min)) ok = false;
  }
  return ok;
}

/** Edges between horizontally or vertically adjacent cells on opposite sides of the constraint. */
export function boundarySegments(cells: HeatCell[]): Segment[] {
  const at = new Map(cells.map((c) => [`${c.i},${c.j}`, c]));
  const out: Segment[] = [];
  for (const c of cells) {
    const right = at.get(`${c.i + 1},${c.j}`);
    if (right && c.feasible !== null && right.feasible !== null && right.feasible !== c.feasible) {
      out.push({ x: c.i + 0.5, y: c.j - 0.5, x2: c.i + 0.5, y2: c.j + 0.5 });
    }
    const up = at.get(`${c.i},${c.j + 1}`);
    if (up && c.feasible !== null && up.feasible !== null && up.feasible !== c.feasible) {
      out.push({ x: c.i - 0.5, y: c.j + 0.5, x2: c.i + 0.5, y2: c.j + 0.5 });
    }
  }
  return out;
}

export function heatCells(points: SweepPoint[], px: string, py: string, objective: string, constraints: SweepConstraint[]): HeatCell[] {
  const xs = axisValues(points, px);
  const ys = axisValues(points, py);
  const values = points.map((p) => p.kpis[objective]?.mean ?? null).filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return points.map((p) => {
    const value = p.kpis[objective]?.mean ?? null;
    return {
      i: xs.indexOf(p.params[px]),
      j: ys.indexOf(p.params[py]),
      value,
      feasible: isFeasible(p, constraints),
      dark: value !== null && hi > lo ? (value - lo) / (hi - lo) < 0.5 : false,
    };
  });
}

const indexAxis = (title: string, labels: (number | string | boolean)[]) => ({
  type: 'quantitative' as const,
  title,
  scale: { domain: [-0.5, labels.length - 0.5], nice: false, zero: false },
  axis: { values: labels.map((_, k) => k), labelExpr: `[${labels.map((l) => exprString(String(l))).join(',')}][datum.value]`, grid: false, tickSize: 0 },
});

export function sweepHeatmapSpec(o: {
  title: string;
  subtitle?: string;
  cells: HeatCell[];
  segments: Segment[];
  x: { param: string; values: (number | string | boolean)[] };
  y: { param: string; values: (number | string | boolean)[] };
  objective: string;
}): TopLevelSpec {
  const unit = kpiMeta(o.objective).unit;
  const x = indexAxis(o.x.param, o.x.values);
  const y = indexAxis(o.y.param, o.y.values);
  const cellW = Math.max(36, Math.min(90, Math.floor(SIZE.width / o.x.values.length)));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    config: VEGA_CONFIG,
    width: cellW * o.x.values.length,
    height: Math.max(36, Math.min(60, cellW * 0.7)) * o.y.values.length,
    data: { values: o.cells },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.value)' }, { calculate: 'datum.i - 0.5', as: 'x0' }, { calculate: 'datum.i + 0.5', as: 'x1' }, { calculate: 'datum.j - 0.5', as: 'y0' }, { calculate: 'datum.j + 0.5', as: 'y1' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: { ...x, field: 'x0' },
          x2: { field: 'x1' },
          y: { ...y, field: 'y0' },
          y2: { field: 'y1' },
          color: { field: 'value', type: 'quantitative', scale: { scheme: 'viridis' }, legend: { title: humanize(o.objective), format: numberFormat(unit), orient: 'right', direction: 'vertical' } },
        },
      },
      {
        transform: [{ filter: 'isValid(datum.value)' }],
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x: { ...x, field: 'i' },
          y: { ...y, field: 'j' },
          text: { field: 'value', type: 'quantitative', format: numberFormat(unit === 'share' ? 'share' : 'number') },
          color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' },
        },
      },
      {
        transform: [{ filter: 'datum.feasible === false' }, { calculate: 'datum.i + 0.36', as: 'cx' }, { calculate: 'datum.j + 0.3', as: 'cy' }],
        mark: { type: 'point', shape: 'cross', size: 40, filled: true, color: COLORS.vermillion, stroke: 'white', strokeWidth: 0.5, angle: 45 },
        encoding: { x: { ...x, field: 'cx' }, y: { ...y, field: 'cy' } },
      },
      {
        data: { values: o.segments },
        layer: [
          { mark: { type: 'rule', color: 'white', strokeWidth: 6, strokeCap: 'round' } },
          { mark: { type: 'rule', color: COLORS.ink, strokeWidth: 3, strokeCap: 'round' } },
        ],
        encoding: { x: { ...x, field: 'x' }, y: { ...y, field: 'y' }, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
    ],
  } as TopLevelSpec;
}

/** One swept parameter: the objective against it with CIs, points breaking a constraint in vermillion. */
export function sweepLineSpec(o: { title: string; subtitle?: string; points: SweepPoint[]; param: string; objective: string; constraints: SweepConstraint[] }): TopLevelSpec {
  const unit = kpiMeta(o.objective).unit;
  const values = axisValues(o.points, o.param);
  const rows = o.points.map((p) => {
    const k = p.kpis[o.objective];
    const feasible = isFeasible(p, o.constraints);
    return { k: values.indexOf(p.params[o.param]), mean: k?.mean ?? null, lo: k?.ci95?.[0] ?? null, hi: k?.ci95?.[1] ?? null, status: feasible === false ? 'breaks a constraint' : 'meets the constraints' };
  });
  const x = indexAxis(o.param, values);
  const yDef = { type: 'quantitative' as const, title: humanize(o.objective), axis: { format: numberFormat(unit) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.subtitle ? { text: o.title, subtitle: o.subtitle } : o.title,
    config: VEGA_CONFIG,
    width: SIZE.width,
    height: SIZE.height,
    data: { values: rows },
    transform: [{ filter: 'isValid(datum.mean)' }],
    layer: [
      { mark: { type: 'line', color: COLORS.grey }, encoding: { x: { ...x, field: 'k' }, y: { ...yDef, field: 'mean' } } },
      { transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'rule', color: COLORS.ink }, encoding: { x: { ...x, field: 'k' }, y: { ...yDef, field: 'lo' }, y2: { field: 'hi' } } },
      {
        mark: { type: 'point', size: 80, filled: true },
        encoding: {
          x: { ...x, field: 'k' },
          y: { ...yDef, field: 'mean' },
          color: { field: 'status', type: 'nominal', scale: { domain: ['meets the constraints', 'breaks a constraint'], range: [COLORS.blue, COLORS.vermillion] }, legend: { title: null } },
        },
      },
    ],
  } as TopLevelSpec;
}

const describe = (cs: SweepConstraint[]) =>
  cs.map((c) => {
    const f = (v: number) => (kpiMeta(c.kpi).unit === 'share' ? `${+(v * 100).toFixed(2)}%` : String(v));
    return [c.min !== undefined ? `${humanize(c.kpi)} ≥ ${f(c.min)}` : '', c.max !== undefined ? `${humanize(c.kpi)} ≤ ${f(c.max)}` : ''].filter(Boolean).join(', ');
  }).join('; ');

export const sweepFamily: ChartFamily = {
  name: 'sweep',
  build(input, notes) {
    if (input.kind !== 'sweep') return [];
    const doc = input.doc;
    const params = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))];
    const swept = params.filter((p) => axisValues(doc.points, p).length > 1);
    const objective = sweepObjective(doc);
    const constraints = sweepConstraints(doc);
    const rule = constraints.length > 0 ? describe(constraints) : 'no constraint';
    if (swept.length === 1) {
      const title = `${humanize(objective)} against ${swept[0]}`;
      return [{ id: 'sweep-line', title, caption: `Each sweep point's ${humanize(objective)} with its 95% CI; vermillion points break ${rule}.`, spec: sweepLineSpec({ title, subtitle: rule, points: doc.points, param: swept[0], objective, constraints }) }];
    }
    if (swept.length !== 2) {
      notes.push(`sweep: ${swept.length} parameters vary (${swept.join(', ') || 'none'}); a heatmap needs exactly two, so no sweep chart is drawn`);
      return [];
    }
    const [px, py] = swept;
    const cells = heatCells(doc.points, px, py, objective, constraints);
    const title = `${humanize(objective)[0].toUpperCase()}${humanize(objective).slice(1)} by ${px} and ${py}`;
    const chart: Chart = {
      id: 'sweep-heatmap',
      title,
      caption:
        `One cell per sweep point: ${humanize(objective)} (mean across replications) as colour and number. ` +
        (constraints.length > 0 ? `The black line separates the points meeting ${rule} from those breaking it (marked ×).` : 'No constraint given.') +
        (doc.points.some((p) => p.feasible !== undefined && p.feasible !== null) ? ' Feasibility as judged by the sweep (by default on the conservative end of each 95% CI).' : ''),
      spec: sweepHeatmapSpec({
        title,
        subtitle: constraints.length > 0 ? `line: boundary of ${rule}; × breaks it` : undefined,
        cells,
        segments: boundarySegments(cells),
        x: { param: px, values: axisValues(doc.points, px) },
        y: { param: py, values: axisValues(doc.points, py) },
        objective,
      }),
    };
    return [chart];
  },
};
