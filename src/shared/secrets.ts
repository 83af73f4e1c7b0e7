// API keys and tokens: random keys shown once, stored as hashes, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new partner API key: 256 random bits, with a prefix that makes leaked keys easy to spot. */
export function generateApiKey(): string {
  return `cs_${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps instead of the key. Keys are high-entropy, so a fast hash is enough. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

/** Compares two secrets without leaking where they differ (hashing first evens out the lengths). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
