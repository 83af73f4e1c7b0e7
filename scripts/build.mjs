// Build steps tsc does not do: copy the Lua scripts next to the compiled store, bundle the embed script.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const embedOnly = process.argv.includes('--embed-only');

if (!embedOnly) {
  cpSync(join(root, 'src/store/lua'), join(root, 'dist/store/lua'), { recursive: true });
}

const entry = join(root, 'src/embed/index.ts');
if (existsSync(entry)) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: join(root, 'dist/embed.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    legalComments: 'none',
    logLevel: 'warning',
  });
}
