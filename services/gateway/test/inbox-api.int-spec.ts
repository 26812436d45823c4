import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type {
  CountUnreadInboxRequestV1,
  InboxItemV1,
  ListInboxRequestV1,
  ListInboxResponseV1,
  MarkAllInboxReadRequestV1,
  MarkInboxReadRequestV1,
  MarkInboxReadResponseV1,
} from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext, createMessagingTables, createServiceApp } from '@slrt/messaging';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { GatewayTestApp } from './support/gateway-test-app.js';

const ITEM = '019a9c3e-7000-7000-8000-0000000000a1';
const item: InboxItemV1 = {
  itemId: ITEM,
  kind: 'case-queued',
  title: 'Kasus 6271-2611-000777 masuk antrean Anda',
  body: 'Kasus 6271-2611-000777 (BPNT, desa 62.71.01.1001) menunggu tinjauan supervisor.',
  audience: 'role',
  caseId: '019a9c3e-6000-7000-8000-0000000000c7',
  receiptNumber: '6271-2611-000777',
  caseState: 'awaiting-supervisor',
  programmeCodes: ['BPNT'],
  desaCode: '62.71.01.1001',
  dueAt: '2026-12-02T09:00:00.000Z',
  jobId: null,
  createdAt: '2026-11-30T02:00:00.000Z',
  readAt: null,
};

/** Who asked what: the gateway must pass the authenticated user (id, roles, scope) and the mapped request. */
interface Asked {
  subject: string;
  data: unknown;
  actor: { kind: string; id: string; roles: string[]; regionScope: string[] };
}

/** Stands in for the notification service on the bus (the real inbox is proven in services/notification/test/staff-inbox.int-spec.ts). */
@Controller()
class InboxDouble {
  static asked: Asked[] = [];
  private note(subject: string, data: unknown, ctx: RpcRequestContext) {
    InboxDouble.asked.push({
      subject,
      data,
      actor: { kind: ctx.actor.kind, id: ctx.actor.id, roles: ctx.actor.roles, regionScope: ctx.actor.regionScope },
    });
  }
  @OnRequest('slrt.rpc.notification.list-inbox.v1')
  list(@Payload() data: ListInboxRequestV1, @Ctx() ctx: RpcRequestContext): ListInboxResponseV1 {
    this.note('list', data, ctx);
    return {
      items: ctx.actor.roles.includes('SPV') ? [item] : [],
      total: ctx.actor.roles.includes('SPV') ? 1 : 0,
      unread: 1,
      page: data.page,
      pageSize: data.pageSize,
    };
  }
  @OnRequest('slrt.rpc.notification.count-unread-inbox.v1')
  count(@Payload() data: CountUnreadInboxRequestV1, @Ctx() ctx: RpcRequestContext) {
    this.note('count', data, ctx);
    return { unread: 1 };
  }
  @OnRequest('slrt.rpc.notification.mark-inbox-read.v1')
  read(@Payload() data: MarkInboxReadRequestV1, @Ctx() ctx: RpcRequestContext): MarkInboxReadResponseV1 {
    this.note('read', data, ctx);
    if (data.itemId !== ITEM || !ctx.actor.roles.includes('SPV'))
      throw new DomainError('NOT_FOUND', 'Pemberitahuan tidak ditemukan.', { reason: 'INBOX_ITEM_NOT_FOUND' });
    return { marked: 1, unread: 0 };
  }
  @OnRequest('slrt.rpc.notification.mark-all-inbox-read.v1')
  readAll(@Payload() data: MarkAllInboxReadRequestV1, @Ctx() ctx: RpcRequestContext): MarkInboxReadResponseV1 {
    this.note('read-all', data, ctx);
    return { marked: 1, unread: 0 };
  }
}
@Module({ controllers: [InboxDouble] })
class InboxDoubleModule {}

/** The registry is not asked by these routes. */
@Module({})
class NoRegistryModule {}

