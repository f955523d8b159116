/** `ccsim staff scenario.yaml --target "serviceLevel>=0.8@20s" [--max-abandon 0.05]`: agents per interval, Erlang A then simulation. */
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { loadScenario } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { coverageOf, greedyShifts } from '../data/shifts.ts';
import { planScenario, planStaffing, type StaffingResult, type StaffingTarget } from '../data/staffing.ts';
import { writeFileAtomic } from '../files.ts';
import { formatTable } from '../format.ts';
import { createTaskRunner, defaultWorkerCount } from '../pool.ts';
import { parseInteger, parseNumber, UsageError, workersOption } from './options.ts';

interface StaffOptions {
  target?: string;
  maxAbandon?: number;
  replications?: number;
  verifyReplications?: number;
  margin?: number;
  shifts?: string;
  scenarioOut?: string;
  workers?: number;
  json?: boolean;
}

/** "serviceLevel>=0.8@20s" (or 80%) → target; a mistake is one line. */
export function parseTarget(text: string): { serviceLevel: number; slSeconds: number } {
  const m = /^\s*serviceLevel\s*>=\s*([0-9]*\.?[0-9]+)(%?)\s*@\s*([0-9]*\.?[0-9]+)\s*s?\s*$/.exec(text);
  if (!m) throw new UsageError(`--target: expected "serviceLevel>=X@Ts" such as "serviceLevel>=0.8@20s", found "${text}"`);
  const sl = Number(m[1]) / (m[2] ? 100 : 1);
  if (!(sl > 0 && sl < 1)) throw new UsageError(`--target: expected a service level in (0, 1), found ${m[1]}${m[2]}`);
  const t = Number(m[3]);
  if (!(t > 0)) throw new UsageError(`--target: expected a threshold > 0 seconds, found ${m[3]}`);
  return { serviceLevel: sl, slSeconds: t };
}

/** "8h,6h,4h30" or minutes "480,360" → lengths in intervals. */
function parseShiftLengths(text: string, intervalSeconds: number): number[] {
  return text.split(',').map((part) => {
    const p = part.trim();
    const m = /^(\d+)h(?:(\d+))?$|^(\d+)(?:m|min)?$/.exec(p);
    const minutes = m ? (m[1] !== undefined ? Number(m[1]) * 60 + Number(m[2] ?? 0) : Number(m[3])) : NaN;
    const length = (minutes * 60) / intervalSeconds;
    if (!(Number.isInteger(length) && length >= 1 && minutes < 1440)) {
      throw new UsageError(`--shifts: expected shift lengths such as 8h,6h,4h30 (multiples of the ${intervalSeconds / 60}-minute interval, under 24h), found "${p}"`);
    }
    return length;
  });
}

