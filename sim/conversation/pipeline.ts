/**
 * The conversation side of many calls at once: each customer's true intents over the turns (from
 * their hidden state), what they say, what ASR makes of it, and what the model hears, in one
 * batch. Batching matters: a classifyBatch call costs ~0.2 ms of fixed tfjs overhead, so classifying
 * call by call caps a simulation near 5,000 calls/s, while chunks of a few thousand calls run at the
 * model's batch speed. Everything is keyed by call and turn, so a chunk can be computed ahead of
 * the event loop (the true intents do not depend on what the agent says in this model) and the
 * result is the same whatever the chunking.
 *
 * Streams (seed, replication, name): "conversation-intents" (entity = call), "utterance" and "asr"
 * (entity = utteranceEntity(call, turn)).
 */
import type { IntentModel } from '../../engine/intent.ts';
import { KeyedStream } from '../random/stream.ts';
import { AsrNoise } from './asr-noise.ts';
import { intentIndex, type Language } from './intents.ts';
import { intentSequence, type IntentHiddenState } from './intent-sequence.ts';
import { MAX_TURNS, utteranceEntity, UtteranceGenerator } from './utterances.ts';

export interface PipelineOptions {
  seed: number;
  replication: number;
  model: IntentModel;
  /** ASR token error rate (0 = perfect transcription). */
  asrErrorRate: number;
  /** Turns per call at most (<= MAX_TURNS). */
  maxTurns: number;
}

/** One chunk of calls, call-major: [i * maxTurns + turn]. */
export interface TurnBatch {
  readonly maxTurns: number;
  /** Calls filled (the first `count` rows). */
  count: number;
  /** Turns each call's customer spoke. */
  readonly turns: Uint8Array;
  /** The customer's true intent (world index into INTENTS), -1 past the last turn. */
  readonly trueIntent: Int8Array;
  /** What the model heard, as a world intent index (-1: past the last turn, or a label the world does not know). */
  readonly heard: Int8Array;
  readonly confidence: Float32Array;
}

export function createTurnBatch(capacity: number, maxTurns: number): TurnBatch {
  return {
    maxTurns,
    count: 0,
    turns: new Uint8Array(capacity),
    trueIntent: new Int8Array(capacity * maxTurns).fill(-1),
    heard: new Int8Array(capacity * maxTurns).fill(-1),
    confidence: new Float32Array(capacity * maxTurns),
  };
}

export class ConversationPipeline {
  readonly maxTurns: number;
  private readonly model: IntentModel;
  private readonly intents: KeyedStream;
  private readonly words: KeyedStream;
  private readonly asr: KeyedStream;
  private readonly noise: AsrNoise;
  private readonly generator = new UtteranceGenerator('all');
  /** Model label index → world intent index. */
  private readonly toWorld: Int8Array;
  private readonly seq: Int32Array;
  private readonly state: IntentHiddenState = { interest: 0, budgetTightness: 0, readiness: 0, irritation: 0, busyness: 0, competitorLoyalty: 0, wrongPerson: 0 };
  private texts: string[] = [];
  private slots = new Int32Array(0);
  private result = { intent: new Int32Array(0), confidence: new Float32Array(0) };

  constructor(o: PipelineOptions) {
    if (!(o.maxTurns >= 1 && o.maxTurns <= MAX_TURNS)) throw new RangeError(`maxTurns must be in 1..${MAX_TURNS}, got ${o.maxTurns}`);
    this.maxTurns = o.maxTurns;
    this.model = o.model;
    this.intents = new KeyedStream(o.seed, o.replication, 'conversation-intents');
    this.words = new KeyedStream(o.seed, o.replication, 'utterance');
    this.asr = new KeyedStream(o.seed, o.replication, 'asr');
    this.noise = new AsrNoise({ errorRate: o.asrErrorRate });
    this.toWorld = Int8Array.from(o.model.intents.map(intentIndex));
    this.seq = new Int32Array(o.maxTurns);
  }

  /**
   * Fills `out` for calls first .. first + count - 1. `hidden(call, s)` writes the call's customer
   * state into `s`; `language(call)` says which language they speak.
   */
  run(first: number, count: number, hidden: (call: number, s: IntentHiddenState) => void, language: (call: number) => Language, out: TurnBatch): void {
    if (out.maxTurns !== this.maxTurns || out.turns.length < count) throw new RangeError('turn batch too small or with another maxTurns');
    const T = this.maxTurns;
    out.count = count;
    out.trueIntent.fill(-1, 0, count * T);
    out.heard.fill(-1, 0, count * T);
    out.confidence.fill(0, 0, count * T);
    if (this.slots.length < count * T) this.slots = new Int32Array(count * T);
    let n = 0;
    for (let i = 0; i < count; i++) {
      const call = first + i;
      hidden(call, this.state);
      const lang = language(call);
      const turns = intentSequence(this.state, T, this.intents, call, this.seq);
      out.turns[i] = turns;
      for (let t = 0; t < turns; t++) {
        const intent = this.seq[t];
        const e = utteranceEntity(call, t);
        out.trueIntent[i * T + t] = intent;
        this.texts[n] = this.noise.apply(this.generator.generate(this.words, e, intent, lang), lang, this.asr, e);
        this.slots[n++] = i * T + t;
      }
    }
    this.texts.length = n;
    if (this.result.intent.length < n) this.result = { intent: new Int32Array(n), confidence: new Float32Array(n) };
    const r = this.model.classifyBatch(this.texts, this.result);
    for (let k = 0; k < n; k++) {
      out.heard[this.slots[k]] = this.toWorld[r.intent[k]];
      out.confidence[this.slots[k]] = r.confidence[k];
    }
  }
}
