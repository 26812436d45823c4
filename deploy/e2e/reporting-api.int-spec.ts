import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import { loadConfig } from '@slrt/config';
import { createServiceApp } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { reportingService } from '../../services/reporting/src/app.js';
import { ReportingEnv } from '../../services/reporting/src/config/reporting.env.js';
import { reportingDataSourceOptions } from '../../services/reporting/src/database/data-source.js';
import { GatewayTestApp } from '../../services/gateway/test/support/gateway-test-app.js';

/** The registry is not asked by these routes. */
@Module({})
class NoRegistryModule {}

/** The gateway's reporting operations in front of the real reporting service (its KPIs are proven in services/reporting/test). */
describe('gateway: the reporting operations', () => {
  let app: GatewayTestApp;
  let schema: TestSchema;
  let reporting: NestFastifyApplication;

  const get = async (path: string, token?: string) => {
    const res = await fetch(`${app.base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      type,
      headers: res.headers,
      body: type.includes('json')
        ? ((await res.json()) as Record<string, unknown>)
        : Buffer.from(await res.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    app = await GatewayTestApp.start({ schema: 'gwrpt', doubleSchema: 'gwrptreg', registryDouble: NoRegistryModule });
    schema = await createTestSchema('gwrptsvc');
    const env = loadConfig('reporting', ReportingEnv, {
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      ...app.nats.serviceEnv('reporting'),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      REPORTING_MONTHLY_TASK: 'off',
    });
    await runMigrations(reportingDataSourceOptions(env), 'up');
    reporting = (await createServiceApp({ service: 'reporting', env, ...reportingService(env) })).app;
  }, 90_000);

  afterAll(async () => {
    await reporting?.close();
    await app?.close();
    await schema?.drop();
  });

  it('answers KPIs and the owner board for the caller, with the freshness of the data', async () => {
    const mj = await app.token('demo.mj');
    const k = await get('/v1/reports/kpis?fromMonth=2026-10&toMonth=2026-10&groupBy=none', mj);
    expect(k.status).toBe(200);
    expect(k.body).toMatchObject({
      groupBy: 'none',
      rows: [{ key: 'all', complaintsReceived: 0, autoTriagedShare: null }],
      freshness: { dataUpTo: null },
    });
    const b = await get('/v1/reports/owner-board?fromMonth=2026-09&toMonth=2026-10', mj);
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ rows: [] });
    // The SPV's scope is a kecamatan: another kecamatan is refused by the reporting service.
    const spv = await app.token('demo.spv');
    const other = await get('/v1/reports/kpis?fromMonth=2026-10&toMonth=2026-10&groupBy=desa&regionCode=62.71.02', spv);
    expect(other.status).toBe(403);
    expect(other.type).toContain('application/problem+json');
  });

  it('refuses bad input as problem+json in Bahasa Indonesia, anonymous callers and roles without access', async () => {
    const mj = await app.token('demo.mj');
    const bad = await get('/v1/reports/kpis?fromMonth=2026-13&toMonth=2026-10&groupBy=kota', mj);
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('Bulan berformat TTTT-BB');
    expect(JSON.stringify(bad.body)).toContain('Pengelompokan harus salah satu dari');
    expect((await get('/v1/reports/kpis?fromMonth=2026-10&toMonth=2026-10&groupBy=none')).status).toBe(401);
    expect(
      (await get('/v1/reports/monthly?month=2026-10&kabKotaCode=62.71&format=xlsx', await app.token('demo.fo'))).status,
    ).toBe(403);
    expect(
      (await get('/v1/reports/kpis?fromMonth=2026-10&toMonth=2026-10&groupBy=none', await app.token('demo.po.pkh')))
        .status,
    ).toBe(403);
  });

  it('downloads the monthly report as a real XLSX, the same bytes twice', async () => {
    const mj = await app.token('demo.mj');
    const a = await get('/v1/reports/monthly?month=2026-10&kabKotaCode=62.71&format=xlsx', mj);
    expect(a.status).toBe(200);
    expect(a.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(a.headers.get('content-disposition')).toBe('attachment; filename="laporan-slrt-6271-2026-10.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(a.body as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Ringkasan')).toBeDefined();
    const again = await get('/v1/reports/monthly?month=2026-10&kabKotaCode=62.71&format=xlsx', mj);
    expect((again.body as Buffer).equals(a.body as Buffer)).toBe(true);
    const pdf = await get('/v1/reports/monthly?month=2026-10&kabKotaCode=62.71&format=pdf', mj);
    expect(pdf.type).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('documents the three operations in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${app.base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.paths['/v1/reports/kpis']?.get?.operationId).toBe('getKpis');
    expect(doc.paths['/v1/reports/owner-board']?.get?.operationId).toBe('getOwnerBoard');
    expect(doc.paths['/v1/reports/monthly']?.get?.operationId).toBe('getMonthlyReport');
  });
});
