// Security properties named in SECURITY.md, each proved against the running app (both stores where it matters).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenSigner } from '../src/services/tokens.js';
import { toCsv } from '../src/shared/csv.js';
import { secretsEqual } from '../src/shared/secrets.js';
import { MemoryStore } from '../src/store/memory.js';
import {
  ADMIN_TOKEN,
  auth,
  createPartner,
  createTestContext,
  jsonRequest,
  redisUrl,
  type TestContext,
} from './support/harness.js';
import { STORES } from './support/stores.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const EVIL = 'https://evil.example';

interface Answer {
  token: string;
  items: { id: string; url: string; title: string }[];
}

/** Two outlets, a publisher, a few headlines; returns the keys. */
async function seed(ctx: TestContext): Promise<{ digi: string; gsp: string }> {
  const digi = await createPartner(ctx.app, { id: 'digi24', name: 'Digi24', domains: ['digi24.ro'] });
  const gsp = await createPartner(ctx.app, { id: 'gsp', name: 'GSP', domains: ['gsp.ro'] });
  const push = (key: string, host: string, titles: string[]) =>
    ctx.app.request(
      '/v1/headlines',
      jsonRequest(
        'POST',
        {
          headlines: titles.map((title, i) => ({
            url: `https://www.${host}/stire-${i}`,
            title,
            publishedAt: minutesAgo(5 + i),
          })),
        },
        key,
      ),
    );
  await push(digi, 'digi24.ro', ['Guvernul a aprobat bugetul', 'Inflația scade în octombrie']);
  await push(gsp, 'gsp.ro', ['FCSB câștigă derbiul', 'Simona Halep revine pe teren']);
  const put = await ctx.app.request(
    '/v1/admin/publishers/evz',
    jsonRequest('PUT', { name: 'EVZ', limit: 2, maxPerOutlet: 1 }, ADMIN_TOKEN),
  );
  expect(put.status).toBe(200);
  return { digi, gsp };
}

