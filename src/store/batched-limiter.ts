// A shared rate limit spent in memory: requests never wait for the store; the points go to it in batches.
import { LRUCache } from 'lru-cache';
import type { RateLimiter, RateLimitSpec } from './types.js';

/**
 * Adds `points[i]` to the shared counter of `keys[i]` (created with the window as its expiry when absent):
 * per key, the points spent in its window so far by every instance and the milliseconds left in it.
 */
export type ShareBudget = (
  keys: readonly string[],
  points: readonly number[],
) => Promise<{ spent: number; msLeft: number }[]>;

export interface BatchedLimiterOptions {
  share: ShareBudget;
  /** How often the points spent here go to the shared counters (and theirs come back). */
  shareEveryMs: number;
  now?: () => number;
}

/** Keys whose window one limiter remembers (~150 bytes each); a forgotten one counts afresh from its next share. */
const WINDOWS_REMEMBERED = 50_000;
/** Keys per share call. */
const KEYS_PER_SHARE = 1_000;

interface Window {
  /** Points known spent in the window: every instance's at the last share, plus this instance's since. */
  spent: number;
  /** Points spent here since the last share. */
  unshared: number;
  /** Milliseconds since the epoch. */
  endsAt: number;
}

/** A refusal's wait as the RateLimiter contract gives it: whole seconds, at least one. */
export const secondsToWait = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Each instance decides from what it knows: its own points (exactly) and the other instances' as of its last
 * share, at most `shareEveryMs` old. So a key can overspend by what other instances allowed it within one share
 * interval; within one instance the budget is exact. While the store is away, the points wait and the budget
 * stays this instance's own.
 */
export class BatchedLimiter implements RateLimiter {
  private readonly windows = new LRUCache<string, Window>({
    max: WINDOWS_REMEMBERED,
    // A window forgotten or replaced takes its unshared points with it: at most one interval's worth.
    dispose: (_window, key) => this.unsharedKeys.delete(key),
  });
  private readonly unsharedKeys = new Set<string>();
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private sharing: Promise<void> | undefined;

  constructor(
    private readonly spec: RateLimitSpec,
    private readonly options: BatchedLimiterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => {
      this.settle().catch(() => undefined);
    }, options.shareEveryMs);
    this.timer.unref();
  }

  consume(key: string): Promise<number | undefined> {
    return Promise.resolve(this.spend(key));
  }

  /** Shares what was spent here until now; resolves when written (or failed: the points wait for the next try). */
  settle(): Promise<void> {
    // A share in flight took an older batch: wait for it, then share what was spent meanwhile.
    if (this.sharing) return this.sharing.then(() => this.settle());
    if (this.unsharedKeys.size === 0) return Promise.resolve();
    this.sharing = this.share().finally(() => {
      this.sharing = undefined;
    });
    return this.sharing;
  }

  /** Stops sharing on a timer, after a last share. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.settle();
  }

  private spend(key: string): number | undefined {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { spent: 0, unshared: 0, endsAt: now + this.spec.durationSeconds * 1000 };
      this.windows.set(key, window);
    }
    if (window.spent >= this.spec.points) return secondsToWait(window.endsAt - now);
    window.spent++;
    window.unshared++;
    this.unsharedKeys.add(key);
    return undefined;
  }

  private async share(): Promise<void> {
    const now = this.now();
    const batch: { key: string; window: Window; points: number }[] = [];
    for (const key of this.unsharedKeys) {
      const window = this.windows.peek(key);
      if (window !== undefined && window.unshared > 0 && window.endsAt > now) {
        batch.push({ key, window, points: window.unshared });
        window.unshared = 0;
      }
    }
    this.unsharedKeys.clear();
    for (let from = 0; from < batch.length; from += KEYS_PER_SHARE) {
      const part = batch.slice(from, from + KEYS_PER_SHARE);
      let counts: { spent: number; msLeft: number }[];
      try {
        counts = await this.options.share(
          part.map((p) => p.key),
          part.map((p) => p.points),
        );
      } catch {
        // The store is away: the points wait for the next share, in their window.
        for (const { key, window, points } of part) {
          if (this.windows.peek(key) !== window) continue;
          window.unshared += points;
          this.unsharedKeys.add(key);
        }
        continue;
      }
      const at = this.now();
      for (const [i, { key, window }] of part.entries()) {
        const count = counts[i];
        // A window that ended or was forgotten while the call was out learns nothing from it.
        if (count === undefined || this.windows.peek(key) !== window) continue;
        window.spent = count.spent + window.unshared;
        if (count.msLeft > 0) window.endsAt = at + count.msLeft;
      }
    }
  }
}
