/**
 * A customer's true intents over the turns of a call, from a compact hidden state. The world feeds
 * it from the customer's hidden truth; nothing here is visible to the engine, which only hears the
 * utterances. Each turn is one keyed uniform (entity = the call, index = the turn) through an
 * inverse CDF over intent weights: a monotone map, so two variants of a customer stay paired.
 *
 * Weights (before normalising), with I interest, B budgetTightness, R readiness, A irritation,
 * T busyness, C competitorLoyalty:
 *   GREETING_SMALLTALK 0.8 on the first turn, 0.03 after      PRODUCT_QUESTION 0.15 + I(1 - R)
 *   PRICE_INQUIRY 0.1 + 0.9 I        BUDGET_CONCERN 1.5 B (0.2 + I)     DISCOUNT_REQUEST 0.1 I + 0.8 B I
 *   NOT_INTERESTED 1.4 (1 - I)²      CALL_BACK_LATER 1.2 T              COMPLAINT 1.5 A
 *   READY_TO_BUY 2 R I (1 - 0.7 B), a tenth of that on the first turn  COMPETITOR_MENTION C
 *   CONTRACT_TERMS 0.05 + 0.7 I R
 * times a transition multiplier from the previous turn's intent (TRANSITION_MULTIPLIERS: a customer
 * rarely repeats an intent, except a complaint; a price question leads to budget and discount talk;
 * terms lead to buying). WRONG_PERSON is the first turn with probability `wrongPerson`, and never
 * later. These are assumptions of the world, not measurements.
 */
import type { KeyedStream } from '../random/stream.ts';
import { INTENT_COUNT, Intent } from './intents.ts';

/** The hidden state behind a customer's intents; every field is a number in [0, 1]. */
export interface IntentHiddenState {
  /** How much the customer wants what is offered: 0 none, 1 eager. */
  interest: number;
  /** How tight money is: 0 no constraint, 1 cannot pay. */
  budgetTightness: number;
  /** How close to a decision: 0 just looking, 1 ready to buy now. */
  readiness: number;
  /** A grievance with the company: 0 none, 1 angry. */
  irritation: number;
  /** Time pressure: 0 free to talk, 1 wants to hang up and be called later. */
  busyness: number;
  /** Attachment to another provider: 0 none, 1 loyal to a competitor. */
  competitorLoyalty: number;
  /** Probability that whoever answers is not the customer (1: certainly the wrong person). */
  wrongPerson: number;
}

const K = INTENT_COUNT;

/** Multiplier on intent j's weight after intent i: [i * K + j]. */
export const TRANSITION_MULTIPLIERS: Float64Array = (() => {
  const m = new Float64Array(K * K).fill(1);
  for (let i = 0; i < K; i++) m[i * K + i] = 0.3;
  const set = (from: number, to: number, x: number) => {
    m[from * K + to] = x;
  };
  set(Intent.GREETING_SMALLTALK, Intent.PRODUCT_QUESTION, 1.5);
  set(Intent.GREETING_SMALLTALK, Intent.PRICE_INQUIRY, 1.3);
  set(Intent.PRODUCT_QUESTION, Intent.PRICE_INQUIRY, 2);
  set(Intent.PRODUCT_QUESTION, Intent.CONTRACT_TERMS, 1.3);
  set(Intent.PRICE_INQUIRY, Intent.BUDGET_CONCERN, 2);
  set(Intent.PRICE_INQUIRY, Intent.DISCOUNT_REQUEST, 1.8);
  set(Intent.PRICE_INQUIRY, Intent.COMPETITOR_MENTION, 1.5);
  set(Intent.BUDGET_CONCERN, Intent.DISCOUNT_REQUEST, 1.5);
  set(Intent.BUDGET_CONCERN, Intent.NOT_INTERESTED, 1.3);
  set(Intent.DISCOUNT_REQUEST, Intent.READY_TO_BUY, 1.3);
  set(Intent.DISCOUNT_REQUEST, Intent.CONTRACT_TERMS, 1.3);
  set(Intent.CONTRACT_TERMS, Intent.READY_TO_BUY, 1.8);
  set(Intent.COMPETITOR_MENTION, Intent.PRICE_INQUIRY, 1.5);
  set(Intent.COMPETITOR_MENTION, Intent.DISCOUNT_REQUEST, 1.5);
  set(Intent.COMPLAINT, Intent.COMPLAINT, 2);
  set(Intent.COMPLAINT, Intent.NOT_INTERESTED, 1.5);
  return m;
})();

