// A local 3-master Redis Cluster for tests: redis-server --cluster-enabled on free ports, joined by redis-cli.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

export interface RedisCluster {
  nodes: { host: string; port: number }[];
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-cluster-'));
  const children: ChildProcess[] = [];
  const nodes: { host: string; port: number }[] = [];
  for (let i = 0; i < masters; i++) {
    const port = await freePort();
    const nodeDir = join(dir, String(port));
    await run('mkdir', ['-p', nodeDir]);
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        nodeDir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    children.push(child);
    nodes.push({ host: '127.0.0.1', port });
  }
  for (const node of nodes) await waitForPing(node.port);
  await run('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((n) => `${n.host}:${n.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  // Every node must see the whole cluster before a client connects (on a loaded machine the gossip takes
  // seconds, and a client that meets a node still in state fail waits out its own timeouts).
  const states = async () =>
    Promise.all(
      nodes.map(
        async (node) => (await run('redis-cli', ['-p', String(node.port), 'cluster', 'info'])).stdout,
      ),
    );
  let ready = false;
  for (let attempt = 0; attempt < 300 && !ready; attempt++) {
    ready = (await states()).every((info) => info.includes('cluster_state:ok'));
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  if (!ready) throw new Error('the Redis Cluster did not reach cluster_state:ok in 30 s');
  return {
    nodes,
    stop: async () => {
      for (const child of children) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await run('redis-cli', ['-p', String(port), 'ping']).then(
      (r) => r.stdout.trim() === 'PONG',
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on ${port} did not start`);
}
