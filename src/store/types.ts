// The store contract: one interface, two implementations (Redis and embedded memory) held to one test suite.
import type { Headline, Partner, Publisher } from '../domain.js';

/** A change every instance applies to its in-memory index, whichever instance made it. */
export type StoreChange =
  | { type: 'headlines.upsert'; headlines: Headline[] }
  | { type: 'headlines.delete'; partnerId: string; ids: string[] }
  | { type: 'publisher.put'; publisher: Publisher }
  | { type: 'stats.delta'; deltas: HeadlineStatsDelta[] }
  /** The change feed had a gap (e.g. the store was unreachable): rebuild derived state from the store. */
  | { type: 'resync' };

export interface HeadlineStatsDelta {
  id: string;
  impressions: number;
  viewable: number;
  clicks: number;
}

export interface HeadlinePage {
  headlines: Headline[];
  nextCursor?: string;
}

export type EventType = 'impression' | 'viewable' | 'click';

/** One reported event, already verified against its widget token. */
export interface EventRecord {
  impressionId: string;
  type: EventType;
  publisherId: string;
  /** Calendar day in Europe/Bucharest, YYYY-MM-DD. */
  day: string;
  items: { id: string; partnerId: string }[];
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createPartner(partner: Partner, keyHash: string): Promise<void>;
  getPartner(id: string): Promise<Partner | undefined>;
  listPartners(): Promise<Partner[]>;
  /** Makes keyHash the partner's only valid key. */
  replacePartnerKey(partnerId: string, keyHash: string): Promise<void>;
  partnerIdForKey(keyHash: string): Promise<string | undefined>;

  putPublisher(publisher: Publisher): Promise<void>;
  getPublisher(id: string): Promise<Publisher | undefined>;
  listPublishers(): Promise<Publisher[]>;

  /** Inserts or replaces headlines of one partner, atomically; each expires at its expiresAt. */
  upsertHeadlines(partnerId: string, headlines: Headline[]): Promise<void>;
  /** Deletes a live headline; false when there was none. */
  deleteHeadline(partnerId: string, id: string, nowMs: number): Promise<boolean>;
  getHeadline(partnerId: string, id: string, nowMs: number): Promise<Headline | undefined>;
  /** A partner's live headlines, newest first. */
  listHeadlines(
    partnerId: string,
    limit: number,
    cursor: string | undefined,
    nowMs: number,
  ): Promise<HeadlinePage>;
  /** Every live headline of every partner, in chunks: what a new instance indexes at start. */
  scanLiveHeadlines(nowMs: number): AsyncIterable<Headline[]>;

  /** Counts events once per (impressionId, type, item); returns what was new. */
  recordEvents(events: EventRecord[]): Promise<HeadlineStatsDelta[]>;
  /** Totals per headline, for the ranking's learning term. */
  readHeadlineStats(): Promise<HeadlineStatsDelta[]>;

  /** Tells every other instance about a change this one made (and has applied itself). */
  publish(change: StoreChange): Promise<void>;
  /** Receives the changes other instances publish; resolves once listening, with an unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): Promise<() => void>;
}

/** An opaque listing cursor: the last item's publishedAt (ms) and id. */
export function encodeCursor(score: number, id: string): string {
  return Buffer.from(JSON.stringify([score, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { score: number; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { score: value[0], id: value[1] };
    }
  } catch {
    // fall through: not a cursor of ours
  }
  return undefined;
}
