// Page views as the server derives them, so one client cannot multiply a count by inventing page-view ids.
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * Page views one client address may name per answer token. One page view is one token in practice; the spare
 * ones cover refresh() and a few readers sharing an address (an office, a carrier's NAT).
 */
export const PAGE_VIEWS_PER_TOKEN_AND_CLIENT = 8;

/** (token, address) pairs remembered; beyond it the least recent is forgotten (its cap starts over). */
const VIEWERS_REMEMBERED = 50_000;

/**
 * The page view an event counts under: per answer token and client address, never the raw id a page sent. The
 * first PAGE_VIEWS_PER_TOKEN_AND_CLIENT impressionIds of a (token, address) pair are told apart; any later one,
 * and every event without an id (the HTML widget, /r/), counts under the pair's one shared view.
 */
export class PageViews {
  private readonly named = new LRUCache<string, string[]>({ max: VIEWERS_REMEMBERED });

  of(tokenId: string, clientIp: string, impressionId?: string): string {
    const viewer = digest(`${tokenId}\n${clientIp}`);
    if (impressionId === undefined) return viewer;
    const ids = this.named.get(viewer) ?? [];
    if (!ids.includes(impressionId)) {
      if (ids.length >= PAGE_VIEWS_PER_TOKEN_AND_CLIENT) return viewer;
      ids.push(impressionId);
      this.named.set(viewer, ids);
    }
    return digest(`${viewer}\n${impressionId}`);
  }
}

/** One-shot crypto.hash: half the cost of a createHash object, with the same digest (ids stored earlier stay valid). */
function digest(text: string): string {
  return hash('sha256', text, 'base64url').slice(0, 22);
}
