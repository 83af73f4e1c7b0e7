// Fetching URLs that outsiders chose (feeds, images) without server-side request forgery: every hop's host is
// resolved, every address checked, the connection pinned to a checked address, and size and time capped.

import { lookup as dnsLookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export type SafeFetchErrorCode =
  | 'invalid_url'
  | 'blocked'
  | 'dns'
  | 'timeout'
  | 'too_large'
  | 'redirects'
  | 'network'
  | 'aborted';

/** Why a fetch did not produce a response; `message` is safe to show to an operator. */
export class SafeFetchError extends Error {
  override readonly name = 'SafeFetchError';
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (node:dns lookup by default). */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface AddressPolicy {
  /** Skip the address check (tests serving fixtures from 127.0.0.1). */
  allowPrivate?: boolean | undefined;
  lookup?: HostLookup | undefined;
  /** Which addresses may be contacted; default isPublicAddress. A test seam, not a configuration knob. */
  addressAllowed?: ((address: string) => boolean) | undefined;
}

export interface SafeFetchOptions extends AddressPolicy {
  /** Deadline of the whole exchange: DNS, connect, every redirect and the body. */
  timeoutMs: number;
  /** Largest body accepted, after decompression; beyond it the transfer is aborted. */
  maxBytes: number;
  maxRedirects?: number | undefined;
  headers?: Record<string, string> | undefined;
  accept?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Each redirect target must pass this (e.g. stay on the same hosts); refused with 'blocked' otherwise. */
  redirectAllowed?: ((url: URL) => boolean) | undefined;
  /** Extra trusted TLS roots (tests' self-signed fixture servers); the system roots otherwise. */
  ca?: string | Buffer | undefined;
}

export interface SafeFetchResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const USER_AGENT = `citeste-si/${packageVersion()} (+feed fetcher)`;

/** GETs an http(s) URL under the rules above; throws SafeFetchError for every refusal or failure. */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions): Promise<SafeFetchResponse> {
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(new SafeFetchError('timeout', `no complete answer within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const onAbort = () => controller.abort(new SafeFetchError('aborted', 'the fetch was cancelled'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: options.accept ?? '*/*',
    'accept-encoding': 'gzip, deflate, br',
    ...lowerCaseKeys(options.headers ?? {}),
  };
  const maxRedirects = options.maxRedirects ?? 5;
  try {
    let url = parseTarget(rawUrl);
    for (let hop = 0; ; hop++) {
      const [address] = await abortable(resolveAllowed(url.hostname, options), signal);
      if (!address) throw new SafeFetchError('dns', `${url.hostname} has no address`);
      const res = await abortable(get(url, address, headers, signal, options.ca), signal);
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.destroy();
        if (hop >= maxRedirects) throw new SafeFetchError('redirects', `more than ${maxRedirects} redirects`);
        url = parseTarget(location, url);
        if (options.redirectAllowed && !options.redirectAllowed(url))
          throw new SafeFetchError('blocked', `a redirect to ${url.host} is not allowed`);
        continue;
      }
      const body = await abortable(readBody(res, options.maxBytes), signal);
      return { status: res.statusCode ?? 0, headers: flatHeaders(res), body, url: url.toString() };
    }
  } catch (err) {
    if (signal.aborted && signal.reason instanceof SafeFetchError) throw signal.reason;
    if (err instanceof SafeFetchError) throw err;
    throw new SafeFetchError('network', `network error: ${errorText(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (!signal.aborted) controller.abort(new SafeFetchError('aborted', 'done'));
  }
}

/** Checks a URL the way safeFetch will before its first hop: http(s), and a host with only allowed addresses. */
export async function assertFetchable(rawUrl: string, policy: AddressPolicy = {}): Promise<URL> {
  const url = parseTarget(rawUrl);
  await resolveAllowed(url.hostname, policy);
  return url;
}

/** Every address of the host, when all are allowed; else a SafeFetchError naming the first refused one. */
export async function resolveAllowed(hostname: string, policy: AddressPolicy): Promise<ResolvedAddress[]> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: ResolvedAddress[];
  const family = isIP(host);
  if (family === 4 || family === 6) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch (err) {
      throw new SafeFetchError('dns', `${host} does not resolve (${errorText(err)})`, { cause: err });
    }
  }
  if (addresses.length === 0) throw new SafeFetchError('dns', `${host} has no address`);
  if (!policy.allowPrivate) {
    const allowed = policy.addressAllowed ?? isPublicAddress;
    const refused = addresses.find((a) => !allowed(a.address));
    if (refused) {
      throw new SafeFetchError(
        'blocked',
        `${host} resolves to ${refused.address}, a loopback, private, link-local or otherwise non-public address`,
      );
    }
  }
  return addresses;
}

const systemLookup: HostLookup = async (hostname) => {
  const all = await dnsLookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function parseTarget(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new SafeFetchError('invalid_url', base ? 'a redirect named an invalid URL' : 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SafeFetchError('invalid_url', `only http and https URLs are fetched, not ${url.protocol}`);
  }
  if (url.username || url.password)
    throw new SafeFetchError('invalid_url', 'URLs with credentials are refused');
  url.hash = '';
  return url;
}

/** One GET whose socket connects to `address`, whatever DNS says by now (no rebinding between check and use). */
function get(
  url: URL,
  address: ResolvedAddress,
  headers: Record<string, string>,
  signal: AbortSignal,
  ca?: string | Buffer,
): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const tls = ca === undefined ? {} : { ca };
    const req = request(
      url,
      { method: 'GET', headers, lookup: pinned, agent: false, signal, ...tls },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new SafeFetchError('too_large', `the body is larger than ${maxBytes} bytes`);
  }
  const stream = decoded(res);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      total += buf.length;
      if (total > maxBytes)
        throw new SafeFetchError('too_large', `the body is larger than ${maxBytes} bytes`);
      chunks.push(buf);
    }
  } finally {
    if (!res.complete || total > maxBytes) res.destroy();
  }
  return Buffer.concat(chunks);
}

