import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefaultedResponse, headerDefault, headerDefaults } from './defaulted-response.js';

const DEFAULTS = [
  headerDefault('X-Content-Type-Options', 'nosniff'),
  headerDefault('Cache-Control', 'no-store'),
  headerDefault('X-Frame-Options', 'DENY', ['content-security-policy']),
];

/** Each test's handler, by path. */
const handlers = new Map<string, (res: DefaultedResponse) => void>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer({ ServerResponse: DefaultedResponse }, (req, res) => {
    const handler = handlers.get(req.url ?? '');
    if (!(res instanceof DefaultedResponse) || !handler) throw new Error('no handler');
    res.addDefaults(DEFAULTS);
    handler(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

/** The answer's header lines as sent (name in lower case, value), in order, without Node's own. */
async function lines(path: string, handler: (res: DefaultedResponse) => void): Promise<[string, string][]> {
  handlers.set(path, handler);
  const res = await new Promise<IncomingMessage>((done, fail) =>
    get(`${base}${path}`, done).on('error', fail),
  );
  res.resume();
  const own = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const out: [string, string][] = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const name = (res.rawHeaders[i] ?? '').toLowerCase();
    if (!own.has(name)) out.push([name, res.rawHeaders[i + 1] ?? '']);
  }
  return out;
}

describe('DefaultedResponse', () => {
  it('writes the defaults before the answer’s own headers; an answer’s header of the same name wins', async () => {
    const sent = await lines('/object', (res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'CACHE-CONTROL': 'max-age=60' }).end('{}'),
    );
    expect(sent).toEqual([
      ['x-content-type-options', 'nosniff'],
      ['x-frame-options', 'DENY'],
      ['content-type', 'application/json'],
      ['cache-control', 'max-age=60'],
    ]);
  });

  it('leaves out a default that yields to a header the answer has', async () => {
    const sent = await lines('/csp', (res) =>
      res.writeHead(200, { 'Content-Security-Policy': "frame-ancestors 'self'" }).end(),
    );
    expect(sent.map(([name]) => name)).toEqual([
      'x-content-type-options',
      'cache-control',
      'content-security-policy',
    ]);
  });

  it('joins headers set one by one, which also win over a default', async () => {
    const sent = await lines('/progressive', (res) => {
      res.setHeader('Cache-Control', 'private');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(201, { 'Content-Type': 'text/plain' }).end('x');
    });
    expect(new Map(sent)).toEqual(
      new Map([
        ['cache-control', 'private'],
        ['x-content-type-options', 'nosniff'],
        ['x-frame-options', 'DENY'],
        ['content-type', 'text/plain'],
        ['set-cookie', 'b=2'],
      ]),
    );
    expect(sent.filter(([name]) => name === 'set-cookie')).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);
  });

  it('takes headers as a flat list, as pairs, with a status message, or none (an implicit writeHead)', async () => {
    const flat = await lines('/flat', (res) => res.writeHead(200, ['Cache-Control', 'max-age=1']).end());
    expect(flat).toContainEqual(['cache-control', 'max-age=1']);
    expect(flat.filter(([name]) => name === 'cache-control')).toHaveLength(1);

    const pairs = await lines('/pairs', (res) => res.writeHead(200, 'Fine', [['Set-Cookie', 'a=1']]).end());
    expect(pairs).toContainEqual(['set-cookie', 'a=1']);
    expect(pairs).toContainEqual(['x-content-type-options', 'nosniff']);

    const implicit = await lines('/implicit', (res) => res.end('body'));
    expect(implicit).toEqual([
      ['x-content-type-options', 'nosniff'],
      ['cache-control', 'no-store'],
      ['x-frame-options', 'DENY'],
    ]);
  });

  it('keeps the later of two defaults of one name', async () => {
    const sent = await lines('/later', (res) => {
      res.addDefaults(headerDefaults({ 'cache-control': 'max-age=5' }));
      res.writeHead(200).end();
    });
    expect(sent.filter(([name]) => name === 'cache-control')).toEqual([['cache-control', 'max-age=5']]);
  });
});
