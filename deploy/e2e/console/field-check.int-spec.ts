import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { ConsoleHarness, LAPTOP, PHONE, expectAccessible, screenshot } from '../support/browser.js';

/**
 * "Pemeriksaan kiriman FS" in the browser, on the real platform: two complaints a Fasilitator
 * synced from the field wait in the kecamatan supervisor's queue (no case yet); on a phone the
 * SPV returns one with a question, the FS answers it (over the API, as the field app does), the
 * SPV approves it and the case opens at the manager (the SPV's step is done); the other is merged
 * with an earlier complaint about the same matter and its citizen status says so. axe and
 * screenshots on the queue and the submission.
 */
jest.setTimeout(180_000);

describe('console: the supervisor check of FS submissions', () => {
  let h: ConsoleHarness;
  const tokens: Record<string, string> = {};
  const nik = generateNik({ regionCode: '62.71.01', birthDate: '1979-06-02', sex: 'F', serial: 71 });
  const kk = generateKk({ regionCode: '62.71.01', issueDate: '2011-02-01', serial: 72 });
  const other = generateNik({ regionCode: '62.71.01', birthDate: '1990-01-15', sex: 'M', serial: 73 });
  let returnedId = '';
  let mergedId = '';
  let mergedReceipt = '';
  let earlierReceipt = '';

  const api = async (
    method: string,
    path: string,
    user: string,
    body?: unknown,
    contentType = 'application/json',
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(`${h.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[user]}`,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...extra,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} as ${user}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const complaint = (subjectNik: string, name: string, description: string, channel = 'FASILITATOR_VISIT') => ({
    channel,
    place: channel === 'FASILITATOR_VISIT' ? 'Kunjungan rumah' : 'Puskesos Kelurahan Pahandut',
    recordedAt: new Date().toISOString(),
    subject: {
      nik: subjectNik,
      name,
      birthDate: subjectNik === nik ? '1979-06-02' : '1990-01-15',
      sex: subjectNik === nik ? 'F' : 'M',
      address: { street: 'Jl. Kenanga 3', rt: '001', rw: '002', desaCode: '62.71.01.1001' },
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
      description,
      documentsReceived: ['KTP'],
    },
  });
  const noOverflow = async (page: Page) =>
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_fieldcheck');
    for (const u of ['demo.admin', 'demo.fo', 'demo.fs', 'demo.spv', 'demo.mj']) tokens[u] = await h.stack.token(u);
    const csv = [
      'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip',
      `${nik},${kk},Rahmawati,1979-06-02,P,Istri,"Jl. Kenanga 3",62.71.01.1001,2,0,0,1,0`,
    ].join('\n');
    const job = await api(
      'POST',
      '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen',
      'demo.admin',
      `${csv}\n`,
      'text/csv',
    );
    await waitFor(
      async () => (await api('GET', `/v1/registry/imports/${String(job.jobId)}`, 'demo.admin')).status === 'succeeded',
      { timeoutMs: 60_000, message: 'snapshot imported' },
    );
    // An earlier complaint at the Puskesos about the second person, then the FS's two submissions.
    const earlier = await api(
      'POST',
      '/v1/complaints',
      'demo.fo',
      complaint(other, 'Budi Santoso', 'KKS hilang, bantuan PKH tidak bisa dicairkan.', 'PUSKESOS_FO'),
      'application/json',
      { 'idempotency-key': 'console-field-check-earlier' },
    );
    earlierReceipt = String(earlier.receiptNumber);
    const sync = await api('POST', '/v1/field-sync', 'demo.fs', {
      items: [
        {
          clientId: 'fs-console-test:rec-1',
          recordedAt: new Date().toISOString(),
          complaint: complaint(nik, 'Rahmawati', 'Bantuan PKH tahap ketiga belum diterima.'),
        },
        {
          clientId: 'fs-console-test:rec-2',
          recordedAt: new Date().toISOString(),
          complaint: complaint(other, 'Budi Santoso', 'Kartu KKS hilang sejak bulan lalu, PKH belum cair.'),
        },
      ],
    });
    const results = sync.results as Array<{ complaintId: string; receiptNumber: string; outcome: string }>;
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    [returnedId, mergedId] = [results[0]!.complaintId, results[1]!.complaintId];
    mergedReceipt = results[1]!.receiptNumber;
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('SPV on a phone: the queue holds both submissions, no case exists yet; returns one with a question', async () => {
    expect(
      ((await api('GET', '/v1/cases?queue=all', 'demo.mj')).items as Array<{ complaintId: string }>).map(
        (c) => c.complaintId,
      ),
    ).not.toContain(returnedId);
    const page = await h.signedIn('demo.spv', PHONE);
    await page.goto(`${h.base}/pemeriksaan-fs`);
    await page.getByRole('heading', { name: 'Pemeriksaan kiriman FS' }).waitFor();
    await page.getByText('2 kiriman').waitFor();
    await expectAccessible(page, 'field-check-queue-phone');
    await noOverflow(page);
    await screenshot(page, 'field-check-queue-phone');

    await page.getByRole('link', { name: /Rahmawati/ }).click();
    await page.getByRole('heading', { name: /^Kiriman FS / }).waitFor();
    await page.getByText('Bantuan PKH tahap ketiga belum diterima.').waitFor();
    await page.getByRole('radio', { name: 'Kembalikan dengan pertanyaan' }).check();
    // Sent without a question: the API's field error, in Indonesian, beside the field.
    await page.getByRole('button', { name: 'Kembalikan dengan pertanyaan' }).click();
    await page.getByRole('alert').waitFor();
    await page
      .getByLabel(/Pertanyaan untuk fasilitator/)
      .fill('Sejak bulan apa bantuan tidak diterima? Mohon foto buku tabungan.');
    await page.getByRole('button', { name: 'Kembalikan dengan pertanyaan' }).click();
    await page.getByText('Kiriman dikembalikan ke fasilitator dengan pertanyaan.').waitFor();
    await expectAccessible(page, 'field-check-returned-phone');
    await noOverflow(page);
    await screenshot(page, 'field-check-returned-phone');
    await page.close();
  });

  it('the FS reads the question and answers it; the SPV approves on a laptop and the case opens at the manager', async () => {
    const seen = await api('GET', `/v1/field/checks/${returnedId}`, 'demo.fs');
    expect(seen).toMatchObject({
      state: 'returned',
      openQuestion: 'Sejak bulan apa bantuan tidak diterima? Mohon foto buku tabungan.',
      allowedActions: ['answer'],
    });
    const answered = await api('POST', `/v1/field/checks/${returnedId}/answer`, 'demo.fs', {
      answerId: 'fs-console-test:answer-1',
      expectedVersion: seen.version,
      answer: 'Sejak Agustus 2026; foto buku tabungan sudah diunggah.',
    });
    expect(answered).toMatchObject({ state: 'awaiting', replayed: false });

    const page = await h.signedIn('demo.spv', LAPTOP);
    await page.goto(`${h.base}/pemeriksaan-fs/${returnedId}`);
    await page.getByText('Sejak Agustus 2026; foto buku tabungan sudah diunggah.').waitFor();
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('Kiriman disetujui dan diteruskan ke SLRT kabupaten/kota.').waitFor();
    await expectAccessible(page, 'field-check-approved');
    await screenshot(page, 'field-check-approved');
    const opened = await waitFor(
      async () =>
        (
          (await api('GET', '/v1/cases?queue=mine', 'demo.mj')).items as Array<{ complaintId: string; state: string }>
        ).find((c) => c.complaintId === returnedId),
      { timeoutMs: 60_000, message: 'case opened at the manager' },
    );
    expect(opened.state).toBe('awaiting-manager');
    await page.close();
  });

  it('merges the other submission with the earlier complaint; the citizen status names the number to follow', async () => {
    const page = await h.signedIn('demo.spv', PHONE);
    await page.goto(`${h.base}/pemeriksaan-fs/${mergedId}`);
    await page.getByText(new RegExp(earlierReceipt)).waitFor();
    await page.getByRole('radio', { name: 'Gabungkan dengan pengaduan sama' }).check();
    await page.getByRole('button', { name: 'Gabungkan dengan pengaduan sama' }).click();
    await page.getByText('Kiriman digabung dengan pengaduan yang sama.').waitFor();
    await page.getByText(`Digabung dengan pengaduan ${earlierReceipt}.`).waitFor();
    await noOverflow(page);
    await screenshot(page, 'field-check-merged-phone');
    const tracking = (await api('GET', `/v1/complaints/${mergedId}`, 'demo.fo')) as { trackingCode: string };
    const res = await fetch(
      `${h.base}/v1/public/complaint-status?nomor=${encodeURIComponent(mergedReceipt)}&kode=${encodeURIComponent(tracking.trackingCode)}`,
    );
    const status = (await res.json()) as { stage: string; explanation: string };
    expect(status.stage).toBe('digabung');
    expect(status.explanation).toContain(earlierReceipt);
    await page.close();
  });

  it("ADMIN sets Pekanbaru's chain: the secretariat counter skips the SPV; the change is versioned with its reason", async () => {
    const page = await h.signedIn('demo.admin', PHONE);
    await page.goto(`${h.base}/pengaturan/pemeriksaan-fs`);
    await page.getByRole('heading', { name: 'Pemeriksaan kiriman FS dan rantai penelaahan' }).waitFor();
    await page.getByRole('checkbox', { name: 'Front office Sekretariat SLRT: ditelaah supervisor' }).uncheck();
    await page.getByLabel('Alasan perubahan').fill('SOP Pekanbaru: FO sekretariat langsung ke BO dan MJ.');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    await page.getByText('Pengaturan disimpan. Berlaku untuk kiriman dan kasus berikutnya.').waitFor();
    await page.getByText(/SOP Pekanbaru/).waitFor();
    await expectAccessible(page, 'field-check-settings-phone');
    await noOverflow(page);
    await screenshot(page, 'field-check-settings-phone');
    const saved = (await api('GET', '/v1/field/check-settings', 'demo.admin')) as {
      supervisorCheckRequired: boolean;
      version: number;
      reviewChains: Array<{ intakePoint: string; steps: string[] }>;
    };
    expect(saved).toMatchObject({ supervisorCheckRequired: true, version: 1 });
    expect(saved.reviewChains.find((c) => c.intakePoint === 'SEKRETARIAT_FO')!.steps).toEqual(['MJ', 'BO']);
    expect(saved.reviewChains.find((c) => c.intakePoint === 'PUSKESOS_FO')!.steps).toEqual(['SPV', 'MJ', 'BO']);
    await page.close();
  });
});
