// Ingestion of partner headlines: per-item validation, canonical URLs, domain ownership, expiry, storage.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Headline, Partner, PushResult } from '../domain.js';
import { type FieldError, fieldErrors, InvalidInputError } from '../errors.js';
import { LIMITS } from '../shared/limits.js';
import { cleanText, textProblem } from '../shared/text.js';
import { canonicalUrl, hostOwnedBy, parseHttpUrl } from '../shared/urls.js';
import { decodeCursor, type HeadlinePage, type Store } from '../store/types.js';

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone' });

const singleLine = (max: number) =>
  z
    .string()
    .max(max * 4)
    .superRefine((v, ctx) => {
      const problem = textProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => cleanText(v))
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** One pushed headline, as the partner API and the feed poller receive it. */
export const HeadlineInputSchema = z.strictObject({
  url: z.string().max(LIMITS.url),
  title: singleLine(LIMITS.title),
  publishedAt: isoDateTime,
  imageUrl: z.string().max(LIMITS.url).optional(),
  summary: z
    .string()
    .max(LIMITS.summary * 4)
    .superRefine((v, ctx) => {
      const problem = textProblem(v, { multiline: true });
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => cleanText(v, { multiline: true }))
    .pipe(z.string().max(LIMITS.summary, `must be at most ${LIMITS.summary} characters`))
    .optional(),
  category: singleLine(LIMITS.category).optional(),
  tags: z.array(singleLine(LIMITS.tag)).max(LIMITS.tags).optional(),
  expiresAt: isoDateTime.optional(),
});

export type HeadlineInput = z.infer<typeof HeadlineInputSchema>;

export function headlineId(partnerId: string, url: string): string {
  // The first 10 bytes in hex: a string of its own, not a slice holding on to the whole 64-character digest
  // (every live headline's id is kept by the index).
  return createHash('sha256').update(`${partnerId}\n${url}`).digest().toString('hex', 0, 10);
}

export interface HeadlineServiceOptions {
  ttlHours: number;
  /** Live headlines one partner may keep: past that its new URLs are refused, its updates still go in. */
  maxLivePerPartner: number;
  now: () => number;
  /** Called with what was stored, so this instance's index and the other instances learn of it. */
  onUpsert: (headlines: Headline[]) => Promise<void>;
  onDelete: (partnerId: string, ids: string[]) => Promise<void>;
}

export class HeadlineService {
  constructor(
    private readonly store: Store,
    private readonly options: HeadlineServiceOptions,
  ) {}

  /** Validates each item on its own; stores every valid one (last one wins for a repeated URL). */
  async push(partner: Partner, items: readonly unknown[]): Promise<PushResult> {
    const now = this.options.now();
    const byId = new Map<string, Headline>();
    const indexOf = new Map<string, number[]>();
    const rejected: PushResult['rejected'] = [];
    items.forEach((item, index) => {
      const result = this.toHeadline(partner, item, now);
      if ('errors' in result) rejected.push({ index, errors: result.errors });
      else {
        byId.set(result.headline.id, result.headline);
        const same = indexOf.get(result.headline.id);
        if (same === undefined) indexOf.set(result.headline.id, [index]);
        else same.push(index);
      }
    });
    let headlines = [...byId.values()];
    if (headlines.length) {
      const max = this.options.maxLivePerPartner;
      const refused = new Set(
        await this.store.upsertHeadlines(partner.id, headlines, { nowMs: now, maxLive: max }),
      );
      if (refused.size > 0) {
        headlines = headlines.filter((h) => !refused.has(h.id));
        const errors = [
          {
            path: 'url',
            message: `the partner already has ${max} live headlines, the most it may keep: delete some or wait for them to expire`,
          },
        ];
        for (const id of refused) for (const index of indexOf.get(id) ?? []) rejected.push({ index, errors });
        rejected.sort((a, b) => a.index - b.index);
      }
      if (headlines.length) await this.options.onUpsert(headlines);
    }
    return { accepted: items.length - rejected.length, rejected, headlines };
  }

  /** Deletes by URL (any form of it: it is canonicalised first). */
  async delete(partner: Partner, url: string): Promise<boolean> {
    const canonical = canonicalUrl(url);
    if (!canonical) return false;
    const id = headlineId(partner.id, canonical);
    const deleted = await this.store.deleteHeadline(partner.id, id, this.options.now());
    if (deleted) await this.options.onDelete(partner.id, [id]);
    return deleted;
  }

  /** Newest first; throws InvalidInputError for a cursor this service did not hand out. */
  list(partner: Partner, limit: number, cursor: string | undefined): Promise<HeadlinePage> {
    if (cursor !== undefined && !decodeCursor(cursor)) throw new InvalidInputError('cursor is not valid');
    return this.store.listHeadlines(partner.id, limit, cursor, this.options.now());
  }

  /** Turns one raw item into a stored headline, or says every way it is wrong. */
  toHeadline(
    partner: Partner,
    item: unknown,
    now: number,
  ): { headline: Headline } | { errors: FieldError[] } {
    const parsed = HeadlineInputSchema.safeParse(item);
    if (!parsed.success) return { errors: fieldErrors(parsed.error.issues) };
    const input = parsed.data;
    const errors: FieldError[] = [];

    const url = canonicalUrl(input.url);
    if (!url) errors.push({ path: 'url', message: 'must be an absolute http(s) URL' });
    else if (!hostOwnedBy(new URL(url).hostname, partner.domains)) {
      errors.push({
        path: 'url',
        message: `host must be one of the partner's domains (${partner.domains.join(', ')})`,
      });
    }

    let imageUrl: string | undefined;
    if (input.imageUrl !== undefined) {
      const image = parseHttpUrl(input.imageUrl.trim());
      if (image?.protocol !== 'https:') errors.push({ path: 'imageUrl', message: 'must be an https URL' });
      else imageUrl = image.toString();
    }

    const publishedAt = Date.parse(input.publishedAt);
    if (publishedAt > now + LIMITS.futureSkewMs) {
      errors.push({ path: 'publishedAt', message: 'must not be more than an hour in the future' });
    }
    const expiresAt =
      input.expiresAt !== undefined
        ? Date.parse(input.expiresAt)
        : publishedAt + this.options.ttlHours * 3600 * 1000;
    if (expiresAt <= now) {
      errors.push({
        path: input.expiresAt !== undefined ? 'expiresAt' : 'publishedAt',
        message:
          input.expiresAt !== undefined
            ? 'must be in the future'
            : `is older than the headline lifetime (${this.options.ttlHours} h)`,
      });
    } else if (expiresAt <= publishedAt) {
      errors.push({ path: 'expiresAt', message: 'must be after publishedAt' });
    }

    if (errors.length || !url) return { errors };
    const headline: Headline = {
      id: headlineId(partner.id, url),
      partnerId: partner.id,
      url,
      title: input.title,
      tags: [...new Set(input.tags ?? [])],
      publishedAt: new Date(publishedAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
      updatedAt: new Date(now).toISOString(),
    };
    if (input.summary) headline.summary = input.summary;
    if (imageUrl) headline.imageUrl = imageUrl;
    if (input.category) headline.category = input.category;
    return { headline };
  }
}
