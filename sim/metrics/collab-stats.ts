/**
 * The books of human-AI collaboration over the measurement window: bot sessions and how they
 * ended, handoffs, calls back, the bot's own follow-up calls and sales, human handle times (all
 * and complex cases), sentiment alerts, supervisor interventions and busy time, complaints, and
 * satisfaction over every customer contact (bot sessions and human conversations) for CSAT and
 * NPS. Calls count when they reached the center inside the window (as InboundStats counts them);
 * conversations when they started inside it (as SalesStats does); supervisor time is clipped to it.
 */

export interface CollabTotals {
  /** Inbound calls that reached the center (before any bot). */
  received: number;
  botSessions: number;
  contained: number;
  botHangups: number;
  handoffs: number;
  priorityHandoffs: number;
  callbacksOffered: number;
  callbacksAccepted: number;
  botSeconds: number;
  /** The bot's follow-up of low-value leads: dials, conversations, sales, revenue, leads handed to humans. */
  botDials: number;
  botConversations: number;
  botConversions: number;
  botRevenue: number;
  botLeadHandoffs: number;
  /** Of botHangups, those on the bot's follow-up calls (the rest are inbound callers). */
  botOutboundHangups: number;
  humanConversations: number;
  humanHandleSum: number;
  complexConversations: number;
  complexHandleSum: number;
  alerts: number;
  interventions: number;
  supervisorBusySeconds: number;
  supervisors: number;
  complaints: number;
  contacts: number;
  satisfactionSum: number;
  promoters: number;
  detractors: number;
}

/** NPS bands on the 0-100 satisfaction scale (a 0-10 answer times ten): promoters 9-10, detractors 0-6. */
export const PROMOTER_FROM = 85;
export const DETRACTOR_BELOW = 65;

export class CollabStats {
  received = 0;
  botSessions = 0;
  contained = 0;
  botHangups = 0;
  handoffs = 0;
  priorityHandoffs = 0;
  callbacksOffered = 0;
  callbacksAccepted = 0;
  botSeconds = 0;
  botDials = 0;
  botConversations = 0;
  botConversions = 0;
  botRevenue = 0;
  botLeadHandoffs = 0;
  botOutboundHangups = 0;
  humanConversations = 0;
  humanHandleSum = 0;
  complexConversations = 0;
  complexHandleSum = 0;
  alerts = 0;
  interventions = 0;
  complaints = 0;
  contacts = 0;
  satisfactionSum = 0;
  promoters = 0;
  detractors = 0;
  // Supervisor busy time: an integral of the busy count, clipped to the window.
  private busy = 0;
  private busyArea = 0;
  private lastChange = 0;
  private windowOpen = false;

  constructor(readonly supervisors: number) {}

  /** A customer contact ended with this satisfaction (0-100); `measured` as the contact was counted. */
  contact(satisfaction: number, complaint: boolean, measured: boolean): void {
    if (!measured) return;
    this.contacts++;
    this.satisfactionSum += satisfaction;
    if (satisfaction >= PROMOTER_FROM) this.promoters++;
    else if (satisfaction < DETRACTOR_BELOW) this.detractors++;
    if (complaint) this.complaints++;
  }

  /** The number of busy supervisors changes by `delta` at time `now`. */
  supervisorBusy(delta: number, now: number): void {
    if (this.windowOpen) this.busyArea += this.busy * (now - this.lastChange);
    this.lastChange = now;
    this.busy += delta;
  }

  openWindow(now: number): void {
    this.lastChange = now;
    this.windowOpen = true;
  }

  closeWindow(now: number): void {
    if (!this.windowOpen) return;
    this.busyArea += this.busy * (now - this.lastChange);
    this.lastChange = now;
    this.windowOpen = false;
  }

  totals(): CollabTotals {
    return {
      received: this.received,
      botSessions: this.botSessions,
      contained: this.contained,
      botHangups: this.botHangups,
      handoffs: this.handoffs,
      priorityHandoffs: this.priorityHandoffs,
      callbacksOffered: this.callbacksOffered,
      callbacksAccepted: this.callbacksAccepted,
      botSeconds: this.botSeconds,
      botDials: this.botDials,
      botConversations: this.botConversations,
      botConversions: this.botConversions,
      botRevenue: this.botRevenue,
      botLeadHandoffs: this.botLeadHandoffs,
      botOutboundHangups: this.botOutboundHangups,
      humanConversations: this.humanConversations,
      humanHandleSum: this.humanHandleSum,
      complexConversations: this.complexConversations,
      complexHandleSum: this.complexHandleSum,
      alerts: this.alerts,
      interventions: this.interventions,
      supervisorBusySeconds: this.busyArea,
      supervisors: this.supervisors,
      complaints: this.complaints,
      contacts: this.contacts,
      satisfactionSum: this.satisfactionSum,
      promoters: this.promoters,
      detractors: this.detractors,
    };
  }
}
