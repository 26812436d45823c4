import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type {
  GetOwnerReferralRequestV1,
  ListProgrammesRequestV1,
  ListProgrammesResponseV1,
  ListRoutingRulesRequestV1,
  ListRoutingRulesResponseV1,
  OwnerReferralViewV1,
  ProgrammeViewV1,
  RoutingRuleViewV1,
  SaveProgrammeRequestV1,
  SaveRoutingRuleRequestV1,
} from '@slrt/contracts';
import {
  DomainError,
  OnRequest,
  createMessagingTables,
  createServiceApp,
  type RpcRequestContext,
} from '@slrt/messaging';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { GatewayTestApp } from './support/gateway-test-app.js';

const REFERRAL_ID = '019a9c3e-7000-7000-8000-0000000000a1';
type Asked = { subject: string; actorId: string; actorKind: string; data: unknown };

/** Stands in for referral on the bus (the real behaviour is proven in services/referral/test/directory-retention.int-spec.ts). */
@Controller()
class ReferralDouble {
  static asked: Asked[] = [];
  private note(subject: string, ctx: RpcRequestContext, data: unknown) {
    ReferralDouble.asked.push({ subject, actorId: ctx.actor.id, actorKind: ctx.actor.kind, data });
  }
  @OnRequest('slrt.rpc.referral.get-owner-referral.v1')
  get(@Payload() data: GetOwnerReferralRequestV1, @Ctx() ctx: RpcRequestContext): OwnerReferralViewV1 {
    this.note('get-owner-referral', ctx, data);
    if (data.referralId !== REFERRAL_ID)
      throw new DomainError('NOT_FOUND', 'Rujukan tidak ditemukan untuk pengelola program Anda.', {
        reason: 'REFERRAL_NOT_FOUND',
      });
    return {
      referralId: REFERRAL_ID,
      receiptNumber: '6271-2611-000123',
      kabKotaCode: '62.71',
      status: 'resolved',
      programmeCodes: ['PKH'],
      summary: 'Pengaduan 6271-2611-000123 (non-kepesertaan, PKH)',
      subject: {},
      sentAt: '2026-11-24T03:00:00.000Z',
      dueAt: '2026-12-08T09:00:00.000Z',
      closedAt: '2026-11-25T03:00:00.000Z',
      personalDataUntil: '2026-12-25T03:00:00.000Z',
      personalDataRemoved: true,
    };
  }
  @OnRequest('slrt.rpc.referral.list-routing-rules.v1')
  rules(@Payload() data: ListRoutingRulesRequestV1, @Ctx() ctx: RpcRequestContext): ListRoutingRulesResponseV1 {
    this.note('list-routing-rules', ctx, data);
    return { items: [] };
  }
  @OnRequest('slrt.rpc.referral.save-routing-rule.v1')
  saveRule(@Payload() data: SaveRoutingRuleRequestV1, @Ctx() ctx: RpcRequestContext): RoutingRuleViewV1 {
    this.note('save-routing-rule', ctx, data);
    if (data.ownerCodes.includes('kemen-antah'))
      throw new DomainError('VALIDATION_FAILED', 'Aturan rujukan belum benar. Periksa isian yang ditandai.', {
        fieldErrors: [
          { field: 'ownerCodes.0', messages: ['Pengelola program "kemen-antah" tidak ada dalam direktori.'] },
        ],
      });
    return {
      id: 12,
      version: 1,
      category: data.category,
      programmeCode: data.programmeCode ?? null,
      conditions: data.conditions,
      ownerCodes: data.ownerCodes,
      priority: data.priority,
      note: data.note ?? null,
      active: data.active,
      updatedAt: new Date().toISOString(),
      updatedBy: ctx.actor.id,
      history: [],
    };
  }
  @OnRequest('slrt.rpc.referral.list-programmes.v1')
  programmes(@Payload() data: ListProgrammesRequestV1, @Ctx() ctx: RpcRequestContext): ListProgrammesResponseV1 {
    this.note('list-programmes', ctx, data);
    return { items: [] };
  }
  @OnRequest('slrt.rpc.referral.save-programme.v1')
  saveProgramme(@Payload() data: SaveProgrammeRequestV1, @Ctx() ctx: RpcRequestContext): ProgrammeViewV1 {
    this.note('save-programme', ctx, data);
    const { expectedVersion: _v, ...p } = data;
    return {
      ...p,
      notes: p.notes ?? '',
      description: p.description ?? '',
      eligibility: p.eligibility ?? '',
      documentsNeeded: p.documentsNeeded ?? [],
      howToApply: p.howToApply ?? '',
      publicInfo: p.publicInfo ?? false,
      version: 1,
      updatedAt: new Date().toISOString(),
    };
  }
}
@Module({ controllers: [ReferralDouble] })
class ReferralDoubleModule {}
@Module({})
class NoRegistry {}

