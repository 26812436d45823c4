import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEMO_PASSWORD } from '../support/full-stack.js';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';
import { staffApi } from '../support/gateway-http.js';
import { registeredCase } from '../support/registered-case.js';

/**
 * Issue #19 in the browser, on the real platform: the supervisor settles a case at the Puskesos
 * (on a phone); the administrator records a partner's agreement with its signed PDF; a kab/kota
 * owner (a PO user of Dinas Sosial) passes its referral up to the centre. axe and screenshots.
 */
jest.setTimeout(240_000);

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('console: the Puskesos flows (issue #19)', () => {
  let h: ConsoleHarness;
  const tokens: Record<string, string> = {};
  const cases: string[] = [];
  let serial = 60;

  const api = staffApi(() => h.base, tokens);
  /** A complaint of a household in the registry, registered over the API; its case id once in the SPV's queue. */
  const complaintCase = async () => {
    const s = serial++;
    const registered = await registeredCase(api, {
      nikSerial: s,
      kkSerial: s,
      name: `Warga ${s}`,
      birthDate: '1980-02-10',
      kkIssueDate: '2011-04-01',
      street: `Jl. Kenanga ${s}`,
      rt: '001',
      rw: '002',
      description: 'Kartu KKS hilang, bantuan tidak dapat diambil.',
      idempotencyKey: `puskesos-flows-${s}`,
    });
    cases.push(registered.caseId);
    return registered;
  };

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_puskesos');
    for (const u of ['demo.admin', 'demo.fo', 'demo.spv', 'demo.mj', 'demo.bo']) tokens[u] = await h.stack.token(u);
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('SPV on a phone: "Selesaikan di Puskesos" with what was done; the case ends resolved, the note in its history', async () => {
    const { caseId, receipt } = await complaintCase();
    const page = await h.signedIn('demo.spv', PHONE);
    await page.goto(`/kasus/${caseId}`);
    await page.getByRole('heading', { name: `Kasus ${receipt}` }).waitFor();
    const actions = page.getByRole('region', { name: 'Tindakan' });
    await actions.getByRole('button', { name: 'Rujuk ke layanan desa' }).waitFor();
    await actions.getByRole('button', { name: 'Selesaikan di Puskesos' }).click();
    const dialog = page.getByRole('dialog', { name: 'Selesaikan di Puskesos' });
    // Too short: the field says so, nothing is sent.
    await dialog.getByLabel(/^Apa yang sudah dilakukan Puskesos/).fill('ok');
    await dialog.getByRole('button', { name: 'Selesaikan di Puskesos' }).click();
    await dialog.getByText('Tuliskan apa yang sudah dilakukan (paling sedikit 10 karakter).').waitFor();
    await dialog.getByLabel(/^Jenis penanganan/).selectOption('pendampingan');
    await dialog
      .getByLabel(/^Apa yang sudah dilakukan Puskesos/)
      .fill('Warga didampingi mengurus kartu KKS pengganti di bank penyalur.');
    await expectAccessible(page, 'puskesos-resolve-dialog-phone');
    await screenshot(page, 'puskesos-resolve-dialog-phone');
    await dialog.getByRole('button', { name: 'Selesaikan di Puskesos' }).click();
    await page.getByText('Kasus diselesaikan di Puskesos').waitFor();
    await page.getByText(/Diselesaikan di Puskesos \(Pendampingan\): Warga didampingi/).waitFor();
    const view = await api('GET', `/v1/cases/${caseId}`, 'demo.spv');
    expect(view.state).toBe('resolved');
    await expectAccessible(page, 'puskesos-resolved-phone');
    await screenshot(page, 'puskesos-resolved-phone');
    await page.context().close();
  });

  it('SPV refers a case to a service of its own desa: the dialog offers only the desa-level owners serving that desa', async () => {
    const base = {
      level: 'desa',
      nonGovernment: false,
      programmeCodes: ['PKH'],
      requiredDocuments: ['KTP'],
      personalFields: ['name', 'address', 'desaCode'],
      responseDays: 3,
      active: true,
    };
    await api('POST', '/v1/programme-owners', 'demo.admin', {
      ...base,
      code: 'pkk-kel-1001',
      name: 'Tim PKK Kelurahan Pahandut',
      serviceArea: ['62.71.01.1001'],
      contact: 'Kantor kelurahan',
    });
    await api('POST', '/v1/programme-owners', 'demo.admin', {
      ...base,
      code: 'pkk-kel-1002',
      name: 'Tim PKK Kelurahan Sebelah',
      serviceArea: ['62.71.01.1002'],
      contact: 'Kantor kelurahan',
    });
    const { caseId } = await complaintCase();
    const page = await h.signedIn('demo.spv', PHONE);
    await page.goto(`/kasus/${caseId}`);
    await page.getByRole('region', { name: 'Tindakan' }).getByRole('button', { name: 'Rujuk ke layanan desa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rujuk ke layanan desa' });
    const choices = dialog.getByRole('group', { name: /Layanan di desa\/kelurahan ini/ });
    await choices.getByRole('checkbox', { name: 'Tim PKK Kelurahan Pahandut' }).check();
    // Another desa's service and the kab/kota and national owners are not offered (the seeded
    // "Pemerintah Desa" serves every desa: its service area is the province).
    const offered = await dialog
      .getByRole('checkbox')
      .evaluateAll((boxes) => boxes.map((b) => b.closest('.mantine-Checkbox-root')?.textContent?.trim()));
    expect(offered.sort()).toEqual(['Pemerintah Desa', 'Tim PKK Kelurahan Pahandut']);
    await dialog.getByLabel(/^Rekomendasi untuk pemilik program/).fill('Mohon kunjungan rumah oleh kader PKK.');
    await expectAccessible(page, 'refer-desa-dialog-phone');
    await screenshot(page, 'refer-desa-dialog-phone');
    await dialog.getByRole('button', { name: 'Ya, rujuk ke layanan desa' }).click();
    await page.getByRole('status').filter({ hasText: 'Dirujuk' }).first().waitFor();
    const view = await api('GET', `/v1/cases/${caseId}`, 'demo.spv');
    expect(view.state).toBe('referred');
    expect((view.referrals as Array<{ ownerCode: string }>).map((r) => r.ownerCode)).toEqual(['pkk-kel-1001']);
    await page.context().close();
  });

  it('ADMIN on the settings desk: a partner\u2019s agreement with its signed PDF, listed as in force', async () => {
    await api('POST', '/v1/programme-owners', 'demo.admin', {
      code: 'rs-harapan',
      name: 'RS Swasta Harapan Kita',
      level: 'kabkota',
      nonGovernment: true,
      programmeCodes: ['PBI'],
      serviceArea: ['62.71'],
      requiredDocuments: ['KTP'],
      personalFields: ['name', 'address', 'desaCode'],
      responseDays: 7,
      contact: 'humas@rs.example',
      active: true,
    });
    const page = await h.signedIn('demo.admin');
    await page.goto('/pengaturan/mitra');
    await page.getByRole('heading', { name: 'Mitra non-pemerintah dan perjanjian kerja sama' }).waitFor();
    const section = page.getByRole('region', { name: 'RS Swasta Harapan Kita' });
    await section.getByText('Tidak ada perjanjian yang berlaku hari ini').waitFor();
    await section.getByRole('button', { name: /^Catat perjanjian/ }).click();
    const dialog = page.getByRole('dialog', { name: /Perjanjian kerja sama dengan RS Swasta Harapan Kita/ });
    const year = new Date().getFullYear();
    await dialog.getByLabel(/^Nomor perjanjian/).fill(`PKS/07/RS/${year}`);
    await dialog.getByLabel(/^Kode program/).fill('PKH');
    await dialog.getByLabel(/^Berlaku mulai/).fill(`${year}-01-01`);
    await dialog.getByLabel(/^Berlaku sampai/).fill(`${year}-12-31`);
    // Without the PDF: the API's field error beside the field.
    await dialog.getByRole('button', { name: 'Simpan perjanjian' }).click();
    await dialog
      .getByText(/Unggah dokumen perjanjian/)
      .first()
      .waitFor();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'pks-rs-harapan.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expectAccessible(page, 'partners-agreement-form');
    await screenshot(page, 'partners-agreement-form');
    await dialog.getByRole('button', { name: 'Simpan perjanjian' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Perjanjian PKS/07/RS/${year} tersimpan.` })
      .waitFor();
    await section.getByText('Program yang berlaku hari ini: PKH').waitFor();
    await section.getByText('Berlaku', { exact: true }).waitFor();
    await expectAccessible(page, 'partners-list');
    await screenshot(page, 'partners-list');
    await page.context().close();
  });

  it('a kab/kota owner (PO of Dinas Sosial) passes its referral up to the centre: "Teruskan ke tingkat atas"', async () => {
    await api('POST', '/v1/users', 'demo.admin', {
      username: 'po.dinsos',
      displayName: 'Pengelola Dinas Sosial',
      password: DEMO_PASSWORD,
      roles: ['PO'],
      regionScope: ['62.71'],
      ownerCode: 'dinsos',
    });
    const { caseId } = await complaintCase();
    const c1 = await api('POST', `/v1/cases/${caseId}/actions`, 'demo.spv', { action: 'forward', expectedVersion: 1 });
    const c2 = await api('POST', `/v1/cases/${caseId}/actions`, 'demo.mj', {
      action: 'approve',
      expectedVersion: c1.version,
    });
    const sent = await api('POST', `/v1/cases/${caseId}/actions`, 'demo.bo', {
      action: 'send',
      expectedVersion: c2.version,
      ownerCodes: ['dinsos'],
      overrideReason: 'Penggantian KKS dikoordinasikan Dinas Sosial.',
    });
    const referralId = (sent.referrals as Array<{ referralId: string }>)[0]!.referralId;

    const page = await h.signedIn('po.dinsos', PHONE);
    await page.goto(`/rujukan-masuk/${referralId}`);
    const section = page.getByRole('region', { name: 'Teruskan ke tingkat atas' });
    await section.getByRole('button', { name: 'Teruskan ke tingkat atas' }).click();
    const dialog = page.getByRole('dialog', { name: 'Teruskan ke tingkat atas' });
    await dialog.getByRole('button', { name: 'Teruskan rujukan' }).click();
    await dialog.getByText('Pilih pengelola program tujuan.').waitFor();
    const target = dialog.getByLabel(/^Pengelola program tujuan/);
    // Only owners above the kab/kota are offered.
    expect(await target.locator('option', { hasText: 'Dinas Kependudukan' }).count()).toBe(0);
    await target.selectOption('kemensos-pkh');
    await dialog
      .getByLabel(/^Alasan meneruskan/)
      .fill('Penerbitan ulang KKS PKH adalah kewenangan Kementerian Sosial.');
    await expectAccessible(page, 'owner-forward-dialog-phone');
    await screenshot(page, 'owner-forward-dialog-phone');
    await dialog.getByRole('button', { name: 'Teruskan rujukan' }).click();
    await page.getByText(/Rujukan diteruskan ke Kementerian Sosial/).waitFor();
    await page.getByText('Diteruskan ke tingkat atas').first().waitFor();
    await expectAccessible(page, 'owner-forwarded-phone');
    await screenshot(page, 'owner-forwarded-phone');
    await page.context().close();

    const view = await api('GET', `/v1/cases/${caseId}`, 'demo.bo');
    expect(
      (view.referrals as Array<{ ownerCode: string; status: string }>).map((r) => [r.ownerCode, r.status]),
    ).toEqual([
      ['dinsos', 'forwarded'],
      ['kemensos-pkh', 'sent'],
    ]);
    expect((view.history as Array<{ action: string }>).at(-1)!.action).toBe('owner-forward');
  });
});
