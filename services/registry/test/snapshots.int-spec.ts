/* eslint-disable max-lines -- integration spec of registry snapshots: import, atomic swap, lookup: its tests share one booted stack, which takes seconds to start */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { DEVELOPMENT_IDENTIFIER_HASH_KEY } from '@slrt/config';
import { householdRefKey, identifierHash, opaqueHouseholdId } from '@slrt/domain';
import {
  SNAPSHOT_CHUNK_BYTES,
  assertingService,
  systemActor,
  type Actor,
  type ImportJobV1,
  type RpcRequest,
  type RpcSubject,
} from '@slrt/contracts';
import { v7 as uuidv7 } from 'uuid';
import { connectRpcClient, createServiceApp, RpcCallError, type RpcClient } from '@slrt/messaging';
import { syntheticRegistryLines, waitFor, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { registryService } from '../src/app.js';
import { RegistryEnv } from '../src/config/registry.env.js';
import { csvField, splitCsvLine } from '../src/files/csv-cells.js';
import { snapshotTable } from '../src/snapshots/import-jobs.repository.js';
import { NikRepeats, settleRepeatedNiks } from '../src/snapshots/nik-repeats.js';
import { ImportFilesService } from '../src/snapshots/import-files.service.js';
import { SnapshotsService } from '../src/snapshots/snapshots.service.js';
import { RegistryTestApp } from './support/registry-test-app.js';

const admin = { kind: 'user', id: 'user-admin', roles: ['ADMIN'], regionScope: ['62.71'] } as Actor;
const intake = { kind: 'system', id: 'system:intake', roles: [], regionScope: [] } as unknown as Actor;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('registry snapshots: import, atomic swap, lookup', () => {
  let registry: RegistryTestApp;
  let nats: TestNatsServer;
  let schema: TestSchema;
  let dir: string;
  let env: RegistryEnv;
  let app: NestFastifyApplication;
  let rpc: RpcClient;
  let db: pg.Client;

  const call = async <S extends RpcSubject>(subject: S, data: unknown, actor: Actor = admin) =>
    (await registry.as(assertingService(actor)!)).request(subject, data as RpcRequest<S>, { actor, timeoutMs: 10_000 });
  const writeFile = (name: string, lines: Iterable<string>) => {
    writeFileSync(join(dir, name), `${[...lines].join('\n')}\n`);
    return name;
  };
  const importAndWait = async (fileName: string, dataPeriod: string, profile = 'dtsen'): Promise<ImportJobV1> => {
    const job = await call('slrt.rpc.registry.import-snapshot.v1', { fileName, dataPeriod, profile });
    return waitFor(
      async () => {
        const j = await call('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId });
        return j.status === 'running' ? undefined : j;
      },
      // Generous: a 400,000-row import on a loaded 2-CPU CI machine; the wait ends as soon as it finishes.
      { timeoutMs: 120_000, message: 'import finished' },
    );
  };
  const lookup = (nik: string) =>
    call('slrt.rpc.registry.lookup-nik.v1', { nik, purpose: { kind: 'complaint', reference: 'c-1' } }, intake);

  beforeAll(async () => {
    registry = await RegistryTestApp.start({ schema: 'reg', importDir: 'registry-' });
    ({ nats, schema, env, app, rpc, db } = registry);
    dir = registry.dir!;
  }, 60_000);

  afterAll(() => registry?.close());

  it('answers lookup-nik with found=false and no period before any snapshot is loaded', async () => {
    expect(await lookup('6271015507900001')).toEqual({
      found: false,
      householdId: null,
      desil: null,
      programmeFlags: [],
      dataPeriod: null,
    });
  });

  it('answers lookup-nik to intake\u2019s triage only (system:intake), auditing the operator it serves; snapshot imports are for operators only', async () => {
    const purpose = { kind: 'complaint', reference: 'c-obo' };
    await call(
      'slrt.rpc.registry.lookup-nik.v1',
      { nik: '6271015507900002', purpose, onBehalfOf: 'fo-pahandut' },
      intake,
    );
    expect((await db.query(`SELECT actor_id, on_behalf_of FROM lookup_audit WHERE reference = 'c-obo'`)).rows).toEqual([
      { actor_id: 'system:intake', on_behalf_of: 'fo-pahandut' },
    ]);
    const fo = { kind: 'user', id: 'user-fo', roles: ['FO'], regionScope: ['62.71'] } as Actor;
    for (const actor of [fo, admin]) {
      const err = await call('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507900003', purpose }, actor).catch(
        (e: unknown) => e,
      );
      expect((err as RpcCallError).error).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
    // Another service may not even send these (its NATS user may not publish them): the server drops
    // the request, nothing answers, and the registry never sees it.
    const asReferral = await (
      await registry.as('referral')
    )
      .request(
        'slrt.rpc.registry.lookup-nik.v1',
        { nik: '6271015507900003', purpose: { kind: 'complaint', reference: 'c-obo' } },
        { actor: systemActor('referral'), timeoutMs: 1500 },
      )
      .catch((e: unknown) => e);
    expect((asReferral as RpcCallError).error.code).toMatch(/^(TIMEOUT|UNAVAILABLE)$/);
    const system = await (
      await registry.as('intake')
    )
      .request(
        'slrt.rpc.registry.import-snapshot.v1',
        { fileName: 'none.csv', dataPeriod: '2026-01', profile: 'dtsen' },
        { actor: intake, timeoutMs: 1500 },
      )
      .catch((e: unknown) => e);
    expect((system as RpcCallError).error.code).toMatch(/^(TIMEOUT|UNAVAILABLE)$/);
  });

  it('imports good rows, rejects bad ones and writes the exact error report', async () => {
    const [header, a, b, c, d] = [...syntheticRegistryLines({ rows: 4, seed: 7 })];
    const bad = (line: string, col: number, value: string) =>
      splitCsvLine(line, ',')
        .map((v, i) => csvField(i === col ? value : v))
        .join(',');
    const name = writeFile('good-bad.csv', [
      header!,
      a!,
      bad(b!, 8, '11'),
      bad(bad(c!, 0, '123'), 7, '62.71.99.9999'),
      d!,
    ]);
    const job = await importAndWait(name, '2026-06');
    expect(job).toMatchObject({
      status: 'succeeded',
      rowsRead: 4,
      rowsAccepted: 2,
      rowsRejected: 2,
      current: true,
      error: null,
    });
    expect(readFileSync(join(dir, 'reports', `${job.jobId}.errors.csv`), 'utf8')).toBe(
      [
        'baris,kolom,pesan',
        '3,desil,"Desil harus 1 sampai 10, atau kosong bila tidak diketahui."',
        '4,nik,NIK harus 16 angka.',
        '4,desa_kode,Kode desa/kelurahan tidak dikenal.',
        '',
      ].join('\n'),
    );
    const errors = await db.query(
      `SELECT row_number, field FROM import_error WHERE job_id = $1 ORDER BY row_number, field`,
      [job.jobId],
    );
    expect(errors.rows).toEqual([
      { row_number: 3, field: 'desil' },
      { row_number: 4, field: 'desa_kode' },
      { row_number: 4, field: 'nik' },
    ]);
    const [nikA, kkA, , , , , , , desilA] = splitCsvLine(a!, ',');
    expect(await lookup(nikA!)).toMatchObject({
      found: true,
      householdId: opaqueHouseholdId(householdRefKey(DEVELOPMENT_IDENTIFIER_HASH_KEY), kkA!),
      desil: desilA ? Number(desilA) : null,
      dataPeriod: '2026-06',
    });
    expect(await lookup(splitCsvLine(b!, ',')[0]!)).toMatchObject({ found: false, dataPeriod: '2026-06' });
    const nikHmac = identifierHash(DEVELOPMENT_IDENTIFIER_HASH_KEY, 'nik', nikA!);
    expect(nikHmac).not.toBe(sha256(nikA!));
    const audit = await db.query(
      `SELECT actor_id, purpose, reference, nik_hmac, found FROM lookup_audit WHERE nik_hmac = $1`,
      [nikHmac],
    );
    expect(audit.rows).toEqual([
      { actor_id: 'system:intake', purpose: 'complaint', reference: 'c-1', nik_hmac: nikHmac, found: true },
    ]);
    const clear = await db.query(`SELECT count(*)::int AS n FROM lookup_audit a WHERE position($1 in a::text) > 0`, [
      nikA,
    ]);
    expect(clear.rows[0].n).toBe(0);
    const events = await db.query(
      `SELECT envelope->'data' AS data FROM outbox WHERE subject = 'slrt.evt.registry.import.completed.v1' AND envelope->'data'->>'jobId' = $1`,
      [job.jobId],
    );
    expect(events.rows).toEqual([
      {
        data: {
          jobId: job.jobId,
          dataPeriod: '2026-06',
          rowsRead: 4,
          rowsAccepted: 2,
          rowsRejected: 2,
          status: 'succeeded',
          error: null,
          finishedAt: job.finishedAt,
        },
      },
    ]);
  });

  it('rejects the second and later rows of a NIK with the line of the first, in line order in the report', async () => {
    const [header, a, b, c, d] = [...syntheticRegistryLines({ rows: 4, seed: 31 })];
    const cells = (line: string) => splitCsvLine(line, ',');
    const withNikOf = (line: string, from: string) =>
      [cells(from)[0]!, ...cells(line).slice(1)].map(csvField).join(',');
    const badDesil = cells(c!)
      .map((v, i) => csvField(i === 8 ? '11' : v))
      .join(',');
    // Lines: 2 a, 3 b, 4 b with a's NIK, 5 c with a bad desil, 6 d with a's NIK.
    const name = writeFile('repeated-nik.csv', [header!, a!, b!, withNikOf(b!, a!), badDesil, withNikOf(d!, a!)]);
    const job = await importAndWait(name, '2026-05');
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 5, rowsAccepted: 2, rowsRejected: 3, current: true });
    const repeated = 'NIK ganda: sama dengan baris 2; hanya baris 2 yang dimuat.';
    expect(readFileSync(join(dir, 'reports', `${job.jobId}.errors.csv`), 'utf8')).toBe(
      [
        'baris,kolom,pesan',
        `4,nik,${repeated}`,
        '5,desil,"Desil harus 1 sampai 10, atau kosong bila tidak diketahui."',
        `6,nik,${repeated}`,
        '',
      ].join('\n'),
    );
    const errors = await db.query(
      `SELECT row_number, field, message FROM import_error WHERE job_id = $1 ORDER BY row_number`,
      [job.jobId],
    );
    expect(errors.rows.map((r) => [r.row_number, r.field])).toEqual([
      [4, 'nik'],
      [5, 'desil'],
      [6, 'nik'],
    ]);
    const table = snapshotTable(job.jobId);
    const loaded = await db.query(`SELECT nik, name FROM "${table}" ORDER BY name`);
    expect(loaded.rows).toEqual(
      [a!, b!]
        .map(cells)
        .map((r) => ({ nik: r[0], name: r[2] }))
        .sort((x, y) => x.name!.localeCompare(y.name!)),
    );
    const columns = await db.query(
      `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'line_no'`,
      [schema.schema, table],
    );
    expect(columns.rows[0].n).toBe(0);
  });

  it('settles repeated NIKs over the whole table when the Bloom filter overflowed', async () => {
    const table = 'overflow_check';
    await db.query(`CREATE TABLE "${table}" (LIKE member INCLUDING DEFAULTS)`);
    await db.query(`ALTER TABLE "${table}" ADD COLUMN line_no integer NOT NULL`);
    const rows: Array<[string, number]> = [
      ['6271015507900001', 2],
      ['6271015507900002', 3],
      ['6271015507900001', 4],
      ['6271015507900003', 5],
      ['6271015507900002', 6],
      ['6271015507900001', 7],
    ];
    for (const [nik, line] of rows)
      await db.query(
        `INSERT INTO "${table}" (household_id, nik, no_kk, name, desa_code, line_no) VALUES ('h', $1, '6271011203150001', 'Nama', '62.71.01.1001', $2)`,
        [nik, line],
      );
    const repeats = new NikRepeats(1);
    for (const nik of ['6271015507900001', '6271015507900001', '6271015507900002', '6271015507900002'])
      repeats.add(nik);
    expect(repeats.overflow).toBe(true);
    const client = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
    await client.connect();
    try {
      const errors = await settleRepeatedNiks(client, table, repeats, 'NIK');
      expect(errors).toEqual([
        { row: 4, column: 'NIK', message: 'NIK ganda: sama dengan baris 2; hanya baris 2 yang dimuat.' },
        { row: 6, column: 'NIK', message: 'NIK ganda: sama dengan baris 3; hanya baris 3 yang dimuat.' },
        { row: 7, column: 'NIK', message: 'NIK ganda: sama dengan baris 2; hanya baris 2 yang dimuat.' },
      ]);
      expect((await db.query(`SELECT line_no FROM "${table}" ORDER BY line_no`)).rows.map((r) => r.line_no)).toEqual([
        2, 3, 5,
      ]);
    } finally {
      await client.end();
      await db.query(`DROP TABLE "${table}"`);
    }
  });

  it('imports an XLSX file through the same profile and checks, numbering rows as the spreadsheet does', async () => {
    const [header, a, b, c] = [...syntheticRegistryLines({ rows: 3, seed: 41 })].map((l) => splitCsvLine(l, ','));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('DTSEN');
    sheet.addRow(header!);
    // Row 2: a with its birth date as a real date cell and desil as a number.
    sheet.addRow(a!.map((v, i) => (i === 3 ? new Date(`${v}T00:00:00Z`) : i === 8 && v !== '' ? Number(v) : v)));
    // Row 3 stays empty; row 4: b with a bad desil; row 5: c.
    sheet.getRow(4).values = b!.map((v, i) => (i === 8 ? '11' : v));
    sheet.getRow(5).values = c!;
    await workbook.xlsx.writeFile(join(dir, 'dtsen.xlsx'));
    const job = await importAndWait('dtsen.xlsx', '2026-04');
    expect(job).toMatchObject({
      status: 'succeeded',
      fileName: 'dtsen.xlsx',
      rowsRead: 3,
      rowsAccepted: 2,
      rowsRejected: 1,
      current: true,
    });
    expect(readFileSync(join(dir, 'reports', `${job.jobId}.errors.csv`), 'utf8')).toBe(
      ['baris,kolom,pesan', '4,desil,"Desil harus 1 sampai 10, atau kosong bila tidak diketahui."', ''].join('\n'),
    );
    const loaded = await db.query(
      `SELECT nik, no_kk, to_char(birth_date, 'YYYY-MM-DD') AS birth, desil, flags FROM "${snapshotTable(job.jobId)}" ORDER BY nik`,
    );
    const expected = [a!, c!].map((r) => ({
      nik: r[0],
      no_kk: r[1],
      birth: r[3],
      desil: r[8] === '' ? null : Number(r[8]),
      flags: ['pkh', 'bpnt', 'pbi', 'kip'].filter((_, i) => r[9 + i] === '1').map((f) => f.toUpperCase()),
    }));
    expect(loaded.rows).toEqual(expected.sort((x, y) => x.nik!.localeCompare(y.nik!)));
  });

  it('takes a file uploaded in chunks, imports it, and serves its error report back in chunks', async () => {
    const text = `${[...syntheticRegistryLines({ rows: 10_000, seed: 51, badEvery: 2_500 })].join('\n')}\n`;
    const bytes = Buffer.from(text);
    const uploadId = uuidv7();
    const chunkCount = Math.ceil(bytes.length / SNAPSHOT_CHUNK_BYTES);
    expect(chunkCount).toBeGreaterThan(1);
    const send = (i: number) =>
      call('slrt.rpc.registry.upload-snapshot-chunk.v1', {
        uploadId,
        fileName: 'dtsen-unggah.csv',
        dataPeriod: '2026-03',
        profile: 'dtsen',
        chunkIndex: i,
        last: i === chunkCount - 1,
        contentBase64: bytes.subarray(i * SNAPSHOT_CHUNK_BYTES, (i + 1) * SNAPSHOT_CHUNK_BYTES).toString('base64'),
      });
    // Out of order: chunk 1 before chunk 0.
    const early = await send(1).catch((e: unknown) => e);
    expect((early as RpcCallError).error).toMatchObject({ code: 'CONFLICT' });
    expect(await send(0)).toEqual({ uploadId, receivedBytes: SNAPSHOT_CHUNK_BYTES, job: null });
    // A retried chunk is taken once.
    expect(await send(0)).toEqual({ uploadId, receivedBytes: SNAPSHOT_CHUNK_BYTES, job: null });
    let last: Awaited<ReturnType<typeof send>> | null = null;
    for (let i = 1; i < chunkCount; i++) last = await send(i);
    expect(last!.receivedBytes).toBe(bytes.length);
    expect(last!.job).toMatchObject({
      fileName: `${uploadId}-dtsen-unggah.csv`,
      dataPeriod: '2026-03',
      profile: 'dtsen',
    });
    expect(readFileSync(join(dir, `${uploadId}-dtsen-unggah.csv`)).equals(bytes)).toBe(true);
    const job = await waitFor(
      async () => {
        const j = await call('slrt.rpc.registry.get-import-job.v1', { jobId: last!.job!.jobId });
        return j.status === 'running' ? undefined : j;
      },
      { timeoutMs: 30_000 },
    );
    expect(job).toMatchObject({ status: 'succeeded', rowsRead: 10_000, rowsAccepted: 9_996, rowsRejected: 4 });
    const parts: Buffer[] = [];
    for (let i = 0, count = 1; i < count; i++) {
      const c = await call('slrt.rpc.registry.get-import-errors-chunk.v1', { jobId: job.jobId, chunkIndex: i });
      count = c.chunkCount;
      expect(c).toMatchObject({
        fileName: `impor-${job.jobId}-kesalahan.csv`,
        contentType: 'text/csv; charset=utf-8',
        chunkIndex: i,
      });
      parts.push(Buffer.from(c.contentBase64, 'base64'));
    }
    const report = Buffer.concat(parts).toString('utf8');
    expect(report).toBe(readFileSync(join(dir, 'reports', `${job.jobId}.errors.csv`), 'utf8'));
    expect(report.split('\n').map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'baris,kolom',
      '2501,nik',
      '5001,desil',
      '7501,tanggal_lahir',
      '10001,desa_kode',
      '',
    ]);
  });

  it('lists column profiles; an admin saves one only with every required field mapped, and imports read it', async () => {
    const listed = await call('slrt.rpc.registry.list-column-profiles.v1', {});
    expect(listed.items.map((p) => p.code)).toEqual(['dtks-bdt', 'dtsen']);
    const columns = {
      nik: 'NOMOR_INDUK',
      no_kk: 'NOMOR_KK',
      name: 'NAMA_LENGKAP',
      desa_code: 'KODE_DESA',
      desil: 'DESIL',
    };
    const saved = await call('slrt.rpc.registry.save-column-profile.v1', {
      code: 'dtsen-kab',
      description: 'Ekspor dinas sosial',
      columns,
    });
    expect(saved).toEqual({ code: 'dtsen-kab', description: 'Ekspor dinas sosial', columns });
    const noDesa = await call('slrt.rpc.registry.save-column-profile.v1', {
      code: 'tanpa-desa',
      description: 'Tanpa desa',
      columns: { nik: 'NIK', no_kk: 'KK', name: 'NAMA' },
    }).catch((e: unknown) => e);
    expect((noDesa as RpcCallError).error.code).toBe('VALIDATION_FAILED');
    const reused = await call('slrt.rpc.registry.save-column-profile.v1', {
      code: 'ganda',
      description: 'Judul ganda',
      columns: { nik: 'NIK', no_kk: 'nik', name: 'NAMA', desa_code: 'DESA' },
    }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(RpcCallError);
    expect((reused as RpcCallError).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'Judul kolom "nik" dipakai untuk nik dan no_kk.',
    });
    const sekretariat = { kind: 'user', id: 'user-sek', roles: ['SEKRETARIAT'], regionScope: ['62.71'] } as Actor;
    const refused = await call(
      'slrt.rpc.registry.save-column-profile.v1',
      { code: 'dtsen-kab', description: 'Ubah', columns },
      sekretariat,
    ).catch((e: unknown) => e);
    expect((refused as RpcCallError).error.code).toBe('FORBIDDEN');
    expect((await call('slrt.rpc.registry.list-column-profiles.v1', { code: 'dtsen-kab' }, sekretariat)).items).toEqual(
      [saved],
    );
    // A file with the profile's headers imports through it.
    const [, a] = [...syntheticRegistryLines({ rows: 1, seed: 61 })].map((l) => splitCsvLine(l, ','));
    const name = writeFile('dinas.csv', [
      'NAMA_LENGKAP;NOMOR_INDUK;NOMOR_KK;KODE_DESA;DESIL',
      [a![2], a![0], a![1], a![7], a![8]].join(';'),
    ]);
    const job = await importAndWait(name, '2026-02', 'dtsen-kab');
    expect(job).toMatchObject({ status: 'succeeded', rowsAccepted: 1, rowsRejected: 0 });
    expect(await lookup(a![0]!)).toMatchObject({ found: true, dataPeriod: '2026-02' });
  });

  it('fails an unreadable XLSX file with a message for the operator; abandoned upload parts are removed', async () => {
    writeFileSync(join(dir, 'rusak.xlsx'), 'bukan berkas zip');
    const job = await importAndWait('rusak.xlsx', '2026-01');
    expect(job).toMatchObject({
      status: 'failed',
      error: 'Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX). Snapshot sebelumnya tetap berlaku.',
    });
    const uploads = join(dir, 'uploads');
    mkdirSync(uploads, { recursive: true });
    writeFileSync(join(uploads, 'lama.part'), 'x');
    writeFileSync(join(uploads, 'baru.part'), 'x');
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    utimesSync(join(uploads, 'lama.part'), dayAgo, dayAgo);
    expect(await app.get(ImportFilesService).removeAbandonedUploads()).toBe(1);
    expect(readdirSync(uploads).filter((n) => n.endsWith('.part'))).toEqual(['baru.part']);
  });

  it('re-importing the same file for the same period changes nothing', async () => {
    const first = await importAndWait(
      writeFile('same.csv', syntheticRegistryLines({ rows: 300, seed: 11 })),
      '2026-07',
    );
    writeFile('same-copy.csv', syntheticRegistryLines({ rows: 300, seed: 11 }));
    const again = await call('slrt.rpc.registry.import-snapshot.v1', {
      fileName: 'same-copy.csv',
      dataPeriod: '2026-07',
      profile: 'dtsen',
    });
    expect(again.jobId).toBe(first.jobId);
    const jobs = await db.query(`SELECT count(*)::int AS n FROM import_job WHERE data_period = '2026-07'`);
    expect(jobs.rows[0].n).toBe(1);
  });

  it('a failed import leaves the previous snapshot current', async () => {
    const before = await db.query(`SELECT job_id, table_name FROM current_snapshot`);
    const job = await importAndWait(
      writeFile('no-nik-column.csv', ['no_kk,nama,desa_kode', '6271011203150001,Budi,62.71.01.1001']),
      '2026-08',
    );
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/Kolom wajib tidak ada.*nik/);
    const events = await db.query(
      `SELECT envelope->'data'->>'status' AS status FROM outbox WHERE subject = 'slrt.evt.registry.import.completed.v1' AND envelope->'data'->>'jobId' = $1`,
      [job.jobId],
    );
    expect(events.rows).toEqual([{ status: 'failed' }]);
    expect((await db.query(`SELECT job_id, table_name FROM current_snapshot`)).rows).toEqual(before.rows);
    expect(
      (await db.query(`SELECT to_regclass($1) AS t`, [`"${schema.schema}"."${snapshotTable(job.jobId)}"`])).rows[0].t,
    ).toBeNull();
  });

  it('lookups during a second import always see one whole period', async () => {
    const oldLines = [...syntheticRegistryLines({ rows: 2_000, seed: 21 })];
    await importAndWait(writeFile('period-a.csv', oldLines), '2026-09');
    const newLines = [...syntheticRegistryLines({ rows: 20_000, seed: 22 })];
    const niks = (lines: string[]) => lines.slice(1).map((l) => l.split(',')[0]!);
    const newNiks = new Set(niks(newLines));
    const oldNiks = new Set(niks(oldLines));
    const onlyOld = niks(oldLines)
      .filter((n) => !newNiks.has(n))
      .slice(0, 20);
    const onlyNew = niks(newLines)
      .filter((n) => !oldNiks.has(n))
      .slice(0, 20);
    expect(onlyOld.length).toBeGreaterThan(0);
    expect(onlyNew.length).toBeGreaterThan(0);
    const job = await call('slrt.rpc.registry.import-snapshot.v1', {
      fileName: writeFile('period-b.csv', newLines),
      dataPeriod: '2026-10',
      profile: 'dtsen',
    });
    let running = true;
    const seen: string[] = [];
    // Four lookers in parallel, through the swap: a NIK only in the old file is found exactly in the
    // old period, one only in the new file exactly in the new; once a looker saw the new period it
    // never sees the old one again; no lookup fails.
    const looker = async (k: number) => {
      let sawNew = false;
      for (let i = k; running || i < k + 8; i++) {
        const nik = i % 2 === 0 ? onlyOld[i % onlyOld.length]! : onlyNew[i % onlyNew.length]!;
        const r = await lookup(nik);
        seen.push(r.dataPeriod!);
        expect([r.dataPeriod, r.found]).toEqual([
          r.dataPeriod,
          r.dataPeriod === (onlyOld.includes(nik) ? '2026-09' : '2026-10'),
        ]);
        if (sawNew) expect(r.dataPeriod).toBe('2026-10');
        sawNew ||= r.dataPeriod === '2026-10';
      }
    };
    const lookers = [0, 1, 2, 3].map(looker);
    const done = await waitFor(
      async () => {
        const j = await call('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId });
        return j.status === 'running' ? undefined : j;
      },
      { timeoutMs: 60_000, intervalMs: 20 },
    ).finally(() => (running = false));
    await Promise.all(lookers);
    expect(done.status).toBe('succeeded');
    expect(seen).toContain('2026-09');
    expect(seen).toContain('2026-10');
    expect(await lookup(onlyOld[0]!)).toMatchObject({ found: false, dataPeriod: '2026-10' });
    expect(await lookup(onlyNew[0]!)).toMatchObject({ found: true, dataPeriod: '2026-10' });
    // The previous period's table is dropped right after the switch has committed.
    const tables = await waitFor(async () => {
      const rows = (
        await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'snapshot\\_%'`, [
          schema.schema,
        ])
      ).rows;
      return rows.length === 1 ? rows : null;
    });
    expect(tables).toEqual([{ tablename: snapshotTable(job.jobId) }]);
  });

  it('fails a job left running by a dead process and drops its partial table on start', async () => {
    const before = await db.query(`SELECT job_id FROM current_snapshot`);
    const id = '019a9c3e-9000-7000-8000-00000000dead';
    await db.query(
      `INSERT INTO import_job (id, file_name, file_sha256, data_period, profile, status, started_by) VALUES ($1, 'x.csv', 'abc', '2026-11', 'dtsen', 'running', 'user-admin')`,
      [id],
    );
    await db.query(`CREATE TABLE "${snapshotTable(id)}" (LIKE member)`);
    const restarted = (await createServiceApp({ service: 'registry', env, ...registryService(env) })).app;
    await restarted.close();
    const job = await call('slrt.rpc.registry.get-import-job.v1', { jobId: id });
    expect(job).toMatchObject({ status: 'failed', current: false });
    expect(job.error).toMatch(/dimulai ulang/);
    expect(
      (await db.query(`SELECT to_regclass($1) AS t`, [`"${schema.schema}"."${snapshotTable(id)}"`])).rows[0].t,
    ).toBeNull();
    expect((await db.query(`SELECT job_id FROM current_snapshot`)).rows).toEqual(before.rows);
  });

  it('fails such a job a few seconds after the start when the dead process\u2019s session still held its lock at the start', async () => {
    const id = '019a9c3e-9000-7000-8000-00000000beef';
    await db.query(
      `INSERT INTO import_job (id, file_name, file_sha256, data_period, profile, status, started_by) VALUES ($1, 'y.csv', 'abd', '2026-11', 'dtsen', 'running', 'user-admin')`,
      [id],
    );
    // The killed process's session, not yet ended by PostgreSQL: it still holds the job's lock.
    const lingering = new pg.Client({ connectionString: schema.url });
    await lingering.connect();
    await lingering.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [id]);
    const restarted = (await createServiceApp({ service: 'registry', env, ...registryService(env) })).app;
    try {
      expect((await call('slrt.rpc.registry.get-import-job.v1', { jobId: id })).status).toBe('running');
      await lingering.end(); // PostgreSQL ends the dead session: the lock is free
      const job = await waitFor(
        async () => {
          const j = await call('slrt.rpc.registry.get-import-job.v1', { jobId: id });
          return j.status === 'running' ? null : j;
        },
        { timeoutMs: 20_000, message: 'the job failed once its lock was free' },
      );
      expect(job).toMatchObject({ status: 'failed', current: false, error: expect.stringMatching(/dimulai ulang/) });
    } finally {
      await restarted.close();
    }
  });

  describe('a service stopped or killed during an import', () => {
    const big = () => writeFile('besar.csv', syntheticRegistryLines({ rows: 400_000, seed: 71 }));
    const restart = async () => {
      await registry.restart();
      ({ app, rpc } = registry);
    };
    const current = async () => (await db.query(`SELECT job_id, table_name, data_period FROM current_snapshot`)).rows;
    const snapshotTables = async () =>
      (
        await db.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'snapshot\\_%' ORDER BY 1`,
          [schema.schema],
        )
      ).rows.map((r) => r.tablename as string);
    /** Waits until the job has reported progress (rows read, not finished). */
    const midImport = (jobId: string) =>
      waitFor(
        async () => {
          const [j] = (await db.query(`SELECT status, rows_read FROM import_job WHERE id = $1`, [jobId])).rows;
          if (j.status !== 'running') throw new Error(`the import ended (${j.status}) before it could be interrupted`);
          return j.rows_read > 0 ? j : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 20, message: 'import in progress' },
      );

    it('stopping the service fails the running import cleanly; the previous snapshot stays', async () => {
      const before = await current();
      const tablesBefore = await snapshotTables();
      const job = await call('slrt.rpc.registry.import-snapshot.v1', {
        fileName: big(),
        dataPeriod: '2026-12',
        profile: 'dtsen',
      });
      await midImport(job.jobId);
      await app.close();
      await restart();
      const after = await call('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId });
      expect(after).toMatchObject({
        status: 'failed',
        current: false,
        error:
          'Layanan dihentikan saat impor berjalan; impor dibatalkan dan snapshot sebelumnya tetap berlaku. Ulangi impor.',
      });
      expect(after.rowsRead).toBeGreaterThan(0);
      expect(await current()).toEqual(before);
      expect(await snapshotTables()).toEqual(tablesBefore);
      const events = await db.query(
        `SELECT envelope->'data'->>'status' AS status FROM outbox WHERE subject = 'slrt.evt.registry.import.completed.v1' AND envelope->'data'->>'jobId' = $1`,
        [job.jobId],
      );
      expect(events.rows).toEqual([{ status: 'failed' }]);
    }, 120_000);

    it('killing the service process mid-import: the next start fails the job cleanly, drops its table, the previous snapshot stays', async () => {
      const before = await current();
      const tablesBefore = await snapshotTables();
      const fileName = big();
      await app.get(SnapshotsService).idle();
      await app.close();
      // The registry as its own process (its main), on the same database and bus.
      const child = spawn(
        process.execPath,
        ['--import', './libs/testing/ts-register.mjs', 'services/registry/src/main.ts'],
        {
          cwd: fileURLToPath(new URL('../../..', import.meta.url)),
          env: {
            ...process.env,
            DATABASE_URL: schema.url,
            DATABASE_SCHEMA: schema.schema,
            ...nats.serviceEnv('registry'),
            REGISTRY_IMPORT_DIR: dir,
            LOG_LEVEL: 'silent',
            NODE_ENV: 'test',
            HTTP_PORT: '0',
          },
          stdio: 'ignore',
        },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        // A caller on the bus (as the gateway is), with no registry handlers of its own.
        const client = await connectRpcClient({
          ...nats.credentials('gateway'),
          service: 'gateway',
          kabKotaCode: env.KAB_KOTA_CODE,
        });
        try {
          const job = await waitFor(
            () =>
              client.client
                .request(
                  'slrt.rpc.registry.import-snapshot.v1',
                  { fileName, dataPeriod: '2027-01', profile: 'dtsen' },
                  { actor: admin, timeoutMs: 10_000 },
                )
                .catch(() => undefined),
            { timeoutMs: 60_000, intervalMs: 250, message: 'registry process answering' },
          );
          await midImport(job.jobId);
          child.kill('SIGKILL');
          await exited;
          // Killed: nothing recorded the end; the job still says running and its table is there.
          expect((await db.query(`SELECT status FROM import_job WHERE id = $1`, [job.jobId])).rows).toEqual([
            { status: 'running' },
          ]);
          expect(await snapshotTables()).toEqual([...tablesBefore, snapshotTable(job.jobId)].sort());
          await restart();
          // Failed at the start, or a few seconds later when PostgreSQL has ended the killed process's session (its lock).
          const after = await waitFor(
            async () => {
              const j = await call('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId });
              return j.status === 'running' ? null : j;
            },
            { timeoutMs: 30_000, message: 'the interrupted job failed cleanly' },
          );
          expect(after).toMatchObject({
            status: 'failed',
            current: false,
            error: 'Layanan dimulai ulang saat impor berjalan; impor dibatalkan dan snapshot sebelumnya tetap berlaku.',
          });
          expect(await current()).toEqual(before);
          expect(await snapshotTables()).toEqual(tablesBefore);
          // The failed file can be imported again.
          const again = await importAndWait(fileName, '2027-01');
          expect(again).toMatchObject({ status: 'succeeded', rowsAccepted: 400_000, current: true });
          expect(again.jobId).not.toBe(job.jobId);
        } finally {
          await client.close();
        }
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        if (!rpc || app === undefined) await restart();
      }
    }, 300_000);
  });

  it('refuses an import by a role that may not load the registry', async () => {
    const fo = { kind: 'user', id: 'user-fo', roles: ['FO'], regionScope: ['62.71.01.1001'] } as Actor;
    const err = await call(
      'slrt.rpc.registry.import-snapshot.v1',
      { fileName: 'same.csv', dataPeriod: '2026-07', profile: 'dtsen' },
      fo,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcCallError);
    expect((err as RpcCallError).error.code).toBe('FORBIDDEN');
  });

  it('refuses an import by someone whose region scope does not cover the kab/kota', async () => {
    const kecamatan = { kind: 'user', id: 'user-sek-kec', roles: ['SEKRETARIAT'], regionScope: ['62.71.01'] } as Actor;
    const err = await call(
      'slrt.rpc.registry.import-snapshot.v1',
      { fileName: 'same.csv', dataPeriod: '2026-07', profile: 'dtsen' },
      kecamatan,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcCallError);
    expect((err as RpcCallError).error).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' });
  });
});