export function registerStaff(program: Command): void {
  program
    .command('staff')
    .description('the fewest agents per interval meeting a service-level target: Erlang A, corrected by simulation, verified on fresh replications; optionally as shifts')
    .argument('<scenario>', 'scenario file with an inbound section and a horizon in hours (up to 7 days)')
    .requiredOption('--target <spec>', 'the target, e.g. "serviceLevel>=0.8@20s" (answered within 20 s / offered, per interval, mean over replications)')
    .option('--max-abandon <share>', 'also: abandonment per interval at most this (mean over replications)', parseNumber('--max-abandon', 0, true))
    .option('--replications <n>', 'replications per tuning round (default 100, the same ones every round)', parseInteger('--replications', 2))
    .option('--verify-replications <n>', 'fresh replications per verification round (default 4 x --replications)', parseInteger('--verify-replications', 2))
    .option('--margin <se>', 'tuning asks the mean to clear the target by this many standard errors (default 1)', parseNumber('--margin', 0))
    .option('--shifts <lengths>', 'also cover the plan with shifts of these lengths, e.g. 8h,6h,4h (greedy heuristic)')
    .option('--scenario-out <file>', 'write the scenario with the plan as its agents (shift blocks, or the shifts with --shifts)')
    .addOption(workersOption())
    .option('--json', 'print the staffing document (JSON)')
    .action(async (file: string, opts: StaffOptions) => {
      const loaded = loadScenario(file);
      const s = loaded.scenario;
      if (!s.inbound) throw new UsageError(`${file}: inbound: expected an inbound section to staff, found none`);
      if (s.outbound) throw new UsageError(`${file}: outbound: expected an inbound-only scenario (staff plans inbound agents), found an outbound section`);
      if (!('hours' in s.horizon) || s.horizon.hours > 168) throw new UsageError(`${file}: horizon: expected { hours: <at most 168> } (a plan per interval of up to 7 days), found ${JSON.stringify(s.horizon)}`);
      if (!s.series.enabled) throw new UsageError(`${file}: series.enabled: expected true (staffing is per interval), found false`);
      const t = parseTarget(opts.target ?? '');
      const target: StaffingTarget = { ...t, ...(opts.maxAbandon !== undefined ? { maxAbandon: opts.maxAbandon } : {}) };
      const intervalSeconds = s.series.intervalMinutes * 60;
      const lengths = opts.shifts !== undefined ? parseShiftLengths(opts.shifts, intervalSeconds) : null;
      const replications = opts.replications ?? 100;
      const runner = createTaskRunner(Math.min(opts.workers ?? defaultWorkerCount(), replications));
      const tty = process.stderr.isTTY && !opts.json;
      let result: StaffingResult;
      let shiftPart: ShiftPlanPart | null = null;
      try {
        result = await planStaffing(runner, s, target, {
          replications,
          verifyReplications: opts.verifyReplications,
          marginSe: opts.margin ?? 1,
          onRound: tty ? (phase, round, failing) => process.stderr.write(`staff: ${phase} round ${round}: ${failing} interval${failing === 1 ? '' : 's'} missing the target\n`) : undefined,
        });
        if (lengths) shiftPart = shiftPlan(s, result, lengths);
      } finally {
        await runner.close();
      }
      const planned = shiftPart ? shiftPart.scenario : planScenario({ ...s, serviceLevel: { seconds: target.slSeconds } }, result.intervals, intervalSeconds);
      if (opts.scenarioOut) {
        const header = `# Staffing plan by ccsim staff from ${file}: target ${opts.target}${opts.maxAbandon !== undefined ? `, abandonment <= ${opts.maxAbandon}` : ''}.\n# Agents are ${shiftPart ? 'greedy shifts covering' : 'shift blocks reproducing'} the simulation-corrected per-interval plan (no breaks: agents on the phones).\n`;
        writeFileAtomic(opts.scenarioOut, header + stringify(planned));
      }
      const doc = { scenario: s.name, ...result, shifts: shiftPart ? { lengths: shiftPart.lengths, shifts: shiftPart.shifts, agentHours: shiftPart.agentHours } : null };
      process.stdout.write(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : `${renderStaffing(s.name, result, shiftPart)}\n`);
      if (opts.scenarioOut) process.stderr.write(`staff: plan written to ${opts.scenarioOut}\n`);
    });
}

interface ShiftPlanPart {
  lengths: string[];
  shifts: { date: string; start: string; end: string; count: number }[];
  agentHours: number;
  scenario: Scenario;
}

function hhmm(seconds: number): string {
  const s = ((seconds % 86400) + 86400) % 86400;
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}

