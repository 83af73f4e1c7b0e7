// The fuzz suite's toolkit: hostile values, raw request builders, and the checks every answer must pass.
import fc from 'fast-check';
import { expect } from 'vitest';
import { ADMIN_TOKEN, auth, createPartner, jsonRequest, type TestContext } from '../support/harness.js';

/** Runs per property: enough to hit every generator branch, small enough for < 60 s on 2 cores. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Per-test timeout for a property (a failing one shrinks, which takes a while). */
export const FUZZ_TIMEOUT = 120_000;

/** Rate limits out of the way: the fuzz suite tests input handling, not budgets. */
export const FUZZ_ENV: Record<string, string> = {
  RATE_LIMIT_PUSH_PER_MINUTE: '100000000',
  RATE_LIMIT_EVENTS_PER_MINUTE: '100000000',
  RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: '100000000',
  RATE_LIMIT_REDIRECTS_PER_MINUTE: '100000000',
};

// ---------------------------------------------------------------------------------------------
// Hostile strings

const LONG = 'x'.repeat(70_000);

/** Hand-picked values that broke real services: markup, controls, encodings, numbers, pollution keys. */
export const NASTY: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</script><script>alert(document.cookie)</script>',
  "';alert(1)//",
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '<svg onload=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '$' + '{7*7}',
  '\u0000',
  'a\u0000b',
  '\u0007\u0008\u001b[31m',
  '\r\nSet-Cookie: x=1',
  '\u0085\u009b',
  '\u202Egnp.exe',
  '\u2066x\u2069',
  '\u200f\u200e',
  '\u2028\u2029',
  '\ufeff',
  '\u200b',
  '\ufffe\uffff',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\ud83d',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f\u031e\u0320\u034d',
  'S\u0326oferii s\u0327i \u201esta\u0306ri\u201d',
  '👩‍👩‍👧‍👦🇷🇴',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e-400',
  '-0',
  '0x1F',
  '9007199254740993',
  '123456789012345678901234567890',
  '1'.repeat(400),
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '%',
  '%%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%00',
  '%C0%AF',
  '%FF%FE',
  '%u0041',
  '+',
  '&&==',
  '../../../etc/passwd',
  '..%2F..%2F',
  '=HYPERLINK("http://evil.example","x")',
  "=cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '+1',
  '-1',
  "' OR 1=1 --",
  '*',
  '?',
  '#',
  ' ',
  '',
  '\t',
  'https://evil.example/',
  '//evil.example/x',
  'http://127.0.0.1:6379/',
  'http://[::1]/',
  'http://169.254.169.254/latest/meta-data/',
  'https://user:pw@www.fuzz.ro/a',
  'https://www.fuzz.ro/',
  'HTTPS://WWW.FUZZ.RO/A?utm_source=x&fbclid=y#frag',
  'https://www.fuzz.ro./a%00b',
  'ftp://fuzz.ro/',
  'x'.repeat(5000),
  'ș'.repeat(3000),
  LONG,
];

const codeUnit = (min: number, max: number) => fc.integer({ min, max }).map((n) => String.fromCharCode(n));

/** One "character" that is anything from a lone surrogate to an astral emoji. */
const anyChar = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: codeUnit(0x20, 0x7e) },
  { weight: 1, arbitrary: codeUnit(0xd800, 0xdfff) },
  { weight: 1, arbitrary: codeUnit(0x00, 0x1f) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('\u007f', '\u0085', '\u202e', '\u2066', '\u2028', '\ufeff', '\u200b'),
  },
  { weight: 2, arbitrary: fc.constantFrom('<', '>', '"', "'", '&', '%', '\\', '/', '#', '?', '=', ',', '|') },
  { weight: 1, arbitrary: fc.constantFrom('ă', 'â', 'î', 'ș', 'ț', 'ş', 'ţ', 'a\u0306', 's\u0326') },
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: anyChar, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.constantFrom(...NASTY)).map(([a, b]) => a + b),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('a', 'ș', '<', '\u0000', '%', '\ud800', ' '),
        fc.integer({ min: 100, max: 5000 }),
      )
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Characters HTTP header values can carry (Latin-1, no CR/LF/NUL). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.oneof(codeUnit(0x20, 0x7e), codeUnit(0x80, 0xff), fc.constant('\t')),
    maxLength: 80,
  }),
  fc.constantFrom('', ' ', 'x'.repeat(8000), '<script>', '__proto__', '*', 'null', '\u00ff\u00fe'),
);

