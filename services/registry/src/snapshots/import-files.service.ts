import { existsSync, mkdirSync } from 'node:fs';
import { appendFile, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  SNAPSHOT_CHUNK_BYTES,
  type Actor,
  type FileChunkV1,
  type UploadSnapshotChunkRequestV1,
  type UploadSnapshotChunkResponseV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { RegistryEnv } from '../config/registry.env.js';
import { hashFile } from '../files/file-hash.js';
import { SnapshotsService } from './snapshots.service.js';

/** Largest snapshot file accepted through an upload (the largest kab/kota's DTSEN CSV is ~0.8 GB). */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;
/** An upload whose part file was not touched for this long was abandoned: removed at start. */
export const ABANDONED_UPLOAD_MS = 24 * 60 * 60 * 1000;
/** Bytes of the error report carried by one chunk. */
export const REPORT_CHUNK_BYTES = SNAPSHOT_CHUNK_BYTES;

/**
 * Snapshot files through the gateway: uploads arrive as ordered chunks appended to a part file
 * under `<import dir>/uploads` (stateless: the part file's size says which chunk comes next, so a
 * retried chunk is taken once and any registry instance sharing the directory can take the next);
 * the last chunk moves the file into the import directory and starts its import. Error reports go
 * back the same way, chunk by chunk. Constant memory: one chunk at a time.
 */
@Injectable()
export class ImportFilesService implements OnApplicationBootstrap {
  /** sha256 and size of finished reports (immutable once the job ended), by job id. */
  private readonly reportDigests = new Map<string, { sha256: string; size: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    private readonly snapshots: SnapshotsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.removeAbandonedUploads();
  }

  /** Removes part files of uploads nobody finished (untouched for {@link ABANDONED_UPLOAD_MS}). */
  async removeAbandonedUploads(now = Date.now()): Promise<number> {
    const uploads = join(this.env.REGISTRY_IMPORT_DIR, 'uploads');
    const names = await readdir(uploads).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names.filter((n) => n.endsWith('.part'))) {
      const path = join(uploads, name);
      const s = await stat(path).catch(() => null);
      if (s && now - s.mtimeMs > ABANDONED_UPLOAD_MS) {
        await unlink(path).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }

  async uploadChunk(req: UploadSnapshotChunkRequestV1, actor: Actor): Promise<UploadSnapshotChunkResponseV1> {
    const uploads = join(this.env.REGISTRY_IMPORT_DIR, 'uploads');
    mkdirSync(uploads, { recursive: true });
    const part = join(uploads, `${req.uploadId}.part`);
    const fileName = `${req.uploadId}-${req.fileName}`;
    const target = join(this.env.REGISTRY_IMPORT_DIR, fileName);
    const bytes = Buffer.from(req.contentBase64, 'base64');
    const offset = req.chunkIndex * SNAPSHOT_CHUNK_BYTES;
    if (req.chunkIndex === 0) {
      const [profile] = await this.ds.query(`SELECT 1 FROM column_profile WHERE code = $1`, [req.profile]);
      if (!profile) throw new DomainError('NOT_FOUND', 'Profil kolom tidak dikenal.', { reason: 'PROFILE_NOT_FOUND' });
    }
    if (!req.last && bytes.length !== SNAPSHOT_CHUNK_BYTES)
      throw new DomainError(
        'VALIDATION_FAILED',
        'Setiap potongan unggahan kecuali yang terakhir harus tepat 512 KiB.',
        { reason: 'UPLOAD_CHUNK_SIZE' },
      );
    if (offset + bytes.length > MAX_UPLOAD_BYTES) {
      await unlink(part).catch(() => undefined);
      throw new DomainError('VALIDATION_FAILED', 'Berkas terlalu besar (paling besar 4 GiB).', {
        reason: 'UPLOAD_TOO_LARGE',
      });
    }
    // A retried last chunk after the file was moved: start (idempotent) again.
    const moved = req.last && !existsSync(part) && existsSync(target);
    if (!moved) {
      const size = await stat(part).then(
        (s) => s.size,
        () => 0,
      );
      if (size === offset) await appendFile(part, bytes);
      else if (size < offset + bytes.length)
        throw new DomainError('CONFLICT', 'Potongan unggahan tidak berurutan; ulangi unggahan dari awal.', {
          reason: 'UPLOAD_OUT_OF_ORDER',
        });
      // else: this chunk was already stored (a retry).
    }
    const receivedBytes = offset + bytes.length;
    if (!req.last) return { uploadId: req.uploadId, receivedBytes, job: null };
    if (!moved) await rename(part, target);
    const job = await this.snapshots.start({ fileName, dataPeriod: req.dataPeriod, profile: req.profile }, actor);
    // The same file was imported before for this period and profile: that job answers, the copy goes.
    if (job.fileName !== fileName) await unlink(target).catch(() => undefined);
    return { uploadId: req.uploadId, receivedBytes, job };
  }

  /** One chunk of a finished job's error report. */
  async reportChunk(jobId: string, chunkIndex: number): Promise<FileChunkV1> {
    const job = await this.snapshots.get(jobId);
    const path = this.snapshots.errorReportPath(jobId);
    if (job.status === 'running')
      throw new DomainError('CONFLICT', 'Impor masih berjalan; laporan kesalahan tersedia setelah selesai.', {
        reason: 'IMPORT_RUNNING',
      });
    if (!existsSync(path))
      throw new DomainError('NOT_FOUND', 'Laporan kesalahan impor ini tidak ada.', {
        reason: 'ERROR_REPORT_NOT_FOUND',
      });
    const digest = await this.reportDigest(jobId, path);
    const chunkCount = Math.max(1, Math.ceil(digest.size / REPORT_CHUNK_BYTES));
    if (chunkIndex >= chunkCount)
      throw new DomainError('NOT_FOUND', 'Potongan laporan tidak ada.', { reason: 'CHUNK_NOT_FOUND' });
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(REPORT_CHUNK_BYTES, digest.size - chunkIndex * REPORT_CHUNK_BYTES));
      await handle.read(buffer, 0, buffer.length, chunkIndex * REPORT_CHUNK_BYTES);
      return {
        fileName: `impor-${jobId}-kesalahan.csv`,
        contentType: 'text/csv; charset=utf-8',
        size: digest.size,
        sha256: digest.sha256,
        chunkIndex,
        chunkCount,
        contentBase64: buffer.toString('base64'),
      };
    } finally {
      await handle.close();
    }
  }

  private async reportDigest(jobId: string, path: string): Promise<{ sha256: string; size: number }> {
    const known = this.reportDigests.get(jobId);
    if (known) return known;
    const digest = await hashFile(path);
    if (this.reportDigests.size >= 200) this.reportDigests.delete(this.reportDigests.keys().next().value!);
    this.reportDigests.set(jobId, digest);
    return digest;
  }
}
