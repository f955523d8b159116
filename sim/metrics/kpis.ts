/**
 * KPI definitions: one place that says what each KPI is, its unit, which direction is better (for
 * regression checks and reports), and how it is computed from a replication's totals. Within a
 * replication a rate KPI is a ratio of totals; an undefined ratio (0/0) is null, never NaN.
 */
import type { ComplianceSummary } from '../outbound/compliance.ts';
import type { OutboundTotals } from '../outbound/outbound-stats.ts';
import type { InboundTotals } from './inbound-stats.ts';
import { BD, BD_FIELDS, type SalesTotals } from './sales-stats.ts';
import { COLLAB_KPIS } from './collab-kpis.ts';

export type Better = 'higher' | 'lower' | 'none';

export interface KpiDef {
  name: string;
  unit: 'calls' | 'share' | 'seconds' | 'agents' | 'calls/hour' | 'count' | 'score';
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
  { name: 'meanQueueLength', unit: 'calls', better: 'lower', description: 'time-average number of calls waiting' },
  { name: 'avgHandleTime', unit: 'seconds', better: 'lower', description: 'mean talk + after-call work of answered calls' },
];

/** Agent KPIs, reported for every center. */
export const AGENT_KPIS: readonly KpiDef[] = [
  { name: 'occupancy', unit: 'share', better: 'none', description: 'busy agent-time / (busy + idle agent-time); breaks and off-shift time excluded; busy includes outbound preview and dialing' },
  { name: 'agentsStaffed', unit: 'agents', better: 'none', description: 'time-average agents available (idle or busy)' },
  { name: 'talkTimeShare', unit: 'share', better: 'higher', description: 'talk time / logged-in agent time (breaks included)' },
  { name: 'meanAgentIdleBetweenCalls', unit: 'seconds', better: 'none', description: 'mean length of an agent\'s idle spell before a call' },
];

/** Outbound campaign KPIs. Per-agent-hour rates use all logged-in agent time (breaks included). */
export const OUTBOUND_KPIS: readonly KpiDef[] = [
  { name: 'dials', unit: 'count', better: 'none', description: 'dial attempts' },
  { name: 'dialsPerAgentHour', unit: 'calls/hour', better: 'none', description: 'dials / logged-in agent hours' },
  { name: 'liveConnects', unit: 'count', better: 'higher', description: 'live answers connected to an agent' },
  { name: 'connectRate', unit: 'share', better: 'higher', description: 'live answers / dials' },
  { name: 'rightPartyContacts', unit: 'count', better: 'higher', description: 'live connects with the wanted person' },
  { name: 'abandonedLive', unit: 'count', better: 'lower', description: 'live answers no agent reached within the connect limit' },
  { name: 'dialerAbandonRate', unit: 'share', better: 'lower', description: 'abandoned rate over the whole run, as the rule pack defines it' },
  { name: 'worstWindowAbandonRate', unit: 'share', better: 'lower', description: 'worst abandoned rate over the rule pack\'s windows' },
  { name: 'contactsPerAgentHour', unit: 'calls/hour', better: 'higher', description: 'live connects / logged-in agent hours' },
  { name: 'listPenetration', unit: 'share', better: 'higher', description: 'leads reached (right party) / dialable leads' },
  { name: 'attemptsPerLead', unit: 'count', better: 'none', description: 'dials / dialable leads' },
  { name: 'amdFalsePositives', unit: 'count', better: 'lower', description: 'live persons AMD hung up on (world truth)' },
  { name: 'amdFalseNegatives', unit: 'count', better: 'lower', description: 'machines passed to an agent: those AMD missed, or every answering machine when AMD is off (world truth)' },
];

/** Sales KPIs, when the scenario has a customer population (the world's outcome model decides conversations). */
export const SALES_KPIS: readonly KpiDef[] = [
  { name: 'conversions', unit: 'count', better: 'higher', description: 'conversations that sold' },
  { name: 'conversionRate', unit: 'share', better: 'higher', description: 'conversions / calls that reached an agent (with a customer of the population)' },
  { name: 'conversionsPerOffered', unit: 'share', better: 'higher', description: 'conversions / (offered inbound calls + dialable leads)' },
  { name: 'conversionsPerAgentHour', unit: 'calls/hour', better: 'higher', description: 'conversions / logged-in agent hours' },
  { name: 'revenue', unit: 'count', better: 'higher', description: 'revenue of the conversions (currency units)' },
  { name: 'revenuePerAgentHour', unit: 'calls/hour', better: 'higher', description: 'revenue / logged-in agent hours' },
  { name: 'firstContactResolution', unit: 'share', better: 'higher', description: 'customers whose need was settled (a sale or a definite no) on their first agent contact / customers contacted' },
  { name: 'effectiveCallShare', unit: 'share', better: 'higher', description: 'agent-connected calls that became real conversations / agent-connected calls' },
  { name: 'salesHandleTime', unit: 'seconds', better: 'lower', description: 'mean talk + after-call work of conversations with customers (inbound and outbound)' },
  { name: 'agentWorkloadGini', unit: 'share', better: 'lower', description: 'Gini coefficient of agents\' talk time (0 = evenly spread)' },
  { name: 'csat', unit: 'score', better: 'higher', description: 'mean modelled satisfaction score of conversations, 0-100' },
];

