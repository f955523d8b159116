/**
 * Calls in the system, struct-of-arrays by slot. Slots are recycled (a free stack), so memory
 * follows the number of calls present at once, not the number of calls simulated. Hot code passes
 * slot numbers around and reads times from these arrays: small integers cross function calls
 * without allocating, doubles would be boxed.
 */
export class CallTable {
  /** Arrival time. */
  arrival: Float64Array;
  /** Arrival index: the key of the call's own random draws (int32, so it crosses calls unboxed). */
  index: Int32Array;
  /** Handle time (talk + wrap) once answered. */
  handle: Float64Array;
  /** Talk time (the conversation, without after-call work) once answered. */
  talk: Float64Array;
  /** 1 for an outbound attempt (its details live in the dialer's arrays, same slot), 0 for an inbound call. */
  outbound: Uint8Array;
  /** The customer on the call (-1 when the scenario has no population). */
  customer: Int32Array;
  /** 1 when the conversation sold (decided by the world's outcome model at the answer). */
  converted: Uint8Array;
  /** When an agent answered (NaN until then). */
  answered: Float64Array;
  /** Queue priority key (lower first) when the center prioritises; 0 otherwise. */
  priority: Float64Array;
  /** Script assist: first intent-specific script suggested (catalog index), first true and heard intents; -1 when none. */
  script: Int16Array;
  trueIntent: Int8Array;
  heardIntent: Int8Array;
  /** The conversation's outcome (world): a real conversation (1/0), revenue, satisfaction 0-100 (NaN without a customer). */
  effective: Uint8Array;
  revenue: Float64Array;
  satisfaction: Float32Array;
  /** Event handle of the patience timer, -1 when none. */
  patience: Int32Array;
  private free: Int32Array;
  private freeCount: number;
  /** Calls currently in the system. */
  inUse = 0;

  constructor(capacity = 256) {
    const cap = Math.max(16, capacity);
    this.arrival = new Float64Array(cap);
    this.index = new Int32Array(cap);
    this.handle = new Float64Array(cap);
    this.talk = new Float64Array(cap);
    this.outbound = new Uint8Array(cap);
    this.customer = new Int32Array(cap).fill(-1);
    this.converted = new Uint8Array(cap);
    this.answered = new Float64Array(cap);
    this.priority = new Float64Array(cap);
    this.script = new Int16Array(cap).fill(-1);
    this.trueIntent = new Int8Array(cap).fill(-1);
    this.heardIntent = new Int8Array(cap).fill(-1);
    this.effective = new Uint8Array(cap);
    this.revenue = new Float64Array(cap);
    this.satisfaction = new Float32Array(cap);
    this.patience = new Int32Array(cap).fill(-1);
    this.free = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.free[i] = cap - 1 - i;
    this.freeCount = cap;
  }

  get capacity(): number {
    return this.arrival.length;
  }

  /** A slot for a call that arrived now (time read from `clock` so no double is passed). */
  alloc(index: number, clock: { readonly now: number }): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount];
    this.arrival[slot] = clock.now;
    this.index[slot] = index;
    this.patience[slot] = -1;
    this.outbound[slot] = 0;
    this.customer[slot] = -1;
    this.converted[slot] = 0;
    this.answered[slot] = NaN;
    this.priority[slot] = 0;
    this.script[slot] = -1;
    this.trueIntent[slot] = -1;
    this.heardIntent[slot] = -1;
    this.effective[slot] = 0;
    this.revenue[slot] = 0;
    this.satisfaction[slot] = NaN;
    this.inUse++;
    return slot;
  }

  release(slot: number): void {
    this.free[this.freeCount++] = slot;
    this.inUse--;
  }

  private grow(): void {
    const old = this.arrival.length;
    const cap = old * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.arrival = f64(this.arrival);
    const idx = new Int32Array(cap);
    idx.set(this.index);
    this.index = idx;
    this.handle = f64(this.handle);
    this.talk = f64(this.talk);
    const out = new Uint8Array(cap);
    out.set(this.outbound);
    this.outbound = out;
    const cust = new Int32Array(cap).fill(-1);
    cust.set(this.customer);
    this.customer = cust;
    const conv = new Uint8Array(cap);
    conv.set(this.converted);
    this.converted = conv;
    this.answered = f64(this.answered);
    this.priority = f64(this.priority);
    const sc = new Int16Array(cap).fill(-1);
    sc.set(this.script);
    this.script = sc;
    const ti = new Int8Array(cap).fill(-1);
    ti.set(this.trueIntent);
    this.trueIntent = ti;
    const hi = new Int8Array(cap).fill(-1);
    hi.set(this.heardIntent);
    this.heardIntent = hi;
    this.revenue = f64(this.revenue);
    const eff = new Uint8Array(cap);
    eff.set(this.effective);
    this.effective = eff;
    const sat = new Float32Array(cap);
    sat.set(this.satisfaction);
    this.satisfaction = sat;
    const pat = new Int32Array(cap).fill(-1);
    pat.set(this.patience);
    this.patience = pat;
    const free = new Int32Array(cap);
    let k = 0;
    for (let i = cap - 1; i >= old; i--) free[k++] = i;
    this.free = free;
    this.freeCount = k;
  }
}
