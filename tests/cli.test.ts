// The command-line tool end to end: a real HTTP server, the tool run as a separate Node process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestContext, type TestContext } from './support/harness.js';

const BIN = fileURLToPath(new URL('../bin/citeste-si.mjs', import.meta.url));

let ctx: TestContext;
let server: ReturnType<typeof serve>;
let baseUrl: string;
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the tool in its own process (async: the server answers from this one). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          CITESTE_SI_URL: baseUrl,
          CITESTE_SI_ADMIN_TOKEN: ADMIN_TOKEN,
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Digi24</title><link>https://www.digi24.ro/</link>
<item><title><![CDATA[Ninsori abundente în Moldova: drumuri închise]]></title>
<link>https://www.digi24.ro/stiri/actualitate/ninsori-abundente-in-moldova</link>
<pubDate>${new Date().toUTCString()}</pubDate></item>
</channel></rss>`;

beforeAll(async () => {
  // Feeds on 127.0.0.1 are refused unless private networks are allowed (the fixture feed is served here).
  ctx = await createTestContext({ env: { FEEDS_ALLOW_PRIVATE_NETWORKS: 'true' } });
  const fetch = (req: Request) =>
    new URL(req.url).pathname === '/fixture/rss.xml'
      ? new Response(RSS, { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } })
      : ctx.app.fetch(req);
  await new Promise<void>((resolve) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'citeste-si-cli-'));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await ctx.close();
  await rm(dir, { recursive: true, force: true });
});

describe('usage', () => {
  it('prints help with exit 0, and exit 2 for a wrong command or missing argument', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('partners create <id>');
    expect(help.stdout).toContain('Exit codes');

    const sub = await cli(['publishers', 'set', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--exclude-categories');

    const wrong = await Promise.all(
      [['nonsense'], ['partners'], ['partners', 'rotate-key'], ['partners', 'list', '--bogus']].map((a) =>
        cli(a),
      ),
    );
    expect(wrong.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    const noName = await cli(['partners', 'create', 'x1', '--domains', 'x1.ro']);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name is required');
    const noToken = await cli(['partners', 'list'], { CITESTE_SI_ADMIN_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('CITESTE_SI_ADMIN_TOKEN');
  });
});

describe('from nothing to headlines in a widget', () => {
  let key = '';

  it('creates partners, prints the key once, and refuses a duplicate with exit 1', async () => {
    const created = await cli([
      'partners',
      'create',
      'digi24',
      '--name',
      'Digi24',
      '--domains',
      'digi24.ro',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const body = JSON.parse(created.stdout) as { apiKey: string; partner: { id: string } };
    expect(body.partner.id).toBe('digi24');
    expect(body.apiKey).toMatch(/^cs_/);
    key = body.apiKey;

    const human = await cli([
      'partners',
      'create',
      'evz',
      '--name',
      'Evenimentul Zilei',
      '--domains',
      'evz.ro',
    ]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/API key \(shown once.*\): cs_/);

    const again = await cli(['partners', 'create', 'digi24', '--name', 'Digi24', '--domains', 'digi24.ro']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('409 Conflict');

    const invalid = await cli([
      'partners',
      'create',
      'Bad Id',
      '--name',
      'X',
      '--domains',
      'nu e domeniu',
      '--json',
    ]);
    expect(invalid.code).toBe(1);
    // problem+json, readable on stderr and whole on stdout with --json
    expect(invalid.stderr).toMatch(/400 Invalid request[\s\S]*\n {2}id: /);
    expect(JSON.parse(invalid.stdout)).toMatchObject({ status: 400, errors: expect.any(Array) });

    const list = await cli(['partners', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^id\s+name\s+domains/);
    expect(list.stdout).toMatch(/digi24\s+Digi24\s+digi24\.ro/);
    const listed = JSON.parse((await cli(['partners', 'list', '--json'])).stdout) as { partners: unknown[] };
    expect(listed.partners).toHaveLength(2);
  });

  it('rotates a key: the new one works, the old one no longer does', async () => {
    const rotated = await cli(['partners', 'rotate-key', 'digi24', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const fresh = (JSON.parse(rotated.stdout) as { apiKey: string }).apiKey;
    expect(fresh).not.toBe(key);

    const file = join(dir, 'one.json');
    await writeFile(
      file,
      JSON.stringify([
        { url: 'https://www.digi24.ro/stiri/test-cheie', title: 'Test de cheie', publishedAt: hoursAgo(1) },
      ]),
    );
    const old = await cli(['push', file], { CITESTE_SI_PARTNER_KEY: key });
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('401');
    key = fresh;
    const ok = await cli(['push', file], { CITESTE_SI_PARTNER_KEY: key });
    expect(ok.code, ok.stderr).toBe(0);

    expect((await cli(['partners', 'rotate-key', 'nu-exista'])).code).toBe(1);
  });

  it('sets a publisher, and a later set changes only what it names', async () => {
    const set = await cli([
      'publishers',
      'set',
      'evz',
      '--name',
      'Evenimentul Zilei',
      '--partner',
      'evz',
      '--limit',
      '4',
      '--exclude-categories',
      'Horoscop,Monden',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Publisher evz created');

    const change = await cli(['publishers', 'set', 'evz', '--title', 'Mai citește', '--json']);
    expect(change.code, change.stderr).toBe(0);
    expect(JSON.parse(change.stdout).publisher).toMatchObject({
      name: 'Evenimentul Zilei',
      partnerId: 'evz',
      title: 'Mai citește',
      limit: 4,
      excludeCategories: ['Horoscop', 'Monden'],
    });

    const get = await cli(['publishers', 'get', 'evz']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/title\s+Mai citește/);
    expect((await cli(['publishers', 'get', 'nimeni'])).code).toBe(1);
    expect((await cli(['publishers', 'set', 'nou', '--limit', '3'])).code).toBe(2);
    expect((await cli(['publishers', 'set', 'evz', '--limit', 'multe'])).code).toBe(2);
    const bad = await cli(['publishers', 'set', 'evz', '--limit', '99']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('limit:');
  });

  it('pushes a JSON file: sums accepted and rejected, prints why, exit 1 when any is rejected', async () => {
    const file = join(dir, 'titluri.json');
    await writeFile(
      file,
      JSON.stringify({
        headlines: [
          {
            url: 'https://www.digi24.ro/stiri/actualitate/guvernul-a-aprobat-bugetul-pentru-2027',
            title: 'Guvernul a aprobat bugetul pentru 2027: ce se schimbă pentru pensionari',
            publishedAt: hoursAgo(2),
            category: 'Actualitate',
            tags: ['buget', 'pensii'],
          },
          {
            url: 'https://www.digi24.ro/sport/fotbal/romania-s-a-calificat-la-campionatul-mondial',
            title: 'România s-a calificat la Campionatul Mondial după o seară istorică la București',
            publishedAt: hoursAgo(3),
            category: 'Sport',
          },
          {
            url: 'https://www.altcineva.ro/stiri/1',
            title: 'Titlu de pe alt domeniu',
            publishedAt: hoursAgo(1),
          },
        ],
      }),
    );
    const run = await cli(['push', file], { CITESTE_SI_PARTNER_KEY: key });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('2 of 3 headlines accepted, 1 rejected');
    expect(run.stdout).toMatch(/#2 https:\/\/www\.altcineva\.ro\/stiri\/1\n\s+url: host must be one of/);
    expect(run.stderr).toContain('batch 1/1');

    const json = await cli(['push', file, '--json'], { CITESTE_SI_PARTNER_KEY: key });
    expect(JSON.parse(json.stdout)).toMatchObject({ total: 3, accepted: 2, rejected: [{ index: 2 }] });

    expect((await cli(['push', file])).code).toBe(2); // no partner key
    expect((await cli(['push', join(dir, 'lipsa.json')], { CITESTE_SI_PARTNER_KEY: key })).code).toBe(2);
  });

  it('pushes a CSV file with quotes, commas, diacritics and |-separated tags, 500 per batch', async () => {
    const lines = ['url,title,publishedAt,imageUrl,summary,category,tags'];
    lines.push(
      `https://www.digi24.ro/stiri/externe/summit-ul-nato-de-la-bucuresti,"Summit-ul NATO de la București: ""o zi istorică"", spun oficialii",${hoursAgo(1)},https://s.digi24.ro/nato.jpg,"Liderii aliați s-au reunit, marți,
