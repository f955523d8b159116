/**
 * Prioritisation (engine/priority.ts): the dialing order is a total order (antisymmetric,
 * transitive, complete) and stable under ties (equal keys fall back to readiness time, then id,
 * whatever order the leads arrive in), and it is the order the scheduler's ready heap
 * (sim/kernel/id-heap.ts) produces. Keys are never NaN; the value, callback and age terms push in the
 * documented directions; the bot threshold splits the list as its rule says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignLeadPriorities,
  botThreshold,
  compareLeads,
  DEFAULT_PRIORITY_WEIGHTS,
  priorityContext,
  priorityKey,
  priorityScore,
} from '../../engine/priority.ts';
import { IdHeap } from '../../sim/kernel/id-heap.ts';

/** A list of leads with many ties: values, readiness times and ages from small sets. */
const leadList = fc
  .array(
    fc.record({
      value: fc.constantFrom(0, 50, 120, 120, 400, 1500, NaN, Infinity),
      callback: fc.boolean(),
      age: fc.constantFrom(0, 1, 3, 7, 30, NaN),
      readyAt: fc.constantFrom(0, 60, 60, 3600),
    }),
    { minLength: 1, maxLength: 40 },
  );

const weights = fc.record({
  value: fc.double({ min: -5, max: 5, noNaN: true }),
  callback: fc.double({ min: -5, max: 5, noNaN: true }),
  age: fc.double({ min: -5, max: 5, noNaN: true }),
});

function keysOf(leads: { value: number; callback: boolean; age: number; readyAt: number }[], w = DEFAULT_PRIORITY_WEIGHTS) {
  const values = leads.map((l) => l.value);
  const priority = new Float64Array(leads.length);
  assignLeadPriorities({ values, callbackDue: leads.map((l) => (l.callback ? 1 : 0)), ageDays: leads.map((l) => l.age), weights: w }, { priority });
  return { priority, readyAt: Float64Array.from(leads.map((l) => l.readyAt)) };
}

const sign = (x: number) => (x < 0 ? -1 : x > 0 ? 1 : 0);

