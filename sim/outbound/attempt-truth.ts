/**
 * The world's side of a dial attempt: what happens on the line, decided from the lead's hidden
 * behaviour and draws keyed by (lead, attempt number). Pacing decides how many attempts are made
 * and when; it never changes the draws an attempt uses, so whether a person answers attempt k of
 * lead i depends only on the lead, k and the local hour and weekday the call lands in.
 *
 *   invalid number          -> fails fast (SIT tone)
 *   busy                    -> fails fast
 *   a person picks up       -> after the ring time, if within the no-answer timeout; right party or not
 *   else a machine picks up -> after the ring time, if within the timeout
 *   else                    -> no answer at the timeout
 * AMD (dialer-placed calls only: an agent on the line recognises a machine) hangs up on a live
 * person with the false-positive rate and passes a machine with the false-negative rate.
 */
import type { OutboundModel } from '../model.ts';
import { KeyedStream } from '../random/stream.ts';
import type { LeadTable } from './leads.ts';
import type { ZoneClock } from './zone-clock.ts';

export const OUT_INVALID = 0;
export const OUT_BUSY = 1;
export const OUT_NO_ANSWER = 2;
export const OUT_MACHINE = 3;
export const OUT_LIVE = 4;

const INVALID_SECONDS = 4;
const BUSY_SECONDS = 5;
/** Keyed entity of attempt k of lead i (k < ATTEMPT_SLOTS). */
export const ATTEMPT_SLOTS = 32;

/** What the line did, written into per-slot arrays the dialer owns. */
export interface AttemptColumns {
  outcome: Uint8Array;
  rightParty: Uint8Array;
  /** AMD's verdict: 1 = it hangs up (takes the answer for a machine). */
  amdHangup: Uint8Array;
  /** Seconds from dial until the outcome is known to the dialer (end of greeting for answers). */
  resolveAfter: Float64Array;
  /** Seconds from dial until pickup (answers only). */
  ringSeconds: Float64Array;
}

export class AttemptTruth {
  private readonly m: OutboundModel;
  private readonly leads: LeadTable;
  private readonly clocks: ZoneClock[];
  private readonly draws: KeyedStream;
  private readonly ringStream: KeyedStream;
  private readonly greetingStream: KeyedStream;

  /** `streams` prefixes the stream names: the bot's own follow-up calls draw apart from the human dialer's. */
  constructor(m: OutboundModel, leads: LeadTable, clocks: ZoneClock[], seed: number, replication: number, streams = '') {
    this.m = m;
    this.leads = leads;
    this.clocks = clocks;
    this.draws = new KeyedStream(seed, replication, `${streams}attempt`);
    this.ringStream = new KeyedStream(seed, replication, `${streams}ring`);
    this.greetingStream = new KeyedStream(seed, replication, `${streams}greeting`);
  }

  /** Probability that a person answers lead i at simulated time t (hidden). */
  answerProbability(lead: number, t: number): number {
    const m = this.m;
    const l = this.leads;
    const clock = this.clocks[l.zone[lead]];
    const p = m.answer * l.propensity[lead] * m.hourFactors[clock.hourAt(t)] * m.weekdayFactors[clock.weekdayAt(t)] * (l.mobile[lead] ? m.mobileFactor : 1);
    return p < 1 ? p : 1;
  }

  /**
   * Decides attempt `entity` (= lead × ATTEMPT_SLOTS + attempt number) of `lead`, dialed at t, into
   * `slot` of the columns. `agentOnLine`: an agent placed the call and hears the pickup (no AMD).
   */
  decide(slot: number, lead: number, entity: number, t: number, agentOnLine: boolean, c: AttemptColumns): void {
    const m = this.m;
    const d = this.draws;
    c.rightParty[slot] = 0;
    c.amdHangup[slot] = 0;
    c.ringSeconds[slot] = 0;
    if (this.leads.invalid[lead]) {
      c.outcome[slot] = OUT_INVALID;
      c.resolveAfter[slot] = INVALID_SECONDS;
      return;
    }
    if (d.uniform(entity, 0) < m.busy) {
      c.outcome[slot] = OUT_BUSY;
      c.resolveAfter[slot] = BUSY_SECONDS;
      return;
    }
    const person = d.uniform(entity, 1) < this.answerProbability(lead, t);
    const machine = !person && d.uniform(entity, 2) < m.machine;
    if (person || machine) {
      m.ringTime.draw(this.ringStream, entity);
      const ring = m.ringTime.out[0];
      if (ring <= m.noAnswerTimeout) {
        m.greeting.draw(this.greetingStream, entity);
        c.ringSeconds[slot] = ring;
        c.resolveAfter[slot] = ring + m.greeting.out[0];
        const amdOn = m.amd.enabled && !agentOnLine;
        if (person) {
          c.outcome[slot] = OUT_LIVE;
          c.rightParty[slot] = d.uniform(entity, 3) < m.rightParty ? 1 : 0;
          c.amdHangup[slot] = amdOn && d.uniform(entity, 4) < m.amd.falsePositiveRate ? 1 : 0;
        } else {
          c.outcome[slot] = OUT_MACHINE;
          // An agent on the line always recognises a machine; AMD misses some.
          c.amdHangup[slot] = agentOnLine || (amdOn && d.uniform(entity, 4) >= m.amd.falseNegativeRate) ? 1 : 0;
        }
        return;
      }
    }
    c.outcome[slot] = OUT_NO_ANSWER;
    c.resolveAfter[slot] = m.noAnswerTimeout;
  }
}
