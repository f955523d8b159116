import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { DialogueTracker } from '../../engine/dialogue.ts';
import { ComplianceChecker, DEFAULT_SCRIPTS, FixedAllocation, sampleBeta, ScriptRecommender, ThompsonBandit, type UniformSource } from '../../engine/scripts.ts';
import { INTENTS, Intent } from '../../sim/conversation/intents.ts';

/** A seeded uniform source (as the simulator passes one of its streams). */
function source(seed: string): UniformSource {
  const rng = seedrandom.alea(seed);
  return { next: () => rng() };
}

describe('DialogueTracker', () => {
  it('accumulates the intents heard over turns, per slot, and forgets on reset', () => {
    const t = new DialogueTracker(INTENTS, { capacity: 4, maxTurns: 3 });
    expect(t.last(1)).toBe(-1);
    t.observe(1, Intent.BUDGET_CONCERN, 0.9);
    t.observe(1, Intent.PRICE_INQUIRY, 0.7);
    t.observe(2, Intent.COMPLAINT, 0.99);
    t.observe(1, Intent.BUDGET_CONCERN, 0.8);
    expect(t.observe(1, Intent.READY_TO_BUY, 0.95)).toBe(3); // beyond maxTurns: counted, not stored
    expect(t.turns(1)).toBe(4);
    expect(t.last(1)).toBe(Intent.READY_TO_BUY);
    expect(t.lastConfidence(1)).toBeCloseTo(0.95, 6);
    expect(t.count(1, Intent.BUDGET_CONCERN)).toBe(2);
    expect(t.hasSeen(1, Intent.PRICE_INQUIRY)).toBe(true);
    expect(t.hasSeen(1, Intent.COMPLAINT)).toBe(false);
    expect([0, 1, 2, 3].map((i) => t.intentAt(1, i))).toEqual([Intent.BUDGET_CONCERN, Intent.PRICE_INQUIRY, Intent.BUDGET_CONCERN, -1]);
    expect(t.seenMask(1)).toBe((1 << Intent.BUDGET_CONCERN) | (1 << Intent.PRICE_INQUIRY) | (1 << Intent.READY_TO_BUY));
    t.reset(1);
    expect(t.turns(1)).toBe(0);
    expect(t.seenMask(1)).toBe(0);
    expect(t.last(2)).toBe(Intent.COMPLAINT);
    expect(() => t.observe(0, 99, 1)).toThrow(RangeError);
  });
});

