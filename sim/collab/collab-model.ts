/**
 * The compiled collaboration settings of a scenario (bot, supervision, sentiment, costs), built
 * once per model like the rest of the world. Present when the scenario has a bot or supervision
 * (both need customers); a scenario with only `costs` or `sentiment` gets neither a bot nor
 * supervisors but still its complaints, contact CSAT, NPS and cost per sale.
 */
import { costsSpec, sentimentSpec, type BotSpec, type CostsSpec, type SentimentSpec, type SupervisionSpec } from '../../scenarios/collab-schema.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { Dist } from '../random/dist.ts';

export interface CollabModel {
  bot: BotSpec | null;
  botSession: Dist | null;
  transferPatience: Dist | null;
  supervision: SupervisionSpec | null;
  interventionTime: Dist | null;
  sentiment: SentimentSpec;
  costs: CostsSpec;
}

export function compileCollab(s: Scenario): CollabModel | null {
  if (s.customers === undefined) return null;
  if (s.bot === undefined && s.supervision === undefined && s.sentiment === undefined && s.costs === undefined) return null;
  const bot = s.bot ?? null;
  const sup = s.supervision ?? null;
  return {
    bot,
    botSession: bot ? new Dist(bot.sessionTime) : null,
    transferPatience: bot ? new Dist(bot.transferPatience) : null,
    supervision: sup,
    interventionTime: sup ? new Dist(sup.interventionTime) : null,
    sentiment: s.sentiment ?? sentimentSpec.parse({}),
    costs: s.costs ?? costsSpec.parse({}),
  };
}
