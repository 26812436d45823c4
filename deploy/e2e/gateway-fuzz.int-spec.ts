/* eslint-disable max-lines -- integration spec of gateway fuzzing (bounded, every OpenAPI operation, real services): its tests share one booted stack, which takes seconds to start */
import fc from 'fast-check';
import { FullStack } from './support/full-stack.js';

/**
 * Bounded property-based fuzzing of every operation in the gateway's OpenAPI document, against
 * the real intake, registry and referral services, over real HTTP. Requests are generated from
 * each operation's schemas, then mutated the way an attacker would: deep nesting, huge values,
 * NUL and control characters, bidi overrides, numbers at the edges, prototype keys, wrong content
 * types, bad percent-encoding, huge headers and URLs; without a token and with tokens of several
 * roles. Bounded by a fixed request count. Properties: no 5xx; every error is problem+json with an Indonesian title and detail; an
 * error never echoes the URL or the input (a marker planted in every hostile value).
 */

const MARKER = 'qz<mk>';
const MARKER_FORMS = [MARKER, encodeURIComponent(MARKER), 'qz\\u003cmk', 'qz&lt;mk'];
/** A fixed count (no time cut-off, so the assertion does not depend on the machine): ~60 s on 2 cores. */
const TARGET_REQUESTS = 20_500;
const CONCURRENCY = 12;
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** Words a detail in Bahasa Indonesia (and never in English) contains at least one of. */
const INDONESIAN =
  /\b(tidak|tak|yang|atau|dan|harus|belum|sudah|permintaan|data|isi|berkas|silakan|coba|terlalu|alamat|peran|masuk|anda|kasus|pengaduan|dapat|ditemukan|wajib|paling|periksa|tunggu|kolom|layanan|kesalahan|perlu|berwenang|konflik|diizinkan|didukung|jenis|sandi|kode|pengguna|wilayah|nomor|sesi|kunci|tanggal|diproses|valid)\b/i;

type Schema = {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  format?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
};
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema }>;
  body?: Schema;
  contentTypes: string[];
}
interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  kind: string;
}

const HOSTILE_STRINGS = [
  `${MARKER}\u0000`,
  `a\u0000${MARKER}`,
  `${MARKER}\u0007\u001b[31m\u007f\u0085`,
  `foto\u202Egpj.exe${MARKER}`,
  `\u2066${MARKER}\u2069\u200b\ufeff`,
  `${MARKER}${'x'.repeat(70_000)}`,
  `${MARKER}\ud800`,
  `${MARKER}' OR 1=1 --`,
  `../../${MARKER}`,
  `%00${MARKER}`,
];
const EDGE_NUMBERS: unknown[] = [
  1e308,
  -1e308,
  -0,
  2 ** 63,
  -(2 ** 63),
  2 ** 53 + 1,
  0,
  -1,
  1.5,
  'NaN',
  'Infinity',
  '1e308',
  `${MARKER}1`,
];
const EDGE_QUERY_NUMBERS = [
  '1e308',
  '-0',
  'NaN',
  '9223372036854775808',
  '-1',
  '0x10',
  '1.5',
  'Infinity',
  `1${MARKER}`,
  '00000000000000000000001',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const BAD_PERCENT = ['%E0%A4%A', '%', '%zz', '%C0%AF', '%FF%FE', '%u0041', '%00'];
const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'image/png',
  '',
];

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema?: Schema }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

function loadOperations(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? { type: 'string' } })),
        ...(json ? { body: json } : {}),
        contentTypes: Object.keys(content),
      });
    }
  }
  return ops;
}

/** An arbitrary value for a JSON schema (with `$ref`s into the document's components), bounded. */
function fromSchema(schema: Schema | undefined, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.$ref)
    return fc.constant(null).chain(() => fromSchema(components[schema.$ref!.split('/').pop()!], components, depth + 1));
  const alternatives = schema.oneOf ?? schema.anyOf ?? schema.allOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, components, depth + 1)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: -1000, max: 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, components, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) record[k] = fromSchema(s, components, depth + 1);
      return fc.record(record, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    case 'string':
    default:
      if (schema.format === 'uuid') return fc.uuid({ version: 7 });
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      if (schema.format === 'date')
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10));
      return fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('62.71', '62.71.01', '62.71.01.1001', 'PKH', 'kemensos-pkh', '3171010101010001', '2026-09'),
      );
  }
}

/** Replaces one leaf of a generated body with a hostile value (string, number or key). */
function mutateBody(value: unknown, pick: number, hostile: unknown, protoKey: string | null): unknown {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      if (protoKey && n++ === pick) out[protoKey] = { polluted: MARKER };
      return out;
    }
    return n++ === pick ? hostile : v;
  };
  const mutated = walk(value);
  return n <= pick ? (protoKey ? { ...(mutated as object), [protoKey]: { polluted: MARKER } } : hostile) : mutated;
}

