// Ranked answers kept for the articles being read right now. A request seen once waits in a small probation
// window (enough for a page's second request, a refresh or a revalidation); only a request seen again enters
// the main cache. A flood of one-off queries so churns a few dozen entries, never the whole cache, and leaves
// no old-generation garbage behind for the heap to grow around.
import { LRUCache } from 'lru-cache';
import { Doorkeeper } from '../shared/doorkeeper.js';

/** Answers the main cache holds at most, and their bytes (objects and serialised body, estimated). */
const MAIN_ENTRIES = 5_000;
const MAIN_BYTES = 16 * 1024 * 1024;
/** Answers of requests seen once. */
const PROBATION_ENTRIES = 16;

export class AnswerCache<V extends {}> {
  private readonly main: LRUCache<string, V>;
  private readonly probation: LRUCache<string, V>;
  private readonly door = new Doorkeeper();

  /** `bytesOf`: an estimate of one entry's footprint besides its key. */
  constructor(ttlMs: number, bytesOf: (value: V) => number) {
    this.main = new LRUCache<string, V>({
      max: MAIN_ENTRIES,
      maxSize: MAIN_BYTES,
      sizeCalculation: (value, key) => 2 * key.length + bytesOf(value),
      ttl: ttlMs,
    });
    this.probation = new LRUCache<string, V>({ max: PROBATION_ENTRIES, ttl: ttlMs });
  }

  get(key: string): V | undefined {
    const hit = this.main.get(key);
    if (hit !== undefined) return hit;
    const waiting = this.probation.get(key);
    if (waiting !== undefined) {
      // Asked for again: it is read, keep it in the main cache (the time it was ranked still counts).
      const ttl = Math.max(1, this.probation.getRemainingTTL(key));
      this.probation.delete(key);
      this.main.set(key, waiting, { ttl });
    }
    return waiting;
  }

  set(key: string, value: V): void {
    if (this.door.admit(key)) this.main.set(key, value);
    else this.probation.set(key, value);
  }

  clear(): void {
    this.main.clear();
    this.probation.clear();
  }
}
