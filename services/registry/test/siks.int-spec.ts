/* eslint-disable max-lines -- integration spec of registry SIKS-NG exchange: export batches, verivali import, candidate ranking: its tests share one booted stack, which takes seconds to start */
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  assertingService,
  type Actor,
  type ExchangeFileFormat,
  type RpcRequest,
  type RpcSubject,
  type VerivaliImportV1,
} from '@slrt/contracts';
import { RpcCallError } from '@slrt/messaging';
import { waitFor, type TestSchema } from '@slrt/testing';
import { SiksExportsService } from '../src/siks/siks-exports.service.js';
import { VerivaliImportService } from '../src/siks/verivali-import.service.js';
import { RegistryTestApp } from './support/registry-test-app.js';

/** A served chunk's file bytes (gunzipped when the registry compressed it for the bus). */
const chunkBytes = (c: { contentBase64: string; contentEncoding?: 'gzip' }) => {
  const bytes = Buffer.from(c.contentBase64, 'base64');
  return c.contentEncoding === 'gzip' ? gunzipSync(bytes) : bytes;
};
const bo = { kind: 'user', id: 'user-bo', roles: ['BO'], regionScope: ['62.71'] } as Actor;
const admin = { kind: 'user', id: 'user-admin', roles: ['ADMIN'], regionScope: ['62.71'] } as Actor;
const mjKecamatan = { kind: 'user', id: 'user-mj', roles: ['MJ'], regionScope: ['62.71.01'] } as Actor;
const fo = { kind: 'user', id: 'user-fo', roles: ['FO'], regionScope: ['62.71'] } as Actor;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('registry SIKS-NG exchange: export batches, verivali import, candidate ranking', () => {
  let registry: RegistryTestApp;
  let schema: TestSchema;
  let dir: string;
  let app: NestFastifyApplication;
  let db: pg.Client;

  const call = async <S extends RpcSubject>(subject: S, data: unknown, actor: Actor = bo) =>
    (await registry.as(assertingService(actor)!)).request(subject, data as RpcRequest<S>, { actor, timeoutMs: 20_000 });
  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RpcCallError);
    return (err as RpcCallError).error;
  };
  const download = async (batchId: string, format: ExchangeFileFormat, actor: Actor = bo) => {
    const parts: Buffer[] = [];
    let sha = '';
    for (let i = 0, count = 1; i < count; i++) {
      const c = await call('slrt.rpc.registry.get-siks-export-chunk.v1', { batchId, format, chunkIndex: i }, actor);
      count = c.chunkCount;
      sha = c.sha256;
      // Text travels gzip-compressed on the bus, XLSX (a zip already) as it is.
      expect(c.contentEncoding).toBe(format === 'csv' ? 'gzip' : undefined);
      parts.push(chunkBytes(c));
    }
    const body = Buffer.concat(parts);
    expect(sha256(body)).toBe(sha);
    return body;
  };
  const upload = async (
    fileName: string,
    format: ExchangeFileFormat,
    content: Buffer,
    pieces = 2,
    actor: Actor = bo,
  ): Promise<VerivaliImportV1> => {
    const uploadId = uuidv7();
    const size = Math.ceil(content.length / pieces);
    let job: VerivaliImportV1 | undefined;
    for (let i = 0; i < pieces; i++) {
      const r = await call(
        'slrt.rpc.registry.add-verivali-chunk.v1',
        {
          uploadId,
          fileName,
          format,
          totalSize: content.length,
          chunkIndex: i,
          chunkCount: pieces,
          contentBase64: content.subarray(i * size, (i + 1) * size).toString('base64'),
        },
        actor,
      );
      job = r.job;
    }
    return waitFor(
      async () => {
        const j = await call('slrt.rpc.registry.get-verivali-import.v1', { jobId: job!.jobId }, actor);
        return j.status === 'running' ? undefined : j;
      },
      { timeoutMs: 30_000, message: 'verivali import finished' },
    );
  };
  const insertPrelist = async (
    desa: string,
    status: string,
    members: Array<{ nik: string; name: string; birth: string; sex: string; rel: string }>,
    complaintId: string | null = null,
  ) => {
    const id = uuidv7();
    await db.query(
      `INSERT INTO prelist_entry (id, complaint_id, source, desa_code, rt, rw, address, status, proposal_reason, musdes_date, musdes_minutes_number, created_by) VALUES ($1, $2, 'fo', $3, '001', '002', 'Jl. Contoh No. 1', $4, 'miskin-ekstrem', DATE '2026-10-05', 'BA/01/X/2026', 'test')`,
      [id, complaintId, desa, status],
    );
    const ids: string[] = [];
    for (const [i, m] of members.entries()) {
      const mid = uuidv7();
      ids.push(mid);
      await db.query(
        `INSERT INTO prelist_member (id, entry_id, position, nik, no_kk, name, birth_date, sex, relationship) VALUES ($1, $2, $3, $4, '6271010101260001', $5, $6, $7, $8)`,
        [mid, id, i + 1, m.nik, m.name, m.birth, m.sex, m.rel],
      );
    }
    return { id, members: ids };
  };
  const statusEvents = async (id: string) =>
    (
      await db.query(
        `SELECT envelope->'data'->>'toStatus' AS "to", envelope->'data'->>'action' AS action, envelope->'data'->>'batchId' AS "batchId", envelope->'data'->>'reason' AS reason FROM outbox WHERE subject = 'slrt.evt.registry.proposal.status-changed.v1' AND envelope->'data'->>'proposalId' = $1 ORDER BY created_at, id`,
        [id],
      )
    ).rows;

  beforeAll(async () => {
    registry = await RegistryTestApp.start({ schema: 'siks', importDir: 'siks-' });
    ({ schema, app, db } = registry);
    dir = registry.dir!;
  }, 60_000);

  afterAll(() => registry?.close());

  describe('export profiles (data, ADMIN edits)', () => {
    it('lists the seeded default of each kind with the known source fields', async () => {
      const r = await call('slrt.rpc.registry.list-siks-export-profiles.v1', {});
      expect(r.items.map((p) => [p.code, p.kind])).toEqual([
        ['data-change-default', 'data-change'],
        ['ppks-default', 'ppks'],
        ['prelist-default', 'prelist'],
      ]);
      expect(r.items.find((p) => p.code === 'prelist-default')!.columns.slice(0, 3)).toEqual([
        { header: 'ID_USULAN', source: 'entry.id', format: 'text' },
        { header: 'ID_ART_USULAN', source: 'member.id', format: 'text' },
        { header: 'KODE_DESA', source: 'entry.desa_code', format: 'digits' },
      ]);
      expect(r.sources.find((s) => s.kind === 'ppks')!.fields).toContain('ppks.category_name');
    });

    it('refuses unknown sources, date formats on text, repeated headers, and non-admins', async () => {
      const bad = {
        code: 'prelist-rusak',
        kind: 'prelist',
        description: 'Profil rusak',
        columns: [
          { header: 'NIK', source: 'member.nik', format: 'date-dmy' },
          { header: 'NIK', source: 'member.gaji', format: 'text' },
        ],
      };
      const e = await refusal(call('slrt.rpc.registry.save-siks-export-profile.v1', bad, admin));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.fieldErrors).toEqual([
        {
          field: 'columns.0.format',
          messages: ['Format tanggal hanya untuk sumber tanggal; "member.nik" bukan tanggal.'],
        },
        { field: 'columns.1.source', messages: ['Sumber "member.gaji" tidak dikenal untuk jenis prelist.'] },
        { field: 'columns.1.header', messages: ['Judul kolom "NIK" dipakai dua kali.'] },
      ]);
      expect(
        (
          await refusal(
            call('slrt.rpc.registry.save-siks-export-profile.v1', { ...bad, columns: [bad.columns[0]!] }, bo),
          )
        ).code,
      ).toBe('FORBIDDEN');
    });

    it('saves a custom profile an export can use', async () => {
      const p = {
        code: 'prelist-ringkas',
        kind: 'prelist',
        description: 'Prelist ringkas',
        columns: [
          { header: 'ID_USULAN', source: 'entry.id', format: 'text' },
          { header: 'NAMA', source: 'member.name', format: 'text' },
          { header: 'TGL_LAHIR', source: 'member.birth_date', format: 'date-iso' },
        ],
      };
      expect(await call('slrt.rpc.registry.save-siks-export-profile.v1', p, admin)).toEqual(p);
      expect(
        (await call('slrt.rpc.registry.list-siks-export-profiles.v1', { kind: 'prelist' })).items.map((x) => x.code),
      ).toEqual(['prelist-default', 'prelist-ringkas']);
    });
  });

  describe('prelist batch: export, re-download, verivali results', () => {
    let a: { id: string; members: string[] };
    let b: { id: string; members: string[] };
    let draft: { id: string; members: string[] };
    let elsewhere: { id: string; members: string[] };
    let batchId: string;
    let csv: Buffer;
    let xlsx: Buffer;
    const complaintA = uuidv7();

    beforeAll(async () => {
      a = await insertPrelist(
        '62.71.01.1001',
        'verified',
        [
          { nik: '6271010101800001', name: 'Budi Sintetis', birth: '1980-01-01', sex: 'L', rel: 'kepala-keluarga' },
          { nik: '6271014505850002', name: 'Sari, "Ani"', birth: '1985-05-05', sex: 'P', rel: 'istri' },
        ],
        complaintA,
      );
      b = await insertPrelist('62.71.01.1002', 'verified', [
        { nik: '6271011212700003', name: 'Joko Contoh', birth: '1970-12-12', sex: 'L', rel: 'kepala-keluarga' },
      ]);
      draft = await insertPrelist('62.71.01.1001', 'draft', [
        { nik: '6271010101900004', name: 'Belum Musdes', birth: '1990-01-01', sex: 'L', rel: 'kepala-keluarga' },
      ]);
      elsewhere = await insertPrelist('62.71.02.1001', 'verified', [
        { nik: '6271020101900005', name: 'Kecamatan Lain', birth: '1990-01-01', sex: 'L', rel: 'kepala-keluarga' },
      ]);
    });

    it('refuses a region outside the caller\u2019s scope, an operator role, and a profile of another kind', async () => {
      expect(
        (
          await refusal(
            call(
              'slrt.rpc.registry.create-siks-export.v1',
              { kind: 'prelist', dataPeriod: '2026-11', regionCode: '62.71.02', profile: 'prelist-default' },
              mjKecamatan,
            ),
          )
        ).reason,
      ).toBe('OUT_OF_SCOPE');
      expect(
        (
          await refusal(
            call(
              'slrt.rpc.registry.create-siks-export.v1',
              { kind: 'prelist', dataPeriod: '2026-11', regionCode: '62.71.01', profile: 'prelist-default' },
              fo,
            ),
          )
        ).code,
      ).toBe('FORBIDDEN');
      const e = await refusal(
        call('slrt.rpc.registry.create-siks-export.v1', {
          kind: 'prelist',
          dataPeriod: '2026-11',
          regionCode: '62.71.01',
          profile: 'ppks-default',
        }),
      );
      expect(e.fieldErrors).toEqual([
        { field: 'profile', messages: ['Profil "ppks-default" untuk jenis ppks, bukan prelist.'] },
      ]);
    });

    it('freezes the verified entries of the region and marks them submitted with the batch, in one go', async () => {
      const batch = await call(
        'slrt.rpc.registry.create-siks-export.v1',
        { kind: 'prelist', dataPeriod: '2026-11', regionCode: '62.71.01', profile: 'prelist-default' },
        mjKecamatan,
      );
      batchId = batch.batchId;
      expect(batch).toMatchObject({
        kind: 'prelist',
        dataPeriod: '2026-11',
        regionCode: '62.71.01',
        profile: 'prelist-default',
        proposalCount: 2,
        rowCount: 3,
        createdBy: 'user-mj',
      });
      // Both files are written in the background as soon as the batch exists.
      await app.get(SiksExportsService).idle();
      const prepared = await call('slrt.rpc.registry.get-siks-export.v1', { batchId });
      expect(prepared.csvSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(prepared.xlsxSha256).toMatch(/^[0-9a-f]{64}$/);
      const statuses = (
        await db.query(`SELECT id, status, batch_id FROM prelist_entry WHERE id = ANY($1) ORDER BY id`, [
          [a.id, b.id, draft.id, elsewhere.id],
        ])
      ).rows;
      expect(statuses).toEqual(
        [
          { id: a.id, status: 'submitted', batch_id: batchId },
          { id: b.id, status: 'submitted', batch_id: batchId },
          { id: draft.id, status: 'draft', batch_id: null },
          { id: elsewhere.id, status: 'verified', batch_id: null },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
      expect(await statusEvents(a.id)).toEqual([{ to: 'submitted', action: 'submit', batchId, reason: null }]);
      expect(
        (await call('slrt.rpc.registry.list-siks-exports.v1', { page: 1, pageSize: 10 }, mjKecamatan)).items.map(
          (x) => x.batchId,
        ),
      ).toEqual([batchId]);
    });

    it('answers 422 when nothing is left to export', async () => {
      const e = await refusal(
        call('slrt.rpc.registry.create-siks-export.v1', {
          kind: 'prelist',
          dataPeriod: '2026-11',
          regionCode: '62.71.01',
          profile: 'prelist-default',
        }),
      );
      expect(e).toMatchObject({ code: 'UNPROCESSABLE', reason: 'NOTHING_TO_EXPORT' });
    });

    it('downloads the CSV with the profile\u2019s headers and the frozen rows, and stores its sha256', async () => {
      csv = await download(batchId, 'csv');
      const line = (
        e: typeof a,
        m: number,
        desa: string,
        nik: string,
        name: string,
        birth: string,
        sex: string,
        rel: string,
      ) =>
        `${e.id},${e.members[m]},${desa},JL. CONTOH NO. 1,001,002,${nik},6271010101260001,${name},${birth},${sex},${rel},TIDAK-ADA,,,MISKIN-EKSTREM,05-10-2026,BA/01/X/2026`;
      const rowsOf = (e: typeof a) =>
        e === a
          ? [
              line(a, 0, '6271011001', '6271010101800001', 'BUDI SINTETIS', '01-01-1980', 'L', 'KEPALA-KELUARGA'),
              line(a, 1, '6271011001', '6271014505850002', '"SARI, ""ANI"""', '05-05-1985', 'P', 'ISTRI'),
            ]
          : [line(b, 0, '6271011002', '6271011212700003', 'JOKO CONTOH', '12-12-1970', 'L', 'KEPALA-KELUARGA')];
      const expected = [
        'ID_USULAN,ID_ART_USULAN,KODE_DESA,ALAMAT,RT,RW,NIK,NO_KK,NAMA,TGL_LAHIR,JNS_KEL,HUB_KRT,DISABILITAS,HASIL_VERIFIKASI,STATUS_PADAN,ALASAN_USULAN,TGL_MUSDES,NO_BA_MUSDES',
        ...rowsOf(a),
        ...rowsOf(b),
      ];
      expect(csv.toString('utf8')).toBe(`${expected.join('\n')}\n`);
      expect((await call('slrt.rpc.registry.get-siks-export.v1', { batchId })).csvSha256).toBe(sha256(csv));
      expect(
        (await db.query(`SELECT action, reference, rows FROM exchange_audit WHERE action = 'download-siks-export'`))
          .rows,
      ).toEqual([{ action: 'download-siks-export', reference: `${batchId}.csv`, rows: 3 }]);
    });

    it('downloads the XLSX with the same headers and rows', async () => {
      xlsx = await download(batchId, 'xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      const rows: string[][] = [];
      sheet.eachRow((r) => rows.push((r.values as Array<string | undefined>).slice(1).map((v) => v ?? '')));
      const csvRows = csv.toString('utf8').trim().split('\n');
      expect(rows).toHaveLength(4);
      expect(rows[0]!.join(',')).toBe(csvRows[0]);
      expect(rows.find((r) => r[1] === a.members[1])!.slice(6, 10)).toEqual([
        '6271014505850002',
        '6271010101260001',
        'SARI, "ANI"',
        '05-05-1985',
      ]);
      expect(wb.created?.toISOString()).toBe(
        (await call('slrt.rpc.registry.get-siks-export.v1', { batchId })).createdAt,
      );
    });

    it('re-downloads identical bytes after the proposals change, and after the files are lost and regenerated', async () => {
      await db.query(`UPDATE prelist_member SET name = 'Nama Berubah' WHERE entry_id = $1`, [a.id]);
      expect(sha256(await download(batchId, 'csv'))).toBe(sha256(csv));
      rmSync(join(dir, 'exports'), { recursive: true, force: true });
      expect(sha256(await download(batchId, 'csv'))).toBe(sha256(csv));
      expect(sha256(await download(batchId, 'xlsx'))).toBe(sha256(xlsx));
    });

    const results = () =>
      [
        'ID_USULAN;ID_ART_USULAN;STATUS;HASIL_ART;PADAN_DUKCAPIL;ALASAN',
        `${a.id};${a.members[0]};DITERIMA;TERVERIFIKASI;PADAN;`,
        `${a.id};${a.members[1]};diterima;MENINGGAL;TIDAK_PADAN;`,
        `${b.id};${b.members[0]};DITOLAK;GANDA;;Terdaftar ganda di kabupaten lain`,
        `${draft.id};;DITERIMA;;;`,
        `${b.id};${b.members[0]};DITERIMA;;;`,
        `bukan-id;;DITERIMA;SEHAT;;`,
        `${a.id};${a.members[0]};DIPROSES;;;`,
        '',
      ].join('\n');

    it('imports the verivali results: statuses, member outcomes, events, and an exact error report', async () => {
      const job = await upload('hasil-verivali.csv', 'csv', Buffer.from(results()));
      expect(job).toMatchObject({
        status: 'succeeded',
        lines: 7,
        applied: 1,
        unchanged: 0,
        refused: 0,
        invalid: 5,
        error: null,
      });
      const mixed = 'STATUS satu usulan harus sama di semua barisnya (baris 4: DITOLAK, baris 6: DITERIMA).';
      expect(job.errors).toEqual([
        { baris: 4, kolom: 'STATUS', pesan: mixed },
        { baris: 5, kolom: 'ID_USULAN', pesan: 'ID usulan tidak ada dalam batch ekspor SIKS-NG mana pun.' },
        { baris: 6, kolom: 'STATUS', pesan: mixed },
        {
          baris: 7,
          kolom: 'HASIL_ART',
          pesan:
            'Nilai "SEHAT" tidak dikenal: TERVERIFIKASI, TIDAK_TERVERIFIKASI, GANDA, MENINGGAL, PINDAH, TIDAK_ADA_DOKUMEN.',
        },
        { baris: 7, kolom: 'ID_USULAN', pesan: '"bukan-id" bukan ID usulan yang dikirim SLRT.' },
        { baris: 8, kolom: 'STATUS', pesan: 'Nilai "DIPROSES" tidak dikenal: DITETAPKAN, DITERIMA atau DITOLAK.' },
      ]);
      expect((await db.query(`SELECT status FROM prelist_entry WHERE id = $1`, [a.id])).rows[0]).toEqual({
        status: 'accepted',
      });
      expect((await db.query(`SELECT status FROM prelist_entry WHERE id = $1`, [b.id])).rows[0]).toEqual({
        status: 'submitted',
      });
      expect(
        (
          await db.query(
            `SELECT id, verification_outcome, dukcapil_status FROM prelist_member WHERE entry_id = $1 ORDER BY position`,
            [a.id],
          )
        ).rows,
      ).toEqual([
        { id: a.members[0], verification_outcome: 'confirmed', dukcapil_status: 'padan' },
        { id: a.members[1], verification_outcome: 'deceased', dukcapil_status: 'tidak-padan' },
      ]);
      expect(await statusEvents(a.id)).toEqual([
        { to: 'submitted', action: 'submit', batchId, reason: null },
        { to: 'accepted', action: 'apply-verivali', batchId, reason: null },
      ]);
    });

    it('re-importing the same file changes nothing', async () => {
      const before = (await db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n as number;
      const job = await upload('hasil-verivali.csv', 'csv', Buffer.from(results()), 1);
      expect(job).toMatchObject({ status: 'succeeded', lines: 7, applied: 0, unchanged: 1, refused: 0, invalid: 5 });
      expect((await db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(before);
    });

    it('applies no result to a batch outside the uploader\u2019s scope, and shows the job only to its uploader and kab/kota-wide roles', async () => {
      const boElsewhere = { kind: 'user', id: 'user-bo-02', roles: ['BO'], regionScope: ['62.71.02'] } as Actor;
      const before = (await db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n as number;
      const job = await upload('hasil-verivali-lain.csv', 'csv', Buffer.from(results()), 1, boElsewhere);
      expect(job).toMatchObject({ status: 'succeeded', lines: 7, applied: 0, unchanged: 0, refused: 0, invalid: 7 });
      expect(job.errors.filter((e) => /di luar wilayah kerja Anda/.test(e.pesan)).length).toBeGreaterThan(0);
      expect((await db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(before);
      await expect(
        call('slrt.rpc.registry.get-verivali-import.v1', { jobId: job.jobId }, mjKecamatan),
      ).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
      await expect(call('slrt.rpc.registry.get-verivali-import.v1', { jobId: job.jobId }, bo)).resolves.toMatchObject({
        jobId: job.jobId,
      });
    });

    it('refuses a member line naming a member not sent with that proposal', async () => {
      const content = [
        'ID_USULAN;ID_ART_USULAN;STATUS;HASIL_ART;PADAN_DUKCAPIL;ALASAN',
        `${b.id};${a.members[0]};DITOLAK;GANDA;;`,
        '',
      ].join('\n');
      const job = await upload('hasil-verivali-anggota.csv', 'csv', Buffer.from(content), 1);
      expect(job).toMatchObject({ status: 'succeeded', lines: 1, applied: 0, unchanged: 0, refused: 0, invalid: 1 });
      expect(job.errors).toEqual([
        { baris: 2, kolom: 'ID_ART_USULAN', pesan: 'ID anggota ini tidak dikirim bersama usulan tersebut.' },
      ]);
    });

    it('applies a corrected file (XLSX) for the rest, with the reason carried in the event, and refuses a move back', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Hasil');
      ws.addRow(['ID_USULAN', 'ID_ART_USULAN', 'STATUS', 'HASIL_ART', 'PADAN_DUKCAPIL', 'ALASAN']);
      ws.addRow([b.id, b.members[0], 'DITOLAK', 'GANDA', '', 'Terdaftar ganda di kabupaten lain']);
      ws.addRow([a.id, '', 'DITETAPKAN', '', '', '']);
      const job = await upload('hasil-verivali-2.xlsx', 'xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
      expect(job).toMatchObject({ status: 'succeeded', lines: 2, applied: 1, unchanged: 0, refused: 1, invalid: 0 });
      expect(job.errors).toEqual([
        {
          baris: 3,
          kolom: 'STATUS',
          pesan: 'Usulan prelist berstatus "accepted" tidak dapat diubah menjadi "ratified".',
        },
      ]);
      expect(await statusEvents(b.id)).toEqual([
        { to: 'submitted', action: 'submit', batchId, reason: null },
        { to: 'rejected', action: 'apply-verivali', batchId, reason: 'Terdaftar ganda di kabupaten lain' },
      ]);
    });

    it('fails an import left running by a dead process at start, and leaves one another instance holds alone', async () => {
      const orphan = uuidv7();
      const held = uuidv7();
      for (const id of [orphan, held]) {
        await db.query(
          `INSERT INTO verivali_import (id, upload_id, file_name, format, sha256, status, total_size, chunks_received, chunk_count, started_by, actor) VALUES ($1, $2, 'x.csv', 'csv', $3, 'running', 1, 1, 1, 'user-bo', $4)`,
          [id, uuidv7(), '0'.repeat(64), JSON.stringify(bo)],
        );
      }
      const other = new pg.Client({ connectionString: schema.url });
      await other.connect();
      await other.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`verivali:${held}`]);
      try {
        expect(await app.get(VerivaliImportService).recoverInterruptedJobs()).toBe(1);
      } finally {
        await other.end();
      }
      expect(
        (
          await db.query(`SELECT id, status, error FROM verivali_import WHERE id = ANY($1) ORDER BY id`, [
            [orphan, held],
          ])
        ).rows,
      ).toEqual([
        {
          id: orphan,
          status: 'failed',
          error:
            'Layanan dimulai ulang saat impor berjalan; usulan yang sudah diterapkan tetap berlaku. Impor ulang berkas yang sama untuk menyelesaikan sisanya.',
        },
        { id: held, status: 'running', error: null },
      ]);
      await db.query(`UPDATE verivali_import SET status = 'failed' WHERE id = $1`, [held]);
    });

    it('fails a file without the required headers, saying which', async () => {
      const job = await upload('salah.csv', 'csv', Buffer.from('NIK,NAMA\n6271010101800001,Budi\n'), 1);
      expect(job).toMatchObject({
        status: 'failed',
        error: 'Kolom wajib tidak ada di baris judul: ID_USULAN, STATUS.',
        lines: 0,
      });
    });
  });

  describe('data-change and PPKS batches', () => {
    it('export the default columns of each kind exactly', async () => {
      const change = uuidv7();
      await db.query(
        `INSERT INTO data_change (id, desa_code, nik, household_id, person_name, data_period, changes, reason, status, created_by) VALUES ($1, '62.71.03.1001', '6271010101800001', 'KK-0001', 'Budi Sintetik', '2026-09', $2, 'Salah ketik, pindah alamat', 'approved', 'test')`,
        [
          change,
          JSON.stringify([
            { field: 'nama', current: 'Budi Sintetik', proposed: 'Budi Sintetis' },
            { field: 'alamat', current: 'Jl. Lama 1', proposed: 'Jl. Baru 2' },
          ]),
        ],
      );
      const batch = await call('slrt.rpc.registry.create-siks-export.v1', {
        kind: 'data-change',
        dataPeriod: '2026-11',
        regionCode: '62.71.03',
        profile: 'data-change-default',
      });
      expect(batch).toMatchObject({ proposalCount: 1, rowCount: 1 });
      expect((await download(batch.batchId, 'csv')).toString('utf8')).toBe(
        `ID_USULAN,NIK,NAMA,ID_KELUARGA,KODE_DESA,PERIODE_DATA,KOLOM_DIUBAH,NILAI_LAMA,NILAI_BARU,ALASAN\n${change},6271010101800001,BUDI SINTETIK,KK-0001,6271031001,2026-09,NAMA|ALAMAT,Budi Sintetik|Jl. Lama 1,Budi Sintetis|Jl. Baru 2,"Salah ketik, pindah alamat"\n`,
      );
      const ppks = uuidv7();
      await db.query(
        `INSERT INTO ppks_record (id, desa_code, nik, no_kk, name, birth_date, sex, address, category_code, category_version, condition_note, status, created_by) VALUES ($1, '62.71.03.1002', '6271014505400003', '6271010101260009', 'Siti Lansia', DATE '1940-05-05', 'P', 'Jl. Contoh 3', '08', 1, 'Tinggal sendiri', 'recorded', 'test')`,
        [ppks],
      );
      const pb = await call('slrt.rpc.registry.create-siks-export.v1', {
        kind: 'ppks',
        dataPeriod: '2026-11',
        regionCode: '62.71.03.1002',
        profile: 'ppks-default',
      });
      expect((await download(pb.batchId, 'csv')).toString('utf8')).toBe(
        `ID_USULAN,NIK,NO_KK,NAMA,TGL_LAHIR,JNS_KEL,ALAMAT,KODE_DESA,KODE_PPKS,JENIS_PPKS,KONDISI\n${ppks},6271014505400003,6271010101260009,SITI LANSIA,05-05-1940,P,JL. CONTOH 3,6271031002,08,LANJUT USIA TERLANTAR,Tinggal sendiri\n`,
      );
      expect((await db.query(`SELECT status FROM ppks_record WHERE id = $1`, [ppks])).rows[0]).toEqual({
        status: 'submitted',
      });
    });
  });

  describe('candidate ranking', () => {
    const KK_KEYED = '6271030101200006';
    const today = new Date();
    const yearsAgo = (n: number) => `${today.getUTCFullYear() - n}-01-01`;
    beforeAll(async () => {
      // A current snapshot made by hand (the import is proven in snapshots.int-spec.ts).
      await db.query(`CREATE TABLE snapshot_rank (LIKE member)`);
      const m = (
        hh: string,
        nik: string,
        name: string,
        birth: string,
        rel: string,
        desa: string,
        desil: number | null,
        flags: string[],
      ) =>
        db.query(
          `INSERT INTO snapshot_rank (household_id, member_id, nik, no_kk, name, birth_date, sex, relationship, desa_code, desil, flags) VALUES ($1, $2, $3, $4, $5, $6, 'L', $7, $8, $9, $10)`,
          [hh, `${hh}-${nik.slice(-2)}`, nik, `627101010126000${hh.slice(1)}`, name, birth, rel, desa, desil, flags],
        );
      await m('H1', '6271010101800011', 'Kepala Satu', yearsAgo(40), '1', '62.71.01.1001', 1, []);
      await m('H1', '6271010101800012', 'Anak Satu', yearsAgo(10), '3', '62.71.01.1001', 1, []);
      await m('H2', '6271010101800021', 'Anak Dua', yearsAgo(12), '3', '62.71.01.1002', 1, ['PKH']);
      await m('H2', '6271010101800022', 'Kepala Dua', yearsAgo(45), '1', '62.71.01.1002', 1, ['PKH']);
      await m('H2', '6271010101800023', 'Nenek Dua', '1950-03-03', '5', '62.71.01.1002', 1, ['PKH']);
      await m('H2', '6271010101800024', 'Balita Dua', yearsAgo(1), '3', '62.71.01.1002', 1, ['PKH']);
      for (const i of [1, 2, 3, 4, 5])
        await m(
          'H3',
          `627101010180003${i}`,
          `Orang Tiga ${i}`,
          yearsAgo(20 + i),
          i === 1 ? '1' : '3',
          '62.71.01.1001',
          null,
          [],
        );
      await m('H4', '6271010101800041', 'Kepala Empat', yearsAgo(30), '1', '62.71.01.1001', 3, ['BPNT']);
      await m('H5', '6271020101800051', 'Kecamatan Lain', yearsAgo(30), '1', '62.71.02.1001', 1, []);
      // A DTSEN household without IDBDT: the snapshot keys it by its No. KK.
      await db.query(
        `INSERT INTO snapshot_rank (household_id, member_id, nik, no_kk, name, birth_date, sex, relationship, desa_code, desil, flags) VALUES ($1, NULL, $2, $1, 'Kepala Enam', $3, 'P', '1', '62.71.03.1001', 2, '{}')`,
        [KK_KEYED, '6271034101800061', yearsAgo(50)],
      );
      await db.query(
        `CREATE OR REPLACE VIEW member_current AS SELECT m.*, '2026-09'::text AS data_period, NULL::uuid AS job_id FROM snapshot_rank m`,
      );
    });

    it('shows a household keyed by its No. KK under an opaque id, the same in the list and the export (never the No. KK)', async () => {
      const r = await call(
        'slrt.rpc.registry.rank-candidates.v1',
        { regionCode: '62.71.03', limit: 10, page: 1, pageSize: 10 },
        bo,
      );
      expect(r.items).toHaveLength(1);
      const id = r.items[0]!.householdId;
      expect(id).toMatch(/^RT-[0-9a-f]{20}$/);
      expect(JSON.stringify(r.items[0])).not.toContain(KK_KEYED.slice(0, 12));
      expect(r.items[0]).toMatchObject({
        noKkMasked: `************${KK_KEYED.slice(12)}`,
        headNikMasked: '************0061',
      });
      const again = await call(
        'slrt.rpc.registry.rank-candidates.v1',
        { regionCode: '62.71.03', limit: 10, page: 1, pageSize: 10 },
        bo,
      );
      expect(again.items[0]!.householdId).toBe(id);
      const e = await call(
        'slrt.rpc.registry.export-candidate-ranking.v1',
        { regionCode: '62.71.03', preset: 'desil-default', limit: 10, format: 'csv' },
        bo,
      );
      const parts: Buffer[] = [];
      for (let i = 0; i < e.chunkCount; i++)
        parts.push(
          chunkBytes(
            await call('slrt.rpc.registry.get-candidate-ranking-chunk.v1', { exportId: e.exportId, chunkIndex: i }, bo),
          ),
        );
      const csv = Buffer.concat(parts).toString('utf8');
      expect(csv.split('\n')[1]!.split(',')[1]).toBe(id);
      expect(csv).not.toContain(KK_KEYED.slice(0, 12));
      const x = await call(
        'slrt.rpc.registry.export-candidate-ranking.v1',
        { regionCode: '62.71.03', preset: 'desil-default', limit: 10, format: 'xlsx' },
        bo,
      );
      const wb = new ExcelJS.Workbook();
      const xparts: Buffer[] = [];
      for (let i = 0; i < x.chunkCount; i++)
        xparts.push(
          chunkBytes(
            await call('slrt.rpc.registry.get-candidate-ranking-chunk.v1', { exportId: x.exportId, chunkIndex: i }, bo),
          ),
        );
      await wb.xlsx.load(Buffer.concat(xparts) as unknown as ArrayBuffer);
      const cells: unknown[] = [];
      wb.worksheets[0]!.eachRow((row) => cells.push((row.values as unknown[])[2]));
      expect(cells).toEqual(['ID_KELUARGA', id]);
    });

    it('ranks by the default preset: desil first, then household size, unknown desil last; masked', async () => {
      const r = await call(
        'slrt.rpc.registry.rank-candidates.v1',
        { regionCode: '62.71.01', limit: 100, page: 1, pageSize: 10 },
        mjKecamatan,
      );
      expect(r.items.map((h) => [h.rank, h.householdId, h.desil, h.householdSize, h.elderly, h.underFive])).toEqual([
        [1, 'H2', 1, 4, 1, 1],
        [2, 'H1', 1, 2, 0, 0],
        [3, 'H4', 3, 1, 0, 0],
        [4, 'H3', null, 5, 0, 0],
      ]);
      expect(r.items[0]).toMatchObject({
        headName: 'Kepala Dua',
        headNikMasked: '************0022',
        noKkMasked: '************0002',
        flags: ['PKH'],
        desaCode: '62.71.01.1002',
      });
      expect(r.total).toBe(4);
      expect(r.criteria.map((c) => c.key)).toEqual(['desil', 'household-size', 'vulnerable', 'without-programme']);
    });

    it('ranks by explicit criteria (without PKH first), pages within the limit', async () => {
      const criteria = [
        { key: 'without-programme', direction: 'desc', programme: 'PKH' },
        { key: 'desil', direction: 'asc' },
      ];
      const page2 = await call(
        'slrt.rpc.registry.rank-candidates.v1',
        { regionCode: '62.71.01', criteria, limit: 3, page: 2, pageSize: 2 },
        bo,
      );
      expect(page2.items.map((h) => [h.rank, h.householdId])).toEqual([[3, 'H3']]);
      expect(page2.total).toBe(3);
      const page1 = await call(
        'slrt.rpc.registry.rank-candidates.v1',
        { regionCode: '62.71.01', criteria, limit: 3, page: 1, pageSize: 2 },
        bo,
      );
      expect(page1.items.map((h) => h.householdId)).toEqual(['H1', 'H4']);
    });

    it('exports the ranking as CSV and XLSX (masked), and keeps presets as ADMIN-edited data', async () => {
      const fetchFile = async (exportId: string, chunkCount: number) => {
        const parts: Buffer[] = [];
        for (let i = 0; i < chunkCount; i++)
          parts.push(
            chunkBytes(
              await call('slrt.rpc.registry.get-candidate-ranking-chunk.v1', { exportId, chunkIndex: i }, mjKecamatan),
            ),
          );
        return Buffer.concat(parts);
      };
      const e = await call(
        'slrt.rpc.registry.export-candidate-ranking.v1',
        { regionCode: '62.71.01', preset: 'desil-default', limit: 3, format: 'csv' },
        mjKecamatan,
      );
      expect(e).toMatchObject({ rowCount: 3, masked: true, fileName: 'peringkat-calon-62.71.01.csv' });
      expect((await fetchFile(e.exportId, e.chunkCount)).toString('utf8')).toBe(
        [
          'PERINGKAT,ID_KELUARGA,KODE_DESA,DESIL,NAMA_KEPALA,NIK_KEPALA,NO_KK,JUMLAH_ART,LANSIA,BALITA,PROGRAM',
          '1,H2,62.71.01.1002,1,Kepala Dua,************0022,************0002,4,1,1,PKH',
          '2,H1,62.71.01.1001,1,Kepala Satu,************0011,************0001,2,0,0,',
          '3,H4,62.71.01.1001,3,Kepala Empat,************0041,************0004,1,0,0,BPNT',
          '',
        ].join('\n'),
      );
      const x = await call(
        'slrt.rpc.registry.export-candidate-ranking.v1',
        { regionCode: '62.71.01', preset: 'desil-default', limit: 3, format: 'xlsx' },
        mjKecamatan,
      );
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await fetchFile(x.exportId, x.chunkCount)) as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      expect(rows.map((r) => r[1])).toEqual(['ID_KELUARGA', 'H2', 'H1', 'H4']);
      expect(
        (
          await refusal(
            call('slrt.rpc.registry.get-candidate-ranking-chunk.v1', { exportId: x.exportId, chunkIndex: 0 }, bo),
          )
        ).code,
      ).toBe('NOT_FOUND');

      const preset = {
        code: 'balita',
        description: 'Program gizi balita',
        criteria: [
          { key: 'under-five', direction: 'desc' },
          { key: 'desil', direction: 'asc' },
        ],
      };
      expect((await refusal(call('slrt.rpc.registry.save-ranking-preset.v1', preset, mjKecamatan))).code).toBe(
        'FORBIDDEN',
      );
      await call('slrt.rpc.registry.save-ranking-preset.v1', preset, admin);
      const r = await call(
        'slrt.rpc.registry.rank-candidates.v1',
        { regionCode: '62.71.01', preset: 'balita', limit: 2, page: 1, pageSize: 10 },
        bo,
      );
      expect(r.items.map((h) => h.householdId)).toEqual(['H2', 'H1']);
      expect(
        (
          await refusal(
            call(
              'slrt.rpc.registry.rank-candidates.v1',
              { regionCode: '62.71.02', limit: 2, page: 1, pageSize: 10 },
              mjKecamatan,
            ),
          )
        ).reason,
      ).toBe('OUT_OF_SCOPE');
    });
  });
});