/** Percent-encodes like a client would; a lone surrogate (not encodable) is sent as raw `%ED%A0%80`. */
function encode(s: string): string {
  return s
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\u0001')
    .split('\u0001')
    .map(encodeURIComponent)
    .join('%ED%A0%80');
}

function deepJson(depth: number): string {
  return `{"a":${'['.repeat(depth)}"${MARKER}"${']'.repeat(depth)}}`;
}

function requestArb(
  ops: Operation[],
  components: Record<string, Schema>,
  tokens: Array<string | null>,
): fc.Arbitrary<FuzzRequest> {
  const perOp = ops.map((op) => {
    const query = fc.record(
      Object.fromEntries(
        op.query.map((q) => [
          q.name,
          fromSchema(q.schema, components).map((v) => (v === null || v === undefined ? '' : String(v))),
        ]),
      ),
      { requiredKeys: [] },
    );
    const pathValue = fc.oneof(
      { weight: 4, arbitrary: fc.uuid({ version: 7 }) },
      fc.constantFrom('62.71', '2026', 'kemensos-pkh', 'swagger-ui.css', '__proto__', 'constructor', '1e308', '-0'),
      fc.constantFrom(...HOSTILE_STRINGS.map((s) => s.slice(0, 300))),
      fc.constantFrom(...BAD_PERCENT.map((b) => `${b}${MARKER}`)),
    );
    const params = fc.tuple(...(op.pathParams.length ? op.pathParams.map(() => pathValue) : [fc.constant('')]));
    const body = op.body ? fromSchema(op.body, components) : fc.constant(undefined);
    const mutation = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ kind: 'schema' }) },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('hostile-string'),
          value: fc.constantFrom(...HOSTILE_STRINGS),
          pick: fc.nat(12),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('edge-number'),
          value: fc.constantFrom(...EDGE_NUMBERS),
          pick: fc.nat(12),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('edge-query'),
          value: fc.constantFrom(...EDGE_QUERY_NUMBERS),
          name: fc.constantFrom('page', 'pageSize', 'year', 'chunkIndex', op.query[0]?.name ?? 'page'),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('proto-key'), key: fc.constantFrom(...PROTO_KEYS), pick: fc.nat(12) }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('deep'), depth: fc.constantFrom(33, 100, 10_000, 50_000) }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrong-type'), type: fc.constantFrom(...WRONG_TYPES) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('not-json'),
          raw: fc.constantFrom(
            `{"a":"${MARKER}"`,
            `${MARKER}`,
            '\u0000',
            'null',
            '[]',
            '"x"',
            '1e308',
            '{"a":1e400}',
            `{"${MARKER}\\u0000":1}`,
          ),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('huge-header'), size: fc.constantFrom(8_000, 17_000, 40_000) }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('huge-url'), size: fc.constantFrom(3_000, 9_000, 20_000) }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad-percent'), value: fc.constantFrom(...BAD_PERCENT) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('file-name'),
          value: fc.constantFrom(...HOSTILE_STRINGS.map((s) => encode(s.slice(0, 200)))),
        }),
      },
    );
    return fc
      .record({ params, query, body, mutation, token: fc.constantFrom(...tokens) })
      .map(({ params, query, body, mutation, token }): FuzzRequest => {
        const m = mutation as Record<string, unknown> & { kind: string };
        let path = op.path;
        op.pathParams.forEach(
          (p, i) =>
            (path = path.replace(
              `{${p}}`,
              m.kind === 'bad-percent' && i === 0 ? `${m.value}${MARKER}` : encode(params[i] as string),
            )),
        );
        const q = new URLSearchParams(Object.entries(query as Record<string, string>).filter(([, v]) => v !== ''));
        if (m.kind === 'edge-query') q.set(m.name as string, m.value as string);
        if (m.kind === 'bad-percent' && !op.pathParams.length) path += `?x=${m.value}${encodeURIComponent(MARKER)}`;
        if (m.kind === 'huge-url') q.set('q', `${MARKER}${'u'.repeat(m.size as number)}`);
        const qs = q.toString();
        const url = `${path}${qs ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`;
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        if (m.kind === 'huge-header')
          headers['x-fuzz'] = `${MARKER}${'h'.repeat(m.size as number)}`.replace(/[<>]/g, '_');
        if (m.kind === 'file-name') headers['x-file-name'] = m.value as string;
        if (op.method === 'GET' || op.method === 'DELETE') return { method: op.method, url, headers, kind: m.kind };
        headers['idempotency-key'] = `fuzz-${Math.random().toString(36).slice(2, 12)}`;
        if (!op.body && op.contentTypes.length) {
          // A file upload: a real-looking file, a polyglot, or garbage.
          headers['content-type'] = m.kind === 'wrong-type' ? (m.type as string) : op.contentTypes[0]!;
          const file =
            m.kind === 'hostile-string'
              ? Buffer.from(`%PDF-1.4\n<html><script>${MARKER}</script>\n%%EOF\n`)
              : Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(String(m.kind))]);
          return { method: op.method, url, headers, body: file, kind: m.kind };
        }
        let text: string;
        if (m.kind === 'deep') text = deepJson(m.depth as number);
        else if (m.kind === 'not-json') text = m.raw as string;
        else if (m.kind === 'hostile-string' || m.kind === 'edge-number')
          text = JSON.stringify(mutateBody(body ?? {}, m.pick as number, m.value, null));
        else if (m.kind === 'proto-key')
          text = JSON.stringify(mutateBody(body ?? {}, m.pick as number, null, m.key as string));
        else text = JSON.stringify(body ?? {});
        headers['content-type'] = m.kind === 'wrong-type' ? (m.type as string) : 'application/json';
        if (headers['content-type'] === '') delete headers['content-type'];
        return { method: op.method, url, headers, body: text, kind: m.kind };
      });
  });
  return fc.oneof(...perOp);
}

