// Hostile documents: the reader's work (characters examined, counted by the reader itself) must grow linearly
// with the input, never with its square; no wall-clock assertions. Also issue 18's regression: the DOCTYPE run.
import { describe, expect, it } from 'vitest';
import {
  FeedFormatError,
  type ParsedFeed,
  parseFeedDocumentInSlices,
  parseSteps,
} from '../src/feeds/parse.js';
import { firstImageSrc, htmlToText } from '../src/feeds/text.js';
import { HostileXmlError, readXml, XmlTreeReader } from '../src/feeds/xml.js';
import { renderFixture } from './support/feed-server.js';

const BASE = 'https://www.exemplu.ro/rss';

/** Parses to the end, returning the result (or the error) and the reader's work count. */
function measured(xml: string): { work: number; parsed?: ParsedFeed; error?: unknown } {
  const stats = { work: 0 };
  try {
    const steps = parseSteps(xml, BASE, undefined, stats);
    for (;;) {
      const next = steps.next();
      if (next.done) return { work: stats.work, parsed: next.value };
    }
  } catch (error) {
    return { work: stats.work, error };
  }
}

function feedOf(items: number): string {
  const item = (i: number) =>
    `<item><title>Știrea ${i}</title><link>https://www.exemplu.ro/s/${i}</link>` +
    `<guid>https://www.exemplu.ro/s/${i}</guid><pubDate>Mon, 05 Jan 2026 10:00:00 +0200</pubDate>` +
    `<description><![CDATA[<p>Text <img src="https://img.exemplu.ro/${i}.jpg"> ${i}</p>]]></description></item>`;
  const body = Array.from({ length: items }, (_, i) => item(i)).join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://www.exemplu.ro/</link>${body}</channel></rss>`;
}

/** Work per input character stays flat when the input grows fourfold. */
function expectLinear(make: (n: number) => string, n: number): { small: number; large: number } {
  const small = measured(make(n));
  const large = measured(make(4 * n));
  const perCharSmall = small.work / make(n).length;
  const perCharLarge = large.work / make(4 * n).length;
  expect(perCharLarge).toBeLessThan(perCharSmall * 1.1);
  expect(perCharLarge).toBeLessThan(4);
  return { small: small.work, large: large.work };
}

