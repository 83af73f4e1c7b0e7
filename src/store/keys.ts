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
  /** Hash learning key → "clicks exposure at(ms)": what readers taught the ranking, decayed. */
  learning: string;
  /** Sorted set of learning keys by last update (ms): the eviction order. */
  learningByTime: string;
  /** Hash publisherId → PublisherRules JSON. */
  rules: string;
  /** Hash feedId → feed registration JSON. All feed keys share the {feeds} slot, so one script writes them. */
  feeds: string;
  /** Hash feedId → feed poll state JSON. */
  feedStates: string;
  /** Hash "partnerId url" → feedId: one feed per URL and partner. */
  feedUrls: string;
  /** Sorted set of feed ids by next poll time (ms). */
  feedsDue: string;
  /** Set of one partner's feed ids. */
  partnerFeeds(partnerId: string): string;
  /** The lease of the instance polling a feed (SET NX PX). */
  feedLease(feedId: string): string;
  /** Prefix of one rate limiter's counters (rate-limiter-flexible appends the limited key). */
  rateLimit(name: string): string;
  /** Thumbnail keys share the {thumbs} slot, so one script can keep their byte budget. */
  thumbnails: {
    /** One encoded thumbnail (binary), e.g. "<source hash>:320.webp". */
    entry(name: string): string;
    /** Sorted set of entry keys by last use (ms): the eviction order. */
    lastUsed: string;
    /** Hash entry key → its size in bytes; their sum is `bytes`. */
    sizes: string;
    /** Running total of the bytes of every entry in `lastUsed`. */
    bytes: string;
    /** Why a source image could not be made into thumbnails, kept for a while (negative cache). */
    failure(sourceHash: string): string;
  };
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
    learning: `${prefix}{learn}:tallies`,
    learningByTime: `${prefix}{learn}:lru`,
    rules: `${meta}:rules`,
    feeds: `${prefix}{feeds}:config`,
    feedStates: `${prefix}{feeds}:state`,
    feedUrls: `${prefix}{feeds}:urls`,
    feedsDue: `${prefix}{feeds}:due`,
    partnerFeeds: (partnerId) => `${prefix}{feeds}:partner:${partnerId}`,
    feedLease: (feedId) => `${prefix}{feeds}:lease:${feedId}`,
    rateLimit: (name) => `${prefix}{rl}:${name}`,
    thumbnails: {
      entry: (name) => `${prefix}{thumbs}:t:${name}`,
      lastUsed: `${prefix}{thumbs}:lru`,
      sizes: `${prefix}{thumbs}:sizes`,
      bytes: `${prefix}{thumbs}:bytes`,
      failure: (sourceHash) => `${prefix}{thumbs}:fail:${sourceHash}`,
    },
  };
}
