// Every Redis key the service writes, built in one place under REDIS_PREFIX.
// Hash tags ({...}) keep keys that one script or MULTI touches together in one Cluster slot.

export interface Keys {
  /** Hash partnerId → Partner JSON. */
  partners: string;
  /** Hash sha256(apiKey) → partnerId. */
  apiKeys: string;
  /** Hash partnerId → sha256 of its current key. */
  partnerKey: string;
  /** Hash publisherId → Publisher JSON. */
  publishers: string;
  /** One headline's JSON, expiring at its expiresAt. */
  headline(partnerId: string, id: string): string;
  /** Sorted set of a partner's headline ids by publishedAt (ms). */
  headlinesByTime(partnerId: string): string;
  /** Sorted set of a partner's headline ids by expiresAt (ms). */
  headlinesByExpiry(partnerId: string): string;
  /** Stream of headline, publisher and statistics changes, read by every instance. */
  changes: string;
  /** Hash "headlineId|i|v|c" → count: engagement totals for the ranking. */
  headlineStats: string;
  /** Set of "type|item" already counted for one page view. */
  seenEvents(impressionId: string): string;
  /** Hash "publisher|outlet|type" → count for one Europe/Bucharest day (type w = widget loads). */
  dailyStats(day: string): string;
  /** Hash "publisher|outlet|headlineId|type" → count for one day: top headlines. */
  dailyHeadlineStats(day: string): string;
  /** Hash "publisher|variant|type" → count for one day: experiments (type w = boxes). */
  dailyVariantStats(day: string): string;
  /** Hash publisherId → PublisherRules JSON. */
  rules: string;
}

export function createKeys(prefix: string): Keys {
  const meta = `${prefix}{meta}`;
  const partner = (id: string) => `${prefix}{p:${id}}`;
  return {
    partners: `${meta}:partners`,
    apiKeys: `${meta}:apikeys`,
    partnerKey: `${meta}:partnerkey`,
    publishers: `${meta}:publishers`,
    headline: (partnerId, id) => `${partner(partnerId)}:h:${id}`,
    headlinesByTime: (partnerId) => `${partner(partnerId)}:time`,
    headlinesByExpiry: (partnerId) => `${partner(partnerId)}:exp`,
    changes: `${prefix}{changes}:stream`,
    headlineStats: `${prefix}{stats}:headlines`,
    seenEvents: (impressionId) => `${prefix}{stats}:seen:${impressionId}`,
    dailyStats: (day) => `${prefix}{stats}:day:${day}`,
    dailyHeadlineStats: (day) => `${prefix}{stats}:dayh:${day}`,
    dailyVariantStats: (day) => `${prefix}{stats}:dayv:${day}`,
    rules: `${meta}:rules`,
  };
}