/** Script assist KPIs, when the scenario has assist. */
export const ASSIST_KPIS: readonly KpiDef[] = [
  { name: 'intentAccuracy', unit: 'share', better: 'higher', description: 'customer turns whose intent the model heard right / turns (simulated calls)' },
  { name: 'scriptHitRate', unit: 'share', better: 'higher', description: 'suggested intent-specific scripts that answer the customer\'s true need / such scripts suggested' },
  { name: 'scriptComplianceRate', unit: 'share', better: 'higher', description: 'assisted calls whose scripts carry the required disclosures and no forbidden phrase / assisted calls' },
];

/** Breakdowns of the sales KPIs (dimension -> value -> KPI). */
export const BREAKDOWN_KPIS = ['connected', 'conversions', 'conversionRate', 'revenue', 'effectiveCallShare', 'talkSeconds'] as const;

const nz = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * `bot`: the bot's own sales on its follow-up calls (sim/collab/), counted in conversions and
 * revenue (not in conversionRate, effective share or CSAT, which describe human conversations).
 */
export function computeSalesKpis(s: SalesTotals, offered: number, agentSeconds: number, bot: { conversions: number; revenue: number } | null = null): Record<string, number | null> {
  const hours = agentSeconds / 3600;
  const conversions = s.conversions + (bot ? bot.conversions : 0);
  const revenue = s.revenue + (bot ? bot.revenue : 0);
  const assist: Record<string, number | null> = s.intentNames.length > 0
    ? { intentAccuracy: nz(s.turnsCorrect, s.turns), scriptHitRate: nz(s.scriptFits, s.scriptedTurns), scriptComplianceRate: nz(s.compliantCalls, s.assisted) }
    : {};
  return {
    ...assist,
    conversions,
    conversionRate: nz(s.conversions, s.connected),
    conversionsPerOffered: nz(conversions, offered),
    conversionsPerAgentHour: nz(conversions, hours),
    revenue,
    revenuePerAgentHour: nz(revenue, hours),
    firstContactResolution: nz(s.firstContactResolved, s.customersContacted),
    effectiveCallShare: nz(s.effective, s.connected),
    salesHandleTime: nz(s.handleSum, s.connected),
    agentWorkloadGini: s.workloadGini,
    csat: nz(s.satisfactionSum, s.connected),
  };
}

/** Per-replication breakdown values: dimension -> value name -> KPI -> value. */
export function computeBreakdowns(s: SalesTotals): Record<string, Record<string, Record<string, number | null>>> {
  const cells = (names: string[], data: Float64Array) => {
    const out: Record<string, Record<string, number | null>> = {};
    names.forEach((name, i) => {
      const o = i * BD_FIELDS;
      out[name] = {
        connected: data[o + BD.connected],
        conversions: data[o + BD.conversions],
        conversionRate: nz(data[o + BD.conversions], data[o + BD.connected]),
        revenue: data[o + BD.revenue],
        effectiveCallShare: nz(data[o + BD.effective], data[o + BD.connected]),
        talkSeconds: data[o + BD.talk],
      };
    });
    return out;
  };
  return {
    segment: cells(s.segmentNames, s.bySegment),
    agentGroup: cells(s.groupNames, s.byGroup),
    ...(s.intentNames.length > 0 ? { intent: cells(s.intentNames, s.byIntent), script: cells(s.scriptNames, s.byScript) } : {}),
    ...(s.armNames.length > 0 ? { arm: cells(s.armNames, s.byArm) } : {}),
  };
}

export function computeAgentKpis(t: InboundTotals): Record<string, number | null> {
  return {
    occupancy: nz(t.busyArea + t.reservedArea, t.staffedArea),
    agentsStaffed: nz(t.staffedArea, t.windowSeconds),
    talkTimeShare: nz(t.talkSeconds, t.onShiftArea),
    meanAgentIdleBetweenCalls: nz(t.idleSpellSeconds, t.idleSpells),
  };
}

export function computeOutboundKpis(o: OutboundTotals, c: ComplianceSummary, agentSeconds: number): Record<string, number | null> {
  const hours = agentSeconds / 3600;
  return {
    dials: o.dials,
    dialsPerAgentHour: nz(o.dials, hours),
    liveConnects: o.liveConnects,
    connectRate: nz(o.liveAnswers, o.dials),
    rightPartyContacts: o.rightPartyContacts,
    abandonedLive: o.abandonedLive,
    dialerAbandonRate: c.rate,
    worstWindowAbandonRate: c.worstRate,
    contactsPerAgentHour: nz(o.liveConnects, hours),
    listPenetration: nz(o.leadsReached, o.leadsDialable),
    attemptsPerLead: nz(o.dials, o.leadsDialable),
    amdFalsePositives: o.amdFalsePositives,
    amdFalseNegatives: o.amdFalseNegatives,
  };
}

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
    meanQueueLength: nz(t.queueArea, t.windowSeconds),
    avgHandleTime: nz(t.sumHandle, t.answered),
  };
}

/** The KPIs a scenario's results carry, in document order. */
export function kpiDefsFor(has: { inbound: boolean; outbound: boolean; sales?: boolean; assist?: boolean; collab?: boolean }): KpiDef[] {
  return [
    ...(has.inbound ? INBOUND_KPIS : []),
    ...AGENT_KPIS,
    ...(has.outbound ? OUTBOUND_KPIS : []),
    ...(has.sales ? SALES_KPIS : []),
    ...(has.assist ? ASSIST_KPIS : []),
    ...(has.collab ? COLLAB_KPIS : []),
  ];
}

/** Every KPI ccsim knows (for lookups by name: units, directions). */
export const ALL_KPIS: readonly KpiDef[] = [...INBOUND_KPIS, ...AGENT_KPIS, ...OUTBOUND_KPIS, ...SALES_KPIS, ...ASSIST_KPIS, ...COLLAB_KPIS];
