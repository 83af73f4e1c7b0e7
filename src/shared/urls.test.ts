import { describe, expect, it } from 'vitest';
import { canonicalUrl, hostOwnedBy } from './urls.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://WWW.Digi24.RO/Stiri/A?b=1#x', 'https://www.digi24.ro/Stiri/A?b=1'],
    ['https://digi24.ro/a?utm_source=x&utm_campaign=y&fbclid=1&gclid=2', 'https://digi24.ro/a'],
    ['https://digi24.ro/a?id=3&utm_medium=m', 'https://digi24.ro/a?id=3'],
    ['https://digi24.ro:443/a', 'https://digi24.ro/a'],
    ['http://digi24.ro./a', 'http://digi24.ro/a'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'ftp://digi24.ro/a',
    'data:text/html,x',
    '/relative',
    'https://user:pw@digi24.ro/',
  ])('refuses %s', (input) => {
    expect(canonicalUrl(input)).toBeUndefined();
  });
});

describe('hostOwnedBy', () => {
  it('accepts the domain and its subdomains only', () => {
    expect(hostOwnedBy('digi24.ro', ['digi24.ro'])).toBe(true);
    expect(hostOwnedBy('www.digi24.ro', ['digi24.ro'])).toBe(true);
    expect(hostOwnedBy('evildigi24.ro', ['digi24.ro'])).toBe(false);
    expect(hostOwnedBy('digi24.ro.evil.com', ['digi24.ro'])).toBe(false);
  });
});