describe('hostile feeds cost work linear in their size', () => {
  it('N and 4N items: every item read, work per character flat (no per-item walk of the channel)', () => {
    expectLinear(feedOf, 1_000);
    const { parsed } = measured(feedOf(5_000));
    expect(parsed?.entries).toHaveLength(5_000);
    expect(parsed?.entries[4_999]).toMatchObject({
      url: 'https://www.exemplu.ro/s/4999',
      imageUrl: 'https://img.exemplu.ro/4999.jpg',
    });
  });

  it('a long run of "<!DOCTYPE a " (issue 18: it blocked the event loop) is read in linear work and refused', () => {
    const run = (n: number) => '<!DOCTYPE a '.repeat(n);
    expectLinear(run, 10_000);
    expect(measured(run(40_000)).error).toBeInstanceOf(FeedFormatError);
    // With a document after it, the run is ignored markup and the feed is read.
    const { parsed } = measured(`${run(1_000)}${feedOf(3)}`);
    expect(parsed?.entries).toHaveLength(3);
  });

  it('40k unclosed "<img " in one description, raw or in CDATA: linear, and the item keeps its text', () => {
    const raw = (n: number) =>
      `<rss><channel><item><title>Imagini</title><link>https://www.exemplu.ro/i</link><description>${'<img '.repeat(n)}</description></item></channel></rss>`;
    expectLinear(raw, 10_000);
    expect(measured(raw(40_000)).parsed?.entries[0]).toMatchObject({ title: 'Imagini' });
    const cdata = (n: number) =>
      `<rss><channel><item><title>Imagini</title><link>https://www.exemplu.ro/i</link><description><![CDATA[${'<img '.repeat(n)}]]></description></item></channel></rss>`;
    expect(measured(cdata(40_000)).parsed?.entries[0]).toMatchObject({ title: 'Imagini' });
    const html = `${'<img '.repeat(40_000)}<img src="https://img.exemplu.ro/x.jpg">`;
    expect(firstImageSrc(html)).toBeUndefined(); // each broken tag ends at the next "<"; the cap is 64 KB
    expect(firstImageSrc(`${'<img '.repeat(1_000)}<img src="https://img.exemplu.ro/x.jpg">`)).toBe(
      'https://img.exemplu.ro/x.jpg',
    );
    expect(htmlToText(`${'<script>'.repeat(40_000)}text`, 100)).toBe('');
  });

  it('unclosed comments, CDATA sections, quotes and end tags run to the end once, not once per start', () => {
    for (const unit of ['<!-- ', '<![CDATA[ ', '<a b="', '</a ', '<a ', '<?x ', '<!ELEMENT ', '&amp;&#x']) {
      const doc = (n: number) => `<rss><channel>${unit.repeat(n)}</channel></rss>`;
      expectLinear(doc, 10_000);
    }
  });

  it("namespace declarations cost their own size, not their ancestors' (no copy of the scope per element)", () => {
    const prefixes = Array.from({ length: 5_000 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ');
    const items = Array.from(
      { length: 100 },
      (_, i) => `<item xmlns:z="urn:z"><title>T${i}</title><link>https://www.exemplu.ro/${i}</link></item>`,
    ).join('');
    const reader = readXml(`<rss ${prefixes}><channel>${items}</channel></rss>`);
    const item = reader.documentElement?.children[0]?.children[0];
    expect(item?.key).toBe('item');
    expect(Object.keys(item?.scope ?? {})).toEqual(['z']);
    expect(item?.scope.p4999).toBe('urn:p4999'); // still in scope, inherited
  });

  it("turns items into entries one per step, so a step never holds more than one item's HTML", () => {
    const steps = parseSteps(feedOf(300), BASE, undefined);
    let count = 0;
    while (!steps.next().done) count++;
    expect(count).toBeGreaterThanOrEqual(300);
  });

  it('hands each record over as it closes and keeps none in the tree (a large feed holds one item at a time)', () => {
    const seen: string[] = [];
    const reader = new XmlTreeReader(feedOf(1_000), (record) => {
      seen.push(record.key);
      expect(record.children.map((c) => c.key)).toContain('title');
    });
    while (!reader.done) reader.readSlice(16 * 1024);
    expect(seen).toHaveLength(1_000);
    expect(new Set(seen)).toEqual(new Set(['item']));
    const channel = reader.documentElement?.children.find((c) => c.key === 'channel');
    expect(channel?.children.map((c) => c.key)).toEqual(['title', 'link']);
  });

  it('deep nesting: a clear limit, the work still linear', () => {
    const deep = (n: number) => `<rss><channel>${'<x>'.repeat(n)}${'</x>'.repeat(n)}</channel></rss>`;
    expectLinear(deep, 10_000);
    const { error } = measured(deep(5_000));
    expect(error).toBeInstanceOf(FeedFormatError);
    expect(String(error)).toContain('elements nested deeper than 128 levels, and no item outside them');
  });

  it('reads in slices that give the event loop back, and stops at the deadline of the clock it is given', async () => {
    const parsed = await parseFeedDocumentInSlices(feedOf(500), BASE, undefined, {
      deadline: 1,
      now: () => 0,
    });
    expect(parsed.entries).toHaveLength(500);
    await expect(
      parseFeedDocumentInSlices(feedOf(2_000), BASE, undefined, { deadline: 0, now: () => 1 }),
    ).rejects.toThrow('reading the document took longer than the time a poll may spend on it');
  });

  it('still refuses entity declarations (billion laughs, XXE), and only real ones', () => {
    expect(measured(renderFixture('hostile-billion-laughs.xml')).error).toBeInstanceOf(HostileXmlError);
    expect(
      measured('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel/></rss>').error,
    ).toBeInstanceOf(HostileXmlError);
    expect(measured('<!ENTITY x "y"><rss><channel/></rss>').error).toBeInstanceOf(HostileXmlError);
    // Inside the document element no declaration applies (article text that is not XML): skipped, never refused.
    const raw = measured(
      `<rss><channel><item><title>XML</title><link>https://www.exemplu.ro/x</link><description>Text <!ENTITY x "y"> <!DOCTYPE d [<!ENTITY z "w">]></description></item></channel></rss>`,
    );
    expect(raw.parsed?.entries.map((e) => e.title)).toEqual(['XML']);
    const inText = measured(
      `<rss><channel><item><title>XML</title><link>https://www.exemplu.ro/x</link><description><![CDATA[<!ENTITY x "y">]]></description></item></channel></rss>`,
    );
    expect(inText.parsed?.entries).toHaveLength(1);
  });
});
