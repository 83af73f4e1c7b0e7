// Conformance of the feed reader over small hand-written fixtures, one class of real-world fault per file:
// malformed items recovered, encodings (declared, wrong, missing), dates, links and titles, nesting, entities.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../src/feeds/charset.js';
import { type ParsedFeed, parseFeedDocument } from '../src/feeds/parse.js';

const FIXTURES = new URL('./fixtures/feeds/conformance/', import.meta.url);
const BASE = 'https://www.exemplu.ro/rss';

function bytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

function parse(name: string, contentType?: string): ParsedFeed & { encoding: string; note?: string } {
  const decoded = decodeXml(bytes(name), contentType);
  const parsed = parseFeedDocument(decoded.text, BASE);
  return { ...parsed, encoding: decoded.encoding, ...(decoded.note ? { note: decoded.note } : {}) };
}

const titles = (p: ParsedFeed) => p.entries.map((e) => e.title);
const reasons = (p: ParsedFeed) => p.rejections.map((r) => [r.item, r.errors[0]?.path, r.errors[0]?.message]);

describe('malformed items are recovered, the rest of the document is kept', () => {
  it('reads all ten items around an unclosed <br>, <img>, a raw "<" and stray end tags', () => {
    const p = parse('recover-malformed-items.xml');
    expect(p.items).toBe(10);
    expect(p.rejections).toEqual([]);
    expect(titles(p)).toEqual([
      'Unu',
      'Doi',
      'Trei',
      'Patru',
      'Cinci',
      'Șase',
      'Șapte',
      'Opt',
      'Nouă',
      'Zece',
    ]);
    const [, doi, trei, patru, cinci, sase] = p.entries;
    expect(doi?.summary).toBe('Primul rând al doilea rând al treilea');
    expect(trei).toMatchObject({
      summary: 'Poza: și text după ea',
      imageUrl: 'https://img.exemplu.ro/3.jpg',
    });
    expect(patru?.summary).toBe('Inflația < 5% și dobânda <3% în 2026');
    expect(cinci).toMatchObject({ summary: 'Tag neînchis', imageUrl: 'https://img.exemplu.ro/5.jpg' });
    expect(sase?.summary).toBe('Un rătăcit și un italic neînchis');
    expect(p.entries.every((e) => e.publishedAt?.startsWith('2026-01-05T08:0'))).toBe(true);
  });

  it('refuses one item that ends the document unclosed, keeping the items before it', () => {
    const whole = bytes('recover-malformed-items.xml').toString('utf8');
    const cut = whole.slice(0, whole.indexOf('<item><title>Opt') + 40);
    const p = parseFeedDocument(cut, BASE);
    expect(titles(p)).toEqual(['Unu', 'Doi', 'Trei', 'Patru', 'Cinci', 'Șase', 'Șapte']);
    expect(reasons(p)).toEqual([[8, 'item', 'the document ends inside this item (truncated or unclosed)']]);
  });
});

describe('encodings', () => {
  it('reads ISO-8859-1 labels as WHATWG windows-1252: „ ” – — € survive', () => {
    const p = parse('enc-windows-1252-as-latin1.xml');
    expect(p.encoding).toBe('windows-1252');
    expect(titles(p)).toEqual(['Piata „Unirii” – 5 € — café']);
    // The same from the Content-Type alone.
    const body = bytes('enc-windows-1252-as-latin1.xml')
      .toString('latin1')
      .replace(' encoding="ISO-8859-1"', '');
    const fromHeader = decodeXml(Buffer.from(body, 'latin1'), 'application/rss+xml; charset=latin1');
    expect(fromHeader.text).toContain('„Unirii” – 5 € — café');
  });

  it('detects windows-1250 without a charset', () => {
    const p = parse('enc-windows-1250-undeclared.xml');
    expect(p.encoding).toBe('windows-1250');
    expect(p.note).toBe('no charset declared; the bytes are windows-1250');
    expect(titles(p)).toEqual(['Ştiri şi ţări: „citat” – analiză — 5 €', 'Ţara aşteaptă răspunsuri']);
  });

  it('overrules a wrong UTF-8 label on ISO-8859-2 bytes', () => {
    const p = parse('enc-iso-8859-2-labelled-utf8.xml');
    expect(p.note).toMatch(/^declared utf-8 but the bytes are (windows-1250|iso-8859-2)$/);
    expect(titles(p)).toEqual(['Ştiri şi ţări din Braşov', 'Băsescu şi Iaşi']);
  });

  it('decodes ISO-8859-16 (Latin-10) declared, and detects it undeclared from „ ” € and comma-below letters', () => {
    expect(titles(parse('enc-iso-8859-16-declared.xml'))).toEqual(['Știri și țări: „citat” - 5 €']);
    const p = parse('enc-iso-8859-16-undeclared.xml');
    expect(p.encoding).toBe('iso-8859-16');
    expect(titles(p)).toEqual(['Știri și țări: „citat” - 5 €', 'Țările „mici” și marile puteri']);
  });

  it('refuses the one item whose bytes do not decode, never storing U+FFFD', () => {
    const p = parse('enc-utf8-one-bad-item.xml');
    expect(p.encoding).toBe('utf-8');
    expect(titles(p)).toEqual(['Ştire bună în UTF-8', 'Încă o ştire în regulă']);
    expect(reasons(p)).toEqual([
      [
        2,
        'text',
        'text with U+FFFD replacement characters: bytes that do not decode in the document’s encoding',
      ],
    ]);
    // A numeric reference to nothing decodes to U+FFFD too, and is refused the same way.
    const ref = parseFeedDocument(
      '<rss><channel><item><title>A &#xD800; b</title></item></channel></rss>',
      BASE,
    );
    expect(ref.entries).toEqual([]);
    expect(reasons(ref)[0]?.[1]).toBe('text');
  });
});

