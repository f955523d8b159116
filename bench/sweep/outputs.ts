/**
 * The sweep's output files, all computed from the outcome alone (no clock, no paths of the output
 * directory), each written atomically: ranking.md, points.json and points.csv (every point, for
 * reports), best.yaml (the best configuration as a runnable scenario) and sweep.json (the summary;
 * its `perf` is the only part that differs between an uninterrupted and a resumed run).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { canonicalJson } from '../../scenarios/load.ts';
import type { KpiSummary } from '../../sim/metrics/aggregate.ts';
import { writeFileAtomic } from '../files.ts';
import { provenance } from '../provenance.ts';
import { pointLabel } from './design.ts';
import type { StageOutcome, SweepOutcome } from './run-sweep.ts';
import { bestSentence, confirmationTable, constraintsText, directionWord, evaluationTable, formatEstimate, markdownTable } from './tables.ts';

export const SWEEP_SCHEMA_VERSION = 1;

export interface SweepPerf {
  wallSeconds: number;
  workers: number;
  tasks: { total: number; run: number; reused: number };
}

export const OUTPUT_FILES = ['ranking.md', 'points.json', 'points.csv', 'best.yaml', 'sweep.json'] as const;

export function writeSweepOutputs(dir: string, o: SweepOutcome, perf: SweepPerf): void {
  writeFileAtomic(join(dir, 'ranking.md'), renderMarkdown(o));
  writeFileAtomic(join(dir, 'points.json'), `${JSON.stringify(pointsDocument(o), null, 2)}\n`);
  writeFileAtomic(join(dir, 'points.csv'), renderCsv(o));
  // best.yaml exists only when a best point was confirmed; an older one would no longer match the other outputs.
  if (o.best !== null) writeFileAtomic(join(dir, 'best.yaml'), renderBestScenario(o));
  else rmSync(join(dir, 'best.yaml'), { force: true });
  writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(sweepDocument(o, perf), null, 2)}\n`);
}

function designText(o: SweepOutcome): string {
  const d = o.sweep.spec.design;
  return d.kind === 'grid' ? 'grid' : `${d.kind === 'lhs' ? 'Latin hypercube' : 'random'}, ${d.points} draws, seed ${d.seed}`;
}

function stageSummary(s: StageOutcome) {
  return {
    replications: s.replications,
    rank: s.rank,
    feasible: s.judgement.feasible,
    violations: s.judgement.violations,
    kpis: s.kpis,
  };
}

export function pointsDocument(o: SweepOutcome) {
  return o.points.map((p) => ({
    point: p.index,
    parameters: p.parameters,
    scenarioHash: p.scenarioHash,
    error: p.error,
    evaluation: o.evaluation[p.index] ? stageSummary(o.evaluation[p.index]!) : null,
    confirmation: o.confirmation?.[p.index] ? stageSummary(o.confirmation[p.index]!) : null,
  }));
}

const objectiveOnly = (o: SweepOutcome, s: StageOutcome | null | undefined): KpiSummary | null => {
  const k = s?.kpis[o.sweep.spec.objective.kpi];
  return k ? { mean: k.mean, ci95: k.ci95, values: [] } : null;
};

export function sweepDocument(o: SweepOutcome, perf: SweepPerf) {
  const spec = o.sweep.spec;
  const p = provenance(o.base.hash);
  const brief = (s: KpiSummary | null) => (s ? { mean: s.mean, ci95: s.ci95 } : null);
  const ranking = (stage: (StageOutcome | null)[]) =>
    stage.flatMap((s, i) => (s?.rank ? [{ rank: s.rank, point: i, objective: brief(objectiveOnly(o, s)) }] : [])).sort((a, b) => a.rank - b.rank);
  return {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    sweep: {
      name: o.sweep.name,
      file: o.sweep.file,
      specHash: sha(canonicalJson(spec)),
      base: { file: o.base.path, scenario: o.base.name, scenarioHash: o.base.hash },
      parameters: spec.parameters,
      design: spec.design,
      replications: spec.replications,
      objective: spec.objective,
      constraints: spec.constraints,
      confirm: { top: spec.confirm.top, replications: o.sweep.confirmReplications },
    },
    stages: { evaluate: 'done', confirm: o.confirmation ? 'done' : 'pending' },
    points: {
      total: o.points.length,
      invalid: o.points.filter((x) => x.error).length,
      feasible: o.evaluation.filter((e) => e?.judgement.feasible).length,
    },
    evaluation: { replications: [0, spec.replications - 1], ranking: ranking(o.evaluation) },
    confirmation: o.confirmation
      ? { replications: [spec.replications, spec.replications + o.sweep.confirmReplications - 1], points: o.confirmation.flatMap((c, i) => (c ? [i] : [])), ranking: ranking(o.confirmation) }
      : null,
    best:
      o.best === null
        ? null
        : {
            point: o.best,
            parameters: o.points[o.best].parameters,
            scenarioHash: o.points[o.best].scenarioHash,
            objective: { confirmation: brief(objectiveOnly(o, o.confirmation![o.best])), evaluation: brief(objectiveOnly(o, o.evaluation[o.best])) },
          },
    provenance: { ccsim: p.ccsim, commit: p.commit, node: p.node, rng: p.rng },
    perf,
  };
}

export function renderMarkdown(o: SweepOutcome): string {
  const spec = o.sweep.spec;
  const lines = [
    `# Sweep ${o.sweep.name}`,
    '',
    `Base scenario \`${o.base.path}\` (${o.base.name}); ${o.points.length} points (${designText(o)}), ${spec.replications} replications each (0-${spec.replications - 1}).`,
    `Objective: ${directionWord(o)} \`${spec.objective.kpi}\` (mean). Constraints: ${constraintsText(o)}.`,
    '',
    bestSentence(o),
  ];
  const conf = confirmationTable(o);
  if (conf) {
    lines.push('', `## Confirmation: top ${spec.confirm.top} on ${o.sweep.confirmReplications} fresh replications`, '', 'Ranked on the fresh replications only; the evaluation estimate is shown beside for the winner\'s curse.', '', markdownTable(conf));
  }
  lines.push('', '## Evaluation', '', 'Means with 95% confidence intervals; feasible points ranked first.', '', markdownTable(evaluationTable(o)), '');
  return lines.join('\n');
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(o: SweepOutcome): string {
  const params = Object.keys(o.sweep.spec.parameters);
  const kpis: string[] = [];
  for (const s of [...o.evaluation, ...(o.confirmation ?? [])]) for (const k of Object.keys(s?.kpis ?? {})) if (!kpis.includes(k)) kpis.push(k);
  const stageCols = (prefix: string) => [`${prefix}.rank`, `${prefix}.feasible`, `${prefix}.violations`, ...kpis.flatMap((k) => [`${prefix}.${k}.mean`, `${prefix}.${k}.ci95Low`, `${prefix}.${k}.ci95High`])];
  const stageCells = (s: StageOutcome | null | undefined) =>
    s
      ? [s.rank, s.judgement.feasible, s.judgement.violations.join('; '), ...kpis.flatMap((k) => [s.kpis[k]?.mean, s.kpis[k]?.ci95?.[0], s.kpis[k]?.ci95?.[1]])]
      : stageCols('x').map(() => null);
  const header = ['point', ...params, 'error', ...stageCols('evaluation'), ...stageCols('confirmation')];
  const rows = o.points.map((p) => [p.index, ...params.map((k) => p.parameters[k]), p.error, ...stageCells(o.evaluation[p.index]), ...stageCells(o.confirmation?.[p.index])]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function renderBestScenario(o: SweepOutcome): string {
  const b = o.best!;
  const spec = o.sweep.spec;
  const point = o.points[b];
  const c = o.confirmation![b]!;
  const e = o.evaluation[b]!;
  const objective = spec.objective.kpi;
  const header = [
    `Best configuration of sweep "${o.sweep.name}" (${o.sweep.file}), chosen by ccsim sweep:`,
    `  objective: ${directionWord(o)} ${objective} (mean); constraints: ${constraintsText(o)}`,
    `  evaluation: ${o.points.length} points (${designText(o)}) x ${spec.replications} replications (0-${spec.replications - 1});`,
    `  confirmation: the top ${spec.confirm.top} feasible re-run on ${o.sweep.confirmReplications} fresh replications (${c.replications[0]}-${c.replications[1]}), ranked on those only`,
    `  this is point ${b}: ${pointLabel(point.parameters)}`,
    `  ${objective}: confirmed ${formatEstimate(objective, c.kpis[objective])}, evaluation ${formatEstimate(objective, e.kpis[objective])}`,
    `  base scenario: ${o.base.path} (sha256 ${o.base.hash})`,
    '`ccsim run` on this file reproduces the evaluation of this point (same seed, replications 0..R-1).',
  ];
  return `${header.map((l) => `# ${l}`).join('\n')}\n${toYaml(point.scenario)}`;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
