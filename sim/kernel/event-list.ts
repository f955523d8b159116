/**
 * The future event list: a binary min-heap over typed arrays, plus a few lanes.
 *
 * Events are ordered by (time, priority, insertion sequence), so simultaneous events fire in a
 * deterministic order: lower priority first, then first-scheduled first (FIFO, as in SimPy).
 * An event is an integer kind plus one integer of data (usually an entity id); nothing is
 * allocated per event. Keys live in heap order (not behind an indirection) so comparisons touch
 * contiguous memory.
 *
 * Cancelling marks the event's slot as a tombstone (O(1)); `pop` discards tombstones when they
 * reach the top, and the heap is compacted (rebuilt without them, O(n)) whenever tombstones
 * outnumber live events, so they never hold more than half the heap. Handles carry a generation,
 * so a stale handle (its event already fired and its slot reused) can never cancel another event.
 * We measured the alternative, a slot-to-position index with O(log n) removal: it pays one random
 * write per heap level on every push and pop, for the sake of the rarer cancel, and was slower.
 *
 * Lanes: a process that always has exactly one pending event of its own (the next arrival, say) can
 * keep it in a lane instead of the heap. A lane entry gets a sequence number like any event, and
 * `pop` takes the smallest (time, priority, sequence) over the heap top and the lanes, so the order
 * of events is exactly what the heap alone would give; the most frequent event just skips two
 * O(log n) heap updates.
 */

/**
 * Largest number of simultaneously scheduled events. Handles pack (generation mod 2^9, slot) into
 * 31 bits so they stay small integers, which V8 passes and returns without allocating; a handle
 * kept across 512 reuses of its slot could alias, which is why holders clear a handle once its
 * event has fired or been cancelled.
 */
const SLOT_BITS = 22;
const SLOT_LIMIT = 1 << SLOT_BITS;
const GEN_LIMIT = 1 << 9;
/** priority * ORDER_PRIORITY + sequence stays an exact integer in a double for 2^44 events. */
const ORDER_PRIORITY = 2 ** 44;
const MAX_PRIORITY = 255;
/** Lanes available per event list. */
export const MAX_LANES = 4;

const FREE = 0;
const LIVE = 1;
const CANCELLED = 2;

export const NO_EVENT = -1;

export class EventList {
  /** Time of the event popped last: the simulation clock. Never decreases. */
  now = 0;
  /** Kind and data of the event popped last. */
  kind = 0;
  data = 0;
  /** Events popped so far (for throughput figures). */
  popped = 0;

