/**
 * A split center (scenario `pilot`): one simulated center in which a share of the calls (inbound
 * calls by arrival index, outbound leads by lead) or of the agents gets the treatment policy while
 * the rest keep the baseline, so the two arms share the queue, the agents' time and the leads, and
 * spillover between them is real.
 *
 * Arms come from keyed draws: call i is in the treatment arm when
 * KeyedStream(seed, replication, 'pilot-arm').uniform(i, 0) < share (a lead: uniform(lead, 2)), so the
 * arms are nested across shares (a call treated at 10% is treated at 25%) and a share of 0 runs
 * exactly the baseline, a share of 1 exactly the treatment (tested byte for byte). Agents are split
 * within each group: the round(share × count) agents with the smallest uniform(agent, 1) are treated,
 * a new draw in each replication.
 *
 * What an arm changes:
 * - routing, unit calls: the call is routed by its arm's policy, over all idle agents.
 * - routing, unit agents: the arm of the agent idle longest names the arm that takes the call (so
 *   the arms share the work as a longest-idle center would); that arm's policy then chooses among
 *   the arm's own idle agents. A treated agent is one whose calls the new routing picks, from
 *   the treated pool; baseline agents keep the old routing. At 0% and 100% this is exactly the
 *   baseline and the treatment.
 * - pacing, unit agents: the dialer paces each arm for its own agents with the arm's policy (lines,
 *   connects waiting and agent counts per arm), and an arm's answers go to its own agents only; the
 *   arms share the lead list and the campaign's abandonment window (one campaign, as the regulator
 *   counts it).
 * - script assist: the conversation's arm (its call or lead, or its agent) decides whether assist runs
 *   and with which settings.
 * Both routing policies learn from every outcome (the treatment's engine sees the center's data).
 * A later treatment kind (the voice bot) adds its own arm-aware decision here.
 */
import { LongestIdle, makeRoutingPolicy, type IdleAgentsView, type RoutingPolicy } from '../engine/routing.ts';
import { armAssist } from '../scenarios/pilot-variants.ts';
import { AssistSession } from './assist.ts';
import type { Center } from './center.ts';
import { KeyedStream } from './random/stream.ts';

export const ARM_BASELINE = 0;
export const ARM_TREATMENT = 1;
export const ARM_NAMES = ['baseline', 'treatment'] as const;

/** The idle agents of one arm, as a routing policy walks them. */
class ArmView implements IdleAgentsView {
  constructor(private readonly center: Center, private readonly agentArm: Uint8Array, private readonly arm: number) {}
  get groupCount(): number {
    return this.center.groupCount;
  }
  first(group: number): number {
    let a = this.center.first(group);
    while (a >= 0 && this.agentArm[a] !== this.arm) a = this.center.after(a);
    return a;
  }
  after(agent: number): number {
    let a = this.center.after(agent);
    while (a >= 0 && this.agentArm[a] !== this.arm) a = this.center.after(a);
    return a;
  }
  get idleSince(): Float64Array {
    return this.center.idleSince;
  }
  get now(): number {
    return this.center.now;
  }
}

export class PilotSplit implements RoutingPolicy {
  readonly name = 'pilot';
  readonly byAgent: boolean;
  readonly share: number;
  /** Arm of each agent (unit agents; all baseline otherwise). */
  readonly agentArm: Uint8Array;
  /** True when the arms route differently (the center then routes every contact through this split). */
  readonly routes: boolean;
  /** True when the arms pace differently (unit agents): the dialer paces each arm for its own agents. */
  readonly splitsPacing: boolean;
  /** The inbound call being routed; -1 while routing a dialer's contact (its arm follows the lead). Set by the center. */
  inboundCall = -1;
  private readonly arms: KeyedStream;
  private readonly baseline: RoutingPolicy;
  private readonly treatment: RoutingPolicy;
  private readonly probe = new LongestIdle();
  private readonly views: [ArmView, ArmView];
  private readonly baselineAssist: AssistSession | null;
  private readonly treatmentAssist: AssistSession | null;

