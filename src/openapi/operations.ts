// The registry of documented operations: one entry per method + path, built from the routes' own zod schemas.
// Adding a route? Add its entry here; tests/openapi.test.ts fails until every route has one.
import { z } from 'zod';
import { PartnerBody, PartnerParams, PublisherBody, RulesBody } from '../routes/admin.js';
import { EventBody, RedirectParams } from '../routes/events.js';
import { FeedBody, FeedParams, PartnerParams as FeedPartnerParams } from '../routes/feeds.js';
import { DeleteQuery, ListQuery, PushBody } from '../routes/headlines.js';
import { DailyQuery, ExperimentQuery, RangeQuery, TopQuery } from '../routes/reports.js';
import { Params as ThumbnailParams } from '../routes/thumbnails.js';
import { WidgetQuery } from '../routes/widget.js';
import { HtmlQuery } from '../routes/widget-html.js';
import {
  AnyObjectSchema,
  ApiKeySchema,
  CreatedPartnerSchema,
  DailyReportSchema,
  ExchangeReportSchema,
  ExperimentReportSchema,
  FeedEnvelopeSchema,
  FeedListSchema,
  HeadlinePageSchema,
  HealthSchema,
  PartnerListSchema,
  PublisherEnvelopeSchema,
  PushBodyDoc,
  PushResultSchema,
  ReadySchema,
  RulesEnvelopeSchema,
  TopReportSchema,
  WidgetAnswerSchema,
} from './schemas.js';

export type Tag = 'admin' | 'partner' | 'widget' | 'ops' | 'docs';
export type Auth = 'admin' | 'partner' | 'none';

export interface ResponseDoc {
  description: string;
  /** JSON body schema (content type application/json unless `contentType` says otherwise). */
  schema?: z.ZodType;
  contentType?: string;
  example?: unknown;
  /** Response header name → description. */
  headers?: Record<string, string>;
  /** The same answer in other media types (e.g. text/csv with ?format=csv): type → example. */
  alternatives?: Record<string, string>;
}

export interface OperationDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `{id}`, not `:id`. */
  path: string;
  tag: Tag;
  summary: string;
  description: string;
  auth: Auth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; example: unknown; contentTypes?: string[] };
  responses: Record<number, ResponseDoc>;
  /** Error statuses beyond those the auth scheme and the request body imply (401, 403, 400, 413, 415). */
  problems?: number[];
}

const NOW = '2026-11-29T09:00:00Z';
const ITEM_ID = '3f9a1c2b7d4e5f60a1b2';
const TOKEN_EXAMPLE = 'eyJwIjoiZXZ6IiwiaSI6WyIzZjlhMWMyYjdkNGU1ZjYwYTFiMiJdLCJlIjoxNzk2NjM0MDAwfQ.kQ2v8c5x';

const partnerExample = {
  id: 'digi24',
  name: 'Digi24',
  domains: ['digi24.ro'],
  homepage: 'https://www.digi24.ro/',
  createdAt: NOW,
};

const headlineExample = {
  url: 'https://www.digi24.ro/stiri/actualitate/guvernul-a-aprobat-bugetul-pentru-2027-3012345',
  title: 'Guvernul a aprobat bugetul pentru 2027: ce se schimbă pentru pensionari și salariați',
  publishedAt: '2026-11-29T09:00:00+02:00',
  imageUrl: 'https://s.digi24.ro/media/buget-2027.jpg',
  summary: 'Executivul a adoptat proiectul legii bugetului de stat; documentul ajunge marți în Parlament.',
  category: 'Actualitate',
  tags: ['buget', 'guvern', 'pensii'],
};

const publisherExample = {
  id: 'evz',
  name: 'Evenimentul Zilei',
  partnerId: 'evz',
  title: 'Citește și',
  limit: 6,
  maxPerOutlet: 2,
  excludePartners: [],
  excludeCategories: ['Horoscop'],
  updatedAt: NOW,
};

const feedExample = {
  id: '9c1e4b7a2d3f5e60',
  partnerId: 'digi24',
  url: 'https://www.digi24.ro/rss',
  kind: 'rss',
  category: 'Actualitate',
  intervalSeconds: 300,
  createdAt: NOW,
  lastPolledAt: '2026-11-29T09:05:00.000Z',
  lastSuccessAt: '2026-11-29T09:05:00.000Z',
  lastError: null,
  accepted: 148,
  rejected: 2,
  nextPollAt: '2026-11-29T09:10:00.000Z',
  lastRejections: [],
};

