// Pure scoring pieces: BM25F, freshness decay, Thompson-sampled click-through factor, title similarity.

/** BM25F fields, in the order the index counts them. */
export const FIELDS = ['title', 'tags', 'summary', 'category'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_WEIGHT: Readonly<Record<Field, number>> = { title: 3, tags: 2, summary: 1, category: 1.5 };
export const FIELD_B: Readonly<Record<Field, number>> = { title: 0.5, tags: 0.3, summary: 0.75, category: 0 };
export const BM25_K1 = 1.2;

/** Robertson–Spärck Jones idf, always positive. */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Freshness multiplier: exponential decay with the given half-life; future dates count as age 0. */
export function decay(ageMs: number, halfLifeHours: number): number {
  if (ageMs <= 0) return 1;
  return 0.5 ** (ageMs / (halfLifeHours * 3_600_000));
}

/** Share of the score that never decays: an old, very relevant item still beats a fresh, vaguely relevant one. */
export const FRESHNESS_FLOOR = 0.55;

export function freshness(ageMs: number, halfLifeHours: number): number {
  return FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) * decay(ageMs, halfLifeHours);
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) by Marsaglia–Tsang (boosted for shape < 1). */
export function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.max(random(), 1e-12) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = Math.max(random(), 1e-12);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export function sampleBeta(a: number, b: number, random: () => number): number {
  const x = sampleGamma(a, random);
  const y = sampleGamma(b, random);
  return x / (x + y);
}

/** Pseudo-impressions of the Beta prior: how much data it takes to move away from the global CTR. */
export const CTR_PRIOR_STRENGTH = 100;
/** The click-through factor stays within [1/CTR_MAX_FACTOR, CTR_MAX_FACTOR]. */
export const CTR_MAX_FACTOR = 1.3;

/**
 * Thompson-sampled click-through factor.
 *   θ ~ Beta(ctr0·m + clicks, (1 − ctr0)·m + impressions − clicks)     (m = CTR_PRIOR_STRENGTH)
 *   factor = clamp(sqrt(θ / ctr0), 1/CTR_MAX_FACTOR, CTR_MAX_FACTOR)
 * A headline with no data samples from the prior alone, so it sometimes draws a high θ and gets shown
 * (exploration); one with many clicks per impression draws θ ≫ ctr0 nearly always. The clamp keeps
 * the factor a tie-breaker among comparably relevant items.
 */
export function ctrFactor(
  e: { impressions: number; clicks: number } | undefined,
  ctr0: number,
  random: () => number,
): number {
  const impressions = Math.max(0, e?.impressions ?? 0);
  const clicks = Math.min(impressions, Math.max(0, e?.clicks ?? 0));
  const a = ctr0 * CTR_PRIOR_STRENGTH + clicks;
  const b = (1 - ctr0) * CTR_PRIOR_STRENGTH + (impressions - clicks);
  const theta = sampleBeta(a, b, random);
  const f = Math.sqrt(theta / ctr0);
  return Math.min(CTR_MAX_FACTOR, Math.max(1 / CTR_MAX_FACTOR, f));
}

/** Global CTR for the prior: pooled over the candidates with data, shrunk towards 2 %. */
export function pooledCtr(stats: Iterable<{ impressions: number; clicks: number }>): number {
  let impressions = 0;
  let clicks = 0;
  for (const s of stats) {
    impressions += Math.max(0, s.impressions);
    clicks += Math.max(0, Math.min(s.clicks, s.impressions));
  }
  const prior = 0.02;
  const weight = 500;
  return Math.min(0.5, Math.max(0.001, (clicks + prior * weight) / (impressions + weight)));
}

/** Set cosine over sorted unique term ids: |A∩B| / sqrt(|A|·|B|). */
export function titleSimilarity(a: Int32Array, b: Int32Array): { cosine: number; common: number } {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const denom = Math.sqrt(a.length * b.length);
  return { cosine: denom === 0 ? 0 : common / denom, common };
}

/** Same story: most title terms shared (by default: set cosine ≥ 0.5 and at least 3 terms). */
export function isNearDuplicate(a: Int32Array, b: Int32Array, min = { cosine: 0.5, common: 3 }): boolean {
  const { cosine, common } = titleSimilarity(a, b);
  return common >= min.common && cosine >= min.cosine;
}
