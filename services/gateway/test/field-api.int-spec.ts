import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import {
  ATTACHMENT_CHUNK_BYTES,
  type FieldBundleV1,
  type FieldDeviceV1,
  type FieldEarlierComplaintV1,
  type GetFieldBundleRequestV1,
  type FieldUploadV1,
  type ListMessagesRequestV1,
  type ListMessagesResponseV1,
  type MessageViewV1,
  type PutFieldUploadChunkRequestV1,
  type PutFieldUploadChunkResponseV1,
  type RevokeFieldDeviceRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext, createMessagingTables, createServiceApp } from '@slrt/messaging';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { GatewayTestApp } from './support/gateway-test-app.js';

const UPLOAD = '019a9c3e-8000-7000-8000-0000000000d1';
const DEVICE = '019a9c3e-9000-7000-8000-0000000000a1';
const SHA = 'ba4f25bf16ba4be6bc7d3276fafeb67f9eb3c5df042bc3a405e1af15b921eed7';

const earlier = (receiptNumber: string): FieldEarlierComplaintV1 => ({
  receiptNumber,
  provisionalNumber: null,
  registeredAt: '2026-11-20T02:15:00.000Z',
  category: 'kepesertaan',
  contactType: 'pengaduan',
  programmeCodes: ['PKH'],
  desaCode: '62.71.01.1001',
  rt: '002',
  rw: '003',
  subjectNik: '************0001',
  subjectInitials: 'S. A.',
  stage: 'ditinjau',
  stageLabel: 'Sedang ditinjau petugas',
});

/** Page 1 and page 2 of intake's bundle (one complaint repeated across the pages, as when one is registered in between). */
const bundle = (etag: string, page: number): FieldBundleV1 => ({
  kabKotaCode: '62.71',
  generatedAt: new Date().toISOString(),
  etag,
  desa: [{ code: '62.71.01.1001', name: 'Pahandut', kecamatanCode: '62.71.01', kecamatanName: 'Pahandut' }],
  categories: [{ code: 'kepesertaan', label: 'Kepesertaan' }],
  contactTypes: [],
  sectors: [],
  programmes: [],
  programmesComplete: true,
  documentChecklists: [],
  earlierComplaints:
    page === 1
      ? [earlier('6271-2611-000002'), earlier('6271-2611-000001')]
      : [earlier('6271-2611-000001'), earlier('6271-2611-000000')],
  earlierComplaintsTruncated: false,
  earlierComplaintsNextPage: page === 1 ? 2 : null,
  earlierComplaintsDays: 730,
});

const task = (channel: 'fs-visit' | 'letter'): MessageViewV1 => ({
  messageId: channel === 'fs-visit' ? '019a9c3e-7000-7000-8000-0000000000b1' : '019a9c3e-7000-7000-8000-0000000000b2',
  complaintId: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6',
  sequence: 1,
  step: 'resolved',
  recipient: 'subject',
  channel,
  address: 'Desa Pahandut',
  status: 'queued',
  statusReason: null,
  text: 'Kunjungi rumah tangga S. A. dan sampaikan: pengaduan selesai.',
  attempts: 0,
  nextAttemptAt: null,
  providerMessageId: null,
  createdAt: '2026-11-30T02:00:00.000Z',
  updatedAt: '2026-11-30T02:00:00.000Z',
  replacesMessageId: null,
});

