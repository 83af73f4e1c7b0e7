// The feed reader over documents nobody here wrote (../shared/data/feeds-corpus, when present): pass counts per
// category. A document passes when it is read without an unexpected error and, where the corpus says what to
// expect (feedparser's `Expect:` title/link checks, feed-parser's JSON snapshots), our reading agrees.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeXml } from '../src/feeds/charset.js';
import { FeedFormatError, type ParsedFeed, parseFeedDocument } from '../src/feeds/parse.js';
import { HostileXmlError } from '../src/feeds/xml.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// FEEDS_CORPUS points elsewhere (a worktree sits one level deeper than the main checkout).
const CORPUS = process.env.FEEDS_CORPUS ?? path.resolve(repoRoot, '../shared/data/feeds-corpus');
const BASE = 'http://example.org/feed';

interface Tally {
  files: number;
  read: number;
  refused: number;
  crashed: number;
  checks: number;
  agreed: number;
}

const tallies = new Map<string, Tally>();
const crashes: string[] = [];

function tally(category: string): Tally {
  let t = tallies.get(category);
  if (!t) {
    t = { files: 0, read: 0, refused: 0, crashed: 0, checks: 0, agreed: 0 };
    tallies.set(category, t);
  }
  return t;
}

function* files(dir: string, ext: RegExp): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full, ext);
    else if (ext.test(name)) yield full;
  }
}

/** Parses a file; undefined when refused as not a feed (an expected outcome for many test documents). */
function read(file: string, t: Tally): ParsedFeed | undefined {
  t.files++;
  try {
    const parsed = parseFeedDocument(decodeXml(readFileSync(file)).text, BASE);
    t.read++;
    return parsed;
  } catch (err) {
    if (err instanceof FeedFormatError || err instanceof HostileXmlError) {
      t.refused++;
      return undefined;
    }
    t.crashed++;
    crashes.push(`${path.relative(CORPUS, file)}: ${String(err)}`);
    return undefined;
  }
}

// feedparser's expectations we can check: entries[N]['title'|'link'] == u'…'
const EXPECT = /entries\[(\d+)\]\['(title|link)'\]\s*==\s*u?(['"])((?:\\.|(?!\3).)*)\3/g;

function feedparser(): void {
  const root = path.join(CORPUS, 'feedparser');
  if (!existsSync(root)) return;
  for (const file of files(root, /\.(xml|rdf|atom|rss)$/)) {
    const rel = path.relative(root, path.dirname(file)).split(path.sep).slice(0, 2).join('/');
    const t = tally(`feedparser/${rel}`);
    const parsed = read(file, t);
    const head = readFileSync(file, 'latin1').slice(0, 2000);
    for (const m of head.matchAll(EXPECT)) {
      const [, index, field, , expected = ''] = m;
      const entry = parsed?.entries[Number(index)];
      if (!parsed) continue;
      t.checks++;
      const want = unescapePython(expected);
      const got = field === 'title' ? entry?.title : entry?.url;
      if (
        got !== undefined &&
        (got === want || got === foldSpaces(want) || got === new URL(want, BASE).toString())
      )
        t.agreed++;
    }
  }
}

function snapshots(): void {
  const feeds = path.join(CORPUS, 'sample-feeds');
  const snaps = path.join(CORPUS, 'fp-snapshots');
  if (!existsSync(feeds)) return;
  const expected = new Map<string, { items: { title: string | null; url: string | null }[] }>();
  if (existsSync(snaps)) {
    for (const file of files(snaps, /\.json$/)) {
      const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const feed = (json as { feed?: { items?: { title: string | null; url: string | null }[] } }).feed;
      if (feed?.items) expected.set(path.basename(file, '.json'), { items: feed.items });
    }
  }
  for (const file of files(feeds, /\.xml$/)) {
    const kind = path.relative(feeds, file).split(path.sep)[1] ?? 'other';
    const t = tally(`sample-feeds/${kind}`);
    const parsed = read(file, t);
    const snapshot = expected.get(path.basename(path.dirname(file)));
    if (!parsed || !snapshot) continue;
    // Same items, in order, with the same links.
    t.checks++;
    const same =
      parsed.items === snapshot.items.length &&
      snapshot.items.every(
        (item, i) => !item.url || parsed.entries[i]?.url === new URL(item.url, BASE).toString(),
      );
    if (same) t.agreed++;
  }
}

function crawlerCommons(): void {
  const root = path.join(CORPUS, 'crawler-commons');
  if (!existsSync(root)) return;
  for (const file of files(root, /\.(xml|rss|atom)$/)) read(file, tally('crawler-commons'));
}

function unescapePython(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)/g, (_m, u: string, x: string, c: string) =>
    u
      ? String.fromCharCode(Number.parseInt(u, 16))
      : x
        ? String.fromCharCode(Number.parseInt(x, 16))
        : c === 'n'
          ? '\n'
          : c,
  );
}

function foldSpaces(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Runs the corpus and prints the table; false when the corpus is absent. */
export function runCorpus(): boolean {
  if (!existsSync(CORPUS)) {
    console.log(`feeds corpus: ${CORPUS} absent, skipped`);
    return false;
  }
  feedparser();
  snapshots();
  crawlerCommons();
  const rows = [...tallies].sort(([a], [b]) => a.localeCompare(b));
  console.log('category'.padEnd(34), 'files', ' read', 'refused', 'crashed', ' checks', 'agreed');
  const total: Tally = { files: 0, read: 0, refused: 0, crashed: 0, checks: 0, agreed: 0 };
  for (const [name, t] of rows) {
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
    console.log(
      name.padEnd(34),
      String(t.files).padStart(5),
      String(t.read).padStart(5),
      String(t.refused).padStart(7),
      String(t.crashed).padStart(7),
      String(t.checks).padStart(7),
      String(t.agreed).padStart(6),
    );
  }
  console.log(
    'total'.padEnd(34),
    String(total.files).padStart(5),
    String(total.read).padStart(5),
    String(total.refused).padStart(7),
    String(total.crashed).padStart(7),
    String(total.checks).padStart(7),
    String(total.agreed).padStart(6),
  );
  for (const c of crashes.slice(0, 10)) console.log(`crash: ${c}`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runCorpus();
