#!/usr/bin/env node
// @ts-check
// citeste-si: operate a deployment over its HTTP API — partners, keys, publishers, feeds, pushes, reports, health.
// Plain ESM with JSDoc types and Node 20 built-ins only, so it runs from the package with no build step.
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const BATCH = 500;
const TIMEOUT_MS = 30_000;

/** A mistake in how the tool was called: exit code 2, with the command's help named. */
class UsageError extends Error {}
/** The server (or the network to it) said no: exit code 1. */
class ServerError extends Error {
  /** @param {string} message @param {unknown} [problem] */
  constructor(message, problem) {
    super(message);
    this.problem = problem;
  }
}

/**
 * @typedef {{ type: 'string' | 'boolean', short?: string, multiple?: boolean }} OptionSpec
 * @typedef {{ url: string, json: boolean, adminToken: string | undefined, partnerKey: string | undefined,
 *   metricsToken: string | undefined, out: (text: string) => void, err: (text: string) => void }} Ctx
 * @typedef {{ values: Record<string, string | boolean | string[] | undefined>, positionals: string[] }} Parsed
 * @typedef {{ usage: string, summary: string, help: string, options?: Record<string, OptionSpec>,
 *   args?: [number, number], run: (ctx: Ctx, args: Parsed) => Promise<number> }} Command
 */

const GLOBAL_HELP = `Options for every command:
  --url URL     the deployment (env CITESTE_SI_URL, default http://localhost:8787)
  --json        machine-readable output on stdout (errors too, as problem+json)
  -h, --help    help for the command

Environment:
  CITESTE_SI_URL           the deployment's base URL
  CITESTE_SI_ADMIN_TOKEN   the admin token (partners, publishers, feeds, reports)
  CITESTE_SI_PARTNER_KEY   a partner API key (push; reports of that partner)
  CITESTE_SI_METRICS_TOKEN the deployment's METRICS_TOKEN, when /metrics asks for one (health)

Exit codes: 0 done, 1 the server refused or could not be reached, 2 wrong usage.`;

/** @type {Record<string, OptionSpec>} */
const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

// ── HTTP ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One request; returns the parsed answer or throws ServerError (non-2xx, network failure).
 * @param {Ctx} ctx
 * @param {string} method
 * @param {string} path
 * @param {{ auth?: 'admin' | 'partner' | 'metrics' | 'none', body?: unknown, accept404?: boolean, raw?: boolean }} [options]
 * @returns {Promise<{ status: number, body: any, text: string, headers: Headers }>}
 */
async function request(ctx, method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.5' };
  const auth = options.auth ?? 'admin';
  if (auth === 'admin') {
    if (!ctx.adminToken) throw new UsageError("set CITESTE_SI_ADMIN_TOKEN to the deployment's admin token");
    headers.Authorization = `Bearer ${ctx.adminToken}`;
  } else if (auth === 'partner') {
    if (!ctx.partnerKey) throw new UsageError('set CITESTE_SI_PARTNER_KEY to your partner API key');
    headers.Authorization = `Bearer ${ctx.partnerKey}`;
  } else if (auth === 'metrics' && ctx.metricsToken) headers.Authorization = `Bearer ${ctx.metricsToken}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const url = new URL(path.replace(/^\//, ''), `${ctx.url.replace(/\/+$/, '')}/`);
  /** @type {Response} */
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new ServerError(`cannot reach ${url.origin}: ${cause}`);
  }
  const text = await res.text();
  /** @type {any} */
  let body = text;
  if (/json/i.test(res.headers.get('content-type') ?? '') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (res.ok || (options.accept404 && res.status === 404)) {
    return { status: res.status, body, text, headers: res.headers };
  }
  throw new ServerError(describeProblem(method, url.pathname, res.status, body), body);
}

/**
 * A problem+json answer as a few readable lines.
 * @param {string} method @param {string} path @param {number} status @param {any} body
 */
function describeProblem(method, path, status, body) {
  if (body && typeof body === 'object' && typeof body.title === 'string') {
    const lines = [`${method} ${path} → ${status} ${body.title}${body.detail ? `: ${body.detail}` : ''}`];
    if (Array.isArray(body.errors)) {
      for (const e of body.errors) lines.push(`  ${e.path}: ${e.message}`);
    }
    if (status === 404 && typeof body.detail === 'string' && body.detail.startsWith('No route for')) {
      lines.push('  (this deployment does not offer that API yet)');
    }
    return lines.join('\n');
  }
  const snippet = typeof body === 'string' ? body.slice(0, 200).trim() : '';
  return `${method} ${path} → ${status}${snippet ? `: ${snippet}` : ''}`;
}

// ── output ───────────────────────────────────────────────────────────────────────────────────────────────

/** @param {Ctx} ctx @param {unknown} value */
const printJson = (ctx, value) => ctx.out(`${JSON.stringify(value, null, 2)}\n`);

/**
 * A plain text table.
 * @param {string[]} columns @param {Array<Record<string, unknown>>} rows
 */
function table(columns, rows) {
  const cell = (/** @type {unknown} */ v) =>
    v === undefined || v === null
      ? ''
      : Array.isArray(v)
        ? v.join(',')
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (/** @type {string[]} */ r) =>
    r
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(columns), ...cells.map(line)].join('\n')}\n`;
}

