import { createHash } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ATTACHMENT_CHUNK_BYTES,
  type Actor,
  type AddAttachmentChunkRequestV1,
  type AttachmentType,
  type AttachmentViewV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { sanitizeFileName } from '@slrt/domain';
import { RequestContext } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import { inScope, requireRole } from '@slrt/auth';
import { INTAKE_ROLES, requireSeesConfidential } from '../complaints/access.js';
import { ComplaintsRepository } from '../complaints/complaints.repository.js';
import { EXTENSION, sniffAttachmentType, structuralProblem } from './content-sniffing.js';

interface AttachmentRow {
  id: string;
  complaintId: string;
  fileName: string;
  contentType: AttachmentType;
  size: number;
  sha256: string;
  storagePath: string;
  uploadedBy: string;
  uploadedAt: Date;
}

const COLUMNS = `id, complaint_id AS "complaintId", file_name AS "fileName", content_type AS "contentType", size, sha256, storage_path AS "storagePath", uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

/**
 * Photos and PDFs of a complaint, uploaded in chunks over the bus (NATS messages are small) and
 * stored as files under `INTAKE_ATTACHMENT_DIR`, never in the database row. Each chunk is written
 * at its own offset, so a retried chunk rewrites the same bytes; the last chunk checks the size and
 * the type by content, and the file and its row appear together.
 */
@Injectable()
export class AttachmentsService {
  private readonly root: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly complaints: ComplaintsRepository,
    private readonly env: IntakeEnv,
  ) {
    this.root = resolve(env.INTAKE_ATTACHMENT_DIR);
  }

  async addChunk(req: AddAttachmentChunkRequestV1, actor: Actor) {
    requireRole(actor, INTAKE_ROLES.documents);
    const max = this.env.INTAKE_ATTACHMENT_MAX_BYTES;
    if (req.totalSize > max) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `Berkas terlalu besar: paling besar ${Math.floor(max / 1024 / 1024)} MB.`,
        { fieldErrors: [{ field: 'totalSize', messages: ['Berkas terlalu besar.'] }] },
      );
    }
    const expectedChunks = Math.ceil(req.totalSize / ATTACHMENT_CHUNK_BYTES);
    if (req.chunkCount !== expectedChunks || req.chunkIndex >= req.chunkCount) {
      throw new DomainError('VALIDATION_FAILED', 'Pembagian potongan berkas tidak sesuai ukurannya.', {
        fieldErrors: [
          { field: 'chunkCount', messages: [`Harus ${expectedChunks} potongan untuk ${req.totalSize} byte.`] },
        ],
      });
    }
    const bytes = Buffer.from(req.contentBase64, 'base64');
    const expectedLength =
      req.chunkIndex < req.chunkCount - 1
        ? ATTACHMENT_CHUNK_BYTES
        : req.totalSize - ATTACHMENT_CHUNK_BYTES * (req.chunkCount - 1);
    if (bytes.length !== expectedLength) {
      throw new DomainError('VALIDATION_FAILED', 'Potongan berkas rusak atau tidak lengkap.', {
        fieldErrors: [
          { field: 'contentBase64', messages: [`Potongan ${req.chunkIndex + 1} harus ${expectedLength} byte.`] },
        ],
      });
    }
    const temp = join(this.root, '.uploads', `${req.uploadId}.part`);
    return this.dataSource.transaction(async (m) => {
      const complaint = await this.complaints.findById(m, req.complaintId);
      if (!complaint || !inScope(actor, complaint.desaCode))
        throw new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', {
          reason: 'COMPLAINT_NOT_FOUND',
        });
      const done = await this.find(m, req.uploadId);
      if (done) return { uploadId: req.uploadId, received: req.chunkCount, complete: true, attachment: view(done) };
      await m.query(
        `INSERT INTO attachment_upload (upload_id, complaint_id, file_name, total_size, chunk_count, actor_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [req.uploadId, req.complaintId, req.fileName, req.totalSize, req.chunkCount, actor.id],
      );
      const [upload] = await m.query(
        `SELECT complaint_id AS "complaintId", total_size AS "totalSize", received FROM attachment_upload WHERE upload_id = $1 FOR UPDATE`,
        [req.uploadId],
      );
      if (upload.complaintId !== req.complaintId || upload.totalSize !== req.totalSize) {
        throw new DomainError('CONFLICT', 'uploadId ini sudah dipakai untuk berkas lain.', {
          reason: 'UPLOAD_ID_REUSED',
        });
      }
      if (req.chunkIndex < upload.received)
        return { uploadId: req.uploadId, received: upload.received, complete: false };
      if (req.chunkIndex > upload.received) {
        throw new DomainError(
          'CONFLICT',
          `Potongan berkas harus dikirim berurutan: menunggu potongan ${upload.received + 1}.`,
          { reason: 'CHUNK_OUT_OF_ORDER' },
        );
      }
      await mkdir(dirname(temp), { recursive: true });
      const handle = await open(temp, req.chunkIndex === 0 ? 'w' : 'r+');
      try {
        await handle.write(bytes, 0, bytes.length, req.chunkIndex * ATTACHMENT_CHUNK_BYTES);
      } finally {
        await handle.close();
      }
      await m.query(`UPDATE attachment_upload SET received = $2 WHERE upload_id = $1`, [
        req.uploadId,
        req.chunkIndex + 1,
      ]);
      if (req.chunkIndex < req.chunkCount - 1)
        return { uploadId: req.uploadId, received: req.chunkIndex + 1, complete: false };
      return {
        uploadId: req.uploadId,
        received: req.chunkCount,
        complete: true,
        attachment: view(await this.complete(m, req, actor, temp)),
      };
    });
  }

  /** Last chunk: size and type by content, then the file in place and its row, in the same transaction. */
  private async complete(
    m: EntityManager,
    req: AddAttachmentChunkRequestV1,
    actor: Actor,
    temp: string,
  ): Promise<AttachmentRow> {
    const content = await readFile(temp);
    const sniffed = sniffAttachmentType(content.subarray(0, 16));
    // A polyglot (`%PDF-` then HTML, a "photo" with script) is refused like any other type.
    const type = sniffed && !structuralProblem(sniffed, content) ? sniffed : null;
    if (content.length !== req.totalSize || !type) {
      await m.query(`DELETE FROM attachment_upload WHERE upload_id = $1`, [req.uploadId]);
      await rm(temp, { force: true });
      if (!type)
        throw new DomainError('UNPROCESSABLE', 'Jenis berkas tidak diterima: hanya foto (JPEG, PNG, WebP) atau PDF.', {
          reason: 'ATTACHMENT_TYPE_REFUSED',
          fieldErrors: [{ field: 'contentBase64', messages: ['Jenis berkas tidak diterima.'] }],
        });
      throw new DomainError('UNPROCESSABLE', 'Ukuran berkas tidak sesuai yang diumumkan.', {
        reason: 'ATTACHMENT_SIZE_MISMATCH',
      });
    }
    const relative = join(req.complaintId, `${req.uploadId}.${EXTENSION[type]}`);
    const target = join(this.root, relative);
    await mkdir(dirname(target), { recursive: true });
    // Copy, not move: if this transaction does not commit, a retry of the last chunk still finds the part file.
    await copyFile(temp, target);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const [row] = await m.query(
      `INSERT INTO complaint_attachment (id, complaint_id, file_name, content_type, size, sha256, storage_path, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        req.uploadId,
        req.complaintId,
        sanitizeName(req.fileName, EXTENSION[type]),
        type,
        content.length,
        sha256,
        relative,
        actor.id,
      ],
    );
    await m.query(`DELETE FROM attachment_upload WHERE upload_id = $1`, [req.uploadId]);
    queueMicrotask(() => void rm(temp, { force: true }).catch(() => undefined));
    return row;
  }

  async list(complaintId: string, actor: Actor) {
    requireRole(actor, INTAKE_ROLES.read);
    const m = this.dataSource.manager;
    const complaint = await this.complaints.findById(m, complaintId);
    if (!complaint || !inScope(actor, complaint.desaCode))
      throw new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', {
        reason: 'COMPLAINT_NOT_FOUND',
      });
    requireSeesConfidential(complaint, actor);
    const rows: AttachmentRow[] = await m.query(
      `SELECT ${COLUMNS} FROM complaint_attachment WHERE complaint_id = $1 ORDER BY uploaded_at, id`,
      [complaintId],
    );
    return { items: rows.map(view) };
  }

  async getChunk(attachmentId: string, chunkIndex: number, actor: Actor) {
    requireRole(actor, INTAKE_ROLES.read);
    const m = this.dataSource.manager;
    const row = await this.find(m, attachmentId);
    const complaint = row ? await this.complaints.findById(m, row.complaintId) : null;
    if (!row || !complaint || !inScope(actor, complaint.desaCode))
      throw new DomainError('NOT_FOUND', 'Lampiran tidak ditemukan di wilayah kerja Anda.', {
        reason: 'ATTACHMENT_NOT_FOUND',
      });
    requireSeesConfidential(complaint, actor);
    const chunkCount = Math.max(1, Math.ceil(row.size / ATTACHMENT_CHUNK_BYTES));
    if (chunkIndex >= chunkCount)
      throw new DomainError('BAD_REQUEST', `Lampiran ini hanya ${chunkCount} potongan.`, {
        reason: 'CHUNK_OUT_OF_RANGE',
      });
    const path = join(this.root, row.storagePath);
    const size = (await stat(path).catch(() => null))?.size;
    if (size !== row.size)
      throw new DomainError('INTERNAL', 'Berkas lampiran tidak ditemukan di penyimpanan. Hubungi admin.');
    const handle = await open(path, 'r');
    try {
      const length = Math.min(ATTACHMENT_CHUNK_BYTES, row.size - chunkIndex * ATTACHMENT_CHUNK_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, chunkIndex * ATTACHMENT_CHUNK_BYTES);
      if (chunkIndex === 0)
        await this.complaints.audit(m, {
          actorId: actor.id,
          roles: actor.roles,
          action: 'attachment.read',
          complaintId: row.complaintId,
          revealed: false,
          correlationId: RequestContext.current()?.correlationId ?? null,
        });
      return { attachment: view(row), chunkIndex, chunkCount, contentBase64: buffer.toString('base64') };
    } finally {
      await handle.close();
    }
  }

  private async find(m: EntityManager, id: string): Promise<AttachmentRow | null> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM complaint_attachment WHERE id = $1`, [id]);
    return row ?? null;
  }
}

function view(r: AttachmentRow): AttachmentViewV1 {
  return {
    attachmentId: r.id,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    uploadedBy: r.uploadedBy,
    uploadedAt: new Date(r.uploadedAt).toISOString(),
  };
}

/** A display name without path parts or control characters, ending in the type's extension. */
function sanitizeName(name: string, extension: string): string {
  const base = sanitizeFileName(name, 'lampiran', 150);
  return base.toLowerCase().endsWith(`.${extension}`)
    ? base
    : `${base.replace(/\.[A-Za-z0-9]{1,5}$/, '')}.${extension}`;
}
