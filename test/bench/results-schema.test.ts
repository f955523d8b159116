import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { erlangRows } from '../../bench/commands/erlang.ts';
import { compareResults, type CompareDocument } from '../../bench/compare.ts';
import { RESULTS_SCHEMA_ID, RESULTS_SCHEMA_PATH, buildResultsJsonSchema, renderResultsJsonSchema } from '../../bench/generate-results-schema.ts';
import { compareDocumentSchema, erlangDocumentSchema, resultsDocumentSchema } from '../../bench/results-schema.ts';
import type { ResultsDocument } from '../../bench/results.ts';
import { runScenario } from '../../bench/run-scenario.ts';
import { parseScenario, scenarioHash } from '../../scenarios/load.ts';
import { INBOUND_KPIS, kpiDefsFor } from '../../sim/metrics/kpis.ts';

// Compile-time: what the schemas accept is usable as the TypeScript types of the documents.
const asResults = (d: z.output<typeof resultsDocumentSchema>): ResultsDocument => d;
const asCompare = (d: z.output<typeof compareDocumentSchema>): CompareDocument => d;

/** A small Erlang A scenario as written in a file. */
function tiny(edit: (s: Record<string, any>) => void = () => {}): Record<string, any> {
  const s: Record<string, any> = {
    name: 'tiny',
    seed: 4,
    replications: 3,
    horizon: { calls: 4000 },
    warmup: { calls: 200 },
    inbound: {
      arrivals: { perHour: 1140 },
      handleTime: { dist: 'exponential', mean: 300 },
      patience: { dist: 'exponential', mean: 180 },
    },
    agents: [{ group: 'general', count: 100 }],
  };
  edit(s);
  return s;
}

/** The results document of a scenario, as `ccsim run --json` prints it (after a JSON round trip). */
function results(raw: Record<string, any>): ResultsDocument {
  const scenario = parseScenario(raw, 'tiny');
  return JSON.parse(JSON.stringify(runScenario(scenario, scenarioHash(scenario)))) as ResultsDocument;
}

function expectValid(schema: z.ZodType, doc: unknown): void {
  const r = schema.safeParse(doc);
  expect(r.success ? [] : r.error.issues).toEqual([]);
}

// ---------------------------------------------------------------------------------------------------------------
// A small JSON Schema (2020-12) checker, enough for results.schema.json: it validates documents against the committed
// file itself, and lists keys a document has but the schema does not declare (allowed, since the objects are open,
// but a sign that the schema lags behind the code). Unknown keywords fail loudly rather than being skipped.

type JsonSchema = Record<string, any> | boolean;
interface Check {
  errors: string[];
  undeclared: string[];
}

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description', 'examples']);

