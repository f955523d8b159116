import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INTENT_COUNT, Intent } from '../../../sim/conversation/intents.ts';
import { endsConversation, intentSequence, type IntentHiddenState } from '../../../sim/conversation/intent-sequence.ts';
import { KeyedStream } from '../../../sim/random/stream.ts';

const stream = new KeyedStream(5, 0, 'intents');
const neutral: IntentHiddenState = { interest: 0.5, budgetTightness: 0.3, readiness: 0.3, irritation: 0.05, busyness: 0.1, competitorLoyalty: 0.1, wrongPerson: 0.02 };
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const anyState = fc.record({ interest: unit, budgetTightness: unit, readiness: unit, irritation: unit, busyness: unit, competitorLoyalty: unit, wrongPerson: unit });

/** Share of calls whose sequence contains `intent`, over `calls` customers in state s. */
function share(s: IntentHiddenState, intent: number, calls = 4000): number {
  const out = new Int32Array(6);
  let hits = 0;
  for (let c = 0; c < calls; c++) {
    const n = intentSequence(s, 6, stream, c, out);
    for (let t = 0; t < n; t++) {
      if (out[t] === intent) {
        hits++;
        break;
      }
    }
  }
  return hits / calls;
}

describe('intentSequence', () => {
  it('gives valid sequences that stop only after an intent that ends the conversation', () => {
    fc.assert(
      fc.property(anyState, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e6 }), (s, turns, call) => {
        const out = new Int32Array(8);
        const n = intentSequence(s, turns, stream, call, out);
        expect(n).toBeGreaterThanOrEqual(1);
        expect(n).toBeLessThanOrEqual(turns);
        for (let t = 0; t < n; t++) {
          expect(out[t]).toBeGreaterThanOrEqual(0);
          expect(out[t]).toBeLessThan(INTENT_COUNT);
          if (t > 0) expect(out[t]).not.toBe(Intent.WRONG_PERSON);
          if (t < n - 1) expect(endsConversation(out[t])).toBe(false);
        }
        if (n < turns) expect(endsConversation(out[n - 1])).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is a pure function of (state, stream, call)', () => {
    const a = new Int32Array(6);
    const b = new Int32Array(6);
    for (let c = 0; c < 200; c++) {
      const na = intentSequence(neutral, 6, stream, c, a);
      intentSequence({ ...neutral, interest: 0.9 }, 6, stream, c + 1000, b); // other calls in between change nothing
      const nb = intentSequence(neutral, 6, stream, c, b);
      expect(nb).toBe(na);
      expect(Array.from(b.subarray(0, nb))).toEqual(Array.from(a.subarray(0, na)));
    }
  });

  it('follows the hidden state: wrong person, budget, interest, readiness, irritation', () => {
    const out = new Int32Array(4);
    expect(intentSequence({ ...neutral, wrongPerson: 1 }, 4, stream, 1, out)).toBe(1);
    expect(out[0]).toBe(Intent.WRONG_PERSON);
    expect(share({ ...neutral, wrongPerson: 0 }, Intent.WRONG_PERSON)).toBe(0);
    expect(share({ ...neutral, budgetTightness: 0.9 }, Intent.BUDGET_CONCERN)).toBeGreaterThan(share({ ...neutral, budgetTightness: 0.05 }, Intent.BUDGET_CONCERN) + 0.2);
    expect(share({ ...neutral, interest: 0.05 }, Intent.NOT_INTERESTED)).toBeGreaterThan(share({ ...neutral, interest: 0.9 }, Intent.NOT_INTERESTED) + 0.3);
    expect(share({ ...neutral, interest: 0.9, readiness: 0.9 }, Intent.READY_TO_BUY)).toBeGreaterThan(share({ ...neutral, readiness: 0.05 }, Intent.READY_TO_BUY) + 0.3);
    expect(share({ ...neutral, irritation: 0.8 }, Intent.COMPLAINT)).toBeGreaterThan(share(neutral, Intent.COMPLAINT) + 0.3);
  });

  it('rejects states outside [0, 1]', () => {
    expect(() => intentSequence({ ...neutral, interest: 1.2 }, 3, stream, 0, new Int32Array(3))).toThrow(/interest/);
    expect(() => intentSequence({ ...neutral, wrongPerson: Number.NaN }, 3, stream, 0, new Int32Array(3))).toThrow(/wrongPerson/);
    expect(() => intentSequence(neutral, 4, stream, 0, new Int32Array(3))).toThrow(RangeError);
  });
});
