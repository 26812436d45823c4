import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import type { Page } from 'playwright-core';
import { ConsoleHarness, screenshot } from '../support/browser.js';
import { staffApi } from '../support/gateway-http.js';
import { SITI_AMINAH, registeredCase } from '../support/registered-case.js';

/**
 * Every desk's main flow by keyboard alone, on the real platform: after sign-in only
 * `page.keyboard` (Tab, Shift+Tab, Enter, Space, arrows, Escape, typing). Each step checks where
 * focus is, so a control that cannot be reached, a dialog that loses or traps focus, or a focus
 * that lands on the page's body fails the test; the main controls must show a focus indicator.
 */
jest.setTimeout(180_000);

/** The focused element, as the page sees it (a string: the spec runs in Node without DOM types). */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') || el.textContent || '';
  const ringed = (e) => { const cs = getComputedStyle(e); return (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none'; };
  const box = el.closest('.mantine-Input-input'); // a multi-select's box around its inner field
  const ring = ringed(el) || (!!box && ringed(box));
  return { id: el.id, tag: el.tagName.toLowerCase(), name: label.replace(/\\s+/g, ' ').replace(/ \\*$/, '').trim(),
    value: 'value' in el ? String(el.value) : '', checked: !!el.checked, dialog: el.closest('[role=dialog]') ? (el.closest('[role=dialog]').getAttribute('aria-labelledby') || 'dialog') : null, ring };
})()`;
interface Focused {
  id: string;
  tag: string;
  name: string;
  value: string;
  checked: boolean;
  dialog: string | null;
  ring: boolean;
}
const focused = async (page: Page) => (await page.evaluate(FOCUSED)) as Focused | null;

/** What to reach: an element id (`#field-x`), or the start of its accessible name. */
const matches = (f: Focused | null, target: string) =>
  !!f && (target.startsWith('#') ? f.id === target.slice(1) : f.name.startsWith(target));

/**
 * Tab (or Shift+Tab) until `target` has focus, at most `max` presses; fails with the path taken.
 * `inDialog`: every stop must stay inside a dialog (its focus trap). `ring`: it shows its focus.
 */
async function tabTo(
  page: Page,
  target: string,
  o: { back?: boolean; max?: number; inDialog?: boolean; ring?: boolean } = {},
) {
  const path: string[] = [];
  for (let i = 0; i <= (o.max ?? 80); i++) {
    const f = await focused(page);
    if (o.inDialog)
      expect({ target, path, dialog: f?.dialog ?? null }).toEqual({ target, path, dialog: expect.any(String) });
    if (matches(f, target)) {
      if (o.ring ?? true) expect({ target, ring: f!.ring }).toEqual({ target, ring: true });
      return f!;
    }
    path.push(f ? `${f.tag}#${f.id}:${f.name.slice(0, 30)}` : '(body)');
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`"${target}" not reached by keyboard; focus went: ${path.join(' → ')}`);
}

/** Focus is on `target` (not lost to the body, not elsewhere), once the page has settled it. */
async function expectFocus(page: Page, target: string) {
  // Mantine hands focus back a few milliseconds after a dialog closes: wait for it, then check.
  await waitFor(async () => matches(await focused(page), target), { timeoutMs: 2_000 }).catch(() => undefined);
  const f = await focused(page);
  expect({ target, focused: f && `${f.tag}#${f.id}:${f.name}`, ok: matches(f, target) }).toEqual({
    target,
    focused: f && `${f.tag}#${f.id}:${f.name}`,
    ok: true,
  });
}

/** A Mantine select/combobox with focus: opened by ArrowDown, walked with arrows, chosen with Enter. */
async function choose(page: Page, option: RegExp) {
  await page.keyboard.press('ArrowDown');
  const hovered = page.locator('[role=option][data-combobox-selected]');
  for (let i = 0; i < 12; i++) {
    if ((await hovered.count()) > 0 && option.test(await hovered.first().innerText())) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`option ${String(option)} not reached by the arrow keys`);
}

const subjectNik = generateNik({ regionCode: '62.71.01', birthDate: SITI_AMINAH.birthDate, sex: 'F', serial: 91 });

