/**
 * The plain center (sim/plain-center.ts) is the general center with the unused branches taken out:
 * on every scenario it accepts, its results must be the general center's byte for byte. Random
 * plain scenarios (several groups, profiles, day-to-day noise, ties from deterministic times,
 * finite waiting rooms, warm-ups and horizons of both kinds) are run through both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, parseScenario } from '../../scenarios/load.ts';
import { compileModel } from '../../sim/model.ts';
import { PlainCenter, plainCenterMisfit } from '../../sim/plain-center.ts';
import { runReplication, type ReplicationResult } from '../../sim/replication.ts';

const dist = fc.oneof(
  fc.record({ dist: fc.constant('exponential'), mean: fc.integer({ min: 20, max: 400 }) }),
  fc.record({ dist: fc.constant('deterministic'), value: fc.constantFrom(30, 60, 120) }),
  fc.record({ dist: fc.constant('lognormal'), mean: fc.integer({ min: 30, max: 300 }), cv: fc.constantFrom(0.3, 1, 1.5) }),
  fc.record({ dist: fc.constant('erlang'), mean: fc.integer({ min: 30, max: 300 }), k: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ dist: fc.constant('uniform'), min: fc.constant(10), max: fc.integer({ min: 20, max: 200 }) }),
);

const arrivals = fc.oneof(
  fc.record({ perHour: fc.integer({ min: 10, max: 600 }) }),
  fc.record({
    profile: fc.constant([
      { from: '08:00', perHour: 120 },
      { from: '10:00', perHour: 400 },
      { from: '13:00', perHour: 0 },
      { from: '14:00', perHour: 250 },
    ]),
    weekdayFactors: fc.constant({ sat: 0.5 }),
    dailyVariation: fc.option(fc.constant({ cv: 0.2 }), { nil: undefined }),
  }),
);

const plainScenario = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    groups: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
    arrivals,
    talk: dist,
    wrap: fc.option(dist, { nil: undefined }),
    patience: fc.option(dist, { nil: undefined }),
    capacity: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    horizon: fc.oneof(fc.record({ calls: fc.integer({ min: 1, max: 1500 }) }), fc.record({ hours: fc.integer({ min: 1, max: 30 }) })),
    warm: fc.integer({ min: 0, max: 2 }),
    series: fc.option(fc.constantFrom(15, 30, 60), { nil: undefined }),
  })
  .map((s) => {
    const inCalls = 'calls' in s.horizon;
    const warmup = s.warm === 0 ? undefined : inCalls ? { calls: Math.floor((s.horizon as { calls: number }).calls / (s.warm + 2)) } : { hours: (s.warm * (s.horizon as { hours: number }).hours) / 4 };
    return {
      name: 'plain-prop',
      seed: s.seed,
      replications: 1,
      calendar: { start: '2026-03-06T07:00', timeZone: 'Europe/Paris' },
      horizon: s.horizon,
      ...(warmup && (!('calls' in warmup) || (warmup.calls ?? 0) > 0) ? { warmup } : {}),
      ...(s.series !== undefined ? { series: { intervalMinutes: s.series } } : {}),
      inbound: {
        arrivals: s.arrivals,
        ...(s.wrap ? { talkTime: s.talk, wrapTime: s.wrap } : { handleTime: s.talk }),
        ...(s.patience ? { patience: s.patience } : {}),
        ...(s.capacity !== undefined ? { queue: { capacity: s.capacity } } : {}),
      },
      agents: s.groups.map((count, i) => ({ group: `g${i}`, count })),
    };
  });

const loadScenarioFile = (path: string) => loadScenario(path).scenario;

function bytes(r: ReplicationResult): string {
  return JSON.stringify(r, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
}

describe('plain center', () => {
  it('gives the general center\'s results byte for byte on random plain scenarios', () => {
    fc.assert(
      fc.property(plainScenario, fc.integer({ min: 0, max: 3 }), (raw, replication) => {
        const model = compileModel(parseScenario(raw, 'prop'));
        expect(plainCenterMisfit(model)).toBeNull();
        const plain = runReplication(model, replication);
        const general = runReplication(model, replication, null, { center: 'general' });
        expect(bytes(plain)).toBe(bytes(general));
      }),
      { numRuns: 150 },
    );
  });

  it('runs the shipped Erlang A scenario (the benchmark model) and matches the general center', () => {
    const scenario = loadScenarioFile('scenarios/inbound-erlang-a.yaml');
    const model = compileModel({ ...scenario, horizon: { calls: 50_000 }, warmup: { calls: 5_000 } } as typeof scenario);
    expect(plainCenterMisfit(model)).toBeNull();
    expect(bytes(runReplication(model, 1))).toBe(bytes(runReplication(model, 1, null, { center: 'general' })));
  });

  it('refuses what it does not model, and runReplication then takes the general center', () => {
    const shifts = compileModel(loadScenarioFile('scenarios/inbound-realistic-day.yaml'));
    expect(plainCenterMisfit(shifts)).toMatch(/shifts/);
    expect(() => new PlainCenter(shifts, 0)).toThrow(/shifts/);
    const outbound = compileModel(loadScenarioFile('scenarios/outbound-predictive.yaml'));
    expect(plainCenterMisfit(outbound)).not.toBeNull();
    const world = compileModel(loadScenarioFile('scenarios/routing-longest-idle.yaml'));
    expect(plainCenterMisfit(world)).toMatch(/world/);
    // The general center ran: its result is the same whether asked for or not.
    const small = compileModel({ ...loadScenarioFile('scenarios/inbound-realistic-day.yaml'), horizon: { hours: 3 } } as ReturnType<typeof loadScenarioFile>);
    expect(bytes(runReplication(small, 0))).toBe(bytes(runReplication(small, 0, null, { center: 'general' })));
  });

  it('leaves records and observers to the general center (they hook into it)', () => {
    const model = compileModel(parseScenario({ name: 'obs', seed: 1, horizon: { calls: 200 }, inbound: { arrivals: { perHour: 100 }, handleTime: { dist: 'exponential', mean: 60 } }, agents: [{ group: 'a', count: 2 }] }, 'obs'));
    let answers = 0;
    runReplication(model, 0, { onAnswer: () => answers++ });
    expect(answers).toBeGreaterThan(150);
  });
});
