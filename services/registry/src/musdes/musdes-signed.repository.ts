import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The SQL of the signed Berita Acara: its uploaded chunks (`musdes_upload_chunk`) and the file stored on the meeting. */
@Injectable()
export class MusdesSignedRepository {
  /** Drops the uploads nobody finished for a day (the markers of finished ones stay). */
  async dropStaleChunks(m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM musdes_upload_chunk WHERE chunk_index >= 0 AND created_at < now() - interval '1 day'`);
  }

  /** Keeps a chunk (a repeated chunk is taken once). */
  async insertChunk(
    m: EntityManager,
    c: {
      uploadId: string;
      meetingId: string;
      chunkIndex: number;
      chunkCount: number;
      totalSize: number;
      fileName: string;
      bytes: Buffer;
      uploadedBy: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO musdes_upload_chunk (upload_id, meeting_id, chunk_index, chunk_count, total_size, file_name, bytes, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (upload_id, chunk_index) DO NOTHING`,
      [c.uploadId, c.meetingId, c.chunkIndex, c.chunkCount, c.totalSize, c.fileName, c.bytes, c.uploadedBy],
    );
  }

  async chunkCount(m: EntityManager, uploadId: string, meetingId: string): Promise<number> {
    const [{ n }] = (await m.query(
      `SELECT count(*)::int AS n FROM musdes_upload_chunk WHERE upload_id = $1 AND meeting_id = $2`,
      [uploadId, meetingId],
    )) as [{ n: number }];
    return n;
  }

  async chunks(m: EntityManager, uploadId: string, meetingId: string): Promise<Array<{ i: number; bytes: Buffer }>> {
    return (await m.query(
      `SELECT chunk_index AS i, bytes FROM musdes_upload_chunk WHERE upload_id = $1 AND meeting_id = $2 ORDER BY chunk_index`,
      [uploadId, meetingId],
    )) as Array<{ i: number; bytes: Buffer }>;
  }

  async deleteChunks(m: EntityManager, uploadId: string): Promise<void> {
    await m.query(`DELETE FROM musdes_upload_chunk WHERE upload_id = $1`, [uploadId]);
  }

  /** Stores the signed file on the meeting and makes it `final`. */
  async storeSigned(
    m: EntityManager,
    meetingId: string,
    s: { file: Buffer; contentType: string; fileName: string; sha256: string; finalisedBy: string },
  ): Promise<void> {
    await m.query(
      `UPDATE musdes_meeting SET signed_file = $2, signed_content_type = $3, signed_file_name = $4, signed_sha256 = $5, signed_size = $6,
           status = 'final', finalised_by = $7, finalised_at = now(), updated_at = now() WHERE id = $1`,
      [meetingId, s.file, s.contentType, s.fileName, s.sha256, s.file.length, s.finalisedBy],
    );
  }

  /** The marker (chunk index -1) of the upload that made the meeting final. */
  async insertFinishedMarker(
    m: EntityManager,
    u: {
      uploadId: string;
      meetingId: string;
      chunkCount: number;
      totalSize: number;
      sha256: string;
      uploadedBy: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO musdes_upload_chunk (upload_id, meeting_id, chunk_index, chunk_count, total_size, file_name, bytes, uploaded_by) VALUES ($1, $2, -1, $3, $4, $5, '\\x', $6)`,
      [u.uploadId, u.meetingId, u.chunkCount, u.totalSize, u.sha256, u.uploadedBy],
    );
  }

  /** Whether the upload's finished marker is there. */
  async finishedMarker(m: EntityManager, uploadId: string, meetingId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM musdes_upload_chunk WHERE upload_id = $1 AND meeting_id = $2 AND chunk_index = -1`,
      [uploadId, meetingId],
    );
    return rows.length > 0;
  }
}
