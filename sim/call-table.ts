/**
 * Calls in the system, struct-of-arrays by slot. Slots are recycled (a free stack), so memory
 * follows the number of calls present at once, not the number of calls simulated. Hot code passes
 * slot numbers around and reads times from these arrays: small integers cross function calls
 * without allocating, doubles would be boxed.
 */
export class CallTable {
  /**
   * When the call was offered to the human agents: its arrival, or for a call the bot answered
   * first, the moment the bot handed it off (waits, queue statistics and the wait effect on the
   * outcome run from here).
   */
  arrival: Float64Array;
  /** When the call reached the center (equal to `arrival` unless the bot took it first). */
  received: Float64Array;
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
  satisfaction: Float64Array;
  /** Event handle of the patience timer, -1 when none. */
  patience: Int32Array;
  /** Human-AI collaboration (sim/collab/): the bot's result (BOT_* codes, -1 when the bot never took the call) and its session length. */
  bot: Int8Array;
  botSeconds: Float64Array;
  /** The call's reason (the customer's true first intent, world truth; -1 when not drawn). */
  reason: Int8Array;
  /** 1 when the caller accepted a call back instead of waiting on the line. */
  callback: Uint8Array;
  /** Sentiment alert: -1 none, 0 calming script only, 1 a supervisor joined. */
  alert: Int8Array;
  /** 1 when the customer complained, 0 not, -1 undecided. */
  complaint: Int8Array;
  /** 1 when the bot failed to resolve the caller's need before handing off. */
  frustrated: Uint8Array;
  /** The customer's true sentiment at the end of the conversation (world truth; NaN when not modelled). */
  sentiment: Float64Array;
  /**
   * Whether alloc resets the world's and the collaboration's columns. A center without a world (or
   * without a bot and supervisors) never writes them, so they keep the defaults they were created
   * with, and skipping 17 writes a call is a measurable share of a plain Erlang run's time.
   */
  tracksWorld = true;
  tracksCollab = true;
  private free: Int32Array;
  private freeCount: number;
  /** Calls currently in the system. */
  inUse = 0;

  constructor(capacity = 256) {
    const cap = Math.max(16, capacity);
    this.arrival = new Float64Array(cap);
    this.received = new Float64Array(cap);
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
    this.satisfaction = new Float64Array(cap).fill(NaN);
    this.patience = new Int32Array(cap).fill(-1);
    this.bot = new Int8Array(cap).fill(-1);
    this.botSeconds = new Float64Array(cap);
    this.reason = new Int8Array(cap).fill(-1);
    this.callback = new Uint8Array(cap);
    this.alert = new Int8Array(cap).fill(-1);
    this.complaint = new Int8Array(cap).fill(-1);
    this.frustrated = new Uint8Array(cap);
    this.sentiment = new Float64Array(cap).fill(NaN);
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
    this.received[slot] = clock.now;
    this.index[slot] = index;
    this.patience[slot] = -1;
    this.outbound[slot] = 0;
    this.customer[slot] = -1;
    this.answered[slot] = NaN;
    if (this.tracksWorld) this.resetWorld(slot);
    if (this.tracksCollab) this.resetCollab(slot);
    this.inUse++;
    return slot;
  }

  /** The conversation's world columns back to "not decided" (only a center with a world writes them). */
  private resetWorld(slot: number): void {
    this.converted[slot] = 0;
    this.priority[slot] = 0;
    this.script[slot] = -1;
    this.trueIntent[slot] = -1;
    this.heardIntent[slot] = -1;
    this.effective[slot] = 0;
    this.revenue[slot] = 0;
    this.satisfaction[slot] = NaN;
  }

  /** The bot and supervision columns back to "none" (only a center with collaboration writes them). */
  private resetCollab(slot: number): void {
    this.satisfaction[slot] = NaN;
    this.bot[slot] = -1;
    this.botSeconds[slot] = 0;
    this.reason[slot] = -1;
    this.callback[slot] = 0;
    this.alert[slot] = -1;
    this.complaint[slot] = -1;
    this.frustrated[slot] = 0;
    this.sentiment[slot] = NaN;
  }


  release(slot: number): void {
    this.free[this.freeCount++] = slot;
    this.inUse--;
  }

  private grow(): void {
    const old = this.arrival.length;
    const cap = old * 2;
    this.arrival = grown(this.arrival, cap);
    this.received = grown(this.received, cap);
    this.index = grown(this.index, cap);
    this.handle = grown(this.handle, cap);
    this.talk = grown(this.talk, cap);
    this.outbound = grown(this.outbound, cap);
    this.customer = grown(this.customer, cap, -1);
    this.converted = grown(this.converted, cap);
    this.answered = grown(this.answered, cap);
    this.priority = grown(this.priority, cap);
    this.script = grown(this.script, cap, -1);
    this.trueIntent = grown(this.trueIntent, cap, -1);
    this.heardIntent = grown(this.heardIntent, cap, -1);
    this.revenue = grown(this.revenue, cap);
    this.effective = grown(this.effective, cap);
    this.satisfaction = grown(this.satisfaction, cap, NaN);
    this.patience = grown(this.patience, cap, -1);
    this.bot = grown(this.bot, cap, -1);
    this.botSeconds = grown(this.botSeconds, cap);
    this.reason = grown(this.reason, cap, -1);
    this.callback = grown(this.callback, cap);
    this.alert = grown(this.alert, cap, -1);
    this.complaint = grown(this.complaint, cap, -1);
    this.frustrated = grown(this.frustrated, cap);
    this.sentiment = grown(this.sentiment, cap, NaN);
    const free = new Int32Array(cap);
    let k = 0;
    for (let i = cap - 1; i >= old; i--) free[k++] = i;
    this.free = free;
    this.freeCount = k;
  }
}

type Column = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** A copy of `a` with `cap` entries, the new ones set to `fill`. */
function grown<T extends Column>(a: T, cap: number, fill = 0): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}
