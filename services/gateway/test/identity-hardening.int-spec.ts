/* eslint-disable max-lines -- integration spec of gateway identity hardening: its tests share one booted stack, which takes seconds to start */
import http from 'node:http';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { gatewayService } from '../src/app.js';
import { DEMO_PASSWORD, GatewayTestApp } from './support/gateway-test-app.js';

/** No registry double is needed here. */
@Module({})
class NoDouble {}

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * Login throttling, password-check throttling, revocation of access tokens within seconds, the
 * password rule, who may issue owner credentials, and existing region scopes. Requests come from
 * different loopback addresses (127.0.0.x as the connection's source), so the gateway sees
 * different client addresses without trusting any proxy header.
 */
describe('gateway identity hardening', () => {
  let t: GatewayTestApp;
  let admin: string;
  let port: number;

  const call = (
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; from?: string; base?: string } = {},
  ): Promise<Res> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, opts.base ?? t.base);
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port || port,
          path: url.pathname + url.search,
          method,
          localAddress: opts.from ?? '127.0.0.1',
          headers: {
            ...(payload ? { 'content-type': 'application/json' } : {}),
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const login = (username: string, password: string, from = '127.0.0.1') =>
    call('POST', '/v1/auth/login', { body: { username, password }, from });
  const createUser = (body: Record<string, unknown>, token = admin) =>
    call('POST', '/v1/users', {
      token,
      body: { displayName: 'Pengguna Uji', roles: ['FO'], regionScope: ['62.71.01.1001'], ...body },
    });
  const expectProblem = (res: Res, status: number, code: string) => {
    expect({ status: res.status, code: res.json?.code }).toEqual({ status, code });
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    return res.json as { detail: string; errors: Array<{ field: string; messages: string[] }> };
  };

  beforeAll(async () => {
    // A low account-wide ceiling, so the distributed case needs few requests.
    t = await GatewayTestApp.start({
      schema: 'gwidh',
      doubleSchema: 'gwidhreg',
      registryDouble: NoDouble,
      env: { LOGIN_ACCOUNT_CEILING: '8' },
    });
    port = Number(new URL(t.base).port);
    admin = (await login('demo.admin', DEMO_PASSWORD)).json.accessToken;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('login throttling', () => {
    it('throttles only the address that keeps failing: the right password from another address gets in', async () => {
      expect((await createUser({ username: 'sasaran.satu', password: 'kuda-laut-berlari-1' })).status).toBe(201);
      for (let i = 0; i < 5; i++)
        expectProblem(await login('sasaran.satu', `salah-sekali-${i}`, '127.0.0.2'), 401, 'INVALID_CREDENTIALS');
      const throttled = await login('sasaran.satu', 'salah-sekali-x', '127.0.0.2');
      const p = expectProblem(throttled, 429, 'LOGIN_THROTTLED');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(p.detail).toMatch(/Coba lagi dalam \d+ (detik|menit)/);
      // The failing address waits, even with the right password…
      expectProblem(await login('sasaran.satu', 'kuda-laut-berlari-1', '127.0.0.2'), 429, 'LOGIN_THROTTLED');
      // …another address is not affected.
      expect((await login('sasaran.satu', 'kuda-laut-berlari-1', '127.0.0.3')).status).toBe(200);
    });

    it('answers an unknown username exactly like an existing one through the whole throttling sequence', async () => {
      expect((await createUser({ username: 'sasaran.dua', password: 'kuda-laut-berlari-2' })).status).toBe(201);
      const sequence = async (username: string) => {
        const out: unknown[] = [];
        for (let i = 0; i < 8; i++) {
          const res = await login(username, `salah-sekali-${i}`, '127.0.0.4');
          out.push({
            status: res.status,
            type: res.headers['content-type'],
            retryAfter: 'retry-after' in res.headers,
            code: res.json.code,
            title: res.json.title,
            detail: String(res.json.detail).replace(/\d+/g, 'N'),
          });
        }
        return out;
      };
      const known = await sequence('sasaran.dua');
      const unknown = await sequence('tidak.ada.siapa');
      expect(unknown).toEqual(known);
      expect(known.map((r) => (r as { status: number }).status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    });

    it('counts a burst of parallel attempts: no more than the allowed failures get a password check', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          login('sasaran.burst', `salah-sekali-${i}`, '127.0.0.5').then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    });

    it('beyond the account-wide ceiling every address gets one attempt per wait, and a fresh address with the right password still gets in', async () => {
      expect((await createUser({ username: 'sasaran.tiga', password: 'kuda-laut-berlari-3' })).status).toBe(201);
      for (const from of ['127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.4']) {
        for (let i = 0; i < 2; i++)
          expectProblem(await login('sasaran.tiga', `salah-sekali-${i}`, from), 401, 'INVALID_CREDENTIALS');
      }
      // 8 failures: a fresh address gets one guess, then waits.
      expectProblem(await login('sasaran.tiga', 'salah-sekali-9', '127.0.1.5'), 401, 'INVALID_CREDENTIALS');
      expectProblem(await login('sasaran.tiga', 'salah-sekali-10', '127.0.1.5'), 429, 'LOGIN_THROTTLED');
      expect((await login('sasaran.tiga', 'kuda-laut-berlari-3', '127.0.1.6')).status).toBe(200);
    });
  });

  it('throttles the current-password check of a password change per user (429 with Retry-After)', async () => {
    expect((await createUser({ username: 'ganti.terus', password: 'kuda-laut-berlari-4' })).status).toBe(201);
    const token = (await login('ganti.terus', 'kuda-laut-berlari-4')).json.accessToken;
    const change = (currentPassword: string, from = '127.0.0.1') =>
      call('PUT', '/v1/me/password', { token, from, body: { currentPassword, newPassword: 'kuda-laut-berlari-5' } });
    for (let i = 0; i < 5; i++)
      expectProblem(await change(`salah-sekali-${i}`, `127.0.2.${i + 1}`), 422, 'CURRENT_PASSWORD_WRONG');
    const throttled = await change('salah-sekali-x');
    expectProblem(throttled, 429, 'PASSWORD_CHECK_THROTTLED');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(await change('kuda-laut-berlari-4'), 429, 'PASSWORD_CHECK_THROTTLED');
  });

  describe('revocation of access tokens within seconds', () => {
    const me = (token: string, base?: string) => call('GET', '/v1/me', { token, ...(base ? { base } : {}) });

    it('logout ends the access token on every gateway instance', async () => {
      const second: NestFastifyApplication = (
        await createServiceApp({ service: 'gateway', env: t.env, ...gatewayService(t.env) })
      ).app;
      try {
        await second.listen({ port: 0, host: '127.0.0.1' });
        const otherBase = (await second.getUrl()).replace('[::1]', '127.0.0.1');
        const s = (await login('demo.bo', DEMO_PASSWORD)).json;
        expect((await me(s.accessToken)).status).toBe(200);
        expect((await me(s.accessToken, otherBase)).status).toBe(200);
        expect((await call('POST', '/v1/auth/logout', { body: { refreshToken: s.refreshToken } })).status).toBe(204);
        await waitFor(async () => (await me(s.accessToken)).status === 401, {
          message: 'token still accepted after logout',
        });
        await waitFor(async () => (await me(s.accessToken, otherBase)).status === 401, {
          message: 'other instance still accepts the token',
        });
        expectProblem(await me(s.accessToken), 401, 'UNAUTHENTICATED');
      } finally {
        await second.close();
      }
    });

    it('deactivation ends the user\u2019s access tokens', async () => {
      expect(
        (
          await createUser({
            username: 'akan.pergi',
            password: 'kuda-laut-berlari-6',
            roles: ['BO'],
            regionScope: ['62.71'],
          })
        ).status,
      ).toBe(201);
      const token = (await login('akan.pergi', 'kuda-laut-berlari-6')).json.accessToken;
      const res = await me(token);
      expect(res.status).toBe(200);
      expect((await call('DELETE', `/v1/users/${res.json.id}`, { token: admin })).status).toBe(200);
      await waitFor(async () => (await me(token)).status === 401, {
        message: 'deactivated user\u2019s token still accepted',
      });
    });

    it('refresh-token reuse ends the family\u2019s access tokens, and a password change ends the other sessions\u2019', async () => {
      const first = (await login('demo.mj', DEMO_PASSWORD)).json;
      const rotated = (await call('POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })).json;
      expect((await me(rotated.accessToken)).status).toBe(200);
      expect((await call('POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })).status).toBe(401);
      await waitFor(
        async () => (await me(rotated.accessToken)).status === 401 && (await me(first.accessToken)).status === 401,
        { message: 'family still accepted after reuse' },
      );

      expect((await createUser({ username: 'dua.sesi', password: 'kuda-laut-berlari-7' })).status).toBe(201);
      const a = (await login('dua.sesi', 'kuda-laut-berlari-7')).json.accessToken;
      const b = (await login('dua.sesi', 'kuda-laut-berlari-7')).json.accessToken;
      expect(
        (
          await call('PUT', '/v1/me/password', {
            token: a,
            body: { currentPassword: 'kuda-laut-berlari-7', newPassword: 'kuda-laut-berlari-8' },
          })
        ).status,
      ).toBe(204);
      await waitFor(async () => (await me(b)).status === 401, {
        message: 'other session still accepted after password change',
      });
    });
  });

  describe('password rule (ASVS 5.0 L2)', () => {
    it('needs 12 to 128 characters, refuses common and breached passwords, has no composition rules', async () => {
      const weak = async (password: string, pattern: RegExp) => {
        const p = expectProblem(
          await createUser({ username: `lemah.${Math.random().toString(36).slice(2, 8)}`, password }),
          422,
          'WEAK_PASSWORD',
        );
        expect(p.errors).toEqual([{ field: 'password', messages: [expect.stringMatching(pattern)] }]);
      };
      await weak('kuda-laut-1', /paling sedikit 12 karakter/);
      await weak('password1234', /terlalu umum/);
      await weak('QWERTY123456', /terlalu umum/);
      await weak('Sunshine-2024!', /terlalu umum/);
      await weak('a'.repeat(10) + 'b'.repeat(119), /paling panjang 128/);
      expect(
        (await createUser({ username: 'panjang.pas', password: 'kuda laut '.repeat(12) + 'berlari' })).status,
      ).toBe(201);
      expect((await createUser({ username: 'tanpa.aturan', password: 'kuda laut berlari pagi' })).status).toBe(201);
    });

    it('applies to a password change and an ADMIN reset', async () => {
      const created = (await createUser({ username: 'ganti.lemah', password: 'kuda-laut-berlari-9' })).json;
      const token = (await login('ganti.lemah', 'kuda-laut-berlari-9')).json.accessToken;
      const change = expectProblem(
        await call('PUT', '/v1/me/password', {
          token,
          body: { currentPassword: 'kuda-laut-berlari-9', newPassword: 'qwerty123456' },
        }),
        422,
        'WEAK_PASSWORD',
      );
      expect(change.errors[0]).toMatchObject({ field: 'newPassword' });
      const reset = expectProblem(
        await call('PATCH', `/v1/users/${created.id}`, {
          token: admin,
          body: {
            displayName: 'Ganti Lemah',
            roles: ['FO'],
            regionScope: ['62.71.01.1001'],
            active: true,
            password: 'password1234',
          },
        }),
        422,
        'WEAK_PASSWORD',
      );
      expect(reset.errors[0]).toMatchObject({ field: 'password' });
    });
  });

  describe('owner credentials and region scopes', () => {
    it('lets only a kab/kota-wide ADMIN create PO users and owner API keys', async () => {
      expect(
        (
          await createUser({
            username: 'admin.kec',
            password: 'kuda-laut-berlari-10',
            roles: ['ADMIN'],
            regionScope: ['62.71.01'],
          })
        ).status,
      ).toBe(201);
      const kec = (await login('admin.kec', 'kuda-laut-berlari-10')).json.accessToken;
      const po = {
        username: 'po.kec',
        password: 'kuda-laut-berlari-11',
        roles: ['PO'],
        regionScope: ['62.71.01'],
        ownerCode: 'kemensos-pkh',
      };
      const refused = expectProblem(await createUser(po, kec), 403, 'KAB_KOTA_ADMIN_REQUIRED');
      expect(refused.detail).toMatch(/seluruh kab\/kota/);
      expectProblem(
        await call('POST', '/v1/api-keys', {
          token: kec,
          body: { ownerCode: 'kemensos-pkh', label: 'Kunci Kecamatan' },
        }),
        403,
        'KAB_KOTA_ADMIN_REQUIRED',
      );
      // A kecamatan ADMIN may still manage its own operators.
      expect((await createUser({ username: 'fo.kec', password: 'kuda-laut-berlari-12' }, kec)).status).toBe(201);
      // The kab/kota-wide ADMIN may issue both.
      expect((await createUser(po)).status).toBe(201);
      expect(
        (await call('POST', '/v1/api-keys', { token: admin, body: { ownerCode: 'kemensos-pkh', label: 'Kunci Kota' } }))
          .status,
      ).toBe(201);
    });

    it('refuses region codes that do not exist in this kab/kota (422, field regionScope)', async () => {
      const p = expectProblem(
        await createUser({
          username: 'wilayah.palsu',
          password: 'kuda-laut-berlari-13',
          regionScope: ['62.71.99.9999'],
        }),
        422,
        'REGION_NOT_FOUND',
      );
      expect(p.errors).toEqual([{ field: 'regionScope', messages: [expect.stringContaining('62.71.99.9999')] }]);
      expect(
        (
          await createUser({
            username: 'wilayah.asli',
            password: 'kuda-laut-berlari-13',
            regionScope: ['62.71.01.1001'],
          })
        ).status,
      ).toBe(201);
    });
  });
});
