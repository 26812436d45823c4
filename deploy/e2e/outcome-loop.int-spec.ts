import pg from 'pg';
import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { webhookSignature } from '../../services/gateway/src/api/messages.controller.js';
import { startGenericProvider } from '../../services/notification/test/support/fake-providers.js';
import { FullStack } from './support/full-stack.js';
import { gatewayHttp } from './support/gateway-http.js';

const SECRET = 'outcome-loop-webhook-secret-0123456789abcdef';

/**
 * Outcome verification across the real services (issue 19 ★): the owner resolves; when the
 * verification falls due (the test brings its date forward in referral's table instead of waiting
 * three weeks) referral asks, notification sends the question by SMS to the household's phone, the
 * household replies "TIDAK" through the provider's signed inbound webhook at the gateway, referral
 * reopens the case, the citizen's public page says "Dibuka kembali", and the owner SLA board counts
 * the disputed outcome — NATS permissions and durables as in production.
 */
describe('e2e: owner resolves → household asked by SMS → "TIDAK" reopens the case', () => {
  let stack: FullStack;
  let provider: Awaited<ReturnType<typeof startGenericProvider>>;
  let referralDb: pg.Client;

  const { http, ok } = gatewayHttp(() => stack.base);

  beforeAll(async () => {
    provider = await startGenericProvider('e2e-token');
    stack = await FullStack.start(
      'e2eoutcome',
      { NOTIFY_WEBHOOK_SECRET: SECRET },
      {
        referral: { REFERRAL_OUTCOME_VERIFY_INTERVAL_MS: '300' },
        notification: {
          NOTIFY_SMS_PROVIDER: JSON.stringify({ kind: 'http', url: provider.url, token: 'e2e-token' }),
          NOTIFY_DISPATCH_INTERVAL_MS: '200',
        },
      },
    );
    const schema = stack.schemas.find((s) => s.schema.startsWith('e2eoutcomerf_'))!;
    referralDb = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
    await referralDb.connect();
  }, 120_000);

  afterAll(async () => {
    await referralDb?.end();
    await stack?.close();
    await provider?.close();
  });

  it('asks the household, takes its "TIDAK", reopens the case once, tells the citizen in plain words and counts it for the owner', async () => {
    const [admin, fo, spv, mj, bo, po] = (await Promise.all(
      ['demo.admin', 'demo.fo', 'demo.spv', 'demo.mj', 'demo.bo', 'demo.po.pkh'].map((u) => stack.token(u)),
    )) as [string, string, string, string, string, string];
    // No quiet hours, and room for a fourth SMS today (received, referred, resolved, then the question: in real life three weeks apart).
    await ok('PUT', '/v1/notification-settings', admin, {
      quietStart: '00:00',
      quietEnd: '00:00',
      perRecipientPerDay: 10,
    });
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1984-03-12', sex: 'F', serial: 91 });
    const kk = generateKk({ regionCode: '62.71.01', issueDate: '2012-05-01', serial: 92 });
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
    const phone = '+6281377700091';
    const a = await ok(
      'POST',
      '/v1/complaints',
      fo,
      {
        channel: 'PUSKESOS_FO',
        place: 'Puskesos Kelurahan Pahandut',
        subject: {
          nik,
          noKk: kk,
          name: 'Siti Aminah',
          birthDate: '1984-03-12',
          sex: 'F',
          phone: '0813 7770 0091',
          birthPlace: 'Palangka Raya',
          address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' },
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
          description: 'Bantuan PKH tahap ketiga belum diterima.',
          documentsReceived: ['KTP'],
        },
      },
      'application/json',
      { 'idempotency-key': 'e2e-outcome-0001' },
    );
    const receipt = String(a.receiptNumber);
    const item = await waitFor(
      async () =>
        ((await ok('GET', '/v1/cases?queue=mine', spv)).items as Array<{ caseId: string; receiptNumber: string }>).find(
          (c) => c.receiptNumber === receipt,
        ),
      { timeoutMs: 30_000, message: 'case opened' },
    );
    const caseId = item.caseId;
    await ok('POST', `/v1/cases/${caseId}/actions`, spv, { action: 'forward', expectedVersion: 1 });
    await ok('POST', `/v1/cases/${caseId}/actions`, mj, { action: 'approve', expectedVersion: 2 });
    const sent = await ok('POST', `/v1/cases/${caseId}/actions`, bo, {
      action: 'send',
      expectedVersion: 3,
      note: 'Mohon cek penyaluran PKH.',
    });
    const referralId = (sent.referrals as Array<{ referralId: string }>)[0]!.referralId;
    await ok('POST', `/v1/owner/referrals/${referralId}/responses`, po, {
      responseId: `pkh-outcome-${referralId.slice(-12)}`,
      answer: 'resolved',
      note: 'Dana PKH tahap III disalurkan 1 Desember.',
    });

    // Scheduled three working weeks ahead; the test brings the date forward instead of waiting.
    const [v] = (
      await referralDb.query(`SELECT id, ask_at FROM outcome_verification WHERE referral_id = $1`, [referralId])
    ).rows;
    expect(new Date(v.ask_at).getTime()).toBeGreaterThan(Date.now() + 14 * 24 * 3600_000);
    await referralDb.query(`UPDATE outcome_verification SET ask_at = now() WHERE id = $1`, [v.id]);
    const question = await waitFor(
      () => provider.calls.find((c) => c.to === phone && c.text.includes('Balas YA atau TIDAK')),
      { timeoutMs: 30_000, message: 'question sent by SMS' },
    );
    expect(question.text).toContain(receipt);

    // A stranger's "TIDAK" changes nothing; the household's reply through the signed webhook does.
    const sig = webhookSignature(SECRET, 'http', 'inbound');
    await ok('POST', `/v1/webhooks/notification/http/inbound?sig=${sig}`, null, {
      from: '6281300000001',
      text: 'TIDAK',
    });
    await ok('POST', `/v1/webhooks/notification/http/inbound?sig=${sig}`, null, {
      from: '6281377700091',
      text: 'TIDAK belum cair',
    });
    await ok('POST', `/v1/webhooks/notification/http/inbound?sig=${sig}`, null, {
      from: '6281377700091',
      text: 'TIDAK belum cair',
    });
    const reopened = await waitFor(
      async () => {
        const c = await ok('GET', `/v1/cases/${caseId}`, spv);
        return c.state === 'awaiting-supervisor' ? c : undefined;
      },
      { timeoutMs: 30_000, message: 'case reopened' },
    );
    const reopens = (reopened.history as Array<{ action: string; note: string }>).filter((h) => h.action === 'reopen');
    expect(reopens).toHaveLength(1);
    expect(reopens[0]!.note).toContain('Dana PKH tahap III disalurkan 1 Desember.');
    const listed = await ok('GET', `/v1/outcome-verifications?receiptNumber=${receipt}&status=disputed`, fo);
    expect((listed.items as Array<{ answeredVia: string }>)[0]).toMatchObject({ answeredVia: 'sms' });

    // The citizen's page, in plain words.
    const page = await waitFor(
      async () => {
        const r = await http('GET', `/status?nomor=${receipt}&kode=${String(a.trackingCode)}`, null);
        return r.text.includes('Dibuka kembali') ? r.text : undefined;
      },
      { timeoutMs: 30_000, message: 'public timeline updated' },
    );
    expect(page).toContain('Anda menyatakan manfaatnya belum diterima');

    // The owner SLA board counts it.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);
    await waitFor(
      async () => {
        const board = await ok('GET', `/v1/reports/owner-board?fromMonth=${month}&toMonth=${month}`, mj);
        return (board.rows as Array<{ ownerCode: string; outcomes: { disputed: number } }>).find(
          (r) => r.ownerCode === 'kemensos-pkh',
        )?.outcomes.disputed === 1
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, message: 'board counts the disputed outcome' },
    );
  }, 150_000);
});