describe('gateway fuzzing (bounded, every OpenAPI operation, real services)', () => {
  let stack: FullStack;
  let ops: Operation[];
  let components: Record<string, Schema>;
  const tokens: Array<string | null> = [null];

  beforeAll(async () => {
    stack = await FullStack.start('fz', {
      RATE_LIMIT_PER_MINUTE: '10000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000000',
      PUBLIC_RATE_LIMIT_PER_MINUTE: '10000000',
      LOGIN_THROTTLE_FREE_FAILURES: '100',
    });
    const doc = (await (await fetch(`${stack.base}/openapi.json`)).json()) as OpenApiDocument;
    ops = loadOperations(doc);
    components = doc.components?.schemas ?? {};
    for (const u of ['demo.fo', 'demo.spv', 'demo.bo', 'demo.admin', 'demo.po.pkh']) tokens.push(await stack.token(u));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('answers ≥ 20,000 hostile requests with no 5xx, problem+json in Indonesian for every error, nothing echoed', async () => {
    expect(ops.length).toBeGreaterThan(50);
    const requests = fc.sample(requestArb(ops, components, tokens), { numRuns: TARGET_REQUESTS, seed: SEED });
    const byStatus = new Map<number, number>();
    const byKind = new Map<string, number>();
    const failures: string[] = [];
    const opsHit = new Set<string>();
    const started = Date.now();
    let sent = 0;
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        let status: number;
        let contentType = '';
        let text = '';
        try {
          const res = await fetch(`${stack.base}${r.url}`, {
            method: r.method,
            headers: r.headers,
            ...(r.body !== undefined ? { body: r.body } : {}),
          });
          status = res.status;
          contentType = res.headers.get('content-type') ?? '';
          text = await res.text();
          const headerText = [...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n');
          if (status >= 400 && MARKER_FORMS.some((f) => text.includes(f) || headerText.includes(f)))
            failures.push(
              `${status} echoed input: ${r.method} ${r.url.slice(0, 120)} (${r.kind}) → ${text.slice(0, 200)}`,
            );
        } catch {
          status = 0; // the server closed the connection (a refused header block): counted, not a 5xx
        }
        sent++;
        opsHit.add(`${r.method} ${r.url.split('?')[0]!.replace(/\/[^/]*$/, '')}`);
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
        if (status >= 500)
          failures.push(
            `${status}: ${r.method} ${r.url.slice(0, 120)} (${r.kind}, body ${String(r.body ?? '').slice(0, 200)}) → ${text.slice(0, 300)}`,
          );
        if (status >= 400) {
          if (!/^application\/problem\+json/.test(contentType))
            failures.push(
              `${status} not problem+json (${contentType}): ${r.method} ${r.url.slice(0, 120)} (${r.kind})`,
            );
          else {
            let p: { title?: unknown; detail?: unknown } = {};
            try {
              p = JSON.parse(text);
            } catch {
              failures.push(`${status} unreadable problem: ${r.method} ${r.url.slice(0, 120)}`);
            }
            if (
              typeof p.title !== 'string' ||
              typeof p.detail !== 'string' ||
              !INDONESIAN.test(`${p.title} ${p.detail}`)
            )
              failures.push(
                `${status} not Indonesian: ${r.method} ${r.url.slice(0, 120)} (${r.kind}) → ${text.slice(0, 200)}`,
              );
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    const statuses = [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(
      `gateway fuzz (seed ${SEED}): ${sent} requests in ${seconds.toFixed(1)} s over ${ops.length} operations, ${tokens.length - 1} roles + anonymous\n` +
        `  statuses: ${statuses}\n  mutations: ${[...byKind.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}\n  failures: ${failures.length}`,
    );
    expect([...new Set(failures.map((f) => f.replace(/[0-9a-f-]{36}/g, '<id>')))].slice(0, 30)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(20_000);
  }, 900_000); // a safety limit, not a timing assertion: ~20k requests over ~100 operations take 4–6 min on a loaded 2-CPU machine
});
