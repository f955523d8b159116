/**
 * Prioritisation: the order in which leads are dialed (and contacts queued), from predicted lifetime
 * value (engine/value-model.ts) and urgency, and which leads the AI voice bot follows up instead of a
 * human.
 *
 * Score (higher = sooner):
 *
 *     weights.value    × v / (v + reference)          (value in [0, 1); reference = the list's median prediction)
 *   + weights.callback × [a callback is due]
 *   + weights.age      × min(1, ageDays / ageScaleDays)  (days since the lead appeared or was last attempted)
 *
 * With the default weights (value 1, callback 2, age 0.5) a due callback always comes first and an
 * old lead overtakes a somewhat more valuable fresh one, so nothing starves. The scheduler's key is
 * the negated score (`priorityKey`, lower = first), and the order is the scheduler's total order:
 * (key, readiness time, id), lexicographic (`compareLeads`; sim/kernel/id-heap.ts orders the ready
 * heap the same way). Keys are never NaN, so the order is total.
 *
 * A lead whose predicted value is below the bot threshold (an absolute value, or a quantile of the
 * list's predictions) goes to the AI voice bot; a due callback always goes to a human.
 *
 * Reads predicted values and lead state only: no observations, no hidden truth.
 */

export interface PriorityWeights {
  value: number;
  callback: number;
  age: number;
}

export const DEFAULT_PRIORITY_WEIGHTS: Readonly<PriorityWeights> = { value: 1, callback: 2, age: 0.5 };
export const DEFAULT_AGE_SCALE_DAYS = 7;

/** What a key is computed against: weights and the list-wide scales. */
export interface PriorityContext {
  readonly weights: PriorityWeights;
  /** Value at which the value term is 0.5 (the median prediction of the list). */
  readonly valueReference: number;
  /** Lead age (days) at which the age term saturates at 1. */
  readonly ageScaleDays: number;
}

/** A context for a list of predicted values (the reference is their median). */
export function priorityContext(values: ArrayLike<number>, weights: Partial<PriorityWeights> = {}, ageScaleDays = DEFAULT_AGE_SCALE_DAYS): PriorityContext {
  const w = { ...DEFAULT_PRIORITY_WEIGHTS, ...weights };
  for (const k of ['value', 'callback', 'age'] as const) if (!Number.isFinite(w[k])) throw new RangeError(`priority weight ${k} must be finite, got ${w[k]}`);
  if (!(ageScaleDays > 0) || !Number.isFinite(ageScaleDays)) throw new RangeError(`ageScaleDays must be a positive number, got ${ageScaleDays}`);
  return { weights: w, valueReference: median(values), ageScaleDays };
}

/** The urgency score of a lead (higher = sooner); always finite. */
export function priorityScore(value: number, callbackDue: boolean | number, ageDays: number, ctx: PriorityContext): number {
  const w = ctx.weights;
  const v = value > 0 && value < Infinity ? value : value === Infinity ? Number.MAX_VALUE : 0;
  const ref = ctx.valueReference;
  const valueTerm = ref > 0 ? v / (v + ref) : v > 0 ? 1 : 0;
  const age = ageDays > 0 ? (ageDays >= ctx.ageScaleDays ? 1 : ageDays / ctx.ageScaleDays) : 0;
  return w.value * valueTerm + (callbackDue ? w.callback : 0) + w.age * age;
}

/** The scheduler's key (lower = dialed first): the negated score. Never NaN. */
export function priorityKey(value: number, callbackDue: boolean | number, ageDays: number, ctx: PriorityContext): number {
  const s = -priorityScore(value, callbackDue, ageDays, ctx);
  return s === 0 ? 0 : s; // no -0: keys compare and print alike
}

/**
 * The scheduler's total order on leads a and b: key, then readiness time, then id (negative: a
 * first). Keys and readiness times must not be NaN (priorityKey never returns NaN).
 */