const RANGE = { from: '2026-11-22', to: '2026-11-28' };

/** The four reports, for the admin (everything) or a partner key (what concerns that partner). */
function reportOperations(scope: 'admin' | 'partner'): OperationDoc[] {
  const base = scope === 'admin' ? '/v1/admin/reports' : '/v1/reports';
  const tag: Tag = scope === 'admin' ? 'admin' : 'partner';
  const who =
    scope === 'admin'
      ? 'Every publisher and partner.'
      : 'Rows where your outlet is the one shown, or the publisher is yours.';
  const common =
    ' Days are Europe/Bucharest days; `from`/`to` are `YYYY-MM-DD` (the server picks a recent range when absent). ' +
    '`format=csv` answers the same rows as CSV.';
  return [
    {
      method: 'get',
      path: `${base}/daily`,
      tag,
      auth: scope,
      summary: `Daily report${scope === 'partner' ? ' (yours)' : ''}`,
      description: `Per day, publisher (the page the box was on) and outlet (the partner shown): box loads, impressions, viewable impressions, clicks, CTR and viewability. ${who}${common}`,
      query: DailyQuery,
      responses: {
        200: {
          description: 'The rows',
          schema: DailyReportSchema,
          example: {
            ...RANGE,
            rows: [
              {
                date: '2026-11-28',
                publisher: 'evz',
                outlet: 'digi24',
                widgetLoads: 5120,
                impressions: 9870,
                viewable: 6420,
                clicks: 212,
                ctr: 0.0215,
                viewabilityRate: 0.6505,
              },
            ],
          },
          alternatives: {
            'text/csv':
              'date,publisher,outlet,widgetLoads,impressions,viewable,clicks,ctr,viewabilityRate\n2026-11-28,evz,digi24,5120,9870,6420,212,0.0215,0.6505\n',
          },
        },
      },
    },
    {
      method: 'get',
      path: `${base}/exchange`,
      tag,
      auth: scope,
      summary: `Exchange balance${scope === 'partner' ? ' (yours)' : ''}`,
      description: `Per partner: clicks its pages sent to others, clicks others' pages sent to it, and the balance. ${who}${common}`,
      query: RangeQuery,
      responses: {
        200: {
          description: 'The balances',
          schema: ExchangeReportSchema,
          example: {
            ...RANGE,
            partners: [
              {
                id: 'digi24',
                name: 'Digi24',
                clicksSent: 1840,
                clicksReceived: 2210,
                balance: 370,
                fairExchange: false,
              },
              {
                id: 'evz',
                name: 'Evenimentul Zilei',
                clicksSent: 2210,
                clicksReceived: 1840,
                balance: -370,
                fairExchange: true,
              },
            ],
          },
          alternatives: {
            'text/csv':
              'id,name,clicksSent,clicksReceived,balance,fairExchange\ndigi24,Digi24,1840,2210,370,false\n',
          },
        },
      },
    },
    {
      method: 'get',
      path: `${base}/top`,
      tag,
      auth: scope,
      summary: `Top headlines of a publisher${scope === 'partner' ? ' (yours)' : ''}`,
      description: `The publisher's most clicked headlines, with the editorial rules that touched them. ${who}${common}`,
      query: TopQuery,
      responses: {
        200: {
          description: 'The headlines',
          schema: TopReportSchema,
          example: {
            publisher: 'evz',
            ...RANGE,
            headlines: [
              {
                id: ITEM_ID,
                title: 'Guvernul a aprobat bugetul pentru 2027',
                url: headlineExample.url,
                outlet: 'digi24',
                impressions: 4210,
                viewable: 2980,
                clicks: 133,
                ctr: 0.0316,
                viewabilityRate: 0.7078,
                pinned: false,
                boosted: true,
                buried: false,
                blocked: false,
              },
            ],
          },
          alternatives: {
            'text/csv':
              'id,title,url,outlet,impressions,viewable,clicks,ctr,viewabilityRate,pinned,boosted,buried,blocked\n',
          },
        },
      },
    },
    {
      method: 'get',
      path: `${base}/experiment`,
      tag,
      auth: scope,
      summary: `Experiment report of a publisher${scope === 'partner' ? ' (yours)' : ''}`,
      description: `CTR and viewability per ranking variant of the publisher's experiment, with 95% confidence intervals and tests against the control. ${who}${common}`,
      query: ExperimentQuery,
      responses: {
        200: {
          description: 'The variants',
          schema: ExperimentReportSchema,
          example: {
            publisher: 'evz',
            experiment: 'schimb-echitabil',
            ...RANGE,
            confidence: 0.95,
            variants: [
              {
                variant: 1,
                name: 'control',
                weight: 1,
                widgetLoads: 2600,
                impressions: 5010,
                viewable: 3240,
                clicks: 101,
                ctr: { value: 0.0202, low: 0.0166, high: 0.0245 },
                viewabilityRate: { value: 0.6467, low: 0.6334, high: 0.6598 },
              },
            ],
          },
          alternatives: {
            'text/csv': 'variant,name,weight,widgetLoads,impressions,viewable,clicks,ctr,ctrLow,ctrHigh\n',
          },
        },
      },
    },
  ];
}

