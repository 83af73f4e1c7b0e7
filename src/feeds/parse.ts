// A decoded feed document → headline candidates and the items refused on the way. The document is read in
// slices by a linear reader; parseFeedDocumentInSlices gives the event loop back between slices and stops at a
// deadline, so even a hostile document neither stalls the service nor runs unbounded.
import type { FeedKind } from '../domain.js';
import { parseFeedDate } from './dates.js';
import { type FeedEntry, type ItemRejection, readItem, resolve } from './entries.js';
import {
  child,
  childrenNamed,
  HostileXmlError,
  leafText,
  MAX_DEPTH,
  type XmlElement,
  XmlTreeReader,
} from './xml.js';

export type { FeedEntry, ItemRejection } from './entries.js';

export interface ParsedFeed {
  kind: FeedKind;
  /** Items read, accepted or not. */
  items: number;
  entries: FeedEntry[];
  /** Each entry's 1-based position among the document's items. */
  positions: number[];
  /** Items refused while reading (undecodable text, unreadable date, truncation), in document order. */
  rejections: ItemRejection[];
  /** Set when the document is a sitemap index: the sitemaps it lists, newest first (no items of its own). */
  sitemaps?: string[];
}

/** The document is not something we can ingest; the message is for the operator. */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
}

/** Characters read per step (well under a millisecond); items are turned into entries one per step, since one
 * item may hold up to a few hundred kilobytes of HTML. */
const SLICE_CHARS = 16 * 1024;
/** Steps run back to back for this long before the event loop gets a turn: a request needs several turns. */
const SLICE_MS = 2;

