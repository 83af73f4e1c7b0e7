// The HTML of the demo article pages: a plain Romanian news page with the embed pasted at its foot.
import { html, raw } from 'hono/html';
import type { DemoArticle } from './articles.js';

export const SITE_NAME = 'Demo Știri';

/** The two lines a publisher pastes under its articles, exactly as written in the API contract. */
export const EMBED_SNIPPET = `<div data-citeste-si data-publisher="demo"></div>
<script async src="/embed.js"></script>`;

/** Scripts and requests only to this service, inline styles only, images from anywhere over https. */
export const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'unsafe-inline'",
  'img-src https: data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const dateFormat = new Intl.DateTimeFormat('ro-RO', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Bucharest',
});

const STYLE = `
:root { --ink: #1b1f24; --muted: #5b6470; --line: #e3e6ea; --accent: #c8102e; --paper: #fff; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: var(--ink);
  font: 400 1.125rem/1.7 Georgia, 'Times New Roman', serif; -webkit-font-smoothing: antialiased; }
a { color: inherit; }
.sans, .demo-banner, .masthead, .crumbs, .byline, .tags, .dev, footer, h1, h2 {
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
.demo-banner { background: #fff8db; border-bottom: 1px solid #ecd98a; padding: .75rem 1rem;
  font-size: .9rem; line-height: 1.5; }
.demo-banner p { margin: 0 auto; max-width: 46rem; }
.demo-banner nav { margin: .4rem auto 0; max-width: 46rem; display: flex; flex-wrap: wrap; gap: .35rem; }
.demo-banner nav a { text-decoration: none; border: 1px solid #d9c36a; border-radius: 999px;
  padding: .1rem .7rem; background: #fff; }
.demo-banner nav a[aria-current="page"] { background: #1b1f24; border-color: #1b1f24; color: #fff; }
.masthead { background: var(--paper); border-bottom: 3px solid var(--accent); }
.masthead div { max-width: 46rem; margin: 0 auto; padding: .9rem 1rem; display: flex;
  align-items: baseline; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.masthead .logo { font-size: 1.6rem; font-weight: 800; letter-spacing: -.02em; text-decoration: none; }
.masthead .logo span { color: var(--accent); }
.masthead .date { color: var(--muted); font-size: .85rem; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; background: var(--paper); }
.crumbs { color: var(--muted); font-size: .85rem; margin: 0 0 .75rem; }
.crumbs a { text-decoration: none; }
.crumbs b { color: var(--accent); font-weight: 600; }
h1 { font-size: clamp(1.6rem, 4vw, 2.3rem); line-height: 1.2; letter-spacing: -.015em; margin: 0 0 .8rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 2rem 0 .5rem; }
.byline { color: var(--muted); font-size: .9rem; margin: 0 0 1.25rem; padding-bottom: 1rem;
  border-bottom: 1px solid var(--line); }
.lead { font-size: 1.25rem; line-height: 1.6; font-weight: 600; margin: 0 0 1.25rem; }
article p { margin: 0 0 1.1rem; }
.tags { font-size: .85rem; color: var(--muted); margin: 1.75rem 0; }
.tags span { display: inline-block; background: #eef0f3; border-radius: 4px; padding: .05rem .5rem;
  margin: 0 .25rem .3rem 0; color: var(--ink); }
.related { margin-top: 2rem; }
.dev { margin-top: 2.5rem; font-size: .9rem; line-height: 1.55; background: #f7f8fa;
  border: 1px dashed #c5cbd3; border-radius: 8px; padding: 1rem 1.1rem; }
.dev h2 { font-size: 1rem; margin: 0 0 .5rem; }
.dev p { margin: .5rem 0; }
.dev pre { background: #1b1f24; color: #f1f3f5; border-radius: 6px; padding: .8rem 1rem; overflow-x: auto;
  font: .85rem/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.dev code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
footer { max-width: 46rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .8rem; }
`;

