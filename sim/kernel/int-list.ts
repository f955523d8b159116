/**
 * An intrusive doubly-linked list over integer ids (0..capacity-1), in typed arrays: O(1) append,
 * remove-from-anywhere and pop-front, no allocation. Used for FIFO queues from which callers can
 * leave mid-line (abandonment) and for the longest-idle agent order. An id is in at most one place
 * in a given list; `has(id)` is O(1).
 */
const NIL = -1;

export class IntList {
  private next: Int32Array;
  private prev: Int32Array;
  private member: Uint8Array;
  private head = NIL;
  private tail = NIL;
  length = 0;

  constructor(capacity = 16) {
    const cap = Math.max(1, capacity);
    this.next = new Int32Array(cap).fill(NIL);
    this.prev = new Int32Array(cap).fill(NIL);
    this.member = new Uint8Array(cap);
  }

  /** First id, or -1 when empty. */
  first(): number {
    return this.head;
  }

  /** Id after `id`, or -1 at the end (for read-only walks). */
  after(id: number): number {
    return this.next[id];
  }

  has(id: number): boolean {
    return id < this.member.length && this.member[id] === 1;
  }

  push(id: number): void {
    if (id >= this.member.length) this.grow(id + 1);
    if (this.member[id] === 1) throw new Error(`id ${id} is already in the list`);
    this.member[id] = 1;
    this.prev[id] = this.tail;
    this.next[id] = NIL;
    if (this.tail === NIL) this.head = id;
    else this.next[this.tail] = id;
    this.tail = id;
    this.length++;
  }

  /** Removes and returns the first id, or -1 when empty. */
  shift(): number {
    const id = this.head;
    if (id === NIL) return NIL;
    const n = this.next[id];
    this.head = n;
    if (n === NIL) this.tail = NIL;
    else this.prev[n] = NIL;
    this.member[id] = 0;
    this.length--;
    return id;
  }

  remove(id: number): void {
    if (!this.has(id)) throw new Error(`id ${id} is not in the list`);
    const p = this.prev[id];
    const n = this.next[id];
    if (p === NIL) this.head = n;
    else this.next[p] = n;
    if (n === NIL) this.tail = p;
    else this.prev[n] = p;
    this.member[id] = 0;
    this.length--;
  }

  clear(): void {
    let id = this.head;
    while (id !== NIL) {
      const n = this.next[id];
      this.member[id] = 0;
      id = n;
    }
    this.head = this.tail = NIL;
    this.length = 0;
  }

  private grow(min: number): void {
    let cap = this.member.length * 2;
    while (cap < min) cap *= 2;
    const next = new Int32Array(cap).fill(NIL);
    next.set(this.next);
    const prev = new Int32Array(cap).fill(NIL);
    prev.set(this.prev);
    const member = new Uint8Array(cap);
    member.set(this.member);
    this.next = next;
    this.prev = prev;
    this.member = member;
  }
}
