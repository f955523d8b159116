/**
 * What conversations achieved, over the measurement window: conversions, revenue, real
 * conversations, satisfaction, first-contact resolution per customer, and each agent's workload
 * (for its spread), with breakdowns by customer segment and agent group. Updated once per
 * conversation from the outcome register; nothing is kept per call.
 */
import { OUT_CONVERTED, OUT_EFFECTIVE, OUT_REVENUE, OUT_SATISFACTION } from '../outcome.ts';

/** Per-breakdown-cell fields (stride BD_FIELDS). */
export const BD = { connected: 0, conversions: 1, revenue: 2, effective: 3, talk: 4 } as const;
export const BD_FIELDS = 5;

export interface SalesTotals {
  connected: number;
  conversions: number;
  revenue: number;
  effective: number;
  satisfactionSum: number;
  customersContacted: number;
  firstContactResolved: number;
  handleSum: number;
  /** Gini coefficient of agents' talk time (0 = even). */
  workloadGini: number;
  segmentNames: string[];
  groupNames: string[];
  bySegment: Float64Array;
  byGroup: Float64Array;
  /** Talk seconds and conversations per agent (for workload reports). */
  agentTalk: Float64Array;
  agentCalls: Float64Array;
  /** Script assist: conversations assisted, turns, turns heard correctly, turns with an intent-specific script, of which fitting the true need, compliant calls. */
  assisted: number;
  turns: number;
  turnsCorrect: number;
  scriptedTurns: number;
  scriptFits: number;
  compliantCalls: number;
  intentNames: string[];
  scriptNames: string[];
  byIntent: Float64Array;
  byScript: Float64Array;
  /** Pilot arms (split centers): names (empty without a pilot) and cells. */
  armNames: string[];
  byArm: Float64Array;
}

export class SalesStats {
  measuring = false;
  private connected = 0;
  private conversions = 0;
  private revenue = 0;
  private effective = 0;
  private satisfactionSum = 0;
  private handleSum = 0;
  private customersContacted = 0;
  private firstContactResolved = 0;
  /** Per customer: 1 once contacted (so only the first agent contact counts for resolution). */
  private readonly contacted: Uint8Array;
  private readonly bySegment: Float64Array;
  private readonly byGroup: Float64Array;
  private readonly agentTalk: Float64Array;
  private readonly agentCalls: Float64Array;
  private readonly segmentOf: Uint16Array;
  private readonly groupOf: Int32Array;
  private assisted = 0;
  private turns = 0;
  private turnsCorrect = 0;
  private scriptedTurns = 0;
  private scriptFits = 0;
  private compliantCalls = 0;
  private readonly byIntent: Float64Array;
  private readonly byScript: Float64Array;
  private armNames: string[] = [];
  private byArm = new Float64Array(0);

  constructor(
    customers: number,
    segmentOf: Uint16Array,
    private readonly segmentNames: string[],
    groupOf: Int32Array,
    private readonly groupNames: string[],
    private readonly intentNames: string[] = [],
    private readonly scriptNames: string[] = [],
  ) {
    this.byIntent = new Float64Array(intentNames.length * BD_FIELDS);
    this.byScript = new Float64Array(scriptNames.length * BD_FIELDS);
    this.contacted = new Uint8Array(customers);
    this.segmentOf = segmentOf;
    this.groupOf = groupOf;
    this.bySegment = new Float64Array(segmentNames.length * BD_FIELDS);
    this.byGroup = new Float64Array(groupNames.length * BD_FIELDS);
    this.agentTalk = new Float64Array(groupOf.length);
    this.agentCalls = new Float64Array(groupOf.length);
  }

  /** A split center: conversations are also counted by pilot arm (`record`'s `arm`, an index into `names`). */
  enableArms(names: string[]): void {
    this.armNames = names;
    this.byArm = new Float64Array(names.length * BD_FIELDS);
  }

  /** Script assist's view of a conversation (counted once per assisted conversation). */
  recordAssist(turns: number, correct: number, scripted: number, fit: number, compliant: boolean): void {
    if (!this.measuring) return;
    this.assisted++;
    this.turns += turns;
    this.turnsCorrect += correct;
    this.scriptedTurns += scripted;
    this.scriptFits += fit;
    if (compliant) this.compliantCalls++;
  }

