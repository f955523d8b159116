/**
 * The world's outcome model: what a conversation between a customer and an agent achieves. It reads
 * the customer's hidden truth (propensity, budget, preferred product, style, age, lifetime value)
 * and the agent's skills and hidden ability, and the wait before the answer; it decides, with draws
 * keyed by the call, whether the call becomes a real conversation, whether it sells, the revenue,
 * the talk time multiplier and the customer's satisfaction. All effect sizes are scenario
 * parameters (scenarios/world-schema.ts `outcome`), assumptions of the world listed in the README;
 * `nullWorld` removes every agent and wait effect.
 *
 *   wait factor      wf = 2^(-wait / waitHalfLife)
 *   effective        P = effectiveBase × [languageMismatch if the agent does not speak the language]
 *                        × [1 - styleFit (1 - seniority) for demanding styles] × (0.5 + 0.5 wf)
 *   sale | effective P = propensity × [1 - budgetFit if budget < price] × ability
 *                        × (1 + productKnowledge (knowledge of the wanted product - 0.5))
 *                        × [1 + seniorityForHighValue (seniority - 0.5) for top-quartile value]
 *                        × (1 + digitalForYoung × youth × (digital - 0.5)) × wf
 *   talk             × briefShare when not effective; × (1 - speed (seniority + knowledge) / 2)
 *
 * The decisions compare one keyed uniform each with its probability, so a better-matched agent
 * converts the same customers and more (positively correlated variants, tight paired comparisons).
 * Results are written to `out` (a typed array) rather than returned: see sim/center.ts on boxing.
 */
import type { OutcomeSpec } from '../scenarios/world-schema.ts';
import type { AgentRoster } from './agent-roster.ts';
import type { CustomerPopulation } from './customers.ts';
import { KeyedStream } from './random/stream.ts';

/** Indices into the result register. */
export const OUT_EFFECTIVE = 0; // 1 or 0
export const OUT_CONVERTED = 1; // 1 or 0
export const OUT_REVENUE = 2;
export const OUT_TALK_FACTOR = 3;
export const OUT_SATISFACTION = 4; // 0..100

const DRIVER = 1;
const ANALYTICAL = 0;

export class OutcomeModel {
  readonly out = new Float64Array(5);
  /** Script assist's factors for the next decision: [sale multiplier, talk multiplier] (1, 1 without assist). */
  readonly assist = new Float64Array(2).fill(1);
  private readonly o: OutcomeSpec;
  private readonly customers: CustomerPopulation;
  private readonly agents: AgentRoster;
  private readonly stream: KeyedStream;
  private readonly invHalfLife: number;

  constructor(o: OutcomeSpec, customers: CustomerPopulation, agents: AgentRoster, seed: number, replication: number) {
    this.o = o;
    this.customers = customers;
    this.agents = agents;
    this.stream = new KeyedStream(seed, replication, 'outcome');
    this.invHalfLife = 1 / o.waitHalfLife;
  }

  /**
   * Decides the conversation of call `key` (its keyed entity) between `customer` and `agent` after
   * waiting `waitRegister[0]` seconds (passed in a typed array: no boxed double). Writes `out`.
   */
  decide(key: number, customer: number, agent: number, waitRegister: Float64Array): void {
    const o = this.o;
    const c = this.customers;
    const a = this.agents;
    const out = this.out;
    const pref = c.productPref[customer];
    const price = c.productPrices[pref];
    const budgetOk = c.budget[customer] >= price ? 1 : 1 - o.budgetFit;
    const uEff = this.stream.uniform(key, 0);
    const uSale = this.stream.uniform(key, 1);
    const uSat = this.stream.uniform(key, 2);
    let pEff: number;
    let pSale: number;
    let talkFactor: number;
    let wf = 1;
    if (o.nullWorld) {
      pEff = o.effectiveBase;
      pSale = c.propensity[customer] * budgetOk;
      talkFactor = 1;
    } else {
      wf = Math.pow(2, -waitRegister[0] * this.invHalfLife);
      const seniority = a.seniority[agent];
      const knows = a.knowledge[agent * a.products + pref];
      const style = c.style[customer];
      pEff = o.effectiveBase * (a.speaks(agent, c.language[customer]) ? 1 : o.languageMismatch) * (0.5 + 0.5 * wf);
      if (style === DRIVER || style === ANALYTICAL) pEff *= 1 - o.styleFit * (1 - seniority);
      pSale =
        c.propensity[customer] *
        budgetOk *
        a.ability(agent) *
        (1 + o.productKnowledge * (knows - 0.5)) *
        (c.highValue[customer] === 1 ? 1 + o.seniorityForHighValue * (seniority - 0.5) : 1) *
        (1 + o.digitalForYoung * c.youth[customer] * (a.digital[agent] - 0.5)) *
        wf *
        this.assist[0];
      talkFactor = (1 - (o.speed * (seniority + knows)) / 2) * this.assist[1];
    }
    const effective = uEff < pEff;
    const converted = effective && uSale < pSale;
    out[OUT_EFFECTIVE] = effective ? 1 : 0;
    out[OUT_CONVERTED] = converted ? 1 : 0;
    out[OUT_REVENUE] = converted ? price : 0;
    out[OUT_TALK_FACTOR] = effective ? talkFactor : talkFactor * o.briefShare;
    // Satisfaction: a modelled 0-100 score (later issues refine it: scripts, bot, supervisors).
    const sat = o.satisfactionBase + (effective ? 8 : -10) + (converted ? 6 : 0) - 25 * (1 - wf) + 16 * (uSat - 0.5);
    out[OUT_SATISFACTION] = sat < 0 ? 0 : sat > 100 ? 100 : sat;
    a.callsHandled[agent]++;
  }

  /**
   * The bot's own sales conversation with `customer` (a low-value lead it follows up): a real
   * conversation with the base probability, a sale with the customer's propensity (and budget)
   * times `saleFactor`, the bot being no agent in particular. Same keyed draws as `decide`, so a
   * lead the bot would sell to is one a human would sell to as well. Writes `out` (talk factor 1).
   */
  decideBot(key: number, customer: number, saleFactor: number): void {
    const o = this.o;
    const c = this.customers;
    const out = this.out;
    const price = c.productPrices[c.productPref[customer]];
    const budgetOk = c.budget[customer] >= price ? 1 : 1 - o.budgetFit;
    const effective = this.stream.uniform(key, 0) < o.effectiveBase;
    const converted = effective && this.stream.uniform(key, 1) < c.propensity[customer] * budgetOk * saleFactor;
    out[OUT_EFFECTIVE] = effective ? 1 : 0;
    out[OUT_CONVERTED] = converted ? 1 : 0;
    out[OUT_REVENUE] = converted ? price : 0;
    out[OUT_TALK_FACTOR] = 1;
    const sat = o.satisfactionBase - 4 + (effective ? 4 : -10) + (converted ? 6 : 0) + 16 * (this.stream.uniform(key, 2) - 0.5);
    out[OUT_SATISFACTION] = sat < 0 ? 0 : sat > 100 ? 100 : sat;
  }
}