la Palatul Parlamentului.",Externe,nato|bucurești| securitate `,
    );
    for (let i = 0; i < 1100; i++) {
      lines.push(
        `https://www.digi24.ro/stiri/arhiva/stire-${i},Știrea numărul ${i} din arhivă,${hoursAgo(5 + i / 100)},,,Actualitate,arhivă`,
      );
    }
    const file = join(dir, 'titluri.csv');
    await writeFile(file, `\uFEFF${lines.join('\r\n')}\r\n`);
    const run = await cli(['push', file], { CITESTE_SI_PARTNER_KEY: key });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('1101 of 1101 headlines accepted, 0 rejected');
    expect(run.stderr).toContain('batch 1/3: 500/1101 sent');
    expect(run.stderr).toContain('batch 3/3: 1101/1101 sent, 1101 accepted');

    const page = await ctx.app.request('/v1/headlines?limit=500', {
      headers: { Authorization: `Bearer ${key}` },
    });
    const { headlines } = (await page.json()) as {
      headlines: { url: string; title: string; summary?: string; tags: string[] }[];
    };
    const nato = headlines.find((h) => h.url.includes('summit-ul-nato'));
    expect(nato).toMatchObject({
      title: 'Summit-ul NATO de la București: "o zi istorică", spun oficialii',
      tags: ['nato', 'bucurești', 'securitate'],
    });
    expect(nato?.summary).toContain('Palatul Parlamentului');

    const badHeader = join(dir, 'rau.csv');
    await writeFile(badHeader, 'link,titlu\nhttps://x.ro,y\n');
    const bad = await cli(['push', badHeader], { CITESTE_SI_PARTNER_KEY: key });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown CSV column');
  });

  it('the pushed headlines reach the publisher widget', async () => {
    const res = await ctx.app.request(
      `/v1/widget?publisher=evz&title=${encodeURIComponent('Bugetul pentru 2027 și pensiile')}`,
    );
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { title: string; items: { outlet: { id: string } }[] };
    expect(answer.title).toBe('Mai citește');
    expect(answer.items.length).toBeGreaterThan(0);
    expect(answer.items.every((i) => i.outlet.id === 'digi24')).toBe(true);
  });
});

