import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headlineId } from './headlines.js';

describe('headlineId', () => {
  it('is the first 20 hex digits of sha256(partner, newline, URL), as ids always were', () => {
    const url = 'https://www.digi24.ro/stiri/actualitate/exemplu-123';
    const digest = createHash('sha256').update(`digi24\n${url}`).digest('hex');
    expect(headlineId('digi24', url)).toBe(digest.slice(0, 20));
    expect(headlineId('digi24', url)).toMatch(/^[0-9a-f]{20}$/);
  });
});
