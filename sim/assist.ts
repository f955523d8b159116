/**
 * Script assist in a simulated call. The world decides the customer's true intents over the turns
 * (from their hidden state), what they say and what speech recognition makes of it; the engine's
 * intent model classifies it, its dialogue tracker accumulates the intents heard and its script
 * recommender suggests a script per turn (engine/intent.ts, engine/dialogue.ts, engine/scripts.ts).
 * The world then judges each suggestion against the true need: a script that answers it (fit)
 * raises the sale probability and shortens the talk; one for another need (misfit) does the
 * opposite (`assist` effect sizes, scenario assumptions; off in the null world).
 *
 * Classification runs in batches: conversations are computed ahead in chunks of CHUNK calls (the
 * true intents do not depend on the script in this model), from two key spaces, inbound calls by
 * arrival index and outbound leads by lead id, so results never depend on the chunking.
 */
import type { IntentModel } from '../engine/intent.ts';
import { DialogueTracker } from '../engine/dialogue.ts';
import { ComplianceChecker, ScriptRecommender, type UniformSource } from '../engine/scripts.ts';
import { ASSIST_PROFILES, type AssistSpec } from '../scenarios/world-schema.ts';
import { INTENTS, type Language } from './conversation/intents.ts';
import type { IntentHiddenState } from './conversation/intent-sequence.ts';
import { fillHiddenState } from './conversation/customer-state.ts';
import { ConversationPipeline, createTurnBatch, type TurnBatch } from './conversation/pipeline.ts';
import type { CustomerPopulation } from './customers.ts';
import { KeyedStream } from './random/stream.ts';

export const CHUNK = 4096;
/** Chunks kept per key space (outbound leads are visited in priority order, not sequentially). */
const KEEP_CHUNKS = 64;

/** Key spaces of conversations. */
export const KEY_INBOUND = 0;
export const KEY_OUTBOUND = 1;

/** A per-call uniform source for experiment arms, keyed by the conversation (no allocation per call). */
class KeyedUniforms implements UniformSource {
  entity = 0;
  index = 0;
  constructor(private readonly stream: KeyedStream) {}
  next(): number {
    return this.stream.uniform(this.entity, this.index++);
  }
}

/** The result of the last `converse`: read right after the call. */
export interface AssistResult {
  conversionFactor: number;
  talkFactor: number;
  turns: number;
  correct: number;
  fit: number;
  scripted: number;
  compliant: boolean;
  /** First intent-specific script suggested (catalog index, -1 none), the first true and heard intents. */
  script: number;
  trueIntent: number;
  heardIntent: number;
}

export class AssistSession {
  readonly recommender: ScriptRecommender;
  readonly tracker: DialogueTracker;
  readonly result: AssistResult = { conversionFactor: 1, talkFactor: 1, turns: 0, correct: 0, fit: 0, scripted: 0, compliant: true, script: -1, trueIntent: -1, heardIntent: -1 };
  private readonly pipeline: ConversationPipeline;
  private readonly checker = new ComplianceChecker();
  private readonly customers: CustomerPopulation;
  private readonly chunks: Map<number, TurnBatch>[] = [new Map(), new Map()];
  private readonly gain: number;
  private readonly loss: number;
  private readonly saving: number;
  private readonly penalty: number;
  private readonly scriptLift: Float64Array;
  private readonly scriptIntent: Int16Array;
  private readonly rng: KeyedUniforms;
  private readonly effects: boolean;
  private readonly adherence: number;
  private readonly delivery: KeyedStream;
  /** Customer of each call in the current inbound chunk computation (the hidden-state callback reads it). */
  private readonly callCustomer: (key: number) => number;
  private space = KEY_INBOUND;

  constructor(spec: AssistSpec, model: IntentModel, customers: CustomerPopulation, seed: number, replication: number, nullWorld: boolean, inboundCustomerOf: (call: number) => number) {
    this.customers = customers;
    this.pipeline = new ConversationPipeline({ seed, replication, model, asrErrorRate: spec.asrErrorRate, maxTurns: spec.maxTurns });
    const experiments = spec.experiments.map((e) => ({ id: e.id, base: e.base, arms: e.arms, policy: e.policy, weights: e.weights }));
    this.recommender = new ScriptRecommender(INTENTS, { minConfidence: spec.minConfidence, experiments });
    this.tracker = new DialogueTracker(INTENTS, { capacity: 1, maxTurns: spec.maxTurns + 1, experiments: experiments.length });
    const p = ASSIST_PROFILES[spec.profile];
    this.gain = spec.fitConversionGain ?? p.fitConversionGain;
    this.loss = spec.misfitConversionLoss ?? p.misfitConversionLoss;
    this.saving = spec.fitTalkSaving ?? p.fitTalkSaving;
    this.penalty = spec.misfitTalkPenalty ?? p.misfitTalkPenalty;
    this.effects = !nullWorld;
    const catalog = this.recommender.catalog;
    this.scriptLift = Float64Array.from(catalog.map((s) => spec.scriptLift[s.id] ?? 0));
    this.scriptIntent = Int16Array.from(catalog.map((s) => (s.intent === null ? -1 : (INTENTS as readonly string[]).indexOf(s.intent))));
    this.rng = new KeyedUniforms(new KeyedStream(seed, replication, 'script-experiments'));
    this.adherence = spec.adherence;
    this.delivery = new KeyedStream(seed, replication, 'script-delivery');
    this.callCustomer = inboundCustomerOf;
  }

