import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IntList } from '../../../sim/kernel/int-list.ts';

/** The list's contents by walking first/after. */
function walk(list: IntList): number[] {
  const out: number[] = [];
  for (let id = list.first(); id !== -1; id = list.after(id)) {
    out.push(id);
    if (out.length > 10_000) throw new Error('walk does not terminate (cycle)');
  }
  return out;
}

type Op =
  | { t: 'push'; id: number }
  | { t: 'shift' }
  | { t: 'remove'; pick: number }
  | { t: 'has'; id: number }
  | { t: 'clear' };

const opArb = (maxId: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ t: fc.constant('push' as const), id: fc.integer({ min: 0, max: maxId }) }) },
    { weight: 3, arbitrary: fc.constant({ t: 'shift' as const }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constant('remove' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('has' as const), id: fc.integer({ min: 0, max: maxId + 10 }) }) },
    { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
  );

describe('IntList against an array model', () => {
  it('push, shift, remove anywhere, has, walk and clear agree with an array (including growth)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 200 }), fc.array(opArb(200), { maxLength: 300, size: 'max' }), (cap, maxId, rawOps) => {
        const list = new IntList(cap);
        const model: number[] = [];
        for (const op of rawOps) {
          switch (op.t) {
            case 'push': {
              const id = op.id % (maxId + 1);
              if (model.includes(id)) {
                expect(() => list.push(id)).toThrow(/already/);
              } else {
                list.push(id);
                model.push(id);
              }
              break;
            }
            case 'shift':
              expect(list.shift()).toBe(model.length > 0 ? model.shift() : -1);
              break;
            case 'remove': {
              if (model.length > 0) {
                // Remove a member (often from the middle), then check removing it again fails.
                const id = model[op.pick % model.length];
                list.remove(id);
                model.splice(model.indexOf(id), 1);
                expect(() => list.remove(id)).toThrow(/not in the list/);
              } else {
                expect(() => list.remove(op.pick % (maxId + 1))).toThrow(/not in the list/);
              }
              break;
            }
            case 'has':
              expect(list.has(op.id)).toBe(model.includes(op.id));
              break;
            case 'clear':
              list.clear();
              model.length = 0;
              break;
          }
          // Plain comparisons in the inner loop (expect() is slow); a mismatch throws with both sides.
          const w = walk(list);
          if (list.length !== model.length || list.first() !== (model.length > 0 ? model[0] : -1) || w.join() !== model.join()) {
            throw new Error(`list [${w}] (length ${list.length}, first ${list.first()}), model [${model}]`);
          }
        }
        for (let id = 0; id <= maxId; id++) expect(list.has(id)).toBe(model.includes(id));
      }),
      { numRuns: 120 },
    );
  });
});

describe('IntList basics', () => {
  it('is a FIFO queue', () => {
    const list = new IntList(2);
    for (const id of [5, 0, 9, 3]) list.push(id); // grows from 2 to 16
    expect(list.length).toBe(4);
    expect([list.shift(), list.shift(), list.shift(), list.shift(), list.shift()]).toEqual([5, 0, 9, 3, -1]);
    expect(list.length).toBe(0);
    expect(list.first()).toBe(-1);
  });

  it('removes the head, the tail and the middle', () => {
    const list = new IntList();
    for (let id = 0; id < 5; id++) list.push(id);
    list.remove(2);
    expect(walk(list)).toEqual([0, 1, 3, 4]);
    list.remove(0);
    expect(walk(list)).toEqual([1, 3, 4]);
    list.remove(4);
    expect(walk(list)).toEqual([1, 3]);
    list.push(4); // the old tail comes back at the end
    list.push(0);
    expect(walk(list)).toEqual([1, 3, 4, 0]);
    list.remove(1);
    list.remove(3);
    list.remove(4);
    list.remove(0);
    expect(walk(list)).toEqual([]);
    expect(list.length).toBe(0);
    list.push(2);
    expect(walk(list)).toEqual([2]);
  });

  it('throws on a double push and on removing an absent id, leaving the list intact', () => {
    const list = new IntList(4);
    list.push(1);
    list.push(2);
    expect(() => list.push(1)).toThrow(Error);
    expect(() => list.remove(3)).toThrow(Error);
    expect(() => list.remove(1000)).toThrow(Error); // beyond capacity
    expect(walk(list)).toEqual([1, 2]);
    expect(list.length).toBe(2);
    list.shift();
    expect(() => list.remove(1)).toThrow(Error); // shifted out
    expect(list.has(1)).toBe(false);
    list.push(1); // and may come back
    expect(walk(list)).toEqual([2, 1]);
  });

  it('clear empties the list and forgets membership', () => {
    const list = new IntList(4);
    for (const id of [3, 1, 2]) list.push(id);
    list.clear();
    expect(list.length).toBe(0);
    expect(list.first()).toBe(-1);
    expect(list.shift()).toBe(-1);
    for (const id of [1, 2, 3]) expect(list.has(id)).toBe(false);
    list.push(2);
    list.push(3);
    expect(walk(list)).toEqual([2, 3]);
  });

  it('grows to fit a large id and keeps earlier members', () => {
    const list = new IntList(1);
    list.push(0);
    list.push(1000);
    list.push(17);
    expect(walk(list)).toEqual([0, 1000, 17]);
    expect(list.has(1000)).toBe(true);
    expect(list.has(999)).toBe(false);
    list.remove(1000);
    expect(walk(list)).toEqual([0, 17]);
  });
});
