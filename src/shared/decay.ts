// Exponential forgetting of counters: what was counted `ageMs` ago weighs 0.5^(age / half-life) now.

/** The weight now of a count made `ageMs` ago (1 for age ≤ 0: clocks of two instances may differ a little). */
export function decayFactor(ageMs: number, halfLifeMs: number): number {
  if (ageMs <= 0 || !(halfLifeMs > 0)) return 1;
  return 0.5 ** (ageMs / halfLifeMs);
}
