/**
 * The record tables ccsim writes with `--records DIR`: their columns, DuckDB types and meanings.
 * One place read by the writer (key order), the DuckDB views (`read_json` column types), the README
 * and the CDR/agent-log importer of issue 11.
 *
 * Conventions, for every table:
 * - Times are given twice: as ISO 8601 strings in the center's local wall-clock time with its UTC
 *   offset and millisecond precision (`2026-03-02T09:15:04.250+00:00`, typed TIMESTAMPTZ in the
 *   views), and as seconds since the scenario's start (`*_s`, DOUBLE, rounded to the nanosecond).
 *   Durations (`wait_s`, `talk_s`, `wrap_s`, `seconds`) are computed from the unrounded simulated
 *   times, then rounded to the nanosecond.
 * - NDJSON files omit a key whose value is null: read them with the column list below (as the
 *   views of `ccsim query` do), or with any reader that treats a missing key as null.
 * - Booleans are JSON true/false; string values come from small dictionaries (group, segment,
 *   outcome and state names).
 */

export type ColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ';

export interface Column {
  name: string;
  type: ColumnType;
  /** What the value means; "null when ..." says when it is missing. */
  meaning: string;
}

/** Version of the records layout (file names, tables, columns); bumped on breaking changes. */
export const RECORDS_LAYOUT_VERSION = 1;

/** Outcomes of an inbound call. */
export const INBOUND_OUTCOMES = ['answered', 'abandoned', 'blocked', 'contained', 'bot_hangup'] as const;
/** What became of a call in the AI voice bot (sim/collab/collaboration.ts BOT_* codes, in order). */
export const BOT_RESULTS = ['contained', 'hangup', 'handoff', 'priority_handoff'] as const;
/** A sentiment alert: a calming script only, or a supervisor joined too. */
export const ALERT_KINDS = ['calming_script', 'supervisor'] as const;

/** Results of an outbound dial attempt, indexed by the dialer's RES_* codes (sim/outbound/dialer.ts). */
export const ATTEMPT_OUTCOMES = [
  'none',
  'no_answer',
  'busy',
  'invalid',
  'machine_hangup',
  'amd_false_positive',
  'connected',
  'machine_to_agent',
  'abandoned',
  'machine_abandoned',
] as const;

/** Agent states, indexed by the center's AGENT_* codes (sim/center.ts). */
export const AGENT_STATE_NAMES = ['off', 'idle', 'busy', 'break', 'reserved', 'not_ready'] as const;

/** How the variant a record belongs to was chosen for its calls. */
export const ASSIGNMENTS = ['randomized', 'policy'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];

