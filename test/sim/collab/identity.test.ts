// Issue 6 acceptance: a bot that changes nothing changes nothing. With containment, hang-ups and
// the handoff's time saving at zero, a fixed bot handling time, capacity that never binds and
// constant staffing, bot-first gives human-only's outcomes call for call, each call reaching the
// human queue exactly the bot's handling time later (same seed).
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenarios/load.ts';
import type { Center } from '../../../sim/center.ts';
import { compileModel } from '../../../sim/model.ts';
import { CALL_ANSWERED } from '../../../sim/records.ts';
import { runReplication, type ReplicationSink } from '../../../sim/replication.ts';

const BOT_SECONDS = 60;

function scenario(bot: boolean, seed: number) {
  return parseScenario(
    {
      name: bot ? 'bot-first-null' : 'human-only',
      seed,
      horizon: { hours: 4 },
      inbound: {
        arrivals: { profile: [{ from: '00:00', perHour: 200 }, { from: '02:00', perHour: 280 }] },
        talkTime: { dist: 'lognormal', mean: 240, cv: 0.8 },
        wrapTime: { dist: 'gamma', mean: 30, cv: 0.5 },
        patience: { dist: 'exponential', mean: 120 },
      },
      customers: { count: 5000 },
      supervision: { supervisors: 1 },
      ...(bot
        ? {
            bot: {
              inbound: 'all',
              capacity: 100000,
              sessionTime: { dist: 'deterministic', value: BOT_SECONDS },
              hangup: 0,
              handoffSaving: 0,
              // Containment zero: the bot keeps nothing; every handoff joins the one queue.
              handoff: { contain: [], priority: [], keepHighValue: false },
            },
          }
        : {}),
      agents: [
        { group: 'a', count: 12, skills: { seniority: 0.7 } },
        { group: 'b', count: 8, skills: { seniority: 0.3 } },
      ],
    },
    'identity',
  );
}

interface CallRow {
  result: number;
  agent: number;
  received: number;
  queued: number;
  answered: number;
  talk: number;
  handle: number;
  converted: number;
  revenue: number;
  satisfaction: number;
  complaint: number;
  alert: number;
  bot: number;
}

/** Every inbound call's end, by arrival index. */
class Calls implements ReplicationSink {
  rows = new Map<number, CallRow>();
  blocked = 0;
  callEnded(center: Center, slot: number, result: number, agent: number): void {
    const c = center.calls;
    const index = c.index[slot];
    expect(this.rows.has(index), `call ${index} ended twice`).toBe(false);
    this.rows.set(index, {
      result,
      agent,
      received: c.received[slot],
      queued: c.arrival[slot],
      answered: result === CALL_ANSWERED ? c.answered[slot] : NaN,
      talk: result === CALL_ANSWERED ? c.talk[slot] : NaN,
      handle: result === CALL_ANSWERED ? c.handle[slot] : NaN,
      converted: c.converted[slot],
      revenue: c.revenue[slot],
      satisfaction: c.satisfaction[slot],
      complaint: c.complaint[slot],
      alert: c.alert[slot],
      bot: c.bot[slot],
    });
  }
  callBlocked(): void {
    this.blocked++;
  }
  attemptEnded(): void {}
  agentState(): void {}
}

function run(bot: boolean, seed: number): Calls {
  const calls = new Calls();
  runReplication(compileModel(scenario(bot, seed)), 0, null, { sink: () => calls });
  return calls;
}

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe('bot-first with a bot that changes nothing', () => {
  for (const seed of [3, 17]) {
    it(`gives human-only's outcomes call for call, each call queued exactly ${BOT_SECONDS} s later (seed ${seed})`, () => {
      const human = run(false, seed);
      const bot = run(true, seed);
      expect(bot.rows.size).toBe(human.rows.size);
      expect(human.rows.size).toBeGreaterThan(800);
      let abandoned = 0;
      let alerts = 0;
      let complaints = 0;
      for (const [index, h] of human.rows) {
        const b = bot.rows.get(index)!;
        expect(b, `call ${index} missing with the bot`).toBeDefined();
        const where = `call ${index}`;
        expect(b.bot, where).toBe(2); // handed off
        expect(h.bot, where).toBe(-1);
        expect(b.received, where).toBe(h.received);
        expect(close(b.queued, h.queued + BOT_SECONDS, 1e-12), `${where}: queued ${b.queued} vs ${h.queued} + ${BOT_SECONDS}`).toBe(true);
        expect(b.result, where).toBe(h.result);
        expect(b.agent, where).toBe(h.agent);
        expect(b.converted, where).toBe(h.converted);
        expect(b.revenue, where).toBe(h.revenue);
        expect(b.complaint, where).toBe(h.complaint);
        expect(b.alert, where).toBe(h.alert);
        if (h.result === CALL_ANSWERED) {
          expect(close(b.answered - b.queued, h.answered - h.queued), `${where}: wait`).toBe(true);
          expect(close(b.talk, h.talk, 1e-12), `${where}: talk`).toBe(true);
          expect(close(b.handle, h.handle, 1e-12), `${where}: handle`).toBe(true);
          expect(close(b.satisfaction, h.satisfaction, 1e-9), `${where}: satisfaction`).toBe(true);
        } else {
          abandoned++;
        }
        if (h.alert >= 0) alerts++;
        if (h.complaint === 1) complaints++;
      }
      // The comparison covered every kind of fate: waits, abandonment, alerts, supervisors, complaints.
      expect(abandoned).toBeGreaterThan(0);
      expect(alerts).toBeGreaterThan(0);
      expect(complaints).toBeGreaterThan(0);
      expect(bot.blocked).toBe(human.blocked);
    });
  }

  it('is not vacuous: with the default bot (containment, hang-ups, time saving) the calls differ', () => {
    const human = run(false, 3);
    const s = scenario(true, 3);
    const withEffects = parseScenario({ ...JSON.parse(JSON.stringify(s)), bot: { inbound: 'all', capacity: 100000 } }, 'identity');
    const calls = new Calls();
    runReplication(compileModel(withEffects), 0, null, { sink: () => calls });
    let differ = 0;
    for (const [index, h] of human.rows) {
      const b = calls.rows.get(index)!;
      if (b.result !== h.result || b.agent !== h.agent || b.converted !== h.converted) differ++;
    }
    expect(differ).toBeGreaterThan(human.rows.size / 10);
  });
});
