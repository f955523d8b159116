/**
 * A binary min-heap of integer ids ordered by keys the caller keeps per id: (primary[id],
 * secondary[id], id). The key arrays are read, never copied, so pushing an id passes one small
 * integer (nothing boxed) and the order is total and deterministic. An id must not be in the heap
 * twice, and its keys must not change while it is in the heap.
 */
export class IdHeap {
  private heap: Int32Array;
  size = 0;
  private readonly primary: Float64Array;
  private readonly secondary: Float64Array | null;

  constructor(primary: Float64Array, secondary: Float64Array | null = null, capacity = 64) {
    this.primary = primary;
    this.secondary = secondary;
    this.heap = new Int32Array(Math.max(4, capacity));
  }

  /** The smallest id, or -1 when empty. */
  peek(): number {
    return this.size > 0 ? this.heap[0] : -1;
  }

  push(id: number): void {
    if (this.size === this.heap.length) {
      const next = new Int32Array(this.heap.length * 2);
      next.set(this.heap);
      this.heap = next;
    }
    const h = this.heap;
    let pos = this.size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!this.less(id, h[parent])) break;
      h[pos] = h[parent];
      pos = parent;
    }
    h[pos] = id;
  }

  /** Removes and returns the smallest id, or -1 when empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const h = this.heap;
    const top = h[0];
    const last = h[--this.size];
    const n = this.size;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(h[child + 1], h[child])) child++;
      if (!this.less(h[child], last)) break;
      h[pos] = h[child];
      pos = child;
    }
    if (n > 0) h[pos] = last;
    return top;
  }

  private less(a: number, b: number): boolean {
    const pa = this.primary[a];
    const pb = this.primary[b];
    if (pa !== pb) return pa < pb;
    const s = this.secondary;
    if (s !== null && s[a] !== s[b]) return s[a] < s[b];
    return a < b;
  }
}
