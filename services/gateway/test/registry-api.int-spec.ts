import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type {
  DtksStatementFileV1,
  GetDtksStatementRequestV1,
  ListLookupAuditRequestV1,
  ListLookupAuditResponseV1,
  LookupPersonRequestV1,
  LookupPersonResponseV1,
  VerifyDocumentRequestV1,
  VerifyDocumentResponseV1,
} from '@slrt/contracts';
import { createMessagingTables, createServiceApp, DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { gatewayService } from '../src/app.js';
import { GatewayEnv } from '../src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../src/database/data-source.js';

const NIK = '6271015203840002';
const PDF = Buffer.from('%PDF-1.3\n% synthetic\n');

/** Stands in for the registry on the bus (the real lookups are proven in services/registry/test). */
@Controller()
class RegistryDouble {
  static seen: Array<{ subject: string; actorId: string; roles: string[]; data: unknown }> = [];
  @OnRequest('slrt.rpc.registry.lookup-person.v1')
  lookup(@Payload() data: LookupPersonRequestV1, @Ctx() ctx: RpcRequestContext): LookupPersonResponseV1 {
    RegistryDouble.seen.push({ subject: 'lookup-person', actorId: ctx.actor.id, roles: ctx.actor.roles, data });
    return { dataPeriod: '2026-09', revealed: false, matches: [] };
  }
  @OnRequest('slrt.rpc.registry.list-lookup-audit.v1')
  audit(@Payload() data: ListLookupAuditRequestV1, @Ctx() ctx: RpcRequestContext): ListLookupAuditResponseV1 {
    RegistryDouble.seen.push({ subject: 'list-lookup-audit', actorId: ctx.actor.id, roles: ctx.actor.roles, data });
    return { items: [], total: 0, page: data.page, pageSize: data.pageSize };
  }
  @OnRequest('slrt.rpc.registry.get-dtks-statement.v1')
  statement(@Payload() data: GetDtksStatementRequestV1): DtksStatementFileV1 {
    if (data.nik !== NIK) throw new DomainError('NOT_FOUND', 'NIK ini tidak terdaftar dalam DTKS periode 2026-09 di wilayah kerja Anda: surat keterangan terdaftar tidak dapat diterbitkan.', { reason: 'PERSON_NOT_IN_REGISTRY' });
    return { fileName: 'keterangan-dtks-DTKS-6271-2026-000001.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64'), number: 'DTKS-6271-2026-000001', issuedAt: '2026-11-24T03:15:00.000Z', issued: true };
  }
  @OnRequest('slrt.rpc.registry.verify-document.v1')
  verify(@Payload() data: VerifyDocumentRequestV1, @Ctx() ctx: RpcRequestContext): VerifyDocumentResponseV1 {
    RegistryDouble.seen.push({ subject: 'verify-document', actorId: ctx.actor.id, roles: ctx.actor.roles, data });
    return data.code === 'Q7RK-M2XW-9PDT'
      ? { valid: true, documentType: 'dtks-statement', number: 'DTKS-6271-2026-000001', issuedAt: '2026-11-24T03:15:00.000Z', dataPeriod: '2026-09', desaName: 'Pahandut' }
      : { valid: false, documentType: null, number: null, issuedAt: null, dataPeriod: null, desaName: null };
  }
}
@Module({ controllers: [RegistryDouble] })
class RegistryDoubleModule {}

const PASSWORD = 'demo-password-123';

