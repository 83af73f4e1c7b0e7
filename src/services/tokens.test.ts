import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenSigner } from './tokens.js';

const signer = new TokenSigner('a-signing-secret-for-tests');
const now = Date.UTC(2026, 10, 29, 9);
const token = {
  publisherId: 'evz',
  items: ['0123456789abcdef0123', 'fedcba9876543210fedc'],
  expiresAt: now / 1000 + 3600,
  variant: 0,
};

describe('TokenSigner', () => {
  it('round-trips and stays compact', () => {
    const raw = signer.sign(token);
    expect(signer.verify(raw, now)).toEqual({ ...token, id: raw.split('.')[1] });
    const six = signer.sign({ ...token, items: Array.from({ length: 6 }, (_, i) => `${i}`.repeat(20)) });
    expect(six.length).toBeLessThan(140);
  });

  it('carries the learning context, and still reads version 1 tokens (no context)', () => {
    const raw = signer.sign({ ...token, context: 0xdeadbeef });
    expect(signer.verify(raw, now)).toEqual({ ...token, context: 0xdeadbeef, id: raw.split('.')[1] });
    // A version 1 token as the previous release signed it: version, expiry, variant, publisher, items.
    const publisher = Buffer.from(token.publisherId);
    const v1 = Buffer.concat([
      Buffer.from([1]),
      Buffer.from([0, 0, 0, 0]),
      Buffer.from([0, publisher.length]),
      publisher,
      Buffer.from([token.items.length]),
      ...token.items.map((id) => Buffer.from(id, 'hex')),
    ]);
    v1.writeUInt32BE(token.expiresAt, 1);
    const mac = createHmac('sha256', 'a-signing-secret-for-tests').update(v1).digest().subarray(0, 16);
    const old = `${v1.toString('base64url')}.${mac.toString('base64url')}`;
    expect(signer.verify(old, now)).toEqual({ ...token, id: mac.toString('base64url') });
  });

  it('verifies only the exact spelling sign() wrote: junk the decoder would skip is refused', () => {
    const raw = signer.sign(token);
    expect(signer.verify(raw, now)?.id).toBe(raw.split('.')[1]);
    const [body = '', sig = ''] = raw.split('.');
    // Each of these decodes to the same bytes with Node's lenient base64url decoder.
    for (const variant of [
      `${raw}$`,
      `${raw}~`,
      `${raw}==`,
      `${raw}=`,
      `${body}=.${sig}`,
      `${body}$.${sig}`,
      `${body.slice(0, 4)}\n${body.slice(4)}.${sig}`,
      `${body}.${sig.slice(0, 5)}!${sig.slice(5)}`,
      `${body.replace(/-/g, '+').replace(/_/g, '/')}.${sig.replace(/-/g, '+').replace(/_/g, '/')}`,
    ]) {
      if (variant === raw) continue;
      expect(signer.verify(variant, now), variant).toBeUndefined();
    }
  });

  it('remembers a token it verified, and still refuses it once it has expired', () => {
    const fresh = new TokenSigner('a-signing-secret-for-tests');
    const raw = fresh.sign({ ...token, variant: 3 });
    const first = fresh.verify(raw, now);
    expect(first).toMatchObject({ variant: 3 });
    expect(fresh.verify(raw, now + 1000)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first?.items)).toBe(true);
    // Remembered by this signer only, for this exact string: another secret and another spelling still check.
    expect(new TokenSigner('another-secret-entirely').verify(raw, now)).toBeUndefined();
    expect(fresh.verify(`${raw}=`, now)).toBeUndefined();
    expect(fresh.verify(raw, token.expiresAt * 1000)).toBeUndefined();
    expect(fresh.verify(raw, now)).toBe(first);
  });

  it('refuses tampering, another secret and expiry', () => {
    const raw = signer.sign(token);
    const [body, sig] = raw.split('.');
    const flipped = `${body?.slice(0, -2)}${body?.endsWith('A') ? 'B' : 'A'}${body?.slice(-1)}.${sig}`;
    expect(signer.verify(flipped, now)).toBeUndefined();
    expect(new TokenSigner('another-secret-entirely').verify(raw, now)).toBeUndefined();
    expect(signer.verify(raw, (token.expiresAt + 1) * 1000)).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${raw}.x`, 'a'.repeat(5000)])
      expect(signer.verify(junk, now)).toBeUndefined();
  });
});
