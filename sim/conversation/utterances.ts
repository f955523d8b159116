/**
 * Customer utterances: what a customer with a given true intent says, in Chinese or English.
 * An utterance is a pure function of (stream, entity): draw 0 picks the template, the rest fill it
 * (paraphrase alternatives, slot values, clause order, hesitation, politeness prefix and suffix,
 * final punctuation, capitalisation). Use `utteranceEntity(call, turn)` as the entity so any
 * customer turn can be regenerated alone, in any order, and policies never shift the words a
 * customer says.
 */
import { KeyedStream } from '../random/stream.ts';
import { INTENTS, INTENT_COUNT, LANGUAGES, type Language } from './intents.ts';
import { compilePool, compileTemplate, DrawCursor, expandSequence, type ChoiceNode, type CompiledClauses, type LanguagePack } from './template.ts';
import { EN } from './templates-en.ts';
import { ZH } from './templates-zh.ts';

/** Which templates to draw from: every one (the world), the training frames, or the held-out ones. */
export type TemplateSplit = 'all' | 'train' | 'heldout';

/** Turns per call the entity numbering leaves room for. */
export const MAX_TURNS = 16;

/** The keyed-draw entity of a call's turn (also used by the ASR noise of that turn). */
export function utteranceEntity(call: number, turn: number): number {
  if (turn < 0 || turn >= MAX_TURNS) throw new RangeError(`turn must be in 0..${MAX_TURNS - 1}, got ${turn}`);
  const e = call * MAX_TURNS + turn;
  if (!(e >= 0 && e <= 0x7fffffff)) throw new RangeError(`call ${call} is beyond the utterance entity range`);
  return e;
}

export interface TemplateInfo {
  /** Stable id, e.g. "zh.BUDGET_CONCERN.07". */
  readonly id: string;
  readonly intent: number;
  readonly lang: Language;
  readonly heldOut: boolean;
  readonly clauses: CompiledClauses;
}

interface CompiledPack {
  readonly pack: LanguagePack;
  readonly prefixes: ChoiceNode;
  readonly suffixes: ChoiceNode;
}

const PACKS: Record<Language, LanguagePack> = { zh: ZH, en: EN };

/** Share of multi-clause utterances said in another clause order. */
const REORDER_P = 0.3;
/** Share of utterances with a hesitation ("呃", "um") between clauses or after the opener. */
const HESITATION_P = 0.2;
/** Share of English utterances starting with a capital (ASR output and typing vary). */
const CAPITALISE_P = 0.6;

let compiled: { templates: TemplateInfo[]; packs: Record<Language, CompiledPack> } | null = null;

/** All templates of both languages, compiled once per process. */
export function allTemplates(): readonly TemplateInfo[] {
  return compileAll().templates;
}

function compileAll(): { templates: TemplateInfo[]; packs: Record<Language, CompiledPack> } {
  if (compiled) return compiled;
  const templates: TemplateInfo[] = [];
  const packs = {} as Record<Language, CompiledPack>;
  for (const lang of LANGUAGES) {
    const pack = PACKS[lang];
    const slots = new Map<string, ChoiceNode>();
    for (const [name, values] of Object.entries(pack.slots)) slots.set(name, compilePool(values));
    packs[lang] = { pack, prefixes: compilePool(pack.prefixes), suffixes: compilePool(pack.suffixes) };
    for (let intent = 0; intent < INTENT_COUNT; intent++) {
      const list = pack.templates[INTENTS[intent]];
      if (!list || list.length < 4) throw new Error(`${lang}: intent ${INTENTS[intent]} needs at least 4 templates`);
      list.forEach((source, k) => {
        templates.push({
          id: `${lang}.${INTENTS[intent]}.${String(k).padStart(2, '0')}`,
          intent,
          lang,
          heldOut: k % 4 === 3,
          clauses: compileTemplate(source, slots),
        });
      });
    }
  }
  compiled = { templates, packs };
  return compiled;
}

export class UtteranceGenerator {
  readonly split: TemplateSplit;
  readonly templates: readonly TemplateInfo[];
  /** The template index the last `generate` used (no allocation for callers who want it). */
  lastTemplate = -1;
  /** Template indices in the split, per (language, intent): [lang * INTENT_COUNT + intent]. */
  private readonly choices: Int32Array[];
  private readonly packs: Record<Language, CompiledPack>;
  private readonly draws = new DrawCursor();
  private readonly parts: string[] = [];

  constructor(split: TemplateSplit = 'all') {
    const all = compileAll();
    this.split = split;
    this.templates = all.templates;
    this.packs = all.packs;
    this.choices = [];
    for (const lang of LANGUAGES) {
      for (let intent = 0; intent < INTENT_COUNT; intent++) {
        const ids: number[] = [];
        all.templates.forEach((t, i) => {
          if (t.lang === lang && t.intent === intent && (split === 'all' || (split === 'heldout') === t.heldOut)) ids.push(i);
        });
        this.choices.push(Int32Array.from(ids));
      }
    }
  }