export const CALL_RECORD_COLUMNS: readonly Column[] = [
  { name: 'record_id', type: 'VARCHAR', meaning: 'unique within a variant: "i<replication>-<call_index>" for an inbound call, "o<replication>-<lead_id>-<attempt_no>" for a dial attempt' },
  { name: 'kind', type: 'VARCHAR', meaning: '"inbound" (a call that arrived) or "outbound" (a dial attempt)' },
  { name: 'variant', type: 'VARCHAR', meaning: 'the scenario name (in a comparison, the variant\'s name)' },
  { name: 'replication', type: 'INTEGER', meaning: 'replication number (its random streams are keyed by it)' },
  { name: 'assignment', type: 'VARCHAR', meaning: '"randomized" when the variant (script, policy) was assigned to calls at random, so comparisons between variants are causal; "policy" when a policy chose it (comparisons are observational)' },
  { name: 'call_index', type: 'BIGINT', meaning: 'inbound: arrival index in the replication, from 0, warm-up included (the key of the call\'s random draws); null for attempts' },
  { name: 'lead_id', type: 'VARCHAR', meaning: 'outbound: the lead\'s id (the list file\'s id, or its index in a generated list); null for inbound' },
  { name: 'attempt_no', type: 'INTEGER', meaning: 'outbound: attempt number for the lead, from 1; null for inbound' },
  { name: 'lead_time_zone', type: 'VARCHAR', meaning: 'outbound: the lead\'s IANA time zone (its calling window and answer rates follow its local time); null for inbound' },
  { name: 'phone_type', type: 'VARCHAR', meaning: 'outbound: "mobile" or "landline"; null for inbound' },
  { name: 'customer_id', type: 'INTEGER', meaning: 'the customer of the population (index); for outbound the lead (the list is the population\'s first customers); null without a population' },
  { name: 'segment', type: 'VARCHAR', meaning: 'the customer\'s segment (population); for outbound without a population, the lead\'s list segment; null when unknown' },
  { name: 'agent_id', type: 'INTEGER', meaning: 'the agent who took the call (inbound: answered it; outbound: got the connect, or placed it for preview/manual dialing); null when no agent' },
  { name: 'agent_group', type: 'VARCHAR', meaning: 'the agent\'s group (scenario agents[].group); null when no agent' },
  { name: 'arrival_time', type: 'TIMESTAMPTZ', meaning: 'inbound: when the call arrived; outbound: when the number was dialed' },
  { name: 'answer_time', type: 'TIMESTAMPTZ', meaning: 'inbound: when an agent answered; outbound: when the line was answered (a person or a machine picked up and the greeting ended); null when never answered' },
  { name: 'connect_time', type: 'TIMESTAMPTZ', meaning: 'outbound: when the answered call reached an agent; null for inbound and for attempts no agent took' },
  { name: 'end_time', type: 'TIMESTAMPTZ', meaning: 'when the line was released: end of the conversation (before after-call work), the caller hanging up, a blocked call\'s arrival, the end of ringing or of the dialer\'s connect limit' },
  { name: 'arrival_s', type: 'DOUBLE', meaning: 'arrival_time in seconds since the scenario start (simulated time)' },
  { name: 'answer_s', type: 'DOUBLE', meaning: 'answer_time in seconds since the start' },
  { name: 'connect_s', type: 'DOUBLE', meaning: 'connect_time in seconds since the start' },
  { name: 'end_s', type: 'DOUBLE', meaning: 'end_time in seconds since the start' },
  { name: 'wait_s', type: 'DOUBLE', meaning: 'inbound: time in queue (answer - arrival, or until the caller hung up; 0 when blocked); outbound: time an answered call waited for an agent (connect - answer, or until abandoned); null for attempts never answered' },
  { name: 'talk_s', type: 'DOUBLE', meaning: 'conversation time with an agent; null when no conversation' },
  { name: 'wrap_s', type: 'DOUBLE', meaning: 'after-call work (for preview/manual attempts that did not connect: the disposition time); null when none' },
  { name: 'outcome', type: 'VARCHAR', meaning: `inbound: ${INBOUND_OUTCOMES.join(', ')}; outbound: ${ATTEMPT_OUTCOMES.slice(1).join(', ')}` },
  { name: 'right_party', type: 'BOOLEAN', meaning: 'outbound live connects: true when the wanted person answered; null otherwise' },
  { name: 'converted', type: 'BOOLEAN', meaning: 'the conversation sold; null when no conversation with a customer of the population took place (so avg(converted::INT) is the conversion rate per conversation)' },
  { name: 'revenue', type: 'DOUBLE', meaning: 'revenue of the sale (0 when the conversation did not sell); null when converted is null' },
  { name: 'satisfaction', type: 'DOUBLE', meaning: 'modelled satisfaction score 0-100 of the conversation; null when converted is null' },
  { name: 'effective', type: 'BOOLEAN', meaning: 'the conversation was a real one (not cut short by language or style mismatch); null when converted is null' },
  { name: 'routing_policy', type: 'VARCHAR', meaning: 'routing policy of the scenario (longest-idle, skill-based, weighted)' },
  { name: 'pacing_policy', type: 'VARCHAR', meaning: 'outbound: pacing policy of the campaign (preview, manual, progressive, fixed-buffer, predictive); null for inbound' },
  { name: 'warmup', type: 'BOOLEAN', meaning: 'true when the call arrived (was dialed) before the measurement window opened; the call-based KPIs (offered, answered, ASA, service level, ...) exclude such calls' },
  { name: 'measured', type: 'BOOLEAN', meaning: 'the conversation started while the measurement window was open: the sales KPIs (conversions, revenue, CSAT) and talk time count it (decided by event order, so exact even at the window\'s edges); null when no conversation' },
  { name: 'script_id', type: 'VARCHAR', meaning: 'the first intent-specific script that script assist suggested on the call (engine/script-catalog.ts ids); null without assist or when none was suggested' },
  { name: 'true_intent', type: 'VARCHAR', meaning: "the customer's true intent in their first turn (world truth); null without assist" },
  { name: 'predicted_intent', type: 'VARCHAR', meaning: "the intent the engine's model heard in that turn (through speech-recognition noise); null without assist" },
  { name: 'arm', type: 'VARCHAR', meaning: 'split centers (scenario pilot): "baseline" or "treatment". Unit calls: the arm drawn at random for the call or lead (also for calls no agent took); unit agents: the arm of the agent who took it (null when none did). Null without a pilot' },
  { name: 'bot_result', type: 'VARCHAR', meaning: `human-AI collaboration: what became of the call in the AI voice bot (${BOT_RESULTS.join(', ')}); null when the bot never took it` },
  { name: 'bot_s', type: 'DOUBLE', meaning: 'seconds the call spent with the bot; null when the bot never took it' },
  { name: 'queued_s', type: 'DOUBLE', meaning: 'inbound with a bot: when the call was offered to the humans (the bot\'s handoff; arrival_s for calls the bot did not take); wait_s runs from here. Null when it ended in the bot, and in scenarios without collaboration' },
  { name: 'call_reason', type: 'VARCHAR', meaning: 'human-AI collaboration: why the customer called, their true first need (world truth); null when not drawn' },
  { name: 'complaint', type: 'BOOLEAN', meaning: 'human-AI collaboration: the customer complained after the conversation (world); null when no human conversation' },
  { name: 'alert', type: 'VARCHAR', meaning: `human-AI collaboration: the engine's sentiment alert during the conversation (${ALERT_KINDS.join(', ')}); null when none` },
  { name: 'callback', type: 'BOOLEAN', meaning: 'human-AI collaboration: the caller took a call back instead of waiting on the line (true; null otherwise)' },
];

