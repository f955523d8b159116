// Shared by the records tests: scenarios with everything records must show, runs into temp folders, DuckDB queries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRecords } from '../../bench/records/duck.ts';
import type { RecordsTarget } from '../../bench/records/layout.ts';
import { RecordWriter } from '../../bench/records/writer.ts';
import { loadScenario, parseScenario } from '../../scenarios/load.ts';
import type { Scenario } from '../../scenarios/schema.ts';
import { compileModel } from '../../sim/model.ts';
import { runReplication, type ReplicationResult } from '../../sim/replication.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ccsim-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Inbound with customers (weighted routing, conversions), two shifts with breaks, a waiting room
 * (blocked calls), impatient callers, wrap-up time, a warm-up in hours and a London calendar.
 */
export function inboundScenario(replications = 2): Scenario {
  const skills = (seniority: number) => ({ languages: ['en', 'zh'], seniority, digital: 0.5, products: { broadband: seniority, 'tv-bundle': 0.5 } });
  return parseScenario(
    {
      name: 'records-inbound',
      seed: 5,
      replications,
      calendar: { start: '2026-03-02T08:00', timeZone: 'Europe/London' },
      horizon: { hours: 3 },
      warmup: { hours: 0.5 },
      serviceLevel: { seconds: 20 },
      inbound: {
        arrivals: { perHour: 300 },
        talkTime: { dist: 'lognormal', mean: 240, cv: 0.8 },
        wrapTime: { dist: 'gamma', mean: 30, cv: 0.5 },
        patience: { dist: 'exponential', mean: 120 },
        queue: { capacity: 4 },
      },
      customers: { count: 5000, languages: [{ name: 'en', share: 0.8 }, { name: 'zh', share: 0.2 }] },
      routing: { policy: 'weighted' },
      agents: [
        { group: 'early', count: 12, skills: skills(0.8), shift: { start: '08:00', end: '10:00' }, breaks: [{ from: '09:00', to: '09:30', minutes: 10 }] },
        { group: 'late', count: 10, skills: skills(0.3), shift: { start: '08:30', end: '11:30' }, breaks: [{ from: '10:00', to: '10:30', minutes: 15 }] },
      ],
    },
    'records-inbound',
  );
}

/** The textbook center with a calls horizon and a calls warm-up, no population. */
export function erlangScenario(calls = 4000, replications = 2): Scenario {
  return parseScenario(
    {
      name: 'records-erlang',
      seed: 3,
      replications,
      horizon: { calls },
      warmup: { calls: Math.floor(calls / 10) },
      inbound: { arrivals: { perHour: 1100 }, handleTime: { dist: 'exponential', mean: 300 }, patience: { dist: 'exponential', mean: 180 } },
      agents: [{ group: 'all', count: 95 }],
    },
    'records-erlang',
  );
}

/** A short outbound campaign with AMD, a population (conversions) and progressive dialing. */
export function outboundScenario(replications = 1): Scenario {
  return loadScenario(join(ROOT, 'scenarios/outbound-campaign-base.yaml'), {
    replications,
    set: [
      'outbound.leads.count=1500',
      'horizon.hours=30',
      'agents.0.count=4',
      'agents.1.count=3',
      'outbound.amd={enabled: true, falsePositiveRate: 0.05, falseNegativeRate: 0.2}',
      'customers={count: 2000}',
    ],
  }).scenario;
}

/** Manual dialing (agent-driven attempts: reserved agent time, disposition). */
export function manualScenario(): Scenario {
  return loadScenario(join(ROOT, 'scenarios/outbound-manual-baseline.yaml'), {
    replications: 1,
    set: ['outbound.leads.count=600', 'horizon.hours=12', 'agents.0.count=3', 'agents.1.count=2'],
  }).scenario;
}

/** Runs one replication with its records written into dir. */
export function runWithRecords(scenario: Scenario, replication: number, dir: string, mode: 'auto' | 'inline' = 'auto', variant = scenario.name): ReplicationResult {
  const target: RecordsTarget = { dir, variant, assignment: 'policy' };
  return runReplication(compileModel(scenario), replication, null, { sink: (center) => new RecordWriter(center, target, replication, { mode }) });
}

/** Rows of a query over the records in dir, as plain objects with numbers (bigints converted). */
export async function sql(dir: string, query: string): Promise<Record<string, unknown>[]> {
  const db = await openRecords(dir);
  try {
    const r = await db.connection.runAndReadAll(query);
    return (r.getRowObjects() as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  } finally {
    db.close();
  }
}
