import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { GatewayTestApp } from './support/gateway-test-app.js';

/** No registry on the bus: these requests are answered by the gateway itself. */
@Module({})
class NoRegistryModule {}

/**
 * Field errors over HTTP: missing, undeclared and wrongly typed fields answer 422
 * application/problem+json whose `errors[]` name each field's path with a message in Bahasa
 * Indonesia; and the live `/openapi.json` is the document the committed client was generated from.
 */
describe('gateway: validation messages in Bahasa Indonesia, the served OpenAPI document', () => {
  let t: GatewayTestApp;
  let admin: string;
  let fo: string;

  beforeAll(async () => {
    t = await GatewayTestApp.start({ schema: 'gwmsg', doubleSchema: 'gwmsgrg', registryDouble: NoRegistryModule });
    admin = await t.token('demo.admin');
    fo = await t.token('demo.fo');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  async function send(method: string, path: string, body: unknown, token?: string) {
    const res = await fetch(`${t.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return {
      status: res.status,
      problem: (await res.json()) as { code: string; errors?: Array<{ field: string; messages: string[] }> },
    };
  }

  it('names a missing field "wajib diisi", an unknown one "kolom tidak dikenal", a wrong type by its type', async () => {
    const { status, problem } = await send(
      'POST',
      '/v1/users',
      { username: 'fo.baru', roles: 'FO', regionScope: ['62.71.01'], extra: 1 },
      admin,
    );
    expect(status).toBe(422);
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'extra', messages: ['kolom tidak dikenal'] },
        { field: 'displayName', messages: ['wajib diisi'] },
        { field: 'password', messages: ['wajib diisi'] },
        { field: 'roles', messages: ['harus berupa daftar (array)'] },
      ]),
    );
    expect(JSON.stringify(problem)).not.toMatch(/\b(must|should|property)\b/);

    const login = await send('POST', '/v1/auth/login', {});
    expect(login.status).toBe(422);
    expect(login.problem.errors).toEqual([
      { field: 'username', messages: ['wajib diisi'] },
      { field: 'password', messages: ['wajib diisi'] },
    ]);

    const long = await send('POST', '/v1/api-keys', { ownerCode: 'kemensos-pkh', label: 'x'.repeat(121) }, admin);
    expect(long.problem.errors).toEqual([{ field: 'label', messages: ['paling banyak 120 karakter'] }]);
  });

  it('refuses a body that repeats a value the path carries, naming the field (the document leaves it out of the body)', async () => {
    const id = '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6';
    const { status, problem } = await send(
      'POST',
      `/v1/cases/${id}/actions`,
      { caseId: id, action: 'forward', expectedVersion: 1 },
      fo,
    );
    expect(status).toBe(422);
    expect(problem.errors).toEqual([{ field: 'caseId', messages: [expect.stringMatching(/^kolom tidak dikenal/)] }]);
    const keyTwice = await send('POST', '/v1/complaints', { idempotencyKey: 'abcdefgh-1' }, fo);
    expect(keyTwice.status).toBe(400); // the Idempotency-Key header is missing: asked for first
  });

  it('serves at /openapi.json the document libs/api-client was generated from (run `npm run api-client` when this fails)', async () => {
    const live = await (await fetch(`${t.base}/openapi.json`)).json();
    const committed = JSON.parse(
      readFileSync(new URL('../../../libs/api-client/openapi.json', import.meta.url), 'utf8'),
    );
    expect(live).toEqual(committed);
  });
});
