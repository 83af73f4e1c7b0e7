// The one-way layering (README, Architecture) is enforced by `npm run lint`: Biome's noRestrictedImports,
// one override per folder in biome.json. This lints probe files in a scratch copy of the tree with that config.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const biome = join(repo, 'node_modules/.bin/biome');

/** A probe: a file at `file` (under src/) that imports `from`; `upward` says whether the lint must refuse it. */
const PROBES: { file: string; from: string; upward: boolean }[] = [
  { file: 'reports/probe.ts', from: '../services/live-index.js', upward: true },
  { file: 'controls/probe.ts', from: '../services/index.js', upward: true },
  { file: 'controls/probe2.ts', from: '../reports/service.js', upward: true },
  { file: 'http/probe.ts', from: '../services/partners.js', upward: true },
  { file: 'http/probe2.ts', from: '../store/types.js', upward: true },
  { file: 'routes/probe.ts', from: '../store/feeds.js', upward: true },
  { file: 'routes/probe2.ts', from: '../thumbnails/service.js', upward: true },
  { file: 'feeds/probe.ts', from: '../services/headlines.js', upward: true },
  { file: 'thumbnails/probe.ts', from: '../services/index.js', upward: true },
  { file: 'ranking/probe.ts', from: '../store/types.js', upward: true },
  { file: 'ranking/stage/probe.ts', from: '../../services/index.js', upward: true },
  { file: 'store/probe.ts', from: '../routes/admin.js', upward: true },
  { file: 'services/probe.ts', from: '../routes/admin.js', upward: true },
  { file: 'services/probe2.ts', from: '../http/middleware.js', upward: true },
  { file: 'shared/probe.ts', from: '../services/index.js', upward: true },
  { file: 'domain.ts', from: './services/index.js', upward: true },
  { file: 'log.ts', from: './app.js', upward: true },
  // Downward and sideways imports the layering allows.
  { file: 'routes/probe3.ts', from: '../services/index.js', upward: false },
  { file: 'services/probe3.ts', from: '../store/types.js', upward: false },
  { file: 'reports/probe2.ts', from: '../controls/balances.js', upward: false },
  { file: 'controls/probe3.ts', from: '../ranking/index.js', upward: false },
  { file: 'feeds/probe2.ts', from: '../store/feeds.js', upward: false },
  { file: 'ranking/probe2.ts', from: '../shared/urls.js', upward: false },
  { file: 'shared/probe2.ts', from: '../domain.js', upward: false },
  // Unit tests beside their code may wire anything.
  { file: 'ranking/probe.test.ts', from: '../services/index.js', upward: false },
];

let scratch = '';
let output = '';
let exitCode = 0;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'citeste-layers-'));
  copyFileSync(join(repo, 'biome.json'), join(scratch, 'biome.json'));
  for (const probe of PROBES) {
    const path = join(scratch, 'src', probe.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `import { value } from '${probe.from}';\n\nexport const probe = value;\n`);
  }
  try {
    const run = await promisify(execFile)(biome, ['lint', '--max-diagnostics=none', '--colors=off', 'src'], {
      cwd: scratch,
    });
    output = run.stdout + run.stderr;
  } catch (err) {
    const failed = err as { stdout?: string; stderr?: string; code?: number };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    exitCode = failed.code ?? 1;
  }
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** True when the lint reported a restricted import on the probe's import line. */
function refused(file: string): boolean {
  const at = `src/${file}:1:`;
  return output
    .split('\n')
    .some((line) => line.startsWith(at) && line.includes('lint/style/noRestrictedImports'));
}

describe('the lint step refuses upward imports', () => {
  it('fails the run when any probe imports upward', () => {
    expect(exitCode).not.toBe(0);
  });

  it.each(PROBES)('src/$file importing $from: refused = $upward', ({ file, upward }) => {
    expect(refused(file)).toBe(upward);
  });

  it('names the rule in its message', () => {
    expect(output).toContain('Routes call services only');
  });
});
