import { describe, expect, it } from 'vitest';
import { HANDOFF_CONTAIN, HANDOFF_GENERAL, HANDOFF_PRIORITY, HandoffPolicy, NO_HUMAN_CALLBACK, NO_HUMAN_WAIT, valueQuantile } from '../../engine/handoff.ts';
import { SentimentMonitor } from '../../engine/supervision.ts';

const NAMES = ['PRICE_INQUIRY', 'COMPLAINT', 'READY_TO_BUY', 'CALL_BACK_LATER'];
const config = { contain: ['PRICE_INQUIRY', 'CALL_BACK_LATER'], minConfidence: 0.7, keepHighValue: true, priority: ['COMPLAINT'], whenNoHuman: 'callback' as const, callbackQueueLength: 3 };

describe('HandoffPolicy', () => {
  const p = new HandoffPolicy(NAMES, config, 500);
  it('keeps a containable intent heard with confidence, hands off otherwise', () => {
    expect(p.decide(0, 0.9, 100)).toBe(HANDOFF_CONTAIN);
    expect(p.decide(0, 0.69, 100)).toBe(HANDOFF_GENERAL);
    expect(p.decide(2, 0.99, 100)).toBe(HANDOFF_GENERAL);
    expect(p.decide(3, 0.7, NaN)).toBe(HANDOFF_CONTAIN);
  });
  it('sends priority intents and high-value customers to the front, whatever was heard', () => {
    expect(p.decide(1, 0.1, 100)).toBe(HANDOFF_PRIORITY);
    expect(p.decide(0, 0.99, 500)).toBe(HANDOFF_PRIORITY);
    expect(p.decide(-1, 0, 800)).toBe(HANDOFF_PRIORITY);
    expect(p.decide(-1, 0, 10)).toBe(HANDOFF_GENERAL);
    expect(new HandoffPolicy(NAMES, { ...config, keepHighValue: false }, 500).decide(0, 0.99, 900)).toBe(HANDOFF_CONTAIN);
  });
  it('offers a call back only when configured and the queue is long enough', () => {
    expect(p.whenNoHuman(2)).toBe(NO_HUMAN_WAIT);
    expect(p.whenNoHuman(3)).toBe(NO_HUMAN_CALLBACK);
    expect(new HandoffPolicy(NAMES, { ...config, whenNoHuman: 'wait' }, 500).whenNoHuman(100)).toBe(NO_HUMAN_WAIT);
  });
  it('rejects an intent it does not know', () => {
    expect(() => new HandoffPolicy(NAMES, { ...config, contain: ['NOPE'] }, 1)).toThrow(RangeError);
  });
  it('valueQuantile ignores NaN and is Infinity on nothing', () => {
    expect(valueQuantile([3, NaN, 1, 2, 4], 0.75)).toBe(4);
    expect(valueQuantile([NaN], 0.5)).toBe(Infinity);
  });
});

describe('SentimentMonitor', () => {
  it('alerts once, the first time the smoothed reading falls below the threshold', () => {
    const m = new SentimentMonitor({ threshold: -0.3, smoothing: 0.5 });
    m.start();
    expect(m.observe(0.2)).toBe(false);
    expect(m.observe(-0.6)).toBe(false); // estimate -0.2
    expect(m.observe(-0.6)).toBe(true); // estimate -0.4
    expect(m.observe(-0.9)).toBe(false); // already alerted
    m.start();
    expect(m.observe(-0.5)).toBe(true); // a new call starts from its first reading
  });
  it('smoothing 1 follows the latest reading; 0 is refused', () => {
    const m = new SentimentMonitor({ threshold: 0, smoothing: 1 });
    m.start();
    m.observe(-1);
    m.observe(0.5);
    expect(m.value).toBe(0.5);
    expect(() => new SentimentMonitor({ threshold: 0, smoothing: 0 })).toThrow(RangeError);
  });
});