  constructor(private readonly center: Center, replication: number) {
    const model = center.model;
    const s = model.scenario;
    const p = s.pilot!;
    const world = model.world!;
    this.byAgent = p.unit === 'agents';
    this.share = p.share;
    this.arms = new KeyedStream(model.seed, replication, 'pilot-arm');
    this.agentArm = new Uint8Array(model.agentCount);
    if (this.byAgent) {
      for (const g of model.groups) {
        const ids = Array.from({ length: g.count }, (_, i) => g.firstAgent + i);
        const u = ids.map((a) => this.arms.uniform(a, 1));
        const order = ids.map((_, i) => i).sort((x, y) => u[x] - u[y] || x - y);
        const treated = Math.round(p.share * g.count);
        for (let k = 0; k < treated; k++) this.agentArm[ids[order[k]]] = ARM_TREATMENT;
      }
    }
    this.baseline = center.routing ?? new LongestIdle();
    this.routes = p.treatment.routing !== undefined;
    this.splitsPacing = p.treatment.pacing !== undefined && this.byAgent;
    this.treatment = this.routes ? makeRoutingPolicy({ ...p.treatment.routing!, weights: { ...p.treatment.routing!.weights } }, center.roster!, world.profiles) : this.baseline;
    this.views = [new ArmView(center, this.agentArm, ARM_BASELINE), new ArmView(center, this.agentArm, ARM_TREATMENT)];
    const spec = armAssist(s);
    this.baselineAssist = spec.baseline !== null ? center.assist : null;
    if (p.treatment.assist === undefined) this.treatmentAssist = this.baselineAssist;
    else if (spec.treatment === null) this.treatmentAssist = null;
    else if (spec.baseline === null) this.treatmentAssist = center.assist;
    else this.treatmentAssist = new AssistSession(spec.treatment, world.intentModel!, world.customers, model.seed, replication, world.outcome.nullWorld, (call) => center.customerOfCall(call));
    center.sales?.enableArms([...ARM_NAMES]);
  }

  /** The arm of inbound call `index` (unit calls). */
  callArm(index: number): number {
    return this.arms.uniform(index, 0) < this.share ? ARM_TREATMENT : ARM_BASELINE;
  }

  /** The arm of outbound lead `lead` (unit calls). */
  leadArm(lead: number): number {
    return this.arms.uniform(lead, 2) < this.share ? ARM_TREATMENT : ARM_BASELINE;
  }

  /** The arm of the conversation in call slot `slot` with `agent`. */
  conversationArm(agent: number, slot: number): number {
    if (this.byAgent) return this.agentArm[agent];
    const calls = this.center.calls;
    return calls.outbound[slot] === 1 ? this.leadArm(calls.customer[slot]) : this.callArm(calls.index[slot]);
  }

  /**
   * The assist session of the conversation in `slot` (null: no assist in its arm; the outcome
   * model's assist factors are then reset, so an unassisted call never inherits an assisted one's).
   */
  assistFor(agent: number, slot: number): AssistSession | null {
    const session = this.conversationArm(agent, slot) === ARM_TREATMENT ? this.treatmentAssist : this.baselineAssist;
    if (session === null) this.center.outcome!.assist.fill(1);
    return session;
  }

  // RoutingPolicy: the center routes through the split when the arms route differently.
  choose(customer: number, idle: IdleAgentsView): number {
    if (this.byAgent) {
      const pick = this.probe.choose(customer, idle);
      if (pick < 0) return -1;
      const arm = this.agentArm[pick];
      return (arm === ARM_TREATMENT ? this.treatment : this.baseline).choose(customer, this.views[arm]);
    }
    const arm = this.inboundCall >= 0 ? this.callArm(this.inboundCall) : this.leadArm(customer);
    return (arm === ARM_TREATMENT ? this.treatment : this.baseline).choose(customer, idle);
  }

  /**
   * An agent of `arm` for the dialer's contact with `customer`, chosen by the arm's routing among
   * the arm's idle agents (the center has set the view's channel), or -1.
   */
  chooseInArm(arm: number, customer: number): number {
    return (arm === ARM_TREATMENT ? this.treatment : this.baseline).choose(customer, this.views[arm]);
  }

  recordOutcome(agent: number, customer: number, converted: boolean): void {
    this.baseline.recordOutcome(agent, customer, converted);
    if (this.treatment !== this.baseline) this.treatment.recordOutcome(agent, customer, converted);
  }
}
