// The real process under a flood from one anonymous client: it answers 429s where limits apply and never exits.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, dropPrefix, redisUrl, testPrefix } from './support/harness.js';
import { type ServiceProcess, startService } from './support/process.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** Sends `total` requests, `parallel` at a time; the statuses seen (0 = the connection failed). */
async function flood(total: number, parallel: number, send: () => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  for (let sent = 0; sent < total; sent += parallel) {
    const batch = Array.from({ length: Math.min(parallel, total - sent) }, () =>
      send()
        .then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        })
        .catch(() => 0),
    );
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

describe.each(['memory', 'redis'] as const)(
  'the service process on the %s store, flooded by one client',
  (kind) => {
    let service: ServiceProcess | undefined;
    const prefix = testPrefix();
    afterEach(async () => {
      await service?.stop();
      await dropPrefix(prefix);
    });

    it('answers widget.html, events, redirects and every public endpoint with 429s and never exits', async () => {
      service = await startService({
        ...(kind === 'redis' ? { REDIS_URL: redisUrl(), REDIS_PREFIX: prefix } : {}),
        DEMO_DATA: 'true',
        FEEDS_ENABLED: 'false',
        ADMIN_TOKEN,
        SIGNING_SECRET: 'flood-test-signing-secret',
        RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: '5',
        RATE_LIMIT_WIDGET_HTML_PER_MINUTE: '40',
        RATE_LIMIT_EVENTS_PER_MINUTE: '40',
        RATE_LIMIT_REDIRECTS_PER_MINUTE: '40',
      });
      const { url } = service;
      const headers = { 'User-Agent': BROWSER };
      const get = (path: string) => () => fetch(`${url}${path}`, { headers, redirect: 'manual' });

      // One cached answer, one token: its event budget (5) is spent after a handful of page loads.
      const pages = await flood(120, 20, get('/v1/widget.html?publisher=demo&title=Alegeri'));
      expect(pages.filter((s) => s === 200).length).toBeGreaterThanOrEqual(8);
      expect(pages.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(pages.every((s) => s === 200 || s === 429)).toBe(true);

      const answer = (await (await fetch(`${url}/v1/widget?publisher=demo&title=Alegeri`)).json()) as {
        token: string;
        items: { id: string }[];
      };
      const item = answer.items[0]?.id ?? '';
      expect(item).not.toBe('');
      const event = () =>
        fetch(`${url}/v1/events`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'text/plain' },
          body: JSON.stringify({ token: answer.token, type: 'impression', items: [item] }),
        });
      const events = await flood(80, 20, event);
      expect(events.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(events.every((s) => s === 204 || s === 429)).toBe(true);
      const clicks = await flood(80, 20, get(`/r/${answer.token}/${item}`));
      expect(clicks.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(clicks.every((s) => s === 302 || s === 429)).toBe(true);

      for (const path of [
        '/v1/widget?publisher=demo&title=Alegeri',
        '/v1/widget?publisher=nobody',
        '/v1/widget.html?publisher=nobody',
        `/r/${answer.token}x/${item}`,
        `/v1/thumbnails/${item}/1/320`,
        '/embed.js',
        '/openapi.json',
        '/health',
        '/ready',
        '/metrics',
        '/no/such/path',
      ]) {
        const statuses = await flood(60, 20, get(path));
        expect(
          statuses.filter((s) => s === 0 || s >= 500),
          path,
        ).toEqual([]);
      }

      expect(service.child.exitCode).toBeNull();
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^citeste_si_unhandled_rejections_total 0$/m);
      expect(metrics).toMatch(/^citeste_si_events_ignored_total\{reason="rate_limited"\} [1-9]/m);
      expect(service.output()).not.toMatch(/unhandled|uncaught/i);
    }, 120_000);
  },
);
