import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertFetchable,
  isPublicAddress,
  SafeFetchError,
  safeFetch,
  USER_AGENT,
} from '../src/net/safe-fetch.js';
import { type FeedServer, startFeedServer, testLookup } from './support/feed-server.js';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.251',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:a00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    // Mapped, translated, compatible and tunnelled forms, whatever the embedded IPv4 address.
    '::ffff:0:0',
    '::ffff:0.0.0.0',
    '::ffff:10.0.0.1',
    '::ffff:0:7f00:1',
    '::ffff:0:808:808',
    '::127.0.0.1',
    '::8.8.8.8',
    '64:ff9b::127.0.0.1',
    '64:ff9b:1::808:808',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:10::1',
    '100::1',
    '192.0.2.1',
    '198.51.100.1',
    '203.0.113.7',
    'fe80::1%eth0',
    'localhost',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '193.231.20.1',
    '172.32.0.1',
    '100.128.0.1',
    '2a02:2f0c::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('safeFetch against a local server', () => {
  let server: FeedServer;
  const local = { allowPrivate: true, timeoutMs: 2000, maxBytes: 64 * 1024 };
  // Pretend the fixture server is a partner's public host: only 127.0.0.1 counts as public.
  const asPublic = {
    lookup: testLookup,
    addressAllowed: (ip: string) => ip === '127.0.0.1',
    timeoutMs: 2000,
    maxBytes: 64 * 1024,
  };

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/rss', { file: 'rss-digi24.xml' });
    server.route('/big', { body: 'x'.repeat(100 * 1024) });
    server.route('/bomb', {
      body: gzipSync(Buffer.alloc(50 * 1024 * 1024)),
      headers: { 'content-encoding': 'gzip' },
    });
    server.route('/gz', { file: 'atom-hotnews.xml', gzip: true });
    server.route('/slow', { hang: true });
    server.route('/r1', { redirect: '/r2' });
    server.route('/r2', { redirect: '/rss', status: 301 });
    server.route('/loop', { redirect: '/loop' });
    server.route('/to-metadata', { redirect: 'http://169.254.169.254/latest/meta-data/' });
    server.route('/to-intranet', { redirect: 'http://intranet.digi24.ro/admin' });
    server.route('/to-loopback', { redirect: 'http://[::1]:6379/' });
    server.route('/to-file', { redirect: 'file:///etc/passwd' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('returns status, headers, body and final URL, naming itself in User-Agent', async () => {
    const res = await safeFetch(`${server.origin}/r1`, { ...local, accept: 'application/rss+xml' });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${server.origin}/rss`);
    expect(res.headers['content-type']).toContain('application/rss+xml');
    expect(res.body.toString('utf8')).toContain('<rss version="2.0"');
    const sent = server.requests('/rss').at(-1);
    expect(sent?.['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^citeste-si\/\d+\.\d+\.\d+ \(\+feed fetcher\)$/);
    expect(sent?.accept).toBe('application/rss+xml');
  });

  it('decompresses gzip and counts the decompressed bytes against the cap (no zip bombs)', async () => {
    const res = await safeFetch(`${server.origin}/gz`, local);
    expect(res.body.toString('utf8')).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    await expect(safeFetch(`${server.origin}/bomb`, local)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('aborts a body beyond maxBytes', async () => {
    await expect(safeFetch(`${server.origin}/big`, local)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('gives up on a server that never answers at the deadline', async () => {
    await expect(safeFetch(`${server.origin}/slow`, { ...local, timeoutMs: 150 })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('follows a limited number of redirects', async () => {
    await expect(safeFetch(`${server.origin}/loop`, { ...local, maxRedirects: 3 })).rejects.toMatchObject({
      code: 'redirects',
    });
  });

  it('connects to the address it checked, whatever the system resolver would say', async () => {
    // *.test does not resolve on this machine; the checked address is used for the connection.
    const res = await safeFetch(`http://www.digi24.test:${server.port}/rss`, asPublic);
    expect(res.status).toBe(200);
    expect(server.requests('/rss').at(-1)?.host).toBe(`www.digi24.test:${server.port}`);
  });

  it('re-checks every redirect hop: metadata, intranet and loopback targets are refused', async () => {
    for (const path of ['/to-metadata', '/to-intranet', '/to-loopback']) {
      const err = await safeFetch(`http://www.digi24.test:${server.port}${path}`, asPublic).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SafeFetchError);
      expect(err).toMatchObject({ code: 'blocked' });
    }
    await expect(safeFetch(`http://www.digi24.test:${server.port}/to-file`, asPublic)).rejects.toMatchObject({
      code: 'invalid_url',
    });
  });

  it('refuses private, loopback and link-local hosts before connecting unless private networks are allowed', async () => {
    for (const url of [
      `${server.origin}/rss`,
      `http://localhost:${server.port}/rss`,
      `http://[::ffff:127.0.0.1]:${server.port}/rss`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
    ]) {
      await expect(assertFetchable(url)).rejects.toMatchObject({ code: 'blocked' });
    }
    await expect(assertFetchable('http://intranet.digi24.ro/', { lookup: testLookup })).rejects.toMatchObject(
      {
        code: 'blocked',
      },
    );
    // A host with one public and one private address is refused: every address is checked.
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '192.168.0.10', family: 4 as const },
    ];
    await expect(assertFetchable('https://mixed.example/', { lookup: mixed })).rejects.toMatchObject({
      code: 'blocked',
    });
    await expect(assertFetchable('ftp://www.digi24.ro/rss')).rejects.toMatchObject({ code: 'invalid_url' });
    await expect(assertFetchable('https://user:pw@www.digi24.ro/rss')).rejects.toMatchObject({
      code: 'invalid_url',
    });
    await expect(assertFetchable(`${server.origin}/rss`, { allowPrivate: true })).resolves.toBeInstanceOf(
      URL,
    );
  });
});