// ---------------------------------------------------------------------------------------------
// JSON text (built as text, so it can hold what JSON.stringify never writes: 1e309, duplicate keys, __proto__)

export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'valueOf'];

const POLLUTION_VALUES = [
  '{"polluted":"yes"}',
  '{"prototype":{"polluted":"yes"}}',
  '{"__proto__":{"polluted":"yes"}}',
  '"polluted"',
  'null',
];

const DEPTH = 60_000;
export const DEEP_ARRAY = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
export const DEEP_OBJECT = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;

export const numberText = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '1',
    '-1',
    '1.5',
    '1e309',
    '-1e309',
    '1e-400',
    '1E2',
    '6',
    '20',
    '21',
    '500',
    '501',
  ),
  fc.constantFrom('123456789012345678901234567890', '9007199254740993', '0.1e1', '2.000000000000000000001'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.integer().map(String),
);

export const stringText = (s: fc.Arbitrary<string>) => s.map((v) => JSON.stringify(v));

const keyArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 1, arbitrary: hostileString },
);

/** Any JSON value as text, hostile at every level. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{
  value: string;
  leaf: string;
  array: string;
  object: string;
}>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(
    fc.constantFrom('null', 'true', 'false', ...POLLUTION_VALUES),
    numberText,
    stringText(hostileString),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }).map((a) => `[${a.join(',')}]`),
  object: fc
    .array(fc.tuple(keyArb, tie('value')), { maxLength: 4 })
    .map((es) => `{${es.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).value;

/** Mostly the valid value, sometimes a hostile string in its place (objectText adds worse). */
export function mostly(
  valid: fc.Arbitrary<string>,
  hostile: fc.Arbitrary<string> = hostileString,
): fc.Arbitrary<string> {
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

/** A string field's JSON text. */
export const stringField = (plausible: fc.Arbitrary<string>) => stringText(plausible);

/** An array field of raw JSON items: usually short, sometimes far too long. */
export function arrayField(item: fc.Arbitrary<string>, maxLength = 6, minLength = 0): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 12, arbitrary: fc.array(item, { minLength, maxLength }) },
      { weight: 1, arbitrary: fc.array(item, { minLength: 200, maxLength: 600 }) },
    )
    .map((a) => `[${a.join(',')}]`);
}

/**
 * JSON text of an object from plausible field values, then mutated: a few fields replaced by hostile
 * values, some dropped, and now and then extra keys (prototype-pollution keys, duplicates of known ones).
 * Mostly-valid objects reach the code behind validation; wholly random ones rarely do.
 */