describe('gateway: routing rules, programme catalogue and one owner referral over HTTP', () => {
  let t: GatewayTestApp;
  let referralSchema: TestSchema;
  let referral: NestFastifyApplication;
  const tokens: Record<string, string> = {};
  const http = async (method: string, path: string, o: { token?: string; apiKey?: string; body?: unknown } = {}) => {
    const res = await fetch(`${t.base}${path}`, {
      method,
      headers: {
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.apiKey ? { 'x-api-key': o.apiKey } : {}),
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: () => JSON.parse(text), text };
  };
  const last = () => ReferralDouble.asked.at(-1)!;

  beforeAll(async () => {
    t = await GatewayTestApp.start({ schema: 'gwdir', doubleSchema: 'gwdirreg', registryDouble: NoRegistry });
    referralSchema = await createTestSchema('gwdirref');
    const c = new pg.Client({ connectionString: referralSchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, referralSchema.schema);
    await c.end();
    referral = (
      await createServiceApp({
        service: 'referral',
        env: loadConfig('referral', BaseServiceEnv, {
          DATABASE_URL: referralSchema.url,
          DATABASE_SCHEMA: referralSchema.schema,
          ...t.nats.serviceEnv('referral'),
          LOG_LEVEL: 'silent',
        }),
        imports: [ReferralDoubleModule],
      })
    ).app;
    for (const r of ['fo', 'admin', 'sekretariat', 'bo', 'po.pkh']) tokens[r] = await t.token(`demo.${r}`);
  }, 60_000);

  afterAll(async () => {
    await referral?.close();
    await t?.close();
    await referralSchema?.drop();
  });

  it('publishes the operations in the OpenAPI document', async () => {
    const doc = (await http('GET', '/openapi.json')).json();
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(ids).toEqual(
      expect.arrayContaining([
        'getOwnerReferral',
        'listRoutingRules',
        'saveRoutingRule',
        'listProgrammes',
        'saveProgramme',
      ]),
    );
    expect(doc.components.schemas.SaveRoutingRuleRequestV1).toBeDefined();
  });

  it('lets kab/kota staff read routing rules and only ADMIN save one; field errors come back as a 422 problem in Indonesian', async () => {
    expect(
      (await http('GET', '/v1/routing-rules?programmeCode=PIP&includeHistory=true', { token: tokens.sekretariat }))
        .status,
    ).toBe(200);
    expect(last()).toMatchObject({
      subject: 'list-routing-rules',
      data: { programmeCode: 'PIP', includeHistory: true, includeInactive: false },
    });
    expect((await http('GET', '/v1/routing-rules', { token: tokens.bo })).status).toBe(200);
    expect((await http('GET', '/v1/routing-rules', { token: tokens.fo })).status).toBe(403);
    const rule = {
      category: 'non-kepesertaan',
      programmeCode: 'PIP',
      conditions: { schoolType: ['MI', 'MTS', 'MA'] },
      ownerCodes: ['kemenag'],
      priority: 10,
      active: true,
      reason: 'Uji',
    };
    expect((await http('POST', '/v1/routing-rules', { token: tokens.sekretariat, body: rule })).status).toBe(403);
    const saved = await http('POST', '/v1/routing-rules', { token: tokens.admin, body: rule });
    expect(saved.status).toBe(200);
    expect(saved.json()).toMatchObject({
      id: 12,
      conditions: { schoolType: ['MI', 'MTS', 'MA'] },
      ownerCodes: ['kemenag'],
    });
    expect(last()).toMatchObject({ subject: 'save-routing-rule', actorKind: 'user' });
    // Refused at the edge by the contract: an unknown school type, named by its field.
    const bad = await http('POST', '/v1/routing-rules', {
      token: tokens.admin,
      body: { ...rule, conditions: { schoolType: ['UNIVERSITAS'] } },
    });
    expect([bad.status, bad.type]).toEqual([422, expect.stringMatching(/^application\/problem\+json/)]);
    expect(bad.text).toMatch(/conditions\.schoolType/);
    expect(bad.text).toMatch(/Jenis sekolah harus salah satu dari/);
    // Refused by referral (owner not in the directory): the same problem shape.
    const unknownOwner = await http('POST', '/v1/routing-rules', {
      token: tokens.admin,
      body: { ...rule, ownerCodes: ['kemen-antah'] },
    });
    expect(unknownOwner.status).toBe(422);
    expect(unknownOwner.text).toMatch(/ownerCodes\.0/);
    expect(unknownOwner.text).toMatch(/tidak ada dalam direktori/);
  });

  it('lists the programme catalogue for operators and lets only ADMIN save a programme', async () => {
    expect((await http('GET', '/v1/programmes', { token: tokens.fo })).status).toBe(200);
    // The FO's search during the conversation: words and sector forwarded as they are.
    expect((await http('GET', '/v1/programmes?q=beras&sector=pangan', { token: tokens.fo })).status).toBe(200);
    expect(last()).toMatchObject({
      subject: 'list-programmes',
      data: { includeInactive: false, q: 'beras', sector: 'pangan' },
    });
    const badSector = await http('GET', '/v1/programmes?sector=hiburan', { token: tokens.fo });
    expect(badSector.status).toBe(422);
    expect(badSector.text).toContain('Sektor harus salah satu dari');
    const zakat = {
      name: 'Zakat Produktif BAZNAS Kota',
      aliases: [],
      sector: 'sosial-ekonomi',
      scope: 'daerah',
      funder: 'BAZNAS',
      defaultOwnerCode: 'baznas',
      otherOwnerCodes: [],
      active: true,
    };
    expect((await http('PUT', '/v1/programmes/ZAKAT-PRODUKTIF', { token: tokens.fo, body: zakat })).status).toBe(403);
    const saved = await http('PUT', '/v1/programmes/ZAKAT-PRODUKTIF', { token: tokens.admin, body: zakat });
    expect(saved.status).toBe(200);
    expect(saved.json()).toMatchObject({ code: 'ZAKAT-PRODUKTIF', funder: 'BAZNAS' });
    const bad = await http('PUT', '/v1/programmes/ZAKAT-PRODUKTIF', {
      token: tokens.admin,
      body: { ...zakat, funder: 'DONATUR' },
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/funder/);
  });

  it('serves one referral to its owner, PO user or API key, never to staff', async () => {
    const asUser = await http('GET', `/v1/owner/referrals/${REFERRAL_ID}`, { token: tokens['po.pkh'] });
    expect(asUser.status).toBe(200);
    expect(asUser.json()).toMatchObject({ referralId: REFERRAL_ID, subject: {}, personalDataRemoved: true });
    expect(last()).toMatchObject({ subject: 'get-owner-referral', actorKind: 'user' });
    const key = (
      await http('POST', '/v1/api-keys', {
        token: tokens.admin,
        body: { ownerCode: 'kemensos-pkh', label: 'Integrasi PKH' },
      })
    ).json().apiKey as string;
    expect((await http('GET', `/v1/owner/referrals/${REFERRAL_ID}`, { apiKey: key })).status).toBe(200);
    expect(last()).toMatchObject({ subject: 'get-owner-referral', actorKind: 'owner-client' });
    expect(
      (await http('GET', '/v1/owner/referrals/019a9c3e-7000-7000-8000-0000000000ff', { apiKey: key })).status,
    ).toBe(404);
    expect((await http('GET', `/v1/owner/referrals/${REFERRAL_ID}`, { token: tokens.bo })).status).toBe(403);
    expect((await http('GET', '/v1/owner/referrals/not-a-uuid', { apiKey: key })).status).toBe(400);
  });
});