describe('gateway: the staff inbox operations', () => {
  let app: GatewayTestApp;
  let doubleSchema: TestSchema;
  let notification: NestFastifyApplication;

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${app.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  const lastAsked = () => InboxDouble.asked.at(-1)!;

  beforeAll(async () => {
    app = await GatewayTestApp.start({
      schema: 'gwinbox',
      doubleSchema: 'gwinboxreg',
      registryDouble: NoRegistryModule,
    });
    // The double answers as the notification service, with its NATS user (only it may answer slrt.rpc.notification.>).
    doubleSchema = await createTestSchema('gwinboxntf');
    const c = new pg.Client({ connectionString: doubleSchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, doubleSchema.schema);
    await c.end();
    const env = loadConfig('notification', BaseServiceEnv, {
      DATABASE_URL: doubleSchema.url,
      DATABASE_SCHEMA: doubleSchema.schema,
      ...app.nats.serviceEnv('notification'),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    notification = (await createServiceApp({ service: 'notification', env, imports: [InboxDoubleModule] })).app;
  }, 90_000);

  afterAll(async () => {
    await notification?.close();
    await app?.close();
    await doubleSchema?.drop();
  });

  it('lists, counts and marks read as the authenticated user, with their roles and region scope', async () => {
    const spv = await app.token('demo.spv');
    const list = await call('GET', '/v1/inbox?unread=true&kind=case-queued&page=1&pageSize=20', spv);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [item], total: 1, unread: 1, page: 1, pageSize: 20 });
    expect(lastAsked()).toMatchObject({
      subject: 'list',
      data: { unreadOnly: true, kind: 'case-queued', page: 1, pageSize: 20 },
      actor: { kind: 'user', roles: ['SPV'], regionScope: ['62.71.01'] },
    });
    const spvId = lastAsked().actor.id;
    expect(spvId).toMatch(/^[0-9a-f-]{36}$/);

    expect((await call('GET', '/v1/inbox', spv)).status).toBe(200);
    expect(lastAsked().data).toEqual({ page: 1, pageSize: 50 });
    expect((await call('GET', '/v1/inbox/unread-count', spv)).body).toEqual({ unread: 1 });
    expect(lastAsked()).toMatchObject({ subject: 'count', data: {}, actor: { id: spvId } });
    expect((await call('POST', `/v1/inbox/${ITEM}/read`, spv)).body).toEqual({ marked: 1, unread: 0 });
    expect(lastAsked()).toMatchObject({ subject: 'read', data: { itemId: ITEM }, actor: { id: spvId } });
    expect((await call('POST', '/v1/inbox/read-all', spv)).body).toEqual({ marked: 1, unread: 0 });
    expect(lastAsked()).toMatchObject({ subject: 'read-all', data: {}, actor: { id: spvId } });
    expect(
      (await call('POST', '/v1/inbox/read-all', spv, { kind: 'deadline-breached', upTo: '2026-11-30T03:00:00.000Z' }))
        .status,
    ).toBe(200);
    expect(lastAsked().data).toEqual({ kind: 'deadline-breached', upTo: '2026-11-30T03:00:00.000Z' });

    // Another role, another scope: the service filters by what the gateway says the caller holds.
    const mj = await app.token('demo.mj');
    expect((await call('GET', '/v1/inbox', mj)).body).toMatchObject({ items: [], total: 0 });
    expect(lastAsked().actor).toMatchObject({ roles: ['MJ'], regionScope: ['62.71'] });
    expect(lastAsked().actor.id).not.toBe(spvId);
    const foreign = await call('POST', `/v1/inbox/${ITEM}/read`, mj);
    expect(foreign.status).toBe(404);
    expect(foreign.type).toContain('application/problem+json');
    expect(foreign.body).toMatchObject({ detail: 'Pemberitahuan tidak ditemukan.' });
    // Every staff role has an inbox, the programme owner's users included.
    for (const u of ['demo.fo', 'demo.fs', 'demo.bo', 'demo.po.pkh', 'demo.sekretariat', 'demo.admin'])
      expect((await call('GET', '/v1/inbox/unread-count', await app.token(u))).status).toBe(200);
  });

  it('refuses bad input as problem+json in Bahasa Indonesia before asking, and anonymous callers', async () => {
    const spv = await app.token('demo.spv');
    const before = InboxDouble.asked.length;
    const bad = await call('GET', '/v1/inbox?unread=ya', spv);
    expect(bad.status).toBe(422);
    expect(bad.type).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('Harus true atau false.');
    expect((await call('GET', '/v1/inbox?pageSize=500', spv)).status).toBe(422);
    expect((await call('GET', '/v1/inbox?page=0', spv)).status).toBe(422);
    expect((await call('POST', '/v1/inbox/bukan-uuid/read', spv)).status).toBe(400);
    expect((await call('POST', '/v1/inbox/read-all', spv, ['semua'])).status).toBe(400);
    expect((await call('GET', '/v1/inbox')).status).toBe(401);
    expect((await call('GET', '/v1/inbox/unread-count')).status).toBe(401);
    expect((await call('POST', `/v1/inbox/${ITEM}/read`)).status).toBe(401);
    expect(InboxDouble.asked.length).toBe(before);
    // What only the contract knows is refused by the service's validation, with the field named.
    const kind = await call('GET', '/v1/inbox?kind=semua', spv);
    expect(kind.status).toBe(422);
    expect(JSON.stringify(kind.body)).toContain('Jenis pemberitahuan tidak dikenal');
    expect((await call('POST', '/v1/inbox/read-all', spv, { upTo: 'kemarin' })).status).toBe(422);
  });

  it('documents the four operations in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${app.base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.paths['/v1/inbox']?.get?.operationId).toBe('listInbox');
    expect(doc.paths['/v1/inbox/unread-count']?.get?.operationId).toBe('countUnreadInbox');
    expect(doc.paths['/v1/inbox/{id}/read']?.post?.operationId).toBe('markInboxRead');
    expect(doc.paths['/v1/inbox/read-all']?.post?.operationId).toBe('markAllInboxRead');
  });
});
