/**
 * SIKS-NG export download through the registry service (RPC `get-siks-export-chunk`: the first
 * chunk generates the file with `COPY … TO STDOUT` from the frozen batch rows, every chunk is read
 * at its offset and travels base64 over NATS request/reply) against a bare `COPY … TO STDOUT` of
 * the same rows (with the file's header line) into a hash, in the same run; the baseline's bytes must
 * equal the download's. The headline ratio is the first download (which generates the file, as the
 * baseline runs its COPY); the cached second download is printed but is not like for like. Also:
 * the XLSX generation, and `create-siks-export` (freeze + one `markSubmitted` transition per proposal, with
 * its outbox event) on a smaller region. Peak RSS printed. Goal: download ≥ 0.7× the bare COPY,
 * constant memory. Figures only: a missed goal never fails the run.
 *
 *   BENCH_ROWS=1000000 DATABASE_URL=… NATS_URL=… npm run bench -- bench/siks-export.ts
 *   (default BENCH_ROWS=200000 member rows = 50,000 households of 4; BENCH_CREATE_ROWS=20000)
 *
 * The synthetic proposals are inserted directly with SQL (the proposals API is not the subject
 * here); the big batch is frozen with the service's own column SQL (siks-sources.ts) in one
 * statement, without the per-proposal transition, which `create-siks-export` is timed on below.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { migrateService, startService } from './lib/child.js';
import type { Actor, ExchangeFileFormat, ExportColumnV1 } from '@slrt/contracts';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { createMessagingTables, createServiceApp, pipelinedChunks, RpcClient, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer } from '@slrt/testing';
// The one service internal left: the big batch is frozen with the service's own column SQL, so
// that its first download generates the file (create-siks-export would prepare it in the background).
import { KIND_ROWS, cellSql } from '../services/registry/src/siks/siks-sources.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const CREATE_ROWS = Number(process.env.BENCH_CREATE_ROWS ?? 20_000);
const MEMBERS = 4;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const secs = (t: number) => (performance.now() - t) / 1000;

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchsiks');
const dir = mkdtempSync(join(tmpdir(), 'bench-siks-'));
const bo = { kind: 'user', id: 'bench-bo', roles: ['BO'], regionScope: ['62.71'] } as Actor;

try {
  const registryEnv = {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    NATS_URL: nats.url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    REGISTRY_IMPORT_DIR: dir,
  };
  await migrateService('registry', registryEnv);
  const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
  await db.connect();

  // Synthetic prelist households (UUIDv7-shaped ids from md5, so the events validate).
  await db.query(
    `CREATE FUNCTION bench_uuid(t text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$ SELECT (substr(h, 1, 12) || '7' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid FROM md5(t) h $$`,
  );
  const insertHouseholds = async (prefix: string, desaPrefix: string, households: number) => {
    await db.query(
      `INSERT INTO prelist_entry (id, source, desa_code, address, rt, rw, status, proposal_reason, musdes_date, musdes_minutes_number, created_by)
       SELECT bench_uuid($1 || i), 'fo', $2 || (1001 + i % 5), 'Jl. Sintetis No. ' || i, lpad((i % 20)::text, 3, '0'), lpad((i % 10)::text, 3, '0'), 'verified', 'miskin-ekstrem', DATE '2026-10-01', 'BA/' || i, 'bench'
       FROM generate_series(1, $3::int) i`,
      [prefix, desaPrefix, households],
    );
    await db.query(
      `INSERT INTO prelist_member (id, entry_id, position, nik, no_kk, name, birth_date, sex, relationship)
       SELECT bench_uuid($1 || i || '-' || p), bench_uuid($1 || i), p, '627101' || lpad(((i * ${MEMBERS} + p) % 10000000000)::text, 10, '0'), '627101' || lpad(i::text, 10, '0'),
         'Nama Sintetis ' || i || '-' || p, DATE '1960-01-01' + ((i * 7 + p * 365) % 20000), CASE WHEN p % 2 = 0 THEN 'P' ELSE 'L' END,
         CASE p WHEN 1 THEN 'kepala-keluarga' WHEN 2 THEN 'istri' ELSE 'anak' END
       FROM generate_series(1, $2::int) i, generate_series(1, ${MEMBERS}) p`,
      [prefix, households],
    );
  };
  let t = performance.now();
  await insertHouseholds('big-', '62.71.01.', Math.ceil(ROWS / MEMBERS));
  await insertHouseholds('small-', '62.71.02.', Math.ceil(CREATE_ROWS / MEMBERS));
  await db.query('ANALYZE');
  const insertSeconds = secs(t);

  // The registry in its own process, started by its main.ts (as in production); this process plays the gateway.
  const registry = await startService('registry', registryEnv);
  const registryOps = registry.opsPort;
  const peakRss = () =>
    Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${registry.process.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const currentRss = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${registry.process.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const gwSchema = await createTestSchema('benchsiksgw');
  const gwDb = new pg.Client({ connectionString: gwSchema.url });
  await gwDb.connect();
  await createMessagingTables({ query: (sql: string) => gwDb.query(sql) } as never, gwSchema.schema);
  await gwDb.end();
  const { app } = await createServiceApp({
    service: 'gateway',
    env: loadConfig('gateway', BaseServiceEnv, {
      DATABASE_URL: gwSchema.url,
      DATABASE_SCHEMA: gwSchema.schema,
      NATS_URL: nats.url,
      LOG_LEVEL: 'warn',
    }),
    imports: [],
  });
  const rpc = app.get(RpcClient);

  // create-siks-export on the smaller region: freeze + one transition (history + outbox event) per proposal.
  t = performance.now();
  const small = await rpc.request(
    'slrt.rpc.registry.create-siks-export.v1',
    { kind: 'prelist', dataPeriod: '2026-11', regionCode: '62.71.02', profile: 'prelist-default' },
    { actor: bo, timeoutMs: 3_600_000 },
  );
  const createSeconds = secs(t);

  // The big batch, frozen with the same column SQL in one statement (no per-proposal transitions).
  const columns = (
    (await db.query(`SELECT columns FROM siks_export_profile WHERE code = 'prelist-default'`)).rows[0] as {
      columns: ExportColumnV1[];
    }
  ).columns;
  const batchId = uuidv7();
  const rows = KIND_ROWS.prelist;
  t = performance.now();
  await db.query(
    `INSERT INTO siks_export_batch (id, kind, data_period, region_code, profile, columns, proposal_count, row_count, created_by, created_at) VALUES ($1, 'prelist', '2026-11', '62.71.01', 'prelist-default', $2, 0, 0, 'bench', date_trunc('second', now()))`,
    [batchId, JSON.stringify(columns)],
  );
  const frozen = await db.query(
    `INSERT INTO siks_export_item (batch_id, seq, proposal_id, member_id, cells)
     SELECT $1, row_number() OVER (ORDER BY ${rows.orderBy}), ${rows.proposalId}, ${rows.memberId}, ARRAY[${columns.map((c) => cellSql('prelist', c)).join(', ')}]::text[]
     FROM ${rows.from} WHERE e.status = 'verified' AND e.desa_code LIKE '62.71.01.%'`,
    [batchId],
  );
  await db.query(`UPDATE siks_export_batch SET row_count = $2, proposal_count = $3 WHERE id = $1`, [
    batchId,
    frozen.rowCount,
    Math.ceil(ROWS / MEMBERS),
  ]);
  const freezeSeconds = secs(t);
  const rowCount = frozen.rowCount ?? 0;

  // Baseline: the same bytes the service's file holds (its header line, then a bare COPY … TO
  // STDOUT of the frozen rows), hashed and discarded; checked below to equal the download's.
  const cells = columns.map((_, i) => `cells[${i + 1}]`).join(', ');
  t = performance.now();
  const header = Buffer.from(`${columns.map((c) => c.header).join(',')}\n`);
  let copyBytes = header.length;
  const copyHash = createHash('sha256').update(header);
  for await (const chunk of db.query(
    copyTo(
      `COPY (SELECT ${cells} FROM siks_export_item WHERE batch_id = '${batchId}' ORDER BY seq) TO STDOUT WITH (FORMAT csv, NULL '')`,
    ),
  )) {
    copyBytes += (chunk as Buffer).length;
    copyHash.update(chunk as Buffer);
  }
  const copySeconds = secs(t);
  const copySha = copyHash.digest('hex');

  // As the gateway streams it to an HTTP client: chunk 0, then the rest a few requests ahead.
  const download = async (format: ExchangeFileFormat) => {
    const start = performance.now();
    const h = createHash('sha256');
    let bytes = 0;
    const fetch = (chunkIndex: number) =>
      rpc.request(
        'slrt.rpc.registry.get-siks-export-chunk.v1',
        { batchId, format, chunkIndex },
        { actor: bo, timeoutMs: 3_600_000 },
      );
    const first = await fetch(0);
    const firstChunkSeconds = secs(start);
    for await (const b of pipelinedChunks(first, fetch)) {
      bytes += b.length;
      h.update(b);
    }
    if (h.digest('hex') !== first.sha256) throw new Error('downloaded bytes differ from the announced sha256');
    return { seconds: secs(start), firstChunkSeconds, bytes, sha: first.sha256 };
  };
  const rssBefore = currentRss();
  const peakBefore = peakRss();
  // Peak RSS per phase: writing 5 to clear_refs resets the kernel's high-water mark (VmHWM).
  const resetPeak = () => {
    try {
      writeFileSync(`/proc/${registry.process.pid}/clear_refs`, '5');
    } catch {
      // not permitted here: the peaks below are then cumulative
    }
  };
  resetPeak();
  const first = await download('csv');
  // Like for like only when both produced the same file.
  if (first.sha !== copySha || first.bytes !== copyBytes)
    throw new Error(
      `the baseline's bytes differ from the download's (${copyBytes} B ${copySha} against ${first.bytes} B ${first.sha})`,
    );
  const second = await download('csv');
  const csvPeak = peakRss();
  resetPeak();
  const xlsx = await download('xlsx');
  const xlsxPeak = peakRss();
  // Time the registry spent handling chunk requests (its own histogram), to tell transport from work.
  const metrics = await (await fetch(`http://127.0.0.1:${registryOps}/metrics`)).text();
  const metric = (name: string) =>
    Number(
      new RegExp(
        `^${name}\\{[^}]*subject="slrt\\.rpc\\.registry\\.get-siks-export-chunk\\.v1"[^}]*outcome="ok"[^}]*\\} (\\S+)$`,
        'm',
      ).exec(metrics)?.[1] ?? NaN,
    );
  const handled = { seconds: metric('slrt_rpc_handled_seconds_sum'), count: metric('slrt_rpc_handled_seconds_count') };
  await app.close();
  await registry.stop();
  await gwSchema.drop();
  await db.end();

  const lines = [
    `SIKS-NG export, ${rowCount} member rows (${Math.ceil(ROWS / MEMBERS)} prelist households of ${MEMBERS}), ${columns.length} columns; synthetic rows inserted in ${insertSeconds.toFixed(1)} s`,
    `  freeze the batch (one INSERT … SELECT with the profile's column SQL): ${freezeSeconds.toFixed(2)} s  ${Math.round(rowCount / freezeSeconds)} rows/s`,
    `  baseline: header line + bare COPY … TO STDOUT of the frozen rows: ${copySeconds.toFixed(2)} s  ${Math.round(rowCount / copySeconds)} rows/s  ${mb(copyBytes)} MB (sha256 equal to the download's)`,
    `  download CSV, first (generate ${first.firstChunkSeconds.toFixed(2)} s + chunks over NATS): ${first.seconds.toFixed(2)} s  ${Math.round(rowCount / first.seconds)} rows/s  ${mb(first.bytes)} MB  ratio ${(copySeconds / first.seconds).toFixed(2)}× like for like (goal ≥ 0.7×)`,
    `  download CSV, again (cached file, identical: ${second.sha === first.sha}): ${second.seconds.toFixed(2)} s  (${(copySeconds / second.seconds).toFixed(2)}× the baseline, NOT like for like: no COPY behind it)`,
    `  download XLSX, first (cursor + exceljs streaming writer ${xlsx.firstChunkSeconds.toFixed(2)} s + chunks): ${xlsx.seconds.toFixed(2)} s  ${Math.round(rowCount / xlsx.seconds)} rows/s  ${mb(xlsx.bytes)} MB`,
    `  create-siks-export, ${small.rowCount} rows / ${small.proposalCount} proposals (freeze + a transition, history row and outbox event each): ${createSeconds.toFixed(2)} s  ${Math.round(small.proposalCount / createSeconds)} proposals/s`,
    `  registry time handling the ${handled.count} chunk requests of the 3 downloads: ${handled.seconds.toFixed(2)} s (the rest of the download time is transport: base64 + JSON + NATS both ways)`,
    `  registry process RSS: ${mb(rssBefore)} MB before the downloads (peak ${mb(peakBefore)} MB until then, create-siks-export included); peak during the CSV downloads ${mb(csvPeak)} MB, during the XLSX download ${mb(xlsxPeak)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await nats.dispose();
  await schema.drop();
  rmSync(dir, { recursive: true, force: true });
}
