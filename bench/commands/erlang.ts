/**
 * `ccsim erlang`: the closed forms (Erlang B, C and, with --patience, A) for a staffing level or a
 * range of them, so a staffing question can be checked without simulating. With --target-sl or
 * --max-abandon it also gives the smallest number of agents meeting the target.
 */
import type { Command } from 'commander';
import { erlangA, erlangB, erlangC, minAgents, type QueueMetrics } from '../../sim/theory/erlang.ts';
import { formatTable } from '../format.ts';
import { parseNumber, UsageError } from './options.ts';

interface ErlangOptions {
  agents: string;
  arrivalsPerHour: number;
  aht: number;
  patience?: number;
  slSeconds: number;
  targetSl?: number;
  maxAbandon?: number;
  json?: boolean;
}

export interface ErlangRow {
  agents: number;
  offeredLoad: number;
  erlangB: { blocking: number };
  erlangC: Omit<QueueMetrics, 'abandonProbability' | 'abandonGivenWait'>;
  erlangA: QueueMetrics | null;
}

/** "14" or "10..20" to a list of agent counts. */
export function parseAgents(text: string): number[] {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--agents: expected an integer or a range like 10..20, found "${text}"`);
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  if (lo < 1 || hi < lo) throw new UsageError(`--agents: expected 1 <= first <= last, found "${text}"`);
  if (hi - lo > 10_000) throw new UsageError(`--agents: a range of at most 10,001 values, found "${text}"`);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

export function erlangRows(agents: number[], o: { arrivalsPerHour: number; aht: number; patience?: number; slSeconds: number }): ErlangRow[] {
  const rate = o.arrivalsPerHour / 3600;
  return agents.map((c) => {
    const base = { agents: c, arrivalRatePerSecond: rate, meanHandleSeconds: o.aht, slSeconds: o.slSeconds };
    const { abandonProbability: _a, abandonGivenWait: _g, ...c2 } = erlangC(base);
    return {
      agents: c,
      offeredLoad: rate * o.aht,
      erlangB: { blocking: erlangB(c, rate * o.aht) },
      erlangC: c2,
      erlangA: o.patience !== undefined ? erlangA({ ...base, meanPatienceSeconds: o.patience }) : null,
    };
  });
}

export function registerErlang(program: Command): void {
  program
    .command('erlang')
    .description('closed-form Erlang B, C and A values for a staffing level (no simulation)')
    .requiredOption('--agents <n|a..b>', 'number of agents, or a range such as 10..20')
    .requiredOption('--arrivals-per-hour <x>', 'offered calls per hour', parseNumber('--arrivals-per-hour', 0, true))
    .requiredOption('--aht <seconds>', 'average handle time (talk + wrap), seconds', parseNumber('--aht', 0, true))
    .option('--patience <seconds>', 'mean patience (exponential): adds Erlang A', parseNumber('--patience', 0, true))
    .option('--sl-seconds <t>', 'service-level threshold T, seconds', parseNumber('--sl-seconds', 0), 20)
    .option('--target-sl <share>', 'also report the fewest agents with service level >= this', parseNumber('--target-sl', 0))
    .option('--max-abandon <share>', 'also report the fewest agents with abandonment <= this (needs --patience)', parseNumber('--max-abandon', 0, true))
    .option('--json', 'print JSON on stdout and nothing else')
    .action((opts: ErlangOptions) => {
      if (opts.maxAbandon !== undefined && opts.patience === undefined) throw new UsageError('--max-abandon needs --patience (without it nobody abandons)');
      if (opts.targetSl !== undefined && !(opts.targetSl < 1)) throw new UsageError(`--target-sl: expected a share below 1, found ${opts.targetSl}`);
      const rows = erlangRows(parseAgents(opts.agents), opts);
      let staffing: { agents: number; model: 'A' | 'C' } | null = null;
      if (opts.targetSl !== undefined || opts.maxAbandon !== undefined) {
        const agents = minAgents(
          { arrivalRatePerSecond: opts.arrivalsPerHour / 3600, meanHandleSeconds: opts.aht, slSeconds: opts.slSeconds, meanPatienceSeconds: opts.patience },
          { serviceLevel: opts.targetSl, maxAbandon: opts.maxAbandon },
        );
        staffing = { agents, model: opts.patience !== undefined ? 'A' : 'C' };
      }
      const inputs = { arrivalsPerHour: opts.arrivalsPerHour, aht: opts.aht, patience: opts.patience ?? null, slSeconds: opts.slSeconds };
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ schemaVersion: 1, inputs, rows, staffing }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${renderErlang(rows, inputs)}\n`);
      if (staffing) {
        const what = [opts.targetSl !== undefined ? `service level >= ${opts.targetSl}` : '', opts.maxAbandon !== undefined ? `abandonment <= ${opts.maxAbandon}` : ''].filter(Boolean).join(' and ');
        process.stdout.write(`\nfewest agents with ${what} (Erlang ${staffing.model}): ${staffing.agents}\n`);
      }
    });
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '-');
const sec = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} s` : 'unbounded');

export function renderErlang(rows: ErlangRow[], inputs: { arrivalsPerHour: number; aht: number; patience: number | null; slSeconds: number }): string {
  const head = `offered load ${(inputs.arrivalsPerHour * inputs.aht / 3600).toFixed(2)} Erlangs (${inputs.arrivalsPerHour}/h x ${inputs.aht} s), T = ${inputs.slSeconds} s` +
    (inputs.patience !== null ? `, mean patience ${inputs.patience} s` : '');
  const header = ['agents', 'B: blocked', 'C: P(wait)', 'C: ASA', 'C: SL', 'occupancy'];
  if (inputs.patience !== null) header.push('A: P(wait)', 'A: abandon', 'A: ASA', 'A: SL', 'A: occupancy');
  const body = rows.map((r) => {
    const cells = [String(r.agents), pct(r.erlangB.blocking)];
    if (r.erlangC.stable) cells.push(pct(r.erlangC.waitProbability), sec(r.erlangC.asa), pct(r.erlangC.serviceLevel), pct(r.erlangC.occupancy));
    else cells.push('unstable', '-', '-', '-');
    if (r.erlangA) cells.push(pct(r.erlangA.waitProbability), pct(r.erlangA.abandonProbability), sec(r.erlangA.asa), pct(r.erlangA.serviceLevel), pct(r.erlangA.occupancy));
    return cells;
  });
  return `${head}\n\n${formatTable(header, body, header.map((_, i) => i > 0))}`;
}
