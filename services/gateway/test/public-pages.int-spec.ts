/* eslint-disable max-lines -- integration spec of gateway: the citizen pages behind the QR codes (status, document verification): its tests share one booted stack, which takes seconds to start */
import { createHash } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import {
  PUBLIC_STATUS_PATH,
  PUBLIC_VERIFY_PATH,
  publicStatusUrl,
  publicVerifyUrl,
  type GetPublicStatusRequestV1,
  type PublicStatusV1,
  type VerifyDocumentRequestV1,
  type VerifyDocumentResponseV1,
} from '@slrt/contracts';
import {
  DomainError,
  OnRequest,
  RpcRequestContext,
  createMessagingTables,
  createServiceApp,
  provisionNats,
} from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { gatewayService } from '../src/app.js';
import { GatewayEnv } from '../src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../src/database/data-source.js';

const RECEIPT = '6271-2611-000123';
const CODE = 'K7PQ-4QX2';
/** A provisional number a Fasilitator's phone gave offline, mapped to RECEIPT at sync. */
const PROVISIONAL = 'L-K7PQ-3';
const DOC_CODE = 'Q7RK-M2XW-9PDT';

/** What intake answers (the contract's shape); the real derivation is tested in intake's status spec. */
const STATUS: PublicStatusV1 = {
  receiptNumber: RECEIPT,
  stage: 'ditolak',
  stageLabel: 'Ditolak',
  explanation: 'Anda sudah tercatat sebagai penerima program ini.',
  registeredAt: '2026-11-20T02:15:03.000Z',
  updatedAt: '2026-11-26T03:00:00.000Z',
  timeline: [
    {
      step: 'received',
      label: 'Diterima',
      explanation: 'Pengaduan Anda sudah diterima dan tercatat.',
      at: '2026-11-20T02:15:03.000Z',
    },
    {
      step: 'registry-checked',
      label: 'Diperiksa di DTKS',
      explanation: 'Data Anda sudah dicocokkan dengan Data Terpadu (DTKS/DTSEN).',
      at: '2026-11-20T02:15:04.000Z',
    },
    {
      step: 'referred',
      label: 'Dirujuk ke Kementerian Sosial (PKH)',
      explanation: 'Pengaduan Anda sudah dikirim ke pemilik program untuk ditangani.',
      at: '2026-11-24T03:00:00.000Z',
    },
    {
      step: 'rejected',
      label: 'Ditolak <script>alert(1)</script>',
      explanation: 'Anda sudah tercatat sebagai penerima program ini.',
      at: '2026-11-26T03:00:00.000Z',
    },
  ],
  accessLog: [
    {
      who: 'Kementerian Sosial (PKH) (pemilik program)',
      what: 'membaca',
      purpose: 'menangani rujukan (aplikasi pemilik program)',
      at: '2026-11-25T01:30:00.000Z',
      count: 2,
    },
    {
      who: 'Kementerian Sosial (PKH) (pemilik program)',
      what: 'menerima',
      purpose: 'rujukan untuk ditangani',
      at: '2026-11-24T03:00:00.000Z',
      count: 1,
    },
    {
      who: 'Back office Dinas Sosial Kota Palangka Raya',
      what: 'membaca',
      purpose: 'menyiapkan rujukan ke pemilik program',
      at: '2026-11-24T02:58:00.000Z',
      count: 1,
    },
  ],
  accessLogComplete: true,
};

@Controller()
class IntakeDouble {
  static calls = 0;
  @OnRequest('slrt.rpc.intake.get-public-status.v1')
  status(@Payload() data: GetPublicStatusRequestV1): PublicStatusV1 {
    IntakeDouble.calls++;
    if (data.receiptNumber.toUpperCase() === PROVISIONAL && data.trackingCode.toUpperCase() === CODE)
      return { ...STATUS, provisionalNumber: PROVISIONAL };
    if (data.receiptNumber !== RECEIPT || data.trackingCode.toUpperCase() !== CODE)
      throw new DomainError(
        'NOT_FOUND',
        'Nomor pengaduan atau kode pelacakan tidak cocok. Periksa kembali resi Anda.',
        { reason: 'STATUS_NOT_FOUND' },
      );
    return STATUS;
  }
}
@Module({ controllers: [IntakeDouble] })
class IntakeDoubleModule {}

