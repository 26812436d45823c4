import type pg from 'pg';
import { systemActor, type Actor } from '@slrt/contracts';
import { assertedCalls, RpcCallError, type RpcClient } from '@slrt/messaging';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const fo = user(['FO'], ['62.71.01.1001']);
const admin = user(['ADMIN'], ['62.71'], 'admin-1');
const gatewayActor = systemActor('gateway');

describe('referral: programme information (manfaat, syarat, dokumen, cara mendaftar) and search', () => {
  let stack: ReferralStack;
  let db: pg.Client;
  let rpc: RpcClient;
  let asIntake: RpcClient;
  const { call, fail } = assertedCalls(() => rpc);
  const listPublic = (req: Record<string, unknown>, actor: Actor = gatewayActor, client = () => rpc) =>
    client().request('slrt.rpc.referral.list-public-programmes.v1', req as never, { actor, timeoutMs: 10_000 });

  const zakat = {
    code: 'ZAKAT-PRODUKTIF',
    name: 'Zakat Produktif BAZNAS Kota',
    aliases: ['ZP-BAZNAS'],
    sector: 'sosial-ekonomi',
    scope: 'daerah',
    funder: 'BAZNAS',
    defaultOwnerCode: 'baznas',
    otherOwnerCodes: [],
    notes: 'Catatan internal: kuota 2027 belum pasti.',
    active: true,
  };

  beforeAll(async () => {
    stack = await startReferralStack('refprog');
    ({ db, rpc } = stack);
    asIntake = await stack.as('intake');
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('seeds Indonesian information for the national programmes, published; operators read it in listProgrammes', async () => {
    const { items } = await call('slrt.rpc.referral.list-programmes.v1', {}, fo);
    for (const code of ['PKH', 'BPNT', 'PIP', 'PBI', 'BLT-DD', 'RUTILAHU']) {
      const p = items.find((i) => i.code === code)!;
      expect(p.description.length).toBeGreaterThan(40);
      expect(p.eligibility.length).toBeGreaterThan(40);
      expect(p.documentsNeeded).toContain('Kartu Keluarga (KK)');
      expect(p.howToApply.length).toBeGreaterThan(20);
      expect(p.publicInfo).toBe(true);
    }
  });

  it('saves the information fields; an old client that does not send them keeps them; errors are in Indonesian per field', async () => {
    const info = {
      description: 'Modal usaha bergulir untuk mustahik.',
      eligibility: 'Mustahik warga kota yang punya usaha kecil.',
      documentsNeeded: [' KTP-el ', 'Surat keterangan usaha'],
      howToApply: 'Datang ke kantor BAZNAS Kota.',
      publicInfo: true,
    };
    const saved = await call('slrt.rpc.referral.save-programme.v1', { ...zakat, ...info }, admin);
    expect(saved).toMatchObject({ ...info, documentsNeeded: ['KTP-el', 'Surat keterangan usaha'], version: 1 });
    // An older client (no information fields) changes the name: the information stays.
    const renamed = await call(
      'slrt.rpc.referral.save-programme.v1',
      { ...zakat, name: 'Zakat Produktif', expectedVersion: 1 },
      admin,
    );
    expect(renamed).toMatchObject({
      name: 'Zakat Produktif',
      description: info.description,
      documentsNeeded: ['KTP-el', 'Surat keterangan usaha'],
      publicInfo: true,
      version: 2,
    });

    const bad = await fail(
      'slrt.rpc.referral.save-programme.v1',
      {
        ...zakat,
        expectedVersion: 2,
        description: 'x'.repeat(1001),
        eligibility: 7,
        documentsNeeded: Array.from({ length: 21 }, (_, i) => `Dokumen ${i}`),
        howToApply: 'y'.repeat(1001),
        publicInfo: 'ya',
      },
      admin,
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    const messages = Object.fromEntries(bad.fieldErrors!.map((f) => [f.field, f.messages.join(' ')]));
    expect(messages).toMatchObject({
      description: expect.stringContaining('Manfaat program paling panjang 1000 karakter'),
      eligibility: expect.stringContaining('Syarat penerima berupa teks'),
      documentsNeeded: expect.stringContaining('Paling banyak 20 dokumen'),
      howToApply: expect.stringContaining('Cara mendaftar paling panjang 1000 karakter'),
      publicInfo: expect.stringContaining('true atau false'),
    });
    // A new programme without information starts unpublished.
    const csr = await call(
      'slrt.rpc.referral.save-programme.v1',
      {
        ...zakat,
        code: 'CSR-BEASISWA',
        name: 'Beasiswa CSR Bank Daerah',
        aliases: [],
        sector: 'pendidikan',
        funder: 'CSR',
      },
      admin,
    );
    expect(csr).toMatchObject({
      description: '',
      eligibility: '',
      documentsNeeded: [],
      howToApply: '',
      publicInfo: false,
    });
  });

  it('searches the catalogue by name, code, alias, description or eligibility (case-insensitive) and by sector', async () => {
    const codes = async (req: Record<string, unknown>) =>
      (await call('slrt.rpc.referral.list-programmes.v1', req, fo)).items.map((p) => p.code).sort();
    expect(await codes({ q: 'keluarga harapan' })).toEqual(['PKH']);
    expect(await codes({ q: 'rastra' })).toEqual(['BPNT']); // an alias only
    expect(await codes({ q: 'sembako' })).toEqual(['BLT-DD', 'BPNT', 'BST']); // name, and the eligibility of BST and BLT-DD
    expect(await codes({ q: 'kip' })).toEqual(expect.arrayContaining(['PIP']));
    expect(await codes({ q: 'MUSTAHIK' })).toEqual(['ZAKAT-PRODUKTIF']); // description/eligibility
    expect(await codes({ q: 'BPJS', sector: 'kesehatan' })).toEqual(['PBI', 'PBI-APBD']);
    expect(await codes({ sector: 'pendidikan' })).toEqual(['CSR-BEASISWA', 'PIP']);
    expect(await codes({ q: '100%' })).toEqual([]); // % is literal, not a wildcard
    expect(await codes({ q: 'zzz-tidak-ada' })).toEqual([]);
    const bad = await fail('slrt.rpc.referral.list-programmes.v1', { sector: 'hiburan', q: 'a'.repeat(101) }, fo);
    expect(bad.fieldErrors!.map((f) => [f.field, f.messages[0]])).toEqual(
      expect.arrayContaining([
        ['sector', expect.stringContaining('Sektor harus salah satu dari')],
        ['q', 'Kata pencarian paling panjang 100 karakter'],
      ]),
    );
  });

  it('the public list shows only active, published programmes, without owners or internal notes, and only to the gateway', async () => {
    await db.query(`UPDATE programme SET active = false WHERE code = 'BST'`);
    const { items } = await listPublic({});
    const codes = items.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['PKH', 'BPNT', 'PIP', 'PBI', 'ZAKAT-PRODUKTIF']));
    expect(codes).not.toContain('BST'); // inactive
    expect(codes).not.toContain('CSR-BEASISWA'); // not published
    const zp = items.find((p) => p.code === 'ZAKAT-PRODUKTIF')!;
    expect(Object.keys(zp).sort()).toEqual([
      'code',
      'description',
      'documentsNeeded',
      'eligibility',
      'howToApply',
      'name',
      'scope',
      'sector',
    ]);
    expect(JSON.stringify(items)).not.toContain('Catatan internal');
    expect((await listPublic({ q: 'beras' })).items.map((p) => p.code)).toEqual(['BPNT']);
    expect((await listPublic({ sector: 'pendidikan' })).items.map((p) => p.code)).toEqual(['PIP']);

    // Unpublishing takes it off the page.
    await call(
      'slrt.rpc.referral.save-programme.v1',
      { ...zakat, name: 'Zakat Produktif', expectedVersion: 2, publicInfo: false },
      admin,
    );
    expect((await listPublic({})).items.map((p) => p.code)).not.toContain('ZAKAT-PRODUKTIF');

    // Not for staff, nor for another service.
    expect(await fail('slrt.rpc.referral.list-public-programmes.v1', {}, fo)).toMatchObject({ code: 'FORBIDDEN' });
    const asIntakeCall = listPublic({}, systemActor('intake'), () => asIntake);
    await expect(asIntakeCall).rejects.toBeInstanceOf(RpcCallError);
  });
});
