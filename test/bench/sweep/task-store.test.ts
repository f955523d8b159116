import fc from 'fast-check';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeExact, encodeExact, TaskStore } from '../../../bench/sweep/task-store.ts';
import { taskId } from '../../../bench/task-id.ts';
import { parseScenario } from '../../../scenarios/load.ts';

describe('exact encoding', () => {
  it('round-trips typed arrays and every double, NaN, infinities and -0 included', () => {
    const anyDouble = fc.double();
    fc.assert(
      fc.property(fc.array(anyDouble), fc.array(anyDouble), fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), (plain, f64, i32) => {
        const value = { plain, nested: { f64: Float64Array.from(f64), i32: Int32Array.from(i32) }, nothing: null };
        const back = decodeExact(encodeExact(value)) as typeof value;
        expect(back.nested.f64).toBeInstanceOf(Float64Array);
        expect(back.nested.i32).toBeInstanceOf(Int32Array);
        const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
        expect(same(back.plain, plain)).toBe(true);
        expect(same(back.nested.f64, value.nested.f64)).toBe(true);
        expect(same(back.nested.i32, value.nested.i32)).toBe(true);
        expect(back.nothing).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe('task store', () => {
  it('lists finished tasks on open, ignores and removes what a killed writer left half-done', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccsim-store-'));
    const store = new TaskStore<{ x: Float64Array }>(dir);
    store.write({ id: 'abc', about: { point: 1 }, result: { x: Float64Array.of(1, NaN) } });
    writeFileSync(join(dir, '.tmp-def-123'), '{"id":"def","res'); // a write cut short before its rename
    const reopened = new TaskStore<{ x: Float64Array }>(dir);
    expect(reopened.has('abc')).toBe(true);
    expect(reopened.has('def')).toBe(false);
    expect(reopened.size).toBe(1);
    expect(readdirSync(dir)).toEqual(['abc.json']);
    expect(Array.from(reopened.read('abc').result.x)).toEqual([1, NaN]);
  });
});

describe('task ids', () => {
  const scenario = parseScenario(
    { name: 's', replications: 3, horizon: { calls: 100 }, inbound: { arrivals: { perHour: 60 }, handleTime: { dist: 'exponential', mean: 60 } }, agents: [{ group: 'g', count: 2 }] },
    's',
  );
  it('depend on the scenario and the replication, not on the replication count or the variant label', () => {
    const id = taskId({ scenario, replication: 1 }, '0.1.0');
    expect(taskId({ scenario: { ...scenario, replications: 10 }, replication: 1, variant: 'point 3' }, '0.1.0')).toBe(id);
    expect(taskId({ scenario, replication: 2 }, '0.1.0')).not.toBe(id);
    expect(taskId({ scenario: { ...scenario, seed: 2 }, replication: 1 }, '0.1.0')).not.toBe(id);
    expect(taskId({ scenario: { ...scenario, agents: [{ ...scenario.agents[0], count: 3 }] }, replication: 1 }, '0.1.0')).not.toBe(id);
    expect(taskId({ scenario, replication: 1 }, '0.2.0')).not.toBe(id);
  });
});
