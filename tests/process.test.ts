// The real process: graceful shutdown under load, and slow clients that cannot pin the server.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestRedisStore, dropPrefix, redisUrl, testPrefix } from './support/harness.js';
import { type ServiceProcess, startService } from './support/process.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('the service process', () => {
  let service: ServiceProcess | undefined;
  const prefix = testPrefix();
  afterEach(async () => {
    await service?.stop();
    await dropPrefix(prefix);
  });

  const env = () => ({
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: prefix,
    ADMIN_TOKEN,
    SIGNING_SECRET: 'process-test-signing-secret',
    HEADERS_TIMEOUT_MS: '1000',
    REQUEST_TIMEOUT_MS: '4000',
    SHUTDOWN_TIMEOUT_MS: '8000',
  });

  it('on SIGTERM finishes in-flight requests, refuses new connections, flushes events and exits 0', async () => {
    service = await startService(env());
    const { url, port } = service;
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
    const created = await json<{ apiKey: string }>(
      await fetch(`${url}/v1/admin/partners`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ id: 'digi24', name: 'Digi24', domains: ['digi24.ro'] }),
      }),
    );
    await fetch(`${url}/v1/admin/publishers/evz`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ name: 'EVZ' }),
    });
    const headline = (n: number) => ({
      url: `https://www.digi24.ro/stiri/${n}`,
      title: `Știrea numărul ${n} despre economia României`,
      publishedAt: new Date().toISOString(),
    });
    const partner = { Authorization: `Bearer ${created.apiKey}`, 'Content-Type': 'application/json' };
    await fetch(`${url}/v1/headlines`, {
      method: 'POST',
      headers: partner,
      body: JSON.stringify({ headlines: [headline(1)] }),
    });
    const widget = await json<{ token: string; items: { id: string }[] }>(
      await fetch(`${url}/v1/widget?publisher=evz`),
    );
    const event = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER },
      body: JSON.stringify({
        token: widget.token,
        type: 'click',
        items: [widget.items[0]?.id],
        impressionId: 'shutdown-view-1',
      }),
    });
    expect(event.status).toBe(204);

    // A push whose body is still arriving when SIGTERM comes.
    const body = JSON.stringify({ headlines: [headline(2)] });
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/headlines',
          method: 'POST',
          headers: { ...partner, 'Content-Length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => req.end(body.slice(20)), 700);
    });
    await sleep(200);
    service.child.kill('SIGTERM');
    await sleep(200);
    const refused = await fetch(`${url}/health`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true);
    const finished = await inFlight;
    expect(finished.status).toBe(200);
    expect(JSON.parse(finished.body)).toEqual({ accepted: 1, rejected: [] });
    expect(await service.exited).toBe(0);

    const store = await createTestRedisStore(prefix);
    const stats = await store.readHeadlineStats();
    expect(stats.find((s) => s.id === widget.items[0]?.id)?.clicks).toBe(1);
    const page = await store.listHeadlines('digi24', 10, undefined, Date.now());
    expect(page.headlines.map((h) => h.url).sort()).toEqual([headline(1).url, headline(2).url]);
    await store.close();
  });

  it('drops a slowloris client that never finishes its headers, while serving others', async () => {
    service = await startService(env());
    const socket = connect(service.port, '127.0.0.1');
    let closedAt = 0;
    const opened = Date.now();
    socket.on('close', () => {
      closedAt = Date.now();
    });
    socket.on('error', () => {});
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(`X-Slow-${Date.now()}: 1\r\n`);
    }, 200);
    const health = await fetch(`${service.url}/health`);
    expect(health.status).toBe(200);
    while (!closedAt && Date.now() - opened < 10_000) await sleep(100);
    clearInterval(drip);
    expect(closedAt).toBeGreaterThan(0);
    expect(closedAt - opened).toBeLessThan(6000);
  });
});
