/* eslint-disable max-lines -- browser spec of console: front office (Informasi dan Registrasi): its tests share one booted stack, which takes seconds to start */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createApiClient, type ApiClient, type Schemas } from '@slrt/api-client';
import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import type { Page, Request } from 'playwright-core';
import { ConsoleHarness, PHONE, expectAccessible, screenshot, signIn } from '../support/browser.js';

/**
 * The front office's desk in the browser against the real platform: a person looked up in the
 * registry (masked, with the earlier complaint), a complaint registered from the lookup with a
 * field error fixed in place, the possible duplicate confirmed, the connection lost on the first
 * save and the retry carrying the same Idempotency-Key (one complaint recorded), the receipt
 * printed (PDF), the complaint in Riwayat, corrected across a stale version, another withdrawn;
 * the registration form on a phone, its draft surviving a reload and not a sign-out.
 */
jest.setTimeout(180_000);

const nik = generateNik({ regionCode: '62.71.01', birthDate: '1984-03-12', sex: 'F', serial: 77 });
const kk = generateKk({ regionCode: '62.71.01', issueDate: '2012-05-01', serial: 78 });
const DESCRIPTION = 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.';

describe('console: front office (Informasi dan Registrasi)', () => {
  let h: ConsoleHarness;
  let fo: ApiClient;
  let page: Page;
  let earlierId: string;
  let registeredId: string;

  async function api(username: string, base: string): Promise<ApiClient> {
    const token = await h.stack.token(username);
    return createApiClient(base, { accessToken: token });
  }

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_fo');
    const admin = await h.stack.token('demo.admin');
    // The registry knows Siti's household (a DTSEN snapshot uploaded through the gateway).
    const csv = [
      'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip',
      `${nik},${kk},Siti Aminah,1984-03-12,P,Istri,"Jl. Melati No. 7",62.71.01.1001,2,1,0,1,0`,
    ].join('\n');
    const started = await fetch(`${h.base}/v1/registry/imports?dataPeriod=2026-09&profile=dtsen`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: `${csv}\n`,
    });
    expect(started.status).toBeLessThan(300);
    const job = (await started.json()) as { jobId: string };
    await waitFor(
      async () => {
        const r = await fetch(`${h.base}/v1/registry/imports/${job.jobId}`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        return ((await r.json()) as { status: string }).status === 'succeeded';
      },
      { timeoutMs: 30_000, message: 'snapshot imported' },
    );
    // An earlier open complaint of Siti about PKH: the new one is a possible duplicate.
    fo = await api('demo.fo', h.base);
    const earlier = await fo.POST('/v1/complaints', {
      params: { header: { 'Idempotency-Key': 'fo-console-earlier-0001' } },
      body: {
        channel: 'PUSKESOS_FO',
        subject: {
          nik,
          name: 'Siti Aminah',
          birthDate: '1984-03-12',
          sex: 'F',
          address: { desaCode: '62.71.01.1001' },
          consent: true,
        },
        relationship: 'self',
        anonymous: false,
        confidential: false,
        complaint: {
          category: 'non-kepesertaan',
          contactType: 'pengaduan',
          programmeCodes: ['PKH'],
          sector: 'sosial-ekonomi',
          description: 'Kartu KKS belum diterima sejak bulan Juli.',
          documentsReceived: ['KTP'],
        },
      },
    });
    expect(earlier.response.status).toBe(201);
    earlierId = earlier.data!.complaintId;
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it("offers the desa/kelurahan of the user's scope for the picker (listScopeRegions)", async () => {
    const own = await fo.GET('/v1/regions');
    expect(own.data).toEqual({
      items: [
        {
          code: '62.71.01.1001',
          name: expect.any(String),
          kecamatanCode: '62.71.01',
          kecamatanName: expect.any(String),
        },
      ],
      truncated: false,
    });
    // A supervisor of the kecamatan sees all its desa/kelurahan, in code order.
    const spv = await (await api('demo.spv', h.base)).GET('/v1/regions');
    const codes = spv.data!.items.map((r) => r.code);
    expect(codes.length).toBeGreaterThan(1);
    expect(codes.every((c) => c.startsWith('62.71.01.'))).toBe(true);
    expect(codes).toEqual([...codes].sort());
  });

  it('looks a person up by NIK (masked) and shows their earlier complaint', async () => {
    page = await h.signedIn('demo.fo');
    // The FO starts on Cari warga.
    await page.getByRole('heading', { name: 'Cari warga' }).waitFor();
    await expectAccessible(page, 'fo-lookup');
    await page.getByRole('textbox', { name: 'NIK' }).fill(nik);
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByText('1 rumah tangga ditemukan').waitFor();
    // Masked by default: the NIK appears only as its last four digits.
    const table = page.getByRole('table').first();
    expect(await table.innerText()).toContain(`************${nik.slice(-4)}`);
    expect(await table.innerText()).not.toContain(nik);
    await page.getByRole('heading', { name: 'Keluhan sebelumnya' }).waitFor();
    await page
      .getByRole('link', { name: /^\d{4}-\d{4}-\d{6}$/ })
      .first()
      .waitFor();
    await expectAccessible(page, 'fo-lookup-result');
    await screenshot(page, 'fo-lookup');
    // "Tampilkan" asks the reason, then shows the full NIK and birth date (the registry logs it).
    await page.getByRole('button', { name: 'Tampilkan NIK/KK lengkap' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tampilkan data lengkap' });
    await dialog.getByLabel(/^Alasan/).fill('Pendaftaran keluhan di loket');
    await expectAccessible(page, 'fo-lookup-reveal');
    await dialog.getByRole('button', { name: 'Tampilkan', exact: true }).click();
    await page.getByText('NIK/KK ditampilkan lengkap').waitFor();
    expect(await page.getByRole('table').first().innerText()).toContain(nik);
  });

  it('registers from the lookup: a field error fixed in place, the possible duplicate confirmed, the lost first save retried with the same key', async () => {
    await page.getByRole('button', { name: 'Daftarkan keluhan untuk Siti Aminah' }).click();
    await page.getByRole('heading', { name: 'Daftarkan keluhan' }).waitFor();
    // Prefilled from the registry.
    expect(await page.locator('[id="field-subject.name"]').inputValue()).toBe('Siti Aminah');
    expect(await page.locator('[id="field-subject.nik"]').inputValue()).toBe(nik);
    expect(await page.locator('[id="field-subject.birthDate"]').inputValue()).toBe('1984-03-12');
    await expectAccessible(page, 'fo-register');

    // A NIK whose date cannot be: the API's field error lands beside the field and in the summary.
    await page.locator('[id="field-subject.nik"]').fill(`${nik.slice(0, 6)}999999${nik.slice(12)}`);
    await page.locator('[id="field-subject.consent"]').check();
    await page.getByRole('combobox', { name: 'Program yang dikeluhkan' }).click();
    await page.getByRole('option', { name: /^PKH/ }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('KTP', { exact: true }).check();
    await page.getByLabel(/^Uraian keluhan/).fill(DESCRIPTION);
    await page.getByRole('button', { name: 'Simpan keluhan' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Periksa isian berikut' });
    await summary.waitFor();
    await summary.getByRole('link', { name: 'NIK subjek' }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('field-subject.nik');
    const describedBy = await page.locator('[id="field-subject.nik"]').getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    await screenshot(page, 'fo-register-field-error');
    await page.locator('[id="field-subject.nik"]').fill(nik);

    // The first save reaches the server but its answer is lost; the retry must not record it twice.
    const keys: string[] = [];
    let first = true;
    await page.route('**/v1/complaints', async (route, request: Request) => {
      if (request.method() !== 'POST') return route.continue();
      keys.push((await request.headerValue('idempotency-key')) ?? '');
      if (first) {
        first = false;
        const response = await route.fetch();
        expect(response.status()).toBe(201);
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });

    await page.getByRole('button', { name: 'Simpan keluhan' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Mungkin keluhan yang sama sudah ada' });
    await warning.waitFor();
    await expectAccessible(page, 'fo-register-duplicate');
    await screenshot(page, 'fo-register-duplicate');
    await warning.getByRole('button', { name: 'Tetap simpan sebagai keluhan baru' }).click();

    await page.getByRole('alert').filter({ hasText: 'Tidak ada koneksi' }).waitFor();
    // The form is intact.
    expect(await page.getByLabel(/^Uraian keluhan/).inputValue()).toBe(DESCRIPTION);
    await screenshot(page, 'fo-register-offline');
    await page.getByRole('button', { name: 'Coba simpan lagi' }).click();
    await page.getByRole('heading', { name: 'Keluhan tersimpan' }).waitFor();
    await page.unroute('**/v1/complaints');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    registeredId = /\/keluhan\/([0-9a-f-]{36})\/resi/.exec(page.url())![1]!;
    // Exactly one new complaint for Siti: the earlier one and this one.
    const mine = await fo.POST('/v1/complaints/search-by-person', { body: { nik } });
    expect(mine.data!.items.map((c) => c.complaintId).sort()).toEqual([earlierId, registeredId].sort());
    // The draft is gone once saved.
    expect(await page.evaluate("Object.keys(sessionStorage).filter((k) => k.startsWith('slrt.draft.'))")).toEqual([]);
  });

  it('shows the receipt with the duplicate noted and prints it (PDF)', async () => {
    const number = await page.getByTestId('receipt-number').innerText();
    expect(number).toMatch(/^\d{4}-\d{4}-\d{6}$/);
    await page
      .getByRole('heading', { name: 'Perhatian' })
      .or(page.getByText('Ditandai mungkin sama'))
      .first()
      .waitFor();
    await expectAccessible(page, 'fo-receipt');
    await screenshot(page, 'fo-receipt');
    await page.locator('label', { hasText: 'Termal 80 mm' }).click();
    // Headless Chromium has no print dialog (its renderer crashes on print()): the frame's
    // print() is recorded instead, after the PDF was loaded into the hidden frame.
    await page.evaluate(
      `Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', { configurable: true, get() { const src = this.src; return { focus() {}, print() { window.__printed = src; } }; } })`,
    );
    const pdf = page.waitForResponse(
      (r) => r.url().includes(`/v1/complaints/${registeredId}/receipt?layout=thermal-80`) && r.status() === 200,
    );
    await page.getByRole('button', { name: 'Cetak resi' }).click();
    const response = await pdf;
    expect(response.headers()['content-type']).toBe('application/pdf');
    const same = await fo.GET('/v1/complaints/{id}/receipt', {
      params: { path: { id: registeredId }, query: { layout: 'thermal-80' } },
      parseAs: 'blob',
    });
    expect(
      Buffer.from(await same.data!.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await page.getByText('Dokumen dibuka untuk dicetak.').waitFor();
    await waitFor(async () => String(await page.evaluate('window.__printed || ""')).startsWith('blob:'), {
      timeoutMs: 10_000,
      message: 'print() called on the frame holding the PDF',
    });
    // A fresh page again (the real contentWindow back) for what follows.
    await page.reload();
  });

  it('finds it in Riwayat keluhan, opens it, and corrects it across a stale version', async () => {
    await page.getByRole('link', { name: 'Riwayat keluhan' }).click();
    await page.getByRole('heading', { name: 'Riwayat keluhan' }).waitFor();
    const number = (await fo.GET('/v1/complaints/{id}', { params: { path: { id: registeredId }, query: {} } })).data!
      .receiptNumber;
    const link = page.getByRole('link', { name: `Buka keluhan ${number}` });
    await link.waitFor();
    await page.mouse.move(1000, 700); // not hovering the menu entry just clicked
    await expectAccessible(page, 'fo-history');
    await screenshot(page, 'fo-history');
    await link.click();
    await page.getByRole('heading', { name: `Keluhan ${number}` }).waitFor();
    await page.getByRole('heading', { name: 'Perjalanan keluhan' }).waitFor();
    await page.getByText('Diterima', { exact: false }).first().waitFor();
    await expectAccessible(page, 'fo-detail');
    await screenshot(page, 'fo-detail');

    await page.getByRole('link', { name: 'Koreksi' }).click();
    await page.getByRole('heading', { name: `Koreksi keluhan ${number}` }).waitFor();
    await page.getByLabel(/^Uraian keluhan/).fill(`${DESCRIPTION} Koreksi: sejak Juli.`);
    await page.getByLabel(/^Alasan koreksi/).fill('Salah tulis bulan');
    // Meanwhile someone else corrects it (version 1 → 2).
    const full = (
      await fo.GET('/v1/complaints/{id}', {
        params: {
          path: { id: registeredId },
          query: { reveal: true, revealReason: 'Pemeriksaan hasil koreksi dalam uji' },
        },
      })
    ).data!;
    const s = full.persons.find((p) => p.role === 'subject')!;
    const other = await fo.PUT('/v1/complaints/{id}', {
      params: { path: { id: registeredId } },
      body: {
        expectedVersion: full.version ?? 1,
        reason: 'Tempat pencatatan dilengkapi',
        complaint: {
          channel: 'PUSKESOS_FO',
          place: 'Puskesos Kelurahan Pahandut',
          subject: {
            nik: s.nik!,
            noKk: s.noKk ?? undefined,
            name: s.name,
            birthDate: s.birthDate ?? undefined,
            sex: s.sex ?? undefined,
            address: { desaCode: s.desaCode, street: s.street ?? undefined },
            consent: s.consent,
          },
          relationship: 'self',
          anonymous: false,
          confidential: false,
          complaint: {
            category: 'non-kepesertaan',
            contactType: 'pengaduan',
            programmeCodes: ['PKH'],
            sector: 'sosial-ekonomi',
            description: DESCRIPTION,
            documentsReceived: ['KTP'],
          } as Schemas['ComplaintBodyV1'],
        },
      },
    });
    expect(other.response.status).toBe(200);
    await page.getByRole('button', { name: 'Simpan koreksi' }).click();
    await page.getByRole('alert').filter({ hasText: 'sudah diubah orang lain' }).waitFor();
    await screenshot(page, 'fo-correct-stale');
    // The operator's edit is still there; saving again applies it on the latest version.
    expect(await page.getByLabel(/^Uraian keluhan/).inputValue()).toContain('Koreksi: sejak Juli.');
    await page.getByRole('button', { name: 'Simpan koreksi' }).click();
    await page.getByRole('heading', { name: `Keluhan ${number}` }).waitFor();
    await page.getByText('Koreksi: sejak Juli.').waitFor();
    // The page may show the heading and the text before the save's answer is in: read until it is.
    const after = await waitFor(
      async () => {
        const r = (await fo.GET('/v1/complaints/{id}', { params: { path: { id: registeredId }, query: {} } })).data!;
        return r.version === (full.version ?? 1) + 2 ? r : null;
      },
      { timeoutMs: 15_000, message: 'the correction saved on the latest version' },
    );
    expect(after.description).toContain('Koreksi: sejak Juli.');
  });

  it('withdraws the earlier complaint after confirming with a reason', async () => {
    await page.goto(`/keluhan/${earlierId}`);
    await page.getByRole('button', { name: 'Tarik keluhan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tarik keluhan ini?' });
    await dialog.waitFor();
    await expectAccessible(page, 'fo-withdraw-dialog');
    await screenshot(page, 'fo-withdraw-dialog');
    await dialog.getByLabel(/^Alasan penarikan/).fill('Warga sudah menerima KKS');
    await dialog.getByRole('button', { name: 'Ya, tarik keluhan' }).click();
    await page.getByText('Keluhan sudah ditarik.').waitFor();
    const withdrawn = await fo.GET('/v1/complaints/{id}', { params: { path: { id: earlierId }, query: {} } });
    expect(withdrawn.data!.status).toBe('withdrawn');
    await page.context().close();
  });

  it('works on a phone: the registration form fits, its draft survives a reload and not a sign-out', async () => {
    const phone = await h.signedIn('demo.fo', PHONE);
    await phone.goto('/keluhan/baru');
    await phone.getByRole('heading', { name: 'Daftarkan keluhan' }).waitFor();
    await expectAccessible(phone, 'fo-register-phone');
    const overflow = (await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    // The camera input: photos or PDFs, the phone's camera offered.
    const file = phone.locator('#field-attachments');
    expect(await file.getAttribute('accept')).toBe('image/*,application/pdf');
    expect(await file.getAttribute('capture')).not.toBeNull();
    await phone.locator('[id="field-subject.name"]').fill('Budi Santoso');
    await phone.getByLabel(/^Uraian keluhan/).fill('Anak belum menerima PIP tahun ini.');
    await screenshot(phone, 'fo-register-phone');
    await phone.reload();
    await phone.getByRole('heading', { name: 'Daftarkan keluhan' }).waitFor();
    expect(await phone.locator('[id="field-subject.name"]').inputValue()).toBe('Budi Santoso');
    await phone.getByText('Isian yang belum disimpan dipulihkan.').waitFor();
    // Signing out drops the draft: the next person at this counter does not see it.
    await phone.getByRole('button', { name: 'Keluar' }).click();
    await signIn(phone, 'demo.fo');
    await phone.goto('/keluhan/baru');
    await phone.getByRole('heading', { name: 'Daftarkan keluhan' }).waitFor();
    expect(await phone.locator('[id="field-subject.name"]').inputValue()).toBe('');
    await phone.context().close();
  });

  it('on a slow link takes typing before its scripts have run, and hands what was typed to the application', async () => {
    // The page's markup comes with the document (dist/prerendered/keluhan/baru.html); the
    // application's entry is held back here, as a slow link would, until the typing is done.
    const tab = await h.signedIn('demo.fo');
    let release!: () => void;
    const held = new Promise<void>((done) => (release = done));
    await tab.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const nikField = tab.locator('[id="field-subject.nik"]');
    // (DOMContentLoaded would wait for the held script.)
    try {
      await tab.goto('/keluhan/baru', { waitUntil: 'commit' });
      await tab.locator('#prerendered').waitFor();
      expect(await tab.locator('#root').isVisible()).toBe(false);
      await expectAccessible(tab, 'fo-register-before-scripts');
      await screenshot(tab, 'fo-register-before-scripts');
      await nikField.click();
      await nikField.pressSequentially('6271');
      // Enter does not send the half-typed form anywhere (no application to send it yet).
      await nikField.press('Enter');
      expect(new URL(tab.url()).search).toBe('');
      await tab.locator('[id="field-subject.name"]').fill('Siti Aminah');
      await tab.getByRole('radio', { name: /^Kepesertaan/ }).check();
      await tab.getByRole('checkbox', { name: 'KTP', exact: true }).check();
      await tab.locator('[id="field-complaint.description"]').fill('PKH belum cair.');
      await nikField.click();
      await nikField.press('End');
    } finally {
      release();
    }
    await tab.locator('#prerendered').waitFor({ state: 'detached' });
    // One form now, the application's, with everything typed before, and the cursor where it was.
    expect(await tab.locator('[id="field-subject.nik"]').count()).toBe(1);
    expect(await nikField.inputValue()).toBe('6271');
    expect(await tab.locator('[id="field-subject.name"]').inputValue()).toBe('Siti Aminah');
    expect(await tab.getByRole('radio', { name: /^Kepesertaan/ }).isChecked()).toBe(true);
    expect(await tab.getByRole('checkbox', { name: 'KTP', exact: true }).isChecked()).toBe(true);
    expect(await tab.locator('[id="field-complaint.description"]').inputValue()).toBe('PKH belum cair.');
    expect(await tab.evaluate('document.activeElement && document.activeElement.id')).toBe('field-subject.nik');
    await tab.keyboard.type('01');
    expect(await nikField.inputValue()).toBe('627101');
    expect(await tab.getByText('Isian yang belum disimpan dipulihkan.').count()).toBe(0);
    await expectAccessible(tab, 'fo-register-taken-over');

    // Now a draft: a reload shows the application's restored form, not an empty markup.
    await tab.unroute(/\/assets\/index-[^/]+\.js$/);
    await tab.reload();
    await tab.getByText('Isian yang belum disimpan dipulihkan.').waitFor();
    expect(await tab.locator('[id="field-subject.name"]').inputValue()).toBe('Siti Aminah');
    expect(await tab.locator('#prerendered').count()).toBe(0);
    await tab.getByRole('button', { name: 'Kosongkan formulir' }).click();
    await tab.context().close();

    // A tab without a session gets the sign-in page, not the form.
    const anonymous = await (await h.context()).newPage();
    await anonymous.goto('/keluhan/baru');
    await anonymous.getByRole('heading', { name: 'Masuk ke konsol SLRT' }).waitFor();
    expect(await anonymous.locator('#prerendered').count()).toBe(0);
    await anonymous.context().close();
  });
});