  private size = 0;
  private dead = 0;
  private capacity: number;
  private seq = 0;
  // Heap-ordered times and the slot stored at each heap position. The tie-break key (priority,
  // sequence) is read only when two times are equal, so it stays with the slot and heap moves
  // copy two arrays, not three.
  private heapTime: Float64Array;
  private heapSlot: Int32Array;
  private slotOrder: Float64Array;
  // Per-slot payload and bookkeeping.
  private slotKind: Int32Array;
  private slotData: Int32Array;
  private slotState: Uint8Array;
  private slotTime: Float64Array;
  private slotGen: Int32Array;
  private freeSlots: Int32Array;
  private freeCount: number;
  // Lanes: one pending event each, time Infinity when empty.
  private readonly laneTime = new Float64Array(MAX_LANES).fill(Infinity);
  private readonly laneOrder = new Float64Array(MAX_LANES);
  private readonly laneKind = new Int32Array(MAX_LANES);
  private readonly laneData = new Int32Array(MAX_LANES);
  private laneCount = 0;
  private lanesActive = 0;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.capacity = cap;
    this.heapTime = new Float64Array(cap);
    this.heapSlot = new Int32Array(cap);
    this.slotOrder = new Float64Array(cap);
    this.slotKind = new Int32Array(cap);
    this.slotData = new Int32Array(cap);
    this.slotState = new Uint8Array(cap);
    this.slotTime = new Float64Array(cap);
    this.slotGen = new Int32Array(cap);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeCount = cap;
  }

  /** Live events scheduled (lanes included, tombstones not). */
  get length(): number {
    return this.size - this.dead + this.lanesActive;
  }

  isEmpty(): boolean {
    return this.length === 0;
  }

  /** Time of the next live event, or Infinity when none is scheduled. */
  peekTime(): number {
    this.dropCancelledTop();
    let t = this.size > 0 ? this.heapTime[0] : Infinity;
    for (let l = 0; l < this.laneCount; l++) if (this.laneTime[l] < t) t = this.laneTime[l];
    return t;
  }

  /** Puts the lane's single pending event (replacing any it had). */
  setLane(lane: number, time: number, kind: number, data: number, priority = 0): void {
    this.at[0] = time;
    this.putLane(lane, kind, data, priority);
  }

  private putLane(lane: number, kind: number, data: number, priority: number): void {
    const time = this.at[0];
    if (!(time >= this.now && time !== Infinity && lane >= 0 && lane < MAX_LANES)) throwBadLane(lane, time, this.now);
    const lt = this.laneTime;
    if (lt[lane] === Infinity) this.lanesActive++;
    lt[lane] = time;
    this.laneOrder[lane] = this.orderKey(priority);
    this.laneKind[lane] = kind;
    this.laneData[lane] = data;
    if (lane >= this.laneCount) this.laneCount = lane + 1;
  }

  /** Empties a lane. Returns false if it held no event; throws a RangeError for a lane outside 0..MAX_LANES-1. */
  clearLane(lane: number): boolean {
    if (!(lane >= 0 && lane < MAX_LANES)) throwBadLane(lane, 0, 0);
    if (this.laneTime[lane] === Infinity) return false;
    this.laneTime[lane] = Infinity;
    this.lanesActive--;
    return true;
  }

  /** Time of the lane's pending event, Infinity when empty. */
  laneAt(lane: number): number {
    return this.laneTime[lane];
  }

  /**
   * Time register for the allocation-free forms `scheduleAt` and `setLaneAt`: hot code writes the
   * time here and passes only small integers. (A double passed to a function V8 did not inline is
   * boxed in a fresh heap object; which calls get inlined shifts as code changes, so the event
   * loop does not rely on it.)
   */
  readonly at = new Float64Array(1);

  /** `schedule(at[0], kind, data)` without a double argument. Returns the handle. */
  scheduleAt(kind: number, data: number): number {
    return this.insertAt(kind, data, 0);
  }

  /** `setLane(lane, at[0], kind, data)` without a double argument. */
  setLaneAt(lane: number, kind: number, data: number): void {
    this.putLane(lane, kind, data, 0);
  }

  /**
   * Schedules an event and returns its handle (for cancel). `time` must not be in the past:
   * a clock that goes back is a modelling bug, so it throws rather than reorders history.
   */
  schedule(time: number, kind: number, data: number, priority = 0): number {
    this.at[0] = time;
    return this.insertAt(kind, data, priority);
  }

  /** Inserts an event at time `at[0]`. */
  private insertAt(kind: number, data: number, priority: number): number {
    const time = this.at[0];
    // Never in the past (a modelling bug: it would reorder history), never at no time at all.
    if (!(time >= this.now) || time === Infinity) throwBadTime(time, this.now);
    if (this.size === this.capacity) this.grow();
    const slot = this.freeSlots[--this.freeCount];
    this.slotKind[slot] = kind;
    this.slotData[slot] = data;
    this.slotState[slot] = LIVE;
    this.slotTime[slot] = time;
    this.slotOrder[slot] = this.orderKey(priority);
    this.siftUp(this.size++, slot);
    return (this.slotGen[slot] << SLOT_BITS) | slot;
  }

  /**
   * Removes the next event, advances the clock to its time and exposes its kind and data in
   * `kind`/`data`. Returns the kind, or -1 when nothing is scheduled.
   */
  pop(): number {
    if (this.dead > 0) this.dropCancelledTop();
    const n = this.size;
    if (this.lanesActive > 0) {
      // The smallest lane entry wins if it precedes the heap top. Times decide; the order keys are
      // read only on a tie (rare), so the usual pop does no dependent load for them.
      let lane = -1;
      let bt = n > 0 ? this.heapTime[0] : Infinity;
      const lt = this.laneTime;
      for (let l = 0; l < this.laneCount; l++) {
        const t = lt[l];
        if (t < bt || (t === bt && t !== Infinity && this.laneOrder[l] < (lane >= 0 ? this.laneOrder[lane] : this.slotOrder[this.heapSlot[0]]))) {
          lane = l;
          bt = t;
        }
      }
      if (lane >= 0) {
        this.now = bt;
        this.kind = this.laneKind[lane];
        this.data = this.laneData[lane];
        lt[lane] = Infinity;
        this.lanesActive--;
        this.popped++;
        return this.kind;
      }
    }
    if (n === 0) return NO_EVENT;
    const slot = this.heapSlot[0];
    this.now = this.heapTime[0];
    this.kind = this.slotKind[slot];
    this.data = this.slotData[slot];
    this.release(slot);
    this.removeRoot();
    this.popped++;
    return this.kind;
  }

  /** Cancels a scheduled event. Returns false (and does nothing) if it already fired or was cancelled. */
  cancel(handle: number): boolean {
    if (!this.isScheduled(handle)) return false;
    this.slotState[handle & (SLOT_LIMIT - 1)] = CANCELLED;
    this.dead++;
    if (this.dead > 32 && this.dead * 2 > this.size) this.compact();
    return true;
  }

  /** True while the event behind `handle` is still scheduled. */
  isScheduled(handle: number): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle & (SLOT_LIMIT - 1);
    return slot < this.capacity && this.slotState[slot] === LIVE && handle >>> SLOT_BITS === this.slotGen[slot];
  }

  /** Time at which the event behind a live handle is due (NaN when not scheduled). */
  timeOf(handle: number): number {
    return this.isScheduled(handle) ? this.slotTime[handle & (SLOT_LIMIT - 1)] : NaN;
  }

  /** Drops every event and resets the clock; capacity is kept for the next replication. */
  clear(): void {
    this.laneTime.fill(Infinity);
    this.lanesActive = 0;
    this.laneCount = 0;
    for (let i = 0; i < this.size; i++) this.release(this.heapSlot[i]);
    this.size = 0;
    this.dead = 0;
    this.now = 0;
    this.seq = 0;
    this.popped = 0;
    this.kind = 0;
    this.data = 0;
  }

  private orderKey(priority: number): number {
    return (priority > 0 ? Math.min(priority, MAX_PRIORITY) * ORDER_PRIORITY : 0) + this.seq++;
  }

  private release(slot: number): void {
    this.slotState[slot] = FREE;
    this.slotGen[slot] = (this.slotGen[slot] + 1) & (GEN_LIMIT - 1);
    this.freeSlots[this.freeCount++] = slot;
  }

  private dropCancelledTop(): void {
    while (this.size > 0 && this.slotState[this.heapSlot[0]] === CANCELLED) {
      this.release(this.heapSlot[0]);
      this.dead--;
      this.removeRoot();
    }
  }

  /** Rebuilds the heap without tombstones (Floyd's heapify; the order of events is unchanged). */
  private compact(): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    let k = 0;
    for (let i = 0; i < this.size; i++) {
      const slot = hs[i];
      if (this.slotState[slot] === CANCELLED) {
        this.release(slot);
        continue;
      }
      ht[k] = ht[i];
      hs[k] = slot;
      k++;
    }
    this.size = k;
    this.dead = 0;
    for (let i = (k >> 1) - 1; i >= 0; i--) this.siftDown(i, hs[i]);
  }

  /**
   * Removes the root with Floyd's bottom-up refill: the hole walks down to a leaf along the smaller
   * children (one comparison per level), then the last element, which usually belongs near the
   * bottom, sifts up from there. About half the comparisons of a plain sift-down.
   */
  private removeRoot(): void {
    const n = --this.size;
    if (n === 0) return;
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const so = this.slotOrder;
    const s = hs[n];
    // A sentinel past the end: a missing right child reads as +Infinity, so the loop needs no
    // bounds test for it. Which child is smaller is a coin toss a branch predictor cannot learn;
    // it is computed as a number (no branch), and only equal times (rare) take a branch.
    ht[n] = Infinity;
    let pos = 0;
    let child = 1;
    while (child < n) {
      const lt = ht[child];
      const rt = ht[child + 1];
      if (rt === lt) {
        if (so[hs[child + 1]] < so[hs[child]]) child++;
      } else {
        child += Number(rt < lt);
      }
      ht[pos] = ht[child];
      hs[pos] = hs[child];
      pos = child;
      child = 2 * pos + 1;
    }
    this.siftUp(pos, s);
  }

  /** Moves `slot` (its time already in slotTime) up from heap position `pos`. Integer arguments only: nothing boxed. */
  private siftUp(pos: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const so = this.slotOrder;
    const t = this.slotTime[slot];
    const o = so[slot];
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent];
      if (pt < t || (pt === t && so[hs[parent]] < o)) break;
      ht[pos] = pt;
      hs[pos] = hs[parent];
      pos = parent;
    }
    ht[pos] = t;
    hs[pos] = slot;
  }

  private siftDown(pos: number, slot: number): void {
    const ht = this.heapTime;
    const hs = this.heapSlot;
    const so = this.slotOrder;
    const t = this.slotTime[slot];
    const o = so[slot];
    const n = this.size;
    const half = n >> 1;
    while (pos < half) {
      let child = 2 * pos + 1;
      let ct = ht[child];
      const right = child + 1;
      if (right < n) {
        const rt = ht[right];
        if (rt < ct || (rt === ct && so[hs[right]] < so[hs[child]])) {
          child = right;
          ct = rt;
        }
      }
      if (t < ct || (t === ct && o < so[hs[child]])) break;
      ht[pos] = ct;
      hs[pos] = hs[child];
      pos = child;
    }
    ht[pos] = t;
    hs[pos] = slot;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    if (cap > SLOT_LIMIT) throw new RangeError(`more than ${SLOT_LIMIT} events scheduled at once`);
    this.heapTime = growF64(this.heapTime, cap);
    this.slotOrder = growF64(this.slotOrder, cap);
    this.heapSlot = growI32(this.heapSlot, cap);
    this.slotKind = growI32(this.slotKind, cap);
    this.slotData = growI32(this.slotData, cap);
    const state = new Uint8Array(cap);
    state.set(this.slotState);
    this.slotState = state;
    this.slotTime = growF64(this.slotTime, cap);
    this.slotGen = growI32(this.slotGen, cap);
    const free = new Int32Array(cap);
    let k = 0;
    for (let i = cap - 1; i >= old; i--) free[k++] = i;
    for (let i = 0; i < this.freeCount; i++) free[k++] = this.freeSlots[i];
    this.freeSlots = free;
    this.freeCount = k;
    this.capacity = cap;
  }
}

/** Out of line so the hot `schedule` stays small enough to inline. */
function throwBadTime(time: number, now: number): never {
  throw new RangeError(`event scheduled at ${time}, ${time === Infinity ? 'which is never' : `before the clock (${now})`}`);
}

function throwBadLane(lane: number, time: number, now: number): never {
  if (!(lane >= 0 && lane < MAX_LANES)) throw new RangeError(`lane ${lane} outside 0..${MAX_LANES - 1}`);
  throwBadTime(time, now);
}

function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

export const EVENT_LIST_LIMITS = { slots: SLOT_LIMIT, maxPriority: MAX_PRIORITY, lanes: MAX_LANES };