describe('ScriptRecommender', () => {
  const rng = source('rules');
  const rec = new ScriptRecommender(INTENTS, { minConfidence: 0.5 });
  const id = (s: number) => rec.catalog[s].id;

  it('opens with the recording notice, then follows the rules', () => {
    const t = new DialogueTracker(INTENTS, { capacity: 1 });
    expect(id(rec.recommend(t, 0, rng))).toBe('opening.recorded-line');
    t.observe(0, Intent.BUDGET_CONCERN, 0.9);
    expect(id(rec.recommend(t, 0, rng))).toBe('budget.limited-discount');
    t.observe(0, Intent.PRICE_INQUIRY, 0.8);
    expect(id(rec.recommend(t, 0, rng))).toBe('price.instalments'); // price after budget
    t.observe(0, Intent.NOT_INTERESTED, 0.9);
    expect(id(rec.recommend(t, 0, rng))).toBe('objection.reframe-value'); // they asked about price before
    t.observe(0, Intent.READY_TO_BUY, 0.3);
    expect(id(rec.recommend(t, 0, rng))).toBe('discovery.clarify'); // not sure what we heard
    expect(t.scriptsSuggested(0)).toBe(5);
    expect(id(t.scriptAt(0, 1))).toBe('budget.limited-discount');
    t.reset(0);
    t.observe(0, Intent.NOT_INTERESTED, 0.9);
    expect(id(rec.recommend(t, 0, rng))).toBe('exit.polite');
  });

  it('has a primary script for every intent, naming the intent it answers', () => {
    const t = new DialogueTracker(INTENTS, { capacity: 1 });
    INTENTS.forEach((name, i) => {
      t.reset(0);
      t.observe(0, i, 0.99);
      const s = rec.recommend(t, 0, rng);
      expect(rec.scriptIntent(s)).toBe(name);
      expect(rec.catalog[s].text.zh.length).toBeGreaterThan(5);
      expect(rec.catalog[s].text.en.length).toBeGreaterThan(5);
    });
  });

  it('assigns a fixed A/B arm once per call, in proportion to the weights', () => {
    const r = new ScriptRecommender(INTENTS, { experiments: [{ id: 'budget-ab', base: 'budget.limited-discount', arms: ['budget.limited-discount', 'budget.entry-plan'], policy: 'fixed', weights: [1, 3] }] });
    const t = new DialogueTracker(INTENTS, { capacity: 1, experiments: 1 });
    const u = source('ab');
    let entry = 0;
    for (let call = 0; call < 4000; call++) {
      t.reset(0);
      t.observe(0, Intent.BUDGET_CONCERN, 0.9);
      const first = r.recommend(t, 0, u);
      t.observe(0, Intent.BUDGET_CONCERN, 0.9);
      expect(r.recommend(t, 0, u)).toBe(first); // the call keeps its arm
      if (r.catalog[first].id === 'budget.entry-plan') entry++;
      r.finish(t, 0, call % 10 === 0 ? 1 : 0);
    }
    expect(entry / 4000).toBeGreaterThan(0.72);
    expect(entry / 4000).toBeLessThan(0.78);
    const summary = r.summary(0);
    expect(summary.map((a) => a.calls).reduce((s, x) => s + x, 0)).toBe(4000);
    expect(new FixedAllocation([1, 0, 1]).choose(0.6)).toBe(2);
  });

  it('needs a tracker with room for the experiment arms', () => {
    const r = new ScriptRecommender(INTENTS, { experiments: [{ id: 'x', base: 'budget.limited-discount', arms: ['budget.limited-discount', 'budget.entry-plan'], policy: 'thompson' }] });
    const t = new DialogueTracker(INTENTS, { capacity: 1 });
    t.observe(0, Intent.BUDGET_CONCERN, 0.9);
    expect(() => r.recommend(t, 0, source('x'))).toThrow(/experiments: 1/);
  });

  it('rejects experiments on unknown scripts or with one arm', () => {
    expect(() => new ScriptRecommender(INTENTS, { experiments: [{ id: 'x', base: 'nope', arms: ['a', 'b'], policy: 'fixed' }] })).toThrow(/no "nope"/);
    expect(() => new ScriptRecommender(INTENTS, { experiments: [{ id: 'x', base: 'budget.entry-plan', arms: ['budget.entry-plan'], policy: 'fixed' }] })).toThrow(/two arms/);
  });
});

