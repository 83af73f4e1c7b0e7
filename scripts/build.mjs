// Build steps tsc does not do: copy the Lua scripts next to the compiled store, bundle the browser scripts.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const browserOnly = process.argv.includes('--browser-only');

if (!browserOnly) {
  cpSync(join(root, 'src/store/lua'), join(root, 'dist/store/lua'), { recursive: true });
}

/** Browser entry → bundle in dist/, served by the app (routes/embed.ts, routes/dashboard.ts). */
const BUNDLES = [
  ['src/embed/index.ts', 'dist/embed.js'],
  ['src/dashboard/client/index.ts', 'dist/dashboard.js'],
];

mkdirSync(join(root, 'dist'), { recursive: true });
for (const [entry, outfile] of BUNDLES) {
  if (!existsSync(join(root, entry))) continue;
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    legalComments: 'none',
    logLevel: 'warning',
  });
}
