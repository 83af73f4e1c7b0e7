// The docs pages: Swagger UI over /openapi.json, and the "integrate in 10 minutes" guide (Romanian + English).
import { html, type SafeHtml } from '../http/html.js';
import { assetUrl } from './assets.js';

/** Nothing but this service: scripts, styles, images and fetches from 'self' (Swagger UI's icons are data: URIs). */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function top(): SafeHtml {
  return html`<header class="cs-top"><strong>citeste-si</strong>
<a href="/docs">API (OpenAPI)</a><a href="/docs/guide">Ghid de integrare · Integration guide</a>
<a href="/openapi.json">openapi.json</a></header>`;
}

function head(title: string, extraCss: SafeHtml | string = ''): SafeHtml {
  return html`<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title>${extraCss}<link rel="stylesheet" href="${assetUrl('docs.css')}">
<link rel="icon" type="image/png" href="${assetUrl('favicon-32x32.png')}">`;
}

export function swaggerPage(): string {
  return html`<!doctype html>
<html lang="en"><head>${head('citeste-si — API', html`<link rel="stylesheet" href="${assetUrl('swagger-ui.css')}">`)}</head>
<body>${top()}<div id="swagger-ui"></div>
<script src="${assetUrl('swagger-ui-bundle.js')}"></script>
<script src="${assetUrl('init.js')}"></script>
</body></html>`.toString();
}

const NODE_PUSH = (origin: string) => `// push.mjs — Node 18+ (fetch is built in)
const res = await fetch('${origin}/v1/headlines', {
  method: 'POST',
  headers: {
    Authorization: \`Bearer \${process.env.CITESTE_SI_PARTNER_KEY}\`,
    'Content-Type': 'application/json',
  },
  body: JSON.stringify({
    headlines: [
      {
        url: 'https://www.digi24.ro/stiri/actualitate/bugetul-2027',
        title: 'Guvernul a aprobat bugetul pentru 2027',
        publishedAt: new Date().toISOString(),
        imageUrl: 'https://s.digi24.ro/media/buget-2027.jpg',
        category: 'Actualitate',
        tags: ['buget', 'guvern'],
      },
    ],
  }),
});
const result = await res.json();
if (!res.ok) throw new Error(\`\${res.status} \${result.title}: \${result.detail ?? ''}\`);
console.log(\`accepted \${result.accepted}, rejected \${result.rejected.length}\`, result.rejected);`;

const CURL_PUSH = (origin: string) => `curl -X POST ${origin}/v1/headlines \\
  -H "Authorization: Bearer $CITESTE_SI_PARTNER_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '{"headlines":[{"url":"https://www.digi24.ro/stiri/actualitate/bugetul-2027",
       "title":"Guvernul a aprobat bugetul pentru 2027","publishedAt":"2026-11-29T09:00:00+02:00",
       "category":"Actualitate","tags":["buget","guvern"]}]}'
# → {"accepted":1,"rejected":[]}`;

const CREATE_PARTNER = (origin: string) => `curl -X POST ${origin}/v1/admin/partners \\
  -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\
  -d '{"id":"digi24","name":"Digi24","domains":["digi24.ro"]}'
# → 201 {"partner":{...},"apiKey":"cs_..."}   (the key is shown once / cheia apare o singură dată)

# or with the command-line tool / sau cu unealta din linia de comandă:
CITESTE_SI_URL=${origin} citeste-si partners create digi24 --name Digi24 --domains digi24.ro`;

const EMBED = (origin: string) => `<div data-citeste-si data-publisher="evz"></div>
<script async src="${origin}/embed.js"></script>`;

const THEME = `<style>
  [data-citeste-si] {
    --cs-accent: #0a58ca;   /* title rule, hover, focus */
    --cs-font: Georgia, serif;
    --cs-radius: 0;
  }
</style>`;

const IFRAME = (
  origin: string,
) => `<iframe src="${origin}/v1/widget.html?publisher=evz&amp;url=https%3A%2F%2Fevz.ro%2Farticol-123&amp;layout=list"
        width="100%" height="520" style="border:0" loading="lazy" title="Citește și"></iframe>

<amp-iframe src="${origin}/v1/widget.html?publisher=evz&amp;url=CANONICAL_URL_ENCODED"
            width="600" height="520" layout="responsive" frameborder="0"
            sandbox="allow-scripts allow-same-origin allow-popups allow-top-navigation-by-user-activation">
  <div placeholder></div>
</amp-iframe>`;

const OPTIONS: [string, string, string][] = [
  ['data-publisher', 'id-ul publisherului (obligatoriu)', 'publisher id (required)'],
  [
    'data-limit',
    'câte titluri, 1–20 (implicit: setarea publisherului, 6)',
    "how many headlines, 1–20 (default: the publisher's setting, 6)",
  ],
  [
    'data-layout',
    '„grid” (carduri cu imagine) sau „list” (imagine mică la stânga)',
    '"grid" (image cards) or "list" (small image on the left)',
  ],
  ['data-columns', 'coloane în grid, 1–6 (implicit 3)', 'grid columns, 1–6 (default 3)'],
];

const THEME_VARS: [string, string][] = [
  ['--cs-accent', 'linia și culoarea titlului, hover, focus · title rule and colour, hover, focus (#c8102e)'],
  ['--cs-text / --cs-muted', 'textul titlurilor / numele publicației · headline text / outlet name'],
  ['--cs-font', 'fontul casetei · the box font (system-ui)'],
  ['--cs-bg / --cs-padding', 'fundalul și spațierea casetei · box background and padding'],
  ['--cs-gap / --cs-radius', 'spațiul dintre carduri, colțuri rotunjite · gap between cards, corner radius'],
  [
    '--cs-tile / --cs-thumb',
    'fundalul imaginii, lățimea imaginii în „list” · image placeholder, thumbnail width in "list"',
  ],
];

