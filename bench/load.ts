// Load generator, run as its own process by bench/run.ts: autocannon against one endpoint, prints JSON.
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  mode: 'health' | 'widget-warm' | 'widget-cold' | 'events';
  publisher?: string;
  /** widget-warm: the article URLs cycled through. */
  articles?: string[];
  /** widget-cold: words new titles and keywords are drawn from. */
  vocabulary?: string[];
  /** events: served tokens and their items. */
  served?: { token: string; items: string[] }[];
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  /** Requests sent, including those still in flight when the run ended (they are served too). */
  sent: number;
  non2xx: number;
  errors: number;
}

function pathMaker(spec: LoadSpec): () => autocannon.Request {
  let n = 0;
  const seed = Math.floor(Math.random() * 1e9);
  switch (spec.mode) {
    case 'health':
      return () => ({ path: '/health' });
    case 'widget-warm': {
      const articles = spec.articles ?? [];
      return () => {
        const url = articles[n++ % articles.length] ?? '';
        return { path: `/v1/widget?publisher=${spec.publisher}&url=${encodeURIComponent(url)}` };
      };
    }
    case 'widget-cold': {
      const words = spec.vocabulary ?? [];
      const word = (i: number) => words[(i * 2654435761 + seed) % words.length] ?? 'știri';
      return () => {
        const i = n++;
        const title = Array.from({ length: 8 }, (_, j) => word(i * 13 + j * 7)).join(' ');
        const keywords = [word(i * 17 + 3), word(i * 19 + 5)].join(',');
        const url = `https://www.evz.ro/bench/articol-${seed}-${i}`;
        return {
          path: `/v1/widget?publisher=${spec.publisher}&url=${encodeURIComponent(url)}&title=${encodeURIComponent(title)}&keywords=${encodeURIComponent(keywords)}&section=Actualitate`,
        };
      };
    }
    case 'events': {
      const served = spec.served ?? [];
      return () => {
        const i = n++;
        const s = served[i % served.length] ?? { token: '', items: [] };
        return {
          path: '/v1/events',
          method: 'POST' as const,
          headers: {
            'content-type': 'text/plain',
            'user-agent':
              'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
          },
          body: JSON.stringify({
            token: s.token,
            type: 'impression',
            items: s.items,
            impressionId: `bench-${seed}-${i}`,
          }),
        };
      };
    }
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(Buffer.from(process.argv[2] ?? '', 'base64url').toString('utf8')) as LoadSpec;
  const next = pathMaker(spec);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  const out: LoadResult = {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    sent: result.requests.sent,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
