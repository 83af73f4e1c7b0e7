// Slots by publication time in hour buckets: O(1) inserts in any order, newest-first walks that sort one
// bucket only when it is reached. Removal is lazy (callers skip dead slots, then compact).

const BUCKET_MS = 3_600_000;

interface Bucket {
  slots: number[];
  times: number[];
  sorted: boolean;
}

export class TimeList {
  private readonly buckets = new Map<number, Bucket>();
  /** Bucket keys, ascending. */
  private keys: number[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  insert(slot: number, time: number): void {
    const key = Math.floor(time / BUCKET_MS);
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = { slots: [], times: [], sorted: true };
      this.buckets.set(key, b);
      let lo = 0;
      let hi = this.keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((this.keys[mid] ?? 0) < key) lo = mid + 1;
        else hi = mid;
      }
      this.keys.splice(lo, 0, key);
    }
    const n = b.times.length;
    // Kept ascending, so the newest is last; an out-of-order arrival only marks the bucket unsorted.
    if (n > 0 && (b.times[n - 1] ?? 0) > time) b.sorted = false;
    b.slots.push(slot);
    b.times.push(time);
    this.count++;
  }

  /** Visits slots from the newest to the oldest until `visit` returns false. */
  forEachNewest(visit: (slot: number) => boolean): void {
    for (let k = this.keys.length - 1; k >= 0; k--) {
      const b = this.buckets.get(this.keys[k] ?? 0);
      if (b === undefined) continue;
      if (!b.sorted) sortBucket(b);
      for (let i = b.slots.length - 1; i >= 0; i--) if (!visit(b.slots[i] ?? 0)) return;
    }
  }

  compact(alive: (slot: number) => boolean): void {
    const keys: number[] = [];
    this.count = 0;
    for (const key of this.keys) {
      const b = this.buckets.get(key);
      if (b === undefined) continue;
      let w = 0;
      for (let i = 0; i < b.slots.length; i++) {
        const s = b.slots[i] ?? 0;
        if (!alive(s)) continue;
        b.slots[w] = s;
        b.times[w] = b.times[i] ?? 0;
        w++;
      }
      b.slots.length = w;
      b.times.length = w;
      if (w === 0) this.buckets.delete(key);
      else {
        keys.push(key);
        this.count += w;
      }
    }
    this.keys = keys;
  }

  clear(): void {
    this.buckets.clear();
    this.keys = [];
    this.count = 0;
  }
}

function sortBucket(b: Bucket): void {
  const order = b.slots.map((_, i) => i).sort((x, y) => (b.times[x] ?? 0) - (b.times[y] ?? 0));
  b.slots = order.map((i) => b.slots[i] ?? 0);
  b.times = order.map((i) => b.times[i] ?? 0);
  b.sorted = true;
}