/** @param {string | boolean | string[] | undefined} v */
const list = (v) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** @param {string | boolean | string[] | undefined} v @param {string} name */
function int(v, name) {
  if (typeof v !== 'string') return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
}

/** @param {string | boolean | string[] | undefined} v */
const str = (v) => (typeof v === 'string' ? v : undefined);

// ── push: JSON and CSV files ─────────────────────────────────────────────────────────────────────────────

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += ch;
  }
  if (quoted) throw new UsageError('the CSV file ends inside a quoted field');
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

const CSV_COLUMNS = ['url', 'title', 'publishedAt', 'imageUrl', 'summary', 'category', 'tags', 'expiresAt'];

/**
 * Headline objects from a CSV with a header row; empty cells are left out, tags are `|`-separated.
 * @param {string} text
 */
export function headlinesFromCsv(text) {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new UsageError('the CSV file is empty');
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !CSV_COLUMNS.includes(n));
  if (unknown.length)
    throw new UsageError(`unknown CSV column(s): ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(',')})`);
  for (const required of ['url', 'title', 'publishedAt']) {
    if (!names.includes(required)) throw new UsageError(`the CSV header must name a "${required}" column`);
  }
  return rows.map((cells) => {
    /** @type {Record<string, unknown>} */
    const item = {};
    names.forEach((name, i) => {
      const value = (cells[i] ?? '').trim();
      if (value === '') return;
      item[name] =
        name === 'tags'
          ? value
              .split('|')
              .map((t) => t.trim())
              .filter(Boolean)
          : value;
    });
    return item;
  });
}

/** @param {string} file */
async function readHeadlines(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return headlinesFromCsv(text);
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(
      `${basename(file)} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const items = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && 'headlines' in data
      ? data.headlines
      : undefined;
  if (!Array.isArray(items))
    throw new UsageError(`${basename(file)} must hold an array or {"headlines": [...]}`);
  return items;
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** @type {Command} */
const push = {
  usage: 'push <file.json|file.csv>',
  summary: 'push a file of headlines with your partner key, 500 at a time',
  help: `Pushes headlines from a JSON file (an array, or {"headlines": [...]}) or a CSV file with a header row
  url,title,publishedAt,imageUrl,summary,category,tags,expiresAt
(url, title, publishedAt required; tags separated by "|"). Sends batches of 500 with progress on stderr,
then sums what was accepted and prints why each rejected item was refused.
The partner key comes from CITESTE_SI_PARTNER_KEY. Exits 1 if any item was rejected or a batch failed.

Example:
  CITESTE_SI_PARTNER_KEY=cs_… citeste-si push titluri.csv`,
  args: [1, 1],
  async run(ctx, { positionals }) {
    const file = /** @type {string} */ (positionals[0]);
    const items = await readHeadlines(file);
    if (!ctx.partnerKey) throw new UsageError('set CITESTE_SI_PARTNER_KEY to your partner API key');
    if (items.length === 0) throw new UsageError(`${basename(file)} holds no headlines`);
    let accepted = 0;
    /** @type {Array<{ index: number, url: unknown, errors: Array<{ path: string, message: string }> }>} */
    const rejected = [];
    const batches = Math.ceil(items.length / BATCH);
    for (let b = 0; b < batches; b++) {
      const offset = b * BATCH;
      const batch = items.slice(offset, offset + BATCH);
      const result = await pushBatch(ctx, batch);
      accepted += result.accepted;
      for (const r of result.rejected) {
        const item = batch[r.index];
        rejected.push({
          index: offset + r.index,
          url: item && typeof item === 'object' ? item.url : undefined,
          errors: r.errors,
        });
      }
      ctx.err(
        `batch ${b + 1}/${batches}: ${Math.min(offset + batch.length, items.length)}/${items.length} sent, ` +
          `${accepted} accepted, ${rejected.length} rejected\n`,
      );
    }
    if (ctx.json) printJson(ctx, { total: items.length, accepted, rejected });
    else {
      ctx.out(`${accepted} of ${items.length} headlines accepted, ${rejected.length} rejected\n`);
      for (const r of rejected) {
        ctx.out(`  #${r.index}${typeof r.url === 'string' ? ` ${r.url}` : ''}\n`);
        for (const e of r.errors) ctx.out(`    ${e.path}: ${e.message}\n`);
      }
    }
    return rejected.length ? EXIT_FAILURE : EXIT_OK;
  },
};