  /**
   * The conversation `key` (in key space `space`) with `customer` as the agent takes the call;
   * fills `result`. Assist suggests scripts turn by turn from what the model heard.
   */
  converse(space: number, key: number, customer: number): AssistResult {
    const batch = this.batchFor(space, key);
    const i = key % CHUNK;
    const T = batch.maxTurns;
    const turns = batch.turns[i];
    const t = this.tracker;
    const r = this.result;
    t.reset(0);
    this.rng.entity = space * 0x40000000 + key;
    this.rng.index = 0;
    let correct = 0;
    let fit = 0;
    let misfit = 0;
    let scripted = 0;
    let lift = 0;
    r.script = -1;
    r.trueIntent = turns > 0 ? batch.trueIntent[i * T] : -1;
    r.heardIntent = turns > 0 ? batch.heard[i * T] : -1;
    const lang: Language = this.customers.languageNames[this.customers.language[customer]] === 'zh' ? 'zh' : 'en';
    this.recommender.recommend(t, 0, this.rng); // the opening
    for (let k = 0; k < turns; k++) {
      const truth = batch.trueIntent[i * T + k];
      const heard = batch.heard[i * T + k];
      if (heard === truth) correct++;
      t.observe(0, heard < 0 ? 0 : heard, batch.confidence[i * T + k]);
      const s = this.recommender.recommend(t, 0, this.rng);
      const target = this.scriptIntent[s];
      if (target < 0) continue;
      scripted++;
      if (r.script < 0) r.script = s;
      if (target === truth) {
        fit++;
        lift += this.scriptLift[s];
      } else {
        misfit++;
      }
    }
    r.turns = turns;
    r.correct = correct;
    r.fit = fit;
    r.scripted = scripted;
    // How the agent delivered each suggestion (world truth): as written, or in their own words.
    const entity = space * 0x40000000 + key;
    let paraphrased = 0;
    for (let k = 0, n = Math.min(31, t.scriptsSuggested(0)); k < n; k++) {
      if (this.delivery.uniform(entity, k) >= this.adherence) paraphrased |= 1 << k;
    }
    r.compliant = this.checker.checkTracked(t, 0, lang, paraphrased);
    if (this.effects && turns > 0) {
      const f = fit / turns;
      const m = misfit / turns;
      r.conversionFactor = Math.max(0, (1 + this.gain * f - this.loss * m) * (1 + lift / Math.max(1, fit)));
      r.talkFactor = Math.max(0.1, 1 - this.saving * f + this.penalty * m);
    } else {
      r.conversionFactor = 1;
      r.talkFactor = 1;
    }
    return r;
  }

  /** Credits script experiments with the call's outcome (1 sold, 0 not): the bandit learns. */
  finish(converted: number): void {
    this.recommender.finish(this.tracker, 0, converted);
  }

  private batchFor(space: number, key: number): TurnBatch {
    const chunk = Math.floor(key / CHUNK);
    const cache = this.chunks[space];
    let batch = cache.get(chunk);
    if (batch !== undefined) return batch;
    if (cache.size >= KEEP_CHUNKS) cache.delete(cache.keys().next().value!);
    batch = createTurnBatch(CHUNK, this.pipeline.maxTurns);
    this.space = space;
    const first = chunk * CHUNK;
    this.pipeline.run(first, CHUNK, this.hidden, this.language, batch);
    cache.set(chunk, batch);
    return batch;
  }

  private customerOf(key: number): number {
    // Outbound keys are leads, which are customers of the population; inbound keys are calls.
    return this.space === KEY_OUTBOUND ? key : this.callCustomer(key);
  }

  /** The customer's hidden state as the conversation model needs it (world truth; never seen by the engine). */
  private readonly hidden = (key: number, s: IntentHiddenState): void => {
    fillHiddenState(this.customers, this.customerOf(key), s);
  };

  private readonly language = (key: number): Language => {
    const c = this.customers;
    const i = this.customerOf(key);
    return i >= 0 && i < c.count && c.languageNames[c.language[i]] === 'zh' ? 'zh' : 'en';
  };
}