  /** Templates in this generator's split (indices into `templates`). */
  templatesInSplit(): number[] {
    return this.choices.flatMap((c) => Array.from(c));
  }

  /** What a customer with true `intent` says, speaking `lang`: a pure function of (stream, entity). */
  generate(stream: KeyedStream, entity: number, intent: number, lang: Language): string {
    const ids = this.choices[(lang === 'zh' ? 0 : 1) * INTENT_COUNT + intent];
    if (ids === undefined) throw new RangeError(`unknown intent ${intent}`);
    const t = ids[(stream.uniform(entity, 0) * ids.length) | 0];
    return this.fromTemplate(stream, entity, t);
  }

  /** An utterance from a given template (draws from index 1, as `generate` uses them). */
  fromTemplate(stream: KeyedStream, entity: number, template: number): string {
    const t = this.templates[template];
    const { pack, prefixes, suffixes } = this.packs[t.lang];
    const d = this.draws;
    d.reset(stream, entity, 1);
    this.lastTemplate = template;
    const parts = this.parts;
    const clauses = t.clauses.clauses;
    const n = clauses.length;
    parts.length = n;
    for (let i = 0; i < n; i++) parts[i] = expandSequence(clauses[i], d);
    if (n > 1 && d.uniform() < REORDER_P) {
      // Two clauses swap; three or more rotate by one (the last thought said first).
      const last = parts[n - 1];
      for (let i = n - 1; i > 0; i--) parts[i] = parts[i - 1];
      parts[0] = last;
    }
    const hesitate = d.uniform() < HESITATION_P;
    const hesitation = pack.hesitations[d.pick(pack.hesitations.length)];
    const at = d.pick(n);
    const prefix = expandSequence(prefixes.options[d.pick(prefixes.options.length)], d);
    const suffix = expandSequence(suffixes.options[d.pick(suffixes.options.length)], d);
    const ends = t.clauses.question ? pack.questionEnd : pack.statementEnd;
    const end = ends[d.pick(ends.length)];
    const capitalise = d.uniform() < CAPITALISE_P;

    let s = prefix === '' ? '' : prefix + pack.wordSeparator;
    if (hesitate && at === 0) s += hesitation + pack.clauseJoiner;
    for (let i = 0; i < n; i++) {
      if (i > 0) s += pack.clauseJoiner + (hesitate && at === i ? hesitation + pack.clauseJoiner : '');
      s += parts[i];
    }
    // A question keeps its mark on the question ("多少钱?谢谢", "any fees? thanks"); a statement ends after the suffix.
    if (t.clauses.question) s += end + (suffix === '' ? '' : pack.wordSeparator + suffix);
    else s += (suffix === '' ? '' : pack.clauseJoiner + suffix) + end;
    if (t.lang === 'en') {
      s = tidyEnglish(s);
      if (capitalise) s = s.charAt(0).toUpperCase() + s.slice(1);
    }
    return s;
  }
}

/** Collapses the spaces empty alternatives leave and puts punctuation back against its word. */
function tidyEnglish(s: string): string {
  return s.replace(/ {2,}/g, ' ').replace(/ ([,?.!])/g, '$1').replace(/,,/g, ',').trim();
}

/** A labelled synthetic corpus: parallel arrays, one row per utterance. */
export interface SyntheticCorpus {
  readonly texts: string[];
  /** Intent names (the labels the engine learns). */
  readonly labels: string[];
  readonly intents: Int32Array;
  readonly langs: Language[];
  readonly templates: Int32Array;
}

export interface CorpusOptions {
  seed: number;
  split: TemplateSplit;
  /** Utterances per template (each template equally represented). */
  perTemplate: number;
  languages?: readonly Language[];
}

/**
 * `perTemplate` utterances from every template of the split, entity = row number, on a stream
 * named after the split so training and evaluation corpora never share draws.
 */
export function buildCorpus(o: CorpusOptions): SyntheticCorpus {
  const stream = new KeyedStream(o.seed, 0, `utterance-corpus:${o.split}`);
  const gen = new UtteranceGenerator(o.split);
  const langs = new Set(o.languages ?? LANGUAGES);
  const ids = gen.templatesInSplit().filter((t) => langs.has(gen.templates[t].lang));
  const n = ids.length * o.perTemplate;
  const texts: string[] = new Array(n);
  const labels: string[] = new Array(n);
  const rowLangs: Language[] = new Array(n);
  const intents = new Int32Array(n);
  const templates = new Int32Array(n);
  let row = 0;
  for (let k = 0; k < o.perTemplate; k++) {
    for (const t of ids) {
      const info = gen.templates[t];
      texts[row] = gen.fromTemplate(stream, row, t);
      labels[row] = INTENTS[info.intent];
      intents[row] = info.intent;
      rowLangs[row] = info.lang;
      templates[row] = t;
      row++;
    }
  }
  return { texts, labels, intents, langs: rowLangs, templates };
}
