/**
 * Routing: which idle agent takes a contact (an inbound call, or an answer the dialer connects).
 * Policies behind one interface: longest-idle (the baseline), skill-based (language and product
 * knowledge must match, longest-idle among those), and a weighted score matching the customer's
 * profile to agent skills (language and product match, high-value customers to senior agents,
 * digital-minded customers to digitally fluent agents, each agent's observed conversion rate for the
 * customer's segment, and how long the agent has waited). Every weight is a scenario parameter
 * (`routing.weights.<name>`), so sweeps can tune them.
 *
 * Cost: the center keeps idle agents per group in idle-since order; a policy looks at the heads of
 * the groups and, for the weighted score, at most `candidatesPerGroup` agents in each. Work per
 * decision is O(groups × candidates), independent of the number of agents (agents within a group
 * share their skills; they differ only in what the policy has observed of them and in idle time).
 *
 * The policies read observations and profiles only (engine/observations.ts) and learn conversion
 * rates from the outcomes reported to them.
 */
import type { AgentObservations, CustomerProfiles } from './observations.ts';

/** The center's idle agents, as a routing policy may walk them. */
export interface IdleAgentsView {
  readonly groupCount: number;
  /** The longest-idle agent of `group` able to take the contact, -1 when none. */
  first(group: number): number;
  /** The next agent of the same group in idle-since order, -1 at the end. */
  after(agent: number): number;
  /** When each agent became idle (simulated seconds), by agent id. */
  readonly idleSince: Float64Array;
  /** The clock. */
  readonly now: number;
}

export interface RoutingPolicy {
  readonly name: string;
  /** An idle agent for a contact with `customer` (-1 for a contact with no known customer), or -1 when none is idle. */
  choose(customer: number, idle: IdleAgentsView): number;
  /** Learn from a finished conversation. */
  recordOutcome(agent: number, customer: number, converted: boolean): void;
}

export interface RoutingWeights {
  language: number;
  product: number;
  seniority: number;
  digital: number;
  observedConversion: number;
  idleTime: number;
}

export type RoutingSpec = { policy: 'longest-idle' | 'skill-based' | 'weighted'; weights: RoutingWeights; candidatesPerGroup: number };

export function makeRoutingPolicy(spec: RoutingSpec, agents: AgentObservations, profiles: CustomerProfiles | null): RoutingPolicy {
  if (spec.policy === 'longest-idle' || profiles === null) return new LongestIdle();
  if (spec.policy === 'skill-based') return new SkillBased(agents, profiles);
  return new WeightedScore(agents, profiles, spec.weights, spec.candidatesPerGroup);
}

/** The agent idle longest across groups (ties: lower id). */
export class LongestIdle implements RoutingPolicy {
  readonly name = 'longest-idle';
  choose(_customer: number, idle: IdleAgentsView): number {
    let best = -1;
    for (let g = 0; g < idle.groupCount; g++) {
      const a = idle.first(g);
      if (a >= 0 && (best < 0 || idle.idleSince[a] < idle.idleSince[best] || (idle.idleSince[a] === idle.idleSince[best] && a < best))) best = a;
    }
    return best;
  }
  recordOutcome(): void {}
}

/**
 * Skill-based: prefer groups whose agents speak the customer's language and know the product of
 * interest (knowledge >= 0.6); among them the longest idle; if no such agent is idle, longest idle overall.
 */
export class SkillBased implements RoutingPolicy {
  readonly name = 'skill-based';
  private readonly fallback = new LongestIdle();
  constructor(private readonly agents: AgentObservations, private readonly profiles: CustomerProfiles) {}
  choose(customer: number, idle: IdleAgentsView): number {
    if (customer < 0) return this.fallback.choose(customer, idle);
    const a = this.agents;
    const lang = this.profiles.language[customer];
    const pref = this.profiles.productPref[customer];
    let best = -1;
    for (let g = 0; g < idle.groupCount; g++) {
      const agent = idle.first(g);
      if (agent < 0) continue;
      if ((a.languages[agent] & (1 << lang)) === 0) continue;
      if (pref >= 0 && a.knowledge[agent * a.products + pref] < 0.6) continue;
      if (best < 0 || idle.idleSince[agent] < idle.idleSince[best] || (idle.idleSince[agent] === idle.idleSince[best] && agent < best)) best = agent;
    }
    return best >= 0 ? best : this.fallback.choose(customer, idle);
  }
  recordOutcome(): void {}
}

