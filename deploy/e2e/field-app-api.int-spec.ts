import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { startGenericProvider } from '../../services/notification/test/support/fake-providers.js';
import { FullStack } from './support/full-stack.js';

/**
 * The field app's server side across the real services over HTTP, as the phone uses it: enrol the
 * device, take the bundle (ETag → 304), sync complaints recorded offline with provisional numbers
 * (replayed: the same official numbers), held for the SPV's check and approved, then the citizen's
 * "received" SMS through notification, the
 * public page found by the provisional number, a photo uploaded in chunks with an interruption,
 * and the remote logout refusing the next sync.
 */
describe('e2e: the field app API (device, offline numbers, bundle, resumable photo, remote logout)', () => {
  let stack: FullStack;
  let provider: Awaited<ReturnType<typeof startGenericProvider>>;

  const http = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': raw ? 'application/octet-stream' : 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: raw ? (body as Buffer) : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      /* HTML page or empty 304 */
    }
    return { status: res.status, headers: res.headers, json, text };
  };

  beforeAll(async () => {
    provider = await startGenericProvider('e2e-field-token');
    stack = await FullStack.start(
      'e2efield',
      {},
      {
        notification: {
          NOTIFY_SMS_PROVIDER: JSON.stringify({ kind: 'http', url: provider.url, token: 'e2e-field-token' }),
          NOTIFY_DISPATCH_INTERVAL_MS: '200',
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await provider?.close();
  });

  it('works end to end for one Fasilitator phone', async () => {
    const [fs, admin] = (await Promise.all(['demo.fs', 'demo.admin'].map((u) => stack.token(u)))) as [string, string];
    await http('PUT', '/v1/notification-settings', admin, { quietStart: '00:00', quietEnd: '00:00' });

    const enrolled = await http('POST', '/v1/field/devices', fs, {
      label: 'HP Samsung A14',
      installationId: `inst-${uuidv7()}`,
    });
    expect(enrolled.status).toBe(201);
    const { deviceId, deviceCode } = enrolled.json as { deviceId: string; deviceCode: string };

    const bundle = await http('GET', '/v1/field/bundle', fs);
    expect(bundle.status).toBe(200);
    expect((bundle.json.desa as Array<{ code: string }>).map((d) => d.code)).toEqual(['62.71.01.1001']);
    expect(
      (await http('GET', '/v1/field/bundle', fs, undefined, { 'if-none-match': bundle.headers.get('etag')! })).status,
    ).toBe(304);

    // Recorded offline at a household: the citizen left with L-<code>-1 and a tracking code.
    const tracking = 'K7PQ-4QX2';
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1984-03-12', sex: 'F', serial: 901 });
    const complaint = {
      channel: 'FASILITATOR_VISIT',
      place: 'Rumah warga, RT 002',
      recordedAt: new Date(Date.now() - 86_400_000).toISOString(),
      subject: {
        nik,
        noKk: generateKk({ regionCode: '62.71.01', issueDate: '2012-05-01', serial: 902 }),
        name: 'Siti Aminah',
        birthDate: '1984-03-12',
        birthPlace: 'Palangka Raya',
        sex: 'F',
        address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' },
        phone: '0812 7777 1234',
        consent: true,
      },
      complainant: null,
      relationship: 'self',
      anonymous: false,
      confidential: false,
      complaint: {
        category: 'non-kepesertaan',
        contactType: 'pengaduan',
        programmeCodes: ['PKH'],
        sector: 'sosial-ekonomi',
        description: 'Bantuan PKH belum diterima.',
        documentsReceived: ['KTP'],
      },
    };
    const clientId = `fs-e2e:${uuidv7()}`;
    const batch = {
      deviceId,
      items: [
        {
          clientId,
          recordedAt: complaint.recordedAt,
          provisionalNumber: `L-${deviceCode}-1`,
          trackingCode: tracking,
          complaint,
        },
      ],
    };
    const synced = await http('POST', '/v1/field-sync', fs, batch);
    expect(synced.status).toBe(200);
    const [result] = synced.json.results as Array<{
      outcome: string;
      receiptNumber: string;
      provisionalNumber: string;
      complaintId: string;
    }>;
    expect(result).toMatchObject({
      outcome: 'created',
      provisionalNumber: `L-${deviceCode}-1`,
      receiptNumber: expect.stringMatching(/^6271-\d{4}-\d{6}$/),
    });
    // The answer was lost; the phone sends the batch again: the same numbers, nothing doubled.
    const replay = await http('POST', '/v1/field-sync', fs, batch);
    expect(replay.json.results).toEqual([
      expect.objectContaining({
        outcome: 'unchanged',
        receiptNumber: result!.receiptNumber,
        provisionalNumber: `L-${deviceCode}-1`,
      }),
    ]);

    // Held for the kecamatan supervisor (the default): the public page by the provisional number says so, no SMS yet.
    const held = await http('GET', `/status?nomor=L-${deviceCode}-1&kode=${tracking}`, null);
    expect(held.status).toBe(200);
    expect(held.text).toContain('Menunggu pemeriksaan supervisor');
    expect(provider.calls.filter((c) => c.to === '+6281277771234')).toHaveLength(0);
    // The SPV approves it in the check queue: now it is registered at the kab/kota.
    const spv = await stack.token('demo.spv');
    const check = await http('GET', `/v1/field/checks/${result!.complaintId}`, spv);
    expect(check.status).toBe(200);
    expect(
      (
        await http('POST', `/v1/field/checks/${result!.complaintId}`, spv, {
          action: 'approve',
          expectedVersion: check.json.version,
        })
      ).status,
    ).toBe(200);

    // The citizen's confirmation: the "received" SMS with the official number and the status link with the phone's code.
    const received = () =>
      provider.calls.filter((c) => c.to === '+6281277771234' && c.text.includes('pengaduan Anda diterima'));
    const sms = await waitFor(() => received()[0], {
      timeoutMs: 60_000,
      message: 'received SMS at the provider',
    });
    expect(sms.text).toContain(result!.receiptNumber);
    expect(sms.text).toContain(`kode=${tracking}`);
    // Once (the registry check's next step may send its own SMS after it: "menunggu verivali").
    expect(received()).toHaveLength(1);

    // The public page by the provisional number shows both numbers.
    const page = await http('GET', `/status?nomor=L-${deviceCode}-1&kode=${tracking}`, null);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      `Nomor sementara <strong>L-${deviceCode}-1</strong> → nomor resmi <strong>${result!.receiptNumber}</strong>`,
    );

    // A photo in chunks, interrupted after the first, resumed from the offset the server reports.
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300_000)]);
    const session = await http('POST', '/v1/field/uploads', fs, {
      clientUploadId: `photo-${uuidv7()}`,
      complaintClientId: clientId,
      fileName: 'rumah.jpg',
      contentType: 'image/jpeg',
      size: photo.length,
      sha256: createHash('sha256').update(photo).digest('hex'),
      deviceId,
    });
    expect(session.status).toBe(201);
    const uploadId = session.json.uploadId as string;
    expect(
      (await http('PUT', `/v1/field/uploads/${uploadId}`, fs, photo.subarray(0, 100_000), { 'upload-offset': '0' }))
        .status,
    ).toBe(200);
    const gap = await http('PUT', `/v1/field/uploads/${uploadId}`, fs, photo.subarray(200_000), {
      'upload-offset': '200000',
    });
    expect(gap.status).toBe(409);
    const resumeAt = Number(gap.headers.get('upload-offset'));
    expect(resumeAt).toBe(100_000);
    expect((await http('GET', `/v1/field/uploads/${uploadId}`, fs)).json.offset).toBe(100_000);
    expect(
      (
        await http('PUT', `/v1/field/uploads/${uploadId}`, fs, photo.subarray(resumeAt), {
          'upload-offset': String(resumeAt),
        })
      ).status,
    ).toBe(200);
    const done = await http('POST', `/v1/field/uploads/${uploadId}/complete`, fs);
    expect(done.status).toBe(200);
    const attachments = await http('GET', `/v1/complaints/${result!.complaintId}/attachments`, fs);
    expect(
      (attachments.json.items as Array<{ attachmentId: string; size: number }>).map((a) => [a.attachmentId, a.size]),
    ).toEqual([[uploadId, photo.length]]);

    // Remote logout: the next sync from the phone is refused with the code the app wipes on.
    expect((await http('POST', `/v1/field/devices/${deviceId}/revoke`, admin, { reason: 'HP hilang' })).status).toBe(
      200,
    );
    const refused = await http('POST', '/v1/field-sync', fs, {
      deviceId,
      items: [{ ...batch.items[0]!, clientId: `fs-e2e:${uuidv7()}`, provisionalNumber: `L-${deviceCode}-2` }],
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.json).toMatchObject({ code: 'DEVICE_REVOKED' });
  }, 120_000);
});