/**
 * One batch; waits out a 429 (Retry-After) up to three times.
 * @param {Ctx} ctx @param {unknown[]} batch
 * @returns {Promise<{ accepted: number, rejected: Array<{ index: number, errors: Array<{ path: string, message: string }> }> }>}
 */
async function pushBatch(ctx, batch) {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await request(ctx, 'POST', '/v1/headlines', { auth: 'partner', body: { headlines: batch } }))
        .body;
    } catch (err) {
      const problem = err instanceof ServerError ? /** @type {any} */ (err.problem) : undefined;
      if (attempt > 3 || problem?.status !== 429) throw err;
      const wait = Math.min(60, Number(problem.retryAfter) || 5 * attempt);
      ctx.err(`rate limited; retrying in ${wait} s\n`);
      await sleep(wait * 1000);
    }
  }
}

// ── admin commands ───────────────────────────────────────────────────────────────────────────────────────

/** @type {Record<string, Command>} */
const COMMANDS = {
  'partners create': {
    usage: 'partners create <id> --name NAME --domains a.ro,b.ro [--homepage URL] [--logo-url URL]',
    summary: 'create a partner (outlet); prints its API key once',
    help: `Creates a partner that may push headlines for the given domains (and their subdomains).
The API key is printed once: hand it to the partner.

Example:
  citeste-si partners create digi24 --name Digi24 --domains digi24.ro`,
    options: {
      name: { type: 'string' },
      domains: { type: 'string' },
      domain: { type: 'string', multiple: true },
      homepage: { type: 'string' },
      'logo-url': { type: 'string' },
    },
    args: [1, 1],
    async run(ctx, { values, positionals }) {
      const extra = values.domain;
      const domains = [...(list(values.domains) ?? []), ...(Array.isArray(extra) ? extra : [])];
      if (!values.name) throw new UsageError('--name is required');
      if (!domains.length) throw new UsageError('--domains is required (comma-separated)');
      const body = {
        id: positionals[0],
        name: values.name,
        domains,
        ...(values.homepage ? { homepage: values.homepage } : {}),
        ...(values['logo-url'] ? { logoUrl: values['logo-url'] } : {}),
      };
      const { body: created } = await request(ctx, 'POST', '/v1/admin/partners', { body });
      if (ctx.json) printJson(ctx, created);
      else {
        ctx.out(
          `Partner ${created.partner.id} (${created.partner.name}) created for ${created.partner.domains.join(', ')}\n`,
        );
        ctx.out(`API key (shown once, keep it safe): ${created.apiKey}\n`);
      }
      return EXIT_OK;
    },
  },
  'partners list': {
    usage: 'partners list',
    summary: 'list partners',
    help: 'Lists every partner: id, name, domains, creation time.',
    args: [0, 0],
    async run(ctx) {
      const { body } = await request(ctx, 'GET', '/v1/admin/partners');
      if (ctx.json) printJson(ctx, body);
      else ctx.out(table(['id', 'name', 'domains', 'createdAt'], body.partners));
      return EXIT_OK;
    },
  },
  'partners rotate-key': {
    usage: 'partners rotate-key <id>',
    summary: "issue a new API key; the partner's older keys stop working",
    help: 'Issues a new API key for the partner and prints it once. Every older key of that partner stops working at once.',
    args: [1, 1],
    async run(ctx, { positionals }) {
      const id = encodeURIComponent(/** @type {string} */ (positionals[0]));
      const { body } = await request(ctx, 'POST', `/v1/admin/partners/${id}/keys`);
      if (ctx.json) printJson(ctx, body);
      else
        ctx.out(
          `New API key for ${positionals[0]} (shown once; older keys no longer work): ${body.apiKey}\n`,
        );
      return EXIT_OK;
    },
  },
  'publishers set': {
    usage:
      'publishers set <id> [--name N] [--partner ID] [--title T] [--limit N] [--max-per-outlet N]\n' +
      '       [--include a,b] [--exclude a,b] [--exclude-categories x,y]',
    summary: 'create a publisher or change some of its settings',
    help: `Creates the publisher (then --name is required) or changes only the settings given, keeping the rest.
  --name N                  the site's name
  --partner ID              its own outlet: never shown in its own box
  --title T                 the box title (default „Citește și”)
  --limit N                 headlines per box, 1–20 (default 6)
  --max-per-outlet N        at most N headlines of one outlet (default 2)
  --include a,b             only these partners ("" = all partners again)
  --exclude a,b             never these partners
  --exclude-categories x,y  never these categories (case- and diacritics-insensitive)

Example:
  citeste-si publishers set evz --name "Evenimentul Zilei" --partner evz --limit 6 --exclude-categories horoscop`,
    options: {
      name: { type: 'string' },
      partner: { type: 'string' },
      title: { type: 'string' },
      limit: { type: 'string' },
      'max-per-outlet': { type: 'string' },
      include: { type: 'string' },
      exclude: { type: 'string' },
      'exclude-categories': { type: 'string' },
    },
    args: [1, 1],
    async run(ctx, { values, positionals }) {
      const id = encodeURIComponent(/** @type {string} */ (positionals[0]));
      const limit = int(values.limit, 'limit');
      const maxPerOutlet = int(values['max-per-outlet'], 'max-per-outlet');
      const current = await request(ctx, 'GET', `/v1/admin/publishers/${id}`, { accept404: true });
      // PUT replaces: start from what is stored, minus what the server sets itself.
      /** @type {Record<string, unknown>} */
      const body = {};
      if (current.status === 200) {
        for (const [k, v] of Object.entries(current.body.publisher))
          if (k !== 'id' && k !== 'updatedAt') body[k] = v;
      }
      if (values.name !== undefined) body.name = values.name;
      if (values.partner !== undefined) body.partnerId = values.partner || undefined;
      if (values.title !== undefined) body.title = values.title;
      if (limit !== undefined) body.limit = limit;
      if (maxPerOutlet !== undefined) body.maxPerOutlet = maxPerOutlet;
      if (values.include !== undefined) {
        const include = list(values.include) ?? [];
        body.includePartners = include.length ? include : undefined;
      }
      if (values.exclude !== undefined) body.excludePartners = list(values.exclude);
      if (values['exclude-categories'] !== undefined)
        body.excludeCategories = list(values['exclude-categories']);
      if (body.name === undefined)
        throw new UsageError(`publisher ${positionals[0]} does not exist yet: --name is required`);
      const { body: saved } = await request(ctx, 'PUT', `/v1/admin/publishers/${id}`, { body });
      if (ctx.json) printJson(ctx, saved);
      else
        ctx.out(
          `Publisher ${saved.publisher.id} ${current.status === 200 ? 'updated' : 'created'}\n${describePublisher(saved.publisher)}`,
        );
      return EXIT_OK;
    },
  },
  'publishers get': {
    usage: 'publishers get <id>',
    summary: "show a publisher's settings",
    help: "Shows a publisher's settings. Exits 1 when there is no such publisher.",
    args: [1, 1],
    async run(ctx, { positionals }) {
      const id = encodeURIComponent(/** @type {string} */ (positionals[0]));
      const { body } = await request(ctx, 'GET', `/v1/admin/publishers/${id}`);
      if (ctx.json) printJson(ctx, body);
      else ctx.out(`Publisher ${body.publisher.id}\n${describePublisher(body.publisher)}`);
      return EXIT_OK;
    },
  },
  'feeds add': {
    usage: 'feeds add <partnerId> <url> [--kind rss|atom|news-sitemap] [--category C] [--interval SECONDS]',
    summary: "register a partner's RSS/Atom feed or news sitemap",
    help: `Registers a feed the service polls for the partner (kind detected when not given).

Example:
  citeste-si feeds add digi24 https://www.digi24.ro/rss --interval 300`,
    options: { kind: { type: 'string' }, category: { type: 'string' }, interval: { type: 'string' } },
    args: [2, 2],
    async run(ctx, { values, positionals }) {
      const [partner, url] = /** @type {[string, string]} */ (positionals);
      const interval = int(values.interval, 'interval');
      const body = {
        url,
        ...(values.kind ? { kind: values.kind } : {}),
        ...(values.category ? { category: values.category } : {}),
        ...(interval !== undefined ? { intervalSeconds: interval } : {}),
      };
      const { body: saved } = await request(
        ctx,
        'POST',
        `/v1/admin/partners/${encodeURIComponent(partner)}/feeds`,
        { body },
      );
      if (ctx.json) printJson(ctx, saved);
      else ctx.out(`Feed ${saved.feed?.id} added for ${partner}: ${saved.feed?.url ?? url}\n`);
      return EXIT_OK;
    },
  },
  'feeds list': {
    usage: 'feeds list <partnerId>',
    summary: "a partner's feeds and their health",
    help: "Lists a partner's feeds with their last poll, last success, last error and item counts.",
    args: [1, 1],
    async run(ctx, { positionals }) {
      const partner = encodeURIComponent(/** @type {string} */ (positionals[0]));
      const { body } = await request(ctx, 'GET', `/v1/admin/partners/${partner}/feeds`);
      if (ctx.json) printJson(ctx, body);
      else
        ctx.out(
          table(
            ['id', 'url', 'kind', 'lastSuccessAt', 'lastError', 'accepted', 'rejected', 'nextPollAt'],
            body.feeds ?? [],
          ),
        );
      return EXIT_OK;
    },
  },
  'feeds remove': {
    usage: 'feeds remove <partnerId> <feedId>',
    summary: 'stop polling a feed',
    help: 'Removes a feed; headlines it brought stay until they expire.',
    args: [2, 2],
    async run(ctx, { positionals }) {
      const [partner, feed] = /** @type {[string, string]} */ (positionals);
      await request(
        ctx,
        'DELETE',
        `/v1/admin/partners/${encodeURIComponent(partner)}/feeds/${encodeURIComponent(feed)}`,
      );
      if (ctx.json) printJson(ctx, { removed: feed });
      else ctx.out(`Feed ${feed} removed\n`);
      return EXIT_OK;
    },
  },
  push,
  ...Object.fromEntries(
    /** @type {const} */ (['daily', 'exchange', 'top', 'experiment']).map((name) => [
      `reports ${name}`,
      reportCommand(name),
    ]),
  ),
  health: {
    usage: 'health',
    summary: "check a deployment's /health, /ready and /metrics",
    help: `Checks liveness (/health), readiness (/ready: store reachable, index built) and that /metrics answers.
Exits 1 when any of them fails, so it fits a deploy script or a cron job.`,
    args: [0, 0],
    async run(ctx) {
      /** @type {Record<string, { ok: boolean, status?: number, ms?: number, body?: unknown, error?: string }>} */
      const checks = {};
      for (const path of ['/health', '/ready', '/metrics']) {
        const started = performance.now();
        try {
          const res = await request(ctx, 'GET', path, { auth: path === '/metrics' ? 'metrics' : 'none' });
          const ms = Math.round(performance.now() - started);
          if (path === '/metrics') {
            const series = res.text.split('\n').filter((l) => l && !l.startsWith('#')).length;
            checks.metrics = { ok: series > 0, status: res.status, ms, body: { series } };
          } else checks[path.slice(1)] = { ok: true, status: res.status, ms, body: res.body };
        } catch (err) {
          if (!(err instanceof ServerError)) throw err;
          checks[path.slice(1)] = { ok: false, error: err.message, body: err.problem };
        }
      }
      const ok = Object.values(checks).every((c) => c.ok);
      if (ctx.json) printJson(ctx, { ok, url: ctx.url, checks });
      else {
        for (const [name, c] of Object.entries(checks)) {
          ctx.out(
            `${c.ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(8)}${c.status ? `${c.status}  ${c.ms} ms` : (c.error ?? '')}\n`,
          );
          if (name === 'ready' && c.body && typeof c.body === 'object' && 'checks' in c.body) {
            for (const [k, v] of Object.entries(/** @type {Record<string, any>} */ (c.body.checks))) {
              const { ok: fine, ...rest } = v;
              ctx.out(`        ${fine ? '✓' : '✗'} ${k} ${JSON.stringify(rest)}\n`);
            }
          }
        }
        ctx.out(ok ? `${ctx.url} is ready\n` : `${ctx.url} is NOT ready\n`);
      }
      return ok ? EXIT_OK : EXIT_FAILURE;
    },
  },
};

