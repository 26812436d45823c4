import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MUSDES_SIGNED_CHUNK_BYTES,
  type Actor,
  type UploadMusdesSignedChunkRequestV1,
  type UploadMusdesSignedChunkResponseV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireRole } from '@slrt/auth';
import { PROPOSAL_ROLES } from '../proposals/proposal-access.js';
import { MEETING_FINAL, MEETING_NOT_FOUND, MusdesMeetingsService, meetingInScope } from './musdes-meetings.service.js';
import { MusdesSignedRepository } from './musdes-signed.repository.js';
import { MusdesRepository } from './musdes.repository.js';
import { signedScanProblem, sniffSignedScan } from './signed-scan.js';

const invalid = (field: string, message: string, detail = 'Berkas Berita Acara tidak dapat diterima.') =>
  new DomainError('VALIDATION_FAILED', detail, { fieldErrors: [{ field, messages: [message] }] });

/**
 * The signed Berita Acara (a PDF or a JPEG scan of the paper), uploaded in chunks through the
 * gateway. Chunks are kept in `musdes_upload_chunk` (a repeated chunk is taken once); the last
 * one assembles the file, checks its size and its type by content, stores it on the meeting and
 * makes the meeting `final` in one transaction: from then on attendance and decisions are locked.
 * The scan must answer the Berita Acara of the meeting's current version (downloaded before).
 */
@Injectable()
export class MusdesSignedService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: MusdesRepository,
    private readonly signed: MusdesSignedRepository,
    private readonly meetings: MusdesMeetingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async uploadChunk(req: UploadMusdesSignedChunkRequestV1, actor: Actor): Promise<UploadMusdesSignedChunkResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    if (req.chunkIndex >= req.chunkCount) throw invalid('chunkIndex', 'Nomor potongan melebihi jumlah potongan.');
    const bytes = Buffer.from(req.contentBase64, 'base64');
    if (bytes.length === 0 || bytes.length > MUSDES_SIGNED_CHUNK_BYTES)
      throw invalid('contentBase64', 'Potongan berkas kosong atau terlalu besar.');
    const meeting = await this.repo.meeting(this.ds.manager, req.meetingId);
    if (!meeting || !meetingInScope(actor, meeting.desaCode)) throw MEETING_NOT_FOUND();
    if (meeting.status === 'final') {
      // The last chunk retried after it made the meeting final: the same answer, nothing changes.
      if (meeting.signedSha256 && (await this.uploadFinished(req.uploadId, meeting.id)))
        return { received: req.chunkCount, meeting: await this.meetings.view(this.ds.manager, meeting.id, actor) };
      throw MEETING_FINAL();
    }
    if (meeting.minutesVersion !== meeting.version) {
      throw new DomainError(
        'CONFLICT',
        'Berita Acara berubah sejak terakhir diunduh: unduh, cetak dan tanda tangani versi terbaru, lalu unggah lagi.',
        { reason: 'MINUTES_OUTDATED' },
      );
    }
    // Uploads nobody finished for a day are dropped (their bytes are in the database).
    await this.signed.dropStaleChunks(this.ds.manager);
    await this.signed.insertChunk(this.ds.manager, {
      uploadId: req.uploadId,
      meetingId: meeting.id,
      chunkIndex: req.chunkIndex,
      chunkCount: req.chunkCount,
      totalSize: req.totalSize,
      fileName: req.fileName,
      bytes,
      uploadedBy: actor.id,
    });
    const n = await this.signed.chunkCount(this.ds.manager, req.uploadId, meeting.id);
    if (n < req.chunkCount) return { received: n, meeting: null };
    await this.ds
      .transaction(async (m) => {
        const locked = await this.repo.meeting(m, meeting.id, true);
        if (!locked) throw MEETING_NOT_FOUND();
        if (locked.status === 'final') throw MEETING_FINAL();
        if (locked.minutesVersion !== locked.version)
          throw new DomainError(
            'CONFLICT',
            'Berita Acara berubah selama unggahan: unduh versi terbaru lalu unggah lagi.',
            { reason: 'MINUTES_OUTDATED' },
          );
        const chunks = await this.signed.chunks(m, req.uploadId, meeting.id);
        const file = Buffer.concat(chunks.map((c) => c.bytes));
        await this.signed.deleteChunks(m, req.uploadId);
        const type = sniffSignedScan(file);
        const problem = type ? signedScanProblem(type, file) : 'not a pdf or jpeg';
        if (file.length !== req.totalSize || chunks.length !== req.chunkCount || !type || problem) {
          this.logger.warn(
            { meetingId: meeting.id, uploadId: req.uploadId, size: file.length, problem: problem ?? 'size mismatch' },
            'signed Berita Acara refused',
          );
          // The chunks are dropped in a transaction that commits: the next attempt starts clean.
          return 'refused' as const;
        }
        const sha256 = createHash('sha256').update(file).digest('hex');
        await this.signed.storeSigned(m, meeting.id, {
          file,
          contentType: type,
          fileName: req.fileName.slice(0, 200),
          sha256,
          finalisedBy: actor.id,
        });
        await this.signed.insertFinishedMarker(m, {
          uploadId: req.uploadId,
          meetingId: meeting.id,
          chunkCount: req.chunkCount,
          totalSize: req.totalSize,
          sha256,
          uploadedBy: actor.id,
        });
        this.logger.info(
          { meetingId: meeting.id, size: file.length, contentType: type },
          'signed Berita Acara stored; meeting final',
        );
        return 'stored' as const;
      })
      .then((outcome) => {
        if (outcome === 'refused')
          throw invalid('file', 'Unggah Berita Acara bertanda tangan sebagai PDF atau foto JPEG yang utuh.');
      });
    return { received: req.chunkCount, meeting: await this.meetings.view(this.ds.manager, meeting.id, actor) };
  }

  /** Whether this upload is the one that made the meeting final (a marker row with index -1 remains). */
  private async uploadFinished(uploadId: string, meetingId: string): Promise<boolean> {
    return this.signed.finishedMarker(this.ds.manager, uploadId, meetingId);
  }
}
