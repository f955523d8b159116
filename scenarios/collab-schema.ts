// Human-AI collaboration: the AI voice bot (inbound pre-processing with handoff, bot-only follow-up
// of low-value leads), supervisors alerted on customer sentiment, and what time costs. Effect sizes
// marked "hidden" are assumptions of the world (listed in the README); the rest configures the
// engine (engine/handoff.ts, engine/supervision.ts) or the center's resources.

import { z } from 'zod';
import { distSpec, int, num } from './primitives.ts';

const share = (description: string) => num({ min: 0, max: 1 }).meta({ description });

/** Every customer intent the world knows, in the world's index order (sim/conversation/intents.ts reads it from here). */
export const BOT_INTENTS = [
  'BUDGET_CONCERN',
  'PRICE_INQUIRY',
  'PRODUCT_QUESTION',
  'NOT_INTERESTED',
  'CALL_BACK_LATER',
  'READY_TO_BUY',
  'COMPLAINT',
  'WRONG_PERSON',
  'DISCOUNT_REQUEST',
  'COMPETITOR_MENTION',
  'CONTRACT_TERMS',
  'GREETING_SMALLTALK',
] as const;
const intentName = z.enum(BOT_INTENTS, { error: `an intent (${BOT_INTENTS.join(', ')})` });

export const handoffSpec = z
  .strictObject({
    contain: z
      .array(intentName)
      .default(['CONTRACT_TERMS', 'CALL_BACK_LATER', 'WRONG_PERSON', 'NOT_INTERESTED', 'GREETING_SMALLTALK'])
      .meta({ description: 'Intents the bot tries to resolve itself (containment); everything else goes to a human (by default buying signals such as price and product questions do). [] = the bot always hands off.' }),
    minConfidence: share('The bot keeps a call only when its intent recognition is at least this confident.').default(0.7),
    keepHighValue: z.boolean({ error: 'true or false' }).default(true)
      .meta({ description: 'Customers whose predicted value is in the top quartile always go to a human (needs `priority`; without predictions every customer counts as average).' }),
    priority: z
      .array(intentName)
      .default(['COMPLAINT', 'READY_TO_BUY'])
      .meta({ description: 'Intents whose handoff jumps the general queue (the priority handoff queue, served first). High-value customers too.' }),
    whenNoHuman: z.enum(['wait', 'callback'], { error: 'one of wait, callback' }).default('wait')
      .meta({ description: 'No agent free at handoff: the caller waits in the queue, or (callback) is offered a call back when the queue is long.' }),
    callbackQueueLength: int({ min: 0 }).default(5)
      .meta({ description: 'With whenNoHuman: callback, the offer is made when at least this many callers wait.' }),
  })
  .prefault({})
  .meta({ description: 'The handoff decision (engine/handoff.ts), from what the bot observes: intent, confidence, predicted value.' });
export type HandoffSpec = z.output<typeof handoffSpec>;

export const botSpec = z
  .strictObject({
    inbound: z.enum(['all', 'low-value', 'none'], { error: 'one of all, low-value, none' }).default('all')
      .meta({ description: 'Which inbound callers the bot answers first: all, only those the value model ranks low (priority.bot rule), or none.' }),
    capacity: int({ min: 1 }).default(50).meta({ description: 'Concurrent bot sessions (inbound and outbound together). A caller who finds it full goes straight to the human queue.' }),
    outboundLines: int({ min: 0 }).default(0)
      .meta({ description: 'Bot follow-up calls of low-value leads in flight at most (needs an outbound campaign and a priority.bot rule); 0 = the bot does not dial.' }),
    sessionTime: distSpec.default({ dist: 'lognormal', mean: 75, cv: 0.5 })
      .meta({ description: 'Length of a bot conversation until it resolves the need or hands off (seconds).' }),
    nluAccuracy: share('Hidden: chance that the bot recognises the caller\'s intent correctly.').default(0.85),
    hangup: share('Hidden: chance that a caller of an average style hangs up on the bot (drivers twice as likely, amiable callers half).').default(0.08),
    containment: share('Hidden: scales the chance that a need the bot tries to resolve is really resolved (per-intent shares in the README); 0 = never.').default(1),
    frustration: num({ min: 0, max: 2 }).default(0.3)
      .meta({ description: 'Hidden: sentiment lost by a caller whose need the bot failed to resolve before handing off.' }),
    handoffSaving: num({ min: 0, max: 0.9 }).default(0.12)
      .meta({ description: 'Hidden: share of the human\'s talk time saved by the context the bot collected (identity verified, need captured).' }),
    callbackAcceptance: share('Hidden: chance that a caller offered a call back accepts (they keep their place without waiting on the line).').default(0.6),
    saleFactor: num({ min: 0, max: 1.5 }).default(0.35)
      .meta({ description: 'Hidden: the bot sells to an engaged lead with this share of the probability an average human agent would.' }),
    transferPatience: distSpec.default({ dist: 'exponential', mean: 120 })
      .meta({ description: 'How long a lead the bot transfers waits for an agent (outbound transfers; inbound handoffs use inbound.patience).' }),
    handoff: handoffSpec,
  })
  .meta({ description: 'The AI voice bot: pre-processing with handoff to humans, bot-only follow-up of low-value leads.' });
