// Runs the real service as a child process (src/main.ts through tsx), as production runs dist/main.js.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './redis-server.js';

export interface ServiceProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts src/main.ts through tsx, or the compiled dist/main.js with `built` (run `npm run build` first). */
export async function startService(
  env: Record<string, string>,
  options: { built?: boolean; readyTimeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  // Node flags such as --cpu-prof go before the script (NODE_OPTIONS refuses them).
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.built ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts']),
  ];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${output}`);
    const ok = await fetch(`${url}/ready`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() - started > (options.readyTimeoutMs ?? 30_000))
      throw new Error(`service not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