describe('console: every desk by keyboard alone', () => {
  let h: ConsoleHarness;
  const tokens: Record<string, string> = {};
  const api = staffApi(() => h.base, tokens);
  let receipt = '';
  let referredReceipt = '';

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_keyboard');
    for (const u of ['demo.admin', 'demo.fo', 'demo.spv', 'demo.mj', 'demo.bo']) tokens[u] = await h.stack.token(u);
    // Siti's household in the registry and her complaint in the supervisor's queue.
    ({ receipt } = await registeredCase(api, {
      ...SITI_AMINAH,
      nikSerial: 91,
      kkSerial: 92,
      idempotencyKey: 'console-keyboard-0001',
    }));
    // A second complaint of hers, forwarded, approved and referred to the PKH owner (over the API).
    const second = await api(
      'POST',
      '/v1/complaints',
      'demo.fo',
      {
        channel: 'PUSKESOS_FO',
        subject: {
          nik: subjectNik,
          name: SITI_AMINAH.name,
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
          description: 'Saldo KKS tidak bertambah pada tahap kedua.',
          documentsReceived: ['KTP'],
        },
      },
      'application/json',
      { 'idempotency-key': 'console-keyboard-0002' },
    );
    referredReceipt = String(second.receiptNumber);
    const caseId = await waitFor(
      async () =>
        (
          (await api('GET', '/v1/cases?queue=mine', 'demo.spv')).items as Array<{
            caseId: string;
            receiptNumber: string;
          }>
        ).find((c) => c.receiptNumber === referredReceipt)?.caseId,
      { timeoutMs: 60_000, message: 'second case opened' },
    );
    await api('POST', `/v1/cases/${caseId}/actions`, 'demo.spv', { action: 'forward', expectedVersion: 1 });
    await api('POST', `/v1/cases/${caseId}/actions`, 'demo.mj', { action: 'approve', expectedVersion: 2 });
    await api('POST', `/v1/cases/${caseId}/actions`, 'demo.bo', {
      action: 'send',
      expectedVersion: 3,
      note: 'Mohon dicek.',
    });
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('FO: finds a person by NIK, fills the registration form, confirms the possible duplicate and reaches the receipt', async () => {
    const page = await h.signedIn('demo.fo');
    await page.getByRole('heading', { name: 'Cari warga' }).waitFor();
    await tabTo(page, '#field-nik');
    await page.keyboard.type(subjectNik);
    await page.keyboard.press('Enter');
    await page.getByText('1 rumah tangga ditemukan').waitFor();
    await tabTo(page, 'Daftarkan keluhan untuk Siti Aminah');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Daftarkan keluhan' }).waitFor();

    await tabTo(page, '#field-subject.sex');
    await choose(page, /^Perempuan$/);
    expect((await focused(page))?.value).toBe('Perempuan');
    await tabTo(page, '#field-subject.address.desaCode');
    if (!(await focused(page))?.value) await choose(page, /62\.71\.01\.1001/);
    expect((await focused(page))?.value).toMatch(/62\.71\.01\.1001/);
    await tabTo(page, '#field-subject.consent');
    await page.keyboard.press('Space');
    expect((await focused(page))?.checked).toBe(true);
    // The category by arrows: the radio group is one Tab stop.
    await tabTo(page, 'Non-kepesertaan');
    await tabTo(page, '#field-complaint.programmeCodes');
    await page.keyboard.type('PKH');
    await choose(page, /^PKH/);
    await page.keyboard.press('Escape');
    await expectFocus(page, '#field-complaint.programmeCodes');
    await page
      .locator('form')
      .getByText(/^PKH — /)
      .first()
      .waitFor();
    await tabTo(page, 'KTP');
    await page.keyboard.press('Space');
    expect((await focused(page))?.checked).toBe(true);
    await tabTo(page, '#field-complaint.description');
    await page.keyboard.type('Bantuan PKH tahap keempat belum diterima.');
    await tabTo(page, 'Simpan keluhan');
    await page.keyboard.press('Enter');
    // Her open complaints about PKH: the warning takes focus to its confirming button.
    await page.getByRole('alert').filter({ hasText: 'Mungkin keluhan yang sama sudah ada' }).waitFor();
    await expectFocus(page, 'Tetap simpan sebagai keluhan baru');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keluhan tersimpan' }).waitFor();
    await tabTo(page, 'Cetak resi');
    await screenshot(page, 'keyboard-fo-receipt');
    await page.context().close();
  });

  it('SPV: opens a case from the queue; Escape closes the action dialog back to its button; the action is confirmed by Enter', async () => {
    const page = await h.signedIn('demo.spv');
    await page.getByRole('heading', { name: 'Antrean kasus' }).waitFor();
    await tabTo(page, receipt, { max: 120 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Kasus ${receipt}` }).waitFor();
    await tabTo(page, 'Teruskan ke manajer');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Teruskan ke manajer' });
    await dialog.waitFor();
    expect((await focused(page))?.dialog).toBeTruthy();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectFocus(page, 'Teruskan ke manajer');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // The dialog keeps focus: Tab cycles inside it (and Shift+Tab back).
    await tabTo(page, 'Ya, teruskan ke manajer', { inDialog: true, max: 12 });
    await tabTo(page, 'Batal', { back: true, inDialog: true, max: 12 });
    await tabTo(page, 'Ya, teruskan ke manajer', { inDialog: true, max: 12 });
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Menunggu manajer' }).waitFor();
    // Its button is gone: focus goes to the actions' title, not the page's body.
    await dialog.waitFor({ state: 'hidden' });
    await expectFocus(page, 'Tindakan');
    await page.context().close();
  });

  it('PO: answers a referral by keyboard, rejecting it with a reason and confirming in the dialog', async () => {
    const page = await h.signedIn('demo.po.pkh');
    await page.getByRole('heading', { name: 'Rujukan masuk' }).waitFor();
    await tabTo(page, referredReceipt, { max: 120 });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Rujukan ${referredReceipt}` }).waitFor();
    // The answers are one radio group: Tab to it, then the arrows pick "Tolak dengan alasan".
    await tabTo(page, 'Terima', { max: 120 });
    for (let i = 0; i < 6 && !matches(await focused(page), 'Tolak dengan alasan'); i++)
      await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ name: 'Tolak dengan alasan', checked: true });
    await page.keyboard.press('Tab');
    await expectFocus(page, '#field-reasonCode');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page))?.value).not.toBe('');
    await tabTo(page, '#field-note');
    await page.keyboard.type('Keluarga tidak memenuhi syarat PKH tahun ini.');
    await tabTo(page, 'Kirim jawaban');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Kirim jawaban ini?' });
    await confirm.waitFor();
    await tabTo(page, 'Ya, kirim jawaban', { inDialog: true, max: 12 });
    await page.keyboard.press('Enter');
    // The answer form is gone: focus goes to the notice that replaced it.
    await page.getByText('Rujukan ini tidak lagi menunggu jawaban.').waitFor();
    await expectFocus(page, 'Rujukan ini tidak lagi menunggu jawaban.');
    await page.context().close();
  });

  it('ADMIN: adds a user in the dialog (Escape returns to its button), roles by Space', async () => {
    const page = await h.signedIn('demo.admin');
    await page.getByRole('heading', { name: 'Pengguna' }).waitFor();
    await tabTo(page, 'Tambah pengguna');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Tambah pengguna' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expectFocus(page, 'Tambah pengguna');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, 'Nama pengguna', { inDialog: true, max: 12 });
    await page.keyboard.type('fo.keyboard');
    await tabTo(page, 'Nama lengkap', { inDialog: true, max: 12 });
    await page.keyboard.type('Petugas FO Papan Ketik');
    await tabTo(page, 'Kata sandi awal', { inDialog: true, max: 12 });
    await page.keyboard.type('kata-sandi-awal-yang-panjang-2026');
    await tabTo(page, 'Front office', { inDialog: true, max: 12 });
    await page.keyboard.press('Space');
    expect((await focused(page))?.checked).toBe(true);
    // The scope starts as the administrator's own: select it all and type over it.
    await tabTo(page, 'Wilayah kerja', { inDialog: true, max: 20 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('62.71.01.1001');
    await tabTo(page, 'Simpan pengguna', { inDialog: true, max: 20 });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: 'fo.keyboard' }).waitFor();
    await expectFocus(page, 'Tambah pengguna');
    await page.context().close();
  });

  it('SEKRETARIAT: reaches the DTKS statement through the menu and downloads the letter of a registered NIK', async () => {
    const page = await h.signedIn('demo.sekretariat');
    await page.getByRole('heading', { name: 'Impor DTKS/DTSEN' }).waitFor();
    await tabTo(page, 'Surat keterangan DTKS');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Surat keterangan terdaftar DTKS' }).waitFor();
    await tabTo(page, 'NIK warga');
    await page.keyboard.type(subjectNik);
    await tabTo(page, '#field-purpose.kind');
    await choose(page, /^Layanan$/);
    expect((await focused(page))?.value).toBe('Layanan');
    await tabTo(page, 'Buat surat keterangan');
    const [letter] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(letter.suggestedFilename()).toMatch(/\.pdf$/);
    await page.getByRole('status').filter({ hasText: 'sudah diunduh' }).waitFor();
    await expectFocus(page, 'Buat surat keterangan');
    await page.context().close();
  });
});
