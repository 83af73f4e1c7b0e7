// GET /v1/widget.html: the script-free widget for <iframe> and <amp-iframe>, through the real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../src/http/html.js';
import { HEADLINES, OUTLETS, seed } from './browser/headlines.js';
import { createTestContext, type TestContext } from './support/harness.js';

const BROWSER = {
  'User-Agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
};
const ARTICLE = encodeURIComponent('https://www.evz.ro/actualitate/canicula-la-bucuresti');
const XSS_TITLE = HEADLINES.digi24[0]?.title ?? '';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await seed(ctx);
});
afterAll(async () => {
  await ctx.close();
});

const get = (query: string) => ctx.app.request(`/v1/widget.html?${query}`, { headers: BROWSER });
const links = (html: string) => [...html.matchAll(/<a\b[^>]*>/g)].map((m) => m[0]);
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];

describe('GET /v1/widget.html', () => {
  it('renders the cards as escaped, script-free HTML that any page may frame', async () => {
    const res = await get(`publisher=evz&url=${ARTICLE}&title=Canicul%C4%83&limit=6`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; frame-ancestors *",
    );
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h2 id="h">Citește și, de la parteneri</h2>');
    // Markup in a partner's title is text, never markup.
    expect(html).toContain(
      'Cod roșu de caniculă în București &lt;img src=x onerror=window.__pwned=1&gt; și în sudul țării',
    );
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain(XSS_TITLE);
    const anchors = links(html);
    expect(anchors).toHaveLength(6);
    for (const a of anchors) {
      expect(attr(a, 'href')).toMatch(/^\/r\/[^/"]+\/[0-9a-f]{20}$/);
      expect(attr(a, 'target')).toBe('_top');
      expect(attr(a, 'rel')).toBe('noopener');
    }
    for (const name of Object.values(OUTLETS)) expect(html).toContain(`<span class="o">${name}</span>`);
    expect(html).not.toContain('<span class="o">EVZ</span>');
    // Images are https only (the policy allows nothing else), lazy and decorative.
    for (const img of html.match(/<img\b[^>]*>/g) ?? []) {
      expect(attr(img, 'src')).toMatch(/^https:\/\//);
      expect(img).toContain('alt=""');
      expect(img).toContain('loading="lazy"');
    }
  });

  it('links through /r/ to the headline, counting the impression when served and the click when followed', async () => {
    const html = await (await get(`publisher=evz&url=${ARTICLE}`)).text();
    const hrefs = links(html).map((a) => attr(a, 'href') ?? '');
    const ids = hrefs.map((h) => h.split('/').pop() ?? '');
    const target = hrefs[0] ?? '';
    const res = await ctx.app.request(target.replaceAll('&amp;', '&'), { headers: BROWSER });
    expect(res.status).toBe(302);
    const all = Object.values(HEADLINES).flat();
    expect(all.map((h) => h.url)).toContain(res.headers.get('location'));
    await ctx.services.events.flush();
    const stats = new Map((await ctx.store.readHeadlineStats()).map((s) => [s.id, s]));
    for (const id of ids) expect(stats.get(id)?.impressions).toBeGreaterThanOrEqual(1);
    expect(stats.get(ids[0] ?? '')?.clicks).toBe(1);
    // A link the token did not serve goes nowhere.
    const forged = target.replace(/[0-9a-f]{20}$/, 'f'.repeat(20));
    expect((await ctx.app.request(forged)).status).toBe(400);
  });

  it('takes the layout, columns and accent colour, and refuses anything that is not a colour', async () => {
    const html = await (await get(`publisher=evz&layout=list&columns=2&accent=%230057b8`)).text();
    expect(html).toContain('<section class="l" style="--a:#0057b8;--c:2;--m:280px"');
    const bad = await get(`publisher=evz&accent=${encodeURIComponent('red;}body{display:none')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 404 problem+json for an unknown publisher and 400 for a malformed query', async () => {
    const res = await get('publisher=necunoscut');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 404, title: 'Not found' });
    const bad = await get('publisher=%3Cb%3E');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ path: 'publisher' })],
    });
  });
});

describe('html helpers', () => {
  it('escapes text and attribute values, and only trusts markup built by html``', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    const inner = html`<b>${'<i>'}</b>`;
    expect(
      html`<p title="${'" onmouseover="x'}">${inner}${['<', html`<br>`]}${undefined}${false}${0}</p>`.toString(),
    ).toBe('<p title="&quot; onmouseover=&quot;x"><b>&lt;i&gt;</b>&lt;<br>0</p>');
  });
});
