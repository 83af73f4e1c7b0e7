// Synthetic Romanian headlines for benchmarks: words of the evaluation set, mixed like a real stream.
import { loadEvalSet } from '../tests/fixtures/eval/harness.js';

const set = loadEvalSet('./set-a.json');
export const VOCABULARY = [
  ...new Set(set.headlines.flatMap((h) => `${h.title} ${h.summary ?? ''}`.split(/[\s,.;:!?„”"()]+/))),
].filter((w) => w.length > 2);
const CATEGORIES = [...new Set(set.headlines.flatMap((h) => h.category ?? []))];

export const OUTLETS = Array.from({ length: 40 }, (_, i) => `outlet-${i}`);

/** A small deterministic generator, so runs are comparable. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PushItem {
  url: string;
  title: string;
  summary: string;
  category?: string;
  tags: string[];
  publishedAt: string;
}

/** Headline number i of outlet `outlet`, published within the last ~60 hours. */
export function syntheticHeadline(outlet: string, i: number, random: () => number, nowMs: number): PushItem {
  const base = Math.floor(random() * VOCABULARY.length);
  const word = () => VOCABULARY[(base + Math.floor(random() * 60)) % VOCABULARY.length] ?? 'știri';
  const title = Array.from({ length: 7 + Math.floor(random() * 6) }, (_, j) =>
    j % 4 === 3 ? `Nume${Math.floor(random() * 50_000)}` : word(),
  ).join(' ');
  const item: PushItem = {
    url: `https://www.${outlet}.ro/stiri/${i}-${Math.floor(random() * 1e9)}`,
    title: title.slice(0, 300),
    summary: Array.from({ length: 18 }, word).join(' '),
    tags: [word(), word()],
    publishedAt: new Date(nowMs - random() * 60 * 3_600_000).toISOString(),
  };
  if (i % 5 !== 0) item.category = CATEGORIES[Math.floor(random() * CATEGORIES.length)] ?? 'Actualitate';
  return item;
}
