import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { ListMessagesRequestV1, ProviderCallbackRequestV1 } from '@slrt/contracts';
import { OnRequest, RpcRequestContext, createMessagingTables, createServiceApp } from '@slrt/messaging';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { webhookSignature } from '../src/api/messages.controller.js';
import { GatewayTestApp } from './support/gateway-test-app.js';

const SECRET = 'webhook-secret-that-is-long-enough-0123';
const COMPLAINT = '019ad4a0-0000-7000-8000-000000000001';

/** Stands in for the notification service on the bus (the real one is proven in services/notification/test). */
@Controller()
class NotificationDouble {
  static callbacks: Array<ProviderCallbackRequestV1 & { actorId: string }> = [];
  static lists: Array<ListMessagesRequestV1 & { actorId: string }> = [];
  @OnRequest('slrt.rpc.notification.provider-callback.v1')
  callback(@Payload() data: ProviderCallbackRequestV1, @Ctx() ctx: RpcRequestContext) {
    NotificationDouble.callbacks.push({ ...data, actorId: ctx.actor.id });
    return { accepted: true, updated: 1 };
  }
  @OnRequest('slrt.rpc.notification.list-messages.v1')
  list(@Payload() data: ListMessagesRequestV1, @Ctx() ctx: RpcRequestContext) {
    NotificationDouble.lists.push({ ...data, actorId: ctx.actor.id });
    return { items: [], total: 0 };
  }
}
@Module({ controllers: [NotificationDouble] })
class NotificationDoubleModule {}
@Module({})
class NoRegistry {}

describe('gateway: messages to citizens and the providers\u2019 signed webhook', () => {
  let app: GatewayTestApp;
  let notification: NestFastifyApplication;
  let schema: TestSchema;
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${app.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    app = await GatewayTestApp.start({
      schema: 'gwmsg',
      doubleSchema: 'gwmsgdouble',
      registryDouble: NoRegistry,
      env: { NOTIFY_WEBHOOK_SECRET: SECRET },
    });
    schema = await createTestSchema('gwmsgntf');
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, schema.schema);
    await c.end();
    const env = loadConfig('notification', BaseServiceEnv, {
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      ...app.nats.serviceEnv('notification'),
      LOG_LEVEL: 'silent',
    });
    notification = (await createServiceApp({ service: 'notification', env, imports: [NotificationDoubleModule] })).app;
  }, 60_000);

  afterAll(async () => {
    await notification?.close();
    await app?.close();
    await schema?.drop();
  });

  it('forwards a correctly signed delivery report as system:gateway, body as received', async () => {
    const sig = webhookSignature(SECRET, 'fonnte', 'status');
    const res = await post(`/v1/webhooks/notification/fonnte/status?sig=${sig}`, {
      device: '6282227097005',
      id: '80367170',
      stateid: 'x',
      status: 'sent',
      state: 'delivered',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: true, updated: 1 });
    expect(NotificationDouble.callbacks.at(-1)).toEqual({
      provider: 'fonnte',
      kind: 'status',
      body: '{"device":"6282227097005","id":"80367170","stateid":"x","status":"sent","state":"delivered"}',
      actorId: 'system:gateway',
    });
  });

  it('answers 404 problem+json to a missing or wrong signature, or a signature of another provider or kind, and forwards nothing', async () => {
    const before = NotificationDouble.callbacks.length;
    for (const path of [
      '/v1/webhooks/notification/fonnte/status',
      `/v1/webhooks/notification/fonnte/status?sig=${'0'.repeat(64)}`,
      `/v1/webhooks/notification/http/status?sig=${webhookSignature(SECRET, 'fonnte', 'status')}`,
      `/v1/webhooks/notification/fonnte/inbound?sig=${webhookSignature(SECRET, 'fonnte', 'status')}`,
      `/v1/webhooks/notification/fonnte/status?sig=${webhookSignature('another-secret-that-is-long-enough-000', 'fonnte', 'status')}`,
    ]) {
      const res = await post(path, { id: '1', status: 'sent' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(NotificationDouble.callbacks.length).toBe(before);
  });

  it('lists a complaint\u2019s messages for staff as themselves, and keeps settings to ADMIN', async () => {
    const fs = await app.token('demo.fs');
    const res = await fetch(`${app.base}/v1/complaints/${COMPLAINT}/messages`, {
      headers: { authorization: `Bearer ${fs}` },
    });
    expect(res.status).toBe(200);
    expect(NotificationDouble.lists.at(-1)).toEqual({
      complaintId: COMPLAINT,
      page: 1,
      pageSize: 50,
      actorId: expect.not.stringMatching(/^system:/),
    });
    const put = await fetch(`${app.base}/v1/notification-settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${fs}`, 'content-type': 'application/json' },
      body: JSON.stringify({ quietStart: '22:00' }),
    });
    expect(put.status).toBe(403);
    const anonymous = await fetch(`${app.base}/v1/complaints/${COMPLAINT}/messages`);
    expect(anonymous.status).toBe(401);
  });
});
