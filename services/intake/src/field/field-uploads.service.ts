/* eslint-disable max-lines -- resumable uploads: the protocol's steps (open, chunk, finish, expire) share one state */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rm, truncate } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  ATTACHMENT_CHUNK_BYTES,
  type Actor,
  type AttachmentType,
  type CreateFieldUploadRequestV1,
  type FieldUploadV1,
  type PutFieldUploadChunkRequestV1,
} from '@slrt/contracts';
import { sanitizeFileName } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { returnedRows } from '@slrt/persistence';
import { IntakeEnv } from '../config/intake.env.js';
import { inScope, requireRole } from '@slrt/auth';
import { INTAKE_ROLES, requireSeesConfidential } from '../complaints/access.js';
import type { ComplaintRecord } from '../complaints/complaint.records.js';
import { ComplaintsRepository } from '../complaints/complaints.repository.js';
import { EXTENSION, sniffAttachmentType, structuralProblem } from '../attachments/content-sniffing.js';
import { FieldDevicesService } from './field-devices.service.js';

/** An open session is deleted this long after its last chunk. */
export const FIELD_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
const CLEAN_EVERY_MS = 60 * 60 * 1000;

interface UploadRow {
  id: string;
  actorId: string;
  clientUploadId: string;
  complaintId: string | null;
  complaintClientId: string | null;
  deviceId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  received: number;
  status: 'open' | 'complete';
  attachmentId: string | null;
  updatedAt: Date;
}

const COLUMNS = `id, actor_id AS "actorId", client_upload_id AS "clientUploadId", complaint_id AS "complaintId", complaint_client_id AS "complaintClientId",
  device_id AS "deviceId", file_name AS "fileName", content_type AS "contentType", size, sha256, received, status, attachment_id AS "attachmentId", updated_at AS "updatedAt"`;

