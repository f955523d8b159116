/**
 * Speech-recognition noise: what the engine hears instead of what the customer said. A token error
 * rate p applies to characters in Chinese (punctuation and spaces excluded, as character error
 * rates are usually quoted) and to words in English. Each token is in error with probability p;
 * an error is a substitution (a sound-alike from asr-confusions.ts), a deletion, or an insertion of
 * a filler after the token, in configurable shares. The expected (S + D + I) / N is therefore p.
 *
 * Draws are keyed by (utterance entity, 4 × token position + k): whether the token is in error,
 * which kind, which replacement, a detail of the replacement. The error decision is `u < p` on its
 * own draw, so raising p only adds errors: the tokens wrong at 10% are wrong, the same way, at 20%
 * (paired comparisons across ASR qualities stay tight).
 */
import type { KeyedStream } from '../random/stream.ts';
import type { Language } from './intents.ts';
import { EN_COMMON, EN_INSERTIONS, enSoundalikes, ZH_INSERTIONS, zhConfusions, zhPool } from './asr-confusions.ts';

export interface AsrNoiseOptions {
  /** Token error rate in [0, 1): characters for Chinese, words for English. */
  errorRate: number;
  /** Shares of the error kinds (normalised; defaults 0.6 / 0.2 / 0.2, substitutions dominating as in real ASR). */
  substitution?: number;
  deletion?: number;
  insertion?: number;
}

const DRAWS_PER_TOKEN = 4;

/** Bumped when the noise model or its confusion tables change (cached models trained with noise notice). */
export const ASR_NOISE_VERSION = 1;

export class AsrNoise {
  readonly errorRate: number;
  private readonly subCut: number;
  private readonly delCut: number;
  private readonly zh = zhConfusions();
  private readonly pool = zhPool();

  constructor(o: AsrNoiseOptions) {
    if (!(o.errorRate >= 0 && o.errorRate < 1)) throw new RangeError(`errorRate must be in [0, 1), got ${o.errorRate}`);
    const s = o.substitution ?? 0.6;
    const d = o.deletion ?? 0.2;
    const i = o.insertion ?? 0.2;
    const total = s + d + i;
    if (!(s >= 0 && d >= 0 && i >= 0 && total > 0)) throw new RangeError('error kind shares must be >= 0 and not all 0');
    this.errorRate = o.errorRate;
    this.subCut = s / total;
    this.delCut = (s + d) / total;
  }

  /** The recognised text of `text` (said in `lang`), for the utterance `entity`. */
  apply(text: string, lang: Language, stream: KeyedStream, entity: number): string {
    if (this.errorRate === 0) return text;
    return lang === 'zh' ? this.applyChinese(text, stream, entity) : this.applyEnglish(text, stream, entity);
  }

  private applyChinese(text: string, stream: KeyedStream, entity: number): string {
    const p = this.errorRate;
    let out = '';
    let pos = 0;
    for (const ch of text) {
      if (!isChineseToken(ch)) {
        out += ch;
        continue;
      }
      const base = pos++ * DRAWS_PER_TOKEN;
      if (stream.uniform(entity, base) >= p) {
        out += ch;
        continue;
      }
      const kind = stream.uniform(entity, base + 1);
      const c = stream.uniform(entity, base + 2);
      if (kind < this.subCut) {
        const alike = this.zh.get(ch);
        // Mostly a sound-alike; a character with none becomes any confusable character.
        out += alike ? alike[(c * alike.length) | 0] : this.pool[(c * this.pool.length) | 0];
      } else if (kind >= this.delCut) {
        out += ch + ZH_INSERTIONS[(c * ZH_INSERTIONS.length) | 0];
      }
      // else: deleted
    }
    return out;
  }

  private applyEnglish(text: string, stream: KeyedStream, entity: number): string {
    const p = this.errorRate;
    const words = text.split(' ');
    let out = '';
    let pos = 0;
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      if (word === '') continue;
      const base = pos++ * DRAWS_PER_TOKEN;
      let said = word;
      if (stream.uniform(entity, base) < p) {
        const kind = stream.uniform(entity, base + 1);
        const c = stream.uniform(entity, base + 2);
        if (kind < this.subCut) said = substituteWord(word, c, stream.uniform(entity, base + 3));
        else if (kind < this.delCut) said = '';
        else said = `${word} ${EN_INSERTIONS[(c * EN_INSERTIONS.length) | 0]}`;
      }
      if (said !== '') out = out === '' ? said : `${out} ${said}`;
    }
    return out;
  }
}

/** A character that counts as a token: not punctuation, not space. */
function isChineseToken(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c <= 0x7f) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  // CJK punctuation and full-width forms of punctuation are not tokens.
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xff00 && c <= 0xff20) return false;
  return true;
}

/** A sound-alike, else a mangled spelling or a common word; trailing punctuation kept. */
function substituteWord(word: string, c: number, detail: number): string {
  let end = word.length;
  while (end > 0 && ',.!?;:'.includes(word[end - 1])) end--;
  const core = word.slice(0, end);
  const tail = word.slice(end);
  const lower = core.toLowerCase();
  const alike = enSoundalikes(lower);
  if (alike) return alike[(c * alike.length) | 0] + tail;
  if (c < 0.5 && lower.length >= 3) return mangle(lower, detail) + tail;
  return EN_COMMON[(detail * EN_COMMON.length) | 0] + tail;
}

const VOWELS = 'aeiou';

/** A misheard spelling: a vowel changed, a letter dropped, or a letter doubled (never the first letter). */
function mangle(word: string, u: number): string {
  const mode = (u * 3) | 0;
  const i = 1 + (((u * 3 - mode) * (word.length - 1)) | 0);
  if (mode === 0) {
    for (let k = 0; k < word.length - 1; k++) {
      const j = 1 + ((i - 1 + k) % (word.length - 1));
      const v = VOWELS.indexOf(word[j]);
      if (v >= 0) return word.slice(0, j) + VOWELS[(v + 1 + (i % 4)) % 5] + word.slice(j + 1);
    }
  }
  if (mode === 2) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word.slice(i + 1);
}

/** The language of a text by its script: any CJK ideograph makes it Chinese (for user-supplied data). */
export function detectLanguage(text: string): Language {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && c <= 0x9fff) return 'zh';
  }
  return 'en';
}
