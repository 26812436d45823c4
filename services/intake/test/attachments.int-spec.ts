import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ATTACHMENT_CHUNK_BYTES } from '@slrt/contracts';
import { operator, registration, startIntake, type IntakeHarness } from './support/intake-harness.js';

const fo = operator(['FO'], ['62.71.01.1001'], 'fo-attach');
const foElsewhere = operator(['FO'], ['62.71.02.1001'], 'fo-attach-elsewhere');
const fs = operator(['FS'], ['62.71.01'], 'fs-attach');
const spv = operator(['SPV'], ['62.71.01'], 'spv-attach');
const sekretariat = operator(['SEKRETARIAT'], ['62.71'], 'sekretariat-attach');
const mj = operator(['MJ'], ['62.71'], 'mj-attach');
const bo = operator(['BO'], ['62.71'], 'bo-attach');

describe('intake: attachments', () => {
  let h: IntakeHarness;
  let dir: string;
  let complaintId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slrt-attach-'));
    h = await startIntake({ INTAKE_ATTACHMENT_DIR: dir, INTAKE_ATTACHMENT_MAX_BYTES: String(2 * 1024 * 1024) });
    complaintId = (await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo)).complaintId;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const chunks = (content: Buffer) =>
    Array.from({ length: Math.ceil(content.length / ATTACHMENT_CHUNK_BYTES) }, (_, i) =>
      content.subarray(i * ATTACHMENT_CHUNK_BYTES, (i + 1) * ATTACHMENT_CHUNK_BYTES),
    );
  const send = (uploadId: string, content: Buffer, i: number, fileName = 'foto-rumah.jpg', actor = fo) =>
    h.call(
      'slrt.rpc.intake.add-attachment-chunk.v1',
      {
        uploadId,
        complaintId,
        fileName,
        totalSize: content.length,
        chunkIndex: i,
        chunkCount: chunks(content).length,
        contentBase64: chunks(content)[i]!.toString('base64'),
      },
      actor,
    );

  it('stores a photo sent in chunks as a file (not in the row), idempotent per chunk, and serves it back', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1_200_000)]);
    const uploadId = uuidv7();
    expect(await send(uploadId, photo, 0)).toMatchObject({ received: 1, complete: false });
    expect(await send(uploadId, photo, 0)).toMatchObject({ received: 1, complete: false }); // retried chunk
    expect(
      (
        await h.fail(
          'slrt.rpc.intake.add-attachment-chunk.v1',
          {
            uploadId,
            complaintId,
            fileName: 'x.jpg',
            totalSize: photo.length,
            chunkIndex: 2,
            chunkCount: 3,
            contentBase64: chunks(photo)[2]!.toString('base64'),
          },
          fo,
        )
      ).reason,
    ).toBe('CHUNK_OUT_OF_ORDER');
    await send(uploadId, photo, 1);
    const done = await send(uploadId, photo, 2, '../../etc/foto rumah.JPG');
    expect(done).toMatchObject({
      complete: true,
      attachment: { attachmentId: uploadId, contentType: 'image/jpeg', size: photo.length, fileName: 'foto rumah.JPG' },
    });
    expect(await send(uploadId, photo, 2)).toMatchObject({ complete: true }); // the whole upload again: nothing new
    const list = await h.call('slrt.rpc.intake.list-attachments.v1', { complaintId }, fo);
    expect(list.items.map((a) => a.attachmentId)).toEqual([uploadId]);
    expect(readFileSync(join(dir, complaintId, `${uploadId}.jpg`)).equals(photo)).toBe(true);
    const columns = (
      await h.db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'complaint_attachment' AND data_type = 'bytea'`,
      )
    ).rows;
    expect(columns).toEqual([]);
    const parts: Buffer[] = [];
    for (let i = 0; ; i++) {
      const c = await h.call('slrt.rpc.intake.get-attachment-chunk.v1', { attachmentId: uploadId, chunkIndex: i }, fo);
      parts.push(Buffer.from(c.contentBase64, 'base64'));
      if (i === c.chunkCount - 1) break;
    }
    expect(Buffer.concat(parts).equals(photo)).toBe(true);
    expect(
      (await h.fail('slrt.rpc.intake.get-attachment-chunk.v1', { attachmentId: uploadId, chunkIndex: 0 }, foElsewhere))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('refuses a file whose content is not a photo or PDF, whatever its name, and keeps nothing', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), randomBytes(1000)]);
    const uploadId = uuidv7();
    const err = await h.fail(
      'slrt.rpc.intake.add-attachment-chunk.v1',
      {
        uploadId,
        complaintId,
        fileName: 'foto.jpg',
        totalSize: exe.length,
        chunkIndex: 0,
        chunkCount: 1,
        contentBase64: exe.toString('base64'),
      },
      fo,
    );
    expect(err).toMatchObject({ code: 'UNPROCESSABLE', reason: 'ATTACHMENT_TYPE_REFUSED' });
    expect(existsSync(join(dir, complaintId, `${uploadId}.jpg`))).toBe(false);
    expect(readdirSync(join(dir, '.uploads')).filter((f) => f.startsWith(uploadId))).toEqual([]);
  });

  it('refuses a %PDF+HTML polyglot and a photo carrying script, accepts a real PDF', async () => {
    const polyglots = [
      Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n'),
      Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n<!-- --><script src=//x></script>\ntrailer << >>\n%%EOF\n'),
      Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n'), // no %%EOF: truncated or not a PDF
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<svg onload=alert(1)>'), randomBytes(200)]),
    ];
    for (const bad of polyglots) {
      const err = await h.fail(
        'slrt.rpc.intake.add-attachment-chunk.v1',
        {
          uploadId: uuidv7(),
          complaintId,
          fileName: 'surat.pdf',
          totalSize: bad.length,
          chunkIndex: 0,
          chunkCount: 1,
          contentBase64: bad.toString('base64'),
        },
        fo,
      );
      expect(err).toMatchObject({ code: 'UNPROCESSABLE', reason: 'ATTACHMENT_TYPE_REFUSED' });
      expect(err.detail).toMatch(/Jenis berkas tidak diterima/);
    }
    // A stream may hold any bytes (here some that look like markup): only the PDF's own syntax is checked.
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Length 20 >>\nstream\n<html><script>x\nendstream\nendobj\ntrailer << >>\n%%EOF\n',
    );
    const ok = await h.call(
      'slrt.rpc.intake.add-attachment-chunk.v1',
      {
        uploadId: uuidv7(),
        complaintId,
        fileName: 'surat.pdf',
        totalSize: pdf.length,
        chunkIndex: 0,
        chunkCount: 1,
        contentBase64: pdf.toString('base64'),
      },
      fo,
    );
    expect(ok).toMatchObject({ complete: true, attachment: { contentType: 'application/pdf' } });
  });

  it('stores file names without bidi overrides, zero-width or control characters (NFC, bounded length)', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(500)]);
    const stored = await send(uuidv7(), photo, 0, 'foto\u202Egpj.exe\u200B.jpg');
    expect(stored).toMatchObject({ complete: true, attachment: { fileName: 'fotogpj.exe.jpg' } });
    const nul = await h.fail(
      'slrt.rpc.intake.add-attachment-chunk.v1',
      {
        uploadId: uuidv7(),
        complaintId,
        fileName: 'a\u0000.jpg',
        totalSize: photo.length,
        chunkIndex: 0,
        chunkCount: 1,
        contentBase64: photo.toString('base64'),
      },
      fo,
    );
    expect(nul).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'fileName', messages: ['Mengandung karakter kontrol yang tidak diizinkan.'] }],
    });
  });

  it('refuses files over the limit, mis-cut chunks, and other regions', async () => {
    const big = {
      uploadId: uuidv7(),
      complaintId,
      fileName: 'besar.pdf',
      totalSize: 3 * 1024 * 1024,
      chunkIndex: 0,
      chunkCount: 6,
      contentBase64: Buffer.from('%PDF-').toString('base64'),
    };
    expect(await h.fail('slrt.rpc.intake.add-attachment-chunk.v1', big, fo)).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'totalSize' }],
    });
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    expect(
      (
        await h.fail(
          'slrt.rpc.intake.add-attachment-chunk.v1',
          {
            uploadId: uuidv7(),
            complaintId,
            fileName: 'a.pdf',
            totalSize: pdf.length + 5,
            chunkIndex: 0,
            chunkCount: 1,
            contentBase64: pdf.toString('base64'),
          },
          fo,
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await h.fail(
          'slrt.rpc.intake.add-attachment-chunk.v1',
          {
            uploadId: uuidv7(),
            complaintId,
            fileName: 'a.pdf',
            totalSize: pdf.length,
            chunkIndex: 0,
            chunkCount: 1,
            contentBase64: pdf.toString('base64'),
          },
          foElsewhere,
        )
      ).code,
    ).toBe('NOT_FOUND');
    const ok = await h.call(
      'slrt.rpc.intake.add-attachment-chunk.v1',
      {
        uploadId: uuidv7(),
        complaintId,
        fileName: 'surat-desa',
        totalSize: pdf.length,
        chunkIndex: 0,
        chunkCount: 1,
        contentBase64: pdf.toString('base64'),
      },
      fo,
    );
    expect(ok.attachment).toMatchObject({ contentType: 'application/pdf', fileName: 'surat-desa.pdf' });
  });

  it('lists and serves the attachments of a confidential complaint only to its officer and the case handlers (BO, MJ)', async () => {
    const secret = (await h.call('slrt.rpc.intake.register-complaint.v1', registration({ confidential: true }), fo))
      .complaintId;
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const uploadId = uuidv7();
    await h.call(
      'slrt.rpc.intake.add-attachment-chunk.v1',
      {
        uploadId,
        complaintId: secret,
        fileName: 'visum.pdf',
        totalSize: pdf.length,
        chunkIndex: 0,
        chunkCount: 1,
        contentBase64: pdf.toString('base64'),
      },
      fo,
    );
    for (const actor of [fs, spv, sekretariat]) {
      expect(await h.fail('slrt.rpc.intake.list-attachments.v1', { complaintId: secret }, actor)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'CONFIDENTIAL',
      });
      expect(
        await h.fail('slrt.rpc.intake.get-attachment-chunk.v1', { attachmentId: uploadId, chunkIndex: 0 }, actor),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'CONFIDENTIAL' });
    }
    for (const actor of [fo, bo, mj]) {
      expect(
        (await h.call('slrt.rpc.intake.list-attachments.v1', { complaintId: secret }, actor)).items.map(
          (a) => a.attachmentId,
        ),
      ).toEqual([uploadId]);
      expect(
        (await h.call('slrt.rpc.intake.get-attachment-chunk.v1', { attachmentId: uploadId, chunkIndex: 0 }, actor))
          .contentBase64,
      ).toBe(pdf.toString('base64'));
    }
    // A complaint that is not confidential stays readable by every reader in scope.
    expect((await h.call('slrt.rpc.intake.list-attachments.v1', { complaintId }, spv)).items.length).toBeGreaterThan(0);
  });
});
