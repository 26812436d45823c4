import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { startGenericProvider } from '../../services/notification/test/support/fake-providers.js';
import { FullStack } from './support/full-stack.js';
import { gatewayHttp } from './support/gateway-http.js';

/**
 * The citizen's loop across the real services over HTTP: a complaint registered at the front desk
 * is checked against the registry, reviewed, referred to PKH, resolved by the programme owner — and
 * the citizen gets an SMS (at a test provider implementing the generic adapter's API) with the
 * right text, the public page shows the timeline, and a household without a phone gets an FS
 * visit task.
 */
describe('e2e: registration → referral → owner resolves → the citizen is told', () => {
  let stack: FullStack;
  let provider: Awaited<ReturnType<typeof startGenericProvider>>;
  const STATUS_PAGE = 'https://slrt.example.go.id/status';

  const { http, ok } = gatewayHttp(() => stack.base);

  beforeAll(async () => {
    provider = await startGenericProvider('e2e-token');
    stack = await FullStack.start(
      'e2eloop',
      {},
      {
        notification: {
          NOTIFY_SMS_PROVIDER: JSON.stringify({ kind: 'http', url: provider.url, token: 'e2e-token' }),
          SLRT_PUBLIC_STATUS_URL: STATUS_PAGE,
          NOTIFY_DISPATCH_INTERVAL_MS: '200',
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await provider?.close();
  });

  it('sends the resolved SMS to the citizen, shows the timeline, and gives the FS a visit for the household without a phone', async () => {
    const [admin, fo, spv, mj, bo, po, fs] = (await Promise.all(
      ['demo.admin', 'demo.fo', 'demo.spv', 'demo.mj', 'demo.bo', 'demo.po.pkh', 'demo.fs'].map((u) => stack.token(u)),
    )) as [string, string, string, string, string, string, string];
    // Any hour of the day: no quiet hours in this run.
    await ok('PUT', '/v1/notification-settings', admin, { quietStart: '00:00', quietEnd: '00:00' });

    // The registry knows Siti's household (DTSEN snapshot uploaded through the gateway).
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1984-03-12', sex: 'F', serial: 77 });
    const kk = generateKk({ regionCode: '62.71.01', issueDate: '2012-05-01', serial: 78 });
    const csv = [
      'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip',
      `${nik},${kk},Siti Aminah,1984-03-12,P,Istri,"Jl. Melati No. 7",62.71.01.1001,2,0,0,1,0`,
    ].join('\n');
    const job = await ok(
      'POST',
      '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen',
      admin,
      `${csv}\n`,
      'text/csv',
    );
    await waitFor(
      async () => (await ok('GET', `/v1/registry/imports/${String(job.jobId)}`, admin)).status === 'succeeded',
      { timeoutMs: 30_000, message: 'snapshot imported' },
    );

    const registration = (subject: Record<string, unknown>) => ({
      channel: 'PUSKESOS_FO',
      place: 'Puskesos Kelurahan Pahandut',
      subject: {
        birthPlace: 'Palangka Raya',
        address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' },
        consent: true,
        ...subject,
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
        description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
        documentsReceived: ['KTP', 'KK'],
      },
    });
    const a = await ok(
      'POST',
      '/v1/complaints',
      fo,
      registration({ nik, noKk: kk, name: 'Siti Aminah', birthDate: '1984-03-12', sex: 'F', phone: '0812 3456 7890' }),
      'application/json',
      { 'idempotency-key': 'e2e-siti-0001' },
    );
    // Pak Darto has no phone, and is not in the registry yet: his complaint waits for the prelist (verivali).
    const darto = generateNik({ regionCode: '62.71.01', birthDate: '1950-01-01', sex: 'M', serial: 79 });
    const b = await ok(
      'POST',
      '/v1/complaints',
      fo,
      registration({ nik: darto, name: 'Darto', birthDate: '1950-01-01', sex: 'M' }),
      'application/json',
      { 'idempotency-key': 'e2e-darto-0001' },
    );
    expect(a).toMatchObject({ registryCheck: 'in-registry', nextStep: 'review' });

    // Review chain and referral to PKH.
    const item = await waitFor(
      async () =>
        (await ok('GET', '/v1/cases?queue=mine', spv)).items?.find((c) => c.receiptNumber === a.receiptNumber),
      { timeoutMs: 30_000, message: 'case opened' },
    );
    const caseId = String(item.caseId);
    await ok('POST', `/v1/cases/${caseId}/actions`, spv, { action: 'forward', expectedVersion: 1 });
    await ok('POST', `/v1/cases/${caseId}/actions`, mj, { action: 'approve', expectedVersion: 2 });
    const sent = await ok('POST', `/v1/cases/${caseId}/actions`, bo, {
      action: 'send',
      expectedVersion: 3,
      note: 'Mohon cek penyaluran PKH tahap III.',
    });
    const referralId = String((sent.referrals as Array<{ referralId: string }>)[0]!.referralId);

    // The programme owner resolves it.
    await ok('POST', `/v1/owner/referrals/${referralId}/responses`, po, {
      responseId: `pkh-e2e-${referralId.slice(-12)}`,
      answer: 'resolved',
      note: 'Dana disalurkan ulang 1 Desember.',
    });

    // The citizen's SMS, with the right text, at the provider; once.
    const link = `${STATUS_PAGE}?nomor=${String(a.receiptNumber)}&kode=${String(a.trackingCode)}`;
    const sms = await waitFor(
      () => provider.calls.find((c) => c.to === '+6281234567890' && c.text.includes('SELESAI')),
      { timeoutMs: 60_000, message: 'resolved SMS at the provider' },
    );
    expect(sms.text).toMatch(
      new RegExp(
        `^SLRT Kota Palangkaraya: pengaduan ${String(a.receiptNumber)} SELESAI ditangani pada \\d{1,2} [A-Z][a-z]+ \\d{4}\\. Cek status: `,
      ),
    );
    expect(sms.text.endsWith(link)).toBe(true);
    expect(provider.calls.filter((c) => c.to === '+6281234567890' && c.text.includes('SELESAI'))).toHaveLength(1);
    expect(
      provider.calls.some((c) => c.to === '+6281234567890' && c.text.includes('dirujuk ke Kementerian Sosial (PKH)')),
    ).toBe(true);

    // Staff see the messages with their status, phone masked.
    const msgs = await waitFor(
      async () => {
        const r = await ok('GET', `/v1/complaints/${String(a.complaintId)}/messages`, fo);
        return r.items?.some((m) => m.step === 'resolved' && m.status === 'sent') ? r.items : undefined;
      },
      { message: 'resolved message shown sent' },
    );
    expect(msgs.every((m) => m.address === '+62812*****890')).toBe(true);

    // The public page shows the timeline, without personal data.
    const page = await http('GET', `/status?nomor=${String(a.receiptNumber)}&kode=${String(a.trackingCode)}`, null);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/selesai/i);
    expect(page.text).toMatch(/dirujuk/i);
    expect(page.text).not.toContain('Siti Aminah');
    expect(page.text).not.toContain('7890');

    // The household without a phone: a visit task for the FS of the desa.
    const task = await waitFor(
      async () =>
        (await ok('GET', '/v1/messages?channel=fs-visit&status=queued', fs)).items?.find(
          (m) => m.complaintId === b.complaintId,
        ),
      { timeoutMs: 30_000, message: 'FS visit task' },
    );
    expect(task).toMatchObject({ step: 'awaiting-verivali', statusReason: 'menunggu kunjungan FS ke rumah tangga' });
    expect(String(task.text)).toContain('Kunjungi rumah tangga Darto');
    const done = await ok('POST', `/v1/messages/${String(task.messageId)}/actions`, fs, {
      action: 'mark-delivered',
      note: 'Disampaikan langsung kepada Pak Darto.',
    });
    expect((done.message as Record<string, unknown>).status).toBe('delivered');
  }, 240_000);
});
