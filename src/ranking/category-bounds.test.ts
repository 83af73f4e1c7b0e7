// What partners send as categories cannot make the topic model's memory or work grow past its bounds:
// the derived tables learn MAX_ACTIVE categories at most, a partner teaches PARTNER_CATEGORIES at most,
// and categories without live headlines are forgotten once they are many.
import { describe, expect, it } from 'vitest';
import type { Headline } from '../domain.js';
import { PARTNER_CATEGORIES } from './document-topics.js';
import { drop, ingest } from './stages.js';
import { headline, indexOf, query, stagesOf } from './test-fixtures.js';
import { MAX_ACTIVE } from './topics.js';

/** `n` headlines of `partners` outlets, each category holding `perCategory` of them. */
function manyCategories(n: number, perCategory: number, partners: number, prefix = 'rubrica'): Headline[] {
  const out: Headline[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / perCategory);
    out.push(
      headline(`outlet${c % partners}`, `Știre ${i} despre subiectul ${c} din orașul ${c % 97}`, {
        category: `${prefix} ${c}`,
      }),
    );
  }
  return out;
}

/** A made-up word of its own per number (digits alone do not tell titles apart as stories). */
function word(i: number): string {
  let w = '';
  for (let n = i + 26; n > 0; n = Math.floor(n / 26)) w += String.fromCharCode(97 + (n % 26));
  return w;
}

function activeCount(s: ReturnType<typeof stagesOf>): number {
  let n = 0;
  for (let c = 0; c < s.topics.model.categories; c++) if (s.topics.model.isActive(c)) n++;
  return n;
}

describe('category bounds', () => {
  it('learn the largest MAX_ACTIVE categories when partners send more, and still answer', () => {
    const small = manyCategories(2 * (MAX_ACTIVE + 200), 2, 60);
    const large = Array.from({ length: 40 }, (_, i) =>
      headline(`outlet${i % 7}`, `Fotbal: ${word(i)} ${word(i + 50)} ${word(i + 100)} ${word(i + 150)}`, {
        category: 'Sport mare',
      }),
    );
    const s = stagesOf([...small, ...large]);
    s.topics.model.refresh(true);
    expect(activeCount(s)).toBe(MAX_ACTIVE);
    const sport = s.topics.model.categoryId('sport mare') ?? -1;
    expect(s.topics.model.isActive(sport)).toBe(true);
    expect(s.topics.model.similarity(sport, sport)).toBe(1);

    const idx = indexOf([...small, ...large]);
    const cards = idx.rank(
      query({ title: 'Fotbal: antrenorul pleacă după înfrângerea de acasă', limit: 6, maxPerOutlet: 2 }),
    );
    expect(cards).toHaveLength(6);
    expect(cards.map((c) => c.headline.category)).toEqual(Array(6).fill('Sport mare'));
  });

  it('read a partner’s categories past PARTNER_CATEGORIES as uncategorised, until one of its own frees up', () => {
    const items = manyCategories(PARTNER_CATEGORIES + 20, 1, 1);
    const s = stagesOf(items);
    const catOf = (h: Headline) => s.topics.cat[s.table.slotOf(h.id) ?? -1] ?? -1;
    expect(items.slice(0, PARTNER_CATEGORIES).every((h) => catOf(h) >= 0)).toBe(true);
    expect(items.slice(PARTNER_CATEGORIES).every((h) => catOf(h) === -1)).toBe(true);
    expect(s.topics.model.liveCategories).toBe(PARTNER_CATEGORIES);
    // Another partner's own categories are its own to teach.
    const other = headline('altul', 'Alt subiect', { category: 'rubrica noua' });
    ingest(s, other);
    expect(catOf(other)).toBeGreaterThanOrEqual(0);
    // One category of the first partner empties: a new one takes its place; the old ones kept theirs.
    drop(s, items[0]?.id ?? '');
    const next = headline('outlet0', 'Încă o știre', { category: 'rubrica inca una' });
    ingest(s, next);
    expect(catOf(next)).toBeGreaterThanOrEqual(0);
    // Still served with the category it was sent with.
    const past = items[PARTNER_CATEGORIES] as Headline;
    const served = indexOf(items).get(past.id);
    expect(served?.category).toBe(past.category);
  });

  it('forget categories without live headlines once they are many: ids stay consistent', () => {
    const keep = Array.from({ length: 30 }, (_, i) =>
      headline(`outlet${i % 3}`, `Guvernul adoptă bugetul ${i}`, { category: 'Politică' }),
    );
    const gone = manyCategories(3000, 1, 20, 'efemera');
    const s = stagesOf([...gone, ...keep]);
    expect(s.topics.model.categories).toBe(3001);
    for (const h of gone) drop(s, h.id);
    // Forgotten at a compaction: the ids in use are the live categories'.
    expect(s.topics.model.categories).toBeLessThan(1100);
    expect(s.topics.model.liveCategories).toBe(1);
    const politics = s.topics.model.categoryId('politica') ?? -1;
    for (const h of keep) expect(s.topics.cat[s.table.slotOf(h.id) ?? -1]).toBe(politics);
    expect(s.topics.model.categoryKey(politics)).toBe('politica');
    // New categories after the forgetting get ids of their own, and the model learns them.
    const fresh = Array.from({ length: 6 }, (_, i) =>
      headline(`outlet${i % 3}`, `Meciul de fotbal ${i} s-a terminat la egalitate`, { category: 'Sport' }),
    );
    for (const h of fresh) ingest(s, h);
    s.topics.model.refresh(true);
    const sport = s.topics.model.categoryId('sport') ?? -1;
    expect(sport).not.toBe(politics);
    expect(s.topics.model.isActive(sport)).toBe(true);
    expect(s.topics.model.isActive(politics)).toBe(true);
    for (const h of fresh) expect(s.topics.cat[s.table.slotOf(h.id) ?? -1]).toBe(sport);
  });
});
