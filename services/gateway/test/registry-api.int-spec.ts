import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
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
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { GatewayTestApp } from './support/gateway-test-app.js';

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
    if (data.nik !== NIK)
      throw new DomainError(
        'NOT_FOUND',
        'NIK ini tidak terdaftar dalam DTKS periode 2026-09 di wilayah kerja Anda: surat keterangan terdaftar tidak dapat diterbitkan.',
        { reason: 'PERSON_NOT_IN_REGISTRY' },
      );
    return {
      fileName: 'keterangan-dtks-DTKS-6271-2026-000001.pdf',
      contentType: 'application/pdf',
      contentBase64: PDF.toString('base64'),
      number: 'DTKS-6271-2026-000001',
      issuedAt: '2026-11-24T03:15:00.000Z',
      issued: true,
    };
  }
  @OnRequest('slrt.rpc.registry.verify-document.v1')
  verify(@Payload() data: VerifyDocumentRequestV1, @Ctx() ctx: RpcRequestContext): VerifyDocumentResponseV1 {
    RegistryDouble.seen.push({ subject: 'verify-document', actorId: ctx.actor.id, roles: ctx.actor.roles, data });
    return data.code === 'Q7RK-M2XW-9PDT'
      ? {
          valid: true,
          documentType: 'dtks-statement',
          number: 'DTKS-6271-2026-000001',
          issuedAt: '2026-11-24T03:15:00.000Z',
          dataPeriod: '2026-09',
          desaName: 'Pahandut',
        }
      : { valid: false, documentType: null, number: null, issuedAt: null, dataPeriod: null, desaName: null };
  }
}
@Module({ controllers: [RegistryDouble] })
class RegistryDoubleModule {}

describe('gateway: registry endpoints', () => {
  let app: GatewayTestApp;
  let base: string;

  const call = async (method: string, path: string, opts: { token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  };
  const token = (username: string) => app.token(username);

  beforeAll(async () => {
    app = await GatewayTestApp.start({
      schema: 'gwreg',
      doubleSchema: 'gwregdouble',
      registryDouble: RegistryDoubleModule,
    });
    base = app.base;
  }, 60_000);

  afterAll(() => app?.close());

  it('forwards a person search with the NIK in the body and the caller\u2019s identity', async () => {
    const res = await call('POST', '/v1/registry/persons/search', {
      token: await token('demo.fo'),
      body: { by: 'nik', nik: NIK, purpose: { kind: 'service' } },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.bytes.toString())).toEqual({ dataPeriod: '2026-09', revealed: false, matches: [] });
    expect(RegistryDouble.seen.at(-1)).toMatchObject({
      subject: 'lookup-person',
      roles: ['FO'],
      data: { by: 'nik', nik: NIK, purpose: { kind: 'service' } },
    });
  });

  it('lists the lookup audit with paging defaults, and searches it by a NIK in the body', async () => {
    const admin = await token('demo.admin');
    expect((await call('GET', '/v1/registry/lookup-audit?actorId=u-1', { token: admin })).status).toBe(200);
    expect(RegistryDouble.seen.at(-1)).toMatchObject({
      subject: 'list-lookup-audit',
      roles: ['ADMIN'],
      data: { actorId: 'u-1', page: 1, pageSize: 50 },
    });
    expect(
      (await call('POST', '/v1/registry/lookup-audit/search', { token: admin, body: { nik: NIK, pageSize: 10 } }))
        .status,
    ).toBe(200);
    expect(RegistryDouble.seen.at(-1)).toMatchObject({
      subject: 'list-lookup-audit',
      data: { nik: NIK, page: 1, pageSize: 10 },
    });
  });

  it('sends the statement as a private PDF with its number, and a person not in the registry as an Indonesian 404 problem', async () => {
    const bo = await token('demo.bo');
    const res = await call('POST', '/v1/registry/statements', {
      token: bo,
      body: { nik: NIK, purpose: { kind: 'document' } },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="keterangan-dtks-DTKS-6271-2026-000001.pdf"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-document-number']).toBe('DTKS-6271-2026-000001');
    expect(res.bytes.equals(PDF)).toBe(true);
    const missing = await call('POST', '/v1/registry/statements', {
      token: bo,
      body: { nik: '6271010101010999', purpose: { kind: 'document' } },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(missing.bytes.toString())).toMatchObject({
      status: 404,
      detail:
        'NIK ini tidak terdaftar dalam DTKS periode 2026-09 di wilayah kerja Anda: surat keterangan terdaftar tidak dapat diterbitkan.',
    });
  });

  it('verifies a document publicly, without login, as the gateway\u2019s system actor', async () => {
    const ok = await call('GET', '/v1/public/documents/Q7RK-M2XW-9PDT');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.bytes.toString())).toEqual({
      valid: true,
      documentType: 'dtks-statement',
      number: 'DTKS-6271-2026-000001',
      issuedAt: '2026-11-24T03:15:00.000Z',
      dataPeriod: '2026-09',
      desaName: 'Pahandut',
    });
    expect(RegistryDouble.seen.at(-1)).toMatchObject({
      subject: 'verify-document',
      actorId: 'system:gateway',
      roles: [],
    });
    const unknown = await call('GET', '/v1/public/documents/ZZZZ-ZZZZ-ZZZZ');
    expect(JSON.parse(unknown.bytes.toString())).toMatchObject({ valid: false });
    expect((await call('GET', '/v1/public/documents/%3Cscript%3E')).status).toBe(422);
  });
});