@Controller()
class RegistryDouble {
  @OnRequest('slrt.rpc.registry.verify-document.v1')
  verify(@Payload() data: VerifyDocumentRequestV1, @Ctx() ctx: RpcRequestContext): VerifyDocumentResponseV1 {
    if (ctx.actor.id !== 'system:gateway') throw new DomainError('FORBIDDEN', 'x');
    return data.code.toUpperCase() === DOC_CODE
      ? {
          valid: true,
          documentType: 'dtks-statement',
          number: '400.9/0007/DTKS/XI/2026',
          issuedAt: '2026-11-24T03:00:00.000Z',
          dataPeriod: '2026-09',
          desaName: 'Pahandut',
        }
      : { valid: false, documentType: null, number: null, issuedAt: null, dataPeriod: null, desaName: null };
  }
}
@Module({ controllers: [RegistryDouble] })
class RegistryDoubleModule {}

describe('gateway: the citizen pages behind the QR codes (status, document verification)', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  const doubleSchemas: TestSchema[] = [];
  let gateway: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let registry: NestFastifyApplication;
  let base: string;

  type Res = { status: number; headers: Record<string, string>; body: string };
  const get = async (url: string, headers: Record<string, string> = {}, from = base): Promise<Res> => {
    const res = await fetch(url.startsWith('http') ? url : `${from}${url}`, {
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', ...headers },
      redirect: 'manual',
    });
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: await res.text() };
  };
  /** A page for people: HTML in Indonesian, no script at all, a CSP that allows nothing but its own style sheet. */
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
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.body.match(/<h1>/g)).toHaveLength(1);
  };
  const startGateway = async (extra: Record<string, string> = {}) => {
    const env = loadConfig('gateway', GatewayEnv, {
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      ...nats.serviceEnv('gateway'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SLRT_TIME_ZONE: 'Asia/Makassar',
      ...extra,
    });
    const app = (await createServiceApp({ service: 'gateway', env, ...gatewayService(env) })).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  };
  const double = async (service: 'intake' | 'registry', module: unknown) => {
    const s = await createTestSchema(`pp${service.slice(0, 3)}`);
    doubleSchemas.push(s);
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, s.schema);
    await c.end();
    return (
      await createServiceApp({
        service,
        env: loadConfig(service, BaseServiceEnv, {
          DATABASE_URL: s.url,
          DATABASE_SCHEMA: s.schema,
          ...nats.serviceEnv(service),
          LOG_LEVEL: 'silent',
        }),
        imports: [module as never],
      })
    ).app;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    schema = await createTestSchema('gwpp');
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
    intake = await double('intake', IntakeDoubleModule);
    registry = await double('registry', RegistryDoubleModule);
    ({ app: gateway, url: base } = await startGateway());
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await intake?.close();
    await registry?.close();
    await nats?.dispose();
    await schema?.drop();
    for (const s of doubleSchemas) await s.drop();
  });

  it('the receipt\u2019s QR address opens the status page: stage, timeline with dates, the access log; HTML only, no personal data, nothing echoed', async () => {
    // The address a receipt prints (intake builds it with the same function from SLRT_PUBLIC_STATUS_URL).
    const res = await get(publicStatusUrl(`${base}${PUBLIC_STATUS_PATH}`, RECEIPT, CODE.toLowerCase()));
    expectPage(res, 200);
    expect(res.body).toContain('<h1>Status pengaduan</h1>');
    expect(res.body).toContain(`Nomor pengaduan <strong>${RECEIPT}</strong>, diterima 20 November 2026.`);
    expect(res.body).toContain('<p class="label">Ditolak</p>');
    // The timeline in order, with dates in the deployment's zone (WITA here).
    const steps = [...res.body.matchAll(/<span class="what">([^<]*(?:&lt;[^<]*)*)<\/span>/g)].map((m) => m[1]);
    expect(steps).toEqual([
      'Diterima',
      'Diperiksa di DTKS',
      'Dirujuk ke Kementerian Sosial (PKH)',
      'Ditolak &lt;script&gt;alert(1)&lt;/script&gt;',
    ]);
    expect(res.body).toContain('<time datetime="2026-11-24T03:00:00.000Z">24 November 2026 pukul 11.00 WITA</time>');
    // The access log: who (role and office, owner by name), what, when.
    expect(res.body).toContain('<th scope="col">Siapa</th>');
    expect(res.body).toContain(
      '<td>Kementerian Sosial (PKH) (pemilik program)</td><td>Membuka data: menangani rujukan (aplikasi pemilik program) (2 kali hari itu)</td>',
    );
    expect(res.body).toContain(
      '<td>Back office Dinas Sosial Kota Palangka Raya</td><td>Membuka data: menyiapkan rujukan ke pemilik program</td>',
    );
    expect(res.body).toContain('Menerima data: rujukan untuk ditangani');
    // The tracking code is never written back into the page (it may be shown on a shared screen).
    expect(res.body.toUpperCase()).not.toContain(CODE);
  });

  it('opened without receipt number and code, it is a form (GET to itself, labelled fields); bad input shows field errors in Indonesian, never a 500', async () => {
    const form = await get(PUBLIC_STATUS_PATH);
    expectPage(form, 200);
    expect(form.body).toContain('<form method="get" action="/status" novalidate>');
    expect(form.body).toContain('<label for="nomor">Nomor pengaduan</label>');
    expect(form.body).toContain('<label for="kode">Kode pelacakan</label>');
    expect(form.body).toMatch(/<input id="nomor" name="nomor" type="text" value="" aria-describedby="nomor-hint"/);
    expect(form.body).toContain('<button type="submit">Lihat status</button>');

    const bad = await get(`${PUBLIC_STATUS_PATH}?nomor=${encodeURIComponent('<b>12')}&kode=`);
    expectPage(bad, 400);
    expect(bad.body).toContain('Nomor pengaduan berbentuk 6271-2611-000123');
    expect(bad.body).toContain('Kode pelacakan wajib diisi.');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).not.toContain('<b>12');
    for (const q of [
      '?nomor[]=1&kode=2',
      '?nomor=%00&kode=%ff%fe',
      `?nomor=${'9'.repeat(5000)}&kode=x`,
      '?kode=ABCD-EFGH',
    ]) {
      const res = await get(`${PUBLIC_STATUS_PATH}${q}`);
      expect([400, 404]).toContain(res.status);
    }
  });

  it('a wrong tracking code gets exactly the page an unknown receipt number gets (nothing to enumerate)', async () => {
    const wrong = await get(publicStatusUrl(PUBLIC_STATUS_PATH, RECEIPT, 'ZZZZ-ZZZZ'));
    const unknown = await get(publicStatusUrl(PUBLIC_STATUS_PATH, '6271-0101-999999', CODE));
    expectPage(wrong, 404);
    expect(wrong.body).toContain('Pengaduan tidak ditemukan');
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body).toBe(wrong.body);
  });

  it('a provisional number from the field app opens the same status, naming both numbers; an unknown one says it may not be synced yet', async () => {
    const res = await get(`${base}${PUBLIC_STATUS_PATH}?nomor=${PROVISIONAL.toLowerCase()}&kode=${CODE}`);
    expectPage(res, 200);
    expect(res.body).toContain(
      `Nomor sementara <strong>${PROVISIONAL}</strong> → nomor resmi <strong>${RECEIPT}</strong>.`,
    );
    expect(res.body).toContain(`Nomor pengaduan <strong>${RECEIPT}</strong>`);
    // The official number alone: no provisional line.
    expect((await get(`${base}${PUBLIC_STATUS_PATH}?nomor=${RECEIPT}&kode=${CODE}`)).body).not.toContain(
      'Nomor sementara',
    );
    const unknown = await get(`${base}${PUBLIC_STATUS_PATH}?nomor=L-ZZZZ-9&kode=${CODE}`);
    expectPage(unknown, 404);
    expect(unknown.body).toContain('Pengaduan tidak ditemukan');
    expect(unknown.body).toContain('setelah petugas menyinkronkan');
    // The form takes letters in the number field (no numeric-only keyboard) and shows the provisional example.
    const form = await get(`${base}${PUBLIC_STATUS_PATH}`);
    expect(form.body).not.toContain('inputmode="numeric"');
    expect(form.body).toContain('L-K7PQ-3');
  });

  it('is rate-limited with the public JSON API (one bucket per client address)', async () => {
    const limited = await startGateway({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes = [
        (await get('/v1/public/complaint-status?nomor=6271-2611-000001&kode=AAAA-BBBB', {}, limited.url)).status,
        (await get(publicStatusUrl(PUBLIC_STATUS_PATH, '6271-2611-000002', 'AAAA-BBBB'), {}, limited.url)).status,
        (await get(publicVerifyUrl(PUBLIC_VERIFY_PATH, 'ABCD-EFGH-JKLM'), {}, limited.url)).status,
        (await get(publicStatusUrl(PUBLIC_STATUS_PATH, '6271-2611-000003', 'AAAA-BBBB'), {}, limited.url)).status,
      ];
      expect(codes).toEqual([404, 404, 404, 429]);
      // The refusal is a page too, in Indonesian.
      const refused = await get(PUBLIC_STATUS_PATH, {}, limited.url);
      expectPage(refused, 429);
      expect(refused.body).toContain('Terlalu banyak permintaan');
    } finally {
      await limited.app.close();
    }
  });

  it('document verification: the statement\u2019s QR address shows whether it is genuine; the older JSON address sends browsers there', async () => {
    const genuine = await get(publicVerifyUrl(`${base}${PUBLIC_VERIFY_PATH}`, DOC_CODE));
    expectPage(genuine, 200);
    expect(genuine.body).toContain('<p class="label">Dokumen asli</p>');
    expect(genuine.body).toContain('<dt>Jenis dokumen</dt><dd>Surat Keterangan Terdaftar dalam DTKS/DTSEN</dd>');
    expect(genuine.body).toContain('<dt>Nomor</dt><dd>400.9/0007/DTKS/XI/2026</dd>');
    expect(genuine.body).toContain('<dt>Tanggal terbit</dt><dd>24 November 2026</dd>');
    const unknown = await get(publicVerifyUrl(PUBLIC_VERIFY_PATH, 'ZZZZ-ZZZZ-ZZZZ'));
    expectPage(unknown, 404);
    expect(unknown.body).toContain('Dokumen tidak dikenal');
    const form = await get(PUBLIC_VERIFY_PATH);
    expectPage(form, 200);
    expect(form.body).toContain('<label for="kode">Kode verifikasi</label>');
    expect((await get(`${PUBLIC_VERIFY_PATH}?kode=${DOC_CODE.toLowerCase()}`)).body).toContain('Dokumen asli');
    const bad = await get(`${PUBLIC_VERIFY_PATH}/${encodeURIComponent('<x>')}`);
    expectPage(bad, 400);

    const browser = await get(`/v1/public/documents/${DOC_CODE}`);
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe(`${PUBLIC_VERIFY_PATH}/${DOC_CODE}`);
    const api = await get(`/v1/public/documents/${DOC_CODE}`, { accept: 'application/json' });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ valid: true, number: '400.9/0007/DTKS/XI/2026' });
  });

  it('the pages are not in the OpenAPI document (they are for people, not clients)', async () => {
    const doc = JSON.parse((await get('/openapi.json', { accept: 'application/json' })).body) as {
      paths: Record<string, unknown>;
    };
    expect(
      Object.keys(doc.paths).filter((p) => p.startsWith(PUBLIC_STATUS_PATH) || p.startsWith(PUBLIC_VERIFY_PATH)),
    ).toEqual([]);
    expect(doc.paths['/v1/public/complaint-status']).toBeDefined();
  });
});
