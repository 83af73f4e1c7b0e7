// A decoded feed document → headline candidates and the items refused on the way. The document is read in
// slices by a linear reader; parseFeedDocumentInSlices gives the event loop back between slices and stops at a
// deadline, so even a hostile document neither stalls the service nor runs unbounded.
import type { FeedKind } from '../domain.js';
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
}

/** The document is not something we can ingest; the message is for the operator. */
export class FeedFormatError extends Error {
  override readonly name = 'FeedFormatError';
}

/** Characters read per step (well under a millisecond); items are turned into entries one per step, since one
 * item may hold up to a few hundred kilobytes of HTML. */
const SLICE_CHARS = 16 * 1024;
/** Steps run back to back for this long before the event loop gets a turn: a request needs several turns. */
const SLICE_MS = 3;

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
  const reader = new XmlTreeReader(xmlText);
  do {
    reader.readSlice(SLICE_CHARS);
    if (stats) stats.work = reader.work;
    if (!reader.done) yield;
  } while (!reader.done);
  const root = reader.documentElement;
  const kind = detectKind(root);
  if (declared && (declared === 'news-sitemap') !== (kind === 'news-sitemap')) {
    throw new FeedFormatError(`registered as ${declared} but the document is ${article(kind)} ${kind}`);
  }
  const { items, base } = itemsOf(kind, root, baseUrl);
  const entries: FeedEntry[] = [];
  const positions: number[] = [];
  const rejections: ItemRejection[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item) continue;
    const result = readItem(kind, item, xmlText, base, i + 1);
    if ('entry' in result) {
      entries.push(result.entry);
      positions.push(i + 1);
    } else rejections.push(result.rejection);
    yield;
  }
  // Deep nesting around the items may have hidden them; deep nesting beside them costs nothing but itself.
  if (root?.tooDeep && items.length === 0)
    throw new FeedFormatError(
      `malformed feed: elements nested deeper than ${MAX_DEPTH} levels, and no item outside them`,
    );
  if (root?.unclosed && entries.length === 0) {
    throw new FeedFormatError(
      `malformed XML: the document ends with <${root.name}> and elements inside it still open`,
    );
  }
  return { kind, items: items.length, entries, positions, rejections };
}

/** RSS (2.0, 0.9x, RDF 1.0), Atom or a news sitemap, by the document element. */
export function detectKind(root: XmlElement | undefined): FeedKind {
  const local = root?.key.replace(/^.*:/, '') ?? '';
  if (local === 'rss' || local === 'rdf') return 'rss';
  if (local === 'feed') return 'atom';
  if (local === 'urlset') return 'news-sitemap';
  if (local === 'sitemapindex')
    throw new FeedFormatError('a sitemap index: register the news sitemap it lists instead');
  if (!root) throw new FeedFormatError('not XML: no document element');
  throw new FeedFormatError(`not a feed: the document element is <${root.name.slice(0, 40)}>`);
}

/** The item elements, and the URL their links resolve against (xml:base, an RSS channel's own link, the feed). */
function itemsOf(
  kind: FeedKind,
  root: XmlElement | undefined,
  feedUrl: string,
): { items: XmlElement[]; base: string } {
  if (!root) return { items: [], base: feedUrl };
  let base = resolve(root.attrs['xml:base'], feedUrl) ?? feedUrl;
  if (kind === 'news-sitemap') return { items: childrenNamed(root, 'url'), base };
  if (kind === 'atom') {
    // Without an xml:base, the site's own address (the feed's alternate link) is what relative links mean.
    const alternate = [...childrenNamed(root, 'atom:link'), ...childrenNamed(root, 'link')].find(
      (l) => (l.attrs.rel ?? 'alternate') === 'alternate' && l.attrs.href,
    );
    const site = root.attrs['xml:base'] ? undefined : resolve(alternate?.attrs.href, base);
    if (site?.startsWith('http')) base = site;
    return { items: [...childrenNamed(root, 'atom:entry'), ...childrenNamed(root, 'entry')], base };
  }
  const channel = child(root, 'channel');
  if (channel) {
    base = resolve(channel.attrs['xml:base'], base) ?? base;
    const own = child(channel, 'link');
    const channelLink = own && resolve(leafText(own), base);
    if (channelLink?.startsWith('http')) base = channelLink;
  }
  // RSS 2.0 items sit in the channel; RDF (RSS 1.0, 0.90) items beside it.
  const items = [...(channel ? childrenNamed(channel, 'item') : []), ...childrenNamed(root, 'item')];
  return { items, base };
}

function article(kind: FeedKind): string {
  return kind === 'atom' ? 'an' : 'a';
}

export { HostileXmlError };