describe('gateway: registry endpoints', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let registrySchema: TestSchema;
  let gateway: NestFastifyApplication;
  let registry: NestFastifyApplication;
  let base: string;

  const call = async (method: string, path: string, opts: { token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const token = async (username: string) => {
    const res = await call('POST', '/v1/auth/login', { body: { username, password: PASSWORD } });
    return (JSON.parse(res.bytes.toString()) as { accessToken: string }).accessToken;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    schema = await createTestSchema('gwreg');
    registrySchema = await createTestSchema('gwregdouble');
    const envVars = {
      DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, NATS_URL: nats.url, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SLRT_DEMO: '1', SLRT_DEMO_PASSWORD: PASSWORD, LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    };
    const env = loadConfig('gateway', GatewayEnv, envVars);
    await runMigrations(gatewayDataSourceOptions(env), 'up');
    const c = new pg.Client({ connectionString: registrySchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, registrySchema.schema);
    await c.end();
    registry = (await createServiceApp({ service: 'registry', env: loadConfig('registry', BaseServiceEnv, { DATABASE_URL: registrySchema.url, DATABASE_SCHEMA: registrySchema.schema, NATS_URL: nats.url, LOG_LEVEL: 'silent' }), imports: [RegistryDoubleModule] })).app;
    gateway = (await createServiceApp({ service: 'gateway', env, ...gatewayService(env) })).app;
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    base = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await nats?.dispose();
    await schema?.drop();
    await registrySchema?.drop();
  });

  it('forwards a person search with the NIK in the body and the caller\u2019s identity', async () => {
    const res = await call('POST', '/v1/registry/persons/search', { token: await token('demo.fo'), body: { by: 'nik', nik: NIK, purpose: { kind: 'service' } } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.bytes.toString())).toEqual({ dataPeriod: '2026-09', revealed: false, matches: [] });
    expect(RegistryDouble.seen.at(-1)).toMatchObject({ subject: 'lookup-person', roles: ['FO'], data: { by: 'nik', nik: NIK, purpose: { kind: 'service' } } });
  });

  it('lists the lookup audit with paging defaults, and searches it by a NIK in the body', async () => {
    const admin = await token('demo.admin');
    expect((await call('GET', '/v1/registry/lookup-audit?actorId=u-1', { token: admin })).status).toBe(200);
    expect(RegistryDouble.seen.at(-1)).toMatchObject({ subject: 'list-lookup-audit', roles: ['ADMIN'], data: { actorId: 'u-1', page: 1, pageSize: 50 } });
    expect((await call('POST', '/v1/registry/lookup-audit/search', { token: admin, body: { nik: NIK, pageSize: 10 } })).status).toBe(200);
    expect(RegistryDouble.seen.at(-1)).toMatchObject({ subject: 'list-lookup-audit', data: { nik: NIK, page: 1, pageSize: 10 } });
  });

  it('sends the statement as a private PDF with its number, and a person not in the registry as an Indonesian 404 problem', async () => {
    const bo = await token('demo.bo');
    const res = await call('POST', '/v1/registry/statements', { token: bo, body: { nik: NIK, purpose: { kind: 'document' } } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="keterangan-dtks-DTKS-6271-2026-000001.pdf"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-document-number']).toBe('DTKS-6271-2026-000001');
    expect(res.bytes.equals(PDF)).toBe(true);
    const missing = await call('POST', '/v1/registry/statements', { token: bo, body: { nik: '6271010101010999', purpose: { kind: 'document' } } });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(missing.bytes.toString())).toMatchObject({ status: 404, detail: 'NIK ini tidak terdaftar dalam DTKS periode 2026-09 di wilayah kerja Anda: surat keterangan terdaftar tidak dapat diterbitkan.' });
  });

  it('verifies a document publicly, without login, as the gateway\u2019s system actor', async () => {
    const ok = await call('GET', '/v1/public/documents/Q7RK-M2XW-9PDT');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.bytes.toString())).toEqual({ valid: true, documentType: 'dtks-statement', number: 'DTKS-6271-2026-000001', issuedAt: '2026-11-24T03:15:00.000Z', dataPeriod: '2026-09', desaName: 'Pahandut' });
    expect(RegistryDouble.seen.at(-1)).toMatchObject({ subject: 'verify-document', actorId: 'system:gateway', roles: [] });
    const unknown = await call('GET', '/v1/public/documents/ZZZZ-ZZZZ-ZZZZ');
    expect(JSON.parse(unknown.bytes.toString())).toMatchObject({ valid: false });
    expect((await call('GET', '/v1/public/documents/%3Cscript%3E')).status).toBe(422);
  });
});