/**
 * @param {'daily' | 'exchange' | 'top' | 'experiment'} name
 * @returns {Command}
 */
function reportCommand(name) {
  const columns = {
    daily: [
      'date',
      'publisher',
      'outlet',
      'widgetLoads',
      'impressions',
      'viewable',
      'clicks',
      'ctr',
      'viewabilityRate',
    ],
    exchange: ['id', 'name', 'clicksSent', 'clicksReceived', 'balance'],
    top: ['id', 'outlet', 'impressions', 'clicks', 'ctr', 'title'],
    experiment: [
      'variant',
      'name',
      'weight',
      'widgetLoads',
      'impressions',
      'clicks',
      'ctr',
      'viewabilityRate',
    ],
  }[name];
  const what = {
    daily: 'per day, publisher and outlet: box loads, impressions, viewable, clicks, CTR',
    exchange: 'per partner: clicks sent to others, clicks received, balance',
    top: "a publisher's top headlines (--publisher required)",
    experiment: "a publisher's ranking experiment per variant (--publisher required)",
  }[name];
  return {
    usage: `reports ${name} [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--publisher ID] [--outlet ID] [--limit N] [--csv]`,
    summary: `report: ${what}`,
    help: `The ${name} report, ${what}. Days are Europe/Bucharest days; the server picks the range when
--from/--to are not given. With CITESTE_SI_ADMIN_TOKEN it covers everything; with only
CITESTE_SI_PARTNER_KEY, what concerns that partner. --csv prints the server's CSV.`,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      publisher: { type: 'string' },
      outlet: { type: 'string' },
      limit: { type: 'string' },
      csv: { type: 'boolean' },
    },
    args: [0, 0],
    async run(ctx, { values }) {
      const query = new URLSearchParams();
      for (const key of ['from', 'to', 'publisher', 'outlet', 'limit']) {
        const v = str(values[key]);
        if (v) query.set(key, v);
      }
      if (values.csv) query.set('format', 'csv');
      const admin = Boolean(ctx.adminToken) || !ctx.partnerKey;
      const path = `${admin ? '/v1/admin/reports' : '/v1/reports'}/${name}?${query}`;
      const res = await request(ctx, 'GET', path, { auth: admin ? 'admin' : 'partner' });
      if (values.csv) ctx.out(res.text.endsWith('\n') ? res.text : `${res.text}\n`);
      else if (ctx.json) printJson(ctx, res.body);
      else {
        const body = res.body ?? {};
        const rows = body.rows ?? body.partners ?? body.headlines ?? body.variants ?? [];
        if (body.from) ctx.out(`${name} report, ${body.from} – ${body.to}\n`);
        ctx.out(table(columns, rows));
      }
      return EXIT_OK;
    },
  };
}

