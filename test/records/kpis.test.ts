// Records of a run agree with its KPIs: every KPI below is recomputed from call_records, agent_states
// and runs with DuckDB SQL and compared with the simulator's own figure for the same replication
// (counts exactly, means and shares to 1e-9 relative: record times are rounded to the nanosecond).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../scenarios/schema.ts';
import type { ReplicationResult } from '../../sim/replication.ts';
import { erlangScenario, inboundScenario, manualScenario, outboundScenario, removeDir, runWithRecords, sql, tempDir } from './helpers.ts';

function expectRel(actual: unknown, expected: number | null | undefined, what: string, tol = 1e-9): void {
  expect(expected, what).not.toBeNull();
  const a = Number(actual);
  const e = expected as number;
  const scale = Math.max(Math.abs(e), 1e-12);
  expect(Math.abs(a - e) / scale, `${what}: records ${a} vs KPI ${e}`).toBeLessThanOrEqual(tol);
}

const INBOUND_SQL = `
SELECT replication,
  count(*) FILTER (WHERE NOT warmup) AS offered,
  count(*) FILTER (WHERE NOT warmup AND outcome = 'answered') AS answered,
  count(*) FILTER (WHERE NOT warmup AND outcome = 'abandoned') AS abandoned,
  count(*) FILTER (WHERE NOT warmup AND outcome = 'blocked') AS blocked,
  sum(wait_s) FILTER (WHERE NOT warmup AND outcome = 'answered') AS sum_wait_answered,
  sum(wait_s) FILTER (WHERE NOT warmup) AS sum_wait_all,
  count(*) FILTER (WHERE NOT warmup AND ((outcome = 'answered' AND wait_s > 0) OR outcome = 'abandoned')) AS waited,
  count(*) FILTER (WHERE NOT warmup AND outcome = 'answered' AND wait_s <= sl_seconds) AS within_t,
  sum(talk_s + wrap_s) FILTER (WHERE NOT warmup AND outcome = 'answered') AS sum_handle,
  sum(greatest(0, least(arrival_s + wait_s, window_end_s) - greatest(arrival_s, window_start_s))) FILTER (WHERE outcome <> 'blocked') AS queue_area,
  any_value(window_end_s - window_start_s) AS window_s
FROM call_records JOIN (SELECT variant, replication, window_start_s, window_end_s, sl_seconds FROM runs) USING (variant, replication)
WHERE kind = 'inbound'
GROUP BY replication ORDER BY replication`;

/** The sales books count conversations that started while the window was open (the measured flag). */
const CONVERSATION_SQL = `
SELECT replication,
  count(*) AS connected,
  sum(converted::INT) AS conversions,
  sum(revenue) AS revenue,
  sum(effective::INT) AS effective,
  sum(satisfaction) AS satisfaction,
  sum(talk_s + wrap_s) AS handle
FROM call_records JOIN (SELECT variant, replication, window_start_s, window_end_s, sl_seconds FROM runs) USING (variant, replication)
WHERE converted IS NOT NULL AND measured
GROUP BY replication ORDER BY replication`;

const TALK_SQL = `
SELECT replication, sum(talk_s) AS talk
FROM call_records JOIN (SELECT variant, replication, window_start_s, window_end_s, sl_seconds FROM runs) USING (variant, replication)
WHERE measured
GROUP BY replication ORDER BY replication`;

/** Agent time in the measurement window by state: each interval clipped to the window. */
const AGENT_SQL = `
SELECT replication,
  sum(inside) FILTER (WHERE state IN ('busy', 'reserved')) AS busy,
  sum(inside) FILTER (WHERE state IN ('idle', 'busy', 'reserved', 'not_ready')) AS staffed,
  sum(inside) FILTER (WHERE state <> 'off') AS on_shift,
  any_value(window_end_s - window_start_s) AS window_s
FROM (
  SELECT s.replication, s.state, window_start_s, window_end_s, greatest(0, least(to_s, window_end_s) - greatest(from_s, window_start_s)) AS inside
  FROM agent_states s JOIN (SELECT variant, replication, window_start_s, window_end_s, sl_seconds FROM runs) USING (variant, replication)
)
GROUP BY replication ORDER BY replication`;