function checkJson(root: Record<string, any>, schema: JsonSchema, value: unknown, at = '$'): Check {
  const out: Check = { errors: [], undeclared: [] };
  if (schema === true) return out;
  if (schema === false) {
    out.errors.push(`${at}: not allowed`);
    return out;
  }
  const typeOf = (v: unknown) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  for (const [kw, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(kw)) continue;
    const fail = (what: string) => out.errors.push(`${at}: ${what}`);
    const sub = (s: JsonSchema, v: unknown, p: string) => {
      const r = checkJson(root, s, v, p);
      out.errors.push(...r.errors);
      out.undeclared.push(...r.undeclared);
    };
    switch (kw) {
      case '$ref': {
        if (arg === '#') sub(root, value, at);
        else if (arg.startsWith('#/$defs/')) sub(root.$defs[arg.slice(8)], value, at);
        else fail(`unsupported $ref ${arg}`);
        break;
      }
      case 'type': {
        const t = typeOf(value);
        const types: string[] = Array.isArray(arg) ? arg : [arg];
        if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) fail(`expected ${types.join('|')}, found ${t}`);
        break;
      }
      case 'const':
        if (value !== arg) fail(`expected ${JSON.stringify(arg)}`);
        break;
      case 'enum':
        if (!arg.includes(value)) fail(`expected one of ${JSON.stringify(arg)}`);
        break;
      case 'anyOf': {
        const results = (arg as JsonSchema[]).map((s) => checkJson(root, s, value, at));
        const ok = results.find((r) => r.errors.length === 0);
        if (ok) out.undeclared.push(...ok.undeclared);
        else fail(`no anyOf branch matches (${results.map((r) => r.errors[0]).join('; ')})`);
        break;
      }
      case 'minimum':
        if (typeof value === 'number' && value < arg) fail(`expected >= ${arg}`);
        break;
      case 'maximum':
        if (typeof value === 'number' && value > arg) fail(`expected <= ${arg}`);
        break;
      case 'exclusiveMinimum':
        if (typeof value === 'number' && value <= arg) fail(`expected > ${arg}`);
        break;
      case 'minLength':
        if (typeof value === 'string' && value.length < arg) fail(`expected length >= ${arg}`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(arg, 'u').test(value)) fail(`expected to match ${arg}`);
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < arg) fail(`expected >= ${arg} items`);
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > arg) fail(`expected <= ${arg} items`);
        break;
      case 'prefixItems':
        if (Array.isArray(value)) (arg as JsonSchema[]).forEach((s, i) => i < value.length && sub(s, value[i], `${at}[${i}]`));
        break;
      case 'items':
        if (Array.isArray(value)) {
          const from = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
          for (let i = from; i < value.length; i++) sub(arg, value[i], `${at}[${i}]`);
        }
        break;
      case 'required':
        if (typeOf(value) === 'object') for (const k of arg) if (!(k in (value as object))) fail(`missing ${k}`);
        break;
      case 'propertyNames':
        if (arg.type !== 'string') fail('unsupported propertyNames');
        break;
      case 'properties':
        if (typeOf(value) === 'object') {
          for (const [k, v] of Object.entries(value as object)) if (k in arg) sub(arg[k], v, `${at}.${k}`);
        }
        break;
      case 'additionalProperties':
        if (typeOf(value) === 'object') {
          for (const [k, v] of Object.entries(value as object)) {
            if (schema.properties && k in schema.properties) continue;
            if (arg === true || (typeof arg === 'object' && Object.keys(arg).length === 0)) out.undeclared.push(`${at}.${k}`);
            else sub(arg, v, `${at}.${k}`);
          }
        }
        break;
      default:
        fail(`unsupported keyword ${kw}`);
    }
  }
  return out;
}

const committed = () => JSON.parse(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')) as Record<string, any>;

// ---------------------------------------------------------------------------------------------------------------

describe('bench/results.schema.json', () => {
  it('is exactly what generate-results-schema.ts produces (regenerate with: npx tsx bench/generate-results-schema.ts)', () => {
    expect(readFileSync(RESULTS_SCHEMA_PATH, 'utf8')).toBe(renderResultsJsonSchema());
  });

  it('generates deterministically, with its $id, a title, and the comparison and Erlang documents under $defs', () => {
    expect(renderResultsJsonSchema()).toBe(renderResultsJsonSchema());
    const s = buildResultsJsonSchema();
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.$id).toBe(RESULTS_SCHEMA_ID);
    expect(s.title).toBe('ccsim results');
    expect(Object.keys(s.$defs as object)).toEqual(expect.arrayContaining(['CompareDocument', 'ErlangDocument', 'KpiSummary', 'Band']));
    expect((s.$defs as any).CompareDocument.properties.variants.items).toEqual({ $ref: '#' });
  });

  it('documents the fields, with units', () => {
    const s = committed();
    expect(s.properties.kpis.description).toContain('asa (seconds)');
    expect(s.properties.kpis.description).toContain('shares are fractions in [0, 1]');
    expect(s.$defs.SeriesRow.properties.serviceLevel.description).toMatch(/\[0, 1\]/);
    expect(s.$defs.SeriesRow.properties.asa.description).toMatch(/seconds/);
    expect(s.properties.perf.properties.wallSeconds.description).toMatch(/seconds/);
    expect(s.properties.breakdowns).toBeDefined();
    expect(s.properties.compliance).toBeDefined();
    expect(s.required).not.toContain('breakdowns');
    expect(s.required).not.toContain('compliance');
  });
});

