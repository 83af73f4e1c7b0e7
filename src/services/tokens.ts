// Widget tokens: a compact, signed, expiring list of the items one widget answer served.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export interface WidgetToken {
  publisherId: string;
  /** Headline ids served, in order. */
  items: string[];
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
  /** Ranking variant that produced the answer (experiments); 0 = default. */
  variant: number;
  /** The learning context of the answer (a 32-bit hash of the article's topic); absent or 0 = none. */
  context?: number;
}

/** A token that verified; `id` names the answer (its signature), whatever string carried it. */
export interface VerifiedToken extends WidgetToken {
  id: string;
}

/** Version 2 adds the learning context; version 1 tokens (without it) still verify until they expire. */
const VERSION = 2;
const SIGNATURE_BYTES = 16;
const ID_BYTES = 10;
/**
 * Tokens that verified, remembered by their exact string: a page view sends several events with one token, and
 * an answer cached for a few seconds hands one token to many readers. Only tokens this secret signed get in,
 * each under 1,024 characters, so the cache stays under ~10 MB whatever strangers send.
 */
const VERIFIED_REMEMBERED = 10_000;

/**
 * Binary layout: version, expiry (u32), variant, [v2: context (u32)], publisher (len + utf8), item count,
 * items (10 bytes each).
 */
export class TokenSigner {
  private readonly verified = new LRUCache<string, Readonly<VerifiedToken>>({ max: VERIFIED_REMEMBERED });

  constructor(private readonly secret: string) {}

  sign(token: WidgetToken): string {
    const publisher = Buffer.from(token.publisherId, 'utf8');
    const payload = Buffer.alloc(1 + 4 + 1 + 4 + 1 + publisher.length + 1 + token.items.length * ID_BYTES);
    let at = payload.writeUInt8(VERSION, 0);
    at = payload.writeUInt32BE(token.expiresAt >>> 0, at);
    at = payload.writeUInt8(token.variant, at);
    at = payload.writeUInt32BE((token.context ?? 0) >>> 0, at);
    at = payload.writeUInt8(publisher.length, at);
    at += publisher.copy(payload, at);
    at = payload.writeUInt8(token.items.length, at);
    for (const id of token.items) at += Buffer.from(id, 'hex').copy(payload, at, 0, ID_BYTES);
    return `${payload.toString('base64url')}.${this.mac(payload).toString('base64url')}`;
  }

  /**
   * The token's content when its signature is good and it has not expired; undefined otherwise. Only the exact
   * string sign() wrote verifies: Node's decoder skips junk (`TOKEN$`, `TOKEN==`), so one token would
   * otherwise have many spellings, each a fresh key for deduplication and rate limits. A token seen before is
   * not checked again (one HMAC per token, not per event), only its expiry.
   */
  verify(raw: string, nowMs: number): Readonly<VerifiedToken> | undefined {
    const known = this.verified.get(raw);
    const token = known ?? this.check(raw);
    if (token === undefined || token.expiresAt * 1000 <= nowMs) return undefined;
    if (known === undefined) this.verified.set(raw, token);
    return token;
  }

  /** The content of a token sign() wrote with this secret, expired or not. */
  private check(raw: string): Readonly<VerifiedToken> | undefined {
    if (raw.length > 1024) return undefined;
    const [body, signature, extra] = raw.split('.');
    if (!body || !signature || extra !== undefined) return undefined;
    const payload = Buffer.from(body, 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (payload.toString('base64url') !== body || given.toString('base64url') !== signature) return undefined;
    if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, this.mac(payload))) return undefined;
    try {
      let at = 0;
      const version = payload.readUInt8(at++);
      if (version !== VERSION && version !== 1) return undefined;
      const expiresAt = payload.readUInt32BE(at);
      at += 4;
      const variant = payload.readUInt8(at++);
      let context = 0;
      if (version === 2) {
        context = payload.readUInt32BE(at);
        at += 4;
      }
      const publisherLength = payload.readUInt8(at++);
      const publisherId = payload.subarray(at, at + publisherLength).toString('utf8');
      at += publisherLength;
      const count = payload.readUInt8(at++);
      if (payload.length !== at + count * ID_BYTES) return undefined;
      const items: string[] = [];
      for (let i = 0; i < count; i++, at += ID_BYTES)
        items.push(payload.subarray(at, at + ID_BYTES).toString('hex'));
      // Frozen: every event of the token shares this one object.
      Object.freeze(items);
      return Object.freeze({
        publisherId,
        items,
        expiresAt,
        variant,
        ...(context ? { context } : {}),
        id: signature,
      });
    } catch {
      return undefined;
    }
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest().subarray(0, SIGNATURE_BYTES);
  }
}