/** Every key and value the store holds: Redis by SCAN under the prefix, the embedded store by its fields. */
async function dumpStore(ctx: TestContext): Promise<string> {
  if (ctx.prefix === undefined) {
    return JSON.stringify(Object.values(ctx.store), (_k, v: unknown) =>
      v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v,
    );
  }
  const redis = new Redis(redisUrl(), { lazyConnect: true });
  await redis.connect();
  try {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${ctx.prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'zset'
                ? await redis.zrangebyscore(key, '-inf', '+inf', 'WITHSCORES')
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'list'
                    ? await redis.lrange(key, 0, -1)
                    : type === 'stream'
                      ? await redis.xrange(key, '-', '+')
                      : null;
        out.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
    return out.join('\n');
  } finally {
    redis.disconnect();
  }
}

describe.each(STORES)('security on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx?.close();
  });

  it('stores partner keys only as SHA-256 hashes, never lists them, and forgets a rotated key', async () => {
    ctx = await createContext();
    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    expect(key).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    const stored = await dumpStore(ctx);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(3));
    expect(stored).toContain(sha256(key));

    const listed = await (await ctx.app.request('/v1/admin/partners', auth(ADMIN_TOKEN))).text();
    expect(listed).not.toContain(key);
    expect(listed).not.toContain(sha256(key));

    const rotated = await ctx.app.request(
      '/v1/admin/partners/digi24/keys',
      auth(ADMIN_TOKEN, { method: 'POST' }),
    );
    const { apiKey } = (await rotated.json()) as { apiKey: string };
    const after = await dumpStore(ctx);
    expect(after).not.toContain(sha256(key));
    expect(after).not.toContain(apiKey);
    expect(after).toContain(sha256(apiKey));
    expect((await ctx.app.request('/v1/headlines', auth(key))).status).toBe(401);
    expect((await ctx.app.request('/v1/headlines', auth(apiKey))).status).toBe(200);
  });

  it('accepts only the exact admin token: 401 without one, 403 for near misses of any length', async () => {
    ctx = await createContext();
    expect((await ctx.app.request('/v1/admin/partners')).status).toBe(401);
    const last = ADMIN_TOKEN.at(-1) === 'x' ? 'y' : 'x';
    for (const wrong of [
      `${ADMIN_TOKEN.slice(0, -1)}${last}`,
      ADMIN_TOKEN.slice(0, -1),
      `${ADMIN_TOKEN}x`,
      ADMIN_TOKEN.toUpperCase(),
      'a',
      'x'.repeat(5000),
    ]) {
      const res = await ctx.app.request('/v1/admin/partners', auth(wrong));
      expect(res.status, wrong.slice(0, 40)).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // A partner key is not an admin token either.
    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    expect((await ctx.app.request('/v1/admin/partners', auth(key))).status).toBe(403);
    expect((await ctx.app.request('/v1/admin/partners', auth(ADMIN_TOKEN))).status).toBe(200);
  });

  it('redirects only to a URL the token served; tampered, foreign, expired and other-secret tokens get 400', async () => {
    ctx = await createContext();
    await seed(ctx);
    const a = (await (await ctx.app.request('/v1/widget?publisher=evz')).json()) as Answer;
    expect(a.items.length).toBe(2);
    for (const item of a.items) {
      const res = await ctx.app.request(`/r/${a.token}/${item.id}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(item.url);
    }
    const all = await ctx.services.headlines.list(
      { id: 'gsp', name: 'GSP', domains: ['gsp.ro'], createdAt: '' },
      10,
      undefined,
    );
    const notServed = [...all.headlines].find((h) => !a.items.some((i) => i.id === h.id));
    const first = a.items[0];
    expect(notServed).toBeDefined();
    const [body = '', signature = ''] = a.token.split('.');
    const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
    const past = ctx.services.signer.sign({
      publisherId: 'evz',
      items: [first?.id ?? ''],
      expiresAt: Math.floor(Date.now() / 1000) - 1,
      variant: 0,
    });
    const otherSecret = new TokenSigner('another-secret-0123456789abcdef').sign({
      publisherId: 'evz',
      items: [notServed?.id ?? ''],
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      variant: 0,
    });
    // Signed by us but naming a headline that does not exist.
    const ghost = ctx.services.signer.sign({
      publisherId: 'evz',
      items: ['0123456789abcdef0123'],
      expiresAt: Math.floor(Date.now() / 1000) + 3600,
      variant: 0,
    });
    for (const path of [
      `/r/${a.token}/${notServed?.id}`,
      `/r/${flip(body, 3)}.${signature}/${first?.id}`,
      `/r/${body}.${flip(signature, 3)}/${first?.id}`,
      `/r/${body}/${first?.id}`,
      `/r/${past}/${first?.id}`,
      `/r/${otherSecret}/${notServed?.id}`,
      `/r/${ghost}/0123456789abcdef0123`,
      `/r/${a.token}/${encodeURIComponent(EVIL)}`,
      `/r/${encodeURIComponent(EVIL)}/${first?.id}`,
    ]) {
      const res = await ctx.app.request(path);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('location'), path).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('behind TRUST_PROXY, a client cannot choose its own address with a forged X-Forwarded-For', async () => {
    ctx = await createContext({ env: { TRUST_PROXY: 'true', RATE_LIMIT_REDIRECTS_PER_MINUTE: '2' } });
    await seed(ctx);
    const a = (await (await ctx.app.request('/v1/widget?publisher=evz')).json()) as Answer;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // The client sends its own X-Forwarded-For; the trusted proxy appends the address it saw.
      const res = await ctx.app.request(`/r/${a.token}/${a.items[0]?.id}`, {
        headers: { 'X-Forwarded-For': `10.9.8.${i}, 203.0.113.9` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([302, 302, 429, 429]);
  });

  it('opens CORS on the widget, events and embed only: admin and partner answers carry no Access-Control-Allow-Origin', async () => {
    ctx = await createContext();
    const { digi } = await seed(ctx);
    const origin = { Origin: EVIL };
    const preflight = (path: string, method: string, headers = 'content-type') =>
      ctx.app.request(path, {
        method: 'OPTIONS',
        headers: {
          ...origin,
          'Access-Control-Request-Method': method,
          'Access-Control-Request-Headers': headers,
        },
      });

    const open = [
      await ctx.app.request('/v1/widget?publisher=evz', { headers: origin }),
      await preflight('/v1/events', 'POST'),
      await ctx.app.request('/embed.js', { headers: origin }),
    ];
    for (const res of open) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const closed = [
      await ctx.app.request('/v1/admin/partners', auth(ADMIN_TOKEN, { headers: origin })),
      await preflight('/v1/admin/partners', 'POST', 'authorization, content-type'),
      await preflight('/v1/admin/publishers/evz', 'PUT', 'authorization, content-type'),
      await ctx.app.request('/v1/headlines', auth(digi, { headers: origin })),
      await preflight('/v1/headlines', 'POST', 'authorization, content-type'),
      await preflight('/v1/headlines?url=x', 'DELETE', 'authorization'),
    ];
    for (const res of closed) {
      expect(res.headers.get('access-control-allow-origin'), res.url).toBeNull();
      expect(res.headers.get('access-control-allow-headers')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('sends security headers on JSON, problem+json and HTML answers', async () => {
    ctx = await createContext();
    await seed(ctx);
    const json = await ctx.app.request('/v1/widget?publisher=evz');
    const problem = await ctx.app.request('/v1/nothing-here');
    const page = await ctx.app.request('/v1/widget.html?publisher=evz');
    for (const res of [json, problem, page]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
    }
    for (const res of [json, problem]) expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(problem.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(csp).toContain('frame-ancestors');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const https = await ctx.app.request('https://citeste-si.ro/health');
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    // A hostile request id is replaced, never echoed into headers or logs.
    const hostile = await ctx.app.request('/health', { headers: { 'X-Request-Id': 'a b<script>' } });
    expect(hostile.headers.get('x-request-id')).not.toContain('<');
  });

  it('serves headline titles as data: a JSON string in the widget, escaped text in the HTML widget', async () => {
    ctx = await createContext();
    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    const title = `"><img src=x onerror=alert(1)><script>alert('x')</script> & Co`;
    const pushed = await ctx.app.request(
      '/v1/headlines',
      jsonRequest(
        'POST',
        { headlines: [{ url: 'https://digi24.ro/x', title, publishedAt: minutesAgo(1) }] },
        key,
      ),
    );
    expect(await pushed.json()).toEqual({ accepted: 1, rejected: [] });
    await ctx.app.request('/v1/admin/publishers/evz', jsonRequest('PUT', { name: 'EVZ' }, ADMIN_TOKEN));
    const json = await ctx.app.request('/v1/widget?publisher=evz');
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(((await json.json()) as Answer).items[0]?.title).toBe(title);
    const html = await (await ctx.app.request('/v1/widget.html?publisher=evz')).text();
    expect(html).toContain(
      '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co',
    );
    expect(html).not.toMatch(/<script|<img src=x/i);
    // Links that are not http(s) never get in: no javascript: or data: headline or image URLs.
    const refused = await ctx.app.request(
      '/v1/headlines',
      jsonRequest(
        'POST',
        {
          headlines: [
            { url: 'javascript:alert(1)//digi24.ro', title: 'x', publishedAt: minutesAgo(1) },
            {
              url: 'https://digi24.ro/y',
              title: 'y',
              publishedAt: minutesAgo(1),
              imageUrl: 'data:image/svg+xml,<svg/>',
            },
          ],
        },
        key,
      ),
    );
    expect(((await refused.json()) as { accepted: number }).accepted).toBe(0);
  });

  it('refuses prototype-pollution keys in every body and leaves Object.prototype untouched', async () => {
    ctx = await createContext();
    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    const raw = (method: string, path: string, body: string, token?: string) =>
      ctx.app.request(path, {
        method,
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    const proto = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
    const answers = [
      await raw(
        'POST',
        '/v1/admin/partners',
        `{${proto},"id":"evil","name":"E","domains":["e.ro"]}`,
        ADMIN_TOKEN,
      ),
      await raw('PUT', '/v1/admin/publishers/evil', `{${proto},"name":"E"}`, ADMIN_TOKEN),
      await raw(
        'POST',
        '/v1/events',
        `{${proto},"token":"a.b","type":"click","items":["0123456789abcdef0123"]}`,
      ),
    ];
    for (const res of answers) expect(res.status).toBe(400);
    const push = await raw(
      'POST',
      '/v1/headlines',
      `{"headlines":[{${proto},"url":"https://digi24.ro/a","title":"T","publishedAt":"${minutesAgo(1)}"}]}`,
      key,
    );
    expect(((await push.json()) as { accepted: number }).accepted).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect((await ctx.app.request('/v1/admin/publishers/evil', auth(ADMIN_TOKEN))).status).toBe(404);
  });

  it('refuses bodies that are not UTF-8 instead of storing replacement characters', async () => {
    ctx = await createContext();
    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    const json = `{"headlines":[{"url":"https://digi24.ro/a","title":"Titlu","publishedAt":"${minutesAgo(1)}"}]}`;
    const bytes = Buffer.from(json, 'utf8');
    const at = bytes.indexOf('tlu');
    const invalid = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at)]);
    const res = await ctx.app.request('/v1/headlines', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: new Uint8Array(invalid),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const listed = (await (await ctx.app.request('/v1/headlines', auth(key))).json()) as {
      headlines: unknown[];
    };
    expect(listed.headlines).toEqual([]);
  });

  it('keeps public answers independent of unkeyed headers and private answers out of shared caches', async () => {
    ctx = await createContext();
    const { digi } = await seed(ctx);
    const plain = await ctx.app.request('/v1/widget?publisher=evz');
    const poisoned = await ctx.app.request('/v1/widget?publisher=evz', {
      headers: {
        'X-Forwarded-Host': 'evil.example',
        'X-Forwarded-Proto': 'http',
        'X-Original-URL': '/v1/admin/partners',
        'X-HTTP-Method-Override': 'DELETE',
        Origin: EVIL,
        Cookie: 'a=b',
      },
    });
    expect(poisoned.status).toBe(200);
    const [a, b] = [(await plain.json()) as Answer, (await poisoned.json()) as Answer];
    expect(b.items).toEqual(a.items);
    expect(JSON.stringify(b)).not.toContain('evil.example');
    expect(plain.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    for (const res of [
      await ctx.app.request('/v1/headlines', auth(digi)),
      await ctx.app.request('/v1/admin/partners', auth(ADMIN_TOKEN)),
      await ctx.app.request('/v1/widget?publisher=nope'),
    ]) {
      expect(res.headers.get('cache-control') ?? '').not.toMatch(/public|s-maxage/);
    }
  });

  it('caps the cost of one request: over-long widget parameters and listing pages are refused with 400', async () => {
    ctx = await createContext();
    const { digi } = await seed(ctx);
    for (const query of [
      `title=${'a'.repeat(1001)}`,
      `section=${'a'.repeat(201)}`,
      `keywords=${'a,'.repeat(1000)}`,
      `url=https://x.ro/${'a'.repeat(2048)}`,
      'limit=21',
    ]) {
      const res = await ctx.app.request(`/v1/widget?publisher=evz&${query}`);
      expect(res.status, query.slice(0, 30)).toBe(400);
    }
    expect((await ctx.app.request('/v1/headlines?limit=501', auth(digi))).status).toBe(400);
    const deep = `{"headlines":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const res = await ctx.app.request('/v1/headlines', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${digi}` },
      body: deep,
    });
    expect(res.status).toBeLessThan(500);
    expect((await ctx.app.request('/health')).status).toBe(200);
  });
});