describe('dates: unambiguous forms only', () => {
  const p = parse('dates.xml');
  const dates = Object.fromEntries(p.entries.map((e) => [e.title, e.publishedAt]));

  it('reads Romanian day-first numeric dates and the zone forms feeds use', () => {
    expect(dates).toEqual({
      'Zi întâi cu punct': '2026-01-05T08:30:00.000Z',
      'Zi întâi cu bară': '2026-01-04T22:00:00.000Z',
      'Comentariu de zonă': '2026-01-05T08:00:00.000Z',
      'GMT+2': '2026-01-05T08:00:00.000Z',
      'Ore cu două puncte': '2026-01-05T08:00:00.000Z',
      MET: '2026-01-05T08:00:00.000Z',
      MEST: '2026-07-05T08:00:00.000Z',
      CEST: '2026-07-05T08:00:00.000Z',
      EEST: '2026-07-05T08:00:00.000Z',
      'dc:date': '2026-01-05T08:00:00.000Z',
    });
  });

  it('refuses garbage with a reason naming the text', () => {
    expect(reasons(p)).toEqual([
      [11, 'publishedAt', expect.stringContaining('unreadable date "2013-01-27-01"')],
      [12, 'publishedAt', expect.stringContaining('unreadable date "03-12-31"')],
      [13, 'publishedAt', expect.stringContaining('unreadable date "Mon, 05 Jan 2026 10:00:00 XYZ"')],
    ]);
  });
});

describe('links and titles', () => {
  const p = parse('links-titles.xml');

  it('takes a permalink guid as the URL when there is no link, never a guid marked isPermaLink="false"', () => {
    expect(p.entries[0]).toMatchObject({
      title: 'Doar guid permalink',
      url: 'https://www.exemplu.ro/guid-permalink',
    });
    expect(p.entries[1]?.url).toBeUndefined();
  });

  it('prefers <title> to <media:title>, and makes clean text of inline markup in CDATA or escaped titles', () => {
    expect(titles(p).slice(2)).toEqual([
      'Titlul articolului câștigă',
      'România votează azi',
      'București: trafic blocat',
      'Articol despre entități XML',
    ]);
  });

  it('does not refuse a feed whose article text (CDATA) talks about <!ENTITY>', () => {
    expect(p.entries.at(-1)?.summary).toBe('Un articol despre XML: nu e periculos aici.');
  });

  it('reads XHTML Atom titles as text, an http(s) Atom id as the permalink, day-first dates in Atom', () => {
    const atom = parse('atom-xhtml-title.xml');
    expect(atom.kind).toBe('atom');
    expect(atom.entries).toEqual([
      {
        url: 'https://www.exemplu.ro/atom-id-permalink',
        title: 'Cluj-Napoca: tramvaiul nou',
        publishedAt: '2026-01-05T08:00:00.000Z',
      },
      {
        url: 'https://www.exemplu.ro/sibiu',
        title: 'Sibiu, capitală',
        publishedAt: '2026-01-05T08:30:00.000Z',
      },
    ]);
  });
});

describe('nesting', () => {
  it('refuses only the item nested past the limit, saying so', () => {
    const p = parse('deep-item.xml');
    expect(titles(p)).toEqual(['Înainte', 'După']);
    expect(reasons(p)).toEqual([[2, 'item', 'elements nested deeper than 128 levels inside the item']]);
  });
});
