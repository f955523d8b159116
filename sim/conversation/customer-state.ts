/**
 * A customer's conversational hidden state (what drives their intents over a call) from their
 * hidden truth in the population: interest and readiness from their propensity to buy, budget
 * tightness from their budget against the price of the product they want, irritation and
 * busyness from their style. World truth: the engine never sees it. Shared by script assist
 * (sim/assist.ts) and the bot's call reasons (sim/collab/), so both hear the same customer.
 */
import type { CustomerPopulation } from '../customers.ts';
import type { IntentHiddenState } from './intent-sequence.ts';

const DRIVER = 1;
const ANALYTICAL = 0;

/** Fills `s` for customer `i`; an unknown customer (-1, out of range) gets a neutral state. */
export function fillHiddenState(c: CustomerPopulation, i: number, s: IntentHiddenState): void {
  if (i < 0 || i >= c.count) {
    s.interest = 0.4; s.budgetTightness = 0.4; s.readiness = 0.3; s.irritation = 0.2; s.busyness = 0.3; s.competitorLoyalty = 0.3; s.wrongPerson = 0;
    return;
  }
  const prop = c.propensity[i];
  const price = c.productPrices[c.productPref[i]];
  const style = c.style[i];
  s.interest = Math.min(1, prop * 2.5);
  s.readiness = Math.min(1, prop * 2);
  s.budgetTightness = Math.max(0, Math.min(1, 1 - c.budget[i] / (1.5 * price)));
  s.irritation = style === DRIVER ? 0.35 : 0.15;
  s.busyness = style === DRIVER ? 0.5 : style === ANALYTICAL ? 0.2 : 0.3;
  s.competitorLoyalty = 0.5 * (1 - Math.min(1, prop * 2));
  s.wrongPerson = 0;
}
