// The hard rules of one query as a predicate over slots: alive, not expired, not an excluded or
// not-included partner, category or id, not the article itself.
import type { DocumentTopics } from './document-topics.js';
import type { HeadlineTable } from './headline-table.js';
import { foldKey } from './text.js';
import type { RankQuery } from './types.js';

/** Per partner number of the table: 1 when the query's partner rules (include, exclude) leave it out. */
export function blockedPartners(table: HeadlineTable, q: RankQuery): Uint8Array {
  const blocked = new Uint8Array(table.partners);
  if (q.includePartners !== undefined) {
    blocked.fill(1);
    for (const p of q.includePartners) {
      const id = table.partnerOf(p);
      if (id !== undefined) blocked[id] = 0;
    }
  }
  for (const p of q.excludePartners ?? []) {
    const id = table.partnerOf(p);
    if (id !== undefined) blocked[id] = 1;
  }
  return blocked;
}

/** `article`: the slots stored under the host article's URL. */
export function hardRules(
  table: HeadlineTable,
  topics: DocumentTopics,
  q: RankQuery,
  article: number | number[] | undefined,
  blocked: Uint8Array = blockedPartners(table, q),
): (slot: number) => boolean {
  const blockedCats = new Set<number>();
  for (const k of q.excludeCategories ?? []) {
    const id = topics.model.categoryId(foldKey(k));
    if (id !== undefined) blockedCats.add(id);
  }
  const ids = q.excludeIds !== undefined && q.excludeIds.size > 0 ? q.excludeIds : undefined;
  const now = q.nowMs;
  const article0 = typeof article === 'number' ? article : -1;
  const articles = typeof article === 'object' ? article : undefined;
  const { alive, exp, partner } = table;
  const cat = topics.cat;
  return (slot) =>
    alive[slot] === 1 &&
    (exp[slot] ?? 0) > now &&
    blocked[partner[slot] ?? 0] !== 1 &&
    (blockedCats.size === 0 || !blockedCats.has(cat[slot] ?? -1)) &&
    slot !== article0 &&
    (articles === undefined || !articles.includes(slot)) &&
    (ids === undefined || !ids.has(table.ids[slot] ?? ''));
}
