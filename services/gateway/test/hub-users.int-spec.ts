import { Module } from '@nestjs/common';
import { GatewayTestApp } from './support/gateway-test-app.js';

/** No registry double is needed here. */
@Module({})
class NoDouble {}

const ADMIN = { username: 'hub.admin', password: 'kuda-laut-berlari-hub-1' };

interface Res {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * A province or national hub's gateway (`SLRT_HUB_REGION`, issue 16): its users read the roll-up of
 * a whole province (or of every province), so their region scope is the province (or the list of
 * provinces) instead of the kab/kota of `KAB_KOTA_CODE`, and no owner credentials are issued there.
 */
describe.each([
  {
    hub: '62',
    level: 'province hub',
    deployment: 'province',
    scope: ['62'],
    inside: ['62', '62.71'],
    outside: '63',
    where: 'provinsi ini',
  },
  {
    hub: 'ID',
    level: 'national hub',
    deployment: 'national',
    scope: expect.arrayContaining(['11', '31', '62', '63', '94']),
    inside: ['62', '63'],
    outside: '99',
    where: 'Indonesia',
  },
])('gateway of a $level (SLRT_HUB_REGION=$hub)', ({ hub, deployment, scope, inside, outside, where }) => {
  let t: GatewayTestApp;
  let admin: string;

  const call = async (method: string, path: string, body?: unknown, token = admin): Promise<Res> => {
    const res = await fetch(`${t.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  const createUser = (username: string, regionScope: string[], extra: Record<string, unknown> = {}) =>
    call('POST', '/v1/users', {
      username,
      password: 'kuda-laut-berlari-hub-2',
      displayName: 'Sekretariat Hub',
      roles: ['SEKRETARIAT'],
      regionScope,
      ...extra,
    });

  beforeAll(async () => {
    t = await GatewayTestApp.start({
      schema: `gwhub${hub.toLowerCase()}`,
      doubleSchema: `gwhubreg${hub.toLowerCase()}`,
      registryDouble: NoDouble,
      env: {
        SLRT_DEMO: '0',
        SLRT_HUB_REGION: hub,
        SLRT_ADMIN_USERNAME: ADMIN.username,
        SLRT_ADMIN_PASSWORD: ADMIN.password,
      },
    });
    const login = await fetch(`${t.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    admin = ((await login.json()) as { accessToken: string }).accessToken;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates the initial ADMIN over the hub region, not over KAB_KOTA_CODE', async () => {
    const me = await call('GET', '/v1/me');
    expect(me.status).toBe(200);
    expect(me.json.regionScope).toEqual(scope);
    // The console shows a hub's users the roll-up pages only.
    expect(me.json.deployment).toBe(deployment);
    expect(me.json.regionScope).not.toContain('62.71');
  });

  it('grants scopes within the hub region and refuses codes outside it in the operator’s words', async () => {
    const ok = await createUser(`sek.${hub.toLowerCase()}`, inside);
    expect(ok.status).toBe(201);
    expect(ok.json.regionScope).toEqual(inside);

    const refused = await createUser(`sek.luar.${hub.toLowerCase()}`, [outside]);
    expect({ status: refused.status, code: refused.json.code }).toEqual({ status: 403, code: 'OUT_OF_SCOPE' });
    expect(refused.json.errors).toEqual([{ field: 'regionScope', messages: [expect.any(String)] }]);

    const unknown = await createUser(`sek.palsu.${hub.toLowerCase()}`, ['62.99']);
    expect({ status: unknown.status, code: unknown.json.code }).toEqual({ status: 422, code: 'REGION_NOT_FOUND' });
    expect(unknown.json.detail).toBe(`Wilayah kerja memuat kode wilayah yang tidak ada di ${where}.`);
  });

  it('issues no owner credentials: a hub serves no referrals', async () => {
    const po = await createUser(`po.${hub.toLowerCase()}`, inside.slice(0, 1), {
      roles: ['PO'],
      ownerCode: 'kemensos-pkh',
    });
    expect({ status: po.status, code: po.json.code }).toEqual({ status: 403, code: 'KAB_KOTA_ADMIN_REQUIRED' });
    expect(po.json.detail).toMatch(/hub/);
    const key = await call('POST', '/v1/api-keys', { ownerCode: 'kemensos-pkh', label: 'Kunci Hub' });
    expect({ status: key.status, code: key.json.code }).toEqual({ status: 403, code: 'KAB_KOTA_ADMIN_REQUIRED' });
  });
});
