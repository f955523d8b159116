// Reading scenario files: YAML or JSON, `extends` chains with deep merge, `--set` overrides, validation against
// `scenarioSpec`, and one-line error messages that point at the file (and line) that contributed the bad field.
//
// No console output and no process.exit here: failures throw `ScenarioError`, whose message the CLI prints as is.

import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import * as nodePath from 'node:path';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parse as parseYaml, parseDocument } from 'yaml';
import type { Node as YamlNode, Document as YamlDocument } from 'yaml';
import type { z } from 'zod';
import { canonicalJson } from '../engine/canonical-json.ts';
import { scenarioSpec, type Scenario } from './schema.ts';

// ---------------------------------------------------------------------------------------------------------------
// Public types

export interface ScenarioOverrides {
  /** Replaces `seed` (applied after `set`). */
  seed?: number;
  /** Replaces `replications` (applied after `set`). */
  replications?: number;
  /** `"dotted.path=value"` assignments; the value is parsed as YAML; array indices are numbers (`agents.0.count=90`). */
  set?: string[];
}

export interface LoadedScenario {
  /** The validated scenario, defaults applied, overrides included. */
  scenario: Scenario;
  /** The path as passed to `loadScenario`. */
  path: string;
  /** The extends chain: the loaded file first, then its base, the base's base, ... (paths relative like `path`). */
  files: string[];
  /** sha256 (hex) of the canonical JSON (sorted keys) of `scenario`. */
  hash: string;
}

type PathSegment = string | number;

/** A scenario that cannot be loaded. `message` is one line: `<file>[:<line>]: <field>: expected <what>, found <what>`. */
export class ScenarioError extends Error {
  /** The file that contributed the offending field (or `--set ...`, `--seed`, `--replications`, or the source name). */
  readonly file: string;
  /** 1-based line in `file`, when known. */
  readonly line: number | undefined;
  /** 1-based column in `file`, for syntax errors. */
  readonly column: number | undefined;
  /** Field path such as `inbound.handleTime.mean` or `agents[1].count`; "" when the problem is the file itself. */
  readonly path: string;
  /** What was expected ("a number > 0", "one of group, count, shift, breaks"). */
  readonly expected: string;
  /** What was there instead (a compact rendering of the value, or a description such as "nothing"). */
  readonly found: string;
  /** How many further problems validation found (not included in detail). */
  readonly moreProblems: number;

