// Writes bench/results.schema.json from the zod schemas in results-schema.ts: the results document is the root of
// the file; the comparison and Erlang documents and the shared parts are under $defs (e.g.
// results.schema.json#/$defs/CompareDocument). Run: npx tsx bench/generate-results-schema.ts
// A test regenerates the schema in memory and compares it with the committed file, so it cannot go stale.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { resultsSchemaRegistry } from './results-schema.ts';

export const RESULTS_SCHEMA_ID = 'https://ccsim.dev/schemas/results.schema.json';
export const RESULTS_SCHEMA_PATH = fileURLToPath(new URL('./results.schema.json', import.meta.url));

const ROOT = 'ResultsDocument';

/** The JSON Schema document for results documents (and, under $defs, comparison and Erlang documents). */
export function buildResultsJsonSchema(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(resultsSchemaRegistry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
    uri: (id) => (id === ROOT ? '#' : `#/$defs/${id}`),
  }) as { schemas: Record<string, Record<string, unknown>> };
  if (schemas.__shared) throw new Error('results schema: unexpected shared definitions (give the reused schema an id)');
  const strip = ({ $schema: _s, $id: _i, ...rest }: Record<string, unknown>) => rest;
  const { $schema } = schemas[ROOT];
  const { title, description, ...root } = strip(schemas[ROOT]);
  const $defs: Record<string, unknown> = {};
  for (const id of Object.keys(schemas).filter((k) => k !== ROOT).sort()) $defs[id] = strip(schemas[id]);
  return { $schema, $id: RESULTS_SCHEMA_ID, title, description, ...root, $defs };
}

/** The exact text of results.schema.json. */
export function renderResultsJsonSchema(): string {
  return `${JSON.stringify(buildResultsJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(RESULTS_SCHEMA_PATH, renderResultsJsonSchema());
}
