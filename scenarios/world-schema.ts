// The people of the simulated world: the customer population (with its hidden truth and the noisy
// observations a CRM would hold), the agents' skills and learning, and the outcome model that decides
// what a conversation achieves. Every effect size here is an assumption of the simulated world, not a
// finding: the README lists them, and `outcome.nullWorld: true` makes sale probability and handle
// time independent of the agent and of the wait, so no routing can change them.

import { z } from 'zod';
import { distSpec, int, num } from './primitives.ts';


const share = (description: string) => num({ min: 0, max: 1 }).meta({ description });
const name = z.string({ error: 'a non-empty string' }).min(1, { error: 'a non-empty string' });

export const productSpec = z.strictObject({
  name,
  price: num({ gt: 0 }).meta({ description: 'Revenue of a sale (currency units).' }),
});

export const customerSegmentSpec = z.strictObject({
  name,
  share: num({ gt: 0 }),
  propensity: share('Mean probability that an engaged customer of this segment buys.'),
  budget: distSpec.meta({ description: 'What a customer can spend (currency units).' }),
});

const namedShare = z.strictObject({ name, share: num({ gt: 0 }) });

export const customersSpec = z
  .strictObject({
    count: int({ min: 1 }).default(50000).meta({ description: 'Population size. Inbound callers are drawn from it; an outbound list is its first customers.' }),
    products: z.array(productSpec).min(1).default([
      { name: 'broadband', price: 360 },
      { name: 'mobile-plan', price: 240 },
      { name: 'tv-bundle', price: 600 },
    ]),
    segments: z.array(customerSegmentSpec).min(1).default([
      { name: 'consumer', share: 0.75, propensity: 0.22, budget: { dist: 'lognormal', mean: 500, cv: 0.7 } },
      { name: 'small-business', share: 0.25, propensity: 0.3, budget: { dist: 'lognormal', mean: 1400, cv: 0.8 } },
    ]),
    languages: z.array(namedShare).min(1).default([{ name: 'en', share: 0.85 }, { name: 'zh', share: 0.15 }]),
    ageBands: z.array(namedShare).min(1).default([
      { name: '18-29', share: 0.22 },
      { name: '30-44', share: 0.3 },
      { name: '45-59', share: 0.26 },
      { name: '60+', share: 0.22 },
    ]).meta({ description: 'Youngest first.' }),
    propensitySpread: num({ min: 0, max: 3 }).default(0.8)
      .meta({ description: 'Coefficient of variation of a customer\'s own propensity around the segment mean.' }),
    observationNoise: num({ min: 0, max: 1 }).default(0.3)
      .meta({ description: 'How noisy CRM signals are: 0 = they reflect the truth exactly, 1 = pure noise.' }),
  })
  .meta({ description: 'The customer population: hidden truth and observable CRM data, generated from the seed.' });
export type CustomersSpec = z.output<typeof customersSpec>;

export const agentSkillsSpec = z
  .strictObject({
    languages: z.array(name).min(1).optional().meta({ description: 'Languages spoken (default: the first language of the population).' }),
    seniority: share('Seniority in [0, 1].').default(0.5),
    digital: share('Familiarity with digital products in [0, 1].').default(0.5),
    products: z.record(z.string(), num({ min: 0, max: 1 })).optional()
      .meta({ description: 'Product knowledge level per product name in [0, 1] (missing products: 0.5).' }),
    ability: num({ gt: 0 }).default(1).meta({ description: 'Hidden: true conversion skill multiplier once proficient (1 = average).' }),
    learning: z
      .strictObject({
        from: num({ gt: 0 }).meta({ description: 'Ability multiplier of a new hire.' }),
        callsToHalf: num({ gt: 0 }).meta({ description: 'Calls after which half the gap to full ability is closed.' }),
      })
      .optional()
      .meta({ description: 'Hidden: a learning curve for new agents (ability grows with calls handled).' }),
  });
export type AgentSkillsSpec = z.output<typeof agentSkillsSpec>;