  constructor(init: {
    file: string;
    line?: number;
    column?: number;
    path?: string;
    expected: string;
    found: string;
    unknownField?: boolean;
    moreProblems?: number;
  }) {
    const where = init.file + (init.line !== undefined ? `:${init.line}` : '') + (init.column !== undefined ? `:${init.column}` : '');
    const field = init.path ? `${init.path}: ` : '';
    const what = init.unknownField
      ? `unknown field (expected ${init.expected})`
      : `expected ${init.expected}, found ${init.found}`;
    const more = init.moreProblems
      ? ` (and ${init.moreProblems} more problem${init.moreProblems === 1 ? '' : 's'})`
      : '';
    super(oneLine(`${where}: ${field}${what}${more}`));
    this.name = 'ScenarioError';
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.path = init.path ?? '';
    this.expected = init.expected;
    this.found = init.found;
    this.moreProblems = init.moreProblems ?? 0;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Public functions

/**
 * Load, merge (`extends`), override and validate a scenario file (`.yaml`, `.yml` or `.json`).
 * Overrides are applied after merging and before validation: first `set` (in order), then `seed` and `replications`.
 * Throws `ScenarioError` for every problem (missing file, syntax, cycle, validation).
 */
export function loadScenario(path: string, overrides: ScenarioOverrides = {}): LoadedScenario {
  const chain = readChain(path);
  let doc: Annotated = chain[chain.length - 1].doc;
  for (let i = chain.length - 2; i >= 0; i--) doc = mergeAnnotated(doc, chain[i].doc);
  doc = applyOverrides(doc, overrides);
  const scenario = resolveDataFiles(validate(doc), doc);
  return { scenario, path, files: chain.map((c) => c.display), hash: scenarioHash(withDataHashes(scenario)) };
}

/** Data files a scenario names (a lead list), by their path inside the scenario. */
const DATA_FILE_PATHS: readonly (readonly string[])[] = [['outbound', 'leads', 'file']];

/**
 * Makes data-file paths absolute, relative to the file that wrote them (a base file's list stays
 * next to the base), and checks they can be read, with the usual one-line error.
 */
function resolveDataFiles(scenario: Scenario, doc: Annotated): Scenario {
  for (const path of DATA_FILE_PATHS) {
    const rel = valueAt(scenario, path);
    if (typeof rel !== 'string') continue;
    const { origin } = originAt(doc.node, path);
    const abs = nodePath.resolve(nodePath.dirname(origin.file), rel);
    try {
      readFileSync(abs);
    } catch {
      throw new ScenarioError({ file: origin.file, line: origin.line, path: formatPath(path), expected: 'a readable data file', found: `${JSON.stringify(rel)} (${abs}: no such file)` });
    }
    let cur = scenario as unknown as Record<string, unknown>;
    for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string, unknown>;
    cur[path[path.length - 1]] = abs;
  }
  return scenario;
}

/**
 * What the scenario hash covers: the scenario with each data-file path replaced by the file's
 * content hash, so a changed list changes the hash and a moved checkout does not.
 */
function withDataHashes(scenario: Scenario): unknown {
  let copy: Record<string, unknown> | null = null;
  for (const path of DATA_FILE_PATHS) {
    const abs = valueAt(scenario, path);
    if (typeof abs !== 'string') continue;
    copy ??= clonePlain(scenario) as Record<string, unknown>;
    let cur = copy;
    for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string, unknown>;
    cur[path[path.length - 1]] = `sha256:${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
  }
  return copy ?? scenario;
}

/**
 * Validate an in-memory scenario object (as it would be written in a file, without `extends`).
 * `sourceName` names it in error messages. The object is not modified.
 */
export function parseScenario(obj: unknown, sourceName = '<scenario>', overrides: ScenarioOverrides = {}): Scenario {
  const value = clonePlain(obj);
  let doc: Annotated = { value, node: treeFromValue(value, { file: sourceName }) };
  if (isPlainObject(value)) {
    if (hasOwn(value, 'extends')) {
      throw new ScenarioError({
        file: sourceName,
        path: 'extends',
        expected: 'no extends in an in-memory scenario (use loadScenario for files)',
        found: formatValue(value.extends),
      });
    }
    doc = withoutKey(doc, '$schema');
  }
  doc = applyOverrides(doc, overrides);
  return validate(doc);
}

/** sha256 (hex) of `canonicalJson(scenario)`. */
export function scenarioHash(scenario: unknown): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

export { canonicalJson };

/** Render a field path the way error messages do: `agents[1].count`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Values annotated with where each part came from

interface Origin {
  file: string;
  line?: number;
}

interface OriginNode extends Origin {
  kids?: Map<string, OriginNode>;
}

interface Annotated {
  value: unknown;
  node: OriginNode;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Assign without ever invoking the `__proto__` setter. */
function setOwn(obj: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function clonePlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clonePlain);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(out, k, clonePlain(v[k]));
    return out;
  }
  return v;
}

function treeFromValue(value: unknown, origin: Origin): OriginNode {
  const node: OriginNode = { ...origin };
  if (Array.isArray(value) || isPlainObject(value)) {
    node.kids = new Map();
    for (const [k, v] of Object.entries(value)) node.kids.set(String(k), treeFromValue(v, origin));
  }
  return node;
}

function withoutKey(doc: Annotated, key: string): Annotated {
  if (!isPlainObject(doc.value) || !hasOwn(doc.value, key)) return doc;
  const value: Record<string, unknown> = {};
  for (const k of Object.keys(doc.value)) if (k !== key) setOwn(value, k, doc.value[k]);
  const kids = new Map(doc.node.kids);
  kids.delete(key);
  return { value, node: { ...doc.node, kids } };
}

/**
 * Alternative forms that exclude each other, by field path. When a child file writes a
 * key of one group, the base's keys of the other groups are dropped before merging, so that e.g. a child saying
 * `horizon: { hours: 8 }` replaces a base's `horizon: { calls: 1000 }` instead of producing both.
 * Later extensions of the schema add their own alternatives here.
 */
export const MERGE_ALTERNATIVES: readonly { path: string; groups: readonly (readonly string[])[] }[] = [
  { path: 'horizon', groups: [['calls'], ['hours']] },
  { path: 'warmup', groups: [['calls'], ['hours']] },
  { path: 'inbound.arrivals', groups: [['perHour'], ['profile']] },
  { path: 'inbound', groups: [['handleTime'], ['talkTime', 'wrapTime']] },
];

/** Keys that tag the variant of a discriminated union in scenario files. */
const DISCRIMINATORS = ['dist', 'policy'] as const;

function alternativesAt(path: readonly string[]): readonly (readonly string[])[] | undefined {
  const key = path.join('.');
  return MERGE_ALTERNATIVES.find((a) => a.path === key)?.groups;
}

/**
 * Deep merge `child` over `base`: objects merge key by key; arrays and scalars from the child replace the base's;
 * a `null` in the child removes the key. Two exceptions keep merges meaningful: a discriminated union whose tag
 * (`dist`, `policy`) differs from the base's replaces it whole, and the alternatives in MERGE_ALTERNATIVES displace
 * each other.
 * Origins follow the values.
 */
function mergeAnnotated(base: Annotated, child: Annotated, path: string[] = []): Annotated {
  if (!isPlainObject(base.value) || !isPlainObject(child.value)) return child;
  // A discriminated union (a distribution, a pacing policy) whose kind changes is replaced whole.
  for (const tag of DISCRIMINATORS) {
    const bd = base.value[tag];
    const cd = child.value[tag];
    if (typeof cd === 'string' && typeof bd === 'string' && cd !== bd) return child;
  }
  const value: Record<string, unknown> = {};
  const kids = new Map<string, OriginNode>(base.node.kids);
  for (const k of Object.keys(base.value)) setOwn(value, k, base.value[k]);
  const groups = alternativesAt(path);
  if (groups) {
    const childObj = child.value;
    const childKeys = Object.keys(childObj).filter((k) => childObj[k] !== null);
    for (const g of groups) {
      if (!g.some((k) => childKeys.includes(k))) continue;
      for (const other of groups) {
        if (other === g) continue;
        for (const k of other) {
          delete value[k];
          kids.delete(k);
        }
      }
    }
  }
  for (const k of Object.keys(child.value)) {
    const cv = child.value[k];
    if (cv === null) {
      delete value[k];
      kids.delete(k);
      continue;
    }
    const childPart: Annotated = { value: cv, node: child.node.kids?.get(k) ?? { file: child.node.file } };
    const merged = hasOwn(value, k)
      ? mergeAnnotated({ value: value[k], node: kids.get(k) ?? { file: base.node.file } }, childPart, [...path, k])
      : childPart;
    setOwn(value, k, merged.value);
    kids.set(k, merged.node);
  }
  return { value, node: { file: child.node.file, line: child.node.line, kids } };
}

/** The origin of the value at `path`, or of its nearest existing ancestor. */
function originAt(node: OriginNode, path: readonly PathSegment[]): { origin: Origin; exact: boolean } {
  let cur = node;
  for (const seg of path) {
    const next = cur.kids?.get(String(seg));
    if (!next) return { origin: cur, exact: false };
    cur = next;
  }
  return { origin: cur, exact: true };
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (cur !== null && typeof cur === 'object' && hasOwn(cur, String(seg))) {
      cur = (cur as Record<string, unknown>)[String(seg)];
    } else return undefined;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading files

interface ChainEntry {
  display: string;
  doc: Annotated;
}

function readChain(path: string): ChainEntry[] {
  const chain: ChainEntry[] = [];
  const seen: string[] = []; // real paths, parallel to chain
  let display = path;
  let referrer: { display: string; line?: number; target: string } | undefined;
  for (;;) {
    let real: string;
    try {
      real = realpathSync(display);
    } catch (e) {
      throw fileError(display, e, referrer);
    }
    const cycleStart = seen.indexOf(real);
    if (cycleStart >= 0) {
      const names = [...chain.slice(cycleStart).map((c) => c.display), display];
      throw new ScenarioError({
        file: referrer!.display,
        line: referrer!.line,
        path: 'extends',
        expected: 'an extends chain without cycles',
        found: `a cycle ${names.join(' -> ')}`,
      });
    }
    let doc = readDocument(display, referrer);
    let ext: unknown;
    let extLine: number | undefined;
    if (isPlainObject(doc.value) && hasOwn(doc.value, 'extends')) {
      ext = doc.value.extends;
      extLine = doc.node.kids?.get('extends')?.line;
      doc = withoutKey(doc, 'extends');
    }
    doc = withoutKey(doc, '$schema');
    chain.push({ display, doc });
    seen.push(real);
    if (ext === undefined) return chain;
    if (typeof ext !== 'string' || ext === '') {
      throw new ScenarioError({
        file: display,
        line: extLine,
        path: 'extends',
        expected: 'a path to a base scenario file (relative to this file)',
        found: formatValue(ext),
      });
    }
    referrer = { display, line: extLine, target: ext };
    display = nodePath.isAbsolute(ext) ? ext : nodePath.join(nodePath.dirname(display), ext);
  }
}

function fileError(display: string, e: unknown, referrer?: { display: string; line?: number; target: string }) {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'a file without read permission'
        : code === 'EISDIR'
          ? 'a directory'
          : `an unreadable file (${code ?? (e as Error)?.message ?? String(e)})`;
  if (referrer) {
    return new ScenarioError({
      file: referrer.display,
      line: referrer.line,
      path: 'extends',
      expected: 'a readable scenario file',
      found: `${JSON.stringify(referrer.target)} (${display}: ${reason})`,
    });
  }
  return new ScenarioError({ file: display, expected: 'a readable scenario file', found: reason });
}

function readDocument(display: string, referrer?: { display: string; line?: number; target: string }): Annotated {
  const ext = nodePath.extname(display).toLowerCase();
  if (ext !== '.yaml' && ext !== '.yml' && ext !== '.json') {
    throw new ScenarioError({
      file: referrer?.display ?? display,
      line: referrer?.line,
      path: referrer ? 'extends' : '',
      expected: 'a .yaml, .yml or .json file',
      found: ext ? JSON.stringify(display) : `${JSON.stringify(display)} (no extension)`,
    });
  }
  let text: string;
  try {
    text = readFileSync(display, 'utf8');
  } catch (e) {
    throw fileError(display, e, referrer);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const doc = ext === '.json' ? readJson(display, text) : readYaml(display, text);
  if (!isPlainObject(doc.value)) {
    throw new ScenarioError({
      file: display,
      line: doc.node.line,
      expected: 'a mapping of scenario fields (name, horizon, inbound, agents, ...)',
      found: doc.value === null || doc.value === undefined ? 'an empty document' : formatValue(doc.value),
    });
  }
  return doc;
}

function readYaml(display: string, text: string): Annotated {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const { line, col } = lineCounter.linePos(err.pos[0]);
    throw new ScenarioError({
      file: display,
      line,
      column: col,
      expected: 'valid YAML',
      found: err.code === 'DUPLICATE_KEY' ? `a duplicate key (${stripPeriod(err.message)})` : stripPeriod(err.message),
    });
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    throw new ScenarioError({ file: display, expected: 'valid YAML', found: stripPeriod((e as Error).message) });
  }
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const root: OriginNode = { file: display };
  if (doc.contents) yamlTree(doc, doc.contents, root, lineOf, 0);
  return { value, node: root };
}

/** Fill `into.kids` from a YAML node; each child's line is where its key (or sequence item) is written. */
function yamlTree(
  doc: YamlDocument,
  node: unknown,
  into: OriginNode,
  lineOf: (offset: number | undefined) => number | undefined,
  depth: number,
): void {
  if (depth > 200) return;
  let target = node;
  if (isAlias(node)) target = node.resolve(doc);
  if (isMap(target)) {
    into.kids = new Map();
    for (const pair of target.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode.toJSON()) : '';
      const child: OriginNode = { file: into.file, line: lineOf((keyNode ?? (pair.value as YamlNode | null))?.range?.[0]) };
      yamlTree(doc, pair.value, child, lineOf, depth + 1);
      into.kids.set(key, child);
    }
  } else if (isSeq(target)) {
    into.kids = new Map();
    target.items.forEach((item, i) => {
      const child: OriginNode = { file: into.file, line: lineOf((item as YamlNode | null)?.range?.[0]) };
      yamlTree(doc, item, child, lineOf, depth + 1);
      into.kids!.set(String(i), child);
    });
  }
}

function readJson(display: string, text: string): Annotated {
  // Scan first: it finds syntax errors with a position and duplicate keys (which JSON.parse silently accepts), and
  // records the line of every member. JSON.parse then produces the values.
  const scan = scanJson(text);
  if ('error' in scan) {
    const { line, col } = lineCol(text, scan.error.pos);
    throw new ScenarioError({ file: display, line, column: col, expected: 'valid JSON', found: scan.error.message });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError({ file: display, expected: 'valid JSON', found: oneLine((e as Error).message) });
  }
  const root = toOriginTree(scan.tree, display);
  root.line = undefined;
  return { value, node: root };
}

interface PosNode {
  line: number;
  kids?: Map<string, PosNode>;
}

function toOriginTree(p: PosNode, file: string): OriginNode {
  const node: OriginNode = { file, line: p.line };
  if (p.kids) {
    node.kids = new Map();
    for (const [k, v] of p.kids) node.kids.set(k, toOriginTree(v, file));
  }
  return node;
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: pos - lineStart + 1 };
}

/** A strict JSON scanner: the first syntax error (with offset), duplicate keys, and the line of every value. */
function scanJson(text: string): { tree: PosNode } | { error: { pos: number; message: string } } {
  let i = 0;
  let line = 1;
  class JsonSyntax extends Error {
    constructor(
      readonly pos: number,
      message: string,
    ) {
      super(message);
    }
  }
  const fail = (message: string, pos = i): never => {
    throw new JsonSyntax(pos, message);
  };
  const describe = (pos: number) =>
    pos >= text.length ? 'the end of the file' : `${JSON.stringify(text[pos])}`;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('an unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c < 32) fail('a control character inside a string');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('a bad escape in a string');
      } else i++;
    }
  };
  const value = (depth: number): PosNode => {
    if (depth > 500) fail('nesting too deep');
    ws();
    const node: PosNode = { line };
    const c = text[i];
    if (c === '{') {
      i++;
      node.kids = new Map();
      ws();
      if (text[i] === '}') {
        i++;
        return node;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`${describe(i)} where a quoted member name was expected`);
        const keyPos = i;
        const keyLine = line;
        const key = string();
        if (node.kids.has(key)) fail(`a duplicate key ${JSON.stringify(key)}`, keyPos);
        ws();
        if (text[i] !== ':') fail(`${describe(i)} where ':' was expected`);
        i++;
        const child = value(depth + 1);
        child.line = keyLine;
        node.kids.set(key, child);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return node;
        }
        fail(`${describe(i)} where ',' or '}' was expected`);
      }
    }
    if (c === '[') {
      i++;
      node.kids = new Map();
      ws();
      if (text[i] === ']') {
        i++;
        return node;
      }
      for (let n = 0; ; n++) {
        node.kids.set(String(n), value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return node;
        }
        fail(`${describe(i)} where ',' or ']' was expected`);
      }
    }
    if (c === '"') {
      string();
      return node;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail(`${describe(i)} where a value was expected`);
    i += m![0].length;
    return node;
  };
  try {
    const tree = value(0);
    ws();
    if (i < text.length) fail(`${describe(i)} after the end of the document`);
    return { tree };
  } catch (e) {
    if (e instanceof JsonSyntax) return { error: { pos: e.pos, message: e.message } };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Overrides

function applyOverrides(doc: Annotated, overrides: ScenarioOverrides): Annotated {
  let out = doc;
  for (const spec of overrides.set ?? []) out = applySet(out, spec);
  if (overrides.seed !== undefined) out = assign(out, ['seed'], overrides.seed, { file: '--seed' }, '--seed');
  if (overrides.replications !== undefined) {
    out = assign(out, ['replications'], overrides.replications, { file: '--replications' }, '--replications');
  }
  return out;
}

function applySet(doc: Annotated, spec: string): Annotated {
  const source = `--set ${spec}`;
  const eq = spec.indexOf('=');
  const rawPath = eq < 0 ? spec : spec.slice(0, eq).trim();
  if (eq < 0 || rawPath === '') {
    throw new ScenarioError({ file: source, expected: 'path=value (e.g. agents.0.count=90)', found: JSON.stringify(spec) });
  }
  const segments = rawPath.split('.');
  if (segments.some((s) => s.trim() === '')) {
    throw new ScenarioError({
      file: source,
      expected: 'a dotted field path (e.g. inbound.patience.mean)',
      found: JSON.stringify(rawPath),
    });
  }
  let value: unknown;
  try {
    value = parseYaml(spec.slice(eq + 1), { uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    throw new ScenarioError({
      file: source,
      path: rawPath,
      expected: 'a value written in YAML',
      found: stripPeriod(oneLine((e as Error).message)),
    });
  }
  return assign(doc, segments.map((s) => s.trim()), value, { file: source }, source);
}

/**
 * Set `path` to `value` in a copy of `doc` (`null` removes an object key). Missing intermediate objects are created;
 * array elements are addressed by index (0..length, length appends).
 */
function assign(doc: Annotated, path: string[], value: unknown, origin: Origin, source: string): Annotated {
  const root = clonePlain(doc.value);
  const rootNode = cloneTree(doc.node);
  let cur: unknown = root;
  let node = rootNode;
  for (let d = 0; d < path.length; d++) {
    const seg = path[d];
    const last = d === path.length - 1;
    const here = path.slice(0, d);
    let key: string | number = seg;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) {
        throw new ScenarioError({
          file: source,
          path: formatPath(here),
          expected: `a list index (0..${cur.length})`,
          found: JSON.stringify(seg),
        });
      }
      key = Number(seg);
      if (key > cur.length) {
        throw new ScenarioError({
          file: source,
          path: formatPath(here),
          expected: `a list index 0..${cur.length} (${cur.length} appends)`,
          found: String(key),
        });
      }
    } else if (!isPlainObject(cur)) {
      throw new ScenarioError({
        file: source,
        path: formatPath(here),
        expected: `an object or list to set ${JSON.stringify(seg)} in`,
        found: formatValue(cur),
      });
    }
    const container = cur as Record<string, unknown> | unknown[];
    node.kids ??= new Map();
    if (last) {
      if (value === null && !Array.isArray(container)) {
        delete (container as Record<string, unknown>)[key];
        node.kids.delete(String(key));
      } else {
        setOwn(container, key, clonePlain(value));
        node.kids.set(String(key), treeFromValue(value, origin));
      }
      break;
    }
    let next = (container as Record<string | number, unknown>)[key];
    if (next === undefined || next === null || !hasOwn(container, String(key))) {
      next = {};
      setOwn(container, key, next);
      node.kids.set(String(key), { ...origin, kids: new Map() });
    }
    cur = next;
    let nextNode = node.kids.get(String(key));
    if (!nextNode) {
      nextNode = { ...origin };
      node.kids.set(String(key), nextNode);
    }
    node = nextNode;
  }
  return { value: root, node: rootNode };
}

function cloneTree(n: OriginNode): OriginNode {
  const out: OriginNode = { file: n.file, line: n.line };
  if (n.kids) out.kids = new Map([...n.kids].map(([k, v]) => [k, cloneTree(v)]));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation and error messages

interface Problem {
  path: PathSegment[];
  expected: string;
  found?: string;
  unknownField?: boolean;
}

function validate(doc: Annotated): Scenario {
  const result = scenarioSpec.safeParse(doc.value, { error: expectedPhrase });
  if (result.success) return result.data;
  const problems = collectProblems(result.error.issues, [], doc.value);
  const ordered = sortInDocumentOrder(problems, doc.value);
  const first = ordered[0];
  const { origin } = originAt(doc.node, first.path);
  const found = first.found ?? formatValue(valueAt(doc.value, first.path));
  throw new ScenarioError({
    file: origin.file,
    line: origin.line,
    path: formatPath(first.path),
    expected: first.expected,
    found: first.unknownField ? 'an unknown field' : found,
    unknownField: first.unknownField,
    moreProblems: ordered.length - 1,
  });
}

/** Parse-wide error map: the "expected ..." phrase for issues whose schema did not set its own (also for other ccsim files: bench/config-file.ts). */
export function expectedPhrase(iss: z.core.$ZodRawIssue): string | undefined {
  const def = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
  const fields = def?.shape ? Object.keys(def.shape) : undefined;
  switch (iss.code) {
    case 'unrecognized_keys':
      return fields ? `one of ${fields.join(', ')}` : 'no other fields';
    case 'invalid_type':
      if (iss.expected === 'object') return fields ? `an object with fields ${fields.join(', ')}` : 'an object';
      if (iss.expected === 'array') return 'a list';
      if (iss.expected === 'string') return 'a string';
      if (iss.expected === 'number') return 'a number';
      if (iss.expected === 'int') return 'an integer';
      if (iss.expected === 'boolean') return 'true or false';
      return `a value of type ${String(iss.expected)}`;
    case 'invalid_value':
      return `one of ${iss.values.map((v) => (typeof v === 'string' ? v : String(v))).join(', ')}`;
    case 'invalid_union':
      return 'options' in iss && Array.isArray(iss.options) ? `one of ${iss.options.join(', ')}` : 'one of the allowed forms';
    case 'too_small':
      if (iss.origin === 'array') return `a list with at least ${String(iss.minimum)} item(s)`;
      if (iss.origin === 'string') return `a string of at least ${String(iss.minimum)} character(s)`;
      return `a number ${iss.inclusive ? '>=' : '>'} ${String(iss.minimum)}`;
    case 'too_big':
      if (iss.origin === 'array') return `a list with at most ${String(iss.maximum)} item(s)`;
      if (iss.origin === 'string') return `a string of at most ${String(iss.maximum)} character(s)`;
      return `a number ${iss.inclusive ? '<=' : '<'} ${String(iss.maximum)}`;
    case 'not_multiple_of':
      return `a multiple of ${String(iss.divisor)}`;
    case 'invalid_format':
      return 'pattern' in iss && iss.pattern ? `a string matching ${String(iss.pattern)}` : `a ${iss.format}`;
    default:
      return undefined;
  }
}

type Issue = z.core.$ZodIssue;

function collectProblems(issues: readonly Issue[], base: PathSegment[], input: unknown): Problem[] {
  const out: Problem[] = [];
  for (const iss of issues) {
    const path = [...base, ...(iss.path as PathSegment[])];
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) out.push({ path: [...path, key], expected: iss.message, unknownField: true });
    } else if (iss.code === 'invalid_union' && iss.errors.length > 0) {
      // All forms failed. If exactly one form fits the shape of what was written (no unknown or missing fields at
      // the union's own level), its problems are the useful ones; otherwise the union's own message is.
      const fitting = iss.errors.filter((branch) => !branch.some((b) => isShapeIssue(b, path, input)));
      if (fitting.length === 1) out.push(...collectProblems(fitting[0], path, input));
      else out.push({ path, expected: iss.message });
    } else {
      const params = (iss as { params?: { found?: unknown; value?: unknown } }).params;
      let found = typeof params?.found === 'string' ? params.found : undefined;
      if (found === undefined && params && 'value' in params && valueAt(input, path) === undefined) {
        found = `${formatValue(params.value)} (the default)`;
      }
      out.push({ path, expected: iss.message, found });
    }
  }
  return out;
}

function isShapeIssue(iss: Issue, unionPath: PathSegment[], input: unknown): boolean {
  if (iss.path.length === 0) return true; // wrong type or unknown field at the union level
  if (iss.path.length === 1 && iss.code === 'invalid_type') {
    return valueAt(input, [...unionPath, iss.path[0] as PathSegment]) === undefined; // a missing required field
  }
  return false;
}

/** Stable sort by where each path's value sits in the (merged) input; absent fields after their present siblings. */
function sortInDocumentOrder(problems: Problem[], input: unknown): Problem[] {
  const keyOf = (path: PathSegment[]): number[] => {
    const out: number[] = [];
    let cur = input;
    for (const seg of path) {
      if (Array.isArray(cur) && typeof seg === 'number') {
        out.push(seg);
        cur = cur[seg];
      } else if (isPlainObject(cur) && hasOwn(cur, String(seg))) {
        out.push(Object.keys(cur).indexOf(String(seg)));
        cur = cur[String(seg)];
      } else {
        out.push(Number.MAX_SAFE_INTEGER);
        cur = undefined;
      }
    }
    return out;
  };
  const keyed = problems.map((p, index) => ({ p, index, key: keyOf(p.path) }));
  keyed.sort((a, b) => {
    const n = Math.min(a.key.length, b.key.length);
    for (let i = 0; i < n; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return a.key.length - b.key.length || a.index - b.index;
  });
  return keyed.map((k) => k.p);
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting values for messages

const MAX_FOUND = 60;

/** Compact one-line rendering: strings quoted, `{ a: 1, b: [1, 2] }`, truncated with "..." past 60 characters. */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = render(v, 0);
  return s.length > MAX_FOUND ? `${s.slice(0, MAX_FOUND - 3)}...` : s;
}

function render(v: unknown, depth: number): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (depth > 3) return Array.isArray(v) ? '[...]' : '{...}';
  if (Array.isArray(v)) return `[${v.map((x) => render(x, depth + 1)).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
    return `{ ${entries.map(([k, x]) => `${key(k)}: ${render(x, depth + 1)}`).join(', ')} }`;
  }
  return String(v);
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function stripPeriod(s: string): string {
  return oneLine(s).replace(/\.$/, '');
}
