/**
 * The layouts `ccsim data check` and `ccsim calibrate` read: call-detail records (inbound calls and
 * outbound dial attempts in one table, told apart by `kind`) and agent logs. The column names are
 * those of ccsim's own records (bench/records/schema.ts), so a records folder imports as it is; an
 * export with other names is read through a mapping (`--map canonical=theirs`).
 */
import { ATTEMPT_OUTCOMES, INBOUND_OUTCOMES } from '../records/schema.ts';

export interface LayoutColumn {
  name: string;
  /** What the column holds; "(required)" when a row cannot be used without it. */
  meaning: string;
}

export const CDR_COLUMNS: readonly LayoutColumn[] = [
  { name: 'record_id', meaning: 'unique id of the call or attempt (duplicates are reported and dropped); without it, identical rows count as duplicates' },
  { name: 'kind', meaning: '"inbound" or "outbound" (default inbound; outbound when the row has a lead_id)' },
  { name: 'call_type', meaning: 'optional call type; handle times are fitted per type (default: the kind)' },
  { name: 'arrival_time', meaning: '(required) inbound: when the call arrived; outbound: when the number was dialed. ISO 8601, with a UTC offset or in the center\'s local time (--time-zone)' },
  { name: 'answer_time', meaning: 'inbound: when an agent answered; outbound: when the line was answered' },
  { name: 'end_time', meaning: 'when the line was released (end of the conversation, or the caller hanging up)' },
  { name: 'wait_s', meaning: 'seconds in queue (answered: until answered; abandoned: until hanging up); else from answer_time or end_time' },
  { name: 'talk_s', meaning: 'conversation seconds; else end_time - answer_time' },
  { name: 'wrap_s', meaning: 'after-call work seconds (optional)' },
  { name: 'outcome', meaning: `(required) inbound: ${INBOUND_OUTCOMES.join(', ')}; outbound: ${ATTEMPT_OUTCOMES.slice(1).join(', ')}` },
  { name: 'agent_id', meaning: 'the agent who took the call (optional)' },
  { name: 'lead_id', meaning: 'outbound: the lead (list entry) dialed' },
  { name: 'attempt_no', meaning: 'outbound: attempt number for the lead, from 1' },
  { name: 'lead_time_zone', meaning: 'outbound: the lead\'s IANA time zone (answer rates are fitted by the lead\'s local hour); default the center\'s' },
];

export const AGENT_LOG_COLUMNS: readonly LayoutColumn[] = [
  { name: 'agent_id', meaning: '(required) the agent' },
  { name: 'state', meaning: '(required) off, idle, busy, break, reserved, not_ready (idle, busy, reserved and not_ready count as present)' },
  { name: 'from_time', meaning: '(required) when the agent entered the state' },
  { name: 'to_time', meaning: '(required) when the agent left it' },
];

export const CDR_NAMES = CDR_COLUMNS.map((c) => c.name);
export const AGENT_LOG_NAMES = AGENT_LOG_COLUMNS.map((c) => c.name);

/** Outcome words other systems use, mapped to ccsim's. */
const INBOUND_SYNONYMS: Record<string, (typeof INBOUND_OUTCOMES)[number]> = {
  answered: 'answered',
  handled: 'answered',
  completed: 'answered',
  abandoned: 'abandoned',
  abandon: 'abandoned',
  blocked: 'blocked',
  rejected: 'blocked',
};

export const INBOUND_ANSWERED = 0;
export const INBOUND_ABANDONED = 1;
export const INBOUND_BLOCKED = 2;

/** Index into INBOUND_OUTCOMES, or -1. */
export function inboundOutcome(text: string): number {
  const o = INBOUND_SYNONYMS[text.trim().toLowerCase()];
  return o === undefined ? -1 : INBOUND_OUTCOMES.indexOf(o);
}

/** Index into ATTEMPT_OUTCOMES (1..), or -1. */
export function attemptOutcome(text: string): number {
  const i = ATTEMPT_OUTCOMES.indexOf(text.trim().toLowerCase() as (typeof ATTEMPT_OUTCOMES)[number]);
  return i >= 1 ? i : -1;
}

/** Outbound outcome classes for answer rates: a person answered, a machine, busy, no answer, invalid number. */
export const ATTEMPT_CLASSES = ['answer', 'machine', 'busy', 'no_answer', 'invalid'] as const;
export type AttemptClass = (typeof ATTEMPT_CLASSES)[number];

export function attemptClass(outcome: number): AttemptClass {
  switch (ATTEMPT_OUTCOMES[outcome]) {
    case 'connected':
    case 'abandoned':
    case 'amd_false_positive':
      return 'answer';
    case 'machine_hangup':
    case 'machine_to_agent':
    case 'machine_abandoned':
      return 'machine';
    case 'busy':
      return 'busy';
    case 'invalid':
      return 'invalid';
    default:
      return 'no_answer';
  }
}

/** Agent states that count as present (staffed, on the phones). */
export const PRESENT_STATES = new Set(['idle', 'busy', 'reserved', 'not_ready']);
export const KNOWN_STATES = new Set(['off', 'idle', 'busy', 'break', 'reserved', 'not_ready']);

/** Parses `--map canonical=column` options into a mapping; throws a message on a bad one. */
export function parseMapping(pairs: readonly string[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const name = eq < 0 ? '' : p.slice(0, eq).trim();
    const column = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (!name || !column) throw new Error(`--map: expected canonical=column (e.g. arrival_time=StartTime), found "${p}"`);
    if (!known.includes(name)) throw new Error(`--map: expected a column of the layout (${known.join(', ')}), found "${name}"`);
    out[name] = column;
  }
  return out;
}
