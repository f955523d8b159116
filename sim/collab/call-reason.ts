/**
 * Why a customer is on the line: their true first substantive intent (after any greeting), drawn
 * from their hidden conversational state with the same weights the conversation model uses
 * (sim/conversation/intent-sequence.ts). World truth, keyed by the call (inbound: arrival index;
 * outbound: lead × ATTEMPT_SLOTS + attempt, in its own stream), so every variant meets the same
 * needs. The bot's recognition and the handoff decision only see a noisy reading of it.
 */
import { fillHiddenState } from '../conversation/customer-state.ts';
import { intentWeights, type IntentHiddenState } from '../conversation/intent-sequence.ts';
import { Intent, INTENT_COUNT } from '../conversation/intents.ts';
import type { CustomerPopulation } from '../customers.ts';
import { KeyedStream } from '../random/stream.ts';

/** Needs that take more than a scripted answer: complaints, objections, negotiation. */
const COMPLEX = new Uint8Array(INTENT_COUNT);
for (const i of [Intent.COMPLAINT, Intent.BUDGET_CONCERN, Intent.COMPETITOR_MENTION, Intent.CONTRACT_TERMS, Intent.DISCOUNT_REQUEST]) COMPLEX[i] = 1;

/**
 * World: the share of needs the bot can truly settle alone when it recognised them (information,
 * scheduling, a wrong number, a clear no); 0 for sales, objections and complaints. Scaled by
 * `bot.containment`. Assumptions, listed in the README.
 */
export const RESOLVABLE = new Float64Array(INTENT_COUNT);
RESOLVABLE[Intent.PRICE_INQUIRY] = 0.8;
RESOLVABLE[Intent.CONTRACT_TERMS] = 0.6;
RESOLVABLE[Intent.CALL_BACK_LATER] = 0.95;
RESOLVABLE[Intent.WRONG_PERSON] = 1;
RESOLVABLE[Intent.NOT_INTERESTED] = 0.9;
RESOLVABLE[Intent.PRODUCT_QUESTION] = 0.6;
RESOLVABLE[Intent.GREETING_SMALLTALK] = 0.5;

export function isComplex(intent: number): boolean {
  return intent >= 0 && COMPLEX[intent] === 1;
}

export class CallReason {
  private readonly inbound: KeyedStream;
  private readonly outbound: KeyedStream;
  private readonly state: IntentHiddenState = { interest: 0, budgetTightness: 0, readiness: 0, irritation: 0, busyness: 0, competitorLoyalty: 0, wrongPerson: 0 };
  private readonly weights = new Float64Array(INTENT_COUNT);

  constructor(private readonly customers: CustomerPopulation, seed: number, replication: number) {
    this.inbound = new KeyedStream(seed, replication, 'call-reason');
    this.outbound = new KeyedStream(seed, replication, 'call-reason-outbound');
  }

  /** The reason of call `key` (outbound: an attempt entity) from `customer`. */
  of(key: number, customer: number, outbound: boolean): number {
    fillHiddenState(this.customers, customer, this.state);
    const w = intentWeights(this.state, 1, -1, this.weights);
    let total = 0;
    for (let j = 0; j < INTENT_COUNT; j++) total += w[j];
    let target = (outbound ? this.outbound : this.inbound).uniform(key, 0) * total;
    for (let j = 0; j < INTENT_COUNT; j++) {
      target -= w[j];
      if (target < 0 && w[j] > 0) return j;
    }
    let last = INTENT_COUNT - 1;
    while (w[last] === 0 && last > 0) last--;
    return last;
  }
}
