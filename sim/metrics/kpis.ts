/**
 * KPI definitions: one place that says what each KPI is, its unit, which direction is better (for
 * regression checks and reports), and how it is computed from a replication's totals. Within a
 * replication a rate KPI is a ratio of totals; an undefined ratio (0/0) is null, never NaN.
 */
import type { InboundTotals } from './inbound-stats.ts';

export type Better = 'higher' | 'lower' | 'none';

export interface KpiDef {
  name: string;
  unit: 'calls' | 'share' | 'seconds' | 'agents' | 'calls/hour';
  better: Better;
  description: string;
}

/** The inbound KPIs, in the order they appear in results documents. */
export const INBOUND_KPIS: readonly KpiDef[] = [
  { name: 'offered', unit: 'calls', better: 'none', description: 'calls that arrived in the measurement window' },
  { name: 'answered', unit: 'calls', better: 'higher', description: 'offered calls that reached an agent' },
  { name: 'abandoned', unit: 'calls', better: 'lower', description: 'offered calls that hung up while waiting' },
  { name: 'blocked', unit: 'calls', better: 'lower', description: 'offered calls turned away because the waiting room was full' },
  { name: 'abandonRate', unit: 'share', better: 'lower', description: 'abandoned / offered' },
  { name: 'blockRate', unit: 'share', better: 'lower', description: 'blocked / offered' },
  { name: 'asa', unit: 'seconds', better: 'lower', description: 'average speed of answer: mean wait of answered calls' },
  { name: 'meanWait', unit: 'seconds', better: 'lower', description: 'mean time in queue of all offered calls (answered or abandoned; blocked count as 0)' },
  { name: 'waitProbability', unit: 'share', better: 'lower', description: 'share of offered calls that waited at all (queued)' },
  { name: 'serviceLevel', unit: 'share', better: 'higher', description: 'answered within T / offered' },
  { name: 'serviceLevelAnswered', unit: 'share', better: 'higher', description: 'answered within T / answered' },
  { name: 'occupancy', unit: 'share', better: 'none', description: 'busy agent-time / (busy + idle agent-time); breaks and off-shift time excluded' },
  { name: 'meanQueueLength', unit: 'calls', better: 'lower', description: 'time-average number of calls waiting' },
  { name: 'avgHandleTime', unit: 'seconds', better: 'lower', description: 'mean talk + after-call work of answered calls' },
  { name: 'agentsStaffed', unit: 'agents', better: 'none', description: 'time-average agents available (idle or busy)' },
];

const nz = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function computeInboundKpis(t: InboundTotals): Record<string, number | null> {
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    blocked: t.blocked,
    abandonRate: nz(t.abandoned, t.offered),
    blockRate: nz(t.blocked, t.offered),
    asa: nz(t.sumWaitAnswered, t.answered),
    meanWait: nz(t.sumWaitAll, t.offered),
    waitProbability: nz(t.waited, t.offered),
    serviceLevel: nz(t.answeredWithinT, t.offered),
    serviceLevelAnswered: nz(t.answeredWithinT, t.answered),
    occupancy: nz(t.busyArea, t.staffedArea),
    meanQueueLength: nz(t.queueArea, t.windowSeconds),
    avgHandleTime: nz(t.sumHandle, t.answered),
    agentsStaffed: nz(t.staffedArea, t.windowSeconds),
  };
}