/** Idle spells that ended in work (a call, or an outbound attempt) inside the window. */
const IDLE_SQL = `
SELECT replication, count(*) AS spells, sum(to_s - from_s) AS seconds
FROM (
  SELECT s.*, lead(state) OVER (PARTITION BY variant, replication, agent_id ORDER BY from_s) AS next_state
  FROM agent_states s
) JOIN (SELECT variant, replication, window_start_s, window_end_s, sl_seconds FROM runs) USING (variant, replication)
WHERE state = 'idle' AND next_state IN ('busy', 'reserved') AND to_s >= window_start_s AND to_s < window_end_s
GROUP BY replication ORDER BY replication`;

const OUTBOUND_SQL = `
SELECT replication,
  count(*) FILTER (WHERE arrival_s < window_end_s) AS dials,
  count(*) FILTER (WHERE outcome IN ('connected', 'abandoned', 'amd_false_positive') AND answer_s < window_end_s) AS live_answers,
  count(*) FILTER (WHERE outcome = 'connected' AND connect_s < window_end_s) AS live_connects,
  count(*) FILTER (WHERE right_party AND connect_s < window_end_s) AS right_party,
  count(*) FILTER (WHERE outcome = 'abandoned' AND end_s < window_end_s) AS abandoned_live,
  count(*) FILTER (WHERE outcome = 'amd_false_positive' AND end_s < window_end_s) AS amd_false_positives,
  count(*) FILTER (WHERE outcome IN ('machine_to_agent', 'machine_abandoned') AND answer_s < window_end_s) AS amd_false_negatives
FROM call_records JOIN (SELECT variant, replication, window_start_s, window_end_s, sl_seconds FROM runs) USING (variant, replication)
WHERE kind = 'outbound'
GROUP BY replication ORDER BY replication`;

interface Case {
  name: string;
  scenario: () => Scenario;
  replications: number;
  inbound: boolean;
  outbound: boolean;
  sales: boolean;
}

const CASES: Case[] = [
  { name: 'inbound with customers, shifts, breaks, a waiting room and an hours warm-up', scenario: () => inboundScenario(2), replications: 2, inbound: true, outbound: false, sales: true },
  { name: 'Erlang A with a calls horizon and a calls warm-up', scenario: () => erlangScenario(4000, 2), replications: 2, inbound: true, outbound: false, sales: false },
  { name: 'outbound progressive campaign with AMD and customers', scenario: () => outboundScenario(1), replications: 1, inbound: false, outbound: true, sales: true },
  { name: 'outbound manual dialing (agent-driven attempts)', scenario: manualScenario, replications: 1, inbound: false, outbound: true, sales: false },
];

