/**
 * A small template language for utterances, compiled once and expanded with keyed draws.
 *
 *   (a|b|c)   one of the alternatives (paraphrases); (a|) makes `a` optional; groups nest
 *   {slot}    a value from the language's slot pool (products, amounts, times, brands, ...)
 *   A / B     clauses the generator may say in either order (word-order variants)
 *   ...?      a trailing question mark: the utterance is a question, whatever the clause order
 *
 * Expansion consumes one uniform per choice from a cursor over (stream, entity, index), so an
 * utterance is a pure function of its keyed draws and can be regenerated alone, in any order.
 */
import type { KeyedStream } from '../random/stream.ts';

/** A literal, a choice among sequences, or a slot reference (resolved at compile time to its pool). */
export type TemplateNode = string | ChoiceNode;

export interface ChoiceNode {
  readonly options: readonly (readonly TemplateNode[])[];
}

export interface CompiledClauses {
  readonly clauses: readonly (readonly TemplateNode[])[];
  readonly question: boolean;
}

/** Draws for one utterance: uniforms keyed by (entity, index), index counting up from `start`. */
export class DrawCursor {
  stream: KeyedStream | null = null;
  entity = 0;
  index = 0;

  reset(stream: KeyedStream, entity: number, start = 0): void {
    this.stream = stream;
    this.entity = entity;
    this.index = start;
  }

  uniform(): number {
    return this.stream!.uniform(this.entity, this.index++);
  }

  /** A uniform integer in 0..n-1. */
  pick(n: number): number {
    return (this.uniform() * n) | 0;
  }
}

/**
 * Compiles a template against slot pools (already compiled, so slot values may hold alternatives
 * too). Throws on an unknown slot or unbalanced brackets: templates are code and fail loudly.
 */
export function compileTemplate(source: string, slots: ReadonlyMap<string, ChoiceNode>): CompiledClauses {
  let text = source.trim();
  const question = text.endsWith('?');
  if (question) text = text.slice(0, -1).trimEnd();
  const clauses = splitTopLevel(text, ' / ').map((c) => parseSequence(c, slots, source));
  return { clauses, question };
}

/** Compiles a pool of values into one choice node. */
export function compilePool(values: readonly string[], slots: ReadonlyMap<string, ChoiceNode> = new Map()): ChoiceNode {
  return { options: values.map((v) => parseSequence(v, slots, v)) };
}

function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseSequence(text: string, slots: ReadonlyMap<string, ChoiceNode>, source: string): TemplateNode[] {
  const pos = { i: 0 };
  const seq = parseUntil(text, pos, slots, source, false);
  if (pos.i < text.length) throw new Error(`template "${source}": unexpected "${text[pos.i]}" at ${pos.i}`);
  return seq;
}

/** Parses a sequence up to `|` or `)` (inside a group) or the end; adjacent literals are merged. */
function parseUntil(text: string, pos: { i: number }, slots: ReadonlyMap<string, ChoiceNode>, source: string, inGroup: boolean): TemplateNode[] {
  const out: TemplateNode[] = [];
  let lit = '';
  const flush = () => {
    if (lit !== '') out.push(lit);
    lit = '';
  };
  while (pos.i < text.length) {
    const c = text[pos.i];
    if (c === '|' || c === ')') {
      if (!inGroup) throw new Error(`template "${source}": "${c}" outside a group`);
      break;
    }
    if (c === '(') {
      pos.i++;
      const options: TemplateNode[][] = [parseUntil(text, pos, slots, source, true)];
      while (text[pos.i] === '|') {
        pos.i++;
        options.push(parseUntil(text, pos, slots, source, true));
      }
      if (text[pos.i] !== ')') throw new Error(`template "${source}": unclosed "("`);
      pos.i++;
      flush();
      // A group with a single option is just grouping: inline it.
      if (options.length === 1) out.push(...options[0]);
      else out.push({ options });
    } else if (c === '{') {
      const end = text.indexOf('}', pos.i);
      if (end < 0) throw new Error(`template "${source}": unclosed "{"`);
      const name = text.slice(pos.i + 1, end);
      const pool = slots.get(name);
      if (!pool) throw new Error(`template "${source}": unknown slot {${name}}`);
      flush();
      out.push(pool);
      pos.i = end + 1;
    } else {
      lit += c;
      pos.i++;
    }
  }
  flush();
  return out;
}

/** Expands a sequence, drawing one uniform per choice. */
export function expandSequence(seq: readonly TemplateNode[], draws: DrawCursor): string {
  let s = '';
  for (let i = 0; i < seq.length; i++) {
    const node = seq[i];
    if (typeof node === 'string') s += node;
    else s += expandSequence(node.options[draws.pick(node.options.length)], draws);
  }
  return s;
}

/** Number of distinct strings a sequence can produce (an upper bound when alternatives coincide). */
export function countVariants(seq: readonly TemplateNode[]): number {
  let n = 1;
  for (const node of seq) {
    if (typeof node === 'string') continue;
    let m = 0;
    for (const o of node.options) m += countVariants(o);
    n *= m;
  }
  return n;
}

/** Everything the generator needs for one language (the data lives in templates-zh.ts, templates-en.ts). */
export interface LanguagePack {
  /** Between clauses, and around a hesitation. */
  readonly clauseJoiner: string;
  /** Between a prefix or suffix and the utterance ('' for Chinese, ' ' for English). */
  readonly wordSeparator: string;
  readonly statementEnd: readonly string[];
  readonly questionEnd: readonly string[];
  readonly slots: { readonly [name: string]: readonly string[] };
  /** Politeness and discourse openers ("" entries make them optional). */
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
  readonly hesitations: readonly string[];
  /** Twelve templates per intent; index % 4 === 3 is held out of training. */
  readonly templates: { readonly [intent: string]: readonly string[] };
}
