import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INTENTS, INTENT_COUNT, Intent, LANGUAGES } from '../../../sim/conversation/intents.ts';
import { compileTemplate, compilePool, countVariants, DrawCursor, expandSequence } from '../../../sim/conversation/template.ts';
import { allTemplates, buildCorpus, MAX_TURNS, utteranceEntity, UtteranceGenerator } from '../../../sim/conversation/utterances.ts';
import { KeyedStream } from '../../../sim/random/stream.ts';

const stream = new KeyedStream(11, 0, 'utterance');

describe('templates', () => {
  it('has twelve templates per intent and language, three of them held out, with unique ids', () => {
    const ts = allTemplates();
    expect(ts.length).toBe(INTENT_COUNT * LANGUAGES.length * 12);
    expect(new Set(ts.map((t) => t.id)).size).toBe(ts.length);
    for (const lang of LANGUAGES) {
      for (let i = 0; i < INTENT_COUNT; i++) {
        const mine = ts.filter((t) => t.lang === lang && t.intent === i);
        expect(mine.length).toBe(12);
        expect(mine.filter((t) => t.heldOut).map((t) => t.id.slice(-2))).toEqual(['03', '07', '11']);
      }
    }
  });

  it('parses alternatives, optional parts, slots, clauses and the question mark', () => {
    const slots = new Map([['who', compilePool(['Ann', 'Bo'])]]);
    const c = compileTemplate('(hi|hello) {who}(, there|) / (bye|)?', slots);
    expect(c.question).toBe(true);
    expect(c.clauses.length).toBe(2);
    expect(countVariants(c.clauses[0])).toBe(2 * 2 * 2);
    const d = new DrawCursor();
    const seen = new Set<string>();
    for (let e = 0; e < 200; e++) {
      d.reset(stream, e);
      seen.add(expandSequence(c.clauses[0], d));
    }
    expect(seen).toEqual(new Set(['hi Ann', 'hi Ann, there', 'hi Bo', 'hi Bo, there', 'hello Ann', 'hello Ann, there', 'hello Bo', 'hello Bo, there']));
    expect(() => compileTemplate('{nope}', slots)).toThrow(/unknown slot/);
    expect(() => compileTemplate('(a|b', slots)).toThrow(/unclosed/);
  });
});

describe('UtteranceGenerator', () => {
  const gen = new UtteranceGenerator('all');

  it('is a pure function of (stream, entity): any order, any generator instance', () => {
    const order = Array.from({ length: 300 }, (_, i) => i);
    const forward = order.map((e) => gen.generate(stream, e, e % INTENT_COUNT, LANGUAGES[e & 1]));
    const other = new UtteranceGenerator('all');
    const backward = [...order].reverse().map((e) => other.generate(stream, e, e % INTENT_COUNT, LANGUAGES[e & 1])).reverse();
    expect(backward).toEqual(forward);
    expect(new Set(forward).size).toBeGreaterThan(280);
  });

  it('generate() picks a template with draw 0 and fills it as fromTemplate() does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: INTENT_COUNT - 1 }), fc.constantFrom(...LANGUAGES), (e, intent, lang) => {
        const text = gen.generate(stream, e, intent, lang);
        const t = gen.lastTemplate;
        expect(gen.templates[t].intent).toBe(intent);
        expect(gen.templates[t].lang).toBe(lang);
        expect(gen.fromTemplate(stream, e, t)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the training and held-out splits apart', () => {
    const train = new UtteranceGenerator('train');
    const held = new UtteranceGenerator('heldout');
    for (let e = 0; e < 500; e++) {
      train.generate(stream, e, e % INTENT_COUNT, 'zh');
      expect(train.templates[train.lastTemplate].heldOut).toBe(false);
      held.generate(stream, e, e % INTENT_COUNT, 'en');
      expect(held.templates[held.lastTemplate].heldOut).toBe(true);
    }
  });

  it('varies enough that memorising sentences does not work: most utterances of an intent are distinct', () => {
    for (const lang of LANGUAGES) {
      const texts = Array.from({ length: 2000 }, (_, e) => gen.generate(stream, e, Intent.BUDGET_CONCERN, lang));
      expect(new Set(texts).size / texts.length).toBeGreaterThan(0.8);
    }
  });

  it('writes clean text: Chinese without spaces, English without doubled spaces or space before punctuation', () => {
    for (let e = 0; e < 2000; e++) {
      const zh = gen.generate(stream, e, e % INTENT_COUNT, 'zh');
      expect(zh).not.toMatch(/ /);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      const en = gen.generate(stream, e, e % INTENT_COUNT, 'en');
      expect(en).not.toMatch(/ {2}| [,?.!]|^ | $/);
    }
  });

  it('numbers turns within calls', () => {
    expect(utteranceEntity(0, 0)).toBe(0);
    expect(utteranceEntity(3, 2)).toBe(3 * MAX_TURNS + 2);
    expect(() => utteranceEntity(1, MAX_TURNS)).toThrow(RangeError);
    expect(() => utteranceEntity(2 ** 28, 0)).toThrow(RangeError);
  });
});

describe('buildCorpus', () => {
  it('represents every template of the split equally, with labels matching intents', () => {
    const c = buildCorpus({ seed: 3, split: 'heldout', perTemplate: 5 });
    const held = allTemplates().filter((t) => t.heldOut).length;
    expect(c.texts.length).toBe(held * 5);
    const perTemplate = new Map<number, number>();
    for (let i = 0; i < c.texts.length; i++) {
      perTemplate.set(c.templates[i], (perTemplate.get(c.templates[i]) ?? 0) + 1);
      expect(c.labels[i]).toBe(INTENTS[c.intents[i]]);
      expect(allTemplates()[c.templates[i]].heldOut).toBe(true);
    }
    expect([...perTemplate.values()].every((n) => n === 5)).toBe(true);
    expect(buildCorpus({ seed: 3, split: 'heldout', perTemplate: 5 }).texts).toEqual(c.texts);
    expect(buildCorpus({ seed: 4, split: 'heldout', perTemplate: 5 }).texts).not.toEqual(c.texts);
  });
});