  /** A conversation between `customer` and `agent` was decided (outcome register `out`), with talk and handle times in the register `times` [talk, handle]. */
  record(customer: number, agent: number, out: Float64Array, times: Float64Array, intent = -1, script = -1, arm = -1): void {
    if (!this.measuring) return;
    const conv = out[OUT_CONVERTED];
    const eff = out[OUT_EFFECTIVE];
    const rev = out[OUT_REVENUE];
    const talk = times[0];
    this.connected++;
    this.conversions += conv;
    this.revenue += rev;
    this.effective += eff;
    this.satisfactionSum += out[OUT_SATISFACTION];
    this.handleSum += times[1];
    this.agentTalk[agent] += talk;
    this.agentCalls[agent]++;
    if (this.contacted[customer] === 0) {
      this.contacted[customer] = 1;
      this.customersContacted++;
      // Settled on the first agent contact: a sale or a definite no (a real conversation).
      this.firstContactResolved += eff;
    }
    let o = this.segmentOf[customer] * BD_FIELDS;
    const s = this.bySegment;
    s[o + BD.connected]++;
    s[o + BD.conversions] += conv;
    s[o + BD.revenue] += rev;
    s[o + BD.effective] += eff;
    s[o + BD.talk] += talk;
    o = this.groupOf[agent] * BD_FIELDS;
    const g = this.byGroup;
    g[o + BD.connected]++;
    g[o + BD.conversions] += conv;
    g[o + BD.revenue] += rev;
    g[o + BD.effective] += eff;
    g[o + BD.talk] += talk;
    if (intent >= 0 && intent < this.intentNames.length) addCell(this.byIntent, intent * BD_FIELDS, conv, rev, eff, talk);
    if (script >= 0 && script < this.scriptNames.length) addCell(this.byScript, script * BD_FIELDS, conv, rev, eff, talk);
    if (arm >= 0 && arm < this.armNames.length) addCell(this.byArm, arm * BD_FIELDS, conv, rev, eff, talk);
  }

  /** A conversation's satisfaction changed after it was recorded (sentiment, complaint, supervisor: sim/collab/). */
  adjustSatisfaction(delta: number, measured: boolean): void {
    if (measured) this.satisfactionSum += delta;
  }

  totals(): SalesTotals {
    return {
      connected: this.connected,
      conversions: this.conversions,
      revenue: this.revenue,
      effective: this.effective,
      satisfactionSum: this.satisfactionSum,
      customersContacted: this.customersContacted,
      firstContactResolved: this.firstContactResolved,
      handleSum: this.handleSum,
      workloadGini: gini(this.agentTalk),
      segmentNames: this.segmentNames,
      groupNames: this.groupNames,
      bySegment: this.bySegment.slice(),
      byGroup: this.byGroup.slice(),
      agentTalk: this.agentTalk.slice(),
      agentCalls: this.agentCalls.slice(),
      assisted: this.assisted,
      turns: this.turns,
      turnsCorrect: this.turnsCorrect,
      scriptedTurns: this.scriptedTurns,
      scriptFits: this.scriptFits,
      compliantCalls: this.compliantCalls,
      intentNames: this.intentNames,
      scriptNames: this.scriptNames,
      byIntent: this.byIntent.slice(),
      byScript: this.byScript.slice(),
      armNames: this.armNames,
      byArm: this.byArm.slice(),
    };
  }
}

function addCell(d: Float64Array, o: number, conv: number, rev: number, eff: number, talk: number): void {
  d[o + BD.connected]++;
  d[o + BD.conversions] += conv;
  d[o + BD.revenue] += rev;
  d[o + BD.effective] += eff;
  d[o + BD.talk] += talk;
}

/** Gini coefficient of non-negative values (0 = all equal, towards 1 = one takes everything). */
export function gini(values: ArrayLike<number>): number {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += v[i];
    weighted += (i + 1) * v[i];
  }
  if (n === 0 || sum === 0) return 0;
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}