function block(code: string): SafeHtml {
  return html`<pre><code>${code}</code></pre>`;
}

export function guidePage(origin: string): string {
  return html`<!doctype html>
<html lang="ro"><head>${head('Integrare în 10 minute · Integrate in 10 minutes — citeste-si')}</head>
<body>${top()}<main class="cs-guide">
<h1>Integrare în 10 minute <span class="en">· Integrate in 10 minutes</span></h1>
<p>„Citește și” schimbă trafic între publicații: partenerii trimit titluri, publisherii afișează caseta sub articole.
<span class="en">“Citește și” exchanges traffic between outlets: partners send headlines, publishers show the box under their articles.</span>
Referința completă: <a href="/docs">/docs</a> (OpenAPI: <a href="/openapi.json">/openapi.json</a>).</p>

<h2 id="parteneri">1. Parteneri: trimiteți titluri <span class="en">· Partners: push headlines</span></h2>
<p><strong>Pasul 1 — cheia API.</strong> Operatorul serviciului vă creează ca partener, cu domeniile de pe care trimiteți
articole, și vă dă cheia (apare o singură dată; o cheie nouă o anulează pe cea veche).
<span class="en">Step 1 — the API key. The operator registers you with your domains and hands you the key (shown once;
rotating it revokes the old one).</span></p>
${block(CREATE_PARTNER(origin))}
<p><strong>Pasul 2 — trimiteți titluri</strong> cu <code>POST /v1/headlines</code>, 1–500 pe cerere. Obligatorii:
<code>url</code> (pe domeniul dumneavoastră), <code>title</code>, <code>publishedAt</code> (ISO 8601 cu fus orar);
opționale: <code>imageUrl</code> (https), <code>summary</code>, <code>category</code>, <code>tags</code>, <code>expiresAt</code>.
<span class="en">Step 2 — push headlines, 1–500 per request. Required: url (on your domain), title, publishedAt (ISO 8601 with a zone).</span></p>
${block(CURL_PUSH(origin))}
<p>În Node <span class="en">· In Node</span>:</p>
${block(NODE_PUSH(origin))}
<p>Fiecare titlu e validat separat: cele greșite apar în <code>rejected</code> cu indexul și erorile, restul sunt salvate.
Același URL trimis din nou actualizează titlul. Fără <code>expiresAt</code>, un titlu trăiește 72 de ore.
Ștergere: <code>DELETE /v1/headlines?url=…</code>; lista: <code>GET /v1/headlines</code>.
<span class="en">Each item is validated on its own: bad ones come back in rejected with their index and errors; the rest are stored.
Pushing the same URL again updates it. Without expiresAt a headline lives 72 hours.</span></p>
<p>Fără cod: <code>CITESTE_SI_PARTNER_KEY=cs_… citeste-si push titluri.csv</code> (CSV cu antetul
<code>url,title,publishedAt,imageUrl,summary,category,tags</code>, etichetele separate prin <code>|</code>).
<span class="en">No code: push a JSON or CSV file with the command-line tool.</span></p>

<h2 id="publisheri">2. Publisheri: afișați caseta <span class="en">· Publishers: show the box</span></h2>
<p>Lipiți două rânduri unde vreți caseta, sub articol. Pagina trebuie să aibă <code>&lt;link rel="canonical"&gt;</code>
și <code>og:title</code> (opțional <code>article:section</code>): din ele se aleg titlurile potrivite.
<span class="en">Paste two lines where the box goes. The page should carry a canonical link and og:title; they drive relevance.</span></p>
${block(EMBED(origin))}
<table><thead><tr><th>atribut · attribute</th><th>română</th><th>English</th></tr></thead><tbody>
${OPTIONS.map(([name, ro, en]) => html`<tr><td><code>${name}</code></td><td>${ro}</td><td class="en">${en}</td></tr>`)}
</tbody></table>
<p><strong>Aspect</strong> — proprietăți CSS pe element <span class="en">· Theming — CSS custom properties on the element</span>:</p>
${block(THEME)}
<table><tbody>
${THEME_VARS.map(([name, what]) => html`<tr><td><code>${name}</code></td><td>${what}</td></tr>`)}
</tbody></table>
<p><strong>AMP și iframe</strong>: fără JavaScript, aceeași casetă ca pagină HTML, <code>/v1/widget.html</code>, cu
<code>publisher</code>, <code>url</code> (URL-ul canonic al articolului, codificat) și opțional <code>layout</code>,
<code>columns</code>, <code>accent</code> (ex. <code>%23c8102e</code>).
<span class="en">AMP and iframe: no JavaScript, the same box as an HTML page.</span></p>
${block(IFRAME(origin))}
<p>Regulile casetei (titlu, câte titluri, câte de la aceeași publicație, parteneri sau categorii excluse) le setează
operatorul: <code>citeste-si publishers set evz --title "Citește și" --limit 6 --exclude-categories horoscop</code>.
<span class="en">The box rules (title, limit, max per outlet, excluded partners or categories) are set by the operator.</span></p>

<h2 id="erori">3. Erori <span class="en">· Errors</span></h2>
<p>Toate erorile sunt <code>application/problem+json</code>:
<code>{"type","title","status","detail","errors":[{"path":"headlines.3.url","message":"…"}]}</code>.
<span class="en">Every error is problem+json (RFC 9457), with errors naming each bad field.</span></p>
</main></body></html>`.toString();
}
