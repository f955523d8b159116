// Issue 6 acceptance (tests): over random centers with a bot, handoffs (priority queue, calls back),
// supervisors and the bot's own follow-up calls: a handed-off call is never lost or double-handled,
// supervisors never exceed their count, bot sessions never exceed capacity, and the books add up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenarios/load.ts';
import type { Center, CenterObserver } from '../../../sim/center.ts';
import { compileModel } from '../../../sim/model.ts';
import { CALL_ABANDONED, CALL_ANSWERED, CALL_BOT_HANGUP, CALL_CONTAINED } from '../../../sim/records.ts';
import { runReplication, type ReplicationSink } from '../../../sim/replication.ts';

interface Spec {
  seed: number;
  agents: number;
  perHour: number;
  capacity: number;
  hangup: number;
  supervisors: number;
  callback: boolean;
  waitingRoom: number | null;
  contain: boolean;
}

function scenario(s: Spec) {
  return parseScenario(
    {
      name: 'collab-prop',
      seed: s.seed,
      horizon: { hours: 2 },
      inbound: {
        arrivals: { perHour: s.perHour },
        talkTime: { dist: 'exponential', mean: 200 },
        patience: { dist: 'exponential', mean: 90 },
        ...(s.waitingRoom !== null ? { queue: { capacity: s.waitingRoom } } : {}),
      },
      customers: { count: 2000 },
      supervision: { supervisors: s.supervisors, threshold: -0.2 },
      bot: {
        inbound: 'all',
        capacity: s.capacity,
        hangup: s.hangup,
        handoff: {
          ...(s.contain ? {} : { contain: [] }),
          whenNoHuman: s.callback ? 'callback' : 'wait',
          callbackQueueLength: 1,
        },
      },
      agents: [{ group: 'all', count: s.agents, shift: { start: '00:00', end: '01:30' } }, { group: 'late', count: 2, shift: { start: '00:30', end: '02:00' } }],
    },
    'prop',
  );
}

const spec = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  agents: fc.integer({ min: 1, max: 8 }),
  perHour: fc.integer({ min: 20, max: 200 }),
  capacity: fc.integer({ min: 1, max: 12 }),
  hangup: fc.constantFrom(0, 0.1, 0.4),
  supervisors: fc.integer({ min: 0, max: 3 }),
  callback: fc.boolean(),
  waitingRoom: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  contain: fc.boolean(),
});

class Books implements ReplicationSink, CenterObserver {
  ends = new Map<number, number>();
  answered = new Set<number>();
  blocked = new Set<number>();
  violations: string[] = [];
  busyUntil: number[] = [];
  callEnded(center: Center, slot: number, result: number): void {
    const index = center.calls.index[slot];
    if (this.ends.has(index) || this.blocked.has(index)) this.violations.push(`call ${index} ended twice`);
    this.ends.set(index, result);
    const bot = center.calls.bot[slot];
    if (bot >= 2 && (result === CALL_CONTAINED || result === CALL_BOT_HANGUP)) this.violations.push(`handed-off call ${index} ended in the bot`);
    if ((result === CALL_CONTAINED || result === CALL_BOT_HANGUP) && bot !== (result === CALL_CONTAINED ? 0 : 1)) this.violations.push(`call ${index}: bot result ${bot} vs end ${result}`);
    if (result === CALL_ABANDONED && center.calls.callback[slot] === 1) this.violations.push(`call ${index} abandoned while holding a call back`);
  }
  callBlocked(_center: Center, index: number): void {
    if (this.ends.has(index) || this.blocked.has(index)) this.violations.push(`call ${index} ended twice (blocked)`);
    this.blocked.add(index);
  }
  attemptEnded(): void {}
  agentState(): void {}
  onAnswer(index: number, agent: number, _arrival: number, now: number, handle: number): void {
    if (this.answered.has(index)) this.violations.push(`call ${index} answered twice`);
    this.answered.add(index);
    if ((this.busyUntil[agent] ?? -Infinity) > now + 1e-9) this.violations.push(`agent ${agent} double-booked at ${now}`);
    this.busyUntil[agent] = now + handle;
  }
  onEvent(_kind: number, _now: number, center: Center): void {
    const c = center.collab!;
    const sup = center.model.world!.collab!.supervision!.supervisors;
    if (c.supervisorsBusy < 0 || c.supervisorsBusy > sup) this.violations.push(`${c.supervisorsBusy} supervisors busy of ${sup}`);
    if (c.sessions < 0 || c.botFree < 0) this.violations.push(`${c.sessions} bot sessions, capacity ${c.sessions + c.botFree}`);
  }
}

describe('collaboration invariants', () => {
  it('every call ends exactly once; handoffs are answered at most once, never double-book an agent, never end in the bot; supervisors and sessions stay within their counts; the books add up', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const books = new Books();
        const model = compileModel(scenario(s));
        const r = runReplication(model, 0, { center: books }, { sink: () => books });
        expect(books.violations).toEqual([]);
        const generated = r.calls;
        expect(books.ends.size + books.blocked.size).toBe(generated);
        // Every call answered by an agent ended as answered, and vice versa.
        const answeredEnds = [...books.ends.values()].filter((x) => x === CALL_ANSWERED).length;
        expect(answeredEnds).toBe(books.answered.size);
        const c = r.collab!;
        const t = r.totals;
        // No warm-up: every call counts. Received = ended in the bot + offered to humans.
        expect(c.received).toBe(generated);
        expect(c.contained + c.botHangups + t.offered).toBe(c.received);
        expect(t.answered + t.abandoned + t.blocked).toBe(t.offered);
        expect(c.contained + c.botHangups + c.handoffs).toBe(c.botSessions);
        expect(c.interventions).toBeLessThanOrEqual(c.alerts);
        expect(c.supervisorBusySeconds).toBeLessThanOrEqual(s.supervisors * t.windowSeconds + 1e-6);
        expect(c.callbacksAccepted).toBeLessThanOrEqual(c.callbacksOffered);
        if (!s.callback) expect(c.callbacksOffered).toBe(0);
        if (!s.contain) expect(c.contained).toBe(0);
        if (s.hangup === 0) expect(c.botHangups).toBe(0);
      }),
      { numRuns: 40, seed: 20261124 },
    );
  });
});