/** Parses a whole document at once (tests, the corpus run). */
export function parseFeedDocument(xmlText: string, baseUrl: string, declared?: FeedKind): ParsedFeed {
  const steps = parseSteps(xmlText, baseUrl, declared);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export interface SliceOptions {
  /** When reading must have finished (ms since the epoch, by `now`). */
  deadline: number;
  now: () => number;
  signal?: AbortSignal | undefined;
}

/** Parses in slices of about SLICE_MS, yielding to the event loop between them; FeedFormatError past the deadline. */
export async function parseFeedDocumentInSlices(
  xmlText: string,
  baseUrl: string,
  declared: FeedKind | undefined,
  options: SliceOptions,
): Promise<ParsedFeed> {
  const steps = parseSteps(xmlText, baseUrl, declared);
  for (;;) {
    const until = performance.now() + SLICE_MS;
    let next = steps.next();
    while (!next.done && performance.now() < until) next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new FeedFormatError('reading the document was cancelled');
    if (options.now() > options.deadline)
      throw new FeedFormatError('reading the document took longer than the time a poll may spend on it');
  }
}

/** The parse as a sequence of slices; `work` of the reader is reported for the linearity tests. */
export function* parseSteps(
  xmlText: string,
  baseUrl: string,
  declared: FeedKind | undefined,
  stats?: { work: number },
): Generator<void, ParsedFeed> {
  // Records are read as each one closes, so the tree never holds more than one of them.
  const closed: XmlElement[] = [];
  const reader = new XmlTreeReader(xmlText, (record) => closed.push(record));
  let context: { kind: FeedKind; base: string } | undefined;
  const entries: FeedEntry[] = [];
  const positions: number[] = [];
  const rejections: ItemRejection[] = [];
  let items = 0;
  do {
    reader.readSlice(SLICE_CHARS);
    if (stats) stats.work = reader.work;
    if (closed.length > 0) {
      context ??= contextOf(reader.documentElement, baseUrl, declared);
      const batch = closed.splice(0);
      for (const record of batch) {
        if (!isItem(context.kind, record)) continue;
        const position = ++items;
        const result = readItem(context.kind, record, xmlText, context.base, position);
        if ('entry' in result) {
          entries.push(result.entry);
          positions.push(position);
        } else rejections.push(result.rejection);
        yield;
      }
    }
    if (!reader.done) yield;
  } while (!reader.done);
  const root = reader.documentElement;
  const { kind } = context ?? contextOf(root, baseUrl, declared);
  if (root && items === 0 && localName(root) === 'sitemapindex') {
    const sitemaps = sitemapsOf(root, baseUrl);
    if (sitemaps.length === 0) throw new FeedFormatError('a sitemap index that lists no sitemap');
    return { kind, items: 0, entries: [], positions: [], rejections: [], sitemaps };
  }
  // Deep nesting around the items may have hidden them; deep nesting beside them costs nothing but itself.
  if (root?.tooDeep && items === 0)
    throw new FeedFormatError(
      `malformed feed: elements nested deeper than ${MAX_DEPTH} levels, and no item outside them`,
    );
  if (root?.unclosed && entries.length === 0) {
    throw new FeedFormatError(
      `malformed XML: the document ends with <${root.name}> and elements inside it still open`,
    );
  }
  return { kind, items, entries, positions, rejections };
}

/** RSS (2.0, 0.9x, RDF 1.0), Atom or a news sitemap (or an index of them), by the document element. */
export function detectKind(root: XmlElement | undefined): FeedKind {
  const local = root ? localName(root) : '';
  if (local === 'rss' || local === 'rdf') return 'rss';
  if (local === 'feed') return 'atom';
  if (local === 'urlset' || local === 'sitemapindex') return 'news-sitemap';
  if (!root) throw new FeedFormatError('not XML: no document element');
  throw new FeedFormatError(`not a feed: the document element is <${root.name.slice(0, 40)}>`);
}

/** The document's kind (checked against the registered one) and the URL its items' links resolve against. */
function contextOf(
  root: XmlElement | undefined,
  feedUrl: string,
  declared: FeedKind | undefined,
): { kind: FeedKind; base: string } {
  const kind = detectKind(root);
  if (declared && (declared === 'news-sitemap') !== (kind === 'news-sitemap')) {
    throw new FeedFormatError(`registered as ${declared} but the document is ${article(kind)} ${kind}`);
  }
  return { kind, base: baseOf(kind, root, feedUrl) };
}

/** What relative links mean: xml:base, else the site's own address (an RSS channel's link, an Atom feed's
 * alternate link, as far as the document has been read when its first item closes), else the feed's URL. */
function baseOf(kind: FeedKind, root: XmlElement | undefined, feedUrl: string): string {
  if (!root) return feedUrl;
  let base = resolve(root.attrs['xml:base'], feedUrl) ?? feedUrl;
  if (kind === 'news-sitemap') return base;
  if (kind === 'atom') {
    const alternate = [...childrenNamed(root, 'atom:link'), ...childrenNamed(root, 'link')].find(
      (l) => (l.attrs.rel ?? 'alternate') === 'alternate' && l.attrs.href,
    );
    const site = root.attrs['xml:base'] ? undefined : resolve(alternate?.attrs.href, base);
    return site?.startsWith('http') ? site : base;
  }
  const channel = child(root, 'channel');
  if (channel) {
    base = resolve(channel.attrs['xml:base'], base) ?? base;
    const own = child(channel, 'link');
    const channelLink = own && resolve(leafText(own), base);
    if (channelLink?.startsWith('http')) base = channelLink;
  }
  return base;
}

/** A record the document's kind reads: RSS items (in the channel, or beside it in RDF), Atom entries, sitemap URLs. */
function isItem(kind: FeedKind, record: XmlElement): boolean {
  const local = localName(record);
  return kind === 'rss' ? local === 'item' : kind === 'atom' ? local === 'entry' : local === 'url';
}

function localName(el: XmlElement): string {
  return el.key.slice(el.key.indexOf(':') + 1);
}

/** Sitemaps an index lists kept (the poller reads the newest few). */
const MAX_LISTED_SITEMAPS = 50;

/** The <sitemap><loc>s of an index, newest <lastmod> first; undated ones after, the later listed first (indexes
 * without dates list the oldest first). */
function sitemapsOf(root: XmlElement, baseUrl: string): string[] {
  const base = resolve(root.attrs['xml:base'], baseUrl) ?? baseUrl;
  const listed = childrenNamed(root, 'sitemap').flatMap((el, position) => {
    const loc = child(el, 'loc');
    const url = loc && resolve(leafText(loc), base);
    if (!url?.startsWith('http')) return [];
    const lastmod = child(el, 'lastmod');
    return [{ url, position, at: (lastmod && parseFeedDate(leafText(lastmod))) ?? Number.NEGATIVE_INFINITY }];
  });
  listed.sort((a, b) => b.at - a.at || b.position - a.position);
  return [...new Set(listed.map((s) => s.url))].slice(0, MAX_LISTED_SITEMAPS);
}

function article(kind: FeedKind): string {
  return kind === 'atom' ? 'an' : 'a';
}

export { HostileXmlError };