export function compareLeads(a: number, b: number, key: ArrayLike<number>, readyAt: ArrayLike<number>): number {
  const ka = key[a];
  const kb = key[b];
  if (ka !== kb) return ka < kb ? -1 : 1;
  const ra = readyAt[a];
  const rb = readyAt[b];
  if (ra !== rb) return ra < rb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The bot threshold: an absolute predicted value, or the share of the list (lowest predictions) to hand to the bot. */
export type BotRule = { value: number } | { quantile: number };

/**
 * The predicted value below which a lead goes to the bot. For `{ quantile: q }` it is the value at
 * rank floor(q × n) of the sorted predictions, so (without ties at the cut) exactly floor(q × n) leads
 * fall below it; q = 0 sends none, q = 1 all.
 */
export function botThreshold(values: ArrayLike<number>, rule: BotRule): number {
  if ('value' in rule) {
    if (Number.isNaN(rule.value)) throw new RangeError('bot threshold value must be a number');
    return rule.value;
  }
  const q = rule.quantile;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`bot quantile must be in [0, 1], got ${q}`);
  const n = values.length;
  const k = Math.floor(q * n);
  if (k >= n) return Infinity;
  const sorted = Float64Array.from(values, clean).sort();
  return sorted[k];
}

export interface LeadPriorityInput {
  /** Predicted lifetime value per lead (for a generated list, lead i is customer i: profiles.predictedValue). */
  values: ArrayLike<number>;
  /** Nonzero when a callback is due, per lead (default: none). */
  callbackDue?: ArrayLike<number>;
  /** Days since the lead appeared or was last attempted, per lead (default: 0). */
  ageDays?: ArrayLike<number>;
  weights?: Partial<PriorityWeights>;
  ageScaleDays?: number;
  /** Who goes to the bot (default: nobody). */
  bot?: BotRule | null;
}

export interface LeadPriorityResult {
  /** The context the keys were computed in (reuse it with priorityKey to refresh one lead). */
  context: PriorityContext;
  /** The bot threshold (-Infinity when no bot rule). */
  threshold: number;
  /** Leads sent to the bot. */
  botCount: number;
}

/**
 * Fills the scheduler's `priority` (lower = first) and, when given, `toBot` (1 = the bot follows the
 * lead up) for every lead. Batch, O(n log n) for the median and the quantile. Write a lead's key
 * only while it is not in the scheduler's ready heap (at setup, or when it is rescheduled).
 */
export function assignLeadPriorities(input: LeadPriorityInput, out: { priority: Float64Array; toBot?: Uint8Array }): LeadPriorityResult {
  const { values, callbackDue, ageDays } = input;
  const n = values.length;
  if (out.priority.length < n) throw new RangeError(`priority array has ${out.priority.length} entries for ${n} leads`);
  if (out.toBot && out.toBot.length < n) throw new RangeError(`toBot array has ${out.toBot.length} entries for ${n} leads`);
  if (callbackDue && callbackDue.length < n) throw new RangeError('callbackDue is shorter than values');
  if (ageDays && ageDays.length < n) throw new RangeError('ageDays is shorter than values');
  const context = priorityContext(values, input.weights, input.ageScaleDays);
  const threshold = input.bot ? botThreshold(values, input.bot) : -Infinity;
  let botCount = 0;
  for (let i = 0; i < n; i++) {
    const due = callbackDue ? callbackDue[i] !== 0 : false;
    out.priority[i] = priorityKey(values[i], due, ageDays ? ageDays[i] : 0, context);
    if (out.toBot) {
      const bot = !due && clean(values[i]) < threshold ? 1 : 0;
      out.toBot[i] = bot;
      botCount += bot;
    } else if (!due && clean(values[i]) < threshold) botCount++;
  }
  return { context, threshold, botCount };
}

/** NaN counts as 0 (no prediction); everything else as is. */
function clean(v: number): number {
  return Number.isNaN(v) ? 0 : v;
}

function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values, (v) => (v > 0 && v < Infinity ? v : v === Infinity ? Number.MAX_VALUE : 0)).sort();
  return n % 2 === 1 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