describe('results documents', () => {
  it('a real document validates against the zod schema and the committed JSON Schema, every key declared', () => {
    const doc = results(tiny());
    expectValid(resultsDocumentSchema, doc);
    expect(checkJson(committed(), committed(), doc)).toEqual({ errors: [], undeclared: [] });
    expect(Object.keys(doc.kpis)).toEqual(kpiDefsFor({ inbound: true, outbound: false }).map((k) => k.name));
    expect(doc.series).not.toBeNull();
  });

  it('validates the null forms: no series, one replication (no CI), KPIs nobody defines', () => {
    // No agents: every caller abandons, so ASA and service level among answered are 0/0 = null.
    const doc = results(tiny((s) => {
      s.replications = 1;
      s.series = { enabled: false };
      s.agents = [{ group: 'general', count: 0 }];
      s.horizon = { calls: 300 };
      s.warmup = { calls: 10 };
    }));
    expect(doc.series).toBeNull();
    expect(doc.kpis.asa).toEqual({ mean: null, ci95: null, values: [null] });
    expect(doc.kpis.offered.ci95).toBeNull();
    expectValid(resultsDocumentSchema, doc);
    expect(checkJson(committed(), committed(), doc)).toEqual({ errors: [], undeclared: [] });
  });

  it('keeps unknown sections (open for later issues) and accepts the reserved breakdowns section', () => {
    const doc = { ...results(tiny((s) => (s.replications = 2))), breakdowns: { byGroup: {} }, later: 1 };
    const parsed = resultsDocumentSchema.parse(doc);
    expect(parsed).toMatchObject({ later: 1, breakdowns: { byGroup: {} } });
    expect(checkJson(committed(), committed(), doc).errors).toEqual([]);
  });

  it('describes the compliance section of an outbound run exactly', () => {
    const scenario = parseScenario(
      {
        name: 'tiny-outbound',
        replications: 2,
        horizon: { hours: 30 },
        outbound: { leads: { count: 3000 }, pacing: { policy: 'predictive' }, compliance: { pack: 'uk' }, amd: { enabled: false } },
        agents: [{ group: 'sales', count: 6, shift: { start: '09:00', end: '17:00' } }],
      },
      'tiny-outbound',
    );
    const doc = runScenario(scenario, scenarioHash(scenario));
    expectValid(resultsDocumentSchema, doc);
    expect(checkJson(committed(), committed(), doc)).toEqual({ errors: [], undeclared: [] });
    expect(doc.compliance?.replications).toHaveLength(2);
    const bad = structuredClone(doc) as any;
    delete bad.compliance.threshold;
    expect(resultsDocumentSchema.safeParse(bad).success).toBe(false);
  });

  it('rejects documents that break the contract', () => {
    const doc = results(tiny((s) => (s.replications = 2)));
    const bad = (edit: (d: any) => void) => {
      const d = structuredClone(doc) as any;
      edit(d);
      return resultsDocumentSchema.safeParse(d).success;
    };
    expect(bad(() => {})).toBe(true);
    expect(bad((d) => delete d.perf)).toBe(false);
    expect(bad((d) => (d.kpis.asa.ci95 = [1]))).toBe(false);
    expect(bad((d) => (d.kpis.asa.values = [1]))).toBe(false); // one value per replication
    expect(bad((d) => (d.schemaVersion = 2))).toBe(false);
    expect(bad((d) => (d.series.rows[0].asa = 3))).toBe(false); // a metric is a band
    expect(bad((d) => (d.distributions.wait.counts = d.distributions.wait.counts.slice(1)))).toBe(false);
    expect(bad((d) => (d.provenance.scenarioHash = 'abc'))).toBe(false);
    const { perf: _perf, ...noPerf } = doc;
    expect(checkJson(committed(), committed(), { ...noPerf, seed: -1 }).errors.sort()).toEqual(['$.seed: expected >= 0', '$: missing perf']);
  });

  it('comparison and Erlang documents validate against their zod schemas and the committed $defs', () => {
    const a = results(tiny((s) => (s.replications = 2)));
    const b = results(tiny((s) => {
      s.replications = 2;
      s.name = 'tiny-98';
      s.agents[0].count = 98;
    }));
    const cmp = JSON.parse(JSON.stringify(compareResults([a, b], ['tiny', 'tiny-98'])));
    expectValid(compareDocumentSchema, cmp);
    expect(checkJson(committed(), committed().$defs.CompareDocument, cmp)).toEqual({ errors: [], undeclared: [] });
    expect(compareDocumentSchema.safeParse({ ...cmp, variants: [a, { ...b, seed: 99 }] }).success).toBe(false);

    for (const patience of [300, undefined]) {
      const inputs = { arrivalsPerHour: 200, aht: 180, patience, slSeconds: 20 };
      const erlang = JSON.parse(
        JSON.stringify({ schemaVersion: 1, inputs: { ...inputs, patience: patience ?? null }, rows: erlangRows([8, 9, 10, 14], inputs), staffing: { agents: 14, model: 'A' } }),
      );
      expect(erlang.rows[0].erlangC.asa).toBeNull(); // unstable: Infinity becomes null in JSON
      expectValid(erlangDocumentSchema, erlang);
      expect(checkJson(committed(), committed().$defs.ErlangDocument, erlang)).toEqual({ errors: [], undeclared: [] });
    }
  });
});