export type BotSpec = z.output<typeof botSpec>;

export const supervisionSpec = z
  .strictObject({
    supervisors: int({ min: 0 }).default(2).meta({ description: 'Supervisors on the floor (each joins one call at a time).' }),
    threshold: num({ min: -1, max: 1 }).default(-0.45)
      .meta({ description: 'The engine raises an alert when its estimate of the customer\'s sentiment (-1..1) falls below this.' }),
    smoothing: share('Weight of the newest turn in the engine\'s running sentiment estimate (exponential smoothing).').default(0.6),
    interventionTime: distSpec.default({ dist: 'lognormal', mean: 150, cv: 0.4 })
      .meta({ description: 'Supervisor time per intervention (joining, calming, follow-up notes), seconds.' }),
    observationNoise: num({ min: 0, max: 2 }).default(0.2)
      .meta({ description: 'Hidden: error (standard deviation) of the sentiment the engine reads from a turn (words, speech rate).' }),
    calmingLift: num({ min: 0, max: 2 }).default(0.15).meta({ description: 'Hidden: sentiment regained when the agent uses the suggested calming script.' }),
    interventionLift: num({ min: 0, max: 2 }).default(0.45).meta({ description: 'Hidden: sentiment regained when a supervisor joins.' }),
  })
  .meta({ description: 'Supervisor alerts on customer sentiment (engine/supervision.ts) and supervisor interventions.' });
export type SupervisionSpec = z.output<typeof supervisionSpec>;

export const sentimentSpec = z
  .strictObject({
    base: num({ min: -1, max: 1 }).default(0.25).meta({ description: 'Hidden: a customer\'s sentiment at the start of a human conversation, before the effects below.' }),
    driver: num({ min: 0, max: 2 }).default(0.25).meta({ description: 'Hidden: sentiment lost by customers of the driver style (impatient).' }),
    irritation: num({ min: 0, max: 2 }).default(0.5).meta({ description: 'Hidden: sentiment lost by a caller who calls to complain.' }),
    perWaitMinute: num({ min: 0, max: 1 }).default(0.08).meta({ description: 'Hidden: sentiment lost per minute waited for a human.' }),
    drift: num({ min: -1, max: 1 }).default(-0.03).meta({ description: 'Hidden: mean change per turn.' }),
    volatility: num({ min: 0, max: 1 }).default(0.15).meta({ description: 'Hidden: standard deviation of the change per turn.' }),
    complaintSlope: num({ min: 0, max: 5 }).default(0.6)
      .meta({ description: 'Hidden: chance of a complaint = slope × how far the final sentiment is below zero (capped at 1).' }),
  })
  .meta({ description: 'The world\'s customer sentiment during human conversations (drives complaints and satisfaction).' });
export type SentimentSpec = z.output<typeof sentimentSpec>;

export const costsSpec = z
  .strictObject({
    agentPerHour: num({ min: 0 }).default(28).meta({ description: 'Cost of an agent hour on shift (breaks included).' }),
    supervisorPerHour: num({ min: 0 }).default(40).meta({ description: 'Cost of a supervisor hour.' }),
    botPerMinute: num({ min: 0 }).default(0.06).meta({ description: 'Cost of a bot session minute.' }),
  })
  .meta({ description: 'What time costs, for costPerSale (agent, bot and supervisor time over the measurement window, divided by conversions).' });
export type CostsSpec = z.output<typeof costsSpec>;
