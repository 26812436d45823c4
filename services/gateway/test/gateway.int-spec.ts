/* eslint-disable max-lines -- integration spec of gateway: identity, roles, region scope, problem+json, OpenAPI: its tests share one booted stack, which takes seconds to start */
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type {
  FileChunkV1,
  GetImportErrorsChunkRequestV1,
  GetPublicStatusRequestV1,
  PublicStatusV1,
  RegisterComplaintRequestV1,
  RegisterComplaintResponseV1,
  UploadSnapshotChunkRequestV1,
  UploadSnapshotChunkResponseV1,
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

/** Stands in for intake on the bus (the real flow runs in deploy/e2e). */
@Controller()
class IntakeDouble {
  static last: { actorId: string; key: string } | null = null;
  @OnRequest('slrt.rpc.intake.register-complaint.v1')
  register(@Payload() data: RegisterComplaintRequestV1, @Ctx() ctx: RpcRequestContext): RegisterComplaintResponseV1 {
    IntakeDouble.last = { actorId: ctx.actor.id, key: data.idempotencyKey };
    return {
      complaintId: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6',
      receiptNumber: '6271-2611-000001',
      trackingCode: 'K7PQ-4QX2',
      status: 'triaged',
      registryCheck: 'in-registry',
      nextStep: 'review',
      possibleDuplicateOf: null,
      registeredAt: new Date().toISOString(),
      warnings: [],
      replayed: false,
    };
  }
  @OnRequest('slrt.rpc.intake.get-public-status.v1')
  status(@Payload() data: GetPublicStatusRequestV1): PublicStatusV1 {
    if (data.trackingCode !== 'K7PQ-4QX2')
      throw new DomainError(
        'NOT_FOUND',
        'Nomor pengaduan atau kode pelacakan tidak cocok. Periksa kembali resi Anda.',
        { reason: 'STATUS_NOT_FOUND' },
      );
    return {
      receiptNumber: data.receiptNumber,
      stage: 'ditinjau',
      stageLabel: 'Sedang ditinjau petugas',
      explanation: 'x',
      registeredAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      timeline: [],
      accessLog: [],
      accessLogComplete: true,
    };
  }
}
/** Stands in for the registry's snapshot file subjects: keeps uploaded bytes, serves a two-chunk report. */
@Controller()
class RegistryImportsDouble {
  static uploads = new Map<string, { fileName: string; chunks: Buffer[]; lasts: boolean[] }>();
  static readonly report = Buffer.from(
    `baris,kolom,pesan\n${'3,desil,"Desil harus 1 sampai 10, atau kosong bila tidak diketahui."\n'.repeat(9000)}`,
  );
  @OnRequest('slrt.rpc.registry.upload-snapshot-chunk.v1')
  upload(@Payload() data: UploadSnapshotChunkRequestV1): UploadSnapshotChunkResponseV1 {
    const u = RegistryImportsDouble.uploads.get(data.uploadId) ?? { fileName: data.fileName, chunks: [], lasts: [] };
    RegistryImportsDouble.uploads.set(data.uploadId, u);
    u.chunks[data.chunkIndex] = Buffer.from(data.contentBase64, 'base64');
    u.lasts[data.chunkIndex] = data.last;
    const receivedBytes = u.chunks.reduce((n, c) => n + c.length, 0);
    const job = {
      jobId: '019a9c3e-9000-7000-8000-0000000000b1',
      fileName: `${data.uploadId}-${data.fileName}`,
      dataPeriod: data.dataPeriod,
      profile: data.profile,
      status: 'running' as const,
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      current: false,
      error: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    return { uploadId: data.uploadId, receivedBytes, job: data.last ? job : null };
  }
  @OnRequest('slrt.rpc.registry.get-import-errors-chunk.v1')
  errors(@Payload() data: GetImportErrorsChunkRequestV1): FileChunkV1 {
    const size = 512 * 1024;
    const r = RegistryImportsDouble.report;
    return {
      fileName: `impor-${data.jobId}-kesalahan.csv`,
      contentType: 'text/csv; charset=utf-8',
      size: r.length,
      sha256: 'a'.repeat(64),
      chunkIndex: data.chunkIndex,
      chunkCount: Math.ceil(r.length / size),
      contentBase64: r.subarray(data.chunkIndex * size, (data.chunkIndex + 1) * size).toString('base64'),
    };
  }
}
@Module({ controllers: [IntakeDouble] })
class IntakeDoubleModule {}

@Module({ controllers: [RegistryImportsDouble] })
class RegistryDoubleModule {}

const DEMO_PASSWORD = 'demo-password-123';
const ROLES = ['fo', 'fs', 'spv', 'mj', 'bo', 'po.pkh', 'sekretariat', 'admin'] as const;

describe('gateway: identity, roles, region scope, problem+json, OpenAPI', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let intakeSchema: TestSchema;
  let gateway: NestFastifyApplication;
  let intake: NestFastifyApplication;
  // Each double runs as the service it stands in for, with that service's NATS user.
  let registryDouble: NestFastifyApplication;
  let registrySchema: TestSchema;
  let db: pg.Client;
  const tokens: Record<string, string> = {};

  type Res = { statusCode: number; headers: Record<string, string>; json: () => any; body: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Real HTTP against a listening app (fastify's inject needs an ESM-only package Jest cannot load). */
  const request = async (
    app: NestFastifyApplication,
    method: string,
    url: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<Res> => {
    const res = await fetch(`${await app.getUrl()}${url}`.replace('[::1]', '127.0.0.1'), {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.raw !== undefined
        ? { body: opts.raw }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const body = await res.text();
    return {
      statusCode: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body,
      json: () => JSON.parse(body),
    };
  };
  const http = (
    method: string,
    url: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {},
  ) => request(gateway, method, url, opts);
  const login = async (username: string, password = DEMO_PASSWORD) =>
    http('POST', '/v1/auth/login', { body: { username, password } });
  const expectProblem = (res: Res, status: number, code?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const p = res.json();
    expect(p).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
      code: code ?? expect.any(String),
    });
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|Exception|stack/);
    return p;
  };

  const startGateway = async (extra: Record<string, string> = {}) => {
    const env = loadConfig('gateway', GatewayEnv, {
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      ...nats.serviceEnv('gateway'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SLRT_DEMO: '1',
      SLRT_DEMO_PASSWORD: DEMO_PASSWORD,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...extra,
    });
    const app = (await createServiceApp({ service: 'gateway', env, ...gatewayService(env) })).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    schema = await createTestSchema('gw');
    intakeSchema = await createTestSchema('gwintake');
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
    registrySchema = await createTestSchema('gwreg');
    for (const t of [intakeSchema, registrySchema]) {
      const c = new pg.Client({ connectionString: t.url });
      await c.connect();
      await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, t.schema);
      await c.end();
    }
    intake = (
      await createServiceApp({
        service: 'intake',
        env: loadConfig('intake', BaseServiceEnv, {
          DATABASE_URL: intakeSchema.url,
          DATABASE_SCHEMA: intakeSchema.schema,
          ...nats.serviceEnv('intake'),
          LOG_LEVEL: 'silent',
        }),
        imports: [IntakeDoubleModule],
      })
    ).app;
    registryDouble = (
      await createServiceApp({
        service: 'registry',
        env: loadConfig('registry', BaseServiceEnv, {
          DATABASE_URL: registrySchema.url,
          DATABASE_SCHEMA: registrySchema.schema,
          ...nats.serviceEnv('registry'),
          LOG_LEVEL: 'silent',
        }),
        imports: [RegistryDoubleModule],
      })
    ).app;
    gateway = await startGateway();
    db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
    await db.connect();
    for (const r of ROLES) tokens[r] = (await login(`demo.${r}`)).json().accessToken;
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await intake?.close();
    await registryDouble?.close();
    await db?.end();
    await nats?.dispose();
    await schema?.drop();
    await intakeSchema?.drop();
    await registrySchema?.drop();
  });

  describe('login and sessions', () => {
    it('logs in with a short-lived JWT and a refresh token; getMe names the caller', async () => {
      const res = await login('demo.spv');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        accessToken: expect.stringMatching(/^ey/),
        refreshToken: expect.any(String),
      });
      const me = await http('GET', '/v1/me', { token: res.json().accessToken });
      expect(me.json()).toMatchObject({
        username: 'demo.spv',
        roles: ['SPV'],
        regionScope: ['62.71.01'],
        deployment: 'kab-kota',
      });
      expect(me.json()).not.toHaveProperty('passwordHash');
    });

    it('answers a wrong password and an unknown user the same way, and audits both', async () => {
      const a = expectProblem(await login('demo.fo', 'wrong-password-1'), 401, 'INVALID_CREDENTIALS');
      const b = expectProblem(await login('nobody.here', 'wrong-password-1'), 401, 'INVALID_CREDENTIALS');
      expect(a.detail).toBe(b.detail);
      const audit = (
        await db.query(`SELECT action, outcome FROM audit_event WHERE action = 'login.failed' ORDER BY id DESC LIMIT 2`)
      ).rows;
      expect(audit).toHaveLength(2);
    });

    it('rotates refresh tokens and revokes the whole session when an old one is reused', async () => {
      const first = (await login('demo.bo')).json();
      const second = await http('POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
      expect(second.statusCode).toBe(200);
      const rotated = second.json().refreshToken;
      expect(rotated).not.toBe(first.refreshToken);
      expectProblem(
        await http('POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      // The reuse revoked the family: the newest token is dead too.
      expectProblem(
        await http('POST', '/v1/auth/refresh', { body: { refreshToken: rotated } }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'token.reuse-detected'`)).rows[0].n,
      ).toBeGreaterThan(0);
    });

    it('logs out by revoking the refresh token', async () => {
      const s = (await login('demo.mj')).json();
      expect((await http('POST', '/v1/auth/logout', { body: { refreshToken: s.refreshToken } })).statusCode).toBe(204);
      expectProblem(await http('POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }), 401);
    });

    it('refuses an expired access token', async () => {
      const short = await startGateway({ ACCESS_TOKEN_TTL_SECONDS: '1' });
      try {
        const res = await request(short, 'POST', '/v1/auth/login', {
          body: { username: 'demo.fs', password: DEMO_PASSWORD },
        });
        const token = res.json().accessToken;
        await new Promise((r) => setTimeout(r, 2100)); // the token's own lifetime, not a timing assertion
        expectProblem((await http('GET', '/v1/me', { token })) as Res, 401, 'UNAUTHENTICATED');
      } finally {
        await short.close();
      }
    });

    it('changes the password only with the current one, and ends other sessions', async () => {
      await http('POST', '/v1/users', {
        token: tokens.admin,
        body: {
          username: 'ganti.sandi',
          displayName: 'Ganti Sandi',
          password: 'kata-sandi-awal-1',
          roles: ['FO'],
          regionScope: ['62.71.01.1001'],
        },
      });
      const s = (await login('ganti.sandi', 'kata-sandi-awal-1')).json();
      expectProblem(
        await http('PUT', '/v1/me/password', {
          token: s.accessToken,
          body: { currentPassword: 'salah-sekali-1', newPassword: 'kata-sandi-baru-1' },
        }),
        422,
        'CURRENT_PASSWORD_WRONG',
      );
      expect(
        (
          await http('PUT', '/v1/me/password', {
            token: s.accessToken,
            body: { currentPassword: 'kata-sandi-awal-1', newPassword: 'kata-sandi-baru-1' },
          })
        ).statusCode,
      ).toBe(204);
      expectProblem(await http('POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }), 401);
      expect((await login('ganti.sandi', 'kata-sandi-baru-1')).statusCode).toBe(200);
    });
  });

  describe('roles and region scope', () => {
    // The role matrix of every operation runs against the real services: deploy/e2e/role-matrix.int-spec.ts.

    it('streams a snapshot upload to the registry in fixed chunks and its error report back', async () => {
      const csv = `nik,no_kk,nama,desa_kode\n${'6271015507900001,6271011203150001,Siti Aminah,62.71.01.1001\n'.repeat(20_000)}`;
      const res = await http('POST', '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen', {
        token: tokens.sekretariat,
        raw: csv,
        headers: { 'content-type': 'text/csv', 'x-file-name': 'DTSEN Kota (Sept).csv' },
      });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({ dataPeriod: '2026-09', profile: 'dtsen', status: 'running' });
      expect(RegistryImportsDouble.uploads.size).toBe(1);
      const [uploadId, upload] = [...RegistryImportsDouble.uploads][0]!;
      expect(upload!.fileName).toBe('DTSEN-Kota-Sept-.csv');
      expect(res.json().fileName).toBe(`${uploadId}-DTSEN-Kota-Sept-.csv`);
      expect(upload!.chunks.map((c) => c.length)).toEqual([524288, 524288, Buffer.byteLength(csv) - 2 * 524288]);
      expect(upload!.lasts).toEqual([false, false, true]);
      expect(Buffer.concat(upload!.chunks).toString()).toBe(csv);
      const report = await http('GET', '/v1/registry/imports/019a9c3e-9000-7000-8000-0000000000b1/errors', {
        token: tokens.mj,
      });
      expect(report.statusCode).toBe(200);
      expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(report.headers['content-disposition']).toBe(
        'attachment; filename="impor-019a9c3e-9000-7000-8000-0000000000b1-kesalahan.csv"',
      );
      expect(report.body).toBe(RegistryImportsDouble.report.toString());
      expectProblem(
        await http('POST', '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen', {
          token: tokens.admin,
          raw: '',
          headers: { 'content-type': 'text/csv' },
        }),
        400,
        'SNAPSHOT_EMPTY',
      );
      expectProblem(
        await http('POST', '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen', {
          token: tokens.fo,
          raw: csv.slice(0, 100),
          headers: { 'content-type': 'text/csv' },
        }),
        403,
        'ROLE_NOT_ALLOWED',
      );
      expect(RegistryImportsDouble.uploads.size).toBe(1);
    });

    it('keeps an ADMIN inside its own kab/kota: other regions\u2019 users are 404, grants outside are 403', async () => {
      expectProblem(
        await http('POST', '/v1/users', {
          token: tokens.admin,
          body: {
            username: 'luar.wilayah',
            displayName: 'Luar',
            password: 'kata-sandi-kuat-1',
            roles: ['FO'],
            regionScope: ['63.71.01.1001'],
          },
        }),
        403,
        'OUT_OF_SCOPE',
      );
      // An ADMIN of another kab/kota (Kota Banjarmasin, 63.71).
      await db.query(
        `INSERT INTO app_user (id, username, display_name, password_hash, roles, region_scope) SELECT '019a9c3e-aaaa-7000-8000-000000000001', 'admin.bjm', 'Admin BJM', password_hash, '{ADMIN}', '{63.71}' FROM app_user WHERE username = 'demo.admin'`,
      );
      const other = (await login('admin.bjm')).json().accessToken;
      const users = (await http('GET', '/v1/users', { token: other })).json();
      expect(users.items.map((u: { username: string }) => u.username)).toEqual(['admin.bjm']);
      const fo = (await http('GET', '/v1/users?pageSize=200', { token: tokens.admin }))
        .json()
        .items.find((u: { username: string }) => u.username === 'demo.fo');
      expectProblem(
        await http('PATCH', `/v1/users/${fo.id}`, {
          token: other,
          body: { displayName: 'x y', roles: ['FO'], regionScope: ['63.71'], active: true },
        }),
        404,
        'USER_NOT_FOUND',
      );
      expectProblem(await http('DELETE', `/v1/users/${fo.id}`, { token: other }), 404);
    });

    it('deactivating a user ends its sessions and its logins', async () => {
      await http('POST', '/v1/users', {
        token: tokens.admin,
        body: {
          username: 'akan.nonaktif',
          displayName: 'Akan Nonaktif',
          password: 'kata-sandi-kuat-1',
          roles: ['BO'],
          regionScope: ['62.71'],
        },
      });
      const s = (await login('akan.nonaktif', 'kata-sandi-kuat-1')).json();
      const id = (await http('GET', '/v1/me', { token: s.accessToken })).json().id;
      expect((await http('DELETE', `/v1/users/${id}`, { token: tokens.admin })).json()).toMatchObject({
        active: false,
      });
      expectProblem(await http('POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } }), 401);
      expectProblem(await login('akan.nonaktif', 'kata-sandi-kuat-1'), 401);
    });

    it('getMe, whose user read is cached for a second, shows a change made through this gateway at once and refuses a deactivated user at once', async () => {
      await http('POST', '/v1/users', {
        token: tokens.admin,
        body: {
          username: 'nama.berubah',
          displayName: 'Nama Lama',
          password: 'kata-sandi-kuat-1',
          roles: ['BO'],
          regionScope: ['62.71'],
        },
      });
      const s = (await login('nama.berubah', 'kata-sandi-kuat-1')).json();
      const before = (await http('GET', '/v1/me', { token: s.accessToken })).json();
      expect(before).toMatchObject({ displayName: 'Nama Lama', roles: ['BO'] });
      // The same answer twice within the cache's life: a caller changing its copy changes nothing.
      expect((await http('GET', '/v1/me', { token: s.accessToken })).json()).toEqual(before);
      // A change that keeps the rights keeps the session: the next getMe shows it.
      expect(
        (
          await http('PATCH', `/v1/users/${before.id}`, {
            token: tokens.admin,
            body: { displayName: 'Nama Baru', roles: ['BO'], regionScope: ['62.71'], active: true },
          })
        ).statusCode,
      ).toBe(200);
      expect((await http('GET', '/v1/me', { token: s.accessToken })).json()).toMatchObject({
        displayName: 'Nama Baru',
        roles: ['BO'],
      });
      // Deactivation: the very next request with the still unexpired access token is refused.
      expect((await http('DELETE', `/v1/users/${before.id}`, { token: tokens.admin })).statusCode).toBe(200);
      expectProblem(await http('GET', '/v1/me', { token: s.accessToken }), 401);
    });

    it('authenticates programme owners\u2019 machine clients with revocable API keys', async () => {
      const key = (
        await http('POST', '/v1/api-keys', {
          token: tokens.admin,
          body: { ownerCode: 'kemensos-pkh', label: 'Integrasi PKH' },
        })
      ).json();
      expect(key.apiKey).toMatch(/^slrt_[0-9a-f]{12}_/);
      const listed = (await http('GET', '/v1/api-keys', { token: tokens.admin }))
        .json()
        .items.find((k: { id: string }) => k.id === key.id);
      expect(JSON.stringify(listed)).not.toContain(key.apiKey.split('_').slice(2).join('_'));
      const me = await http('GET', '/v1/me', { headers: { 'x-api-key': key.apiKey } });
      expect(me.json()).toMatchObject({ kind: 'owner-client', roles: ['PO'], ownerCode: 'kemensos-pkh' });
      expect((await http('GET', '/v1/me', { headers: { authorization: `ApiKey ${key.apiKey}` } })).statusCode).toBe(
        200,
      );
      expect((await http('DELETE', `/v1/api-keys/${key.id}`, { token: tokens.admin })).statusCode).toBe(204);
      expectProblem(await http('GET', '/v1/me', { headers: { 'x-api-key': key.apiKey } }), 401);
      expectProblem(await http('GET', '/v1/me', { headers: { 'x-api-key': `${key.apiKey.slice(0, -2)}xx` } }), 401);
    });
  });

  describe('problem+json, forwarding, OpenAPI, headers', () => {
    it('answers every error class as problem+json', async () => {
      expectProblem(await http('POST', '/v1/auth/login', { raw: '{"username": ' }), 400);
      expectProblem(await http('GET', '/v1/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await http('GET', '/v1/nothing-here', { token: tokens.fo }), 404, 'ROUTE_NOT_FOUND');
      expectProblem(
        await http('POST', '/v1/users', {
          token: tokens.admin,
          body: {
            username: 'demo.fo',
            displayName: 'Dup',
            password: 'kata-sandi-kuat-1',
            roles: ['FO'],
            regionScope: ['62.71'],
          },
        }),
        409,
        'USERNAME_TAKEN',
      );
      const invalid = expectProblem(
        await http('POST', '/v1/users', {
          token: tokens.admin,
          body: { username: 'X', roles: ['KING'], regionScope: ['62-71'], extra: 1 },
        }),
        422,
        'VALIDATION_FAILED',
      );
      expect(invalid.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'displayName',
        'extra',
        'password',
        'regionScope',
        'roles',
        'username',
      ]);
      expect(JSON.stringify(invalid.errors)).toMatch(/Nama pengguna|Peran/);
      expectProblem(
        await http('POST', '/v1/complaints', { token: tokens.fo, body: {} }),
        400,
        'IDEMPOTENCY_KEY_REQUIRED',
      );
      const domain = expectProblem(
        await http('POST', '/v1/complaints', {
          token: tokens.fo,
          body: { channel: 'X' },
          headers: { 'idempotency-key': 'key-0000001' },
        }),
        422,
        'VALIDATION_FAILED',
      );
      expect(domain.errors.length).toBeGreaterThan(0);
      const noService = expectProblem(await http('GET', '/v1/cases', { token: tokens.spv }), 503, 'NO_RESPONDERS');
      expect(noService.detail).toMatch(/referral/);
    });

    it('forwards to the domain service with the caller\u2019s identity, and serves the public status without login', async () => {
      const body = {
        channel: 'PUSKESOS_FO',
        subject: { name: 'Siti', address: { desaCode: '62.71.01.1001' }, consent: true },
        relationship: 'self',
        anonymous: false,
        confidential: false,
        complaint: {
          category: 'non-kepesertaan',
          contactType: 'pengaduan',
          programmeCodes: ['PKH'],
          sector: 'sosial-ekonomi',
          description: 'Bantuan belum diterima.',
          documentsReceived: [],
        },
      };
      const res = await http('POST', '/v1/complaints', {
        token: tokens.fo,
        body,
        headers: { 'idempotency-key': 'gateway-test-0001' },
      });
      expect(res.statusCode).toBe(201);
      const me = (await http('GET', '/v1/me', { token: tokens.fo })).json();
      expect(IntakeDouble.last).toEqual({ actorId: me.id, key: 'gateway-test-0001' });
      const ok = await http('GET', '/v1/public/complaint-status?nomor=6271-2611-000001&kode=K7PQ-4QX2');
      expect(ok.json()).toMatchObject({ stage: 'ditinjau' });
      const wrong = expectProblem(
        await http('GET', '/v1/public/complaint-status?nomor=6271-2611-000001&kode=AAAA-BBBB'),
        404,
      );
      const unknown = expectProblem(
        await http('GET', '/v1/public/complaint-status?nomor=6271-2611-999999&kode=AAAA-BBBB'),
        404,
      );
      expect(wrong.detail).toBe(unknown.detail);
    });

    it('rate-limits public endpoints against enumeration', async () => {
      const limited = await startGateway({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 5; i++)
          codes.push(
            (await request(limited, 'GET', `/v1/public/complaint-status?nomor=6271-2611-00000${i}&kode=AAAA-BBBB`))
              .statusCode,
          );
        expect(codes.slice(0, 3)).not.toContain(429);
        expect(codes.slice(3)).toEqual([429, 429]);
        const res = await request(limited, 'GET', '/v1/public/complaint-status?nomor=6271-2611-000009&kode=AAAA-BBBB');
        expect(String(res.headers['content-type'])).toMatch(/problem\+json/);
        expect(res.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      } finally {
        await limited.close();
      }
    });

    it('publishes a valid OpenAPI 3 document with the public operationIds, and sends security headers', async () => {
      const res = await http('GET', '/openapi.json');
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((ops) =>
        Object.values(ops).map((o) => o.operationId),
      );
      for (const id of [
        'login',
        'refreshToken',
        'logout',
        'getMe',
        'changePassword',
        'listUsers',
        'createUser',
        'updateUser',
        'deactivateUser',
        'createApiKey',
        'listApiKeys',
        'revokeApiKey',
        'listAuditEvents',
        'getPublicComplaintStatus',
        'registerComplaint',
        'listComplaints',
        'getComplaint',
        'getComplaintReceipt',
        'getCivilRegistrationLetter',
        'syncFieldComplaints',
        'withdrawComplaint',
        'listCases',
        'getCase',
        'actOnCase',
        'listProgrammeOwners',
        'listOwnerReferrals',
        'listOwnerReadAudit',
        'respondToReferral',
        'lookupPerson',
        'listLookupAudit',
        'searchLookupAudit',
        'getDtksStatement',
        'verifyDocument',
        'createPrelistEntry',
        'listPrelistEntries',
        'getPrelistEntry',
        'updatePrelistEntry',
        'recordMusdes',
        'recordFieldVerification',
        'recordDukcapilMatch',
        'withdrawProposal',
        'createDataChange',
        'listDataChanges',
        'getDataChange',
        'decideDataChange',
        'listPpksCategories',
        'savePpksCategory',
        'createPpksRecord',
        'listPpksRecords',
        'getPpksRecord',
        'listSiksExportProfiles',
        'saveSiksExportProfile',
        'createSiksExport',
        'listSiksExports',
        'getSiksExport',
        'downloadSiksExport',
        'importVerivaliResults',
        'getVerivaliImport',
        'listRankingPresets',
        'saveRankingPreset',
        'rankCandidates',
        'exportCandidateRanking',
        'importRegistrySnapshot',
        'getImportJob',
        'downloadImportErrors',
        'listColumnProfiles',
        'saveColumnProfile',
      ]) {
        expect(ids).toContain(id);
      }
      expect(new Set(ids).size).toBe(ids.length);
      for (const [, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses?: unknown }>>))
        for (const op of Object.values(ops)) expect(op.responses).toBeDefined();
      expect(doc.components.schemas.ComplaintInputV1).toBeDefined();
      const me = await http('GET', '/v1/me', { token: tokens.fo });
      expect(me.headers['x-content-type-options']).toBe('nosniff');
      expect(me.headers['strict-transport-security']).toBeDefined();
      expect(me.headers['x-request-id']).toBeDefined();
      // Readiness and metrics are on the operations port (edge-surface.int-spec.ts); the API keeps a bare liveness.
      expect((await http('GET', '/health/ready')).statusCode).toBe(404);
      expect((await http('GET', '/health/live')).statusCode).toBe(200);
    });
  });
});
