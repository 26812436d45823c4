/* eslint-disable max-lines -- integration spec of registry lookups: lookup-person, masking, region scope, audit: its tests share one booted stack, which takes seconds to start */
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import {
  assertingService,
  type Actor,
  type ImportJobV1,
  type LookupPersonRequestV1,
  type RegistryMemberV1,
  type RpcRequest,
  type RpcSubject,
} from '@slrt/contracts';
import { DEVELOPMENT_IDENTIFIER_HASH_KEY } from '@slrt/config';
import { generateKk, generateNik, householdRefKey, identifierHash, localDate, opaqueHouseholdId } from '@slrt/domain';
import { RpcCallError } from '@slrt/messaging';
import { DTSEN_HEADER, readPdf, waitFor } from '@slrt/testing';
import { RegistryTestApp } from './support/registry-test-app.js';

const user = (id: string, roles: string[], regionScope: string[]) =>
  ({ kind: 'user', id, roles, regionScope }) as unknown as Actor;
const admin = user('user-admin', ['ADMIN'], ['62.71']);
const foPahandut = user('user-fo-pahandut', ['FO'], ['62.71.01']);
const foKota = user('user-fo-kota', ['FO'], ['62.71']);
const spvBukitBatu = user('user-spv-bukit-batu', ['SPV'], ['62.71.02']);
const sekretariat = user('user-sekretariat', ['SEKRETARIAT'], ['62.71']);
const boBukitBatu = user('user-bo-bukit-batu', ['BO'], ['62.71.02']);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** The keyed hash the registry stores (the harness runs with the development key). */
const hmac = (kind: 'nik' | 'kk', s: string) => identifierHash(DEVELOPMENT_IDENTIFIER_HASH_KEY, kind, s);
const opaque = (kk: string) => opaqueHouseholdId(householdRefKey(DEVELOPMENT_IDENTIFIER_HASH_KEY), kk);

