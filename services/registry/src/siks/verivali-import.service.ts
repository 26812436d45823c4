import { appendFileSync, createReadStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import { excel } from '../exceljs.js';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, AddVerivaliChunkRequestV1, AddVerivaliChunkResponseV1, ExchangeFileFormat, ProposalKind, VerivaliImportV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { returnedRows } from '@slrt/persistence';
import { RegistryEnv } from '../config/registry.env.js';
import { PROPOSAL_TRANSITIONS, type DukcapilMatchStatus, type MemberVerificationOutcome, type ProposalTransitions, type VerivaliResult } from '../proposals/proposal-transitions.js';
import { splitCsvLine } from '../snapshots/snapshot-row.js';
import { inScope, requireRole } from '@slrt/auth';
import { hashFile } from './exchange-files.js';
import { EXCHANGE_ROLES } from './siks-access.js';
import { InterruptedJobRecovery, type RecoveryRound } from '../jobs/interrupted-jobs.js';

/**
 * The default column profile of a verivali results file (headers, case-insensitive) and its
 * vocabularies, as SIKS-NG operators write them. WIRE-STABLE for the kab/kota's operators.
 */
export const VERIVALI_COLUMNS = { proposalId: 'ID_USULAN', memberId: 'ID_ART_USULAN', status: 'STATUS', outcome: 'HASIL_ART', dukcapil: 'PADAN_DUKCAPIL', reason: 'ALASAN' } as const;
export const VERIVALI_STATUSES: Record<string, VerivaliResult['status']> = { DITETAPKAN: 'ratified', DITERIMA: 'accepted', DITOLAK: 'rejected' };
const STATUS_WORD = Object.fromEntries(Object.entries(VERIVALI_STATUSES).map(([word, status]) => [status, word])) as Record<VerivaliResult['status'], string>;
export const VERIVALI_OUTCOMES: Record<string, MemberVerificationOutcome> = {
  TERVERIFIKASI: 'confirmed',
  TIDAK_TERVERIFIKASI: 'not-confirmed',
  GANDA: 'duplicate',
  MENINGGAL: 'deceased',
  PINDAH: 'moved',
  TIDAK_ADA_DOKUMEN: 'no-civil-documents',
};
export const VERIVALI_DUKCAPIL: Record<string, DukcapilMatchStatus> = { PADAN: 'padan', TIDAK_PADAN: 'tidak-padan', DALAM_PERBAIKAN: 'dalam-perbaikan' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Problems returned with the job (all are stored). */
const ERRORS_SHOWN = 1000;
/** Lines written per insert while reading the file. */
const LINE_BATCH = 500;

interface ImportRow {
  id: string;
  upload_id: string;
  file_name: string;
  format: ExchangeFileFormat;
  sha256: string | null;
  status: string;
  total_size: string;
  chunks_received: number;
  chunk_count: number;
  lines: number;
  applied: number;
  unchanged: number;
  refused: number;
  invalid: number;
  error: string | null;
  started_by: string;
  actor: Actor;
  started_at: Date;
  finished_at: Date | null;
}

interface LineError {
  line: number;
  field: string;
  message: string;
}

interface GoodLine {
  line: number;
  kind: ProposalKind;
  batchId: string;
  proposalId: string;
  memberId: string | null;
  status: VerivaliResult['status'];
  outcome: MemberVerificationOutcome | null;
  dukcapil: DukcapilMatchStatus | null;
  reason: string | null;
}

/** A line whose shape and vocabularies are right, before its export batch is looked up. */
type ShapedLine = Omit<GoodLine, 'kind' | 'batchId'>;

class ImportFailure extends Error {}

const RESTARTED = 'Layanan dimulai ulang saat impor berjalan; usulan yang sudah diterapkan tetap berlaku. Impor ulang berkas yang sama untuk menyelesaikan sisanya.';

/**
 * Verivali results coming back from SIKS-NG: the file arrives in chunks (appended to disk), is
 * read as a stream (CSV line by line, XLSX through exceljs's streaming reader), each line checked
 * and resolved against the export batches, then applied per proposal in its own transaction
 * through the proposals' `applyVerivaliResult` (which publishes the status-changed event).
 * Re-importing the same file applies nothing new: every proposal answers `unchanged`.
 */
@Injectable()
export class VerivaliImportService implements OnApplicationBootstrap {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    @Inject(PROPOSAL_TRANSITIONS) private readonly transitions: ProposalTransitions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Fails cleanly every import whose process died while it ran (its advisory lock is free), at start and while a lock is still held. */
  private readonly recovery = new InterruptedJobRecovery(
    () => this.recoverRound(),
    (err) => this.logger.warn({ err }, 'interrupted verivali imports: recovery round failed'),
  );

  async onApplicationBootstrap(): Promise<void> {
    await this.recovery.start();
  }

  onApplicationShutdown(): void {
    this.recovery.stop();
  }

  /**
   * A running job holds a session advisory lock on its id (see `run`). At start, a `running` job
   * whose lock can be taken belongs to a dead process: it is failed with a reason. What it applied
   * stays applied (each proposal committed on its own); importing the file again finishes the rest
   * and changes nothing for the others.
   */
  async recoverInterruptedJobs(): Promise<number> {
    return (await this.recoverRound()).failed;
  }

  private async recoverRound(): Promise<RecoveryRound> {
    const jobs: Array<{ id: string }> = await this.ds.query(`SELECT id FROM verivali_import WHERE status = 'running'`);
    let failed = 0;
    let skipped = 0;
    for (const { id } of jobs) {
      const client = await this.lockClient();
      try {
        const [{ got }] = (await client.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got`, [`verivali:${id}`])).rows;
        if (!got) {
          skipped++;
          continue;
        }
        const r = await client.query(`UPDATE verivali_import SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`, [id, RESTARTED]);
        failed += r.rowCount ?? 0;
      } finally {
        await client.end();
      }
    }
    if (failed) this.logger.warn({ failed }, 'interrupted verivali imports failed cleanly');
    return { failed, skipped };
  }

  private async lockClient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.env.DATABASE_URL, application_name: 'registry-verivali', options: `-c search_path="${this.env.DATABASE_SCHEMA ?? 'registry'}"` });
    await client.connect();
    return client;
  }

  private uploadPath(uploadId: string): string {
    return join(this.env.REGISTRY_IMPORT_DIR, 'verivali', `${uploadId}.upload`);
  }

  /** Adds one chunk (in order; a repeated chunk changes nothing); the last one starts the job. */
  async addChunk(req: AddVerivaliChunkRequestV1, actor: Actor): Promise<AddVerivaliChunkResponseV1> {
    requireRole(actor, EXCHANGE_ROLES.exchange);
    if (req.chunkIndex >= req.chunkCount) throw new DomainError('VALIDATION_FAILED', 'Nomor bagian melebihi jumlah bagian.', { fieldErrors: [{ field: 'chunkIndex', messages: ['Harus lebih kecil dari chunkCount.'] }] });
    const data = Buffer.from(req.contentBase64, 'base64');
    if (req.chunkIndex === 0) {
      await this.ds.query(
        `INSERT INTO verivali_import (id, upload_id, file_name, format, status, total_size, chunk_count, started_by, actor) VALUES ($1, $2, $3, $4, 'uploading', $5, $6, $7, $8) ON CONFLICT (upload_id) DO NOTHING`,
        [uuidv7(), req.uploadId, req.fileName, req.format, req.totalSize, req.chunkCount, actor.id, JSON.stringify(actor)],
      );
    }
    const job = await this.ds.transaction(async (m) => {
      const [row]: ImportRow[] = await m.query(`SELECT * FROM verivali_import WHERE upload_id = $1 FOR UPDATE`, [req.uploadId]);
      if (!row || row.started_by !== actor.id) throw new DomainError('NOT_FOUND', 'Unggahan tidak ditemukan; mulai dari bagian pertama.', { reason: 'UPLOAD_NOT_FOUND' });
      if (req.chunkIndex < row.chunks_received) return row;
      if (req.chunkIndex > row.chunks_received) throw new DomainError('CONFLICT', `Bagian ${row.chunks_received} belum diterima.`, { reason: 'CHUNK_OUT_OF_ORDER' });
      mkdirSync(join(this.env.REGISTRY_IMPORT_DIR, 'verivali'), { recursive: true });
      const path = this.uploadPath(req.uploadId);
      if (req.chunkIndex === 0 && existsSync(path)) rmSync(path);
      appendFileSync(path, data);
      const received = row.chunks_received + 1;
      if (received < row.chunk_count) {
        const [u] = returnedRows<ImportRow>(await m.query(`UPDATE verivali_import SET chunks_received = $2 WHERE id = $1 RETURNING *`, [row.id, received]));
        return u!;
      }
      const { size, sha256: sha } = await hashFile(path);
      if (size !== Number(row.total_size)) {
        rmSync(path, { force: true });
        throw new DomainError('VALIDATION_FAILED', `Ukuran berkas ${size} bait, bukan ${row.total_size} seperti yang dinyatakan.`, { fieldErrors: [{ field: 'totalSize', messages: ['Tidak sama dengan isi yang diterima.'] }] });
      }
      const [u] = returnedRows<ImportRow>(await m.query(`UPDATE verivali_import SET chunks_received = $2, sha256 = $3, status = 'running' WHERE id = $1 RETURNING *`, [row.id, received, sha]));
      return u!;
    });
    if (job.status === 'running' && job.chunks_received === job.chunk_count && req.chunkIndex === job.chunk_count - 1 && !this.isRunning(job.id)) {
      const run = this.run(job).finally(() => this.running.delete(run));
      (run as Promise<void> & { jobId?: string }).jobId = job.id;
      this.running.add(run);
    }
    const complete = job.status !== 'uploading';
    return { uploadId: req.uploadId, received: job.chunks_received, complete, ...(complete ? { job: await this.view(job) } : {}) };
  }

  private isRunning(jobId: string): boolean {
    return [...this.running].some((r) => (r as Promise<void> & { jobId?: string }).jobId === jobId);
  }

  /** Resolves when every import this instance started has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  async get(jobId: string, actor: Actor): Promise<VerivaliImportV1> {
    requireRole(actor, EXCHANGE_ROLES.exchange);
    const [row]: ImportRow[] = await this.ds.query(`SELECT * FROM verivali_import WHERE id = $1 AND status <> 'uploading'`, [jobId]);
    // A results file may touch proposals anywhere in the kab/kota: its job (and error report) is
    // shown to whoever uploaded it and to exchange roles whose scope covers the whole kab/kota.
    if (row && row.started_by !== actor.id && !inScope(actor, this.env.KAB_KOTA_CODE)) throw new DomainError('NOT_FOUND', 'Impor hasil verivali tidak ditemukan.', { reason: 'VERIVALI_IMPORT_NOT_FOUND' });
    if (!row) throw new DomainError('NOT_FOUND', 'Impor hasil verivali tidak ditemukan.', { reason: 'VERIVALI_IMPORT_NOT_FOUND' });
    return this.view(row);
  }

  private async view(r: ImportRow): Promise<VerivaliImportV1> {
    const errors: Array<{ line_no: number; field: string; message: string }> = await this.ds.query(`SELECT line_no, field, message FROM verivali_error WHERE job_id = $1 ORDER BY line_no, field LIMIT ${ERRORS_SHOWN}`, [r.id]);
    return {
      jobId: r.id,
      fileName: r.file_name,
      sha256: r.sha256!,
      status: r.status as VerivaliImportV1['status'],
      lines: r.lines,
      applied: r.applied,
      unchanged: r.unchanged,
      refused: r.refused,
      invalid: r.invalid,
      errors: errors.map((e) => ({ baris: e.line_no, kolom: e.field, pesan: e.message })),
      error: r.error,
      startedBy: r.started_by,
      startedAt: new Date(r.started_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    };
  }

  private async run(job: ImportRow): Promise<void> {
    const path = this.uploadPath(job.upload_id);
    const lock = await this.lockClient();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`verivali:${job.id}`]);
      const lines = await this.readLines(job, path);
      const counts = await this.apply(job);
      await this.ds.query(`UPDATE verivali_import SET status = 'succeeded', lines = $2, applied = $3, unchanged = $4, refused = $5, invalid = $6, finished_at = now() WHERE id = $1`, [
        job.id,
        lines,
        counts.applied,
        counts.unchanged,
        counts.refused,
        counts.invalid,
      ]);
      this.logger.info({ jobId: job.id, lines, ...counts }, 'verivali results imported');
    } catch (err) {
      const message = err instanceof ImportFailure ? err.message : 'Impor gagal karena kesalahan sistem; hubungi admin.';
      if (!(err instanceof ImportFailure)) this.logger.error({ jobId: job.id, err }, 'verivali import failed');
      await this.ds.query(`UPDATE verivali_import SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [job.id, message]);
    } finally {
      rmSync(path, { force: true });
      await lock.end().catch(() => undefined);
    }
  }

  /** Reads the file, checks every line, stores good lines and problems. Returns the data lines read. */
  private async readLines(job: ImportRow, path: string): Promise<number> {
    let map: Map<keyof typeof VERIVALI_COLUMNS, number> | null = null;
    let count = 0;
    let shaped: ShapedLine[] = [];
    let bad: LineError[] = [];
    const flush = async () => {
      const resolved = await this.resolve(shaped, job.actor);
      shaped = [];
      bad.push(...resolved.errors);
      if (resolved.good.length) {
        const g = resolved.good;
        await this.ds.query(
          `INSERT INTO verivali_line (job_id, line_no, kind, batch_id, proposal_id, member_id, status, outcome, dukcapil, reason)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[])`,
          [job.id, g.map((x) => x.line), g.map((x) => x.kind), g.map((x) => x.batchId), g.map((x) => x.proposalId), g.map((x) => x.memberId), g.map((x) => x.status), g.map((x) => x.outcome), g.map((x) => x.dukcapil), g.map((x) => x.reason)],
        );
      }
      await this.saveErrors(job.id, bad);
      bad = [];
    };
    for await (const { line, cells } of job.format === 'csv' ? csvRows(path) : xlsxRows(path)) {
      if (map === null) {
        map = headerMap(cells);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      count++;
      const checked = shape(line, cells, map);
      if ('errors' in checked) bad.push(...checked.errors);
      else shaped.push(checked);
      if (shaped.length + bad.length >= LINE_BATCH) await flush();
    }
    if (map === null) throw new ImportFailure('Berkas kosong: baris judul tidak ada.');
    await flush();
    return count;
  }

  private async saveErrors(jobId: string, errors: LineError[]): Promise<void> {
    if (!errors.length) return;
    await this.ds.query(`INSERT INTO verivali_error (job_id, line_no, field, message) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`, [jobId, errors.map((e) => e.line), errors.map((e) => e.field), errors.map((e) => e.message)]);
  }

  /**
   * The export batch each shaped line answers (the latest one its proposal went out in), in one
   * query for the whole run of lines; lines outside the uploader's scope or naming a member not
   * sent with the proposal become errors.
   */
  private async resolve(lines: ShapedLine[], actor: Actor): Promise<{ good: GoodLine[]; errors: LineError[] }> {
    const good: GoodLine[] = [];
    const errors: LineError[] = [];
    if (!lines.length) return { good, errors };
    const items: Array<{ ord: string; batch_id: string | null; kind: ProposalKind | null; region_code: string | null; member_found: boolean }> = await this.ds.query(
      `SELECT u.ord, l.batch_id, l.kind, l.region_code,
         (u.member_id IS NULL OR EXISTS (SELECT 1 FROM siks_export_item x WHERE x.batch_id = l.batch_id AND x.proposal_id = u.proposal_id AND x.member_id = u.member_id)) AS member_found
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS u(proposal_id, member_id, ord)
       LEFT JOIN LATERAL (
         SELECT i.batch_id, b.kind, b.region_code FROM siks_export_item i JOIN siks_export_batch b ON b.id = i.batch_id
         WHERE i.proposal_id = u.proposal_id ORDER BY b.created_at DESC, i.batch_id DESC LIMIT 1
       ) l ON true`,
      [lines.map((x) => x.proposalId), lines.map((x) => x.memberId)],
    );
    for (const item of items) {
      const x = lines[Number(item.ord) - 1]!;
      if (!item.batch_id || !item.kind || !item.region_code) errors.push({ line: x.line, field: VERIVALI_COLUMNS.proposalId, message: 'ID usulan tidak ada dalam batch ekspor SIKS-NG mana pun.' });
      // Results apply only to batches within the uploader's region scope (defence in depth: the
      // export that produced the batch was already scoped to its creator).
      else if (!inScope(actor, item.region_code)) errors.push({ line: x.line, field: VERIVALI_COLUMNS.proposalId, message: 'Usulan ini dikirim dalam batch di luar wilayah kerja Anda.' });
      else if (!item.member_found) errors.push({ line: x.line, field: VERIVALI_COLUMNS.memberId, message: 'ID anggota ini tidak dikirim bersama usulan tersebut.' });
      else good.push({ ...x, kind: item.kind, batchId: item.batch_id });
    }
    return { good, errors };
  }

  /** Applies the stored lines proposal by proposal (file order), each in its own transaction. */
  private async apply(job: ImportRow): Promise<{ applied: number; unchanged: number; refused: number; invalid: number }> {
    const counts = { applied: 0, unchanged: 0, refused: 0, invalid: 0 };
    const groups: Array<{ proposal_id: string; first: number }> = await this.ds.query(`SELECT proposal_id, min(line_no) AS first FROM verivali_line WHERE job_id = $1 GROUP BY proposal_id ORDER BY first`, [job.id]);
    for (const g of groups) {
      const lines: Array<{ line_no: number; kind: ProposalKind; batch_id: string; member_id: string | null; status: VerivaliResult['status']; outcome: MemberVerificationOutcome | null; dukcapil: DukcapilMatchStatus | null; reason: string | null }> = await this.ds.query(
        `SELECT line_no, kind, batch_id, member_id, status, outcome, dukcapil, reason FROM verivali_line WHERE job_id = $1 AND proposal_id = $2 ORDER BY line_no`,
        [job.id, g.proposal_id],
      );
      const first = lines[0]!;
      const other = lines.find((l) => l.status !== first.status);
      if (other) {
        await this.saveErrors(job.id, lines.map((l) => ({ line: l.line_no, field: VERIVALI_COLUMNS.status, message: `STATUS satu usulan harus sama di semua barisnya (baris ${first.line_no}: ${STATUS_WORD[first.status]}, baris ${other.line_no}: ${STATUS_WORD[other.status]}).` })));
        counts.invalid += lines.length;
        continue;
      }
      const result: VerivaliResult = {
        kind: first.kind,
        proposalId: g.proposal_id,
        status: first.status,
        reason: lines.find((l) => l.reason)?.reason ?? null,
        members: lines.filter((l) => l.member_id).map((l) => ({ memberId: l.member_id!, outcome: l.outcome, dukcapil: l.dukcapil })),
      };
      const r = await this.ds.transaction((m) => this.transitions.applyVerivaliResult(m, result, first.batch_id, job.actor));
      counts[r.outcome]++;
      if (r.outcome === 'refused') await this.saveErrors(job.id, [{ line: first.line_no, field: VERIVALI_COLUMNS.status, message: r.reason ?? 'Ditolak oleh alur usulan.' }]);
    }
    const [{ invalid }] = await this.ds.query(`SELECT count(DISTINCT line_no)::int AS invalid FROM verivali_error WHERE job_id = $1 AND line_no NOT IN (SELECT line_no FROM verivali_line WHERE job_id = $1)`, [job.id]);
    counts.invalid += invalid;
    return counts;
  }
}

/** Header cells → column positions; ID_USULAN and STATUS are required. */
function headerMap(cells: string[]): Map<keyof typeof VERIVALI_COLUMNS, number> {
  const upper = cells.map((c) => c.trim().toUpperCase());
  const map = new Map<keyof typeof VERIVALI_COLUMNS, number>();
  for (const [k, header] of Object.entries(VERIVALI_COLUMNS) as Array<[keyof typeof VERIVALI_COLUMNS, string]>) {
    const i = upper.indexOf(header);
    if (i >= 0) map.set(k, i);
  }
  const missing = (['proposalId', 'status'] as const).filter((k) => !map.has(k)).map((k) => VERIVALI_COLUMNS[k]);
  if (missing.length) throw new ImportFailure(`Kolom wajib tidak ada di baris judul: ${missing.join(', ')}.`);
  return map;
}

async function* csvRows(path: string): AsyncGenerator<{ line: number; cells: string[] }> {
  let line = 0;
  let delimiter: ',' | ';' = ',';
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line === 1 && t.split(';').length > t.split(',').length) delimiter = ';';
    yield { line, cells: splitCsvLine(t, delimiter) };
  }
}

async function* xlsxRows(path: string): AsyncGenerator<{ line: number; cells: string[] }> {
  const reader = new (excel().stream.xlsx.WorkbookReader)(path, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1);
      yield { line: row.number, cells: values.map(cellText) };
    }
    break; // the first sheet only
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: string; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return String(o.result);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

/** One line's shape and vocabularies (the batch it answers is found by `resolve`). */
function shape(line: number, cells: string[], map: Map<keyof typeof VERIVALI_COLUMNS, number>): ShapedLine | { errors: LineError[] } {
  const get = (k: keyof typeof VERIVALI_COLUMNS) => {
    const i = map.get(k);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const errors: LineError[] = [];
  const err = (k: keyof typeof VERIVALI_COLUMNS, message: string) => errors.push({ line, field: VERIVALI_COLUMNS[k], message });
  const proposalId = get('proposalId');
  if (!proposalId) err('proposalId', 'Wajib diisi.');
  else if (!UUID.test(proposalId)) err('proposalId', `"${proposalId.slice(0, 40)}" bukan ID usulan yang dikirim SLRT.`);
  const memberId = get('memberId');
  if (memberId && !UUID.test(memberId)) err('memberId', `"${memberId.slice(0, 40)}" bukan ID anggota yang dikirim SLRT.`);
  const statusText = get('status').toUpperCase();
  const status = VERIVALI_STATUSES[statusText];
  if (!statusText) err('status', 'Wajib diisi: DITETAPKAN, DITERIMA atau DITOLAK.');
  else if (!status) err('status', `Nilai "${statusText.slice(0, 40)}" tidak dikenal: DITETAPKAN, DITERIMA atau DITOLAK.`);
  const outcomeText = get('outcome').toUpperCase();
  const outcome = outcomeText ? VERIVALI_OUTCOMES[outcomeText] : null;
  if (outcome === undefined) err('outcome', `Nilai "${outcomeText.slice(0, 40)}" tidak dikenal: ${Object.keys(VERIVALI_OUTCOMES).join(', ')}.`);
  const dukcapilText = get('dukcapil').toUpperCase();
  const dukcapil = dukcapilText ? VERIVALI_DUKCAPIL[dukcapilText] : null;
  if (dukcapil === undefined) err('dukcapil', `Nilai "${dukcapilText.slice(0, 40)}" tidak dikenal: PADAN, TIDAK_PADAN atau DALAM_PERBAIKAN.`);
  if ((outcome || dukcapil) && !memberId) err('memberId', 'Wajib diisi bila HASIL_ART atau PADAN_DUKCAPIL diisi.');
  if (errors.length) return { errors };
  return { line, proposalId: proposalId.toLowerCase(), memberId: memberId ? memberId.toLowerCase() : null, status: status!, outcome: outcome ?? null, dukcapil: dukcapil ?? null, reason: get('reason') || null };
}
