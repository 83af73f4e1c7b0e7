// CPU per request of the HTTP hot path, in-process and through @hono/node-server's own request listener with
// real Node request and response objects (the socket swallows the bytes): what the service's stack costs over
// a bare Hono app, without the machine's noise on sockets and the parser. Rows are interleaved in rounds; the
// fastest round is shown (other work on the machine only adds time). `npx tsx bench/hot-path.ts [requests per
// round]`; `--dist` (`--dist=DIR`) measures the production build (npm run build) of this checkout or of another one, whose
// CPU profile names lines; `--only TEXT` keeps the rows whose label has TEXT. Rows in one process share V8's
// inline caches (bare Hono's plain Node responses make the adapter's code polymorphic): compare builds one row
// per process.
import { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { inProcessService, type ServiceModules, seedExchange } from './in-process.js';

const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const only = option('--only');
const distArg = process.argv.find((a) => a === '--dist' || a.startsWith('--dist='));
const dist = distArg === undefined ? undefined : distArg.slice('--dist='.length) || '.';
const ROUNDS = 7;

/** A socket that accepts every write at once and keeps nothing. */
class Sink extends Duplex {
  bytes = 0;
  constructor() {
    // Strings stay strings, as a real socket writes them (no Buffer made per write here).
    super({ decodeStrings: false });
  }
  override _read(): void {}
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
  override _writev(chunks: { chunk: Buffer | string }[], done: () => void): void {
    for (const c of chunks) this.bytes += c.chunk.length;
    done();
  }
  setTimeout(): this {
    return this;
  }
}

type Listener = ReturnType<typeof getRequestListener>;
/** A listener and the Node response class its server makes. */
type Served = [Listener, typeof ServerResponse];

/** One GET through the listener; resolves with the bytes written when the answer is finished. */
function get([listener, Res]: Served, socket: Sink, path: string): Promise<number> {
  const req = new IncomingMessage(socket as never);
  req.method = 'GET';
  req.url = path;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = '1.1';
  req.headers = { host: '127.0.0.1:8080', 'user-agent': 'wrk', accept: '*/*' };
  req.rawHeaders = ['Host', '127.0.0.1:8080', 'User-Agent', 'wrk', 'Accept', '*/*'];
  req.push(null);
  const res = new Res(req);
  res.shouldKeepAlive = true;
  res.assignSocket(socket as never);
  const before = socket.bytes;
  return new Promise((done, fail) => {
    res.once('finish', () => {
      res.detachSocket(socket as never);
      done(socket.bytes - before);
    });
    res.once('error', fail);
    void listener(req, res);
  });
}

interface Row {
  label: string;
  served: Served;
  paths: () => string;
  us: number[];
  bytes: number;
}

/** The service of one build (src, or a checkout's dist) on an in-memory store with 2,000 headlines. */
async function service(root: string, name: string): Promise<Row[]> {
  const load = <T>(module: string) => import(pathToFileURL(resolve(root, module)).href) as Promise<T>;
  const modules: ServiceModules = {
    app: await load('app.js'),
    config: await load('config.js'),
    log: await load('log.js'),
    metrics: await load('metrics.js'),
    services: await load('services/index.js'),
    memory: await load('store/memory.js'),
  };
  // Builds from before server-options.js served plain Node responses.
  const options = await load<typeof import('../src/http/server-options.js')>('http/server-options.js').catch(
    () => undefined,
  );
  const { config, services, app } = await inProcessService({ LOG_LEVEL: 'warn' }, modules);
  const served: Served = [
    getRequestListener(app.fetch),
    options?.serverOptions(config).ServerResponse ?? ServerResponse,
  ];
  await seedExchange(services, 2000);
  const outlet1 = await services.partners.get('outlet-1');
  if (!outlet1) throw new Error('no partner');
  const known = await services.headlines.list(outlet1, 50, undefined);
  const warm = known.headlines.map((h) => `/v1/widget?publisher=evz&url=${encodeURIComponent(h.url)}`);
  let k = 0;
  return [
    { label: `${name} /health`, served, paths: () => '/health', us: [], bytes: 0 },
    {
      label: `${name} /v1/widget warm`,
      served,
      paths: () => warm[k++ % warm.length] ?? '',
      us: [],
      bytes: 0,
    },
  ];
}

const bare = new Hono();
bare.get('/health', (c) => c.json({ status: 'ok' }));
const bareServed: Served = [getRequestListener(bare.fetch), ServerResponse];
const rows: Row[] = [
  {
    label: 'bare Hono /health',
    served: bareServed,
    paths: () => '/health',
    us: [],
    bytes: 0,
  },
  ...(await service(dist === undefined ? 'src' : resolve(dist, 'dist'), 'service')),
].filter((row) => only === undefined || row.label.includes(only));

const socket = new Sink();
for (const row of rows) for (let i = 0; i < 5000; i++) await get(row.served, socket, row.paths());
for (let round = 0; round < ROUNDS; round++) {
  for (const row of rows) {
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) row.bytes = await get(row.served, socket, row.paths());
    const used = process.cpuUsage(cpu);
    row.us.push((used.user + used.system) / n);
  }
}
for (const row of rows) {
  const us = Math.min(...row.us);
  process.stdout.write(
    `${row.label.padEnd(40)} ${us.toFixed(2).padStart(7)} µs CPU/request (rounds ${row.us.map((u) => u.toFixed(1)).join(' ')}), ${row.bytes} bytes\n`,
  );
}
process.exit(0);
