/**
 * The regression verdict: a pure function of a measured bench document and a baseline document.
 * A KPI regresses when its 95% CI no longer overlaps the baseline's on the bad side (the whole
 * interval is worse); a speed ratio regresses when it falls below the baseline's × (1 - tolerance).
 * New scenarios, new KPIs and changed scenario files are reported as notes, not failures.
 */
import type { BenchDocument, BenchKpi, BenchScenario } from './benchmark.ts';
import { formatKpi } from './kpi-defs.ts';

export type Outcome = 'ok' | 'regression' | 'improvement' | 'unchecked';

export interface Check {
  scenario: string;
  /** A KPI name, or "speed". */
  subject: string;
  outcome: Outcome;
  baseline: string;
  current: string;
  detail: string;
}

export interface Verdict {
  pass: boolean;
  checks: Check[];
  regressions: Check[];
  notes: string[];
}

function interval(k: BenchKpi): [number, number] | null {
  if (k.ci95) return k.ci95;
  return k.mean === null ? null : [k.mean, k.mean];
}

const num = (x: number) => String(Number(x.toPrecision(4)));
const show = (kpi: string, k: BenchKpi | undefined) => formatKpi(kpi, k?.mean, k?.ci95);

export function checkKpi(scenario: string, kpi: string, current: BenchKpi, baseline: BenchKpi | undefined): Check {
  const base = { scenario, subject: kpi, baseline: show(kpi, baseline), current: show(kpi, current) };
  const cur = interval(current);
  const ref = baseline ? interval(baseline) : null;
  if (!cur || !ref) return { ...base, outcome: 'unchecked', detail: !baseline ? 'not in the baseline' : 'undefined' };
  const higher = current.better === 'higher';
  const worse = higher ? cur[1] < ref[0] : cur[0] > ref[1];
  const better = higher ? cur[0] > ref[1] : cur[1] < ref[0];
  const dir = `${current.better} is better`;
  if (worse) return { ...base, outcome: 'regression', detail: `CI entirely ${higher ? 'below' : 'above'} the baseline's (${dir})` };
  if (better) return { ...base, outcome: 'improvement', detail: `CI entirely ${higher ? 'above' : 'below'} the baseline's (${dir})` };
  return { ...base, outcome: 'ok', detail: `CIs overlap (${dir})` };
}

export function checkSpeed(scenario: string, current: BenchScenario['speed'], baseline: BenchScenario['speed'] | undefined, tolerance: number): Check {
  const base = { scenario, subject: 'speed', baseline: baseline ? num(baseline.ratio) : '-', current: current ? num(current.ratio) : '-' };
  if (!current) return { ...base, outcome: 'unchecked', detail: 'not measured' };
  if (!baseline) return { ...base, outcome: 'unchecked', detail: 'no baseline ratio' };
  const floor = baseline.ratio * (1 - tolerance);
  const change = `${current.ratio >= baseline.ratio ? '+' : ''}${((current.ratio / baseline.ratio - 1) * 100).toFixed(1)}%`;
  if (current.ratio < floor) return { ...base, outcome: 'regression', detail: `${change}: below ${num(floor)} (baseline x (1 - ${tolerance}))` };
  if (current.ratio > baseline.ratio * (1 + tolerance)) return { ...base, outcome: 'improvement', detail: `${change}, beyond the tolerance ${tolerance}` };
  return { ...base, outcome: 'ok', detail: `${change}, within the tolerance ${tolerance}` };
}

export function compareToBaseline(current: BenchDocument, baseline: BenchDocument, tolerance = current.tolerance): Verdict {
  const checks: Check[] = [];
  const notes: string[] = [];
  for (const s of current.scenarios) {
    const b = baseline.scenarios.find((x) => x.name === s.name);
    if (!b) {
      notes.push(`${s.name}: not in the baseline (new scenario); nothing to compare`);
      continue;
    }
    if (b.scenarioHash !== s.scenarioHash) notes.push(`${s.name}: the scenario differs from the baseline's (hash ${s.scenarioHash.slice(0, 12)} vs ${b.scenarioHash.slice(0, 12)})`);
    for (const [kpi, k] of Object.entries(s.kpis)) checks.push(checkKpi(s.name, kpi, k, b.kpis[kpi]));
    checks.push(checkSpeed(s.name, s.speed, b.speed, tolerance));
  }
  for (const b of baseline.scenarios) if (!current.scenarios.some((s) => s.name === b.name)) notes.push(`${b.name}: in the baseline but not in the suite`);
  const regressions = checks.filter((c) => c.outcome === 'regression');
  return { pass: regressions.length === 0, checks, regressions, notes };
}

/** For CI logs ($GITHUB_STEP_SUMMARY and the like). */
export function renderVerdictMarkdown(current: BenchDocument, verdict: Verdict | null, baselineLabel: string | null): string {
  const title = verdict ? (verdict.pass ? 'PASS' : `FAIL (${verdict.regressions.length} regression${verdict.regressions.length === 1 ? '' : 's'})`) : 'no baseline';
  const lines = [`## ccsim bench: ${title}`, '', `Suite \`${current.suite}\`${baselineLabel ? ` against \`${baselineLabel}\`` : ''}; ccsim ${current.provenance.ccsim}${current.provenance.commit ? ` (${current.provenance.commit.slice(0, 12)})` : ''}, Node ${current.provenance.node}.`, ''];
  if (verdict) {
    lines.push('| scenario | check | baseline | current | result |', '| --- | --- | ---: | ---: | --- |');
    const mark: Record<Outcome, string> = { ok: 'ok', regression: '**REGRESSION**', improvement: 'improved', unchecked: 'not checked' };
    for (const c of verdict.checks) lines.push(`| ${c.scenario} | ${c.subject === 'speed' ? 'speed ratio' : c.subject} | ${c.baseline} | ${c.current} | ${mark[c.outcome]}: ${c.detail} |`);
    if (verdict.notes.length > 0) lines.push('', ...verdict.notes.map((n) => `- ${n}`));
  } else {
    lines.push('| scenario | check | current |', '| --- | --- | ---: |');
    for (const s of current.scenarios) {
      for (const [kpi, k] of Object.entries(s.kpis)) lines.push(`| ${s.name} | ${kpi} | ${show(kpi, k)} |`);
      lines.push(`| ${s.name} | speed ratio | ${s.speed ? num(s.speed.ratio) : '-'} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