function banner(current: DemoArticle | undefined, articles: readonly DemoArticle[]) {
  return html`<aside class="demo-banner" role="note">
  <p><strong>Aceasta este o pagină demo citeste-si.</strong> Un articol de probă al publisherului
  <code>demo</code>, cu caseta „Citește și” la final, pusă de widget exact cum o lipește un site partener.
  Titlurile din casetă sunt exemple fictive ale partenerilor, încărcate la pornire (<code>DEMO_DATA</code>);
  schimbă articolul și vezi cum se schimbă recomandările:</p>
  <nav aria-label="Articole demo">${articles.map(
    (a) =>
      html`<a href="${articleHref(a)}"${a === current ? raw(' aria-current="page"') : ''}>${a.label}</a>`,
  )}</nav>
</aside>`;
}

function masthead(nowMs: number) {
  return html`<header class="masthead"><div>
  <a class="logo" href="/demo">Demo <span>Știri</span></a>
  <span class="date">${dateFormat.format(nowMs)}</span>
</div></header>`;
}

export function articleHref(article: DemoArticle): string {
  return article.topic === 'externe' ? '/demo' : `/demo/${article.topic}`;
}

/** A full article page; `nowMs` places its publication time a little in the past. */
export function articlePage(article: DemoArticle, articles: readonly DemoArticle[], nowMs: number) {
  const published = new Date(nowMs - article.hoursAgo * 3_600_000);
  return html`<!doctype html>
<html lang="ro">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${article.title} | ${SITE_NAME}</title>
<meta name="description" content="${article.description}">
<meta name="keywords" content="${article.keywords.join(', ')}">
<link rel="canonical" href="${article.canonical}">
<link rel="icon" href="data:,">
<meta property="og:type" content="article">
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:locale" content="ro_RO">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${article.description}">
<meta property="og:url" content="${article.canonical}">
<meta property="article:section" content="${article.section}">
<meta property="article:published_time" content="${published.toISOString()}">
<style>${raw(STYLE)}</style>
</head>
<body>
${banner(article, articles)}
${masthead(nowMs)}
<main>
<article>
  <p class="crumbs"><a href="/demo">Prima pagină</a> » <b>${article.section}</b></p>
  <h1>${article.title}</h1>
  <p class="byline">${article.author} · <time datetime="${published.toISOString()}">${dateFormat.format(published)}</time></p>
  <p class="lead">${article.lead}</p>
  ${article.body.map((block) =>
    block.startsWith('## ') ? html`<h2>${block.slice(3)}</h2>\n  ` : html`<p>${block}</p>\n  `,
  )}
  <p class="tags">Etichete: ${article.keywords.map((k) => html`<span>${k}</span>`)}</p>
  <section class="related" aria-label="Citește și">
${raw(EMBED_SNIPPET)}
  </section>
</article>
<aside class="dev">
  <h2>Pentru dezvoltatori: cum se integrează</h2>
  <p>Publisherul lipește aceste două rânduri sub articol:</p>
  <pre><code>${EMBED_SNIPPET}</code></pre>
  <p>Scriptul citește <code>link rel="canonical"</code>, <code>og:title</code> și <code>article:section</code>
  din pagină, cere recomandările la <code>/v1/widget</code> și raportează afișările și clicurile la
  <code>/v1/events</code>. Setările publisherului <code>demo</code> (titlul casetei, câte titluri, cel mult două
  de la aceeași publicație, fără propria publicație) se schimbă prin API-ul de administrare.</p>
</aside>
</main>
<footer>© ${SITE_NAME}: conținut fictiv, scris pentru a demonstra serviciul citeste-si. Linkurile din casetă
duc pe domeniile reale ale publicațiilor, unde articolele de probă nu există.</footer>
</body>
</html>`;
}

/** The answer for a topic with no demo article: the list of those that exist. */
export function notFoundPage(articles: readonly DemoArticle[], nowMs: number) {
  return html`<!doctype html>
<html lang="ro">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Pagina nu există | ${SITE_NAME}</title>
<link rel="icon" href="data:,">
<style>${raw(STYLE)}</style>
</head>
<body>
${banner(undefined, articles)}
${masthead(nowMs)}
<main>
  <h1>Nu avem un articol demo aici</h1>
  <p>Articolele demo disponibile sunt:</p>
  <ul>${articles.map((a) => html`<li><a href="${articleHref(a)}">${a.title}</a></li>`)}</ul>
</main>
</body>
</html>`;
}
