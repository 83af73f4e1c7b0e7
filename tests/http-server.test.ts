// The app behind a real Node HTTP server: body limits and body reading on the socket path, on the service's own
// server (main.ts's options: DefaultedResponse writes the default headers) and on a plain Node server (the
// defaults then go on the answer after its handler).

import { type ClientRequest, type OutgoingHttpHeaders, request, type ServerOptions } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../src/config.js';
import { serverOptions } from '../src/http/server-options.js';
import { createPartner, createTestContext, type TestContext } from './support/harness.js';

const SERVERS: [string, (config: Config) => ServerOptions][] = [
  ['the service’s server', serverOptions],
  ['a plain Node server', () => ({})],
];

describe.each(SERVERS)('over a real socket, on %s', (_name, options) => {
  let ctx: TestContext;
  let server: ReturnType<typeof serve>;
  let base: string;
  let key: string;

  beforeAll(async () => {
    ctx = await createTestContext({ env: { BODY_LIMIT_BYTES: '4096' } });
    key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    server = serve({
      fetch: ctx.app.fetch,
      port: 0,
      hostname: '127.0.0.1',
      serverOptions: options(ctx.config),
    });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await ctx.close();
  });

  const headline = (title: string) => ({
    headlines: [{ url: 'https://www.digi24.ro/stiri/a-1', title, publishedAt: new Date().toISOString() }],
  });

  /**
   * A POST /v1/headlines with `headers` whose body `write` sends; resolves with the answer's status, or 0 when
   * the client `leaves` (destroys the request) before one.
   */
  const rawPush = (
    headers: OutgoingHttpHeaders,
    write: (req: ClientRequest) => Promise<void> | void,
    leaves = false,
  ) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/v1/headlines`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err) => (leaves ? resolve(0) : reject(err)));
      Promise.resolve(write(req)).catch(reject);
    });

  it('reads a body with a Content-Length straight from the socket', async () => {
    const res = await fetch(`${base}/v1/headlines`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(headline('Șoferii români, „în vizor” – bugetul pe 2027')),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
  });

  /** A POST /v1/headlines of `body` as written on the wire; `close` asks the server to close after it. */
  const pushText = (body: string, close = true) =>
    `POST /v1/headlines HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `${close ? 'Connection: close\r\n' : ''}\r\n${body}`;

  /** The statuses of requests written in one piece, headers and bodies together (Node parses all of it at once). */
  const onePacket = (requests: string) =>
    new Promise<number[]>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1', () => socket.write(requests));
      let answer = '';
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString();
      });
      socket.on('end', () => resolve([...answer.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))));
      socket.on('error', reject);
    });

  it('reads a body that came in the packet of its headers, and an empty one', async () => {
    expect(await onePacket(pushText(JSON.stringify(headline('Un pachet: antet și corp împreună'))))).toEqual([
      200,
    ]);
    expect(await onePacket(pushText(''))).toEqual([400]);
  });

  // Each body read from the stream's buffer is this request's: the next one's bytes are the next request's.
  it('reads each pipelined request’s own body on one connection, and skips a GET’s', async () => {
    const first = JSON.stringify(headline('Primul din trei, pe aceeași conexiune'));
    const last = JSON.stringify({
      headlines: [{ ...headline('Al treilea').headlines[0], url: 'https://www.digi24.ro/stiri/a-3' }],
    });
    const get = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n{"a":';
    expect(await onePacket(pushText(first, false) + get + pushText(last))).toEqual([200, 200, 200]);
  });

  it('reads a Content-Length body that arrives in pieces, and outlives a client that leaves mid-body', async () => {
    const body = JSON.stringify(headline('Bucăți: un titlu trimis în trei părți'));
    const send = (parts: string[], leave: boolean) =>
      rawPush(
        { 'Content-Length': Buffer.byteLength(body) },
        async (req) => {
          for (const part of parts) {
            req.write(part);
            await new Promise((r) => setTimeout(r, 20));
          }
          if (leave) req.destroy();
          else req.end();
        },
        leave,
      );
    const third = Math.ceil(body.length / 3);
    const parts = [body.slice(0, third), body.slice(third, 2 * third), body.slice(2 * third)];
    expect(await send(parts.slice(0, 2), true)).toBe(0);
    expect(await send(parts, false)).toBe(200);
  });

  /** The count of POST /v1/headlines answers with `status` in the service's metrics. */
  const pushesAnswered = async (status: number) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const line = new RegExp(
      `^citeste_si_http_requests_total\\{method="POST",route="/v1/headlines",status="${status}"\\} (\\d+)$`,
      'm',
    );
    return Number(line.exec(text)?.[1] ?? 0);
  };

  // A stranger can cut any body short: that is the client's failure, never a logged 500 (logs, alerts).
  it('counts a body cut short, with a Content-Length or chunked, as a 400', async () => {
    const body = JSON.stringify(headline('Un corp întrerupt'));
    const before = await pushesAnswered(400);
    const cut = (headers: OutgoingHttpHeaders, part: string) =>
      rawPush(
        headers,
        (req) => {
          req.write(part);
          req.flushHeaders();
          setTimeout(() => req.destroy(), 20);
        },
        true,
      );
    expect(await cut({ 'Content-Length': Buffer.byteLength(body) }, body.slice(0, 10))).toBe(0);
    expect(await cut({ 'Transfer-Encoding': 'chunked' }, body.slice(0, 10))).toBe(0);
    await vi.waitFor(async () => expect(await pushesAnswered(400)).toBe(before + 2));
    expect(await pushesAnswered(500)).toBe(0);
  });

  it('answers 413 for a declared length over the limit, and for a chunked body that grows past it', async () => {
    const big = JSON.stringify(headline('x'.repeat(6000)));
    const declared = await fetch(`${base}/v1/headlines`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toContain('application/problem+json');

    const chunked = await rawPush({ 'Transfer-Encoding': 'chunked' }, (req) => {
      for (let i = 0; i < big.length; i += 1000) req.write(big.slice(i, i + 1000));
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it('sends the security headers, request id and CORS of every answer', async () => {
    const shared = (res: Response) => {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
    };
    const health = await fetch(`${base}/health`, { headers: { 'X-Request-Id': 'probe-1' } });
    expect(await health.json()).toEqual({ status: 'ok' });
    shared(health);
    expect(health.headers.get('x-request-id')).toBe('probe-1');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('content-type')).toMatch(/^application\/json/);

    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    shared(missing);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');

    const widget = await fetch(`${base}/v1/widget?publisher=nobody`);
    expect(widget.status).toBe(404);
    shared(widget);
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');

    const preflight = await fetch(`${base}/v1/events`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://www.evz.ro', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type');

    const docs = await fetch(`${base}/docs`);
    shared(docs);
    expect(docs.headers.get('content-security-policy')).toBeTruthy();
    expect(docs.headers.get('x-frame-options')).toBeNull();

    // A page with its own CSP that also denies framing itself: its header, sent once.
    const dashboard = await fetch(`${base}/dashboard`);
    shared(dashboard);
    expect(dashboard.headers.get('content-security-policy')).toBeTruthy();
    expect(dashboard.headers.get('x-frame-options')).toBe('DENY');

    const admin = await fetch(`${base}/v1/admin/partners`, { headers: { Origin: 'https://evil.example' } });
    expect(admin.status).toBe(401);
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });
});
