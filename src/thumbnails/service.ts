// Card thumbnails of live headlines: which images qualify, their URLs in widget answers, and serving them from
// the shared cache, fetching and resizing a source image at most once per instance at a time.
import { createHash } from 'node:crypto';
import type { Headline, Partner } from '../domain.js';
import { NotFoundError } from '../errors.js';
import type { Logger } from '../log.js';
import { type AddressPolicy, SafeFetchError, safeFetch } from '../net/safe-fetch.js';
import { THUMBNAIL_WIDTHS, type ThumbnailFormat, type ThumbnailWidth } from '../shared/limits.js';
import { hostOwnedBy } from '../shared/urls.js';
import type { ThumbnailCache } from '../store/thumbnails.js';
import { IMAGE_CONTENT_TYPES, ImageRejectedError, makeThumbnails, variantName } from './images.js';

/** The optional `thumbnail` of a widget item: absolute URLs, `src` at 320 px. */
export interface ThumbnailRef {
  src: string;
  srcset: string;
}

/** Test seam: how image hosts resolve, which addresses count as public, extra TLS roots. */
export type ImageNetwork = Pick<AddressPolicy, 'lookup' | 'addressAllowed'> & { ca?: string | Buffer };

export interface ThumbnailServiceOptions {
  cache: ThumbnailCache;
  /** The live headline with this id, if any. */
  headline: (id: string) => Headline | undefined;
  /** A partner as stored (domains, imageHosts, logoUrl). */
  partner: (id: string) => Promise<Partner | undefined>;
  /** PUBLIC_URL: the origin of thumbnail URLs; unset = paths relative to the service (never the Host header). */
  publicUrl: string | undefined;
  fetch: { allowPrivate: boolean; maxBytes: number; timeoutMs: number; network?: ImageNetwork | undefined };
  logger: Logger;
  now: () => number;
  /** How long a failed image is not fetched again (s): refusals and broken files, then network trouble. */
  failureTtlSeconds?: number;
  transientFailureTtlSeconds?: number;
  /** Source images fetched and resized at the same time on this instance. */
  maxConcurrentRenders?: number;
}

export interface Thumbnail {
  body: Buffer;
  format: ThumbnailFormat;
  /** Strong: a hash of the bytes. */
  etag: string;
}

/** No thumbnail for this request (unknown, superseded, refused or failed image): a 404 for clients. */
export class ThumbnailUnavailableError extends NotFoundError {}

const PARTNER_TTL_MS = 60_000;
/** The public answer for any fetch failure: the reason (addresses, status codes, hosts) goes to the log only. */
const UNAVAILABLE = 'The image is not available';
const USER_AGENT = 'citeste-si thumbnails (+https://citeste-si.ro)';

/** A short hash of the image URL: part of the thumbnail URL, so a changed image gets a new URL. */
export const sourceHash = (imageUrl: string): string =>
  createHash('sha256').update(imageUrl).digest('base64url').slice(0, 16);

export class ThumbnailService {
  private readonly partners = new Map<string, { partner: Partner | undefined; at: number }>();
  /** Renders in progress by source hash: concurrent misses share one fetch and resize. */
  private readonly inflight = new Map<string, Promise<Map<string, Buffer>>>();
  private readonly waiting: (() => void)[] = [];
  private rendering = 0;

  constructor(private readonly options: ThumbnailServiceOptions) {}

