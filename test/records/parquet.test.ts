// NDJSON and Parquet records give the same answers: the same tables, value for value, and the same
// query results; a comparison's records land in one subfolder per variant.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsManifest } from '../../bench/records/layout.ts';
import { ccsim } from '../reports/ccsim.ts';
import { removeDir, ROOT, sql, tempDir } from './helpers.ts';

const FILES = [join(ROOT, 'scenarios/routing-longest-idle.yaml'), join(ROOT, 'scenarios/routing-weighted.yaml')];
const ARGS = ['--replications', '2', '--set', 'horizon.hours=1.5', '--workers', '1', '--json'];

describe('NDJSON and Parquet records', () => {
  let nd: string;
  let pq: string;
  beforeAll(async () => {
    nd = tempDir('nd');
    pq = tempDir('pq');
    expect((await ccsim('compare', ...FILES, ...ARGS, '--records', nd)).code).toBe(0);
    expect((await ccsim('compare', ...FILES, ...ARGS, '--records', pq, '--records-format', 'parquet')).code).toBe(0);
  });
  afterAll(() => {
    removeDir(nd);
    removeDir(pq);
  });

  it('lays a comparison out in one subfolder per variant, with a manifest', () => {
    for (const [dir, ext] of [[nd, 'ndjson'], [pq, 'parquet']] as const) {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as RecordsManifest;
      expect(m.format).toBe(ext);
      expect(m.variants.map((v) => [v.variant, v.folder, v.replications])).toEqual([
        ['routing-longest-idle', 'routing-longest-idle', [0, 1]],
        ['routing-weighted', 'routing-weighted', [0, 1]],
      ]);
      expect(readdirSync(join(dir, 'routing-weighted')).sort()).toEqual([
        `agent-states-r0000.${ext}`,
        `agent-states-r0001.${ext}`,
        `calls-r0000.${ext}`,
        `calls-r0001.${ext}`,
        'runs-r0000.ndjson',
        'runs-r0001.ndjson',
      ]);
    }
    expect(existsSync(join(pq, 'routing-weighted', 'calls-r0000.ndjson'))).toBe(false);
  });

  it('holds the same tables, value for value', async () => {
    for (const [table, key] of [['call_records', 'variant, replication, record_id'], ['agent_states', 'variant, replication, agent_id, from_s, to_s, state']]) {
      const q = `SELECT * FROM ${table} ORDER BY ${key}`;
      const a = await sql(nd, q);
      const b = await sql(pq, q);
      expect(a.length).toBeGreaterThan(100);
      expect(b).toEqual(a);
    }
  });

  it('answers queries the same', async () => {
    const queries = [
      'SELECT variant, outcome, count(*) AS n, sum(wait_s) AS wait, avg(converted::INT) AS conversion FROM call_records GROUP BY ALL ORDER BY ALL',
      "SELECT variant, hour(arrival_time) AS h, count(*) AS n, min(arrival_time)::VARCHAR AS first, max(end_time)::VARCHAR AS last FROM call_records GROUP BY ALL ORDER BY ALL",
      'SELECT variant, agent_group, state, sum(seconds) AS s FROM agent_states GROUP BY ALL ORDER BY ALL',
      'SELECT variant, segment, agent_group, sum(revenue) AS revenue FROM call_records WHERE NOT warmup GROUP BY ALL ORDER BY ALL',
    ];
    for (const q of queries) {
      const a = await sql(nd, q);
      const b = await sql(pq, q);
      expect(b.length).toBe(a.length);
      b.forEach((row, i) => {
        for (const [k, v] of Object.entries(row)) {
          const w = a[i][k];
          if (typeof v === 'number' && typeof w === 'number' && !Number.isInteger(v)) expect(Math.abs(v - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
          else expect(v, `${q}: ${k}`).toEqual(w);
        }
      });
    }
  });
});
