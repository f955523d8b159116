/**
 * KPIs of human-AI collaboration (sim/collab/): the bot, handoffs, supervisors, complaints,
 * satisfaction over every contact, and cost per sale. Present when the scenario has a bot,
 * supervision, sentiment or costs; rates the scenario cannot have (a bot rate without a bot) are null.
 */
import type { CollabTotals } from './collab-stats.ts';
import type { InboundTotals } from './inbound-stats.ts';
import type { KpiDef } from './kpis.ts';

export const COLLAB_KPIS: readonly KpiDef[] = [
  { name: 'callsReceived', unit: 'calls', better: 'none', description: 'inbound calls that reached the center in the window, before any bot (offered counts those offered to humans)' },
  { name: 'botContainmentRate', unit: 'share', better: 'higher', description: 'bot sessions that ended in the bot with the need settled (inbound) or the bot\'s own pitch made (follow-up calls) / bot sessions' },
  { name: 'botHangupRate', unit: 'share', better: 'lower', description: 'bot sessions the customer hung up on / bot sessions' },
  { name: 'handoffRate', unit: 'share', better: 'none', description: 'bot sessions handed to a human (callers to the queue, qualified leads back to the human campaign) / bot sessions' },
  { name: 'customerLossRate', unit: 'share', better: 'lower', description: '(abandoned + blocked + hung up on the bot) / inbound calls received' },
  { name: 'humanHandleTime', unit: 'seconds', better: 'lower', description: 'mean talk + after-call work of human conversations (inbound and outbound)' },
  { name: 'complexCaseHandleTime', unit: 'seconds', better: 'lower', description: 'the same over complex needs (complaint, budget concern, competitor, contract terms, discount request)' },
  { name: 'alerts', unit: 'count', better: 'none', description: 'sentiment alerts the engine raised (a calming script each)' },
  { name: 'interventions', unit: 'count', better: 'none', description: 'alerts a free supervisor joined' },
  { name: 'supervisorUtilisation', unit: 'share', better: 'none', description: 'supervisor busy time / (supervisors × window)' },
  { name: 'complaintRate', unit: 'share', better: 'lower', description: 'complaints / customer contacts (human conversations and bot sessions that ended in the bot)' },
  { name: 'contactCsat', unit: 'score', better: 'higher', description: 'mean modelled satisfaction of every customer contact, 0-100 (csat covers human conversations only)' },
  { name: 'nps', unit: 'score', better: 'higher', description: 'NPS-style: % promoters (satisfaction >= 85) - % detractors (< 65) over customer contacts' },
  { name: 'botConversions', unit: 'count', better: 'higher', description: 'sales the bot made itself on its follow-up calls (included in conversions)' },
  { name: 'costPerSale', unit: 'count', better: 'lower', description: '(agent hours on shift × agentPerHour + supervisor hours × supervisorPerHour + bot minutes × botPerMinute) / conversions' },
];

export interface Costs {
  agentPerHour: number;
  supervisorPerHour: number;
  botPerMinute: number;
}

const nz = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** `conversions`: every sale in the window (human and bot). */
export function computeCollabKpis(c: CollabTotals, t: InboundTotals, conversions: number, costs: Costs, hasBot: boolean): Record<string, number | null> {
  const window = t.windowSeconds;
  const cost = (t.onShiftArea / 3600) * costs.agentPerHour + (c.supervisors * window / 3600) * costs.supervisorPerHour + (c.botSeconds / 60) * costs.botPerMinute;
  return {
    callsReceived: c.received,
    botContainmentRate: hasBot ? nz(c.contained, c.botSessions) : null,
    botHangupRate: hasBot ? nz(c.botHangups, c.botSessions) : null,
    handoffRate: hasBot ? nz(c.handoffs, c.botSessions) : null,
    customerLossRate: nz(t.abandoned + t.blocked + c.botHangups - botOutboundHangups(c), c.received),
    humanHandleTime: nz(c.humanHandleSum, c.humanConversations),
    complexCaseHandleTime: nz(c.complexHandleSum, c.complexConversations),
    alerts: c.alerts,
    interventions: c.interventions,
    supervisorUtilisation: nz(c.supervisorBusySeconds, c.supervisors * window),
    complaintRate: nz(c.complaints, c.contacts),
    contactCsat: nz(c.satisfactionSum, c.contacts),
    nps: c.contacts > 0 ? (100 * (c.promoters - c.detractors)) / c.contacts : null,
    botConversions: hasBot ? c.botConversions : null,
    costPerSale: nz(cost, conversions),
  };
}

/** Hang-ups on the bot's own follow-up calls (not inbound callers lost). */
function botOutboundHangups(c: CollabTotals): number {
  return c.botOutboundHangups;
}
