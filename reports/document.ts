/**
 * What a report is made from: a results document (`ccsim run --json`), a comparison document
 * (`ccsim compare --json`) or a sweep document (points.json), told apart by shape and validated
 * against the published schemas, so a wrong file fails in one line naming the field at fault
 * instead of as a broken chart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import type { CompareDocument } from '../bench/compare.ts';
import type { ResultsDocument } from '../bench/results.ts';
import { compareDocumentSchema, resultsDocumentSchema } from '../bench/results-schema.ts';
import { fromSweepFiles, sweepDocumentSchema, sweepPointsFileSchema, sweepSummarySchema, type SweepDocument } from './shapes.ts';

/** A results document, with the sections the simulator is growing (typed loosely until they exist). */
export type ReportResults = Omit<ResultsDocument, 'compliance'> & { breakdowns?: Record<string, unknown>; compliance?: Record<string, unknown> };
export type ReportCompare = Omit<CompareDocument, 'variants'> & { variants: ReportResults[] };

export type ReportInput =
  | { kind: 'results'; doc: ReportResults }
  | { kind: 'compare'; doc: ReportCompare }
  | { kind: 'sweep'; doc: SweepDocument };

/** A file that is not a document the report can read; the message is one line. */
export class ReportInputError extends Error {
  /** True once the message names the file. */
  constructor(message: string, readonly located = false) {
    super(message);
  }
}

/** One named run: the only run of a results document, or each variant of a comparison (baseline first). */
export interface Variant {
  name: string;
  doc: ReportResults;
}

export function readReportInput(file: string): ReportInput {
  const value = readJson(file);
  try {
    // ccsim sweep writes the points and the summary (objective, constraints) side by side: either file brings the other.
    if (isSweepSummary(value)) return toReportInput(readJson(join(dirname(file), 'points.json')), value);
    if (Array.isArray(value)) {
      const summary = join(dirname(file), 'sweep.json');
      return toReportInput(value, existsSync(summary) ? readJson(summary) : undefined);
    }
    return toReportInput(value);
  } catch (err) {
    if (err instanceof ReportInputError && !err.located) throw new ReportInputError(`${file}: ${err.message}`, true);
    throw err;
  }
}

const isSweepSummary = (v: unknown): boolean => typeof v === 'object' && v !== null && 'sweep' in v && 'stages' in v;

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportInputError(`${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`, true);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ReportInputError(`${file}: not valid JSON (${(err as Error).message})`, true);
  }
}

/**
 * Tell the kind of document by its keys, then validate it against that kind's schema. A sweep's
 * points.json (an array) takes the sweep's summary (sweep.json) for its objective and constraints.
 */
export function toReportInput(value: unknown, sweepSummary?: unknown): ReportInput {
  if (Array.isArray(value)) {
    const points = check(sweepPointsFileSchema, value, 'sweep points file') as z.output<typeof sweepPointsFileSchema>;
    const summary = sweepSummarySchema.safeParse(sweepSummary);
    const doc = fromSweepFiles(points, summary.success ? summary.data : null);
    if (doc.points.length === 0) throw new ReportInputError('the sweep has no evaluated point yet');
    return { kind: 'sweep', doc };
  }
  if (value === null || typeof value !== 'object') {
    throw new ReportInputError(`expected a ccsim results, comparison or sweep document (a JSON object), found ${value === null ? 'null' : typeof value}`);
  }
  if ('variants' in value || 'differences' in value) return { kind: 'compare', doc: check(compareDocumentSchema, value, 'comparison document') as ReportCompare };
  if ('kpis' in value) return { kind: 'results', doc: check(resultsDocumentSchema, value, 'results document') as ReportResults };
  if ('points' in value) return { kind: 'sweep', doc: check(sweepDocumentSchema, value, 'sweep document') as SweepDocument };
  const keys = Object.keys(value).slice(0, 5).join(', ');
  throw new ReportInputError(`not a ccsim results, comparison or sweep document: expected "kpis", "variants" or "points", found keys {${keys}}`);
}

function check(schema: z.ZodType, value: unknown, what: string): unknown {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  throw new ReportInputError(`not a valid ${what}: ${path}: ${issue.message}`);
}

export function variantsOf(input: ReportInput): Variant[] {
  switch (input.kind) {
    case 'results':
      return [{ name: input.doc.scenario, doc: input.doc }];
    case 'compare': {
      const names = [input.doc.variants[0].scenario, ...Object.keys(input.doc.differences)];
      return input.doc.variants.map((doc, i) => ({ name: names[i] ?? doc.scenario, doc }));
    }
    case 'sweep':
      return [];
  }
}

/** A short title for the report and its files. */
export function describeInput(input: ReportInput): string {
  switch (input.kind) {
    case 'results':
      return input.doc.scenario;
    case 'compare':
      return `${input.doc.variants[0].scenario} vs ${Object.keys(input.doc.differences).join(', ')}`;
    case 'sweep':
      return input.doc.name ?? `sweep of ${input.doc.points.length} points`;
  }
}