/** Greedy shifts over each local date's plan, and the scenario with them as agent groups. */
function shiftPlan(s: Scenario, r: StaffingResult, lengths: number[]): ShiftPlanPart {
  const iv = r.intervalSeconds;
  const perDay = Math.round(86400 / iv);
  const byDate = new Map<string, number[]>();
  for (const p of r.intervals) {
    const date = p.start.slice(0, 10);
    let table = byDate.get(date);
    if (!table) byDate.set(date, (table = new Array<number>(perDay).fill(0)));
    table[Math.floor((Number(p.start.slice(11, 13)) * 3600 + Number(p.start.slice(14, 16)) * 60) / iv)] = p.agents;
  }
  const shifts: ShiftPlanPart['shifts'] = [];
  const groups: Scenario['agents'] = [];
  let paid = 0;
  for (const [date, table] of byDate) {
    const wd = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(`${date}T00:00:00Z`).getUTCDay()];
    const planned = greedyShifts(table, lengths);
    const cover = coverageOf(planned, perDay);
    if (cover.some((c, k) => c < table[k])) throw new Error('greedyShifts left an interval uncovered');
    for (const p of planned) {
      const start = hhmm(p.from * iv);
      const end = hhmm((p.from + p.length) * iv);
      shifts.push({ date, start, end, count: p.count });
      paid += (p.count * p.length * iv) / 3600;
      groups.push({ group: `shift-${wd}-${start.replace(':', '')}-${end.replace(':', '')}`, count: p.count, shift: { start, end, days: [wd] } } as Scenario['agents'][number]);
    }
  }
  return { lengths: lengths.map((l) => `${(l * iv) / 60} min`), shifts, agentHours: paid, scenario: { ...s, serviceLevel: { seconds: r.target.slSeconds }, agents: groups.length ? groups : s.agents } };
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

export function renderStaffing(name: string, r: StaffingResult, shifts: ShiftPlanPart | null): string {
  const head = [
    `staff: ${name}: target service level >= ${pct(r.target.serviceLevel)} within ${r.target.slSeconds} s${r.target.maxAbandon !== undefined ? `, abandonment <= ${pct(r.target.maxAbandon)}` : ''}, per ${r.intervalSeconds / 60}-minute interval, mean over replications`,
    `Erlang inputs: mean handle ${r.meanHandleSeconds.toFixed(1)} s, mean patience ${r.meanPatienceSeconds === null ? 'infinite' : `${r.meanPatienceSeconds.toFixed(1)} s (taken as exponential)`}`,
    `tuning: ${r.tuning.rounds} simulation rounds on replications ${r.tuning.replications[0]}..${r.tuning.replications[1]}; verification: ${r.verification.rounds.map((v) => `replications ${v.replications[0]}..${v.replications[1]}: ${v.failed.length === 0 ? 'all met' : `${v.failed.length} missed (+1 agent each)`}`).join('; ')}`,
  ];
  const rows = r.intervals
    .map((p, k) => ({ p, c: r.verification.checks[k] }))
    .filter(({ p }) => p.arrivalsPerHour > 0 || p.agents > 0)
    .map(({ p, c }) => [p.start.slice(5).replace('T', ' '), p.arrivalsPerHour.toFixed(0), String(p.erlangC), String(p.erlangA), String(p.agents), pct(c.serviceLevel), c.serviceLevelSe === null ? '-' : `${(c.serviceLevelSe * 100).toFixed(1)} pp`, pct(c.abandonRate), c.met ? 'yes' : 'NO']);
  const table = formatTable(['interval', 'calls/h', 'Erlang C', 'Erlang A', 'plan', 'SL (fresh)', 'SE', 'abandon', 'met'], rows, [false, true, true, true, true, true, true, true, false]);
  const h = r.agentHours;
  const tail = [
    '',
    `agent-hours: Erlang C plan ${h.erlangC.toFixed(1)}, Erlang A plan ${h.erlangA.toFixed(1)}, simulation-corrected plan ${h.plan.toFixed(1)} (${h.plan >= h.erlangC ? '+' : ''}${(((h.plan - h.erlangC) / h.erlangC) * 100).toFixed(1)}% against Erlang C)${shifts ? `, greedy shifts (${shifts.lengths.join(', ')}) ${shifts.agentHours.toFixed(1)}` : ''}`,
    'Erlang C knows no abandonment (every caller waits, so it staffs for a queue that patience keeps shorter) and no interval-to-interval carry-over; Erlang A takes exponential patience and a stationary interval; the simulation has neither assumption.',
    r.verification.allMet ? 'every interval meets the target on the fresh replications' : 'some intervals still miss the target after the verification rounds (see the table)',
  ];
  return [...head, '', table, ...tail].join('\n');
}
