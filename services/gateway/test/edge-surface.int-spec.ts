import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { GatewayTestApp } from './support/gateway-test-app.js';

@Module({})
class NoDouble {}

/**
 * The gateway's public surface: rate limits keyed on the matched route and the real client
 * address, operational endpoints only on the operations port, no internal schema in the OpenAPI
 * document, audit lists newest first by number.
 */
describe('gateway surface: rate-limit keys, operations port, OpenAPI, audit order', () => {
  let t: GatewayTestApp;
  const extra: NestFastifyApplication[] = [];

  beforeAll(async () => {
    t = await GatewayTestApp.start({ schema: 'gwsurf', doubleSchema: 'gwsurfdbl', registryDouble: NoDouble });
  }, 60_000);
  afterAll(async () => {
    for (const app of extra) await app.close();
    await t?.close();
  });

  /** A fresh gateway (its own rate-limit store) with a login bucket of 3 a minute. */
  const limited = async (env: Record<string, string> = {}) => {
    const g = await t.startGateway({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', PUBLIC_RATE_LIMIT_PER_MINUTE: '3', ...env });
    extra.push(g.app);
    return g;
  };
  /** A refused refresh: counts against the login bucket, touches no account. */
  const refresh = async (base: string, path = '/v1/auth/refresh', headers: Record<string, string> = {}) =>
    (
      await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ refreshToken: 'bukan-token-yang-sah' }),
      })
    ).status;

  describe('rate limits', () => {
    it('an untrusted peer does not get a fresh bucket by sending X-Forwarded-For', async () => {
      const { base } = await limited();
      const codes: number[] = [];
      for (let i = 1; i <= 5; i++)
        codes.push(await refresh(base, '/v1/auth/refresh', { 'x-forwarded-for': `203.0.113.${i}` }));
      expect(codes.slice(0, 3)).not.toContain(429);
      expect(codes.slice(3)).toEqual([429, 429]);
    });

    it('percent-encoded spellings of a route share its bucket (/v1/%61uth/…, /v1/%70ublic/…)', async () => {
      const { base } = await limited();
      const codes = [
        await refresh(base, '/v1/%61uth/refresh'),
        await refresh(base, '/v1/a%75th/refresh'),
        await refresh(base, '/v1/auth/%72efresh'),
        await refresh(base, '/v1/auth/refresh'),
      ];
      expect(codes.slice(0, 3)).not.toContain(429);
      expect(codes[3]).toBe(429);
      const status = (path: string) =>
        fetch(`${base}${path}?nomor=6271-2611-000001&kode=AAAA-BBBB`).then((r) => r.status);
      const pub = [
        await status('/v1/%70ublic/complaint-status'),
        await status('/v1/public/complaint-%73tatus'),
        await status('/v1/public/complaint-status'),
        await status('/v1/public/complaint-status'),
      ];
      expect(pub.slice(0, 3)).not.toContain(429);
      expect(pub[3]).toBe(429);
    });

    it('with TRUST_PROXY=127.0.0.1 the forwarded client address is the key', async () => {
      const { base } = await limited({ TRUST_PROXY: '127.0.0.1' });
      const as = (ip: string) => refresh(base, '/v1/auth/refresh', { 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i++) expect(await as('198.51.100.7')).not.toBe(429);
      expect(await as('198.51.100.7')).toBe(429);
      expect(await as('198.51.100.8')).not.toBe(429);
    });
  });

  describe('operational endpoints', () => {
    it('serves /metrics and /health/ready only on the operations port; the API answers 404 problem+json and a bare /health/live', async () => {
      for (const path of ['/metrics', '/health/ready', '/health/ready/']) {
        const res = await fetch(`${t.base}${path}`);
        expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
          path,
          status: 404,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
        expect(await res.text()).not.toMatch(/nats|database|process_cpu/i);
      }
      const live = await fetch(`${t.base}/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);

      const ready = await fetch(`${t.opsBase}/health/ready`);
      const body = await ready.text();
      expect([ready.status, JSON.parse(body)]).toEqual([200, { status: 'ok', checks: { database: 'up', nats: 'up' } }]);
      expect(body).not.toMatch(/127\.0\.0\.1|nats:\/\/|localhost|postgres/);
      expect(await (await fetch(`${t.opsBase}/metrics`)).text()).toContain('service="gateway"');
      expect(await (await fetch(`${t.opsBase}/health/live`)).json()).toEqual({ status: 'ok' });
    });
  });

  describe('OpenAPI document', () => {
    it('holds no internal schema (…Env, …Config) and no environment variable or secret name', async () => {
      const text = await (await fetch(`${t.base}/openapi.json`)).text();
      const doc = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
      expect(Object.keys(doc.components.schemas).filter((n) => /(env|config)$/i.test(n))).toEqual([]);
      for (const name of [
        'JWT_SECRET',
        'DATABASE_URL',
        'NATS_PASSWORD',
        'NATS_USER',
        'SLRT_ADMIN_PASSWORD',
        'SLRT_DEMO_PASSWORD',
        'TRUST_PROXY',
        'OPS_PORT',
        'HTTP_PORT',
        'CORS_ORIGINS',
      ])
        expect(text).not.toContain(name);
      expect(doc.components.schemas.ComplaintInputV1).toBeDefined();
    });
  });

  describe('audit list', () => {
    it('GET /v1/audit-events lists newest first by numeric id (10 before 9), across ≥ 10 rows', async () => {
      const db = new pg.Client({ connectionString: t.schema.url, options: `-c search_path=${t.schema.schema}` });
      await db.connect();
      try {
        // Twelve rows whose ids cross a power of ten (…95 → …106), where text and numeric order differ.
        const max = Number((await db.query(`SELECT coalesce(max(id), 0) AS m FROM audit_event`)).rows[0].m);
        await db.query(`SELECT setval(pg_get_serial_sequence('audit_event', 'id'), $1)`, [
          10 ** String(max + 6).length - 6,
        ]);
        await db.query(
          `INSERT INTO audit_event (action, outcome, target) SELECT 'test.order', 'ok', 'urutan-' || g FROM generate_series(1, 12) g`,
        );
      } finally {
        await db.end();
      }
      const token = await t.token('demo.admin');
      const res = await fetch(`${t.base}/v1/audit-events?page=1&pageSize=100`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: Array<{ id: string; action: string }> };
      const ids = items.map((i) => BigInt(i.id));
      expect(ids.length).toBeGreaterThanOrEqual(12);
      expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
      const ours = items.filter((i) => i.action === 'test.order').map((i) => i.id);
      expect(ours).toHaveLength(12);
      expect(ours[0]!.length).toBeGreaterThan(ours[11]!.length);
    });
  });
});
