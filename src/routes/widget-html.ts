// The widget as a self-contained HTML page for <iframe> and <amp-iframe>: no script, links through /r/.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { pagePolicy } from '../http/answer.js';
import type { AppEnv } from '../http/env.js';
import { html, type SafeHtml, unsafeRaw } from '../http/html.js';
import { queryInput } from '../http/input.js';
import type { OperationDoc } from '../openapi/types.js';
import type { Services } from '../services/index.js';
import type { WidgetAnswer, WidgetItem } from '../services/widget.js';
import { clientOf, perClient } from './events.js';
import { toWidgetRequest, WidgetQuery } from './widget.js';

// Frameable by any publisher page; nothing but inline styles and https images may load.
const CSP = "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; frame-ancestors *";

export const HtmlQuery = WidgetQuery.extend({
  layout: z.enum(['grid', 'list']).optional(),
  columns: z.coerce.number().int().min(1).max(6).optional(),
  accent: z
    .string()
    .regex(/^#[0-9a-fA-F]{3,8}$/, 'must be a hex colour like #c8102e')
    .optional(),
});

// The same look as the embed script's cards; the frame's own width drives the columns.
const STYLE = unsafeRaw(
  [
    '*{box-sizing:border-box}',
    'html,body{margin:0;background:transparent}',
    'body{font:15px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1d21;padding:2px}',
    'h2{margin:0 0 14px;padding-top:8px;border-top:3px solid var(--a);font-size:13px;line-height:20px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--a);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    'ul{display:grid;gap:18px;grid-template-columns:repeat(auto-fill,minmax(max(var(--m),calc((100% - (var(--c) - 1)*18px)/var(--c))),1fr));margin:0;padding:0;list-style:none}',
    'a{display:flex;flex-direction:column;height:100%;color:inherit;text-decoration:none;border-radius:6px;outline-offset:3px}',
    'a:focus-visible{outline:2px solid var(--a)}a:hover .t{color:var(--a)}',
    '.i{display:block;order:-2;aspect-ratio:16/9;overflow:hidden;border-radius:6px;background:#e9ecef}',
    'img{display:block;width:100%;height:100%;object-fit:cover}',
    '.t{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden;margin-top:4px;font-weight:600;overflow-wrap:anywhere}',
    '.o{display:block;order:-1;margin-top:8px;font-size:12px;line-height:16px;font-weight:600;color:#6b717a;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}',
    '.l a{display:grid;grid-template:auto 1fr/120px 1fr;align-items:start;column-gap:12px}',
    '.l .i{grid-area:1/1/3}.l .o{grid-area:1/2;margin:0}.l .t{grid-area:2/2}',
  ].join(''),
);

/** Card widths for `sizes`: one column per 168px of frame (150px cards, 18px gaps), at most `columns`. */
function sizes(list: boolean, columns: number): string {
  if (list) return '120px';
  const narrower = Array.from(
    { length: columns - 1 },
    (_, i) => `(max-width: ${(i + 2) * 168 - 15}px) ${Math.ceil(100 / (i + 1))}vw`,
  );
  return [...narrower, `${Math.ceil(100 / columns)}vw`].join(', ');
}

/** One card: links through the counting redirect and opens in the top window, out of the frame. */
function card(token: string, item: WidgetItem, imageSizes: string): SafeHtml {
  // A missing or broken image leaves the neutral tile (alt="" draws no broken-image icon). Thumbnails are on
  // this service (a relative path, or PUBLIC_URL); one on plain http elsewhere would be refused by the policy.
  const src = item.thumbnail?.src;
  const thumb = src?.startsWith('/') || src?.startsWith('https://') ? item.thumbnail : undefined;
  const image = thumb
    ? html`<img src="${thumb.src}" srcset="${thumb.srcset}" sizes="${imageSizes}" alt="" loading="lazy" decoding="async">`
    : item.imageUrl
      ? html`<img src="${item.imageUrl}" alt="" loading="lazy" decoding="async" referrerpolicy="no-referrer">`
      : '';
  return html`<li><a href="/r/${token}/${item.id}" target="_top" rel="noopener"><span class="i">${image}</span><span class="t">${item.title}</span><span class="o">${item.outlet.name}</span></a></li>`;
}

function page(answer: WidgetAnswer, q: z.output<typeof HtmlQuery>): string {
  const list = q.layout === 'list';
  const vars = `--a:${q.accent ?? '#c8102e'};--c:${q.columns ?? (list ? 1 : 3)};--m:${list ? 280 : 150}px`;
  const token = encodeURIComponent(answer.token);
  const imageSizes = sizes(list, q.columns ?? (list ? 1 : 3));
  const cards = answer.items.map((item) => card(token, item, imageSizes));
  const body = answer.items.length
    ? html`<section class="${list ? 'l' : ''}" style="${vars}" aria-labelledby="h"><h2 id="h">${answer.title}</h2><ul>${cards}</ul></section>`
    : '';
  return html`<!doctype html>
<html lang="ro"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${answer.title}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`.toString();
}

export function widgetHtmlRoutes(services: Services, options: { trustProxy?: boolean } = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const trustProxy = options.trustProxy ?? false;
  app.get('/widget.html', perClient(services.limits.widgetHtmlPerClient, trustProxy), async (c) => {
    const query = queryInput(c, HtmlQuery);
    const answer = await services.widget.answer(toWidgetRequest(query));
    if (!answer) throw new ApiError('not_found', `No publisher "${query.publisher}"`);
    // No script runs in the frame, so the impression is counted as it is served (clicks go through /r/).
    if (answer.items.length) {
      await services.events.countServed(
        { token: answer.token, type: 'impression', items: answer.items.map((i) => i.id) },
        clientOf(c, trustProxy),
      );
    }
    pagePolicy(c, CSP);
    // Every view is counted and carries a short-lived token: never reuse a stored copy.
    c.header('Cache-Control', 'no-store');
    return c.html(page(answer, query));
  });

  return app;
}

export const widgetHtmlOperations: OperationDoc[] = [
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
];
