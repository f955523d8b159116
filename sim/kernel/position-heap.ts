/**
 * A binary min-heap of integer ids with removal from anywhere, ordered by keys the caller keeps per
 * id, (keys.priority[id], keys.arrival[id], id): a priority queue callers can leave mid-line
 * (abandonment). Each id's heap position is tracked, so `remove` is O(log n). The key arrays are read
 * through `keys` on every comparison, so their owner may reallocate them (growth); only integers
 * are passed (nothing boxed); keys must not change while an id is queued.
 */
export interface HeapKeys {
  readonly priority: Float64Array;
  readonly arrival: Float64Array;
}

export class PositionHeap {
  private heap: Int32Array;
  private pos: Int32Array;
  length = 0;

  constructor(
    private readonly keys: HeapKeys,
    capacity = 64,
  ) {
    this.heap = new Int32Array(Math.max(4, capacity));
    this.pos = new Int32Array(Math.max(4, capacity)).fill(-1);
  }

  first(): number {
    return this.length > 0 ? this.heap[0] : -1;
  }

  has(id: number): boolean {
    return id < this.pos.length && this.pos[id] >= 0;
  }

  push(id: number): void {
    if (id >= this.pos.length) {
      const p = new Int32Array(Math.max(id + 1, this.pos.length * 2)).fill(-1);
      p.set(this.pos);
      this.pos = p;
    }
    if (this.length === this.heap.length) {
      const h = new Int32Array(this.heap.length * 2);
      h.set(this.heap);
      this.heap = h;
    }
    this.up(this.length++, id);
  }

  /** Removes and returns the smallest id, or -1 when empty. */
  shift(): number {
    if (this.length === 0) return -1;
    const top = this.heap[0];
    this.remove(top);
    return top;
  }

  remove(id: number): void {
    const i = this.pos[id];
    if (i < 0) throw new Error(`id ${id} is not queued`);
    this.pos[id] = -1;
    const last = this.heap[--this.length];
    if (i === this.length) return;
    if (i > 0 && this.less(last, this.heap[(i - 1) >> 1])) this.up(i, last);
    else this.down(i, last);
  }

  private less(a: number, b: number): boolean {
    const k = this.keys;
    const pa = k.priority[a];
    const pb = k.priority[b];
    if (pa !== pb) return pa < pb;
    const sa = k.arrival[a];
    const sb = k.arrival[b];
    if (sa !== sb) return sa < sb;
    return a < b;
  }

  private up(i: number, id: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(id, h[parent])) break;
      h[i] = h[parent];
      this.pos[h[i]] = i;
      i = parent;
    }
    h[i] = id;
    this.pos[id] = i;
  }

  private down(i: number, id: number): void {
    const h = this.heap;
    const n = this.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], id)) break;
      h[i] = h[c];
      this.pos[h[i]] = i;
      i = c;
    }
    h[i] = id;
    this.pos[id] = i;
  }
}