export function objectText(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const hostileValue = fc.oneof(stringText(hostileString), jsonText);
  const extras = fc.oneof(
    { weight: 5, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.tuple(
          fc.oneof(keyArb, fc.constantFrom(...keys)),
          fc.oneof(fc.constantFrom(...POLLUTION_VALUES), jsonText),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    },
  );
  return fc
    .tuple(
      fc.record(fields),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
        {
          weight: 2,
          arbitrary: fc.array(fc.tuple(fc.constantFrom(...keys), hostileValue), {
            minLength: 1,
            maxLength: 3,
          }),
        },
      ),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray(keys) },
      ),
      extras,
    )
    .map(([plausible, mutations, dropped, extra]) => {
      const values = new Map(Object.entries(plausible));
      for (const [k, v] of mutations) values.set(k, v);
      for (const k of dropped) values.delete(k);
      const all = [...values, ...extra];
      return `{${all.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    });
}

/** A whole body's text: the object, or something shaped entirely wrong. */
export function bodyText(object: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 20, arbitrary: object },
    { weight: 1, arbitrary: jsonText },
    { weight: 1, arbitrary: object.map((t) => `[${t}]`) },
    {
      weight: 1,
      arbitrary: object.chain((t) => fc.nat({ max: t.length }).map((n) => t.slice(0, n))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        DEEP_ARRAY,
        DEEP_OBJECT,
        '',
        ' ',
        '{',
        '"',
        '{"a":1,}',
        "{'a':1}",
        'NaN',
        '\u0000',
        '{"__proto__":{"polluted":"yes"}}',
        '{"constructor":{"prototype":{"polluted":"yes"}}}',
      ),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Request bodies: content types and byte-level encodings

export interface FuzzBody {
  contentType: string | undefined;
  body: string | Uint8Array<ArrayBuffer>;
  /** How the text was turned into bytes, for the failure report. */
  encoding: string;
}

const ODD_TYPES = [
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;;;',
  'application/merge-patch+json',
  'application/problem+json',
  'application/jsonx',
  'text/plain',
  'text/plain; charset=iso-8859-2',
  'text/html',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/xml',
  '*/*',
  'json',
  '',
];

const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
];

export function bodyArb(text: fc.Arbitrary<string>, accepted: readonly string[]): fc.Arbitrary<FuzzBody> {
  const contentType = fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom<string | undefined>(...accepted) },
    { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...ODD_TYPES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const encoded = fc.oneof(
    {
      weight: 24,
      arbitrary: text.map((t) => ({ body: t as string | Uint8Array<ArrayBuffer>, encoding: 'utf-8 text' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(text, fc.constantFrom(...INVALID_UTF8), fc.double({ min: 0, max: 1, noNaN: true }))
        .map(([t, bad, at]) => {
          const bytes = Buffer.from(t, 'utf8');
          const cut = Math.floor(at * bytes.length);
          const body = Buffer.concat([bytes.subarray(0, cut), Buffer.from(bad), bytes.subarray(cut)]);
          return { body: new Uint8Array(body), encoding: `invalid utf-8 ${JSON.stringify(bad)} at ${cut}` };
        }),
    },
    {
      weight: 1,
      arbitrary: text.map((t) => ({
        body: new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])),
        encoding: 'utf-8 with BOM',
      })),
    },
    {
      weight: 1,
      arbitrary: text.map((t) => ({ body: new Uint8Array(Buffer.from(t, 'utf16le')), encoding: 'utf-16le' })),
    },
    {
      weight: 1,
      arbitrary: text.map((t) => ({ body: new Uint8Array(Buffer.from(t, 'latin1')), encoding: 'latin1' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((b) => ({ body: new Uint8Array(b), encoding: 'random bytes' })),
    },
  );
  return fc.tuple(contentType, encoded).map(([type, e]) => ({ contentType: type, ...e }));
}

// ---------------------------------------------------------------------------------------------
// URLs: path segments and query strings, percent-encoded properly, wrongly or not at all

/** Percent-encodes a string; lone surrogates (which encodeURIComponent refuses) as their raw UTF-16 bytes. */
export function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`;
    } else out += encodeURIComponent(ch);
  }
  return out;
}

const BAD_PERCENT = [
  '%',
  '%%',
  '%2',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%00',
  '%0A%0D',
  '%25',
  '%2F',
  '%2e%2e',
  '%u0041',
];

/** A value as it appears in a URL: encoded, raw, or broken percent-encoding. */
export function urlPiece(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: value.map(encode) },
    { weight: 1, arbitrary: value.map((v) => v.slice(0, 200)) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_PERCENT) },
    {
      weight: 1,
      arbitrary: fc.tuple(value, fc.constantFrom(...BAD_PERCENT)).map(([v, bad]) => `${encode(v)}${bad}`),
    },
  );
}

export const idLike = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/);

/** A path segment: a valid id, an id-shaped name with a meaning in JS, or anything at all. */
export function segmentArb(known: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: idLike },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        ...known,
        'constructor',
        'prototype',
        'tostring',
        'valueof',
        '__proto__',
        '..',
      ),
    },
    { weight: 4, arbitrary: urlPiece(hostileString) },
  );
}

/** A query string: the known parameters (maybe), extra and repeated ones, and plain garbage. */
export function queryArb(known: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const pairs = Object.entries(known).map(([k, v]) =>
    fc.option(
      urlPiece(v).map((value) => `${k}=${value}`),
      { freq: 4 },
    ),
  );
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant<string[]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(
        fc.oneof(
          fc
            .tuple(
              urlPiece(fc.oneof(hostileString, fc.constantFrom(...Object.keys(known)))),
              urlPiece(hostileString),
            )
            .map(([k, v]) => `${k}=${v}`),
          fc.constantFrom(
            '&',
            '=',
            '==',
            '&&=&',
            '?',
            '#',
            '__proto__[polluted]=yes',
            'constructor[prototype][polluted]=yes',
          ),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    },
  );
  return fc.tuple(fc.tuple(...pairs), extra).map(([present, more]) => {
    const all = [...present.filter((p): p is string => p !== null), ...more];
    return all.length ? `?${all.join('&')}` : '';
  });
}

// ---------------------------------------------------------------------------------------------
// Sending and checking

export interface FuzzRequest {
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: FuzzBody | undefined;
}

export function send(ctx: TestContext, req: FuzzRequest): Promise<Response> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers.set(k, v);
  const init: RequestInit = { method: req.method, headers };
  if (req.body && req.method !== 'GET' && req.method !== 'HEAD') {
    if (req.body.contentType !== undefined) headers.set('content-type', req.body.contentType);
    init.body = req.body.body;
  }
  return Promise.resolve(ctx.app.request(req.path, init));
}

