// A partner's web server for feed tests: serves fixture files from tests/fixtures/feeds on 127.0.0.1, with
// dates rendered relative to now ({{date FORMAT MINUTES}}), ETags, redirects, hangs, and per-path request logs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface Route {
  /** A fixture file name, rendered; or a literal body. */
  file?: string;
  body?: string | Buffer;
  status?: number;
  type?: string;
  headers?: Record<string, string>;
  /** Answer with an ETag and honour If-None-Match with 304. */
  etag?: boolean;
  gzip?: boolean;
  /** Send nothing until the client gives up (the slow feed). */
  hang?: boolean;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  redirect?: string;
}

export interface FeedServer {
  /** http://127.0.0.1:port */
  origin: string;
  port: number;
  route(path: string, route: Route): void;
  /** Requests seen per path, with their headers. */
  requests(path: string): IncomingHttpHeaders[];
  /** Most requests to one path in flight at the same time. */
  maxConcurrent(path: string): number;
  close(): Promise<void>;
}

const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);

/** The fixture's text with {{date FORMAT MINUTES}} rendered against `base`. */
export function renderFixture(name: string, base = Date.now()): string {
  const template = readFileSync(new URL(name, FIXTURES), 'utf8');
  return template.replace(/\{\{date ([\w-]+) (-?\d+)\}\}/g, (_all, format: string, minutes: string) =>
    formatDate(base + Number(minutes) * 60_000, format),
  );
}

const RO_DAYS = ['Dum', 'Lun', 'Mar', 'Mie', 'Joi', 'Vin', 'Sâm'];
const RO_MONTHS = ['Ian', 'Feb', 'Mar', 'Apr', 'Mai', 'Iun', 'Iul', 'Aug', 'Sep', 'Oct', 'Noi', 'Dec'];

/** How Romanian CMSs write dates: Bucharest wall time, Romanian names, numeric offset or EET/EEST. */
export function formatDate(ms: number, format: string): string {
  const offset = bucharestOffsetMinutes(ms);
  const wall = new Date(ms + offset * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const hm = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
  const hms = `${hm}:${pad(wall.getUTCSeconds())}`;
  const numeric = `+${pad(offset / 60)}${pad(offset % 60)}`;
  const ro = `${RO_DAYS[wall.getUTCDay()]}, ${pad(wall.getUTCDate())} ${RO_MONTHS[wall.getUTCMonth()]} ${wall.getUTCFullYear()}`;
  switch (format) {
    case 'rfc822':
      return new Date(ms).toUTCString().replace('GMT', '+0000');
    case 'ro':
      return `${ro} ${hms} ${numeric}`;
    case 'ro-eet-noseconds':
      return `${ro} ${hm} ${offset === 180 ? 'EEST' : 'EET'}`;
    case 'iso':
      return `${date}T${hms}+${pad(offset / 60)}:00`;
    case 'w3c-minutes':
      return `${date}T${hm}+${pad(offset / 60)}:00`;
    case 'local':
      return `${date} ${hms}`;
    default:
      throw new Error(`unknown date format ${format}`);
  }
}

function bucharestOffsetMinutes(ms: number): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Bucharest', timeZoneName: 'longOffset' })
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  return name.includes('+03') ? 180 : 120;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const seen = new Map<string, IncomingHttpHeaders[]>();
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const base = Date.now();
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    seen.set(path, [...(seen.get(path) ?? []), req.headers]);
    const now = (inFlight.get(path) ?? 0) + 1;
    inFlight.set(path, now);
    peak.set(path, Math.max(peak.get(path) ?? 0, now));
    res.on('close', () => {
      inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
      hanging.delete(res);
    });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.hang) {
      hanging.add(res);
      return;
    }
    const answer = () => {
      if (route.redirect) {
        res.writeHead(route.status ?? 302, { location: route.redirect }).end();
        return;
      }
      let body: Buffer =
        route.body !== undefined
          ? Buffer.from(route.body)
          : Buffer.from(route.file ? renderFixture(route.file, base) : '');
      const headers: Record<string, string> = {
        'content-type': route.type ?? 'application/rss+xml; charset=utf-8',
        ...route.headers,
      };
      if (route.etag) {
        const tag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        headers.etag = tag;
        if (req.headers['if-none-match'] === tag) {
          res.writeHead(304, { etag: tag }).end();
          return;
        }
      }
      if (route.gzip) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(route.status ?? 200, headers).end(body);
    };
    if (route.delayMs) setTimeout(answer, route.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    route: (path, route) => routes.set(path, route),
    requests: (path) => seen.get(path) ?? [],
    maxConcurrent: (path) => peak.get(path) ?? 0,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resolves every *.test host to the fixture server (no real DNS, like a partner's public host). */
export const testLookup = async (hostname: string) => {
  if (hostname.endsWith('.test')) return [{ address: '127.0.0.1', family: 4 as const }];
  if (hostname === 'intranet.digi24.ro') return [{ address: '10.20.30.40', family: 4 as const }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};
