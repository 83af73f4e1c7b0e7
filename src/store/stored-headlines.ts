// Headlines as the Redis store keeps them (one JSON text each): read back by the store's scans, and by a
// bulk load's worker thread, which parses its share of a scan itself (services/index-load.ts).
import type { Headline } from '../domain.js';
import { parseTime } from '../shared/calendar.js';

/** The headlines of stored JSON texts that are still live at `nowMs`. */
export function liveStoredHeadlines(texts: readonly string[], nowMs: number): Headline[] {
  const out: Headline[] = [];
  for (const json of texts) {
    const h = JSON.parse(json) as Headline;
    if (parseTime(h.expiresAt) > nowMs) out.push(h);
  }
  return out;
}
