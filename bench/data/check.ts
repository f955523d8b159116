/**
 * `ccsim data check`: the problems a person must see before fitting, as one document (JSON) and a
 * readable text. The verdict fails when the excluded rows exceed a share of the rows read.
 */
import type { History } from './history.ts';
import type { Issue } from './issues.ts';
import { dayLabel } from './time.ts';

export interface CheckDocument {
  source: { path: string; kind: string; variant: string | null; replication: number | null; replications: number[] };
  timeZone: string;
  period: { first: string; last: string; days: number };
  calls: { rowsRead: number; rowsKept: number; rowsExcluded: number; inbound: number; outbound: number; inArrivalOrder: boolean; rowsEarlierThanPrevious: number };
  agentLog: { rowsRead: number; rowsKept: number; rowsExcluded: number; agents: number } | null;
  issues: (Issue & { table: 'calls' | 'agent_log' })[];
  errorShare: number;
  maxErrorShare: number;
  verdict: 'pass' | 'fail';
}

export function checkHistory(h: History, maxErrorShare: number): CheckDocument {
  const c = h.calls;
  let inbound = 0;
  for (let i = 0; i < c.data.n; i++) if (c.data.kind[i] === 0) inbound++;
  const callIssues = c.issues.list().map((i) => ({ ...i, table: 'calls' as const }));
  const agentIssues = h.agentLog ? h.agentLog.issues.list().map((i) => ({ ...i, table: 'agent_log' as const })) : [];
  const excluded = c.rowsRead - c.data.n + (h.agentLog ? h.agentLog.rowsRead - h.agentLog.rowsKept : 0);
  const read = c.rowsRead + (h.agentLog?.rowsRead ?? 0);
  const errorShare = read > 0 ? excluded / read : 0;
  return {
    source: { path: h.source.path, kind: h.source.kind, variant: h.source.variant, replication: h.source.replication, replications: h.source.replications },
    timeZone: h.timeZone,
    period: { first: dayLabel(h.firstDay), last: dayLabel(h.lastDay), days: h.lastDay - h.firstDay + 1 },
    calls: { rowsRead: c.rowsRead, rowsKept: c.data.n, rowsExcluded: c.rowsRead - c.data.n, inbound, outbound: c.data.n - inbound, inArrivalOrder: c.unsorted === 0, rowsEarlierThanPrevious: c.unsorted },
    agentLog: h.agentLog ? { rowsRead: h.agentLog.rowsRead, rowsKept: h.agentLog.rowsKept, rowsExcluded: h.agentLog.rowsRead - h.agentLog.rowsKept, agents: h.agentLog.agents } : null,
    issues: [...callIssues, ...agentIssues],
    errorShare,
    maxErrorShare,
    verdict: errorShare > maxErrorShare ? 'fail' : 'pass',
  };
}

const int = (n: number) => n.toLocaleString('en-US');

export function renderCheck(doc: CheckDocument): string {
  const src = doc.source.kind === 'records' ? `${doc.source.path} (records: variant ${doc.source.variant}, replication ${doc.source.replication}; the folder has ${doc.source.replications.join(', ')})` : `${doc.source.path} (${doc.source.kind})`;
  const lines = [
    `data check: ${src}`,
    `period ${doc.period.first} .. ${doc.period.last} (${doc.period.days} days, ${doc.timeZone})`,
    `calls: ${int(doc.calls.rowsRead)} rows read, ${int(doc.calls.rowsKept)} kept (${int(doc.calls.inbound)} inbound, ${int(doc.calls.outbound)} outbound), ${int(doc.calls.rowsExcluded)} excluded`,
  ];
  if (doc.agentLog) lines.push(`agent log: ${int(doc.agentLog.rowsRead)} rows read, ${int(doc.agentLog.rowsKept)} kept, ${int(doc.agentLog.rowsExcluded)} excluded, ${int(doc.agentLog.agents)} agents`);
  lines.push(doc.calls.inArrivalOrder ? 'rows are in arrival order' : `rows are not in arrival order (${int(doc.calls.rowsEarlierThanPrevious)} arrive before the row above them; ccsim's own records are written as calls end): not an error`);
  lines.push('');
  if (doc.issues.length === 0) lines.push('no problems found');
  for (const i of doc.issues) {
    lines.push(`${i.severity === 'error' ? 'ERROR  ' : 'warning'} ${i.table === 'agent_log' ? 'agent log ' : ''}${i.code}: ${int(i.count)} row${i.count === 1 ? '' : 's'}: ${i.message}`);
    for (const e of i.examples) lines.push(`          e.g. ${e.row}: ${e.found}`);
  }
  lines.push('');
  lines.push(`excluded ${(doc.errorShare * 100).toFixed(2)}% of rows (threshold ${(doc.maxErrorShare * 100).toFixed(2)}%): ${doc.verdict === 'pass' ? 'pass' : 'FAIL (exit code 1)'}`);
  return lines.join('\n');
}
