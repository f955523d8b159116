/** `ccsim pilot plan PILOT.yaml`: the staged rollout plan of a split-center scenario (bench/pilot/). */
import type { Command } from 'commander';
import { join } from 'node:path';
import { loadScenario } from '../../scenarios/load.ts';
import { tellScenarioNotes } from '../../scenarios/notes.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { findKpiDef } from '../kpi-defs.ts';
import { writeFileAtomic } from '../files.ts';
import { isPowerKpi, planPilot } from '../pilot/plan.ts';
import { renderPlan, writePlanReport } from '../pilot/render.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { replicationsOption, seedOption, setOption, UsageError, workersOption } from './options.ts';

interface PlanOptions {
  seed?: number;
  replications?: number;
  set?: string[];
  workers?: number;
  json?: boolean;
  out?: string;
  report?: string | true;
  png?: boolean;
}

export function registerPilot(program: Command): void {
  const pilot = program.command('pilot').description('plan pilots of a new policy in a split center');
  pilot
    .command('plan')
    .description('stages with expected lift and go/no-go guardrails, and pilot length by simulated power for three designs')
    .argument('<pilot>', 'a scenario file with a pilot block (YAML or JSON)')
    .addOption(seedOption())
    .addOption(replicationsOption())
    .addOption(setOption())
    .addOption(workersOption())
    .option('--json', 'print the plan document (JSON) on stdout and nothing else')
    .option('--out <dir>', 'also write plan.json and plan.md into this directory')
    .option('--report [dir]', 'also write the charts and an HTML report (default dir: <out>/report, or out/<scenario>-pilot)')
    .option('--png', 'with --report, also write PNG charts')
    .action(async (file: string, opts: PlanOptions) => {
      const loaded = loadScenario(file, { seed: opts.seed, replications: opts.replications, set: opts.set });
      checkPlannable(file, loaded.scenario);
      tellScenarioNotes(file, loaded.scenario, process.stderr);
      const runner = createTaskRunner(Math.min(opts.workers ?? defaultWorkerCount(), loaded.scenario.replications));
      const say = opts.json || !process.stderr.isTTY ? () => {} : (step: string) => process.stderr.write(`\r${step.padEnd(40)}`);
      let plan;
      try {
        plan = await planPilot(loaded.scenario, loaded.hash, runner, say);
      } finally {
        if (!opts.json && process.stderr.isTTY) process.stderr.write('\r'.padEnd(42) + '\r');
        await runner.close();
      }
      const json = `${JSON.stringify(plan, null, 2)}\n`;
      const text = renderPlan(plan);
      if (opts.out) {
        writeFileAtomic(join(opts.out, 'plan.json'), json);
        writeFileAtomic(join(opts.out, 'plan.md'), `# ${plan.scenario}: pilot plan\n\n\`\`\`\n${text}\n\`\`\`\n`);
      }
      process.stdout.write(opts.json ? json : `${text}\n`);
      if (opts.report) {
        const dir = typeof opts.report === 'string' ? opts.report : opts.out ? join(opts.out, 'report') : join('out', `${plan.scenario}-pilot`);
        const html = await writePlanReport(plan, dir, opts.png === true);
        process.stderr.write(`report: ${html}\n`);
      }
    });
}

/** What the planner needs beyond a valid scenario; each failure is one line naming the field. */
function checkPlannable(file: string, s: Scenario): void {
  const fail = (path: string, expected: string, found: string) => {
    throw new UsageError(`${file}: ${path}: expected ${expected}, found ${found}`);
  };
  if (!s.pilot) fail('pilot', 'a pilot block (unit, share, treatment, plan)', 'nothing');
  const plan = s.pilot!.plan;
  plan.kpis.forEach((k, i) => {
    if (!findKpiDef(k)) fail(`pilot.plan.kpis[${i}]`, 'a KPI name (see README, KPIs)', JSON.stringify(k));
  });
  if (!isPowerKpi(plan.kpis[0])) fail('pilot.plan.kpis[0]', 'a per-conversation yes/no KPI for the power analysis (conversionRate or effectiveCallShare)', JSON.stringify(plan.kpis[0]));
  plan.guardrails.forEach((g, i) => {
    if (!findKpiDef(g.kpi)) fail(`pilot.plan.guardrails[${i}].kpi`, 'a KPI name (see README, KPIs)', JSON.stringify(g.kpi));
  });
  if (s.inbound === undefined) fail('inbound', 'an inbound section (the power analysis pairs inbound calls)', 'nothing');
  if (plan.power.calibrationDays < 2) fail('pilot.plan.power.calibrationDays', 'at least 2', String(plan.power.calibrationDays));
  if (s.replications < 2) fail('replications', 'at least 2 (stages are judged on confidence intervals)', String(s.replications));
}