describe('failures inside the service', () => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.close();
  });

  it('answers a 500 that never echoes internals, only a request id to quote', async () => {
    let failing = false;
    class BrokenStore extends MemoryStore {
      override async listPartners() {
        if (failing) throw new Error('secret-internal-detail at /srv/app/store.ts:42 redis://:hunter2@db');
        return super.listPartners();
      }
    }
    ctx = await createTestContext({ store: new BrokenStore() });
    failing = true;
    for (const requestId of [undefined, 'req-0123456789']) {
      const res = await ctx.app.request(
        '/v1/admin/partners',
        auth(ADMIN_TOKEN, requestId ? { headers: { 'X-Request-Id': requestId } } : {}),
      );
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const text = await res.text();
      expect(text).not.toMatch(/secret-internal-detail|hunter2|store\.ts|\bat\b.*:\d+/);
      const id = res.headers.get('x-request-id') ?? '';
      if (requestId) expect(id).toBe(requestId);
      const problem = JSON.parse(text) as { status: number; detail: string };
      expect(problem.status).toBe(500);
      expect(problem.detail).toContain(id);
    }
    failing = false;
    expect((await ctx.app.request('/v1/admin/partners', auth(ADMIN_TOKEN))).status).toBe(200);
  });
});

describe('secrets and reports', () => {
  it('compares secrets through fixed-length hashes, so neither length nor prefix shows', () => {
    expect(secretsEqual(ADMIN_TOKEN, ADMIN_TOKEN)).toBe(true);
    for (const other of ['', 'x', ADMIN_TOKEN.slice(0, -1), `${ADMIN_TOKEN}x`, 'x'.repeat(100_000)]) {
      expect(secretsEqual(other, ADMIN_TOKEN)).toBe(false);
    }
    // The admin check uses it (a plain === or a length check first would leak timing).
    const middleware = readFileSync(new URL('../src/http/middleware.ts', import.meta.url), 'utf8');
    expect(middleware).toMatch(/secretsEqual\(token, adminToken\)/);
    expect(middleware).not.toMatch(/token\s*===\s*adminToken|adminToken\s*===\s*token/);
  });

  it('neutralises spreadsheet formulas in CSV reports (CSV injection)', () => {
    const csv = toCsv(
      ['title'],
      [
        '=HYPERLINK("http://evil.example","x")',
        '+1+cmd',
        '-2',
        '@SUM(A1)',
        '\t=1',
        '\r=1',
        'Normal, "quoted"',
      ].map((title) => ({ title })),
    );
    const cells = csv.split('\r\n').slice(1, -1);
    for (const cell of cells.slice(0, 6)) expect(cell.replace(/^"/, '')).toMatch(/^'/);
    expect(cells[6]).toBe('"Normal, ""quoted"""');
  });

  it('the embed script never writes HTML: text goes through textContent, links must be http(s)', () => {
    const dir = new URL('../src/embed/', import.meta.url);
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    expect(source).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|eval\(|new Function/,
    );
    expect(source).toMatch(/\.textContent = item\.title/);
    expect(source).toMatch(/https\?:/);
  });
});