/** @param {Record<string, any>} p */
function describePublisher(p) {
  const lines = [
    ['name', p.name],
    ['own outlet', p.partnerId ?? '—'],
    ['title', p.title],
    ['limit', p.limit],
    ['max per outlet', p.maxPerOutlet],
    ['only partners', p.includePartners?.join(', ') || 'all'],
    ['excluded partners', p.excludePartners?.join(', ') || '—'],
    ['excluded categories', p.excludeCategories?.join(', ') || '—'],
  ];
  return lines.map(([k, v]) => `  ${String(k).padEnd(20)} ${v}\n`).join('');
}

// ── dispatch ─────────────────────────────────────────────────────────────────────────────────────────────

function mainHelp() {
  const rows = Object.values(COMMANDS).map(
    (c) => `  ${c.usage.split(/ \[| --|\n/)[0]?.padEnd(34)} ${c.summary}`,
  );
  return `citeste-si — operate a "Citește și" deployment over its API

Usage: citeste-si <command> [arguments] [options]

Commands:
${rows.join('\n')}

Run "citeste-si <command> --help" for a command's options.

${GLOBAL_HELP}
`;
}

/** @param {Command} command */
const commandHelp = (command) => `Usage: citeste-si ${command.usage}

${command.help}

${GLOBAL_HELP}
`;