/** Whole years from `birth` to today, computed independently of the service. */
function age(birth: string): number {
  const now = new Date();
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const beforeBirthday = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
  return now.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

type Sex = 'M' | 'F';
interface Person {
  name: string;
  born: string;
  sex: Sex;
  relation: string;
  flags?: Array<'pkh' | 'bpnt' | 'pbi' | 'kip'>;
}
interface Household {
  kk: string;
  desa: string;
  desil: string;
  address: string;
  members: Array<Person & { nik: string }>;
}

let serial = 0;
const household = (desa: string, desil: string, address: string, members: Person[]): Household => ({
  kk: generateKk({ regionCode: desa.slice(0, 8), issueDate: '2012-05-01', serial: ++serial }),
  desa,
  desil,
  address,
  members: members.map((p) => ({
    ...p,
    nik: generateNik({ regionCode: desa.slice(0, 8), birthDate: p.born, sex: p.sex, serial: ++serial }),
  })),
});

/** Handwritten households: spelling variants across kecamatan Pahandut (62.71.01) and Bukit Batu (62.71.02). */
const A = household('62.71.01.1001', '2', 'Jl. Melati No. 7, RT 02/RW 01', [
  { name: 'Budi Santoso', born: '1980-07-01', sex: 'M', relation: 'Kepala Keluarga', flags: ['pkh'] },
  { name: 'Siti Aminah', born: '1984-03-12', sex: 'F', relation: 'Istri', flags: ['pkh', 'pbi'] },
  { name: 'Muhammad Yusuf', born: '2010-02-03', sex: 'M', relation: 'Anak', flags: ['kip'] },
]);
const B = household('62.71.02.1001', '', 'Jl. Kenanga No. 3', [
  { name: 'Sity Amina', born: '1984-08-09', sex: 'F', relation: 'Istri' },
  { name: 'Moh. Jusuf', born: '1984-05-20', sex: 'M', relation: 'Kepala Keluarga', flags: ['bpnt'] },
]);
const C = household('62.71.01.1002', '7', 'Jl. Mawar No. 1', [
  { name: 'Soekarno Djojo', born: '1950-01-01', sex: 'M', relation: 'Kepala Keluarga' },
  { name: 'Dewi Lestari', born: '1984-03-12', sex: 'F', relation: 'Istri' },
]);

function csvLines(households: Household[]): string[] {
  const lines: string[] = [DTSEN_HEADER.join(',')];
  for (const h of households) {
    for (const p of h.members) {
      const flag = (f: 'pkh' | 'bpnt' | 'pbi' | 'kip') => (p.flags?.includes(f) ? '1' : '0');
      lines.push(
        [
          p.nik,
          h.kk,
          p.name,
          p.born,
          p.sex === 'F' ? 'P' : 'L',
          p.relation,
          `"${h.address}"`,
          h.desa,
          h.desil,
          flag('pkh'),
          flag('bpnt'),
          flag('pbi'),
          flag('kip'),
        ].join(','),
      );
    }
  }
  return lines;
}

const masked = (id: string) => `************${id.slice(12)}`;
const member = (p: Household['members'][number], reveal = false): RegistryMemberV1 => ({
  memberId: null,
  nik: reveal ? p.nik : masked(p.nik),
  name: p.name,
  sex: p.sex,
  birthDate: reveal ? p.born : p.born.slice(0, 4),
  age: age(p.born),
  relationship: p.relation,
  programmeFlags: (p.flags ?? []).map((f) => f.toUpperCase()),
});

describe('registry lookups: lookup-person, masking, region scope, audit', () => {
  let registry: RegistryTestApp;
  let dir: string;
  let db: pg.Client;

  const call = async <S extends RpcSubject>(subject: S, data: unknown, actor: Actor) =>
    (await registry.as(assertingService(actor)!)).request(subject, data as RpcRequest<S>, { actor, timeoutMs: 10_000 });
  const lookup = (
    req: Omit<LookupPersonRequestV1, 'purpose'> & { purpose?: LookupPersonRequestV1['purpose'] },
    actor: Actor,
  ) =>
    call('slrt.rpc.registry.lookup-person.v1', { purpose: { kind: 'service', reference: 'visit-1' }, ...req }, actor);
  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(RpcCallError);
    return (e as RpcCallError).error;
  };

  beforeAll(async () => {
    registry = await RegistryTestApp.start({ schema: 'reglk', importDir: 'registry-lookups-' });
    ({ db } = registry);
    dir = registry.dir!;
  }, 60_000);

  afterAll(() => registry?.close());

  it('finds nobody and no period before any snapshot is loaded, and still audits the lookup', async () => {
    expect(await lookup({ by: 'nik', nik: A.members[0]!.nik }, foKota)).toEqual({
      dataPeriod: null,
      revealed: false,
      matches: [],
    });
    const audit = await db.query(
      `SELECT actor_id, actor_role, lookup_by, result_count, found FROM lookup_audit WHERE nik_hmac = $1`,
      [hmac('nik', A.members[0]!.nik)],
    );
    expect(audit.rows).toEqual([
      { actor_id: foKota.id, actor_role: 'FO', lookup_by: 'nik', result_count: 0, found: false },
    ]);
  });

  it('imports the handwritten snapshot through import-snapshot', async () => {
    writeFileSync(join(dir, 'lookups.csv'), `${csvLines([A, B, C]).join('\n')}\n`);
    const job = await call(
      'slrt.rpc.registry.import-snapshot.v1',
      { fileName: 'lookups.csv', dataPeriod: '2026-09', profile: 'dtsen' },
      admin,
    );
    const done = await waitFor(
      async () => {
        const j: ImportJobV1 = await call('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId }, admin);
        return j.status === 'running' ? undefined : j;
      },
      { timeoutMs: 30_000, message: 'import finished' },
    );
    expect(done).toMatchObject({ status: 'succeeded', rowsAccepted: 7, rowsRejected: 0 });
  });

  it('by NIK: the person, the whole household head first, desil, flags, desa and period, NIK and KK masked', async () => {
    const res = await lookup({ by: 'nik', nik: A.members[1]!.nik }, foPahandut);
    expect(res).toEqual({
      dataPeriod: '2026-09',
      revealed: false,
      matches: [
        {
          score: 1,
          person: member(A.members[1]!),
          household: {
            householdId: opaque(A.kk),
            idbdt: null,
            noKk: masked(A.kk),
            desil: 2,
            programmeFlags: ['KIP', 'PBI', 'PKH'],
            desaCode: '62.71.01.1001',
            desaName: 'Pahandut',
            kecamatanName: 'Pahandut',
            address: 'Jl. Melati No. 7, RT 02/RW 01',
            members: A.members.map((p) => member(p)),
          },
        },
      ],
    }); // Nothing shown rebuilds a NIK or the No. KK: no birth part (digits 7–12), no full birth date, no KK.
    const shown = JSON.stringify(res);
    for (const p of A.members) {
      expect(shown).not.toContain(p.nik.slice(6, 12));
      expect(shown).not.toContain(p.born);
    }
    expect(shown).not.toContain(A.kk.slice(0, 12));
  });

  it('reveals NIK and No. KK only to FO, FS and BO when asked, and records it', async () => {
    const res = await lookup({ by: 'nik', nik: A.members[0]!.nik, reveal: true }, foPahandut);
    expect(res.revealed).toBe(true);
    expect(res.matches[0]!.person).toEqual(member(A.members[0]!, true));
    expect(res.matches[0]!.household.noKk).toBe(A.kk);
    expect(res.matches[0]!.household.householdId).toBe(opaque(A.kk));
    const refused = await failure(lookup({ by: 'nik', nik: A.members[0]!.nik, reveal: true }, spvBukitBatu));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', reason: 'REVEAL_NOT_ALLOWED' });
    const audit = await db.query(
      `SELECT revealed, result_count FROM lookup_audit WHERE nik_hmac = $1 AND actor_id = $2`,
      [hmac('nik', A.members[0]!.nik), foPahandut.id],
    );
    expect(audit.rows).toEqual([{ revealed: true, result_count: 1 }]); // Keyed: neither the plain SHA-256 an attacker enumerates nor the hash under another deployment's key.
    const stored = await db.query(
      `SELECT DISTINCT nik_hmac FROM lookup_audit WHERE actor_id = $1 AND lookup_by = 'nik'`,
      [foPahandut.id],
    );
    expect(stored.rows.map((r) => r.nik_hmac)).toContain(hmac('nik', A.members[0]!.nik));
    for (const r of stored.rows) {
      expect(r.nik_hmac).not.toBe(sha256(A.members[0]!.nik));
      expect(r.nik_hmac).not.toBe(identifierHash('another-deployment-key-of-32-bytes!!', 'nik', A.members[0]!.nik));
    }
  });

  it('outside the region scope reads as not found (nothing about existence leaks)', async () => {
    expect(await lookup({ by: 'nik', nik: A.members[0]!.nik }, spvBukitBatu)).toEqual({
      dataPeriod: '2026-09',
      revealed: false,
      matches: [],
    });
    expect(await lookup({ by: 'nik', nik: '6271010101010999' }, spvBukitBatu)).toEqual({
      dataPeriod: '2026-09',
      revealed: false,
      matches: [],
    });
    expect(await lookup({ by: 'kk', noKk: A.kk }, spvBukitBatu)).toEqual({
      dataPeriod: '2026-09',
      revealed: false,
      matches: [],
    });
    expect(
      (await lookup({ by: 'name', name: 'Siti Aminah', birthYear: 1984, regionCode: '62.71.01' }, spvBukitBatu))
        .matches,
    ).toEqual([]);
  });

  it('by No. KK: the members of that KK', async () => {
    const res = await lookup({ by: 'kk', noKk: B.kk }, spvBukitBatu);
    expect(res.matches).toHaveLength(1);
    expect(res.matches[0]).toMatchObject({
      score: 1,
      person: null,
      household: {
        noKk: masked(B.kk),
        desil: null,
        desaName: 'Marang',
        kecamatanName: 'Bukit Batu',
        programmeFlags: ['BPNT'],
      },
    });
    // Head first, whatever the file order.
    expect(res.matches[0]!.household.members).toEqual([member(B.members[1]!), member(B.members[0]!)]);
  });

  it('by name: spelling variants and titles tolerated, candidates ranked, limited to the desa/kecamatan and birth year', async () => {
    const siti = await lookup({ by: 'name', name: 'Hj. Sity Aminah', birthYear: 1984, regionCode: '62.71.01' }, foKota);
    expect(siti.matches.map((m) => [m.person!.name, m.score])).toEqual([['Siti Aminah', 1]]);
    expect(siti.matches[0]!.household.members.map((m) => m.name)).toEqual([
      'Budi Santoso',
      'Siti Aminah',
      'Muhammad Yusuf',
    ]);
    const inBukitBatu = await lookup(
      { by: 'name', name: 'Siti Aminah', birthYear: 1984, regionCode: '62.71.02.1001' },
      foKota,
    );
    expect(inBukitBatu.matches.map((m) => [m.person!.name, m.score])).toEqual([['Sity Amina', 1]]);
    const yusuf = await lookup({ by: 'name', name: 'Muhammad Yusuf', birthYear: 1984, regionCode: '62.71.02' }, foKota);
    expect(yusuf.matches.map((m) => m.person!.name)).toEqual(['Moh. Jusuf']);
    const soekarno = await lookup(
      { by: 'name', name: 'Sukarno', birthDate: '1950-01-01', regionCode: '62.71.01.1002' },
      foKota,
    );
    expect(soekarno.matches).toHaveLength(1);
    expect(soekarno.matches[0]!.person!.name).toBe('Soekarno Djojo');
    expect(soekarno.matches[0]!.score).toBeGreaterThan(0.3);
    expect(soekarno.matches[0]!.score).toBeLessThan(1);
    // The same birth date, another name: not a candidate.
    expect(
      (await lookup({ by: 'name', name: 'Budi Santoso', birthDate: '1984-03-12', regionCode: '62.71.01' }, foKota))
        .matches,
    ).toEqual([]);
    const audit = await db.query(
      `SELECT lookup_by, region_code, result_count, nik_hmac, kk_hmac FROM lookup_audit WHERE actor_id = $1 AND lookup_by = 'name' ORDER BY id`,
      [foKota.id],
    );
    expect(audit.rows.map((r) => [r.region_code, r.result_count, r.nik_hmac, r.kk_hmac])).toEqual([
      ['62.71.01', 1, null, null],
      ['62.71.02.1001', 1, null, null],
      ['62.71.02', 1, null, null],
      ['62.71.01.1002', 1, null, null],
      ['62.71.01', 0, null, null],
    ]);
  });

  it('refuses a name search without birth date or year, and roles that do not look people up', async () => {
    const invalid = await failure(lookup({ by: 'name', name: 'Siti', regionCode: '62.71.01' }, foKota));
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.fieldErrors?.map((f) => f.field).sort()).toEqual(['birthDate', 'birthYear']);
    expect(await failure(lookup({ by: 'nik', nik: A.members[0]!.nik }, admin))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(lookup({ by: 'nik', nik: A.members[0]!.nik }, user('po', ['PO'], [])))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('list-lookup-audit: ADMIN and SEKRETARIAT read who looked up whom and why; the audit holds no NIK, KK or name', async () => {
    const nik = A.members[0]!.nik;
    const res = await call('slrt.rpc.registry.list-lookup-audit.v1', { nik, page: 1, pageSize: 50 }, sekretariat);
    expect(res.total).toBe(3);
    // Newest first; the refused reveal never reached the database.
    expect(
      res.items.map((i) => [i.actorId, i.actorRole, i.lookupBy, i.purpose, i.reference, i.revealed, i.resultCount]),
    ).toEqual([
      [spvBukitBatu.id, 'SPV', 'nik', 'service', 'visit-1', false, 0],
      [foPahandut.id, 'FO', 'nik', 'service', 'visit-1', true, 1],
      [foKota.id, 'FO', 'nik', 'service', 'visit-1', false, 0],
    ]);
    const page2 = await call(
      'slrt.rpc.registry.list-lookup-audit.v1',
      { actorId: foKota.id, page: 2, pageSize: 2 },
      admin,
    );
    expect(page2).toMatchObject({ page: 2, pageSize: 2 });
    expect(page2.items).toHaveLength(2);
    expect(
      await failure(call('slrt.rpc.registry.list-lookup-audit.v1', { page: 1, pageSize: 10 }, foKota)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    // A month alone passes IsISO8601 but is no timestamp for PostgreSQL: refused as a field error, never a 500 (found by the gateway fuzz).
    for (const to of ['2026-09', '2026']) {
      expect(
        await failure(call('slrt.rpc.registry.list-lookup-audit.v1', { to, page: 1, pageSize: 10 }, admin)),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(
      (
        await call(
          'slrt.rpc.registry.list-lookup-audit.v1',
          { from: '2026-09-01', to: '2026-10-01T00:00:00+07:00', page: 1, pageSize: 10 },
          admin,
        )
      ).items,
    ).toBeDefined();
    const everyone = [A, B, C].flatMap((h) => [h.kk, ...h.members.flatMap((p) => [p.nik, p.name])]);
    const leaked = await db.query(
      `SELECT count(*)::int AS n FROM lookup_audit a WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) v WHERE position(v in a::text) > 0)`,
      [everyone],
    );
    expect(leaked.rows[0].n).toBe(0);
  });

  it('list-lookup-audit: newest first by numeric id, so entry 10 comes before entry 9', async () => {
    const actorId = 'audit-order-actor';
    // Twelve rows whose ids cross a power of ten (…95 → …106), where text order and numeric order differ.
    const max = Number((await db.query(`SELECT coalesce(max(id), 0) AS m FROM lookup_audit`)).rows[0].m);
    await db.query(`SELECT setval(pg_get_serial_sequence('lookup_audit', 'id'), $1)`, [
      10 ** String(max + 6).length - 6,
    ]);
    await db.query(
      `INSERT INTO lookup_audit (actor_id, purpose, found, lookup_by) SELECT $1, 'service', false, 'nik' FROM generate_series(1, 12)`,
      [actorId],
    );
    const res = await call('slrt.rpc.registry.list-lookup-audit.v1', { actorId, page: 1, pageSize: 50 }, admin);
    const ids = res.items.map((i) => BigInt(i.id));
    expect(ids).toHaveLength(12);
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    expect(String(ids[0]).length).toBeGreaterThan(String(ids[11]).length);
  });

  describe('registered-in-DTKS statement', () => {
    const year = localDate(new Date(), 'Asia/Jakarta').slice(0, 4);
    const statement = (nik: string, actor: Actor) =>
      call(
        'slrt.rpc.registry.get-dtks-statement.v1',
        { nik, purpose: { kind: 'document', reference: 'visit-2' } },
        actor,
      );
    const textOf = async (base64: string) => (await readPdf(Buffer.from(base64, 'base64'))).text.replace(/\s+/g, ' ');

    it('issues a numbered PDF in Bahasa Indonesia with the person, programmes, period and member annex; NIK and KK masked', async () => {
      const res = await statement(A.members[1]!.nik, foPahandut);
      expect(res).toMatchObject({
        number: `DTKS-6271-${year}-000001`,
        contentType: 'application/pdf',
        fileName: `keterangan-dtks-DTKS-6271-${year}-000001.pdf`,
        issued: true,
      });
      const flat = (await textOf(res.contentBase64)).replace(/ /g, '');
      for (const expected of [
        'SURAT KETERANGAN TERDAFTAR',
        `Nomor: DTKS-6271-${year}-000001`,
        'Siti Aminah',
        masked(A.members[1]!.nik),
        masked(A.kk),
        'Pahandut',
        'Kota Palangkaraya',
        'periode data September 2026, dengan desil kesejahteraan 2',
        '(PKH):Ya',
        '(PBI-JK):Ya',
        '(PIP/KIP):Tidak',
        'DAFTAR ANGGOTA KELUARGA',
        'Budi Santoso',
        'Muhammad Yusuf',
      ]) {
        expect(flat).toContain(expected.replace(/ /g, ''));
      }
      for (const full of [A.kk, ...A.members.map((p) => p.nik)]) expect(flat).not.toContain(full);
    });

    it('gives the same statement, byte for byte, when asked again in the same period; the next person gets the next number', async () => {
      const first = await statement(A.members[1]!.nik, foPahandut);
      const again = await statement(A.members[1]!.nik, foKota);
      expect(again).toEqual({ ...first, issued: false });
      expect(first.issued).toBe(false);
      expect((await statement(A.members[0]!.nik, foKota)).number).toBe(`DTKS-6271-${year}-000002`);
      const rows = await db.query(
        `SELECT number, kab_kota_code, household_id, desa_code, data_period, nik_hmac, issued_by, length(code) AS code_length FROM dtks_statement ORDER BY number`,
      );
      expect(rows.rows).toEqual([
        {
          number: `DTKS-6271-${year}-000001`,
          kab_kota_code: '62.71',
          household_id: A.kk,
          desa_code: '62.71.01.1001',
          data_period: '2026-09',
          nik_hmac: hmac('nik', A.members[1]!.nik),
          issued_by: foPahandut.id,
          code_length: 14,
        },
        {
          number: `DTKS-6271-${year}-000002`,
          kab_kota_code: '62.71',
          household_id: A.kk,
          desa_code: '62.71.01.1001',
          data_period: '2026-09',
          nik_hmac: hmac('nik', A.members[0]!.nik),
          issued_by: foKota.id,
          code_length: 14,
        },
      ]);
      const audit = await db.query(
        `SELECT actor_id, purpose, reference, result_count FROM lookup_audit WHERE lookup_by = 'statement' ORDER BY id`,
      );
      expect(audit.rows).toEqual([
        { actor_id: foPahandut.id, purpose: 'document', reference: 'visit-2', result_count: 1 },
        { actor_id: foPahandut.id, purpose: 'document', reference: 'visit-2', result_count: 1 },
        { actor_id: foKota.id, purpose: 'document', reference: 'visit-2', result_count: 1 },
        { actor_id: foKota.id, purpose: 'document', reference: 'visit-2', result_count: 1 },
      ]);
    });

    it('answers a clear Indonesian 404 for a person not in the registry or outside the scope, and refuses other roles', async () => {
      const missing = await failure(statement('6271010101010999', foKota));
      expect(missing).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'PERSON_NOT_IN_REGISTRY',
        detail:
          'NIK ini tidak terdaftar dalam DTKS periode 2026-09 di wilayah kerja Anda: surat keterangan terdaftar tidak dapat diterbitkan.',
      });
      expect(await failure(statement(A.members[0]!.nik, boBukitBatu))).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'PERSON_NOT_IN_REGISTRY',
      });
      expect(await failure(statement(A.members[0]!.nik, spvBukitBatu))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(statement(A.members[0]!.nik, user('fs', ['FS'], ['62.71'])))).toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('verify-document: valid with type, number, date, period and desa from the QR code; unknown codes are invalid; never personal data', async () => {
      const res = await statement(A.members[1]!.nik, foPahandut);
      const url = /http:\/\/127\.0\.0\.1:3000\/verifikasi\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(
        (await textOf(res.contentBase64)).replace(/ /g, ''),
      );
      expect(url).not.toBeNull();
      const publicActor = { kind: 'system', id: 'system:gateway', roles: [], regionScope: [] } as unknown as Actor;
      const verified = await call(
        'slrt.rpc.registry.verify-document.v1',
        { code: url![1]!.toLowerCase() },
        publicActor,
      );
      expect(verified).toEqual({
        valid: true,
        documentType: 'dtks-statement',
        number: res.number,
        issuedAt: res.issuedAt,
        dataPeriod: '2026-09',
        desaName: 'Pahandut',
      });
      expect(await call('slrt.rpc.registry.verify-document.v1', { code: 'ZZZZ-ZZZZ-ZZZZ' }, publicActor)).toEqual({
        valid: false,
        documentType: null,
        number: null,
        issuedAt: null,
        dataPeriod: null,
        desaName: null,
      });
    });
  });
});
