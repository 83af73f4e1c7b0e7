// Exponential forgetting of counters: what was counted `ageMs` ago weighs 0.5^(age / half-life) now.

/** The weight now of a count made `ageMs` ago (1 for age ≤ 0: clocks of two instances may differ a little). */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  if (ageMs <= 0 || !(halfLifeMs > 0)) return 1;
  return 0.5 ** (ageMs / halfLifeMs);
}

/** A decayed counter: its values as of `at` (ms). */
export interface DecayedCounter {
  key: string;
  clicks: number;
  exposure: number;
  at: number;
}

/**
 * Adds counts made at `at` to counters kept in a Map least recently updated first (an update moves its key to
 * the end), then drops the least recently updated beyond `maxKeys` — as the Redis store's script does.
 */
export function addDecayed(
  counters: Map<string, DecayedCounter>,
  deltas: readonly Omit<DecayedCounter, 'at'>[],
  at: number,
  halfLifeMs: number,
  maxKeys: number,
): void {
  for (const d of deltas) {
    const old = counters.get(d.key);
    const f = old === undefined ? 0 : decayFactor(at - old.at, halfLifeMs);
    counters.delete(d.key);
    counters.set(d.key, {
      key: d.key,
      clicks: d.clicks + (old?.clicks ?? 0) * f,
      exposure: d.exposure + (old?.exposure ?? 0) * f,
      at: Math.max(at, old?.at ?? 0),
    });
  }
  dropOldest(counters, maxKeys);
}

/** Drops the first-inserted (least recently updated) keys of a Map beyond `maxKeys`. */
export function dropOldest(counters: Map<string, unknown>, maxKeys: number): void {
  for (const key of counters.keys()) {
    if (counters.size <= maxKeys) break;
    counters.delete(key);
  }
}
