import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, AddVerivaliChunkRequestV1, AddVerivaliChunkResponseV1, VerivaliImportV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { RegistryEnv } from '../config/registry.env.js';
import {
  PROPOSAL_TRANSITIONS,
  type ProposalTransitions,
  type VerivaliResult,
} from '../proposals/proposal-transitions.js';
import { requireRole, inScope } from '@slrt/auth';
import { hashFile } from '../files/file-hash.js';
import { AdvisoryLockedJobs } from '../jobs/advisory-locked-jobs.js';
import { EXCHANGE_ROLES } from './siks-access.js';
import {
  ImportFailure,
  STATUS_WORD,
  VERIVALI_COLUMNS,
  headerMap,
  shape,
  verivaliCsvRows,
  verivaliXlsxRows,
  type GoodLine,
  type LineError,
  type ShapedLine,
} from './verivali-file.js';
import {
  VerivaliImportsRepository,
  type VerivaliCounts,
  type VerivaliImportRow,
} from './verivali-imports.repository.js';

/** Lines written per insert while reading the file. */
const LINE_BATCH = 500;

const RESTARTED =
  'Layanan dimulai ulang saat impor berjalan; usulan yang sudah diterapkan tetap berlaku. Impor ulang berkas yang sama untuk menyelesaikan sisanya.';

/**
 * Verivali results coming back from SIKS-NG: the file arrives in chunks (appended to disk), is
 * read as a stream (`verivali-file.ts`), each line checked and resolved against the export
 * batches, then applied per proposal in its own transaction through the proposals'
 * `applyVerivaliResult` (which publishes the status-changed event). Re-importing the same file
 * applies nothing new: every proposal answers `unchanged`.
 */