const ATTACHMENT_COLUMNS = `id AS "attachmentId", file_name AS "fileName", content_type AS "contentType", size, sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

const UPLOAD_NOT_FOUND = () =>
  new DomainError(
    'NOT_FOUND',
    'Unggahan tidak ditemukan (mungkin sudah kedaluwarsa setelah sehari). Mulai unggahan baru.',
    { reason: 'UPLOAD_NOT_FOUND' },
  );
const COMPLAINT_NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', { reason: 'COMPLAINT_NOT_FOUND' });

/**
 * Resumable photo uploads of the field app: a session declares size and SHA-256 (idempotent per
 * user and client upload id), chunks are written at their byte offsets into a part file under
 * `INTAKE_ATTACHMENT_DIR/.uploads` (a re-sent chunk rewrites the same bytes and changes nothing; a
 * chunk after a gap is not accepted and the answer names the offset to resume from), and
 * completion checks size, hash and type by content before the file joins the complaint's
 * attachments (named by id or by the client id it was synced with). Sessions are per user; open
 * ones are deleted a day after their last chunk.
 */
@Injectable()
export class FieldUploadsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly root: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsRepository,
    private readonly devices: FieldDevicesService,
    private readonly env: IntakeEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.root = resolve(env.INTAKE_ATTACHMENT_DIR);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () =>
        void this.cleanAbandoned().catch((err: unknown) =>
          this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'field upload cleanup failed'),
        ),
      CLEAN_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async create(req: CreateFieldUploadRequestV1, actor: Actor): Promise<FieldUploadV1> {
    requireRole(actor, INTAKE_ROLES.sync);
    const max = this.env.INTAKE_ATTACHMENT_MAX_BYTES;
    if (req.size > max) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Berkas terlalu besar: paling besar ${Math.floor(max / 1024 / 1024)} MB.`,
        { reason: 'ATTACHMENT_TOO_LARGE', fieldErrors: [{ field: 'size', messages: ['Berkas terlalu besar.'] }] },
      );
    }
    const m = this.dataSource.manager;
    if (req.deviceId) await this.devices.requireActive(m, req.deviceId, actor);
    // The complaint may not be synced yet (named by client id): then it is looked up at completion.
    const complaint = req.complaintId
      ? await this.complaints.findById(m, req.complaintId)
      : await this.complaints.findByClientId(m, req.complaintClientId!);
    if (complaint) this.requireVisible(complaint, actor);
    else if (req.complaintId) throw COMPLAINT_NOT_FOUND();
    await m.query(
      `INSERT INTO field_upload (id, actor_id, client_upload_id, complaint_id, complaint_client_id, device_id, file_name, content_type, size, sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (actor_id, client_upload_id) DO NOTHING`,
      [
        uuidv7(),
        actor.id,
        req.clientUploadId,
        complaint?.id ?? null,
        req.complaintClientId ?? null,
        req.deviceId ?? null,
        req.fileName,
        req.contentType,
        req.size,
        req.sha256,
      ],
    );
    const [row]: UploadRow[] = await m.query(
      `SELECT ${COLUMNS} FROM field_upload WHERE actor_id = $1 AND client_upload_id = $2`,
      [actor.id, req.clientUploadId],
    );
    if (!row) throw UPLOAD_NOT_FOUND();
    const sameTarget = req.complaintId
      ? row.complaintId === req.complaintId
      : row.complaintClientId === req.complaintClientId;
    if (row.size !== req.size || row.sha256 !== req.sha256 || !sameTarget) {
      throw new DomainError(
        'CONFLICT',
        'clientUploadId ini sudah dipakai untuk berkas lain. Gunakan id baru untuk berkas baru.',
        { reason: 'UPLOAD_ID_REUSED' },
      );
    }
    return this.view(m, row);
  }

  async get(uploadId: string, actor: Actor): Promise<FieldUploadV1> {
    requireRole(actor, INTAKE_ROLES.sync);
    const m = this.dataSource.manager;
    return this.view(m, await this.find(m, uploadId, actor));
  }

  async putChunk(
    req: PutFieldUploadChunkRequestV1,
    actor: Actor,
  ): Promise<{ accepted: boolean; upload: FieldUploadV1 }> {
    requireRole(actor, INTAKE_ROLES.sync);
    const bytes = Buffer.from(req.contentBase64, 'base64');
    if (bytes.length === 0 || bytes.length > ATTACHMENT_CHUNK_BYTES) {
      throw new DomainError('VALIDATION_FAILED', `Potongan berkas harus 1 sampai ${ATTACHMENT_CHUNK_BYTES} byte.`, {
        fieldErrors: [{ field: 'contentBase64', messages: ['Ukuran potongan tidak sesuai.'] }],
      });
    }
    return this.dataSource.transaction(async (m) => {
      const row = await this.find(m, req.uploadId, actor, true);
      if (row.deviceId) await this.devices.requireActive(m, row.deviceId, actor);
      if (row.status === 'complete') return { accepted: true, upload: await this.view(m, row) };
      if (req.offset > row.received) return { accepted: false, upload: await this.view(m, row) };
      if (req.offset + bytes.length > row.size) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `Potongan melewati ukuran berkas yang diumumkan (${row.size} byte).`,
          {
            reason: 'CHUNK_BEYOND_SIZE',
            fieldErrors: [{ field: 'offset', messages: ['Potongan melewati akhir berkas.'] }],
          },
        );
      }
      // Already held (a re-sent chunk): nothing to write.
      if (req.offset + bytes.length <= row.received) return { accepted: true, upload: await this.view(m, row) };
      const part = this.partPath(row.id);
      await mkdir(dirname(part), { recursive: true });
      const handle = await open(part, row.received === 0 && req.offset === 0 ? 'w' : 'r+');
      try {
        const skip = row.received - req.offset;
        await handle.write(bytes, skip, bytes.length - skip, row.received);
      } finally {
        await handle.close();
      }
      const [updated] = returnedRows<UploadRow>(
        await m.query(`UPDATE field_upload SET received = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [
          row.id,
          req.offset + bytes.length,
        ]),
      );
      return { accepted: true, upload: await this.view(m, updated!) };
    });
  }

  async complete(uploadId: string, actor: Actor): Promise<FieldUploadV1> {
    requireRole(actor, INTAKE_ROLES.sync);
    const part = this.partPath(uploadId);
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await this.find(m, uploadId, actor, true);
      if (row.status === 'complete') return { row, refused: null };
      if (row.deviceId) await this.devices.requireActive(m, row.deviceId, actor);
      if (row.received < row.size) {
        throw new DomainError(
          'CONFLICT',
          `Berkas belum lengkap: server baru menerima ${row.received} dari ${row.size} byte. Lanjutkan dari byte ${row.received}.`,
          { reason: 'UPLOAD_INCOMPLETE' },
        );
      }
      const content = await readFile(part).catch(() => Buffer.alloc(0));
      const sha256 = createHash('sha256').update(content).digest('hex');
      if (content.length !== row.size || sha256 !== row.sha256) {
        // The bytes are not what the phone holds: start again from 0 (the session stays).
        await m.query(`UPDATE field_upload SET received = 0, updated_at = now() WHERE id = $1`, [row.id]);
        await truncate(part, 0).catch(() => undefined);
        return {
          row,
          refused: new DomainError(
            'UNPROCESSABLE',
            'Isi berkas tidak cocok dengan SHA-256 yang diumumkan; kirim ulang dari awal (offset 0).',
            {
              reason: 'UPLOAD_HASH_MISMATCH',
              fieldErrors: [{ field: 'sha256', messages: ['Tidak cocok dengan isi berkas.'] }],
            },
          ),
        };
      }
      const sniffed = sniffAttachmentType(content.subarray(0, 16));
      const type = sniffed && !structuralProblem(sniffed, content) ? sniffed : null;
      if (!type) {
        await m.query(`DELETE FROM field_upload WHERE id = $1`, [row.id]);
        await rm(part, { force: true });
        return {
          row,
          refused: new DomainError(
            'UNPROCESSABLE',
            'Jenis berkas tidak diterima: hanya foto (JPEG, PNG, WebP) atau PDF.',
            {
              reason: 'ATTACHMENT_TYPE_REFUSED',
              fieldErrors: [{ field: 'contentType', messages: ['Jenis berkas tidak diterima.'] }],
            },
          ),
        };
      }
      const complaint = row.complaintId
        ? await this.complaints.findById(m, row.complaintId)
        : await this.complaints.findByClientId(m, row.complaintClientId!);
      if (!complaint)
        throw new DomainError(
          'CONFLICT',
          'Pengaduan untuk foto ini belum tersinkron. Sinkronkan pengaduannya dulu, lalu selesaikan unggahan.',
          { reason: 'COMPLAINT_NOT_SYNCED' },
        );
      this.requireVisible(complaint, actor);
      await this.attach(m, row, complaint, type, content.length);
      const [done] = returnedRows<UploadRow>(
        await m.query(
          `UPDATE field_upload SET status = 'complete', complaint_id = $2, attachment_id = id, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [row.id, complaint.id],
        ),
      );
      return { row: done!, refused: null };
    });
    // A refusal's changes (reset, deletion) are committed before it is answered.
    if (outcome.refused) throw outcome.refused;
    queueMicrotask(() => void rm(part, { force: true }).catch(() => undefined));
    return this.view(this.dataSource.manager, outcome.row);
  }

  /** Deletes open sessions whose last chunk is older than a day, with their part files. */
  async cleanAbandoned(now = new Date()): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(`DELETE FROM field_upload WHERE status = 'open' AND updated_at < $1 RETURNING id`, [
        new Date(now.getTime() - FIELD_UPLOAD_TTL_MS),
      ]),
    );
    for (const r of rows) await rm(this.partPath(r.id), { force: true });
    if (rows.length) this.logger.info({ count: rows.length }, 'abandoned field uploads deleted');
    return rows.length;
  }

  /** The file in the complaint's folder and its attachment row (the session's id), in `m`'s transaction. */
  private async attach(
    m: EntityManager,
    row: UploadRow,
    complaint: ComplaintRecord,
    type: AttachmentType,
    size: number,
  ): Promise<void> {
    const relative = join(complaint.id, `${row.id}.${EXTENSION[type]}`);
    const target = join(this.root, relative);
    await mkdir(dirname(target), { recursive: true });
    // Copy, not move: if this transaction does not commit, a retried completion still finds the part file.
    await copyFile(this.partPath(row.id), target);
    await m.query(
      `INSERT INTO complaint_attachment (id, complaint_id, file_name, content_type, size, sha256, storage_path, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
      [row.id, complaint.id, displayName(row.fileName, EXTENSION[type]), type, size, row.sha256, relative, row.actorId],
    );
  }

  private requireVisible(complaint: ComplaintRecord, actor: Actor): void {
    if (!inScope(actor, complaint.desaCode)) throw COMPLAINT_NOT_FOUND();
    requireSeesConfidential(complaint, actor);
  }

  private async find(m: EntityManager, uploadId: string, actor: Actor, lock = false): Promise<UploadRow> {
    const [row]: UploadRow[] = await m.query(
      `SELECT ${COLUMNS} FROM field_upload WHERE id = $1 AND actor_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [uploadId, actor.id],
    );
    if (!row) throw UPLOAD_NOT_FOUND();
    return row;
  }

  private partPath(id: string): string {
    return join(this.root, '.uploads', `field-${id}.part`);
  }

  private async view(m: EntityManager, r: UploadRow): Promise<FieldUploadV1> {
    const [attachment] = r.attachmentId
      ? await m.query(`SELECT ${ATTACHMENT_COLUMNS} FROM complaint_attachment WHERE id = $1`, [r.attachmentId])
      : [];
    return {
      uploadId: r.id,
      clientUploadId: r.clientUploadId,
      status: r.status,
      offset: r.status === 'complete' ? r.size : r.received,
      size: r.size,
      sha256: r.sha256,
      expiresAt: new Date(new Date(r.updatedAt).getTime() + FIELD_UPLOAD_TTL_MS).toISOString(),
      ...(attachment
        ? { attachment: { ...attachment, uploadedAt: new Date(attachment.uploadedAt).toISOString() } }
        : {}),
    };
  }
}

/** A display name without path parts or control characters, ending in the type's extension. */
function displayName(name: string, extension: string): string {
  const base = sanitizeFileName(name, 'foto', 150);
  return base.toLowerCase().endsWith(`.${extension}`)
    ? base
    : `${base.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${extension}`;
}
