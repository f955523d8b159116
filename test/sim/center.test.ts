import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenarios/load.ts';
import { AGENT_BREAK, AGENT_BUSY, AGENT_IDLE, AGENT_OFF, Center, type CenterObserver } from '../../sim/center.ts';
import { compileModel } from '../../sim/model.ts';
import { runReplication } from '../../sim/replication.ts';

interface Spec {
  agents: number;
  perHour: number;
  handle: number;
  patience: number | null;
  capacity: number | null;
  calls: number;
  seed: number;
}

function scenario(s: Spec, extra: Record<string, unknown> = {}) {
  return parseScenario(
    {
      name: 'prop',
      seed: s.seed,
      horizon: { calls: s.calls },
      series: { intervalMinutes: 15 },
      inbound: {
        arrivals: { perHour: s.perHour },
        handleTime: { dist: 'exponential', mean: s.handle },
        ...(s.patience !== null ? { patience: { dist: 'exponential', mean: s.patience } } : {}),
        ...(s.capacity !== null ? { queue: { capacity: s.capacity } } : {}),
      },
      agents: [{ group: 'all', count: s.agents }],
      ...extra,
    },
    'test',
  );
}

/** Records every outcome and checks invariants at every event. */
class Recorder implements CenterObserver {
  outcomes = new Map<number, string>();
  answerOrder: number[] = [];
  busyUntil: number[] = [];
  lastNow = -Infinity;
  violations: string[] = [];
  handles = new Map<number, number>();
  answerAgent = new Map<number, number>();

  private note(index: number, what: string) {
    if (this.outcomes.has(index)) this.violations.push(`call ${index} ended twice (${this.outcomes.get(index)}, ${what})`);
    this.outcomes.set(index, what);
  }

  onAnswer(index: number, agent: number, arrival: number, now: number, handle: number) {
    this.note(index, 'answered');
    this.answerOrder.push(index);
    this.handles.set(index, handle);
    this.answerAgent.set(index, agent);
    if ((this.busyUntil[agent] ?? -Infinity) > now + 1e-9) this.violations.push(`agent ${agent} double-booked at ${now}`);
    if (now < arrival) this.violations.push(`call ${index} answered before it arrived`);
    this.busyUntil[agent] = now + handle;
  }

  onAbandon(index: number, arrival: number, now: number) {
    this.note(index, 'abandoned');
    if (now < arrival) this.violations.push(`call ${index} abandoned before it arrived`);
  }

  onBlock(index: number) {
    this.note(index, 'blocked');
  }

  onEvent(_kind: number, now: number, c: Center) {
    if (now < this.lastNow) this.violations.push(`clock went back from ${this.lastNow} to ${now}`);
    this.lastNow = now;
    let busy = 0;
    let staffed = 0;
    for (let a = 0; a < c.agentState.length; a++) {
      const st = c.agentState[a];
      if ((st === AGENT_BUSY) !== (c.agentCall[a] >= 0)) this.violations.push(`agent ${a} state ${st} with call ${c.agentCall[a]}`);
      if (st === AGENT_BUSY) busy++;
      if (st === AGENT_BUSY || st === AGENT_IDLE) staffed++;
    }
    if (busy !== c.stats.busy) this.violations.push(`busy count ${c.stats.busy} but ${busy} agents busy`);
    if (staffed !== c.stats.staffed) this.violations.push(`staffed count ${c.stats.staffed} but ${staffed} agents staffed`);
    if (c.queueLength > 0 && c.agentState.some((s) => s === AGENT_IDLE)) this.violations.push(`an agent is idle while ${c.queueLength} calls wait at ${now}`);
    if (this.violations.length > 20) throw new Error(this.violations.join('\n'));
  }
}

