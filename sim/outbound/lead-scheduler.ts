/**
 * Which lead to dial next. Leads wait in a heap by the time they next become eligible (a retry
 * delay, the 72-hour rule, or their calling window opening); once due they move to a ready heap
 * ordered by dialing priority (then by how long they have been ready, then id). Before a ready lead
 * is handed out its calling window is checked again at the lead's local time: a lead that drifted
 * out of its window goes back to wait for the next opening. Work per lead handed out is O(log n).
 */
import { IdHeap } from '../kernel/id-heap.ts';
import { LEAD_ACTIVE, LEAD_DONE, LEAD_PENDING, type LeadTable } from './leads.ts';
import type { ZoneClock } from './zone-clock.ts';

export class LeadScheduler {
  private readonly leads: LeadTable;
  private readonly clocks: ZoneClock[];
  private readonly from: number;
  private readonly to: number;
  private readonly waiting: IdHeap;
  private readonly ready: IdHeap;
  private readonly readyAt: Float64Array;
  /** Dialing priority per lead: lower first (engine scores are negated into it). */
  readonly priority: Float64Array;

  constructor(leads: LeadTable, clocks: ZoneClock[], windowFrom: number, windowTo: number) {
    this.leads = leads;
    this.clocks = clocks;
    this.from = windowFrom;
    this.to = windowTo;
    this.priority = new Float64Array(leads.count);
    this.readyAt = new Float64Array(leads.count);
    this.waiting = new IdHeap(leads.nextEligible, null, Math.max(64, leads.count));
    this.ready = new IdHeap(this.priority, this.readyAt, 1024);
  }

  /** Queues every lead that is not done for its first attempt, at its first calling window from `t`. */
  addAll(t: number): void {
    const l = this.leads;
    for (let i = 0; i < l.count; i++) if (l.status[i] !== LEAD_DONE) this.schedule(i, t);
  }

  /** The lead becomes eligible at `t` at the earliest (moved into its calling window). */
  schedule(lead: number, t: number): void {
    const l = this.leads;
    l.status[lead] = LEAD_PENDING;
    l.nextEligible[lead] = this.clocks[l.zone[lead]].nextInWindow(t, this.from, this.to);
    this.waiting.push(lead);
  }

  /** The next lead to dial now (marked active), or -1 when none is due. */
  take(now: number): number {
    const l = this.leads;
    const waiting = this.waiting;
    const ready = this.ready;
    for (let id = waiting.peek(); id >= 0 && l.nextEligible[id] <= now; id = waiting.peek()) {
      waiting.pop();
      this.readyAt[id] = l.nextEligible[id];
      ready.push(id);
    }
    for (let id = ready.pop(); id >= 0; id = ready.pop()) {
      const next = this.clocks[l.zone[id]].nextInWindow(now, this.from, this.to);
      if (next === now) {
        l.status[id] = LEAD_ACTIVE;
        return id;
      }
      l.nextEligible[id] = next;
      waiting.push(id);
    }
    return -1;
  }

  /** Time the next waiting lead falls due (Infinity when none waits). */
  nextDue(): number {
    const id = this.waiting.peek();
    return id >= 0 ? this.leads.nextEligible[id] : Infinity;
  }

  /** Leads ready now or waiting for later (not active, not done). */
  get pending(): number {
    return this.waiting.size + this.ready.size;
  }

  /** True when a ready lead exists (due now). */
  get hasReady(): boolean {
    return this.ready.size > 0;
  }
}
