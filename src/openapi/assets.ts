// The docs pages' static files: our own (start-up script, style sheet) and Swagger UI's, all served by the service.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

// No inline script anywhere (the CSP forbids it): Swagger UI starts from this file. No validator badge:
// its default calls validator.swagger.io, and nothing may leave a closed network.
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true
  });
});
`;

const DOCS_CSS = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1d21;background:#fff}
.cs-top{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center;padding:12px 20px;border-bottom:3px solid #c8102e}
.cs-top strong{font-size:18px;color:#c8102e}.cs-top a{color:#1b1d21}
main.cs-guide{max-width:860px;margin:0 auto;padding:8px 20px 60px}
.cs-guide h1{font-size:28px;margin:24px 0 8px}.cs-guide h2{margin-top:36px;border-top:1px solid #dde1e6;padding-top:20px}
.cs-guide pre{background:#f4f5f7;border-radius:6px;padding:12px 14px;overflow:auto;font-size:14px;line-height:1.45}
.cs-guide code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cs-guide .en{color:#4a5058}.cs-guide table{border-collapse:collapse}.cs-guide td,.cs-guide th{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
`;

/** Swagger UI files we serve, by name; nothing else from its directory is reachable. */
const VENDOR: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-16x16.png': 'image/png',
  'favicon-32x32.png': 'image/png',
};

const vendorDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/absolute-path.js'));
const vendorVersion = (
  JSON.parse(readFileSync(join(vendorDir, 'package.json'), 'utf8')) as { version: string }
).version;

/** Part of every asset URL, so the year-long cache lifetime never serves a stale file after an upgrade. */
export const ASSET_VERSION = `${vendorVersion}-${createHash('sha1')
  .update(INIT_JS + DOCS_CSS)
  .digest('hex')
  .slice(0, 8)}`;

function asset(body: Uint8Array | string, type: string): Asset {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  return { body: bytes, type, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
}

const cache = new Map<string, Asset>([
  ['init.js', asset(INIT_JS, 'text/javascript; charset=utf-8')],
  ['docs.css', asset(DOCS_CSS, 'text/css; charset=utf-8')],
]);

/** The named asset, read from swagger-ui-dist on first use; undefined for any other name. */
export function docsAsset(name: string): Asset | undefined {
  const known = cache.get(name);
  if (known) return known;
  const type = Object.hasOwn(VENDOR, name) ? VENDOR[name] : undefined;
  if (!type) return undefined;
  const loaded = asset(readFileSync(join(vendorDir, name)), type);
  cache.set(name, loaded);
  return loaded;
}

export const assetUrl = (name: string): string => `/docs/assets/${name}?v=${ASSET_VERSION}`;