export const AGENT_STATE_COLUMNS: readonly Column[] = [
  { name: 'variant', type: 'VARCHAR', meaning: 'the scenario name (in a comparison, the variant\'s name)' },
  { name: 'replication', type: 'INTEGER', meaning: 'replication number' },
  { name: 'agent_id', type: 'INTEGER', meaning: 'agent id (0-based, groups in scenario order)' },
  { name: 'agent_group', type: 'VARCHAR', meaning: 'the agent\'s group' },
  { name: 'state', type: 'VARCHAR', meaning: `${AGENT_STATE_NAMES.join(', ')}: off shift; available; on a call (talk and after-call work); on a break; working an outbound attempt before a conversation (preview, dialing, ringing, disposition); on shift but winding down before a break or the shift end (the dialer stops counting on them)` },
  { name: 'from_time', type: 'TIMESTAMPTZ', meaning: 'when the agent entered the state' },
  { name: 'to_time', type: 'TIMESTAMPTZ', meaning: 'when the agent left it (the last interval of each agent ends at the end of the run)' },
  { name: 'from_s', type: 'DOUBLE', meaning: 'from_time in seconds since the scenario start' },
  { name: 'to_s', type: 'DOUBLE', meaning: 'to_time in seconds since the scenario start' },
  { name: 'seconds', type: 'DOUBLE', meaning: 'length of the interval; 0 for a state the agent passed through at one instant (e.g. available between two attempts)' },
];

/** One row per replication: what a reader needs to interpret the other two tables. */
export const RUN_COLUMNS: readonly Column[] = [
  { name: 'variant', type: 'VARCHAR', meaning: 'the scenario name (in a comparison, the variant\'s name)' },
  { name: 'replication', type: 'INTEGER', meaning: 'replication number' },
  { name: 'scenario', type: 'VARCHAR', meaning: 'the scenario\'s own name' },
  { name: 'seed', type: 'BIGINT', meaning: 'the scenario seed' },
  { name: 'assignment', type: 'VARCHAR', meaning: 'as in call_records' },
  { name: 'time_zone', type: 'VARCHAR', meaning: 'the center\'s IANA time zone (the ISO times are its local time)' },
  { name: 'start_time', type: 'TIMESTAMPTZ', meaning: 'the scenario start (simulated time 0)' },
  { name: 'window_start_time', type: 'TIMESTAMPTZ', meaning: 'when the measurement window opened (end of the warm-up)' },
  { name: 'window_end_time', type: 'TIMESTAMPTZ', meaning: 'when it closed (the horizon; the last arrival for a calls horizon)' },
  { name: 'window_start_s', type: 'DOUBLE', meaning: 'window start in seconds since the scenario start' },
  { name: 'window_end_s', type: 'DOUBLE', meaning: 'window end in seconds since the scenario start' },
  { name: 'end_s', type: 'DOUBLE', meaning: 'end of the run (every call finished) in seconds since the start' },
  { name: 'sl_seconds', type: 'DOUBLE', meaning: 'the service-level threshold T of the scenario (answered within T seconds)' },
  { name: 'routing_policy', type: 'VARCHAR', meaning: 'routing policy' },
  { name: 'pacing_policy', type: 'VARCHAR', meaning: 'pacing policy; null without a campaign' },
  { name: 'call_rows', type: 'BIGINT', meaning: 'rows this replication wrote to call_records' },
  { name: 'agent_state_rows', type: 'BIGINT', meaning: 'rows this replication wrote to agent_states' },
];

export const TABLES = {
  call_records: { file: 'calls', columns: CALL_RECORD_COLUMNS },
  agent_states: { file: 'agent-states', columns: AGENT_STATE_COLUMNS },
  runs: { file: 'runs', columns: RUN_COLUMNS },
} as const;
export type TableName = keyof typeof TABLES;

/** The `columns` argument of DuckDB's read_json for a table: {'name': 'TYPE', ...}. */
export function duckdbColumnsStruct(columns: readonly Column[]): string {
  return `{${columns.map((c) => `'${c.name}': '${c.type}'`).join(', ')}}`;
}

/** The schema as a markdown table (README, `ccsim query --schema`). */
export function schemaMarkdown(columns: readonly Column[]): string {
  const rows = columns.map((c) => `| \`${c.name}\` | ${c.type} | ${c.meaning.replace(/\|/g, '\\|')} |`);
  return ['| column | type | meaning |', '|---|---|---|', ...rows].join('\n');
}
