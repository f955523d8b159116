// Writes scenarios/scenario.schema.json from the zod schema (input side: fields with defaults are optional), for
// editor completion and validation of scenario files. Run: npx tsx scenarios/generate-json-schema.ts
// A test regenerates the schema in memory and compares it with the committed file, so it cannot go stale.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { scenarioSpec } from './schema.ts';

export const SCENARIO_SCHEMA_ID = 'https://ccsim.dev/schemas/scenario.schema.json';
export const SCENARIO_SCHEMA_PATH = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));

/** The JSON Schema document for scenario files. */
export function buildJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioSpec, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  const properties = { ...(rest.properties as Record<string, unknown>) };
  // Loader-level keys that never reach the zod schema but may appear in files.
  properties.extends = {
    type: 'string',
    description:
      'Path (relative to this file) of a base scenario; this file is deep-merged over it (objects merge key by key, arrays and scalars replace, null removes).',
  };
  properties.$schema = { type: 'string', description: 'JSON Schema reference for editors; ignored by ccsim.' };
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'ccsim scenario',
    ...rest,
    properties,
  };
}

/** The exact text of scenario.schema.json. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCENARIO_SCHEMA_PATH, renderJsonSchema());
}