export const outcomeSpec = z
  .strictObject({
    nullWorld: z.boolean({ error: 'true or false' }).default(false)
      .meta({ description: 'Sale probability and handle time independent of the agent and of the wait (no routing can change them).' }),
    effectiveBase: share('Probability that a connected call becomes a real conversation before any effect below.').default(0.78),
    languageMismatch: share('Effective-conversation multiplier when the agent does not speak the customer\'s language.').default(0.35),
    styleFit: num({ min: 0, max: 1 }).default(0.15)
      .meta({ description: 'How much seniority helps with demanding styles (driver, analytical): effective probability × (1 - styleFit × (1 - seniority)).' }),
    waitHalfLife: num({ gt: 0 }).default(600).meta({ description: 'Seconds of waiting that halve the willingness to engage (effective conversation and sale).' }),
    productKnowledge: num({ min: 0, max: 3 }).default(0.9)
      .meta({ description: 'Sale multiplier 1 + productKnowledge × (knowledge of the customer\'s preferred product - 0.5).' }),
    seniorityForHighValue: num({ min: 0, max: 3 }).default(0.8)
      .meta({ description: 'High-value customers (top quartile of lifetime value) buy more from senior agents: × 1 + this × (seniority - 0.5).' }),
    digitalForYoung: num({ min: 0, max: 3 }).default(0.6)
      .meta({ description: 'Younger customers buy more from agents fluent with digital products: × 1 + this × youth × (digital - 0.5).' }),
    budgetFit: num({ min: 0, max: 1 }).default(0.6)
      .meta({ description: 'A customer whose budget is below the product price buys with probability reduced by this share.' }),
    briefShare: num({ gt: 0, max: 1 }).default(0.3)
      .meta({ description: 'Talk time of a call that does not become a real conversation, as a share of the channel\'s talk time draw.' }),
    speed: num({ min: 0, max: 0.9 }).default(0.2)
      .meta({ description: 'Talk-time reduction of a fully senior, fully knowledgeable agent: × 1 - speed × (seniority + knowledge) / 2.' }),
    satisfactionBase: num({ min: 0, max: 100 }).default(72),
  })
  .prefault({})
  .meta({ description: 'The world\'s outcome model (assumptions, listed in the README).' });
export type OutcomeSpec = z.output<typeof outcomeSpec>;

export const routingSpec = z
  .strictObject({
    policy: z.enum(['longest-idle', 'skill-based', 'weighted'], { error: 'one of longest-idle, skill-based, weighted' }).default('longest-idle'),
    weights: z
      .strictObject({
        language: num({ min: 0 }).default(3),
        product: num({ min: 0 }).default(1),
        seniority: num({ min: 0 }).default(1),
        digital: num({ min: 0 }).default(0.5),
        observedConversion: num({ min: 0 }).default(1),
        idleTime: num({ min: 0 }).default(0.2),
      })
      .prefault({})
      .meta({ description: 'Weights of the weighted score (routing.weights.<name>, tunable by sweeps).' }),
    candidatesPerGroup: int({ min: 1, max: 50 }).default(3)
      .meta({ description: 'Longest-idle agents considered per agent group: bounds the work per call whatever the team size.' }),
  })
  .prefault({});
export type RoutingSpec = z.output<typeof routingSpec>;

export const prioritySpec = z
  .strictObject({
    weights: z
      .strictObject({
        value: num({ min: 0 }).default(1).meta({ description: 'Weight of predicted lifetime value.' }),
        callback: num({ min: 0 }).default(2).meta({ description: 'Weight of a callback that is due.' }),
        age: num({ min: 0 }).default(0.5).meta({ description: 'Weight of lead age (days since it appeared or was last tried).' }),
      })
      .prefault({}),
    ageScaleDays: num({ gt: 0 }).default(7),
    bot: z
      .union([z.strictObject({ quantile: num({ min: 0, max: 1 }) }), z.strictObject({ value: num({ min: 0 }) })], {
        error: 'a bot rule { quantile: <share of the list> } or { value: <predicted value> }',
      })
      .optional()
      .meta({ description: 'Leads whose predicted value is below this are followed up by the AI voice bot only (a due callback never is).' }),
    valueModel: z
      .strictObject({
        dir: z.string().optional().meta({ description: 'Folder of a saved value model (trained into it when absent).' }),
        trainSize: int({ min: 100 }).optional(),
        epochs: int({ min: 1 }).optional(),
      })
      .prefault({}),
  })
  .meta({
    description:
      'Prioritisation by predicted lifetime value (a tfjs regression trained on simulated history, observable features only) and urgency: the inbound queue and the dialing order; low-value leads to the bot.',
  });
