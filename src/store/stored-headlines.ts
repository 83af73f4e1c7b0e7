// Headlines as the Redis store keeps them (one JSON text each): read back by the store's scans, and by a
// bulk load's worker thread, which decodes and parses its share of a scan itself (services/index-load.ts).
import type { Headline } from '../domain.js';
import { parseTime } from '../shared/calendar.js';
import type { StoredTexts } from './types.js';

/** The headlines of stored JSON texts that are still live at `nowMs`. */
export function liveStoredHeadlines(texts: StoredTexts, nowMs: number): Headline[] {
  const out: Headline[] = [];
  const bytes = Buffer.from(texts.bytes.buffer, texts.bytes.byteOffset, texts.bytes.length);
  let from = 0;
  for (const end of texts.ends) {
    const h = JSON.parse(bytes.toString('utf8', from, end)) as Headline;
    from = end;
    if (parseTime(h.expiresAt) > nowMs) out.push(h);
  }
  return out;
}

/** The texts (UTF-8) of one chunk in one buffer of their own, those that are there (not null). */
export function packTexts(values: readonly (Buffer | null)[]): StoredTexts {
  let size = 0;
  let n = 0;
  for (const v of values)
    if (v !== null) {
      size += v.length;
      n++;
    }
  const bytes = new Uint8Array(size);
  const ends = new Int32Array(n);
  let at = 0;
  n = 0;
  for (const v of values) {
    if (v === null) continue;
    bytes.set(v, at);
    at += v.length;
    ends[n++] = at;
  }
  return { bytes, ends };
}