const specArb = fc.record({
  agents: fc.integer({ min: 1, max: 12 }),
  load: fc.double({ min: 0.2, max: 1.6, noNaN: true }),
  handle: fc.double({ min: 20, max: 600, noNaN: true }),
  patience: fc.option(fc.double({ min: 5, max: 900, noNaN: true }), { nil: null }),
  capacity: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
  calls: fc.integer({ min: 1, max: 1500 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
}).map((r): Spec => ({ ...r, perHour: (r.load * r.agents * 3600) / r.handle }));

describe('inbound center', () => {
  it('ends every offered call exactly once, never double-books an agent, never turns the clock back', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const rec = new Recorder();
        const center = new Center(compileModel(scenario(s)), 0, rec);
        center.run();
        expect(rec.violations).toEqual([]);
        // Every generated call has exactly one outcome and nothing is left in the system.
        expect(center.callsGenerated).toBe(s.calls);
        expect(rec.outcomes.size).toBe(s.calls);
        expect(center.calls.inUse).toBe(0);
        const t = center.stats.totals();
        expect(t.answered + t.abandoned + t.blocked).toBe(t.offered);
        if (s.patience === null) expect(t.abandoned).toBe(0);
        if (s.capacity === null) expect(t.blocked).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('answers in arrival order (one FIFO queue)', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        const rec = new Recorder();
        new Center(compileModel(scenario(s)), 0, rec).run();
        for (let i = 1; i < rec.answerOrder.length; i++) expect(rec.answerOrder[i]).toBeGreaterThan(rec.answerOrder[i - 1]);
      }),
      { numRuns: 40 },
    );
  });

  it('gives a call arriving to idle agents to the one idle longest', () => {
    fc.assert(
      fc.property(specArb, (s) => {
        // Shadow model: an agent's idle-since is the end of its last call (0 at the start, agents ordered by id).
        const freeSince: number[] = Array.from({ length: s.agents }, (_, a) => -1 + a * 1e-9);
        const problems: string[] = [];
        const obs: CenterObserver = {
          onAnswer(index, agent, arrival, now, handle) {
            if (now === arrival) {
              let best = -1;
              for (let a = 0; a < s.agents; a++) if (freeSince[a] <= now && (best < 0 || freeSince[a] < freeSince[best])) best = a;
              if (best !== agent) problems.push(`call ${index}: agent ${agent} chosen, ${best} idle longer`);
            }
            freeSince[agent] = now + handle;
          },
        };
        new Center(compileModel(scenario(s)), 0, obs).run();
        expect(problems).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('meets the same callers under a different staffing level (common random numbers)', () => {
    const base: Spec = { agents: 6, perHour: 70, handle: 300, patience: 120, capacity: null, calls: 3000, seed: 11 };
    const a = new Recorder();
    const b = new Recorder();
    const arrivalsA: number[] = [];
    const arrivalsB: number[] = [];
    const grab = (rec: Recorder, arr: number[]): CenterObserver => ({
      onAnswer: (i, ag, arrival, now, h) => {
        arr[i] = arrival;
        rec.onAnswer(i, ag, arrival, now, h);
      },
      onAbandon: (i, arrival, now) => {
        arr[i] = arrival;
        rec.onAbandon(i, arrival, now);
      },
    });
    new Center(compileModel(scenario(base)), 3, grab(a, arrivalsA)).run();
    new Center(compileModel(scenario({ ...base, agents: 5 })), 3, grab(b, arrivalsB)).run();
    expect(arrivalsA).toEqual(arrivalsB);
    let shared = 0;
    for (const [i, h] of a.handles) {
      const hb = b.handles.get(i);
      if (hb !== undefined) {
        expect(hb).toBe(h);
        shared++;
      }
    }
    expect(shared).toBeGreaterThan(2000);
    // Fewer agents: the same callers wait longer and more of them hang up.
    expect(b.outcomes.size).toBe(a.outcomes.size);
    expect([...b.outcomes.values()].filter((o) => o === 'abandoned').length).toBeGreaterThan([...a.outcomes.values()].filter((o) => o === 'abandoned').length);
  });

  it('is deterministic: the same model and replication give identical results', () => {
    const m = compileModel(scenario({ agents: 8, perHour: 90, handle: 280, patience: 150, capacity: 20, calls: 20_000, seed: 4 }));
    const r1 = runReplication(m, 2);
    const r2 = runReplication(m, 2);
    expect(r2.kpis).toEqual(r1.kpis);
    expect(Array.from(r2.intervals!.fields)).toEqual(Array.from(r1.intervals!.fields));
    expect(Array.from(r2.histogram.answered)).toEqual(Array.from(r1.histogram.answered));
    const r3 = runReplication(m, 3);
    expect(r3.kpis.asa).not.toBe(r1.kpis.asa);
  });

  it('excludes the warm-up from the KPIs and counts only calls after it', () => {
    const s = scenario({ agents: 5, perHour: 50, handle: 300, patience: 200, capacity: null, calls: 5000, seed: 9 }, { warmup: { calls: 1200 } });
    const r = runReplication(compileModel(s), 0);
    expect(r.kpis.offered).toBe(3800);
    expect(r.calls).toBe(5000);
  });
});

describe('inbound center with shifts and breaks', () => {
  const day = parseScenario(
    {
      name: 'shifts',
      seed: 5,
      calendar: { start: '2026-03-02T07:00', timeZone: 'Europe/London' },
      horizon: { hours: 14 },
      inbound: {
        arrivals: { profile: [{ from: '07:00', perHour: 120 }, { from: '12:00', perHour: 200 }, { from: '17:00', perHour: 90 }] },
        talkTime: { dist: 'lognormal', mean: 240, cv: 0.8 },
        wrapTime: { dist: 'deterministic', value: 30 },
        patience: { dist: 'exponential', mean: 180 },
      },
      agents: [
        { group: 'early', count: 9, shift: { start: '07:00', end: '15:00' }, breaks: [{ from: '09:30', to: '11:00', minutes: 15 }, { at: '12:30', minutes: 30 }] },
        { group: 'late', count: 8, shift: { start: '13:00', end: '21:00' }, breaks: [{ from: '16:00', to: '18:00', minutes: 30 }] },
      ],
    },
    'shifts',
  );

  it('only off-shift or on-break agents are ever skipped; nobody answers after leaving', () => {
    const model = compileModel(day);
    const rec = new Recorder();
    const offAnswers: string[] = [];
    const obs: CenterObserver = {
      onAnswer: (i, agent, arrival, now, h) => {
        rec.onAnswer(i, agent, arrival, now, h);
        // Early agents leave at 15:00 local (8 h after the start), late ones start at 13:00 (6 h after).
        if (agent < 9 && now >= 8 * 3600) offAnswers.push(`early agent ${agent} answered at ${now}`);
        if (agent >= 9 && now < 6 * 3600) offAnswers.push(`late agent ${agent} answered at ${now}`);
      },
      onAbandon: (i, a, n) => rec.onAbandon(i, a, n),
      onEvent: (k, n, c) => rec.onEvent(k, n, c),
    };
    const center = new Center(model, 0, obs);
    center.run();
    expect(rec.violations).toEqual([]);
    expect(offAnswers).toEqual([]);
    expect(rec.outcomes.size).toBe(center.callsGenerated);
    // After the horizon every agent has gone home or is finishing; none is left on break for ever.
    expect(center.agentState.every((s) => s === AGENT_OFF || s === AGENT_IDLE || s === AGENT_BUSY || s === AGENT_BREAK)).toBe(true);
  });

  it('reports agents on shift per interval following the shift plan', () => {
    const r = runReplication(compileModel(day), 0);
    const iv = r.intervals!;
    expect(iv.count).toBe(14 * 4);
    // Interval k covers [k*900, (k+1)*900) after 07:00; fields per interval: see IV in inbound-stats.
    const onShift = (k: number) => iv.fields[k * 11 + 8] / iv.fields[k * 11 + 10];
    expect(onShift(0)).toBeCloseTo(9, 6); // 07:00-07:15: early only
    expect(onShift(6 * 4 + 1)).toBeCloseTo(17, 6); // 13:15: both shifts
    expect(onShift(13 * 4 + 2)).toBeCloseTo(8, 6); // 20:30: late only
    // No arrivals after 21:00 (the horizon), all calls finished.
    expect(r.kpis.offered).toBe(r.totals.answered + r.totals.abandoned);
  });
});
