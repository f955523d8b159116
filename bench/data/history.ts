/**
 * A center's history as the data commands read it: the CDRs (and agent logs, from the records
 * folder or a separate file) imported and checked, in the center's time zone, with the period they
 * cover. One entry point for `data check`, `calibrate` and `backtest`, so all three exclude the
 * same rows for the same reasons.
 */
import { isValidTimeZone } from '../../scenarios/primitives.ts';
import { importAgentLog, type AgentLogResult } from './agent-log.ts';
import { importCalls, type ImportResult } from './cdr.ts';
import { AGENT_LOG_NAMES, CDR_NAMES, parseMapping } from './layout.ts';
import { DataError, openSource, type SourceInfo } from './source.ts';
import { ZoneClock } from './time.ts';

export interface HistoryOptions {
  /** The center's IANA time zone; records carry theirs (this overrides it). Default UTC for files. */
  timeZone?: string;
  map?: string[];
  agents?: string;
  agentsMap?: string[];
  replication?: number;
  variant?: string;
  intervalMinutes?: number;
  maxDurationSeconds?: number;
}

export interface History {
  source: SourceInfo;
  timeZone: string;
  clock: ZoneClock;
  intervalSeconds: number;
  calls: ImportResult;
  agentLog: AgentLogResult | null;
  /** Local day numbers of the first and last day of the history. */
  firstDay: number;
  lastDay: number;
  /** The period the history covers, epoch ms [start, end): a records folder's run, else whole days. */
  period: { startMs: number; endMs: number };
}

/** Whether interval k of local day `dayNumber` lies wholly inside the history's period. */
export function cellCovered(h: Pick<History, 'clock' | 'period' | 'intervalSeconds'>, dayNumber: number, k: number): boolean {
  const startWall = dayNumber * 86_400_000 + k * h.intervalSeconds * 1000;
  const start = h.clock.epochOfWall(startWall);
  const end = h.clock.epochOfWall(startWall + h.intervalSeconds * 1000);
  return start >= h.period.startMs && end <= h.period.endMs;
}

export async function loadHistory(path: string, opts: HistoryOptions = {}): Promise<History> {
  if (opts.timeZone !== undefined && !isValidTimeZone(opts.timeZone)) throw new DataError(`--time-zone: expected an IANA time zone such as "Europe/London", found "${opts.timeZone}"`);
  let mapping: Record<string, string>;
  let agentMapping: Record<string, string>;
  try {
    mapping = parseMapping(opts.map ?? [], CDR_NAMES);
    agentMapping = parseMapping(opts.agentsMap ?? [], AGENT_LOG_NAMES);
  } catch (err) {
    throw new DataError((err as Error).message);
  }
  const intervalSeconds = (opts.intervalMinutes ?? 15) * 60;
  const source = await openSource(path, { replication: opts.replication, variant: opts.variant });
  try {
    const timeZone = opts.timeZone ?? source.info.timeZone ?? 'UTC';
    const clock = new ZoneClock(timeZone);
    const raw = await source.calls(CDR_NAMES, mapping);
    for (const required of ['arrival_time', 'outcome']) {
      if (!raw.present.has(required)) {
        const found = Object.keys(raw.columns);
        throw new DataError(`${path}: ${required}: expected a column ${mapping[required] ?? required} (or --map ${required}=COLUMN), found ${found.length ? `columns ${found.join(', ')}` : 'none of the layout\'s columns'}`);
      }
    }
    const calls = importCalls(raw, { clock, maxDurationSeconds: opts.maxDurationSeconds, intervalSeconds });
    let agentLog: AgentLogResult | null = null;
    if (opts.agents !== undefined) {
      const agentSource = await openSource(opts.agents);
      try {
        const rawAgents = await agentSource.calls(AGENT_LOG_NAMES, agentMapping);
        for (const required of AGENT_LOG_NAMES) {
          if (!rawAgents.present.has(required)) throw new DataError(`${opts.agents}: ${required}: expected a column ${agentMapping[required] ?? required} (or --agents-map ${required}=COLUMN)`);
        }
        agentLog = importAgentLog(rawAgents, clock, intervalSeconds);
      } finally {
        agentSource.close();
      }
    } else {
      const rawAgents = await source.agentLog(AGENT_LOG_NAMES, {});
      if (rawAgents !== null && rawAgents.rows > 0) agentLog = importAgentLog(rawAgents, clock, intervalSeconds);
    }
    let firstDay: number;
    let lastDay: number;
    if (source.info.period) {
      firstDay = Math.floor(clock.wallMs(source.info.period.startMs) / 86_400_000);
      lastDay = Math.floor((clock.wallMs(source.info.period.endMs) - 1) / 86_400_000);
    } else {
      firstDay = Infinity;
      lastDay = -Infinity;
      const d = calls.data;
      for (let i = 0; i < d.n; i++) {
        firstDay = Math.min(firstDay, d.dayNumber[i]);
        lastDay = Math.max(lastDay, d.dayNumber[i]);
      }
    }
    if (!(lastDay >= firstDay)) throw new DataError(`${path}: expected at least one usable call record, found ${calls.rowsRead} rows and none usable`);
    const period = source.info.period ?? { startMs: clock.epochOfWall(firstDay * 86_400_000), endMs: clock.epochOfWall((lastDay + 1) * 86_400_000) };
    return { source: source.info, timeZone, clock, intervalSeconds, calls, agentLog, firstDay, lastDay, period };
  } finally {
    source.close();
  }
}
