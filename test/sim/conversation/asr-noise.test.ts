import { describe, expect, it } from 'vitest';
import { AsrNoise, detectLanguage } from '../../../sim/conversation/asr-noise.ts';
import { zhConfusions } from '../../../sim/conversation/asr-confusions.ts';
import { buildCorpus } from '../../../sim/conversation/utterances.ts';
import { KeyedStream } from '../../../sim/random/stream.ts';
import type { Language } from '../../../sim/conversation/intents.ts';

const corpus = buildCorpus({ seed: 2, split: 'all', perTemplate: 6 });
const stream = new KeyedStream(9, 0, 'asr');

/** Tokens as the error rate counts them: Chinese characters (no punctuation), English words. */
function tokens(text: string, lang: Language): string[] {
  return lang === 'zh' ? Array.from(text).filter((c) => !/[\s,。?!、,.?!]/.test(c)) : text.split(' ').filter((w) => w !== '');
}

function editDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function measuredRate(rate: number, lang: Language): number {
  const noise = new AsrNoise({ errorRate: rate });
  let errors = 0;
  let n = 0;
  corpus.texts.forEach((t, row) => {
    if (corpus.langs[row] !== lang) return;
    const ref = tokens(t, lang);
    errors += editDistance(ref, tokens(noise.apply(t, lang, stream, row), lang));
    n += ref.length;
  });
  return errors / n;
}

describe('AsrNoise', () => {
  it('leaves the text alone at error rate 0', () => {
    const noise = new AsrNoise({ errorRate: 0 });
    corpus.texts.slice(0, 200).forEach((t, row) => expect(noise.apply(t, corpus.langs[row], stream, row)).toBe(t));
  });

  it('is keyed by the utterance: the same entity gives the same errors in any order', () => {
    const noise = new AsrNoise({ errorRate: 0.2 });
    const rows = Array.from({ length: 300 }, (_, i) => i);
    const a = rows.map((r) => noise.apply(corpus.texts[r], corpus.langs[r], stream, r));
    const b = [...rows].reverse().map((r) => new AsrNoise({ errorRate: 0.2 }).apply(corpus.texts[r], corpus.langs[r], stream, r)).reverse();
    expect(b).toEqual(a);
    expect(a.filter((t, r) => t !== corpus.texts[r]).length).toBeGreaterThan(200);
  });

  it('has a token error rate close to the configured one (characters for Chinese, words for English)', () => {
    // Edit distance can undercount (a deletion next to an insertion reads as one substitution), never overcount.
    for (const lang of ['zh', 'en'] as const) {
      for (const rate of [0.1, 0.3]) {
        const m = measuredRate(rate, lang);
        expect(m).toBeGreaterThan(rate * 0.85);
        expect(m).toBeLessThan(rate * 1.08);
      }
    }
  });

  it('nests errors across rates: text untouched at a higher rate is untouched at a lower one', () => {
    const low = new AsrNoise({ errorRate: 0.1 });
    const high = new AsrNoise({ errorRate: 0.3 });
    let untouched = 0;
    corpus.texts.forEach((t, r) => {
      if (high.apply(t, corpus.langs[r], stream, r) === t) {
        untouched++;
        expect(low.apply(t, corpus.langs[r], stream, r)).toBe(t);
      }
    });
    expect(untouched).toBeGreaterThan(10);
  });

  it('substitutes Chinese characters with sound-alikes, and keeps punctuation', () => {
    const noise = new AsrNoise({ errorRate: 0.999, substitution: 1, deletion: 0, insertion: 0 });
    const table = zhConfusions();
    const text = '预算不够,太贵了。';
    const out = noise.apply(text, 'zh', stream, 1);
    expect(out.length).toBe(text.length);
    expect(out[4]).toBe(',');
    expect(out[8]).toBe('。');
    for (const i of [0, 1, 2, 3, 5, 6, 7]) expect(table.get(text[i])).toContain(out[i]);
  });

  it('substitutes English words with similar words and keeps trailing punctuation', () => {
    const noise = new AsrNoise({ errorRate: 0.999, substitution: 1, deletion: 0, insertion: 0 });
    const out = noise.apply('budget, price?', 'en', stream, 2).split(' ');
    expect(['budge,', 'bucket,', 'gadget,']).toContain(out[0]);
    expect(['prize?', 'prices?', 'rice?']).toContain(out[1]);
  });

  it('validates its options and tells languages apart by script', () => {
    expect(() => new AsrNoise({ errorRate: 1 })).toThrow(RangeError);
    expect(() => new AsrNoise({ errorRate: 0.1, substitution: 0, deletion: 0, insertion: 0 })).toThrow(RangeError);
    expect(detectLanguage('预算 budget')).toBe('zh');
    expect(detectLanguage('budget is tight')).toBe('en');
  });
});