/**
 * Runs the tool; returns the exit code. Output goes through the given writers, so tests can call it too.
 * @param {string[]} argv
 * @param {{ env?: Record<string, string | undefined>, out?: (s: string) => void, err?: (s: string) => void }} [io]
 */
export async function main(argv, io = {}) {
  const env = io.env ?? process.env;
  const out = io.out ?? ((/** @type {string} */ s) => void process.stdout.write(s));
  const err = io.err ?? ((/** @type {string} */ s) => void process.stderr.write(s));
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = [`${words[0]} ${words[1]}`, words[0]].find((n) => n !== undefined && n in COMMANDS);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (!name) {
    if (words.length === 0 || words[0] === 'help') {
      (wantsHelp || words[0] === 'help' ? out : err)(mainHelp());
      return wantsHelp || words[0] === 'help' ? EXIT_OK : EXIT_USAGE;
    }
    const group = Object.keys(COMMANDS).filter((c) => c.startsWith(`${words[0]} `));
    if (group.length && wantsHelp) {
      out(`${group.map((c) => `citeste-si ${COMMANDS[c]?.usage}`).join('\n')}\n\n${GLOBAL_HELP}\n`);
      return EXIT_OK;
    }
    err(
      group.length
        ? `citeste-si: "${words[0]}" needs a subcommand: ${group.map((c) => c.split(' ')[1]).join(', ')}\n`
        : `citeste-si: unknown command "${words.join(' ')}"; run "citeste-si --help"\n`,
    );
    return EXIT_USAGE;
  }
  const command = /** @type {Command} */ (COMMANDS[name]);
  // Drop the command words (their first occurrences) and parse what is left.
  const rest = [...argv];
  for (const w of name.split(' ')) rest.splice(rest.indexOf(w), 1);
  /** @type {Parsed} */
  let parsed;
  try {
    const result = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    parsed = { values: /** @type {Parsed['values']} */ (result.values), positionals: result.positionals };
  } catch (e) {
    err(
      `citeste-si ${name}: ${e instanceof Error ? e.message : String(e)}\nRun "citeste-si ${name} --help".\n`,
    );
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    out(commandHelp(command));
    return EXIT_OK;
  }
  const [min, max] = command.args ?? [0, 0];
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    err(`citeste-si: usage: citeste-si ${command.usage}\nRun "citeste-si ${name} --help".\n`);
    return EXIT_USAGE;
  }
  const url = str(parsed.values.url) ?? env.CITESTE_SI_URL ?? 'http://localhost:8787';
  if (!/^https?:\/\/[^/]/.test(url)) {
    err(`citeste-si: --url / CITESTE_SI_URL must be an http(s) URL, not "${url}"\n`);
    return EXIT_USAGE;
  }
  /** @type {Ctx} */
  const ctx = {
    url: url.replace(/\/+$/, ''),
    json: parsed.values.json === true,
    adminToken: env.CITESTE_SI_ADMIN_TOKEN || undefined,
    partnerKey: env.CITESTE_SI_PARTNER_KEY || undefined,
    metricsToken: env.CITESTE_SI_METRICS_TOKEN || undefined,
    out,
    err,
  };
  try {
    return await command.run(ctx, parsed);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`citeste-si ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof ServerError) {
      err(`citeste-si ${name}: ${e.message}\n`);
      if (ctx.json && e.problem && typeof e.problem === 'object') printJson(ctx, e.problem);
      return EXIT_FAILURE;
    }
    throw e;
  }
}

// Run when executed (`citeste-si …` through npm's bin link, `node bin/citeste-si.mjs …`), not when imported.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invoked === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(
        `citeste-si: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = EXIT_FAILURE;
    },
  );
}