@Injectable()
export class VerivaliImportService implements OnApplicationBootstrap {
  /**
   * A running job holds a session advisory lock on `verivali:<id>` (see `run`). A `running` job
   * whose lock can be taken belongs to a dead process: it is failed with a reason. What it applied
   * stays applied (each proposal committed on its own); importing the file again finishes the rest
   * and changes nothing for the others.
   */
  private readonly jobs: AdvisoryLockedJobs;

  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    private readonly repo: VerivaliImportsRepository,
    @Inject(PROPOSAL_TRANSITIONS) private readonly transitions: ProposalTransitions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.jobs = new AdvisoryLockedJobs(ds, env, logger, {
      table: 'verivali_import',
      lockKey: (id) => `verivali:${id}`,
      applicationName: 'registry-verivali',
      failInterrupted: (session, id) => this.repo.failInterrupted(session, id, RESTARTED),
      label: 'verivali imports',
    });
  }

  /** Fails cleanly every import whose process died while it ran (its advisory lock is free), at start and while a lock is still held. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.startRecovery();
  }

  onApplicationShutdown(): void {
    this.jobs.stopRecovery();
  }

  async recoverInterruptedJobs(): Promise<number> {
    return this.jobs.recoverInterruptedJobs();
  }

  private uploadPath(uploadId: string): string {
    return join(this.env.REGISTRY_IMPORT_DIR, 'verivali', `${uploadId}.upload`);
  }

  /** Adds one chunk (in order; a repeated chunk changes nothing); the last one starts the job. */
  async addChunk(req: AddVerivaliChunkRequestV1, actor: Actor): Promise<AddVerivaliChunkResponseV1> {
    requireRole(actor, EXCHANGE_ROLES.exchange);
    if (req.chunkIndex >= req.chunkCount)
      throw new DomainError('VALIDATION_FAILED', 'Nomor bagian melebihi jumlah bagian.', {
        fieldErrors: [{ field: 'chunkIndex', messages: ['Harus lebih kecil dari chunkCount.'] }],
      });
    const data = Buffer.from(req.contentBase64, 'base64');
    if (req.chunkIndex === 0) {
      await this.repo.insertUpload(this.ds.manager, {
        id: uuidv7(),
        uploadId: req.uploadId,
        fileName: req.fileName,
        format: req.format,
        totalSize: req.totalSize,
        chunkCount: req.chunkCount,
        actor,
      });
    }
    const job = await this.ds.transaction(async (m) => {
      const row = await this.repo.lockUpload(m, req.uploadId);
      if (!row || row.started_by !== actor.id)
        throw new DomainError('NOT_FOUND', 'Unggahan tidak ditemukan; mulai dari bagian pertama.', {
          reason: 'UPLOAD_NOT_FOUND',
        });
      if (req.chunkIndex < row.chunks_received) return row;
      if (req.chunkIndex > row.chunks_received)
        throw new DomainError('CONFLICT', `Bagian ${row.chunks_received} belum diterima.`, {
          reason: 'CHUNK_OUT_OF_ORDER',
        });
      mkdirSync(join(this.env.REGISTRY_IMPORT_DIR, 'verivali'), { recursive: true });
      const path = this.uploadPath(req.uploadId);
      if (req.chunkIndex === 0 && existsSync(path)) rmSync(path);
      appendFileSync(path, data);
      const received = row.chunks_received + 1;
      if (received < row.chunk_count) return this.repo.setChunksReceived(m, row.id, received);
      const { size, sha256: sha } = await hashFile(path);
      if (size !== Number(row.total_size)) {
        rmSync(path, { force: true });
        throw new DomainError(
          'VALIDATION_FAILED',
          `Ukuran berkas ${size} bait, bukan ${row.total_size} seperti yang dinyatakan.`,
          { fieldErrors: [{ field: 'totalSize', messages: ['Tidak sama dengan isi yang diterima.'] }] },
        );
      }
      return this.repo.markReceived(m, row.id, received, sha);
    });
    if (
      job.status === 'running' &&
      job.chunks_received === job.chunk_count &&
      req.chunkIndex === job.chunk_count - 1 &&
      !this.jobs.isRunning(job.id)
    ) {
      this.jobs.launch(job.id, () => this.run(job));
    }
    const complete = job.status !== 'uploading';
    return {
      uploadId: req.uploadId,
      received: job.chunks_received,
      complete,
      ...(complete ? { job: await this.view(job) } : {}),
    };
  }

  /** Resolves when every import this instance started has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.jobs.idle();
  }

  async get(jobId: string, actor: Actor): Promise<VerivaliImportV1> {
    requireRole(actor, EXCHANGE_ROLES.exchange);
    const row = await this.repo.job(this.ds.manager, jobId);
    // A results file may touch proposals anywhere in the kab/kota: its job (and error report) is
    // shown to whoever uploaded it and to exchange roles whose scope covers the whole kab/kota.
    if (row && row.started_by !== actor.id && !inScope(actor, this.env.KAB_KOTA_CODE))
      throw new DomainError('NOT_FOUND', 'Impor hasil verivali tidak ditemukan.', {
        reason: 'VERIVALI_IMPORT_NOT_FOUND',
      });
    if (!row)
      throw new DomainError('NOT_FOUND', 'Impor hasil verivali tidak ditemukan.', {
        reason: 'VERIVALI_IMPORT_NOT_FOUND',
      });
    return this.view(row);
  }

  private async view(r: VerivaliImportRow): Promise<VerivaliImportV1> {
    const errors = await this.repo.errorsShown(this.ds.manager, r.id);
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

  /** The job, on a session of its own holding its lock: read and check the file, then apply it proposal by proposal. */
  private async run(job: VerivaliImportRow): Promise<void> {
    const path = this.uploadPath(job.upload_id);
    const lock = await this.jobs.session();
    try {
      await this.jobs.lock(lock, job.id);
      const lines = await this.readLines(job, path);
      const counts = await this.apply(job);
      await this.repo.succeed(this.ds.manager, job.id, lines, counts);
      this.logger.info({ jobId: job.id, lines, ...counts }, 'verivali results imported');
    } catch (err) {
      const message =
        err instanceof ImportFailure ? err.message : 'Impor gagal karena kesalahan sistem; hubungi admin.';
      if (!(err instanceof ImportFailure)) this.logger.error({ jobId: job.id, err }, 'verivali import failed');
      await this.repo.fail(this.ds.manager, job.id, message);
    } finally {
      rmSync(path, { force: true });
      await lock.end().catch(() => undefined);
    }
  }

  /** Reads the file, checks every line, stores good lines and problems. Returns the data lines read. */
  private async readLines(job: VerivaliImportRow, path: string): Promise<number> {
    let map: Map<keyof typeof VERIVALI_COLUMNS, number> | null = null;
    let count = 0;
    let shaped: ShapedLine[] = [];
    let bad: LineError[] = [];
    const flush = async () => {
      const resolved = await this.resolve(shaped, job.actor);
      shaped = [];
      bad.push(...resolved.errors);
      if (resolved.good.length) await this.repo.insertLines(this.ds.manager, job.id, resolved.good);
      await this.saveErrors(job.id, bad);
      bad = [];
    };
    for await (const { line, cells } of job.format === 'csv' ? verivaliCsvRows(path) : verivaliXlsxRows(path)) {
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
    await this.repo.insertErrors(this.ds.manager, jobId, errors);
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
    const items = await this.repo.batchesOf(this.ds.manager, lines);
    for (const item of items) {
      const x = lines[Number(item.ord) - 1]!;
      if (!item.batch_id || !item.kind || !item.region_code)
        errors.push({
          line: x.line,
          field: VERIVALI_COLUMNS.proposalId,
          message: 'ID usulan tidak ada dalam batch ekspor SIKS-NG mana pun.',
        });
      // Results apply only to batches within the uploader's region scope (defence in depth: the
      // export that produced the batch was already scoped to its creator).
      else if (!inScope(actor, item.region_code))
        errors.push({
          line: x.line,
          field: VERIVALI_COLUMNS.proposalId,
          message: 'Usulan ini dikirim dalam batch di luar wilayah kerja Anda.',
        });
      else if (!item.member_found)
        errors.push({
          line: x.line,
          field: VERIVALI_COLUMNS.memberId,
          message: 'ID anggota ini tidak dikirim bersama usulan tersebut.',
        });
      else good.push({ ...x, kind: item.kind, batchId: item.batch_id });
    }
    return { good, errors };
  }

  /** Applies the stored lines proposal by proposal (file order), each in its own transaction. */
  private async apply(job: VerivaliImportRow): Promise<VerivaliCounts> {
    const counts = { applied: 0, unchanged: 0, refused: 0, invalid: 0 };
    for (const g of await this.repo.proposalsInFileOrder(this.ds.manager, job.id)) {
      const lines = await this.repo.proposalLines(this.ds.manager, job.id, g.proposal_id);
      const first = lines[0]!;
      const other = lines.find((l) => l.status !== first.status);
      if (other) {
        await this.saveErrors(
          job.id,
          lines.map((l) => ({
            line: l.line_no,
            field: VERIVALI_COLUMNS.status,
            message: `STATUS satu usulan harus sama di semua barisnya (baris ${first.line_no}: ${STATUS_WORD[first.status]}, baris ${other.line_no}: ${STATUS_WORD[other.status]}).`,
          })),
        );
        counts.invalid += lines.length;
        continue;
      }
      const result: VerivaliResult = {
        kind: first.kind,
        proposalId: g.proposal_id,
        status: first.status,
        reason: lines.find((l) => l.reason)?.reason ?? null,
        members: lines
          .filter((l) => l.member_id)
          .map((l) => ({ memberId: l.member_id!, outcome: l.outcome, dukcapil: l.dukcapil })),
      };
      const r = await this.ds.transaction((m) =>
        this.transitions.applyVerivaliResult(m, result, first.batch_id, job.actor),
      );
      counts[r.outcome]++;
      if (r.outcome === 'refused')
        await this.saveErrors(job.id, [
          { line: first.line_no, field: VERIVALI_COLUMNS.status, message: r.reason ?? 'Ditolak oleh alur usulan.' },
        ]);
    }
    counts.invalid += await this.repo.invalidLines(this.ds.manager, job.id);
    return counts;
  }
}
