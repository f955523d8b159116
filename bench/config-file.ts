/**
 * Reading ccsim's own YAML files (sweep and bench-suite definitions): parse, validate with zod, and
 * turn the first problem into the same one-line message scenarios get
 * (`file:line: field: expected ..., found ...`), so the CLI reports it and exits 2.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { expectedPhrase, formatPath, formatValue, ScenarioError } from '../scenarios/load.ts';

/** A sweep or suite file that cannot be used; reported like a scenario error. */
export class ConfigFileError extends ScenarioError {
  constructor(init: ConstructorParameters<typeof ScenarioError>[0]) {
    super(init);
    this.name = 'ConfigFileError';
  }
}

type Segment = string | number;

export function readConfigFile<S extends z.ZodType>(file: string, schema: S, what: string): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigFileError({ file, expected: `a readable ${what} file`, found: code === 'ENOENT' ? 'no such file' : String(code ?? e) });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const { line, col } = lines.linePos(err.pos[0]);
    throw new ConfigFileError({ file, line, column: col, expected: 'valid YAML', found: err.message.split('\n')[0].replace(/\.$/, '') });
  }
  const value: unknown = doc.toJS();
  const result = schema.safeParse(value, { error: expectedPhrase });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
  const path = [...(issue.path as Segment[]), ...(unknownKey !== undefined ? [unknownKey] : [])];
  throw new ConfigFileError({
    file,
    line: lineOf(doc, lines, path),
    path: formatPath(path),
    expected: issue.message,
    found: unknownKey !== undefined ? 'an unknown field' : formatValue(valueAt(value, path)),
    unknownField: unknownKey !== undefined,
    moreProblems: result.error.issues.length - 1,
  });
}

/** The line where `path` is written in a YAML file (for problems found after loading); undefined if unknown. */
export function lineInFile(file: string, path: Segment[]): number | undefined {
  try {
    const lines = new LineCounter();
    return lineOf(parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines }), lines, path);
  } catch {
    return undefined;
  }
}

/** The line of the deepest node of `path` present in the document. */
function lineOf(doc: Document, lines: LineCounter, path: Segment[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

export function valueAt(value: unknown, path: readonly Segment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[String(seg)];
  }
  return cur;
}

