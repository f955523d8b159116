// Sweep heatmaps: cells, the constraint boundary, and the two ways a sweep reaches the report
// (ccsim sweep's points.json + sweep.json, or the normalized { points } document).
import { describe, expect, it } from 'vitest';
import { boundarySegments, heatCells, isFeasible, sweepFamily, type HeatCell } from '../../reports/charts/sweep-heatmap.ts';
import { toReportInput } from '../../reports/document.ts';
import { syntheticSweep } from './synthetic.ts';

type Any = Record<string, any>;

describe('constraint boundary', () => {
  it('runs between neighbouring cells on opposite sides', () => {
    const cell = (i: number, j: number, feasible: boolean): HeatCell => ({ i, j, value: 1, feasible, dark: false });
    // Feasible except the top-right cell of a 2 x 2 grid: one vertical and one horizontal edge.
    const segs = boundarySegments([cell(0, 0, true), cell(1, 0, true), cell(0, 1, true), cell(1, 1, false)]);
    expect(segs).toHaveLength(2);
    expect(segs).toEqual(
      expect.arrayContaining([
        { x: 0.5, y: 0.5, x2: 0.5, y2: 1.5 },
        { x: 0.5, y: 0.5, x2: 1.5, y2: 0.5 },
      ]),
    );
  });

  it('uses the sweep verdict when given, else the means', () => {
    const p = { params: {}, kpis: { abandonRate: { mean: 0.02 } } };
    expect(isFeasible(p, [{ kpi: 'abandonRate', max: 0.03 }])).toBe(true);
    expect(isFeasible({ ...p, feasible: false }, [{ kpi: 'abandonRate', max: 0.03 }])).toBe(false);
    expect(isFeasible(p, [{ kpi: 'missing', max: 1 }])).toBe(null);
  });
});

describe('sweep heatmap', () => {
  it('draws one cell per point, the objective as colour, the 3% abandonment boundary by default', () => {
    const doc = syntheticSweep();
    const [chart] = sweepFamily.build(toReportInput(doc), []);
    expect(chart.id).toBe('sweep-heatmap');
    const spec = chart.spec as Any;
    expect(spec.data.values).toHaveLength(20);
    expect(spec.layer[0].encoding.color.field).toBe('value');
    const cells = heatCells(doc.points, 'routing.weight', 'pacing.buffer', 'conversionsPerAgentHour', [{ kpi: 'abandonRate', max: 0.03 }]);
    expect(cells.filter((c) => c.feasible === false)).toHaveLength(2);
    expect(spec.layer[3].data.values).toEqual(boundarySegments(cells));
    expect(spec.layer[3].data.values.length).toBeGreaterThan(0);
    expect(chart.title).toBe('Conversions per agent hour by routing.weight and pacing.buffer');
  });

  it('draws a line for one swept parameter and notes more than two', () => {
    const one = { points: syntheticSweep().points.filter((p) => p.params['pacing.buffer'] === 2) };
    expect(sweepFamily.build(toReportInput(one), [])[0].id).toBe('sweep-line');
    const three = { points: syntheticSweep().points.map((p, k) => ({ ...p, params: { ...p.params, third: k % 3 } })) };
    const notes: string[] = [];
    expect(sweepFamily.build(toReportInput(three), notes)).toEqual([]);
    expect(notes[0]).toMatch(/3 parameters vary/);
  });

  it("reads ccsim sweep's points.json with the objective and constraints of its sweep.json", () => {
    const points = syntheticSweep().points.map((p, k) => ({
      point: k,
      parameters: p.params,
      scenarioHash: 'x',
      error: null,
      evaluation: { replications: [0, 1], rank: null, feasible: k % 2 === 0, violations: [], kpis: p.kpis },
      confirmation: null,
    }));
    points.push({ ...points[0], point: 99, error: 'bad value' as never, evaluation: null as never });
    const summary = { schemaVersion: 1, stages: {}, sweep: { name: 'grid', objective: { kpi: 'abandonRate', direction: 'min' }, constraints: [] } };
    const input = toReportInput(points, summary);
    expect(input.kind).toBe('sweep');
    if (input.kind !== 'sweep') return;
    expect(input.doc.points).toHaveLength(20);
    expect(input.doc.objective?.kpi).toBe('abandonRate');
    const [chart] = sweepFamily.build(input, []);
    expect((chart.spec as Any).layer[0].encoding.color.legend.title).toBe('abandon rate');
    expect((chart.spec as Any).data.values.filter((c: HeatCell) => c.feasible === false)).toHaveLength(10);
  });
});
