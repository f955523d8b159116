import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntentModel } from '../../../engine/intent.ts';
import { trainIntentModel } from '../../../engine/intent-training.ts';
import { DEFAULT_MODEL_CONFIG, trainingCorpus } from '../../../sim/conversation/default-model.ts';
import { INTENTS, type Language } from '../../../sim/conversation/intents.ts';
import type { IntentHiddenState } from '../../../sim/conversation/intent-sequence.ts';
import { ConversationPipeline, createTurnBatch } from '../../../sim/conversation/pipeline.ts';

let model: IntentModel;
const small = { ...DEFAULT_MODEL_CONFIG, perTemplate: 12, training: { ...DEFAULT_MODEL_CONFIG.training, epochs: 4 } };

beforeAll(async () => {
  model = await trainIntentModel(trainingCorpus(2, small), { ...small.training, seed: 2, intents: INTENTS });
});
afterAll(() => model?.dispose());

/** Customers whose hidden state varies with their number. */
function hidden(call: number, s: IntentHiddenState): void {
  s.interest = (call % 10) / 9;
  s.budgetTightness = ((call * 7) % 10) / 9;
  s.readiness = ((call * 3) % 10) / 9;
  s.irritation = call % 17 === 0 ? 0.8 : 0.05;
  s.busyness = call % 11 === 0 ? 0.9 : 0.1;
  s.competitorLoyalty = ((call * 13) % 10) / 20;
  s.wrongPerson = 0.03;
}
const language = (call: number): Language => (call % 3 === 0 ? 'en' : 'zh');

function accuracy(asrErrorRate: number, calls: number): number {
  const p = new ConversationPipeline({ seed: 1, replication: 0, model, asrErrorRate, maxTurns: 3 });
  const b = createTurnBatch(calls, 3);
  p.run(0, calls, hidden, language, b);
  let ok = 0;
  let n = 0;
  for (let i = 0; i < calls * 3; i++) {
    if (b.trueIntent[i] < 0) continue;
    n++;
    if (b.heard[i] === b.trueIntent[i]) ok++;
  }
  return ok / n;
}

describe('ConversationPipeline', () => {
  it('gives the same turns however the calls are chunked', () => {
    const p = new ConversationPipeline({ seed: 1, replication: 0, model, asrErrorRate: 0.1, maxTurns: 3 });
    const whole = createTurnBatch(1200, 3);
    p.run(0, 1200, hidden, language, whole);
    const part = createTurnBatch(500, 3);
    for (const [first, count] of [[0, 500], [500, 500], [1000, 200]]) {
      p.run(first, count, hidden, language, part);
      expect(Array.from(part.turns.subarray(0, count))).toEqual(Array.from(whole.turns.subarray(first, first + count)));
      expect(Array.from(part.trueIntent.subarray(0, count * 3))).toEqual(Array.from(whole.trueIntent.subarray(first * 3, (first + count) * 3)));
      expect(Array.from(part.heard.subarray(0, count * 3))).toEqual(Array.from(whole.heard.subarray(first * 3, (first + count) * 3)));
    }
  });

  it('fills exactly the turns spoken, and hears them mostly right (less so through a noisy line)', () => {
    const p = new ConversationPipeline({ seed: 1, replication: 0, model, asrErrorRate: 0, maxTurns: 3 });
    const b = createTurnBatch(300, 3);
    p.run(0, 300, hidden, language, b);
    for (let i = 0; i < 300; i++) {
      for (let t = 0; t < 3; t++) {
        const spoken = t < b.turns[i];
        expect(b.trueIntent[i * 3 + t] >= 0).toBe(spoken);
        expect(b.heard[i * 3 + t] >= 0).toBe(spoken);
        expect(b.confidence[i * 3 + t] > 0).toBe(spoken);
      }
    }
    const clean = accuracy(0, 2000);
    expect(clean).toBeGreaterThan(0.85);
    expect(accuracy(0.3, 2000)).toBeLessThan(clean - 0.03);
  });
});
