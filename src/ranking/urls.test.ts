import { describe, expect, it } from 'vitest';
import { slugText, urlKey } from './urls.js';

describe('urlKey', () => {
  it('keeps a canonical URL as it is', () => {
    expect(urlKey('https://www.digi24.ro/stiri/actualitate/articol-1')).toBe(
      'https://www.digi24.ro/stiri/actualitate/articol-1',
    );
  });

  it('drops the fragment and the trailing slash and lower-cases the host', () => {
    const key = 'https://www.digi24.ro/stiri/articol-1';
    expect(urlKey('https://WWW.Digi24.ro/stiri/articol-1/#comentarii')).toBe(key);
    expect(urlKey('  https://www.digi24.ro/stiri/articol-1//  ')).toBe(key);
    expect(urlKey('https://www.digi24.ro/stiri/articol-1?page=2')).toBe(`${key}?page=2`);
  });

  it('keeps what is not a URL as sent, trimmed', () => {
    expect(urlKey(' not a url ')).toBe('not a url');
  });
});

describe('slugText', () => {
  it('gives the words of the path', () => {
    expect(slugText('https://www.gsp.ro/sport/fcsb-castiga-derby-123.html')).toBe(
      ' sport fcsb castiga derby 123',
    );
    expect(slugText('https://x.ro/%C8%99tiri/mașină_nouă.php')).toBe(' știri mașină nouă');
    expect(slugText('nope')).toBe('');
  });
});