export const OPERATIONS: OperationDoc[] = [
  // ── admin ──────────────────────────────────────────────────────────────────────────────────────────────
  {
    method: 'post',
    path: '/v1/admin/partners',
    tag: 'admin',
    auth: 'admin',
    summary: 'Create a partner (outlet)',
    description:
      'Registers an outlet that may push headlines for its `domains` (and their subdomains). The answer carries ' +
      'the partner API key **once**: only a hash of it is stored. `409` when the id exists.',
    body: {
      schema: PartnerBody,
      example: { id: 'digi24', name: 'Digi24', domains: ['digi24.ro'], homepage: 'https://www.digi24.ro/' },
    },
    responses: {
      201: {
        description: 'Created; keep the key, it is not shown again',
        schema: CreatedPartnerSchema,
        example: { partner: partnerExample, apiKey: 'cs_5Jx0mVZ8c1q3nP7rT2wY4aB6dE9fH0kLmN2pQ4sU6vX' },
      },
    },
    problems: [409],
  },
  {
    method: 'get',
    path: '/v1/admin/partners',
    tag: 'admin',
    auth: 'admin',
    summary: 'List partners',
    description: 'Every partner, never with a key or its hash.',
    responses: {
      200: {
        description: 'The partners',
        schema: PartnerListSchema,
        example: {
          partners: [
            partnerExample,
            { id: 'libertatea', name: 'Libertatea', domains: ['libertatea.ro'], createdAt: NOW },
          ],
        },
      },
    },
  },
  {
    method: 'post',
    path: '/v1/admin/partners/{id}/keys',
    tag: 'admin',
    auth: 'admin',
    summary: 'Rotate a partner key',
    description:
      'Issues a new API key for the partner; every older key of that partner stops working at once.',
    params: PartnerParams,
    responses: {
      201: {
        description: 'The new key (shown once)',
        schema: ApiKeySchema,
        example: { apiKey: 'cs_Q8w2Er4tY6uI8oP0aS2dF4gH6jK8lZ1xC3vB5nM7qW' },
      },
    },
    problems: [400, 404],
  },
  {
    method: 'put',
    path: '/v1/admin/publishers/{id}',
    tag: 'admin',
    auth: 'admin',
    summary: 'Create or replace a publisher',
    description:
      'A publisher is a site that shows the box. `partnerId` is its own outlet (never shown in its own widget); ' +
      '`includePartners` limits the box to those partners; `excludeCategories` are compared case- and ' +
      'diacritics-insensitively. Unset fields take their defaults (title „Citește și”, limit 6, maxPerOutlet 2).',
    params: PartnerParams,
    body: {
      schema: PublisherBody,
      example: {
        name: 'Evenimentul Zilei',
        partnerId: 'evz',
        title: 'Citește și',
        limit: 6,
        maxPerOutlet: 2,
        excludeCategories: ['Horoscop'],
      },
    },
    responses: {
      200: {
        description: 'The stored publisher',
        schema: PublisherEnvelopeSchema,
        example: { publisher: publisherExample },
      },
    },
  },
  {
    method: 'get',
    path: '/v1/admin/publishers/{id}',
    tag: 'admin',
    auth: 'admin',
    summary: 'Read a publisher',
    description: 'The publisher with its rules and defaults filled in.',
    params: PartnerParams,
    responses: {
      200: {
        description: 'The publisher',
        schema: PublisherEnvelopeSchema,
        example: { publisher: publisherExample },
      },
    },
    problems: [400, 404],
  },

  {
    method: 'put',
    path: '/v1/admin/publishers/{id}/rules',
    tag: 'admin',
    auth: 'admin',
    summary: "Set a publisher's editorial rules",
    description:
      'Replaces the pins (a headline at a position), boosts (`factor` > 1 boosts, < 1 buries a partner or a ' +
      'headline) and blocks of one publisher, each optionally within a `[from, until)` window. A headline is named ' +
      'by `id` or `url`; a boost may name a `partnerId` instead.',
    params: PartnerParams,
    body: {
      schema: RulesBody,
      example: {
        pins: [
          {
            url: 'https://www.digi24.ro/stiri/actualitate/alegeri-prezidentiale-rezultate-3012399',
            position: 1,
            until: '2026-11-30T22:00:00Z',
          },
        ],
        boosts: [{ partnerId: 'libertatea', factor: 1.5 }],
        blocks: [{ id: ITEM_ID }],
      },
    },
    responses: {
      200: {
        description: 'The stored rules',
        schema: RulesEnvelopeSchema,
        example: {
          rules: {
            publisherId: 'evz',
            pins: [
              {
                url: 'https://www.digi24.ro/stiri/actualitate/alegeri-prezidentiale-rezultate-3012399',
                position: 1,
                until: '2026-11-30T22:00:00.000Z',
              },
            ],
            boosts: [{ partnerId: 'libertatea', factor: 1.5 }],
            blocks: [{ id: ITEM_ID }],
            updatedAt: NOW,
          },
        },
      },
    },
    problems: [404],
  },
  {
    method: 'get',
    path: '/v1/admin/publishers/{id}/rules',
    tag: 'admin',
    auth: 'admin',
    summary: "Read a publisher's editorial rules",
    description: 'Pins, boosts and blocks of the publisher (empty lists when none were set).',
    params: PartnerParams,
    responses: {
      200: {
        description: 'The rules',
        schema: RulesEnvelopeSchema,
        example: { rules: { publisherId: 'evz', pins: [], boosts: [], blocks: [], updatedAt: NOW } },
      },
    },
    problems: [404],
  },
  {
    method: 'post',
    path: '/v1/admin/partners/{id}/feeds',
    tag: 'admin',
    auth: 'admin',
    summary: "Register a partner's feed",
    description:
      'An RSS 2.0 or Atom feed, or a Google News sitemap, that the service polls for the partner (no code on the ' +
      "partner's side). `kind` is detected when absent; `intervalSeconds` defaults to 300 and never goes below " +
      '`FEEDS_MIN_INTERVAL_SECONDS`. Items go through the same validation as pushed headlines. Polled at once.',
    params: FeedPartnerParams,
    body: {
      schema: FeedBody,
      example: {
        url: 'https://www.digi24.ro/rss',
        kind: 'rss',
        category: 'Actualitate',
        intervalSeconds: 300,
      },
    },
    responses: {
      201: { description: 'Registered', schema: FeedEnvelopeSchema, example: { feed: feedExample } },
    },
    problems: [404, 409],
  },
  {
    method: 'get',
    path: '/v1/admin/partners/{id}/feeds',
    tag: 'admin',
    auth: 'admin',
    summary: "List a partner's feeds and their health",
    description:
      'Every feed of the partner with its last poll, last success, last error, item counts and next poll.',
    params: FeedPartnerParams,
    responses: {
      200: { description: 'The feeds', schema: FeedListSchema, example: { feeds: [feedExample] } },
    },
    problems: [404],
  },
  {
    method: 'delete',
    path: '/v1/admin/partners/{id}/feeds/{feedId}',
    tag: 'admin',
    auth: 'admin',
    summary: 'Remove a feed',
    description: 'Stops polling the feed; the headlines it brought stay until they expire.',
    params: FeedParams,
    responses: { 204: { description: 'Removed' } },
    problems: [404],
  },
  ...reportOperations('admin'),

  // ── partner ────────────────────────────────────────────────────────────────────────────────────────────
  {
    method: 'post',
    path: '/v1/headlines',
    tag: 'partner',
    auth: 'partner',
    summary: 'Push headlines',
    description:
      '1 to 500 headlines per request. Each item is validated on its own: valid ones are stored (a `200` means ' +
      'they survive a restart), invalid ones come back in `rejected` with their index and errors. A headline is ' +
      'keyed by its canonical URL, so pushing the same URL again updates it. The URL host must be one of the ' +
      "partner's domains or a subdomain; `imageUrl` must be https. Without `expiresAt` a headline lives " +
      '`HEADLINE_TTL_HOURS` (72 h) from `publishedAt`.',
    body: {
      schema: PushBody.extend({ headlines: PushBodyDoc.shape.headlines }),
      example: { headlines: [headlineExample] },
    },
    responses: {
      200: {
        description: 'What was accepted and what was rejected, item by item',
        schema: PushResultSchema,
        example: {
          accepted: 1,
          rejected: [
            {
              index: 1,
              errors: [{ path: 'url', message: "host must be one of the partner's domains (digi24.ro)" }],
            },
          ],
        },
      },
    },
    problems: [429],
  },
  {
    method: 'delete',
    path: '/v1/headlines',
    tag: 'partner',
    auth: 'partner',
    summary: 'Delete a headline',
    description: 'Removes one of your live headlines by URL (any form of it: it is canonicalised first).',
    query: DeleteQuery,
    responses: { 204: { description: 'Deleted' } },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/headlines',
    tag: 'partner',
    auth: 'partner',
    summary: 'List your live headlines',
    description: 'Your own live headlines, newest first, a page at a time (`nextCursor` while more remain).',
    query: ListQuery,
    responses: {
      200: {
        description: 'A page of headlines',
        schema: HeadlinePageSchema,
        example: {
          headlines: [
            {
              id: ITEM_ID,
              partnerId: 'digi24',
              ...headlineExample,
              expiresAt: '2026-12-02T07:00:00.000Z',
              updatedAt: NOW,
            },
          ],
          nextCursor: 'WzE3OTY2MzQwMDAwMDAsIjNmOWExYzJiN2Q0ZTVmNjBhMWIyIl0',
        },
      },
    },
    problems: [400],
  },

  ...reportOperations('partner'),

  // ── widget (public) ────────────────────────────────────────────────────────────────────────────────────
  {
    method: 'get',
    path: '/v1/widget',
    tag: 'widget',
    auth: 'none',
    summary: 'The ranked box for one article',
    description:
      'Headlines ranked for the article (its stored headline when the URL is known, else `title`, `section`, ' +
      "`keywords`), fresh and learning from clicks; never the article itself, the publisher's own outlet, an " +
      'excluded partner or category, or more than `maxPerOutlet` items of one outlet. CORS `*`; cacheable ' +
      '(`ETag`, `Cache-Control: max-age`). `keywords` and `exclude` are comma-separated.',
    query: WidgetQuery,
    responses: {
      200: {
        description: 'The items, with a signed token naming them',
        schema: WidgetAnswerSchema,
        headers: { ETag: 'Answer version', 'Cache-Control': 'public, max-age=WIDGET_CACHE_SECONDS' },
        example: {
          publisher: 'evz',
          title: 'Citește și',
          token: TOKEN_EXAMPLE,
          items: [
            {
              id: ITEM_ID,
              url: headlineExample.url,
              title: headlineExample.title,
              imageUrl: headlineExample.imageUrl,
              outlet: { id: 'digi24', name: 'Digi24' },
              category: 'Actualitate',
              publishedAt: '2026-11-29T07:00:00.000Z',
            },
          ],
        },
      },
      304: { description: 'Not modified (`If-None-Match` matched)' },
    },
    problems: [400, 404],
  },
  {
    method: 'get',
    path: '/v1/widget.html',
    tag: 'widget',
    auth: 'none',
    summary: 'The box as an HTML page (iframe / AMP)',
    description:
      'The same answer as `/v1/widget`, rendered as a self-contained page with no script, for `<iframe>` and ' +
      '`<amp-iframe>`. Links go through `/r/…`; an impression is counted as the page is served. Extra options: ' +
      '`layout` (grid | list), `columns` (1–6), `accent` (hex colour).',
    query: HtmlQuery,
    responses: {
      200: {
        description: 'HTML page',
        contentType: 'text/html; charset=utf-8',
        schema: z.string(),
        example: '<!doctype html><html lang="ro">…<h2 id="h">Citește și</h2>…</html>',
      },
    },
    problems: [400, 404, 429],
  },
  {
    method: 'post',
    path: '/v1/events',
    tag: 'widget',
    auth: 'none',
    summary: 'Report impressions, viewable impressions and clicks',
    description:
      'Counts events for items a widget token served; each (page view, type, item) counts once. Accepted as ' +
      '`text/plain` too, so `navigator.sendBeacon` needs no preflight. `400` for a bad or expired token, or an item ' +
      'the token did not serve.',
    body: {
      schema: EventBody,
      contentTypes: ['application/json', 'text/plain'],
      example: { token: TOKEN_EXAMPLE, type: 'viewable', items: [ITEM_ID], impressionId: 'pv_8fJ2kL0qRt' },
    },
    responses: { 204: { description: 'Counted (or deduplicated)' } },
    problems: [429],
  },
  {
    method: 'get',
    path: '/r/{token}/{itemId}',
    tag: 'widget',
    auth: 'none',
    summary: 'Click redirect',
    description:
      "Counts a click and redirects to the item's URL. Never redirects anywhere the token did not serve; " +
      '`400` for anything else.',
    params: RedirectParams,
    responses: {
      302: { description: "Redirect to the headline's URL", headers: { Location: 'The headline URL' } },
    },
    problems: [400, 429],
  },
  {
    method: 'get',
    path: '/v1/thumbnails/{id}/{version}/{width}',
    tag: 'widget',
    auth: 'none',
    summary: 'Card thumbnail',
    description:
      "A headline's image resized for the card, WebP when the `Accept` header allows it, else JPEG. `version` " +
      "names the source image, so a URL's bytes never change (`Cache-Control: immutable`, one week). `404` when " +
      'the headline has no image that can be served. CORS `*`.',
    params: ThumbnailParams,
    responses: {
      200: {
        description: 'The image',
        contentType: 'image/webp',
        schema: z.string().meta({ format: 'binary' }),
        alternatives: { 'image/jpeg': '(binary)' },
        headers: {
          ETag: 'Image version',
          Vary: 'Accept',
          'Cache-Control': 'public, max-age=604800, immutable',
        },
      },
      304: { description: 'Not modified' },
    },
    problems: [404],
  },
  {
    method: 'get',
    path: '/embed.js',
    tag: 'widget',
    auth: 'none',
    summary: 'The embed script',
    description:
      'Renders the box into every `[data-citeste-si]` element of the page and reports impressions, viewable ' +
      'impressions and clicks. See /docs/guide for the two-line embed and its options.',
    responses: {
      200: {
        description: 'JavaScript',
        contentType: 'text/javascript; charset=utf-8',
        schema: z.string(),
        headers: { ETag: 'Script version', 'Cache-Control': 'public, max-age=3600' },
      },
      304: { description: 'Not modified' },
    },
    problems: [503],
  },

  // ── ops ────────────────────────────────────────────────────────────────────────────────────────────────
  {
    method: 'get',
    path: '/health',
    tag: 'ops',
    auth: 'none',
    summary: 'Liveness',
    description: '`200` while the process serves.',
    responses: { 200: { description: 'Alive', schema: HealthSchema, example: { status: 'ok' } } },
  },
  {
    method: 'get',
    path: '/ready',
    tag: 'ops',
    auth: 'none',
    summary: 'Readiness',
    description:
      '`200` when the store answers and the headline index is built; `503` with what failed otherwise.',
    responses: {
      200: {
        description: 'Ready',
        schema: ReadySchema,
        example: {
          status: 'ready',
          checks: {
            store: { ok: true, kind: 'redis' },
            index: { ok: true, headlines: 1840, builtAt: NOW },
            events: { ok: true, buffered: 0 },
          },
        },
      },
      503: {
        description: 'Not ready',
        schema: ReadySchema,
        example: {
          status: 'unavailable',
          checks: { store: { ok: false, kind: 'redis', error: 'no answer within 1000 ms' } },
        },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'ops',
    auth: 'none',
    summary: 'Prometheus metrics',
    description:
      'Request rates and latencies per route pattern, store errors, live headlines, events. With `METRICS_TOKEN` ' +
      'set, send it as `Authorization: Bearer <METRICS_TOKEN>` (else `401`); without it the endpoint is open.',
    problems: [401],
    responses: {
      200: {
        description: 'Prometheus text format',
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        schema: z.string(),
        example: 'http_requests_total{method="GET",route="/v1/widget",status="200"} 1024\n',
      },
    },
  },

  // ── docs ───────────────────────────────────────────────────────────────────────────────────────────────
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'docs',
    auth: 'none',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API, generated from the schemas that validate requests.',
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: AnyObjectSchema } },
  },
];