/** The body as sent, decompressed when the server compressed it (the byte cap counts decompressed bytes). */
function decoded(res: IncomingMessage): Readable {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) {
    if (encoding && encoding !== 'identity') {
      res.destroy();
      throw new SafeFetchError('network', `unsupported content encoding "${encoding.slice(0, 20)}"`);
    }
    return res;
  }
  return pipeline(res, decoder, () => {});
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Settles with the promise, or rejects as soon as the signal aborts (DNS lookups cannot be cancelled). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function errorText(err: unknown): string {
  if (err instanceof Error)
    return ('code' in err && typeof err.code === 'string' ? err.code : err.message).slice(0, 200);
  return 'unknown';
}

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    if (pkg && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string')
      return pkg.version;
  } catch {
    // fall through: a bundled build without package.json
  }
  return '0.0.0';
}

// Address classification: what a fetch of an outsider's URL may reach.

const V4_BLOCKED: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const V4_RANGES = V4_BLOCKED.map(([base, bits]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { net: ((ipv4ToInt(base) ?? 0) & mask) >>> 0, mask };
});

/** False for loopback, private, CGNAT, link-local, unique-local, unspecified, multicast and reserved addresses,
 * IPv4-mapped / NAT64 / 6to4 forms of those, and anything that is not an IP address. */
export function isPublicAddress(address: string): boolean {
  const v4 = ipv4ToInt(address);
  if (v4 !== undefined) return isPublicV4(v4);
  const g = parseIpv6(address);
  if (!g) return false;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = ((g6 << 16) | g7) >>> 0;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return isPublicV4(embedded); // IPv4-mapped, ::ffff:0:0/96
    return false; // unspecified, loopback, deprecated IPv4-compatible ::/96
  }
  // IPv4-translated ::ffff:0:0:0/96 (SIIT): never a public destination of its own.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return false;
  if (g0 === 0x64 && g1 === 0xff9b)
    return g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && isPublicV4(embedded); // NAT64
  if (g0 === 0x2002) return isPublicV4(((g1 << 16) | g2) >>> 0); // 6to4
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return false; // discard-only 100::/64
  // Teredo 2001::/32 tunnels to an (obfuscated) IPv4 address; ORCHID 2001:10::/28 and 2001:20::/28 are not routed.
  if (g0 === 0x2001 && (g1 === 0 || (g1 & 0xfff0) === 0x10 || (g1 & 0xfff0) === 0x20)) return false;
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return false; // link-local, old site-local
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (g0 === 0x2001 && g1 === 0xdb8) return false; // documentation
  return true;
}

function isPublicV4(ip: number): boolean {
  return !V4_RANGES.some((r) => (ip & r.mask) >>> 0 === r.net);
}

function ipv4ToInt(address: string): number | undefined {
  if (isIP(address) !== 4) return undefined;
  return address.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

/** Eight 16-bit groups, or undefined when not an IPv6 address. */
function parseIpv6(address: string): number[] | undefined {
  let text = address.split('%')[0] ?? '';
  if (isIP(text) !== 6) return undefined;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4ToInt(tail);
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves[1] ? halves[1].split(':') : [];
  const zeros = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array.from({ length: zeros }, () => '0'), ...rest].map((h) =>
    Number.parseInt(h, 16),
  );
  return groups.length === 8 && groups.every((n) => n >= 0 && n <= 0xffff) ? groups : undefined;
}