/**
 * Intents that end the conversation: the wrong person hangs up, a buyer moves on to the order, a
 * busy customer asks to be called back.
 */
export function endsConversation(intent: number): boolean {
  return intent === Intent.WRONG_PERSON || intent === Intent.READY_TO_BUY || intent === Intent.CALL_BACK_LATER;
}

const weights = new Float64Array(K);

/** Unnormalised weights of each intent on `turn` after `prev` (-1 on the first turn), into `out`. */
export function intentWeights(s: IntentHiddenState, turn: number, prev: number, out: Float64Array = weights): Float64Array {
  const I = s.interest;
  const B = s.budgetTightness;
  const R = s.readiness;
  const first = turn === 0;
  out[Intent.GREETING_SMALLTALK] = first ? 0.8 : 0.03;
  out[Intent.PRODUCT_QUESTION] = 0.15 + I * (1 - R);
  out[Intent.PRICE_INQUIRY] = 0.1 + 0.9 * I;
  out[Intent.BUDGET_CONCERN] = 1.5 * B * (0.2 + I);
  out[Intent.DISCOUNT_REQUEST] = 0.1 * I + 0.8 * B * I;
  out[Intent.NOT_INTERESTED] = 1.4 * (1 - I) * (1 - I);
  out[Intent.CALL_BACK_LATER] = 1.2 * s.busyness;
  out[Intent.READY_TO_BUY] = (first ? 0.2 : 2) * R * I * (1 - 0.7 * B);
  out[Intent.COMPLAINT] = 1.5 * s.irritation;
  out[Intent.WRONG_PERSON] = 0; // decided separately, on the first turn only
  out[Intent.COMPETITOR_MENTION] = s.competitorLoyalty;
  out[Intent.CONTRACT_TERMS] = 0.05 + 0.7 * I * R;
  if (prev >= 0) for (let j = 0; j < K; j++) out[j] *= TRANSITION_MULTIPLIERS[prev * K + j];
  return out;
}

function checkState(s: IntentHiddenState): void {
  for (const key of ['interest', 'budgetTightness', 'readiness', 'irritation', 'busyness', 'competitorLoyalty', 'wrongPerson'] as const) {
    const v = s[key];
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${key} must be in [0, 1], got ${v}`);
  }
}

/**
 * Fills `out[0..n)` with the customer's true intent on each of up to `turns` turns and returns n:
 * the conversation stops after an intent that ends it (see endsConversation). Draws: entity `call`,
 * index = turn, one uniform per turn.
 */
export function intentSequence(s: IntentHiddenState, turns: number, stream: KeyedStream, call: number, out: Int32Array): number {
  checkState(s);
  if (turns > out.length) throw new RangeError(`out has room for ${out.length} turns, asked for ${turns}`);
  let prev = -1;
  for (let t = 0; t < turns; t++) {
    let u = stream.uniform(call, t);
    let intent: number;
    if (t === 0 && u < s.wrongPerson) {
      intent = Intent.WRONG_PERSON;
    } else {
      if (t === 0) u = (u - s.wrongPerson) / (1 - s.wrongPerson); // the rest of the same draw
      const w = intentWeights(s, t, prev);
      let total = 0;
      for (let j = 0; j < K; j++) total += w[j];
      let target = u * total;
      intent = K - 1;
      for (let j = 0; j < K; j++) {
        target -= w[j];
        if (target < 0 && w[j] > 0) {
          intent = j;
          break;
        }
      }
      // Rounding can leave the last, zero-weight intent: take the last one with weight.
      while (w[intent] === 0 && intent > 0) intent--;
    }
    out[t] = intent;
    prev = intent;
    if (endsConversation(intent)) return t + 1;
  }
  return turns;
}