/** Prior weight (in calls) of the group-wide conversion rate when an agent has few observations. */
const PRIOR_CALLS = 30;

export class WeightedScore implements RoutingPolicy {
  readonly name = 'weighted';
  private readonly agents: AgentObservations;
  private readonly profiles: CustomerProfiles;
  private readonly w: RoutingWeights;
  private readonly k: number;
  private readonly segments: number;
  // Observed conversions and conversations per (agent, segment), and in total.
  private readonly conv: Float64Array;
  private readonly calls: Float64Array;
  private totalConv = 0;
  private totalCalls = 0;
  private readonly valueMedian: number;

  constructor(agents: AgentObservations, profiles: CustomerProfiles, w: RoutingWeights, candidatesPerGroup: number) {
    this.agents = agents;
    this.profiles = profiles;
    this.w = w;
    this.k = candidatesPerGroup;
    let segs = 1;
    for (let i = 0; i < profiles.count; i++) if (profiles.segment[i] + 1 > segs) segs = profiles.segment[i] + 1;
    this.segments = segs;
    this.conv = new Float64Array(agents.count * segs);
    this.calls = new Float64Array(agents.count * segs);
    // Value score = value / (value + median): predicted value when the value model ran, else purchase power.
    const v = Float32Array.from(profiles.predictedValue).sort();
    this.valueMedian = v[v.length >> 1] > 0 ? v[v.length >> 1] : 0;
  }

  choose(customer: number, idle: IdleAgentsView): number {
    let best = -1;
    let bestScore = -Infinity;
    for (let g = 0; g < idle.groupCount; g++) {
      let agent = idle.first(g);
      for (let c = 0; c < this.k && agent >= 0; c++) {
        const s = this.score(customer, agent, idle);
        if (s > bestScore || (s === bestScore && agent < best)) {
          best = agent;
          bestScore = s;
        }
        agent = idle.after(agent);
      }
    }
    return best;
  }

  /** The weighted score of giving `customer`'s contact to `agent` (higher is better). */
  score(customer: number, agent: number, idle: IdleAgentsView): number {
    const w = this.w;
    const a = this.agents;
    const waited = idle.now - idle.idleSince[agent];
    let s = w.idleTime * (waited < 300 ? waited / 300 : 1);
    if (customer < 0) return s;
    const p = this.profiles;
    const pref = p.productPref[customer];
    if ((a.languages[agent] & (1 << p.language[customer])) !== 0) s += w.language;
    if (pref >= 0) s += w.product * a.knowledge[agent * a.products + pref];
    const value = this.valueMedian > 0 ? p.predictedValue[customer] / (p.predictedValue[customer] + this.valueMedian) : p.purchasePower[customer];
    s += w.seniority * (a.seniority[agent] - 0.5) * (2 * value);
    s += w.digital * (a.digital[agent] - 0.5) * (2 * p.digitalAffinity[customer]);
    if (w.observedConversion > 0 && this.totalCalls > 0) {
      const prior = this.totalConv / this.totalCalls;
      const j = agent * this.segments + p.segment[customer];
      const rate = (this.conv[j] + PRIOR_CALLS * prior) / (this.calls[j] + PRIOR_CALLS);
      const lift = prior > 0 ? rate / prior - 1 : 0;
      s += w.observedConversion * (lift < -1 ? -1 : lift > 1 ? 1 : lift);
    }
    return s;
  }

  recordOutcome(agent: number, customer: number, converted: boolean): void {
    if (customer < 0) return;
    const j = agent * this.segments + this.profiles.segment[customer];
    this.calls[j]++;
    this.totalCalls++;
    if (converted) {
      this.conv[j]++;
      this.totalConv++;
    }
  }
}
