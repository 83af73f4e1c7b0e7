import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PAGE_VIEWS_PER_TOKEN_AND_CLIENT, PageViews } from './page-views.js';

/** The page-view ids as earlier releases stored them (dedup keys in the store must keep their names). */
const stored = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

describe('PageViews', () => {
  it('names page views as the store already knows them', () => {
    const views = new PageViews();
    const viewer = stored('token-1\n203.0.113.5');
    expect(views.of('token-1', '203.0.113.5')).toBe(viewer);
    expect(views.of('token-1', '203.0.113.5', 'pv_12345678')).toBe(stored(`${viewer}\npv_12345678`));
  });

  it('tells apart only the first few ids a (token, address) pair names; later ones share its view', () => {
    const views = new PageViews();
    const ids = Array.from({ length: PAGE_VIEWS_PER_TOKEN_AND_CLIENT + 2 }, (_, i) => `pv_view${i}xx`);
    const named = ids.map((id) => views.of('token-1', '203.0.113.5', id));
    const shared = views.of('token-1', '203.0.113.5');
    expect(new Set(named.slice(0, PAGE_VIEWS_PER_TOKEN_AND_CLIENT)).size).toBe(
      PAGE_VIEWS_PER_TOKEN_AND_CLIENT,
    );
    expect(named.slice(PAGE_VIEWS_PER_TOKEN_AND_CLIENT)).toEqual([shared, shared]);
    // An id named before keeps its view; another address has its own allowance.
    expect(views.of('token-1', '203.0.113.5', ids[0])).toBe(named[0]);
    expect(views.of('token-1', '203.0.113.6', ids.at(-1))).not.toBe(views.of('token-1', '203.0.113.6'));
  });
});