/** A body that is not UTF-8 is refused whole, never decoded with replacement characters and stored. */
export function expectRefusedUnlessUtf8(body: FuzzBody, res: Response): void {
  if (body.encoding.startsWith('invalid utf-8'))
    expect(res.status, body.encoding).toBeGreaterThanOrEqual(400);
}

/** A well-formed JSON body, for the examples every property runs first (the success path, for sure). */
export function jsonFuzzBody(value: unknown, contentType = 'application/json'): FuzzBody {
  return { contentType, body: JSON.stringify(value), encoding: 'utf-8 text' };
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** RFC 9457 as the contract writes it: nothing more, nothing of the wrong type. */
export function expectProblem(body: unknown, status: number): asserts body is Problem {
  expect(body).toBeTypeOf('object');
  expect(body).not.toBeNull();
  const p = body as Record<string, unknown>;
  for (const key of Object.keys(p)) expect(['type', 'title', 'status', 'detail', 'errors']).toContain(key);
  expect(p.type).toMatch(/^https:\/\/\S+$/);
  expect(p.title).toBeTypeOf('string');
  expect(p.status).toBe(status);
  if ('detail' in p) expect(p.detail).toBeTypeOf('string');
  if ('errors' in p) {
    expect(Array.isArray(p.errors)).toBe(true);
    for (const e of p.errors as unknown[]) {
      expect(e).toEqual({ path: expect.any(String), message: expect.any(String) });
    }
  }
}

/**
 * Every answer: below 500; a 4xx is problem+json of the right shape; JSON answers parse.
 * Returns the body text for further checks.
 */
export async function expectSafeAnswer(res: Response, method: string, what = ''): Promise<string> {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
  if (res.status >= 400) {
    expect(type, `${what} → ${res.status} ${text.slice(0, 300)}`).toMatch(/^application\/problem\+json/);
    if (method !== 'HEAD') expectProblem(JSON.parse(text), res.status);
  } else if (/json/.test(type) && method !== 'HEAD' && text !== '') {
    JSON.parse(text);
  }
  return text;
}

// Prototype pollution: Object.prototype keeps exactly the properties it had, with the same values.
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const PROTO_SNAPSHOT: PropertyDescriptorMap[] = PROTOTYPES.map((proto) =>
  Object.getOwnPropertyDescriptors(proto),
);

export function expectNoPollution(): void {
  const changed: string[] = [];
  PROTOTYPES.forEach((proto, i) => {
    const before = PROTO_SNAPSHOT[i] ?? {};
    const now: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(proto);
    for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
      const [b, n] = [before[key], now[key]];
      if (b?.value !== n?.value || b?.get !== n?.get || b?.set !== n?.set) changed.push(`${i}:${key}`);
    }
  });
  const probe: Record<string, unknown> = {};
  if (probe.polluted !== undefined) changed.push('({}).polluted');
  expect(changed, 'prototype properties added or changed').toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// The world every fuzz file starts from, and the reads that must still work after any run

export const OUTLET = 'fuzz-outlet';
export const HOST = 'fuzz-host';
export const PUBLISHER = 'fuzz-pub';

export interface FuzzWorld {
  ctx: TestContext;
  /** API key of OUTLET (domains fuzz.ro). */
  key: string;
  /** A widget answer served at the start: a valid token and the items it names. */
  served: { token: string; items: { id: string; url: string }[] };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

export async function createWorld(ctx: TestContext): Promise<FuzzWorld> {
  const key = await createPartner(ctx.app, { id: OUTLET, name: 'Fuzz Outlet', domains: ['fuzz.ro'] });
  await createPartner(ctx.app, { id: HOST, name: 'Fuzz Host', domains: ['host.ro'] });
  const put = await ctx.app.request(
    `/v1/admin/publishers/${PUBLISHER}`,
    jsonRequest('PUT', { name: 'Fuzz Publisher', partnerId: HOST, limit: 20, maxPerOutlet: 20 }, ADMIN_TOKEN),
  );
  expect(put.status).toBe(200);
  const seed = [
    'Guvernul a aprobat bugetul pentru anul viitor',
    'Inflația a scăzut în luna octombrie, anunță INS',
    'FCSB a câștigat derbiul cu CFR Cluj',
  ].map((title, i) => ({ url: `https://www.fuzz.ro/seed-${i}`, title, publishedAt: minutesAgo(10 + i) }));
  const pushed = await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines: seed }, key));
  expect(await pushed.json()).toEqual({ accepted: seed.length, rejected: [] });
  const answer = await ctx.app.request(`/v1/widget?publisher=${PUBLISHER}`);
  const served = (await answer.json()) as FuzzWorld['served'];
  expect(served.items.length).toBeGreaterThan(0);
  return { ctx, key, served };
}

