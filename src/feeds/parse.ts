// A fetched feed document → headline candidates: RSS 2.0 / Atom through @rowanmanning/feed-parser, news sitemaps
// through our own reader; text cleaned, dates read, links resolved against the feed's URL. Validation is not here:
// every candidate goes through HeadlineService.push like a pushed headline.
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import type { FeedKind } from '../domain.js';
import { LIMITS } from '../shared/limits.js';
import { parseFeedDate } from './dates.js';
import { parseNewsSitemap } from './sitemap.js';
import { firstImageSrc, foldText, htmlToText, plainTitle } from './text.js';
import { rootElementName, withoutDoctype } from './xml.js';

/** One item as the headline validation receives it (fields absent when the feed has none). */
export interface FeedEntry {
  url?: string;
  title?: string;
  publishedAt?: string;
  summary?: string;
  imageUrl?: string;
  category?: string;
  tags?: string[];
}

export interface ParsedFeed {
  kind: FeedKind;
  entries: FeedEntry[];
}

/** The document is not something we can ingest; the message is for the operator. */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
}

/**
 * Parses a decoded document. `declared` is the kind the admin registered: a sitemap where a feed was expected
 * (or the reverse) is an error, RSS and Atom stand in for each other (sites switch CMS).
 */
export function parseFeedDocument(xmlText: string, baseUrl: string, declared?: FeedKind): ParsedFeed {
  const xml = withoutDoctype(xmlText);
  const kind = detectKind(xml);
  if (declared && (declared === 'news-sitemap') !== (kind === 'news-sitemap')) {
    throw new FeedFormatError(`registered as ${declared} but the document is ${article(kind)} ${kind}`);
  }
  if (kind === 'news-sitemap') {
    let sitemap: ReturnType<typeof parseNewsSitemap>;
    try {
      sitemap = parseNewsSitemap(xml);
    } catch (err) {
      throw new FeedFormatError(err instanceof Error ? err.message : 'unreadable sitemap');
    }
    return { kind, entries: sitemap.map((e) => sitemapEntry(e, baseUrl)) };
  }
  let feed: ReturnType<typeof parseFeed> | undefined;
  try {
    feed = parseFeed(xml);
  } catch {
    feed = undefined;
  }
  // The parser is lenient with the small faults real feeds have; an empty result from broken XML is an error.
  if (!feed?.items.length) {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new FeedFormatError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  if (!feed) throw new FeedFormatError(`malformed ${kind} feed: no channel or items could be read`);
  return { kind, entries: feed.items.map((item) => feedEntry(item, baseUrl)) };
}

/** RSS (2.0, 0.9x, RDF 1.0), Atom or a news sitemap, by the document element. */
export function detectKind(xml: string): FeedKind {
  const root = rootElementName(xml);
  const local = (root ?? '').replace(/^.*:/, '').toLowerCase();
  if (local === 'rss' || local === 'rdf') return 'rss';
  if (local === 'feed') return 'atom';
  if (local === 'urlset') return 'news-sitemap';
  if (local === 'sitemapindex') {
    throw new FeedFormatError('a sitemap index: register the news sitemap it lists instead');
  }
  if (!root) throw new FeedFormatError('not XML: no document element');
  throw new FeedFormatError(`not a feed: the document element is <${root.slice(0, 40)}>`);
}

type Item = ReturnType<typeof parseFeed>['items'][number];

const DATE_ELEMENTS = ['pubdate', 'published', 'date', 'issued', 'created', 'updated', 'modified'];

function feedEntry(item: Item, baseUrl: string): FeedEntry {
  const entry: FeedEntry = {};
  const url = resolve(item.url, baseUrl);
  if (url) entry.url = url;
  if (item.title) entry.title = plainTitle(item.title);
  const published = itemDate(item);
  if (published) entry.publishedAt = published;
  const html = item.description || item.content || '';
  const summary = html ? htmlToText(html, LIMITS.summary) : '';
  if (summary) entry.summary = summary;

  const images = [
    item.image?.url,
    ...item.mediaImages.map((m) => m.url),
    ...item.media.map((m) => m.image),
    firstImageSrc(item.content ?? ''),
    firstImageSrc(item.description ?? ''),
  ];
  const imageUrl = firstHttps(images, baseUrl);
  if (imageUrl) entry.imageUrl = imageUrl;

  const labels = item.categories.map((c) => foldText(c.label ?? c.term));
  Object.assign(entry, categoryAndTags(labels));
  return entry;
}

/** The raw date text, read by our own parser (Romanian names, EEST); the library's reading as a fallback. */
function itemDate(item: Item): string | undefined {
  for (const name of DATE_ELEMENTS) {
    const raw = item.element.findElementWithName(name)?.textContent.trim();
    if (!raw) continue;
    const ms = parseFeedDate(raw);
    // Unreadable: pass the text on, so the validation names the problem.
    return ms === undefined ? raw.slice(0, 100) : new Date(ms).toISOString();
  }
  const fallback = item.published ?? item.updated;
  return fallback ? fallback.toISOString() : undefined;
}

function sitemapEntry(e: ReturnType<typeof parseNewsSitemap>[number], baseUrl: string): FeedEntry {
  const entry: FeedEntry = {};
  const url = resolve(e.loc, baseUrl);
  if (url) entry.url = url;
  if (e.title) entry.title = plainTitle(e.title);
  const rawDate = e.publicationDate ?? e.lastmod;
  if (rawDate) {
    const ms = parseFeedDate(rawDate);
    entry.publishedAt = ms === undefined ? rawDate.slice(0, 100) : new Date(ms).toISOString();
  }
  const imageUrl = firstHttps(e.images, baseUrl);
  if (imageUrl) entry.imageUrl = imageUrl;
  const keywords = (e.keywords ?? '').split(',').map(foldText);
  const { tags } = categoryAndTags(['', ...keywords]);
  if (tags) entry.tags = tags;
  return entry;
}

/** The first label is the category, all of them are tags; what the validation would refuse is left out. */
function categoryAndTags(labels: string[]): Pick<FeedEntry, 'category' | 'tags'> {
  const out: Pick<FeedEntry, 'category' | 'tags'> = {};
  const first = labels[0];
  if (first && first.length <= LIMITS.category) out.category = first;
  const tags = [...new Set(labels.filter((t) => t.length > 0 && t.length <= LIMITS.tag))].slice(
    0,
    LIMITS.tags,
  );
  if (tags.length) out.tags = tags;
  return out;
}

/** The first candidate that resolves to an https URL: an http-only image is dropped, the headline kept. */
function firstHttps(candidates: readonly (string | null | undefined)[], baseUrl: string): string | undefined {
  for (const candidate of candidates) {
    const url = resolve(candidate, baseUrl);
    if (url?.startsWith('https://')) return url;
  }
  return undefined;
}

function resolve(link: string | null | undefined, baseUrl: string): string | undefined {
  const trimmed = link?.trim();
  if (!trimmed || trimmed.length > LIMITS.url) return undefined;
  try {
    return new URL(trimmed, baseUrl).toString();
  } catch {
    return undefined;
  }
}

function article(kind: FeedKind): string {
  return kind === 'atom' ? 'an' : 'a';
}
