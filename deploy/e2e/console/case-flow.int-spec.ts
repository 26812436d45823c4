import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitFor } from '@slrt/testing';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';
import { staffApi } from '../support/gateway-http.js';
import { SITI_AMINAH, registeredCase } from '../support/registered-case.js';

/**
 * The case desks in the browser, on the real platform: a complaint registered at the front desk
 * (over the API: the FO's page is tested on its own) reaches the supervisor's queue; the SPV
 * forwards it in the console while a second page of the same case provokes a version conflict;
 * the manager approves; the back office sends the referral (the routing rule's suggestion plus an
 * owner outside it, with the reason the API demands); the programme owner answers in its own
 * pages; supervisor and back office see the answer and the outcome; every staff member's inbox
 * shows its items. axe on each main page, a phone viewport for the supervisor, screenshots.
 */
jest.setTimeout(180_000);

describe('console: the case flow across roles', () => {
  let h: ConsoleHarness;
  const tokens: Record<string, string> = {};
  let receipt = '';
  let caseId = '';
  let extraOwnerName = '';

  const api = staffApi(() => h.base, tokens);

  const noOverflow = async (page: Page) =>
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_cases');
    for (const u of ['demo.admin', 'demo.fo', 'demo.spv', 'demo.bo']) tokens[u] = await h.stack.token(u);
    // The registry knows the household (a DTSEN snapshot), so the complaint goes to review.
    ({ caseId, receipt } = await registeredCase(api, {
      ...SITI_AMINAH,
      nikSerial: 41,
      kkSerial: 42,
      idempotencyKey: 'console-case-flow-0001',
    }));
    const owners = (await api('GET', '/v1/programme-owners', 'demo.bo')).items as Array<{ code: string; name: string }>;
    extraOwnerName = owners.find((o) => o.code === 'dinsos')!.name;
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('SPV on a phone: the queue is the home page, the case shows the complaint masked and only the SPV\u2019s actions', async () => {
    const page = await h.signedIn('demo.spv', PHONE);
    await page.getByRole('heading', { name: 'Antrean kasus' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/antrean');
    await page.getByRole('tab', { name: /^Perlu tindakan saya \(1\)$/ }).waitFor();
    const row = page.getByRole('link', { name: new RegExp(receipt) });
    await row.waitFor();
    expect(await row.innerText()).toContain('Menunggu SPV');
    await expectAccessible(page, 'queue-spv-phone');
    await noOverflow(page);
    await screenshot(page, 'queue-spv-phone');

    await row.click();
    await page.getByRole('heading', { name: `Kasus ${receipt}` }).waitFor();
    await page.getByText('Bantuan PKH tahap ketiga belum diterima sejak Agustus.').waitFor();
    const text = await page.locator('main').innerText();
    // Personal data masked; nothing personal in the URL or title.
    expect(text).not.toMatch(/\d{16}/);
    expect(text).toContain('Terdaftar di DTKS/DTSEN');
    expect(page.url()).not.toMatch(/\d{16}/);
    const actions = page.getByRole('region', { name: 'Tindakan' });
    for (const name of [
      'Teruskan ke manajer',
      'Kembalikan dengan pertanyaan',
      'Selesaikan di Puskesos',
      'Tarik pengaduan',
    ])
      await actions.getByRole('button', { name }).waitFor();
    expect(await actions.getByRole('button', { name: 'Setujui' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Kirim rujukan' }).count()).toBe(0);
    await expectAccessible(page, 'case-spv-phone');
    await noOverflow(page);
    await screenshot(page, 'case-spv-phone');
    await page.context().close();
  });

  it('SPV forwards while a second page of the same case is stale: the conflict is explained and the typed question kept', async () => {
    const stale = await h.signedIn('demo.spv');
    await stale.goto(`/kasus/${caseId}`);
    await stale.getByRole('button', { name: 'Kembalikan dengan pertanyaan' }).click();
    const question = 'Mohon lampirkan fotokopi KKS penerima.';
    const staleDialog = stale.getByRole('dialog', { name: 'Kembalikan dengan pertanyaan' });
    await staleDialog.getByLabel(/^Pertanyaan untuk front office/).fill(question);

    const page = await h.signedIn('demo.spv');
    await page.goto(`/kasus/${caseId}`);
    await page.getByRole('button', { name: 'Teruskan ke manajer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Teruskan ke manajer' });
    await expectAccessible(page, 'case-action-dialog');
    await screenshot(page, 'case-action-dialog');
    await dialog.getByRole('button', { name: 'Ya, teruskan ke manajer' }).click();
    await page.getByRole('status').filter({ hasText: 'Menunggu manajer' }).waitFor();
    expect(await page.getByRole('button', { name: 'Teruskan ke manajer' }).count()).toBe(0);

    await staleDialog.getByRole('button', { name: 'Ya, kembalikan dengan pertanyaan' }).click();
    const alert = staleDialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Kasus sudah diubah orang lain');
    await alert.getByText('tidak lagi dapat Anda lakukan').waitFor();
    expect(await staleDialog.getByLabel(/^Pertanyaan untuk front office/).inputValue()).toBe(question);
    await expectAccessible(stale, 'case-conflict');
    await screenshot(stale, 'case-conflict');
    await staleDialog.getByRole('button', { name: 'Batal' }).click();
    // The page shows the case as it is now.
    await stale.getByText('Menunggu manajer').first().waitFor();
    await stale.context().close();
    await page.context().close();
  });

  it('MJ approves from the queue', async () => {
    const page = await h.signedIn('demo.mj');
    await page.getByRole('heading', { name: 'Antrean kasus' }).waitFor();
    await page.getByRole('link', { name: new RegExp(receipt) }).click();
    await page.getByRole('heading', { name: `Kasus ${receipt}` }).waitFor();
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByRole('dialog', { name: 'Setujui' }).getByRole('button', { name: 'Ya, setujui' }).click();
    await page.getByRole('status').filter({ hasText: 'Disetujui, siap dirujuk' }).waitFor();
    await page.getByText(/Teruskan ke manajer → Menunggu manajer/).waitFor();
    await page.context().close();
  });

  it('BO sends the referral: the suggestion is preselected, another owner needs a reason beside the field', async () => {
    const page = await h.signedIn('demo.bo');
    await page.getByRole('heading', { name: 'Rujukan dan tindak lanjut' }).waitFor();
    await page.getByRole('link', { name: new RegExp(receipt) }).waitFor();
    await expectAccessible(page, 'queue-bo');
    await screenshot(page, 'queue-bo');
    await page.getByRole('link', { name: new RegExp(receipt) }).click();
    await page.getByRole('button', { name: 'Kirim rujukan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kirim rujukan' });
    await dialog.getByText(/^Saran aturan rujukan:/).waitFor();
    const suggested = dialog.getByRole('checkbox', { name: /\(saran\)$/ });
    expect(await suggested.isChecked()).toBe(true);
    await dialog
      .getByRole('checkbox', { name: new RegExp(`^${extraOwnerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
      .check();
    const reason = dialog.getByLabel(/^Alasan memilih tujuan di luar saran/);
    await reason.waitFor();
    // Sent without the reason: the API's field error is shown beside the field and in the summary.
    await dialog.getByRole('button', { name: 'Ya, kirim rujukan' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').innerText()).toContain('Alasan memilih tujuan di luar saran');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'send-referral-error');
    await screenshot(page, 'send-referral-error');
    await reason.fill('Keluarga juga membutuhkan bantuan pangan darurat dari BAZNAS.');
    await dialog.getByLabel(/^Rekomendasi untuk pemilik program/).fill('Mohon cek penyaluran PKH tahap III.');
    await dialog.getByRole('button', { name: 'Ya, kirim rujukan' }).click();
    await page.getByRole('status').filter({ hasText: 'Dirujuk' }).waitFor();
    const referrals = page.getByRole('region', { name: 'Rujukan dan jawaban pemilik program' });
    await referrals.getByText(extraOwnerName).waitFor();
    expect(await referrals.getByText('Terkirim').count()).toBe(2);
    await expectAccessible(page, 'case-bo-referred');
    await screenshot(page, 'case-bo-referred');

    // Two pages record a follow-up: the later one gets the version conflict, keeps its note, and
    // goes through once the user sends it again on the refreshed case.
    const other = await h.signedIn('demo.bo');
    await other.goto(`/kasus/${caseId}`);
    await other.getByRole('button', { name: 'Catat tindak lanjut' }).click();
    const otherDialog = other.getByRole('dialog', { name: 'Catat tindak lanjut' });
    await otherDialog.getByLabel(/^Catatan/).fill('Sudah ditelepon ke pengelola PKH kabupaten.');
    await page.getByRole('button', { name: 'Catat tindak lanjut' }).click();
    const dialog2 = page.getByRole('dialog', { name: 'Catat tindak lanjut' });
    await dialog2.getByLabel(/^Catatan/).fill('Warga datang lagi menanyakan perkembangan.');
    await dialog2.getByRole('button', { name: 'Ya, catat tindak lanjut' }).click();
    await page.getByRole('status').filter({ hasText: 'Catat tindak lanjut' }).waitFor();
    await otherDialog.getByRole('button', { name: 'Ya, catat tindak lanjut' }).click();
    const conflict = otherDialog.getByRole('alert');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('Kasus sudah diubah orang lain');
    expect(await otherDialog.getByLabel(/^Catatan/).inputValue()).toBe('Sudah ditelepon ke pengelola PKH kabupaten.');
    await expectAccessible(other, 'case-version-conflict');
    await screenshot(other, 'case-version-conflict');
    await otherDialog.getByRole('button', { name: 'Ya, catat tindak lanjut' }).click();
    await other.getByRole('status').filter({ hasText: 'Catat tindak lanjut' }).waitFor();
    await other.getByText('Sudah ditelepon ke pengelola PKH kabupaten.').waitFor();
    await other.context().close();
    await page.context().close();
  });

  it('PO answers in its own pages: referral in, the person\u2019s data while open, accept then resolve with confirmation', async () => {
    const page = await h.signedIn('demo.po.pkh');
    await page.getByRole('heading', { name: 'Rujukan masuk' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/rujukan-masuk');
    await expectAccessible(page, 'owner-referrals');
    await screenshot(page, 'owner-referrals');
    await page.getByRole('link', { name: receipt }).click();
    await page.getByRole('heading', { name: `Rujukan ${receipt}` }).waitFor();
    await page.getByText('Siti Aminah').waitFor();
    await expectAccessible(page, 'owner-referral');
    await screenshot(page, 'owner-referral');

    // Rejecting without a reason is stopped beside the field.
    await page.getByRole('radio', { name: 'Tolak dengan alasan' }).check();
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.getByText('Pilih alasan penolakan.').waitFor();

    await page.getByRole('radio', { name: 'Terima: akan diproses' }).check();
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await page.getByRole('status').filter({ hasText: 'Jawaban terkirim' }).waitFor();
    await page.getByText('Diterima').first().waitFor();

    await page.getByRole('radio', { name: 'Selesai ditangani' }).check();
    await page.getByLabel('Catatan').fill('Dana PKH tahap III disalurkan ulang 1 Desember.');
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    const confirm = page.getByRole('dialog', { name: 'Kirim jawaban ini?' });
    await confirm.waitFor();
    await screenshot(page, 'owner-confirm');
    await confirm.getByRole('button', { name: 'Ya, kirim jawaban' }).click();
    await page.getByText('Rujukan ini tidak lagi menunggu jawaban.').waitFor();
    await page.context().close();
  });

  it('SPV and BO see the owner\u2019s answer and the outcome; the inbox shows the items with an unread badge', async () => {
    const bo = await h.signedIn('demo.bo');
    await bo.goto(`/kasus/${caseId}`);
    await bo.getByRole('heading', { name: `Kasus ${receipt}` }).waitFor();
    const referrals = bo.getByRole('region', { name: 'Rujukan dan jawaban pemilik program' });
    await referrals.getByText('Dana PKH tahap III disalurkan ulang 1 Desember.').waitFor();
    await bo.getByText('Diselesaikan pemilik program → Selesai').waitFor();
    expect(await bo.getByRole('region', { name: 'Tindakan' }).innerText()).toContain('Tidak ada tindakan');
    await screenshot(bo, 'case-bo-resolved');

    // The back office was told of the owner's answer.
    await waitFor(
      async () =>
        ((await api('GET', '/v1/inbox', 'demo.bo')).items as Array<{ kind: string; caseId: string | null }>).some(
          (i) => i.kind === 'owner-answered' && i.caseId === caseId,
        ),
      { timeoutMs: 30_000, message: 'owner-answered item' },
    );
    await bo.reload();
    const inboxLink = bo.getByRole('link', { name: /^Kotak masuk/ });
    await inboxLink
      .getByText(/belum dibaca/)
      .first()
      .waitFor();
    await inboxLink.click();
    await bo.getByRole('heading', { name: 'Kotak masuk' }).waitFor();
    // The pointer off the menu (a hovered menu entry is not what is being checked).
    await bo.mouse.move(700, 700);
    const items = bo.getByRole('list', { name: 'Pesan' });
    await items
      .getByRole('link', { name: `Buka kasus ${receipt}` })
      .first()
      .waitFor();
    await expectAccessible(bo, 'inbox-bo');
    await screenshot(bo, 'inbox-bo');
    await bo.getByRole('button', { name: 'Tandai semua sudah dibaca' }).click();
    await bo
      .getByRole('status')
      .filter({ hasText: /^0 belum dibaca/ })
      .waitFor();
    await inboxLink
      .getByText(/belum dibaca/)
      .first()
      .waitFor({ state: 'detached' });
    await bo.context().close();

    // The supervisor sees the outcome (and may reopen an ended case).
    const spv = await h.signedIn('demo.spv');
    await spv.goto(`/kasus/${caseId}`);
    await spv.getByRole('heading', { name: `Kasus ${receipt}` }).waitFor();
    await spv.getByText('Selesai', { exact: true }).first().waitFor();
    await spv.getByRole('button', { name: 'Buka kembali' }).waitFor();
    await spv.getByRole('link', { name: /^Kotak masuk/ }).click();
    await spv.mouse.move(700, 700);
    await spv
      .getByRole('list', { name: 'Pesan' })
      .getByRole('link', { name: `Buka kasus ${receipt}` })
      .first()
      .waitFor();
    await expectAccessible(spv, 'inbox-spv');
    await spv.context().close();
  });

  it('the front office that registered it sees the outcome in Riwayat keluhan: referred, answered, resolved, in the citizen\u2019s words', async () => {
    const fo = await h.signedIn('demo.fo');
    await fo.getByRole('link', { name: 'Riwayat keluhan' }).click();
    await fo.getByRole('link', { name: `Buka keluhan ${receipt}` }).click();
    // The citizen-facing timeline, the same wording as the public status page.
    await fo.getByText('Selesai', { exact: true }).first().waitFor();
    const page = await fo.locator('main').innerText();
    expect(page).toMatch(/Dirujuk ke /);
    expect(page).toMatch(/Ditanggapi oleh /);
    await fo.mouse.move(700, 700);
    await expectAccessible(fo, 'complaint-outcome-fo');
    await screenshot(fo, 'complaint-outcome-fo');
    await fo.context().close();
  });
});
