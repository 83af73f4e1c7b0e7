// Bounded selection: the k best items by a key with a min-heap of k, never a sort of all items.

/** The k items with the highest `key[item]`, via a bounded min-heap (no sort of all items); unordered. */
export function topBy(
  items: ArrayLike<number>,
  k: number,
  key: ArrayLike<number>,
  accept?: (item: number) => boolean,
): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  // The keys of the heap's items are read inline (no closure per call): this runs for every query's pools.
  for (let n = 0; n < items.length; n++) {
    const x = items[n] ?? 0;
    const vx = key[x] ?? 0;
    if (heap.length < k) {
      if (accept !== undefined && !accept(x)) continue;
      heap.push(x);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const up = heap[p] ?? 0;
        if ((key[up] ?? 0) <= vx) break;
        heap[i] = up;
        heap[p] = x;
        i = p;
      }
    } else if (vx > (key[heap[0] ?? 0] ?? 0) && (accept === undefined || accept(x))) {
      heap[0] = x;
      let i = 0;
      const size = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let vm = vx;
        if (l < size) {
          const vl = key[heap[l] ?? 0] ?? 0;
          if (vl < vm) {
            m = l;
            vm = vl;
          }
        }
        if (r < size && (key[heap[r] ?? 0] ?? 0) < vm) m = r;
        if (m === i) break;
        heap[i] = heap[m] ?? 0;
        heap[m] = x;
        i = m;
      }
    }
  }
  return heap;
}

/**
 * The k slots of `slots[from, to)` with the highest `key[slot]` that pass `accept` (a bounded min-heap;
 * `accept` is asked only of slots that would enter it: most never do). Unordered.
 */
export function topSlots(
  slots: Int32Array,
  from: number,
  to: number,
  k: number,
  key: Float64Array,
  accept: (slot: number) => boolean,
): number[] {
  const heap: number[] = [];
  for (let n = from; n < to; n++) {
    const slot = slots[n] ?? 0;
    const v = key[slot] ?? 0;
    if (heap.length === k && v <= (key[heap[0] ?? 0] ?? 0)) continue;
    if (!accept(slot)) continue;
    if (heap.length < k) {
      heap.push(slot);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        const up = heap[p] ?? 0;
        if ((key[up] ?? 0) <= v) break;
        heap[i] = up;
        i = p;
      }
      heap[i] = slot;
      continue;
    }
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= k) break;
      const r = l + 1;
      const m = r < k && (key[heap[r] ?? 0] ?? 0) < (key[heap[l] ?? 0] ?? 0) ? r : l;
      const child = heap[m] ?? 0;
      if ((key[child] ?? 0) >= v) break;
      heap[i] = child;
      i = m;
    }
    heap[i] = slot;
  }
  return heap;
}
