/* eslint-disable max-lines -- integration spec of intake: resumable field uploads: its tests share one booted stack, which takes seconds to start */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { ATTACHMENT_CHUNK_BYTES, DEVICE_REVOKED_REASON } from '@slrt/contracts';
import { FieldUploadsService } from '../src/field/field-uploads.service.js';
import { operator, registration, startIntake, type IntakeHarness } from './support/intake-harness.js';

const fs = operator(['FS'], ['62.71.01.1001'], 'fs-upload');
const fsSameDesa = operator(['FS'], ['62.71.01.1001'], 'fs-upload-2');
const fsElsewhere = operator(['FS'], ['62.71.02.1001'], 'fs-upload-elsewhere');
const spv = operator(['SPV'], ['62.71.01'], 'spv-upload');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size - 4)]);

describe('intake: resumable field uploads', () => {
  let h: IntakeHarness;
  let dir: string;
  let clientId: string;
  let complaintId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slrt-field-upload-'));
    h = await startIntake({ INTAKE_ATTACHMENT_DIR: dir, INTAKE_ATTACHMENT_MAX_BYTES: String(2 * 1024 * 1024) });
    clientId = `fs-upload:${uuidv7()}`;
    const synced = await h.call(
      'slrt.rpc.intake.sync-field-complaints.v1',
      {
        items: [
          {
            clientId,
            recordedAt: new Date().toISOString(),
            complaint: JSON.parse(JSON.stringify({ ...registration(), idempotencyKey: undefined })),
          },
        ],
      },
      fs,
    );
    complaintId = synced.results[0]!.complaintId!;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const create = (content: Buffer, over: Record<string, unknown> = {}, actor = fs) =>
    h.call(
      'slrt.rpc.intake.create-field-upload.v1',
      {
        clientUploadId: `photo-${uuidv7()}`,
        complaintClientId: clientId,
        fileName: 'foto-rumah.jpg',
        contentType: 'image/jpeg',
        size: content.length,
        sha256: sha(content),
        ...over,
      },
      actor,
    );
  const put = (uploadId: string, content: Buffer, offset: number, length = ATTACHMENT_CHUNK_BYTES, actor = fs) =>
    h.call(
      'slrt.rpc.intake.put-field-upload-chunk.v1',
      { uploadId, offset, contentBase64: content.subarray(offset, offset + length).toString('base64') },
      actor,
    );

  it('takes a photo in chunks, resumes after an interruption from the offset it reports, ignores re-sent chunks, and attaches it once', async () => {
    const photo = jpeg(1_300_000);
    const clientUploadId = `photo-${uuidv7()}`;
    const session = await create(photo, { clientUploadId });
    expect(session).toMatchObject({ status: 'open', offset: 0, size: photo.length });
    // Creating again (the answer was lost): the same session.
    expect((await create(photo, { clientUploadId })).uploadId).toBe(session.uploadId);
    expect(await put(session.uploadId, photo, 0)).toMatchObject({
      accepted: true,
      upload: { offset: ATTACHMENT_CHUNK_BYTES },
    });
    // The connection drops; the app asks where to resume.
    expect((await h.call('slrt.rpc.intake.get-field-upload.v1', { uploadId: session.uploadId }, fs)).offset).toBe(
      ATTACHMENT_CHUNK_BYTES,
    );
    // A re-sent first chunk changes nothing; a gap is not accepted and names the offset.
    expect(await put(session.uploadId, photo, 0)).toMatchObject({
      accepted: true,
      upload: { offset: ATTACHMENT_CHUNK_BYTES },
    });
    expect(await put(session.uploadId, photo, 2 * ATTACHMENT_CHUNK_BYTES)).toMatchObject({
      accepted: false,
      upload: { offset: ATTACHMENT_CHUNK_BYTES },
    });
    // Completing early: 409 with how far it got.
    expect(await h.fail('slrt.rpc.intake.complete-field-upload.v1', { uploadId: session.uploadId }, fs)).toMatchObject({
      code: 'CONFLICT',
      reason: 'UPLOAD_INCOMPLETE',
    });
    // An overlapping chunk (the phone resent from an older offset with a different size) is fine.
    await put(session.uploadId, photo, ATTACHMENT_CHUNK_BYTES - 1000, ATTACHMENT_CHUNK_BYTES);
    await put(session.uploadId, photo, 2 * ATTACHMENT_CHUNK_BYTES - 1000, ATTACHMENT_CHUNK_BYTES);
    const done = await h.call('slrt.rpc.intake.complete-field-upload.v1', { uploadId: session.uploadId }, fs);
    expect(done).toMatchObject({
      status: 'complete',
      offset: photo.length,
      attachment: {
        attachmentId: session.uploadId,
        contentType: 'image/jpeg',
        size: photo.length,
        sha256: sha(photo),
        fileName: 'foto-rumah.jpg',
      },
    });
    // Completing or creating again: the same attachment, nothing doubled.
    expect(
      (await h.call('slrt.rpc.intake.complete-field-upload.v1', { uploadId: session.uploadId }, fs)).attachment
        ?.attachmentId,
    ).toBe(session.uploadId);
    expect((await create(photo, { clientUploadId })).attachment?.attachmentId).toBe(session.uploadId);
    const list = await h.call('slrt.rpc.intake.list-attachments.v1', { complaintId }, fs);
    expect(list.items.filter((a) => a.attachmentId === session.uploadId)).toHaveLength(1);
    expect(readFileSync(join(dir, complaintId, `${session.uploadId}.jpg`)).equals(photo)).toBe(true);
    expect(existsSync(join(dir, '.uploads', `field-${session.uploadId}.part`))).toBe(false);
  });

  it('refuses a wrong hash (and restarts the session at 0), a non-photo, too large, and a reused client id with other content', async () => {
    const photo = jpeg(300_000);
    const wrong = await create(photo, { sha256: sha(Buffer.from('something else')) });
    await put(wrong.uploadId, photo, 0);
    expect(await h.fail('slrt.rpc.intake.complete-field-upload.v1', { uploadId: wrong.uploadId }, fs)).toMatchObject({
      code: 'UNPROCESSABLE',
      reason: 'UPLOAD_HASH_MISMATCH',
    });
    expect((await h.call('slrt.rpc.intake.get-field-upload.v1', { uploadId: wrong.uploadId }, fs)).offset).toBe(0);
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), randomBytes(5000)]);
    const script = await create(exe, { fileName: 'foto.jpg' });
    await put(script.uploadId, exe, 0);
    expect(await h.fail('slrt.rpc.intake.complete-field-upload.v1', { uploadId: script.uploadId }, fs)).toMatchObject({
      code: 'UNPROCESSABLE',
      reason: 'ATTACHMENT_TYPE_REFUSED',
    });
    expect(existsSync(join(dir, '.uploads', `field-${script.uploadId}.part`))).toBe(false);
    expect(
      await h.fail(
        'slrt.rpc.intake.create-field-upload.v1',
        {
          clientUploadId: `photo-${uuidv7()}`,
          complaintId,
          fileName: 'besar.jpg',
          contentType: 'image/jpeg',
          size: 3 * 1024 * 1024,
          sha256: sha(photo),
        },
        fs,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'ATTACHMENT_TOO_LARGE' });
    const clientUploadId = `photo-${uuidv7()}`;
    await create(photo, { clientUploadId });
    expect(
      await h.fail(
        'slrt.rpc.intake.create-field-upload.v1',
        {
          clientUploadId,
          complaintClientId: clientId,
          fileName: 'x.jpg',
          contentType: 'image/jpeg',
          size: 1234,
          sha256: sha(photo),
        },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'UPLOAD_ID_REUSED' });
    // Bytes beyond the declared size.
    const small = await create(photo.subarray(0, 1000));
    expect(
      await h.fail(
        'slrt.rpc.intake.put-field-upload-chunk.v1',
        { uploadId: small.uploadId, offset: 0, contentBase64: photo.subarray(0, 2000).toString('base64') },
        fs,
      ),
    ).toMatchObject({ reason: 'CHUNK_BEYOND_SIZE' });
  });

  it('waits for the complaint to be synced when named by client id, then attaches', async () => {
    const later = `fs-upload:${uuidv7()}`;
    const photo = jpeg(20_000);
    const session = await create(photo, { complaintClientId: later });
    await put(session.uploadId, photo, 0);
    expect(await h.fail('slrt.rpc.intake.complete-field-upload.v1', { uploadId: session.uploadId }, fs)).toMatchObject({
      code: 'CONFLICT',
      reason: 'COMPLAINT_NOT_SYNCED',
    });
    const synced = await h.call(
      'slrt.rpc.intake.sync-field-complaints.v1',
      {
        items: [
          {
            clientId: later,
            recordedAt: new Date().toISOString(),
            complaint: JSON.parse(JSON.stringify({ ...registration(), idempotencyKey: undefined })),
          },
        ],
      },
      fs,
    );
    const done = await h.call('slrt.rpc.intake.complete-field-upload.v1', { uploadId: session.uploadId }, fs);
    expect(
      (
        await h.call('slrt.rpc.intake.list-attachments.v1', { complaintId: synced.results[0]!.complaintId! }, fs)
      ).items.map((a) => a.attachmentId),
    ).toEqual([done.attachment!.attachmentId]);
  });

  it('keeps sessions to their owner and region: another FS, another desa, an SPV, a revoked device', async () => {
    const photo = jpeg(10_000);
    const session = await create(photo);
    for (const actor of [fsSameDesa, fsElsewhere]) {
      expect(await h.fail('slrt.rpc.intake.get-field-upload.v1', { uploadId: session.uploadId }, actor)).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'UPLOAD_NOT_FOUND',
      });
      expect(
        await h.fail(
          'slrt.rpc.intake.put-field-upload-chunk.v1',
          { uploadId: session.uploadId, offset: 0, contentBase64: photo.toString('base64') },
          actor,
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect(
        await h.fail('slrt.rpc.intake.complete-field-upload.v1', { uploadId: session.uploadId }, actor),
      ).toMatchObject({ code: 'NOT_FOUND' });
    }
    // A complaint outside the FS's desa cannot be named, by id or by client id.
    expect(
      await h.fail(
        'slrt.rpc.intake.create-field-upload.v1',
        {
          clientUploadId: `photo-${uuidv7()}`,
          complaintId,
          fileName: 'f.jpg',
          contentType: 'image/jpeg',
          size: photo.length,
          sha256: sha(photo),
        },
        fsElsewhere,
      ),
    ).toMatchObject({ code: 'NOT_FOUND', reason: 'COMPLAINT_NOT_FOUND' });
    expect(
      await h.fail(
        'slrt.rpc.intake.create-field-upload.v1',
        {
          clientUploadId: `photo-${uuidv7()}`,
          complaintClientId: clientId,
          fileName: 'f.jpg',
          contentType: 'image/jpeg',
          size: photo.length,
          sha256: sha(photo),
        },
        fsElsewhere,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await h.fail(
        'slrt.rpc.intake.create-field-upload.v1',
        {
          clientUploadId: `photo-${uuidv7()}`,
          complaintId,
          fileName: 'f.jpg',
          contentType: 'image/jpeg',
          size: photo.length,
          sha256: sha(photo),
        },
        spv,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    // A revoked device's session stops at once.
    const device = await h.call(
      'slrt.rpc.intake.enrol-field-device.v1',
      { label: 'HP unggah', installationId: `inst-${uuidv7()}` },
      fs,
    );
    const onDevice = await create(photo, { deviceId: device.deviceId });
    await h.call('slrt.rpc.intake.revoke-field-device.v1', { deviceId: device.deviceId }, fs);
    expect(
      await h.fail(
        'slrt.rpc.intake.put-field-upload-chunk.v1',
        { uploadId: onDevice.uploadId, offset: 0, contentBase64: photo.toString('base64') },
        fs,
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: DEVICE_REVOKED_REASON });
    expect(
      await h.fail(
        'slrt.rpc.intake.create-field-upload.v1',
        {
          clientUploadId: `photo-${uuidv7()}`,
          complaintId,
          fileName: 'f.jpg',
          contentType: 'image/jpeg',
          size: photo.length,
          sha256: sha(photo),
          deviceId: device.deviceId,
        },
        fs,
      ),
    ).toMatchObject({ reason: DEVICE_REVOKED_REASON });
  });

  it('deletes sessions abandoned for a day, with their part files, and keeps the recent and the completed ones', async () => {
    const photo = jpeg(30_000);
    const old = await create(photo);
    await put(old.uploadId, photo, 0, 10_000);
    const recent = await create(photo);
    await h.db.query(`UPDATE field_upload SET updated_at = now() - interval '25 hours' WHERE id = $1`, [old.uploadId]);
    const part = join(dir, '.uploads', `field-${old.uploadId}.part`);
    expect(existsSync(part)).toBe(true);
    const cleaner = h.intake.get(FieldUploadsService);
    expect(await cleaner.cleanAbandoned()).toBeGreaterThanOrEqual(1);
    expect(existsSync(part)).toBe(false);
    expect(await h.fail('slrt.rpc.intake.get-field-upload.v1', { uploadId: old.uploadId }, fs)).toMatchObject({
      reason: 'UPLOAD_NOT_FOUND',
    });
    expect((await h.call('slrt.rpc.intake.get-field-upload.v1', { uploadId: recent.uploadId }, fs)).status).toBe(
      'open',
    );
    expect(
      (await h.db.query(`SELECT count(*)::int AS n FROM field_upload WHERE status = 'complete'`)).rows[0].n,
    ).toBeGreaterThanOrEqual(1);
  });
});