export type PrioritySpec = z.output<typeof prioritySpec>;

/** Named effect profiles of script assist (assumptions of the world; the default is modest). */
export const ASSIST_PROFILES = {
  modest: { fitConversionGain: 0.15, misfitConversionLoss: 0.1, fitTalkSaving: 0.1, misfitTalkPenalty: 0.08 },
  // Industry write-ups report talk time falling from about 4.2 to about 2.8 minutes with assist (-33%).
  optimistic: { fitConversionGain: 0.3, misfitConversionLoss: 0.1, fitTalkSaving: 0.33, misfitTalkPenalty: 0.08 },
} as const;

export const assistSpec = z
  .strictObject({
    enabled: z.boolean({ error: 'true or false' }).default(true).meta({ description: 'Script assist on: the intent model listens and scripts are suggested.' }),
    asrErrorRate: num({ min: 0, max: 0.9 }).default(0.1).meta({ description: 'Speech recognition token error rate (characters for Chinese, words for English).' }),
    maxTurns: int({ min: 1, max: 3 }).default(3).meta({ description: 'Customer turns per conversation at most.' }),
    minConfidence: num({ min: 0, max: 1 }).default(0.5).meta({ description: 'Below this confidence the recommender asks a clarifying question instead.' }),
    adherence: num({ min: 0, max: 1 }).default(0.97)
      .meta({ description: 'Hidden: chance that an agent reads a suggested script as written rather than in their own words (paraphrases can miss required disclosures).' }),
    model: z.strictObject({ dir: z.string().optional() }).prefault({}).meta({ description: 'A saved intent model folder; default: trained deterministically from the seed and cached.' }),
    profile: z.enum(['modest', 'optimistic'], { error: 'one of modest, optimistic' }).default('modest')
      .meta({ description: 'Named effect sizes (see ASSIST_PROFILES); any field below overrides it.' }),
    fitConversionGain: num({ min: 0, max: 3 }).optional().meta({ description: 'Sale multiplier 1 + gain × (share of turns whose script fits the true need).' }),
    misfitConversionLoss: num({ min: 0, max: 1 }).optional().meta({ description: 'Sale multiplier - loss × (share of turns answered with a script for another need).' }),
    fitTalkSaving: num({ min: 0, max: 0.9 }).optional().meta({ description: 'Talk-time multiplier 1 - saving × fit share.' }),
    misfitTalkPenalty: num({ min: 0, max: 3 }).optional().meta({ description: 'Talk-time multiplier + penalty × misfit share.' }),
    scriptLift: z.record(z.string(), num({ min: -0.9, max: 3 })).default({})
      .meta({ description: 'Hidden: extra sale effect of particular scripts (id -> relative lift), what script experiments try to discover.' }),
    experiments: z
      .array(
        z.strictObject({
          id: name,
          base: name.meta({ description: 'The script the rules would suggest; replaced by one of the arms.' }),
          arms: z.array(name).min(2),
          policy: z.enum(['fixed', 'thompson']).default('fixed'),
          weights: z.array(num({ gt: 0 })).optional(),
        }),
      )
      .default([])
      .meta({ description: 'Randomised script experiments (fixed A/B arms or a Thompson-sampling bandit).' }),
  })
  .meta({ description: 'Intent recognition and real-time script assist.' });
export type AssistSpec = z.output<typeof assistSpec>;
