// Cache admission on second sight (TinyLFU's doorkeeper): a one-off key, such as a stranger's invented query,
// never enters a cache, so it neither evicts what readers repeat nor leaves old-generation garbage behind.
import { fnv1a } from './hash.js';

/**
 * Remembers 32-bit hashes of recent keys in a fixed table (one slot per hash, newest wins); `admit` says
 * whether a key was seen since its slot was last taken. Memory is the table alone, whatever callers send.
 */
export class Doorkeeper {
  private readonly slots: Uint32Array;
  private readonly mask: number;

  /** `bits`: log2 of the slots remembered (16 → 65,536 recent keys in 256 KB). */
  constructor(bits = 16) {
    this.slots = new Uint32Array(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  /** True when `key` was seen before (cache it now); otherwise remembers it and answers false. */
  admit(key: string): boolean {
    const h = (fnv1a(key) | 1) >>> 0; // never 0, the empty slot; unsigned, as the table stores it
    const i = (h >>> 7) & this.mask;
    if (this.slots[i] === h) return true;
    this.slots[i] = h;
    return false;
  }
}