/** Stands in for intake (the real operations are proven in services/intake/test/field-*.int-spec.ts). */
@Controller()
class IntakeDouble {
  static etag = '"a"';
  static pages: number[] = [];
  static chunks: PutFieldUploadChunkRequestV1[] = [];
  static received = 0;
  static revoked: RevokeFieldDeviceRequestV1[] = [];
  @OnRequest('slrt.rpc.intake.get-field-bundle.v1')
  bundle(@Payload() data: GetFieldBundleRequestV1): FieldBundleV1 {
    IntakeDouble.pages.push(data.page ?? 1);
    return bundle(`${IntakeDouble.etag}${data.page ?? 1}`, data.page ?? 1);
  }
  @OnRequest('slrt.rpc.intake.put-field-upload-chunk.v1')
  put(@Payload() data: PutFieldUploadChunkRequestV1): PutFieldUploadChunkResponseV1 {
    IntakeDouble.chunks.push(data);
    const length = Buffer.from(data.contentBase64, 'base64').length;
    const upload = (): FieldUploadV1 => ({
      uploadId: UPLOAD,
      clientUploadId: 'photo-1',
      status: 'open',
      offset: IntakeDouble.received,
      size: 2_000_000,
      sha256: SHA,
      expiresAt: '2026-12-02T00:00:00.000Z',
    });
    if (data.offset > IntakeDouble.received) return { accepted: false, upload: upload() };
    IntakeDouble.received = Math.max(IntakeDouble.received, data.offset + length);
    return { accepted: true, upload: upload() };
  }
  @OnRequest('slrt.rpc.intake.revoke-field-device.v1')
  revoke(@Payload() data: RevokeFieldDeviceRequestV1, @Ctx() ctx: RpcRequestContext): FieldDeviceV1 {
    IntakeDouble.revoked.push(data);
    return {
      deviceId: data.deviceId,
      deviceCode: 'K7PQ',
      label: 'HP',
      userId: ctx.actor.id,
      enrolledAt: '2026-11-30T00:00:00.000Z',
      revokedAt: '2026-11-30T01:00:00.000Z',
      revokedBy: ctx.actor.id,
      lastSyncAt: null,
      lastProvisionalSequence: 0,
    };
  }
}
@Module({ controllers: [IntakeDouble] })
class IntakeDoubleModule {}

/** Stands in for notification: the FS's visit and letter queue, or silent. */
@Controller()
class NotificationDouble {
  static asked: ListMessagesRequestV1[] = [];
  static silent = false;
  static extra = 0;
  @OnRequest('slrt.rpc.notification.list-messages.v1')
  async list(@Payload() data: ListMessagesRequestV1): Promise<ListMessagesResponseV1> {
    NotificationDouble.asked.push(data);
    if (NotificationDouble.silent) await new Promise((r) => setTimeout(r, 6_000));
    const items = [task(data.channel as 'fs-visit' | 'letter')];
    return { items, total: items.length + (data.channel === 'fs-visit' ? NotificationDouble.extra : 0) };
  }
}
@Module({ controllers: [NotificationDouble] })
class NotificationDoubleModule {}

@Module({})
class NoRegistryModule {}

