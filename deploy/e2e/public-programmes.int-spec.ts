import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { loadConfig } from '@slrt/config';
import { PUBLIC_PROGRAMMES_PATH } from '@slrt/contracts';
import { createServiceApp, provisionNats } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { referralService } from '../../services/referral/src/app.js';
import { ReferralEnv } from '../../services/referral/src/config/referral.env.js';
import { referralDataSourceOptions } from '../../services/referral/src/database/data-source.js';
import { gatewayService } from '../../services/gateway/src/app.js';
import { GatewayEnv } from '../../services/gateway/src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../../services/gateway/src/database/data-source.js';

/**
 * The public programme page against the real referral service (its seeded catalogue in
 * PostgreSQL, over NATS as `system:gateway`): what citizens read, and what they never see.
 */
describe('gateway: public programme information page (GET /program)', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let referralSchema: TestSchema;
  let gateway: NestFastifyApplication;
  let referral: NestFastifyApplication;
  let db: pg.Client;
  let base: string;

  type Res = { status: number; headers: Record<string, string>; body: string };
  const get = async (path: string, from = base): Promise<Res> => {
    const res = await fetch(`${from}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
  };
  const expectPage = (res: Res, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!doctype html>\n<html lang="id">/);
    expect(res.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(res.body).not.toMatch(/<script|javascript:|\son\w+=|<link|<img|\ssrc=|https?:\/\//i);
    const csp = res.headers['content-security-policy']!;
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'$/,
    );
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(res.body.match(/<h1>/g)).toHaveLength(1);
  };
  const headings = (body: string) => [...body.matchAll(/<h2 id="p-[^"]+">([^<]*)<\/h2>/g)].map((m) => m[1]);
  const startGateway = async (extra: Record<string, string> = {}) => {
    const env = loadConfig('gateway', GatewayEnv, {
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      ...nats.serviceEnv('gateway'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      ...extra,
    });
    const app = (await createServiceApp({ service: 'gateway', env, ...gatewayService(env) })).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    schema = await createTestSchema('gwprog');
    referralSchema = await createTestSchema('gwprogref');
    await runMigrations(
      gatewayDataSourceOptions(
        loadConfig('gateway', GatewayEnv, {
          DATABASE_URL: schema.url,
          DATABASE_SCHEMA: schema.schema,
          NATS_URL: nats.url,
          JWT_SECRET: 'x'.repeat(32),
        }),
      ),
      'up',
    );
    const refEnv = loadConfig('referral', ReferralEnv, {
      DATABASE_URL: referralSchema.url,
      DATABASE_SCHEMA: referralSchema.schema,
      ...nats.serviceEnv('referral'),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      REFERRAL_ESCALATION_INTERVAL_MS: '3600000',
    });
    await runMigrations(referralDataSourceOptions(refEnv), 'up');
    db = new pg.Client({ connectionString: referralSchema.url, options: `-c search_path=${referralSchema.schema}` });
    await db.connect();
    // One inactive programme and one not published: neither may appear.
    await db.query(`UPDATE programme SET active = false WHERE code = 'BST'`);
    await db.query(`UPDATE programme SET public_info = false WHERE code = 'RUTILAHU'`);
    await db.query(
      `UPDATE programme SET description = 'Bantuan <script>alert(1)</script> tunai' WHERE code = 'BLT-DD'`,
    );
    referral = (await createServiceApp({ service: 'referral', env: refEnv, ...referralService(refEnv) })).app;
    ({ app: gateway, url: base } = await startGateway());
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await referral?.close();
    await db?.end();
    await nats?.dispose();
    await schema?.drop();
    await referralSchema?.drop();
  });

  it('lists the active, published programmes with what they give, who may receive them, documents and how to apply; no script, strict CSP, values escaped', async () => {
    const res = await get(PUBLIC_PROGRAMMES_PATH);
    expectPage(res, 200);
    expect(res.body).toContain('<h1>Informasi program bantuan</h1>');
    const names = headings(res.body);
    expect(names).toEqual(
      expect.arrayContaining([
        'Program Keluarga Harapan',
        'Bantuan Pangan Non Tunai / Program Sembako',
        'Program Indonesia Pintar (Kartu Indonesia Pintar)',
        'Penerima Bantuan Iuran Jaminan Kesehatan (KIS)',
      ]),
    );
    expect(names).not.toContain('Bantuan Sosial Tunai'); // inactive
    expect(names).not.toContain('Rehabilitasi Sosial Rumah Tidak Layak Huni'); // not published
    expect(res.body).toContain('<p class="tags">Sektor Sosial Ekonomi · Program nasional</p>');
    expect(res.body).toContain('<p class="tags">Sektor Kesehatan · Program daerah</p>'); // PBI-APBD
    for (const label of [
      '<dt>Manfaat</dt>',
      '<dt>Siapa yang dapat menerima</dt>',
      '<dt>Dokumen yang perlu dibawa</dt>',
      '<dt>Cara mendaftar</dt>',
    ])
      expect(res.body).toContain(label);
    expect(res.body).toContain('<li>Kartu Keluarga (KK)</li>');
    expect(res.body).toContain('Bantuan &lt;script&gt;alert(1)&lt;/script&gt; tunai');
    // Internal data never reaches the page: owners and notes.
    expect(res.body).not.toContain('kemensos-pkh');
    expect(res.body).not.toContain('SPM-PKH');
    // The search form: GET to itself, labelled, the nine sectors.
    expect(res.body).toContain('<form method="get" action="/program" role="search">');
    expect(res.body).toContain('<label for="q">Cari program</label>');
    expect(res.body).toContain('<option value="adminduk">Administrasi Kependudukan</option>');
  });

  it('searches by words (?q=) and sector (?sektor=), shows the search back, and says when nothing matches; bad input is a page, never a 500', async () => {
    const beras = await get(`${PUBLIC_PROGRAMMES_PATH}?q=beras`);
    expectPage(beras, 200);
    expect(headings(beras.body)).toEqual(['Bantuan Pangan Non Tunai / Program Sembako']);
    expect(beras.body).toContain('value="beras"');
    expect(beras.body).toContain('Ditemukan 1 program.');

    const pendidikan = await get(`${PUBLIC_PROGRAMMES_PATH}?q=&sektor=pendidikan`);
    expect(headings(pendidikan.body)).toEqual(['Program Indonesia Pintar (Kartu Indonesia Pintar)']);
    expect(pendidikan.body).toContain('<option value="pendidikan" selected>Pendidikan</option>');

    const none = await get(`${PUBLIC_PROGRAMMES_PATH}?q=${encodeURIComponent('"><b>tidak ada')}`);
    expectPage(none, 200);
    expect(headings(none.body)).toEqual([]);
    expect(none.body).toContain('Tidak ada program yang cocok');
    expect(none.body).toContain('value="&quot;&gt;&lt;b&gt;tidak ada"');

    // An unknown sector is ignored (all sectors); an over-long search is a 400 page in Indonesian.
    expect(headings((await get(`${PUBLIC_PROGRAMMES_PATH}?sektor=hiburan`)).body).length).toBeGreaterThan(4);
    const long = await get(`${PUBLIC_PROGRAMMES_PATH}?q=${'a'.repeat(101)}`);
    expectPage(long, 400);
    expect(long.body).toContain('Kata pencarian paling panjang 100 karakter.');
    const twice = await get(`${PUBLIC_PROGRAMMES_PATH}?q=a&q=b`);
    expectPage(twice, 200);
  });

  it('is in the public rate-limit bucket, and answers 503 as a page when referral is down', async () => {
    const limited = await startGateway({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const codes = [
        (await get(PUBLIC_PROGRAMMES_PATH, limited.url)).status,
        (await get(PUBLIC_PROGRAMMES_PATH, limited.url)).status,
        (await get(PUBLIC_PROGRAMMES_PATH, limited.url)).status,
      ];
      expect(codes).toEqual([200, 200, 429]);
      const refused = await get(PUBLIC_PROGRAMMES_PATH, limited.url);
      expectPage(refused, 429);
    } finally {
      await limited.app.close();
    }
    await referral.close();
    const down = await get(PUBLIC_PROGRAMMES_PATH);
    expectPage(down, 503);
    expect(down.body).toContain('Layanan sedang tidak tersedia');
  }, 30_000);
});