describe('the dialing order', () => {
  it('is a total order: reflexive, antisymmetric, complete on distinct leads, transitive', () => {
    fc.assert(
      fc.property(leadList, weights, (leads, w) => {
        const { priority, readyAt } = keysOf(leads, w);
        const n = leads.length;
        for (let a = 0; a < n; a++) {
          expect(compareLeads(a, a, priority, readyAt)).toBe(0);
          for (let b = 0; b < n; b++) {
            const ab = compareLeads(a, b, priority, readyAt);
            expect(sign(ab) + sign(compareLeads(b, a, priority, readyAt))).toBe(0);
            if (a !== b) expect(ab).not.toBe(0);
            for (let c = 0; c < n; c++) {
              if (ab < 0 && compareLeads(b, c, priority, readyAt) < 0) expect(compareLeads(a, c, priority, readyAt)).toBeLessThan(0);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is stable under ties: equal keys order by readiness then id, whatever the input order', () => {
    fc.assert(
      fc.property(leadList, fc.infiniteStream(fc.nat()), (leads, rnd) => {
        const { priority, readyAt } = keysOf(leads);
        const ids = leads.map((_, i) => i);
        const sorted = [...ids].sort((a, b) => compareLeads(a, b, priority, readyAt));
        // Any permutation of the input sorts to the same sequence.
        const it = rnd[Symbol.iterator]();
        const shuffled = [...ids];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
        }
        expect(shuffled.sort((a, b) => compareLeads(a, b, priority, readyAt))).toEqual(sorted);
        // Within equal keys, readiness then id ascending.
        for (let k = 1; k < sorted.length; k++) {
          const a = sorted[k - 1];
          const b = sorted[k];
          expect(priority[a]).toBeLessThanOrEqual(priority[b]);
          if (priority[a] === priority[b]) expect(readyAt[a] < readyAt[b] || (readyAt[a] === readyAt[b] && a < b)).toBe(true);
        }
        // Identical inputs give bit-identical keys (so ties are real ties, never float noise).
        for (let a = 0; a < leads.length; a++) {
          for (let b = 0; b < leads.length; b++) {
            const la = leads[a];
            const lb = leads[b];
            if (Object.is(la.value, lb.value) && la.callback === lb.callback && Object.is(la.age, lb.age)) expect(Object.is(priority[a], priority[b])).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is the order the scheduler\'s ready heap pops', () => {
    fc.assert(
      fc.property(leadList, weights, (leads, w) => {
        const { priority, readyAt } = keysOf(leads, w);
        const heap = new IdHeap(priority, readyAt, 4);
        for (let i = leads.length - 1; i >= 0; i--) heap.push(i);
        const popped: number[] = [];
        for (let id = heap.pop(); id >= 0; id = heap.pop()) popped.push(id);
        expect(popped).toEqual(leads.map((_, i) => i).sort((a, b) => compareLeads(a, b, priority, readyAt)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('priority keys', () => {
  it('are finite and never NaN or -0, whatever the inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 20 }), fc.double(), fc.boolean(), fc.double(), weights, (list, value, due, age, w) => {
        const ctx = priorityContext(list, w);
        const k = priorityKey(value, due, age, ctx);
        expect(Number.isFinite(k)).toBe(true);
        expect(Object.is(k, -0)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rank more valuable, older and called-back leads first (non-negative weights)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (list, v1, v2, a1, a2) => {
          const ctx = priorityContext(list);
          const [lo, hi] = v1 <= v2 ? [v1, v2] : [v2, v1];
          expect(priorityKey(hi, false, a1, ctx)).toBeLessThanOrEqual(priorityKey(lo, false, a1, ctx));
          const [young, old] = a1 <= a2 ? [a1, a2] : [a2, a1];
          expect(priorityKey(v1, false, old, ctx)).toBeLessThanOrEqual(priorityKey(v1, false, young, ctx));
          // Default weights: a due callback precedes every lead without one.
          expect(priorityKey(0, true, 0, ctx)).toBeLessThan(priorityKey(1e300, false, 1e9, ctx));
        },
      ),
    );
  });

  it('uses the list median as the value reference and saturates age at ageScaleDays', () => {
    const ctx = priorityContext([100, 300, 200], { value: 1, callback: 0, age: 1 }, 10);
    expect(ctx.valueReference).toBe(200);
    expect(priorityScore(200, false, 0, ctx)).toBe(0.5);
    expect(priorityScore(0, false, 5, ctx)).toBe(0.5);
    expect(priorityScore(0, false, 10, ctx)).toBe(1);
    expect(priorityScore(0, false, 1e9, ctx)).toBe(1);
    expect(() => priorityContext([1], { value: NaN })).toThrow(RangeError);
  });
});

describe('bot threshold and the batch fill', () => {
  it('a quantile q sends floor(q × n) of distinct predictions to the bot; 0 none, 1 all', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200, comparator: (a, b) => a === b }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const t = botThreshold(values, { quantile: q });
        expect(values.filter((v) => v < t).length).toBe(Math.floor(q * values.length));
        expect(values.filter((v) => v < botThreshold(values, { quantile: 0 })).length).toBe(0);
        expect(values.filter((v) => v < botThreshold(values, { quantile: 1 })).length).toBe(values.length);
      }),
    );
    expect(() => botThreshold([1], { quantile: 1.5 })).toThrow(RangeError);
  });

  it('fills the scheduler\'s priority array and the bot flags; due callbacks always go to a human', () => {
    const values = Float32Array.from([50, 900, 120, 3000, 20, 400]);
    const callbackDue = Uint8Array.from([0, 0, 0, 0, 1, 0]);
    const ageDays = Float64Array.from([0, 2, 10, 0, 0, 1]);
    const priority = new Float64Array(6);
    const toBot = new Uint8Array(6);
    const r = assignLeadPriorities({ values, callbackDue, ageDays, bot: { value: 100 } }, { priority, toBot });
    expect(r.threshold).toBe(100);
    expect(Array.from(toBot)).toEqual([1, 0, 0, 0, 0, 0]);
    expect(r.botCount).toBe(1);
    for (let i = 0; i < 6; i++) expect(priority[i]).toBe(priorityKey(values[i], callbackDue[i] === 1, ageDays[i], r.context));
    const order = [0, 1, 2, 3, 4, 5].sort((a, b) => compareLeads(a, b, priority, new Float64Array(6)));
    expect(order[0]).toBe(4); // the due callback
    const q = assignLeadPriorities({ values, bot: { quantile: 0.5 } }, { priority, toBot });
    expect(q.botCount).toBe(3);
    expect(Array.from(toBot)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(() => assignLeadPriorities({ values }, { priority: new Float64Array(2) })).toThrow(RangeError);
  });
});
