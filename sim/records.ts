/**
 * Hooks for per-call and per-agent records. The center calls a sink when a call ends (answered
 * calls at their departure, abandoned ones when they hang up, blocked ones at arrival) and whenever
 * an agent's state changes; the dialer reports each attempt's end. A sink reads what it needs from
 * the center's tables (slots, agent ids; nothing is allocated to pass a record) and buffers columns
 * (bench/records/): with no sink the cost is one null check.
 */
import type { Center } from './center.ts';
import type { Dialer } from './outbound/dialer.ts';

export const CALL_ANSWERED = 0;
export const CALL_ABANDONED = 1;
export const CALL_BLOCKED = 2;
/** Ended in the AI voice bot: the need settled there (contained), or the caller hung up on the bot. */
export const CALL_CONTAINED = 3;
export const CALL_BOT_HANGUP = 4;

export interface RecordSink {
  /** An inbound call ended; its slot's columns are still readable (result: CALL_ANSWERED, CALL_ABANDONED, CALL_CONTAINED or CALL_BOT_HANGUP). */
  callEnded(center: Center, slot: number, result: number, agent: number): void;
  /** An inbound call found the waiting room full (it never had a slot). */
  callBlocked(center: Center, callIndex: number, customer: number): void;
  /** An outbound attempt ended; its slot's columns are still readable. */
  attemptEnded(center: Center, dialer: Dialer, slot: number): void;
  /** Agent `agent` entered `state` (AGENT_* codes) now. */
  agentState(center: Center, agent: number, state: number): void;
}