  /** Loads the partners of these headlines' outlets, so thumbnailFor() can answer synchronously. */
  async prepare(partnerIds: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(partnerIds)].map((id) => this.partnerOf(id).catch(() => undefined)));
  }

  /** The card's thumbnail and the outlet's logo, for a headline whose partner was prepared. */
  forCard(h: Headline): { thumbnail?: ThumbnailRef; logoUrl?: string } {
    const partner = this.partners.get(h.partnerId)?.partner;
    const out: { thumbnail?: ThumbnailRef; logoUrl?: string } = {};
    if (partner?.logoUrl) out.logoUrl = partner.logoUrl;
    if (!h.imageUrl || !partner || !imageAllowed(h.imageUrl, partner)) return out;
    // Answers are cached and shared: nothing in them may come from the request (a Host header is the client's).
    const base = `${this.options.publicUrl ?? ''}/v1/thumbnails/${h.id}/${sourceHash(h.imageUrl)}`;
    out.thumbnail = {
      src: `${base}/320`,
      srcset: THUMBNAIL_WIDTHS.map((w) => `${base}/${w} ${w}w`).join(', '),
    };
    return out;
  }

  /** One thumbnail; ThumbnailUnavailableError when there is none to serve. */
  async get(id: string, version: string, width: ThumbnailWidth, format: ThumbnailFormat): Promise<Thumbnail> {
    const h = this.options.headline(id);
    if (!h || Date.parse(h.expiresAt) <= this.options.now() || !h.imageUrl) {
      throw new ThumbnailUnavailableError(`No live headline ${id} with an image`);
    }
    const hash = sourceHash(h.imageUrl);
    if (hash !== version) throw new ThumbnailUnavailableError('This image was replaced');
    const partner = await this.partnerOf(h.partnerId);
    if (!partner || !imageAllowed(h.imageUrl, partner)) {
      throw new ThumbnailUnavailableError("The image is not on the partner's domains or image hosts");
    }
    const name = variantName(hash, width, format);
    const cached = await this.options.cache.get(name).catch(() => undefined);
    if (cached) return thumbnail(cached, format);
    const failed = await this.options.cache.failure(hash).catch(() => undefined);
    if (failed) throw new ThumbnailUnavailableError(UNAVAILABLE);

    let job = this.inflight.get(hash);
    if (!job) {
      job = this.render(h.imageUrl, partner, hash).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, job);
    }
    const body = (await job).get(name);
    if (!body) throw new ThumbnailUnavailableError(UNAVAILABLE);
    return thumbnail(body, format);
  }

  /** Fetches and resizes the source, stores every variant; remembers a failure for a while and rethrows it. */
  private async render(imageUrl: string, partner: Partner, hash: string): Promise<Map<string, Buffer>> {
    await this.slot();
    try {
      const variants = await this.fetchAndResize(imageUrl, partner);
      const named = new Map([...variants].map(([v, b]) => [`${hash}:${v}`, b] as const));
      await this.options.cache.put(named).catch((err: unknown) => {
        this.options.logger.warn({ err: String(err) }, 'thumbnails not cached');
      });
      return named;
    } catch (err) {
      const { reason, transient } = describe(err);
      this.options.logger.info({ imageUrl, reason }, 'image refused for thumbnails');
      const ttl = transient
        ? (this.options.transientFailureTtlSeconds ?? 60)
        : (this.options.failureTtlSeconds ?? 600);
      await this.options.cache.fail(hash, reason, ttl).catch(() => {});
      throw new ThumbnailUnavailableError(UNAVAILABLE);
    } finally {
      this.release();
    }
  }

  private async fetchAndResize(imageUrl: string, partner: Partner) {
    const { fetch } = this.options;
    const res = await safeFetch(imageUrl, {
      timeoutMs: fetch.timeoutMs,
      maxBytes: fetch.maxBytes,
      maxRedirects: 3,
      allowPrivate: fetch.allowPrivate,
      lookup: fetch.network?.lookup,
      addressAllowed: fetch.network?.addressAllowed,
      ca: fetch.network?.ca,
      accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.8',
      headers: { 'user-agent': USER_AGENT },
      // A redirect is followed only to the same partner's https hosts.
      redirectAllowed: (url) => imageAllowed(url.toString(), partner),
    });
    if (res.status !== 200) throw new ImageRejectedError(`the image server answered ${res.status}`);
    const type = (res.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!IMAGE_CONTENT_TYPES.has(type)) {
      throw new ImageRejectedError(`content type "${type.slice(0, 40)}" is not an accepted image type`);
    }
    return makeThumbnails(res.body);
  }

  private async partnerOf(id: string): Promise<Partner | undefined> {
    const known = this.partners.get(id);
    if (known && this.options.now() - known.at < PARTNER_TTL_MS) return known.partner;
    const partner = await this.options.partner(id);
    this.partners.set(id, { partner, at: this.options.now() });
    return partner;
  }

  private async slot(): Promise<void> {
    if (this.rendering < (this.options.maxConcurrentRenders ?? 2)) {
      this.rendering++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.rendering--;
  }
}

/** https, no credentials, on one of the partner's domains or declared image hosts (or a subdomain). */
export function imageAllowed(imageUrl: string, partner: Partner): boolean {
  let url: URL;
  try {
    url = new URL(imageUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  return hostOwnedBy(url.hostname, [...partner.domains, ...(partner.imageHosts ?? [])]);
}

function thumbnail(body: Buffer, format: ThumbnailFormat): Thumbnail {
  return { body, format, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

function describe(err: unknown): { reason: string; transient: boolean } {
  if (err instanceof ImageRejectedError) return { reason: err.message, transient: false };
  if (err instanceof SafeFetchError) {
    const transient = err.code === 'timeout' || err.code === 'network' || err.code === 'dns';
    return { reason: err.message, transient };
  }
  return { reason: 'the image could not be processed', transient: false };
}