describe('gateway: the field app routes (HTTP specifics)', () => {
  let app: GatewayTestApp;
  const schemas: TestSchema[] = [];
  const services: NestFastifyApplication[] = [];
  let fs: string;

  const double = async (service: 'intake' | 'notification', module: unknown) => {
    const s = await createTestSchema(`gwfield${service.slice(0, 3)}`);
    schemas.push(s);
    const c = new pg.Client({ connectionString: s.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, s.schema);
    await c.end();
    const env = loadConfig(service, BaseServiceEnv, {
      DATABASE_URL: s.url,
      DATABASE_SCHEMA: s.schema,
      ...app.nats.serviceEnv(service),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    services.push((await createServiceApp({ service, env, imports: [module as never] })).app);
  };

  beforeAll(async () => {
    app = await GatewayTestApp.start({
      schema: 'gwfield',
      doubleSchema: 'gwfieldreg',
      registryDouble: NoRegistryModule,
    });
    await double('intake', IntakeDoubleModule);
    await double('notification', NotificationDoubleModule);
    fs = await app.token('demo.fs');
  }, 90_000);

  afterAll(async () => {
    for (const s of services) await s.close();
    await app?.close();
    for (const s of schemas) await s.drop();
  });

  const bundleGet = (headers: Record<string, string> = {}, token = fs) =>
    fetch(`${app.base}/v1/field/bundle`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('GET /v1/field/bundle: intake part plus the queued visit and letter tasks, an ETag over both, 304 for If-None-Match, never cached', async () => {
    const first = await bundleGet();
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"fb-[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    const body = (await first.json()) as {
      etag: string;
      tasks: MessageViewV1[];
      tasksComplete: boolean;
      desa: unknown[];
      earlierComplaints: FieldEarlierComplaintV1[];
    };
    expect(body).toMatchObject({
      etag,
      tasksComplete: true,
      earlierComplaintsNextPage: null,
      desa: [expect.objectContaining({ code: '62.71.01.1001' })],
    });
    // Every page of earlier complaints, each complaint once.
    expect(IntakeDouble.pages).toEqual([1, 2]);
    expect(body.earlierComplaints.map((c) => c.receiptNumber)).toEqual([
      '6271-2611-000002',
      '6271-2611-000001',
      '6271-2611-000000',
    ]);
    expect(body.tasks.map((t) => t.channel).sort()).toEqual(['fs-visit', 'letter']);
    expect(
      NotificationDouble.asked
        .slice(-2)
        .map((a) => [a.channel, a.status])
        .sort(),
    ).toEqual([
      ['fs-visit', 'queued'],
      ['letter', 'queued'],
    ]);

    const same = await bundleGet({ 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    expect(same.headers.get('etag')).toBe(etag);
    expect((await bundleGet({ 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    // intake's data changed: a new etag, the full bundle.
    IntakeDouble.etag = '"b"';
    const changed = await bundleGet({ 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    // More tasks than one page: said so.
    NotificationDouble.extra = 500;
    expect(((await (await bundleGet()).json()) as { tasksComplete: boolean }).tasksComplete).toBe(false);
    NotificationDouble.extra = 0;
    // Only the FS.
    const fo = await app.token('demo.fo');
    const refused = await bundleGet({}, fo);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('GET /v1/field/bundle while notification is silent: the bundle still comes, tasksComplete false', async () => {
    NotificationDouble.silent = true;
    try {
      const res = await bundleGet();
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ tasks: [], tasksComplete: false });
    } finally {
      NotificationDouble.silent = false;
    }
  }, 20_000);

  const putChunk = (bytes: Buffer, headers: Record<string, string>, query = '') =>
    fetch(`${app.base}/v1/field/uploads/${UPLOAD}${query}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${fs}`, 'content-type': 'application/octet-stream', ...headers },
      body: bytes,
    });

  it('PUT /v1/field/uploads/{id}: raw bytes at Upload-Offset (or ?offset=), large bodies split on the bus, a gap is 409 with Upload-Offset', async () => {
    IntakeDouble.received = 0;
    IntakeDouble.chunks = [];
    const body = Buffer.alloc(ATTACHMENT_CHUNK_BYTES + 1000, 7);
    const ok = await putChunk(body, { 'upload-offset': '0' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('upload-offset')).toBe(String(body.length));
    expect(await ok.json()).toMatchObject({ uploadId: UPLOAD, offset: body.length });
    expect(IntakeDouble.chunks.map((c) => [c.offset, Buffer.from(c.contentBase64, 'base64').length])).toEqual([
      [0, ATTACHMENT_CHUNK_BYTES],
      [ATTACHMENT_CHUNK_BYTES, 1000],
    ]);

    const gap = await putChunk(Buffer.alloc(10), {}, `?offset=${body.length + 5000}`);
    expect(gap.status).toBe(409);
    expect(gap.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(gap.headers.get('upload-offset')).toBe(String(body.length));
    expect(await gap.json()).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', errors: [{ field: 'offset' }] });

    const noOffset = await putChunk(Buffer.alloc(10), {});
    expect(noOffset.status).toBe(400);
    expect(await noOffset.json()).toMatchObject({ code: 'OFFSET_REQUIRED' });
    expect((await putChunk(Buffer.alloc(10), { 'upload-offset': '-1' })).status).toBe(422);
    expect((await putChunk(Buffer.alloc(10), { 'upload-offset': '0' }, '?offset=10')).status).toBe(400);
    const json = await fetch(`${app.base}/v1/field/uploads/${UPLOAD}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${fs}`, 'content-type': 'application/json', 'upload-offset': '0' },
      body: '{"a":1}',
    });
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ code: 'CHUNK_EMPTY' });
  });

  it('POST /v1/field/devices/{id}/revoke without a body revokes (the id from the path only)', async () => {
    const res = await fetch(`${app.base}/v1/field/devices/${DEVICE}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fs}` },
    });
    expect(res.status).toBe(200);
    expect(IntakeDouble.revoked.at(-1)).toEqual({ deviceId: DEVICE });
    const twice = await fetch(`${app.base}/v1/field/devices/${DEVICE}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fs}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: DEVICE }),
    });
    expect(twice.status).toBe(422);
  });
});