interface Listed {
  headlines: { id: string; url: string; title: string; tags: string[] }[];
  nextCursor?: string;
}

/** After any fuzz run: the service answers, nothing is polluted, and every stored value still reads back. */
export async function expectIntact(world: FuzzWorld): Promise<void> {
  expectNoPollution();
  const { app } = world.ctx;
  const [health, list, widget, partners, publisher] = await Promise.all([
    app.request('/health'),
    app.request('/v1/headlines?limit=100', auth(world.key)),
    app.request(`/v1/widget?publisher=${PUBLISHER}`),
    app.request('/v1/admin/partners', auth(ADMIN_TOKEN)),
    app.request(`/v1/admin/publishers/${PUBLISHER}`, auth(ADMIN_TOKEN)),
  ]);
  const statuses = [health, list, widget, partners, publisher].map((r) => r.status);
  expect(statuses, 'health, list, widget, partners, publisher').toEqual([200, 200, 200, 200, 200]);
  expect(await health.json()).toEqual({ status: 'ok' });
  const types = [list, widget, partners, publisher].map((r) => r.headers.get('content-type'));
  expect(types.every((t) => t?.startsWith('application/json'))).toBe(true);
  const listed = (await list.json()) as Listed;
  const answer = (await widget.json()) as { token: string; items: { title: string; url: string }[] };
  const all = (await partners.json()) as { partners: { id: string; name: string }[] };
  const pub = (await publisher.json()) as { publisher: { id: string } };
  const bad = [
    ...listed.headlines.filter((h) => !isCleanText(h.title)).map((h) => `headline ${h.id}`),
    ...answer.items
      .filter((i) => !isCleanText(i.title) || !/^https?:\/\//.test(i.url))
      .map((i) => `item ${i.url}`),
    ...all.partners
      .filter(
        (p) =>
          !/^[a-z0-9][a-z0-9-]{1,39}$/.test(p.id) ||
          !isCleanText(p.name) ||
          /cs_|apiKey|keyHash/.test(JSON.stringify(p)),
      )
      .map((p) => `partner ${p.id}`),
  ];
  expect(bad, 'stored values that read back wrong').toEqual([]);
  expect(typeof answer.token).toBe('string');
  expect(pub.publisher.id).toBe(PUBLISHER);
}

// C0/C1 controls and bidi overrides/isolates: what the service must never store in a one-line text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Text the service stored: well-formed, NFC, trimmed, no controls or bidi overrides. */
export function isCleanText(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.isWellFormed() &&
    value === value.normalize('NFC') &&
    value === value.trim() &&
    !FORBIDDEN.test(value)
  );
}

export function expectCleanText(value: unknown): void {
  expect(isCleanText(value), JSON.stringify(value)).toBe(true);
}

/** What a pushed title must be stored as, or undefined when the contract says it is refused. */
export function expectedTitle(raw: string, max = 300): string | undefined {
  if (raw.length > max * 4 || !raw.isWellFormed() || FORBIDDEN.test(raw)) return undefined;
  const clean = raw.normalize('NFC').trim();
  if (clean.length === 0 || clean.length > max) return undefined;
  return clean;
}

export const adminHeaders = (extra: Record<string, string | undefined> = {}) => ({
  authorization: `Bearer ${ADMIN_TOKEN}`,
  ...extra,
});

/** The Authorization header: mostly the right one, sometimes hostile. */
export function authArb(good: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${good}`) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constant(undefined),
        headerValue,
        headerValue.map((v) => `Bearer ${v}`),
        fc.constantFrom(
          `bearer ${good}`,
          `Bearer  ${good}  `,
          `Bearer ${good}x`,
          `Bearer ${good.slice(0, -1)}`,
          `Basic ${Buffer.from(`admin:${good}`).toString('base64')}`,
          `Bearer ${'a'.repeat(10_000)}`,
          'Bearer',
          `Bearer ${good} ${good}`,
        ),
      ),
    },
  );
}

/** Every tag the HTML widget's template writes: hostile text must never open another. */
export const WIDGET_HTML_TAGS = [
  '!doctype',
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'section',
  'h2',
  'ul',
  'li',
  'a',
  'span',
  'img',
];