describe('Thompson sampling', () => {
  /** A synthetic three-arm problem: conversion 8%, 12%, 20%. Returns the arms chosen. */
  function play(seed: string, rounds: number): Int8Array {
    const p = [0.08, 0.12, 0.2];
    const bandit = new ThompsonBandit(3);
    const rng = source(`${seed}:bandit`);
    const world = source(`${seed}:world`);
    const chosen = new Int8Array(rounds);
    for (let i = 0; i < rounds; i++) {
      const a = bandit.choose(rng);
      chosen[i] = a;
      bandit.update(a, world.next() < p[a] ? 1 : 0);
    }
    return chosen;
  }

  it('converges to the best arm', () => {
    const chosen = play('converge', 4000);
    const last = chosen.subarray(3000);
    const best = last.filter((a) => a === 2).length / last.length;
    expect(best).toBeGreaterThan(0.85);
  });

  it('is reproducible for a seed and different for another', () => {
    expect(Array.from(play('same', 500))).toEqual(Array.from(play('same', 500)));
    expect(Array.from(play('same', 500))).not.toEqual(Array.from(play('other', 500)));
  });

  it('draws Beta variates with the right mean', () => {
    const rng = source('beta');
    for (const [a, b] of [[2, 5], [0.5, 0.5], [30, 10]]) {
      let sum = 0;
      const n = 20000;
      for (let i = 0; i < n; i++) sum += sampleBeta(a, b, rng);
      const mean = a / (a + b);
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)) / n);
      expect(Math.abs(sum / n - mean)).toBeLessThan(5 * sd);
    }
  });

  it('updates its posterior through the recommender at the end of each call', () => {
    const r = new ScriptRecommender(INTENTS, { experiments: [{ id: 'budget-ts', base: 'budget.limited-discount', arms: ['budget.limited-discount', 'budget.entry-plan'], policy: 'thompson' }] });
    const t = new DialogueTracker(INTENTS, { capacity: 1, experiments: 1 });
    const u = source('ts');
    const world = source('ts-world');
    for (let call = 0; call < 3000; call++) {
      t.reset(0);
      t.observe(0, Intent.BUDGET_CONCERN, 0.9);
      const s = r.recommend(t, 0, u);
      const p = r.catalog[s].id === 'budget.entry-plan' ? 0.25 : 0.1;
      r.finish(t, 0, world.next() < p ? 1 : 0);
    }
    const [discount, entry] = r.summary(0);
    expect(entry.calls).toBeGreaterThan(discount.calls * 3);
    expect(entry.rate!).toBeGreaterThan(0.2);
  });
});

describe('ComplianceChecker', () => {
  const check = new ComplianceChecker();
  const idx = (id: string) => DEFAULT_SCRIPTS.findIndex((s) => s.id === id);

  it('flags forbidden phrases in either language, whatever the case', () => {
    expect(check.checkTexts(['本次通话可能会被录音。这款理财稳赚不赔!']).forbidden).toEqual(['稳赚不赔']);
    const r = check.checkTexts(['This call may be recorded. It is RISK-FREE and your last chance.']);
    expect(r.compliant).toBe(false);
    expect(r.forbidden).toEqual(['risk-free', 'last chance']);
  });

  it('requires the recording notice always, and the disclosures of the content offered', () => {
    expect(check.checkTexts(['Hello there.']).missing).toEqual(['recording']);
    expect(check.checkTexts(['This call may be recorded.', 'Great, I will set that up now.'], ['close'])).toMatchObject({ compliant: false, missing: ['cooling-off'] });
    expect(check.checkTexts(['本次通话可能会被录音。', '您享有十四天冷静期。'], ['close']).compliant).toBe(true);
  });

  it('checks calls made of catalogue scripts with precomputed masks', () => {
    const opening = idx('opening.recorded-line');
    const good = Int32Array.from([opening, idx('budget.limited-discount'), idx('close.confirm-order'), idx('terms.explain')]);
    for (const lang of ['zh', 'en'] as const) {
      expect(check.checkScripts(good, good.length, lang)).toBe(true);
      expect(check.checkScripts(good, 0, lang)).toBe(false); // nothing said: no recording notice
      expect(check.checkScripts(Int32Array.from([idx('budget.limited-discount')]), 1, lang)).toBe(false);
      expect(check.checkScripts(Int32Array.from([opening, idx('budget.pressure-close')]), 2, lang)).toBe(false);
    }
    const t = new DialogueTracker(INTENTS, { capacity: 1 });
    const rec = new ScriptRecommender(INTENTS);
    const rng = source('c');
    rec.recommend(t, 0, rng);
    t.observe(0, Intent.READY_TO_BUY, 0.9);
    rec.recommend(t, 0, rng);
    expect(check.checkTracked(t, 0, 'en')).toBe(true);
  });

  it('finds every catalogue script compliant except the one built to break the rules', () => {
    const opening = idx('opening.recorded-line');
    DEFAULT_SCRIPTS.forEach((s, i) => {
      const ok = check.checkScripts(Int32Array.from([opening, i]), 2, 'zh') && check.checkScripts(Int32Array.from([opening, i]), 2, 'en');
      expect([s.id, ok]).toEqual([s.id, s.id !== 'budget.pressure-close']);
    });
  });
});