describe('health, feeds and reports', () => {
  it('health: exit 0 and a readable summary on a ready instance, --json for scripts', async () => {
    const run = await cli(['health']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ok\s+health\s+200/);
    expect(run.stdout).toMatch(/ok\s+ready\s+200/);
    expect(run.stdout).toContain('is ready');

    const json = await cli(['health', '--json'], { CITESTE_SI_ADMIN_TOKEN: '' });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      checks: { health: { ok: true }, ready: { ok: true, body: { status: 'ready' } }, metrics: { ok: true } },
    });
  });

  it('health: sends CITESTE_SI_METRICS_TOKEN to a /metrics that asks for one', async () => {
    const metricsToken = 'cli-metrics-token-0123456789';
    const guarded = await createTestContext({ env: { METRICS_TOKEN: metricsToken } });
    const other = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: guarded.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const without = await cli(['health', '--json', '--url', url]);
      expect(without.code).toBe(1);
      expect(JSON.parse(without.stdout)).toMatchObject({ ok: false, checks: { metrics: { ok: false } } });
      const withToken = await cli(['health', '--url', url], { CITESTE_SI_METRICS_TOKEN: metricsToken });
      expect(withToken.code, withToken.stdout + withToken.stderr).toBe(0);
    } finally {
      await new Promise((r) => other.close(r));
      await guarded.close();
    }
  });

  it('health: exit 1 when the deployment cannot be reached', async () => {
    const run = await cli(['health', '--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NOT ready');
  });

  it('feeds: add, list with health, remove; a second remove is a readable 404', async () => {
    const add = await cli([
      'feeds',
      'add',
      'digi24',
      `${baseUrl}/fixture/rss.xml`,
      '--interval',
      '600',
      '--json',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const feed = (JSON.parse(add.stdout) as { feed: { id: string; url: string } }).feed;
    expect(feed.url).toContain('/fixture/rss.xml');

    const list = await cli(['feeds', 'list', 'digi24']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^id\s+url\s+kind\s+lastSuccessAt/);
    expect(list.stdout).toContain(feed.id);

    const bad = await cli(['feeds', 'add', 'digi24', 'nu-e-url']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/400 .*\n\s+url: /);

    const remove = await cli(['feeds', 'remove', 'digi24', feed.id]);
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toContain(`Feed ${feed.id} removed`);
    const again = await cli(['feeds', 'remove', 'digi24', feed.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('404 Not found');
  });

  it('reports: a table, --json and --csv with the admin token; a partner key sees its own', async () => {
    const daily = await cli(['reports', 'daily']);
    expect(daily.code, daily.stderr).toBe(0);
    expect(daily.stdout).toMatch(
      /daily report, \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d\ndate\s+publisher\s+outlet/,
    );

    const exchange = await cli(['reports', 'exchange', '--json']);
    expect(exchange.code, exchange.stderr).toBe(0);
    expect(JSON.parse(exchange.stdout)).toMatchObject({ partners: expect.any(Array) });

    const csv = await cli(['reports', 'daily', '--csv', '--from', '2026-11-01', '--to', '2026-11-02']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toContain('date,publisher,outlet');

    const rotated = await cli(['partners', 'rotate-key', 'evz', '--json']);
    const key = (JSON.parse(rotated.stdout) as { apiKey: string }).apiKey;
    const own = await cli(['reports', 'exchange', '--json'], {
      CITESTE_SI_ADMIN_TOKEN: '',
      CITESTE_SI_PARTNER_KEY: key,
    });
    expect(own.code, own.stderr).toBe(0);

    const bad = await cli(['reports', 'daily', '--from', 'ieri']);
    expect(bad.code).toBe(1);
  });
});
