// The benchmark's yardsticks, each its own process: `bare.ts node|hono <port>` serves GET /health as a bare
// node:http server or a bare Hono app on @hono/node-server answers it, nothing else in the way.
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const [kind, port = '0'] = process.argv.slice(2);
const ready = (p: number) => process.stdout.write(`${JSON.stringify({ port: p })}\n`);

if (kind === 'node') {
  const body = JSON.stringify({ status: 'ok' });
  const server = createServer((req, res) => {
    if (req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  });
  server.listen(Number(port), '127.0.0.1', () => {
    const address = server.address();
    ready(typeof address === 'object' && address ? address.port : 0);
  });
} else if (kind === 'hono') {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  serve({ fetch: app.fetch, port: Number(port), hostname: '127.0.0.1' }, (info) => ready(info.port));
} else {
  process.stderr.write('usage: bare.ts node|hono [port]\n');
  process.exit(2);
}
