// The README's runnable commands (```sh blocks opening with `# tested`), run with bash against a live server process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_TOKEN = 'readme-admin-token-0123456789';

let server: ChildProcess | undefined;
let url = '';
let serverLog = '';

/** The blocks the README marks as tested. */
function testedBlocks(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  return [...readme.matchAll(/```sh\n(# tested[^\n]*\n[\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitReady(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`the server exited:\n${serverLog}`);
    try {
      if ((await fetch(`${url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not become ready:\n${serverLog}`);
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // The process `npm start` runs, from source (the build step is covered by the typecheck and the embed build).
  server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_DATA: 'true',
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => {
    serverLog += d.toString();
  });
  server.stderr?.on('data', (d: Buffer) => {
    serverLog += d.toString();
  });
  await waitReady(Date.now() + 20_000);
}, 30_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', `set -euo pipefail\n${script}`],
      {
        cwd: ROOT,
        // What a reader has: the server's URL and admin token, nothing else of ours.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          CITESTE_SI_URL: url,
          ADMIN_TOKEN,
        },
        timeout: 20_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('README quick start', () => {
  it('marks runnable blocks', () => {
    expect(testedBlocks().length).toBeGreaterThan(0);
  });

  it('every tested block runs against a live instance with exit 0 and sane output', async () => {
    let all = '';
    for (const block of testedBlocks()) {
      const run = await bash(block);
      expect(
        run.code,
        `${block}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- server\n${serverLog}`,
      ).toBe(0);
      all += run.stdout;
    }
    // The try-it block: health, a push by curl, a file push, publisher rules and a widget answer.
    expect(all).toContain('is ready');
    expect(all).toContain('{"accepted":1,"rejected":[]}');
    expect(all).toContain('3 of 3 headlines accepted, 0 rejected');
    expect(all).toContain('Publisher demo updated');
    const widget = JSON.parse(all.slice(all.lastIndexOf('{"publisher":"demo"'))) as {
      items: { title: string; outlet: { id: string } }[];
    };
    expect(widget.items.length).toBeGreaterThan(0);
    expect(widget.items.some((i) => i.outlet.id === 'gazeta')).toBe(true);
  }, 25_000);
});
