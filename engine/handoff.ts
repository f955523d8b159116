/**
 * The bot's handoff decision, as a production voice bot would make it: from what the bot observes
 * (the intent its recognition heard, how confident it is, the customer's predicted value from the
 * CRM), never from the world's truth. Keep the call in the bot (containment), or hand it to a
 * human in the general queue or the priority queue; and, when no human is free, whether to offer a
 * call back instead of making the caller wait on the line.
 *
 * Intents are indices into the intent names the policy is built with (the engine never imports
 * the world's intent list). Allocation-free per decision.
 */

export const HANDOFF_CONTAIN = 0;
export const HANDOFF_GENERAL = 1;
export const HANDOFF_PRIORITY = 2;

export const NO_HUMAN_WAIT = 0;
export const NO_HUMAN_CALLBACK = 1;

export interface HandoffConfig {
  /** Intents the bot tries to resolve itself. */
  contain: readonly string[];
  /** Keep a call only when recognition is at least this confident. */
  minConfidence: number;
  /** High-value customers always go to a human (priority queue). */
  keepHighValue: boolean;
  /** Intents whose handoff goes to the priority queue. */
  priority: readonly string[];
  whenNoHuman: 'wait' | 'callback';
  /** With 'callback': offer one when at least this many callers wait. */
  callbackQueueLength: number;
}

export class HandoffPolicy {
  private readonly containable: Uint8Array;
  private readonly urgent: Uint8Array;
  private readonly minConfidence: number;
  private readonly highValue: number;
  private readonly callback: boolean;
  private readonly callbackQueueLength: number;

  /**
   * `highValueThreshold`: predicted values at or above it count as high value (the sim passes the
   * upper quartile of its predictions, or Infinity without a value model).
   */
  constructor(intentNames: readonly string[], config: HandoffConfig, highValueThreshold: number) {
    const index = (name: string) => {
      const i = intentNames.indexOf(name);
      if (i < 0) throw new RangeError(`unknown intent ${name}`);
      return i;
    };
    this.containable = new Uint8Array(intentNames.length);
    for (const n of config.contain) this.containable[index(n)] = 1;
    this.urgent = new Uint8Array(intentNames.length);
    for (const n of config.priority) this.urgent[index(n)] = 1;
    this.minConfidence = config.minConfidence;
    this.highValue = config.keepHighValue ? highValueThreshold : Infinity;
    this.callback = config.whenNoHuman === 'callback';
    this.callbackQueueLength = config.callbackQueueLength;
  }

  /** Contain, or hand off (general or priority queue), from the heard intent (-1: none), its confidence and the predicted value (NaN: unknown). */
  decide(intent: number, confidence: number, predictedValue: number): number {
    if (predictedValue >= this.highValue) return HANDOFF_PRIORITY;
    if (intent < 0) return HANDOFF_GENERAL;
    if (this.urgent[intent] === 1) return HANDOFF_PRIORITY;
    if (this.containable[intent] === 1 && confidence >= this.minConfidence) return HANDOFF_CONTAIN;
    return HANDOFF_GENERAL;
  }

  /** A handoff finds no human free: wait on the line, or be offered a call back (queue long enough). */
  whenNoHuman(queueLength: number): number {
    return this.callback && queueLength >= this.callbackQueueLength ? NO_HUMAN_CALLBACK : NO_HUMAN_WAIT;
  }
}

/** The value at quantile q of `values` (NaNs ignored); Infinity when there are none. */
export function valueQuantile(values: ArrayLike<number>, q: number): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) xs.push(values[i]);
  if (xs.length === 0) return Infinity;
  xs.sort((a, b) => a - b);
  return xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
}
