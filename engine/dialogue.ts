/**
 * Dialogue state over the turns of calls: which intents the model heard (and how sure it was),
 * which scripts were suggested, and which experiment arm each call was assigned. One tracker holds
 * many calls in fixed slots (struct of typed arrays), so the simulator reuses a slot per call in
 * progress and nothing is allocated per turn. It records what the engine observed (predicted
 * intents), never the customer's true intents.
 */

export interface DialogueTrackerOptions {
  /** Calls tracked at once (slots 0..capacity-1). */
  capacity: number;
  /** Turns remembered per call (later turns still update counts and the last intent). */
  maxTurns?: number;
  /** Script experiments whose arm assignment is kept per call. */
  experiments?: number;
}

export class DialogueTracker {
  readonly intents: readonly string[];
  readonly capacity: number;
  readonly maxTurns: number;
  readonly experiments: number;
  private readonly k: number;
  private readonly turnCount: Uint16Array;
  private readonly lastIntent: Int16Array;
  private readonly lastConf: Float32Array;
  private readonly seen: Uint32Array;
  private readonly counts: Uint8Array;
  private readonly history: Int16Array;
  private readonly scripts: Int16Array;
  private readonly scriptCount: Uint16Array;
  private readonly arms: Int16Array;

  constructor(intents: readonly string[], o: DialogueTrackerOptions) {
    if (intents.length > 32) throw new RangeError(`at most 32 intents (a bit each), got ${intents.length}`);
    if (!(Number.isInteger(o.capacity) && o.capacity > 0)) throw new RangeError(`capacity must be a positive integer, got ${o.capacity}`);
    this.intents = intents;
    this.k = intents.length;
    this.capacity = o.capacity;
    this.maxTurns = o.maxTurns ?? 16;
    this.experiments = o.experiments ?? 0;
    const c = o.capacity;
    this.turnCount = new Uint16Array(c);
    this.lastIntent = new Int16Array(c).fill(-1);
    this.lastConf = new Float32Array(c);
    this.seen = new Uint32Array(c);
    this.counts = new Uint8Array(c * this.k);
    this.history = new Int16Array(c * this.maxTurns).fill(-1);
    this.scripts = new Int16Array(c * this.maxTurns).fill(-1);
    this.scriptCount = new Uint16Array(c);
    this.arms = new Int16Array(c * Math.max(1, this.experiments)).fill(-1);
  }

  /** Index of an intent name, or -1. */
  intentIndex(name: string): number {
    return this.intents.indexOf(name);
  }

  /** Starts a new call in `slot`, forgetting the previous one. */
  reset(slot: number): void {
    this.turnCount[slot] = 0;
    this.lastIntent[slot] = -1;
    this.lastConf[slot] = 0;
    this.seen[slot] = 0;
    this.counts.fill(0, slot * this.k, (slot + 1) * this.k);
    this.history.fill(-1, slot * this.maxTurns, (slot + 1) * this.maxTurns);
    this.scripts.fill(-1, slot * this.maxTurns, (slot + 1) * this.maxTurns);
    this.scriptCount[slot] = 0;
    if (this.experiments > 0) this.arms.fill(-1, slot * this.experiments, (slot + 1) * this.experiments);
  }

  /** The model heard `intent` with `confidence` on the call's next turn; returns that turn's index. */
  observe(slot: number, intent: number, confidence: number): number {
    if (intent < 0 || intent >= this.k) throw new RangeError(`intent ${intent} out of range`);
    const t = this.turnCount[slot];
    if (t < this.maxTurns) this.history[slot * this.maxTurns + t] = intent;
    this.turnCount[slot] = t + 1;
    this.lastIntent[slot] = intent;
    this.lastConf[slot] = confidence;
    this.seen[slot] |= 1 << intent;
    const c = slot * this.k + intent;
    if (this.counts[c] < 255) this.counts[c]++;
    return t;
  }

  turns(slot: number): number {
    return this.turnCount[slot];
  }

  /** The last intent heard (-1 before the first turn). */
  last(slot: number): number {
    return this.lastIntent[slot];
  }

  lastConfidence(slot: number): number {
    return this.lastConf[slot];
  }

  hasSeen(slot: number, intent: number): boolean {
    return intent >= 0 && (this.seen[slot] & (1 << intent)) !== 0;
  }

  /** Bit i set when intent i was heard on any turn. */
  seenMask(slot: number): number {
    return this.seen[slot] >>> 0;
  }

  count(slot: number, intent: number): number {
    return this.counts[slot * this.k + intent];
  }

  /** The intent heard on `turn` (-1 if not remembered). */
  intentAt(slot: number, turn: number): number {
    return turn < this.maxTurns ? this.history[slot * this.maxTurns + turn] : -1;
  }

  /** Records a suggested script (for later A/B analysis). */
  recordScript(slot: number, script: number): void {
    const n = this.scriptCount[slot];
    if (n < this.maxTurns) this.scripts[slot * this.maxTurns + n] = script;
    this.scriptCount[slot] = n + 1;
  }

  scriptsSuggested(slot: number): number {
    return Math.min(this.scriptCount[slot], this.maxTurns);
  }

  scriptAt(slot: number, i: number): number {
    return i < this.maxTurns ? this.scripts[slot * this.maxTurns + i] : -1;
  }

  /** The experiment arm the call was assigned (-1: not exposed). */
  arm(slot: number, experiment: number): number {
    return this.arms[slot * this.experiments + experiment];
  }

  setArm(slot: number, experiment: number, arm: number): void {
    this.arms[slot * this.experiments + experiment] = arm;
  }
}