describe.each(CASES)('records agree with the KPIs: $name', (c) => {
  let dir: string;
  const results: ReplicationResult[] = [];

  beforeAll(() => {
    dir = tempDir('kpis');
    const scenario = c.scenario();
    for (let r = 0; r < c.replications; r++) results.push(runWithRecords(scenario, r, dir));
  });
  afterAll(() => removeDir(dir));

  it('has one runs row per replication with the measurement window of the results', async () => {
    const runs = await sql(dir, 'SELECT replication, window_start_s, window_end_s, call_rows, agent_state_rows FROM runs ORDER BY replication');
    expect(runs.map((r) => r.replication)).toEqual(results.map((r) => r.replication));
    runs.forEach((row, i) => {
      expect(Math.abs((row.window_start_s as number) - results[i].window[0])).toBeLessThanOrEqual(5e-10 * Math.max(1, results[i].window[0]));
      expect(Math.abs((row.window_end_s as number) - results[i].window[1])).toBeLessThanOrEqual(5e-10 * Math.max(1, results[i].window[1]));
    });
    const counts = await sql(dir, 'SELECT replication, count(*) AS n FROM call_records GROUP BY replication ORDER BY replication');
    counts.forEach((row, i) => expect(row.n).toBe(runs[i].call_rows));
  });

  if (c.inbound) it('inbound: offered, answered, abandoned, blocked, ASA, service level, waits, handle time, queue length', async () => {
    const rows = await sql(dir, INBOUND_SQL);
    expect(rows).toHaveLength(results.length);
    rows.forEach((row, i) => {
      const k = results[i].kpis;
      expect(row.offered, 'offered').toBe(k.offered);
      expect(row.answered, 'answered').toBe(k.answered);
      expect(row.abandoned, 'abandoned').toBe(k.abandoned);
      expect(row.blocked, 'blocked').toBe(k.blocked);
      const offered = row.offered as number;
      const answered = row.answered as number;
      expect((row.abandoned as number) / offered).toBe(k.abandonRate);
      expectRel((row.sum_wait_answered as number) / answered, k.asa, 'asa');
      expectRel((row.sum_wait_all as number) / offered, k.meanWait, 'meanWait');
      expect((row.waited as number) / offered, 'waitProbability').toBe(k.waitProbability);
      expect((row.within_t as number) / offered, 'serviceLevel').toBe(k.serviceLevel);
      expect((row.within_t as number) / answered, 'serviceLevelAnswered').toBe(k.serviceLevelAnswered);
      expectRel((row.sum_handle as number) / answered, k.avgHandleTime, 'avgHandleTime');
      expectRel((row.queue_area as number) / (row.window_s as number), k.meanQueueLength, 'meanQueueLength');
    });
    // The scenario exercises every outcome.
    if (c.sales) expect(rows.every((r) => (r.abandoned as number) > 0 && (r.blocked as number) > 0)).toBe(true);
  });

  it('agents: occupancy, staffing, talk share and idle spells from the agent states', async () => {
    const rows = await sql(dir, AGENT_SQL);
    const talk = await sql(dir, TALK_SQL);
    const idle = await sql(dir, IDLE_SQL);
    rows.forEach((row, i) => {
      const k = results[i].kpis;
      expectRel((row.busy as number) / (row.staffed as number), k.occupancy, 'occupancy');
      expectRel((row.staffed as number) / (row.window_s as number), k.agentsStaffed, 'agentsStaffed');
      expectRel((talk[i].talk as number) / (row.on_shift as number), k.talkTimeShare, 'talkTimeShare');
      expect(idle[i].spells, 'idle spells').toBe(results[i].totals.idleSpells);
      expectRel((idle[i].seconds as number) / (idle[i].spells as number), k.meanAgentIdleBetweenCalls, 'meanAgentIdleBetweenCalls');
    });
  });

  if (c.outbound) it('outbound: dials, live answers, connects, right-party contacts, abandons, AMD errors', async () => {
    const rows = await sql(dir, OUTBOUND_SQL);
    rows.forEach((row, i) => {
      const k = results[i].kpis;
      expect(row.dials, 'dials').toBe(k.dials);
      expect((row.live_answers as number) / (row.dials as number), 'connectRate').toBe(k.connectRate);
      expect(row.live_connects, 'liveConnects').toBe(k.liveConnects);
      expect(row.right_party, 'rightPartyContacts').toBe(k.rightPartyContacts);
      expect(row.abandoned_live, 'abandonedLive').toBe(k.abandonedLive);
      expect(row.amd_false_positives, 'amdFalsePositives').toBe(k.amdFalsePositives);
      expect(row.amd_false_negatives, 'amdFalseNegatives').toBe(k.amdFalseNegatives);
    });
  });

  if (c.sales) it('sales: conversions, conversion rate, revenue, effective calls, CSAT, handle time', async () => {
    const rows = await sql(dir, CONVERSATION_SQL);
    rows.forEach((row, i) => {
      const k = results[i].kpis;
      const connected = row.connected as number;
      expect(row.conversions, 'conversions').toBe(k.conversions);
      expect((row.conversions as number) / connected, 'conversionRate').toBe(k.conversionRate);
      expectRel(row.revenue, k.revenue, 'revenue');
      expect((row.effective as number) / connected, 'effectiveCallShare').toBe(k.effectiveCallShare);
      // The call table keeps satisfaction as float32 while the books sum the float64 score: about 1e-8 apart.
      expectRel((row.satisfaction as number) / connected, k.csat, 'csat', 1e-6);
      expectRel((row.handle as number) / connected, k.salesHandleTime, 'salesHandleTime');
      expect(k.conversions as number).toBeGreaterThan(0);
    });
  });
});
