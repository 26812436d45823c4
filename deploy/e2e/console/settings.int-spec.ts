import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';

/**
 * The administrator's Pengaturan desk on the real platform: a user with a region scope (the API's
 * refusal shown beside the field), an owner's API key shown once and working, a holiday, a message
 * template edited with its SMS preview; every page checked by axe.
 */
jest.setTimeout(180_000);

async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('console: Pengaturan (administrator)', () => {
  let h: ConsoleHarness;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_settings');
    page = await h.signedIn('demo.admin');
    page.on('pageerror', (e) => errors.push(e.message));
  }, 240_000);

  afterAll(async () => {
    expect(errors).toEqual([]);
    await h?.close();
  });

  it('adds a user with a region scope; the region the API does not know is shown beside its field', async () => {
    // The administrator starts on the users.
    await page.getByRole('heading', { name: 'Pengguna' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/pengaturan/pengguna');
    await page.getByRole('cell', { name: 'demo.fo', exact: true }).waitFor();
    await expectAccessible(page, 'settings-users');
    await screenshot(page, 'settings-users');

    await page.getByRole('button', { name: 'Tambah pengguna' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tambah pengguna' });
    await dialog.getByLabel(/^Nama pengguna/).fill('fo.bukitrawi');
    await dialog.getByLabel(/^Nama lengkap/).fill('Petugas FO Bukit Rawi');
    await dialog.getByLabel(/^Kata sandi awal/).fill('kata-sandi-awal-yang-panjang-2026');
    await dialog.getByRole('checkbox', { name: 'Front office' }).check();
    const scope = dialog.getByLabel(/^Wilayah kerja/);
    await scope.fill('62.71.99.9999');
    await dialog.getByRole('button', { name: 'Simpan pengguna' }).click();
    // The refusal: in the summary (linking to the field) and beside the field.
    await dialog.getByRole('alert').filter({ hasText: 'Wilayah kerja' }).waitFor();
    expect(await scope.getAttribute('aria-invalid')).toBe('true');
    const described = (await scope.getAttribute('aria-describedby')) ?? '';
    const beside = await page.evaluate(
      `[...'${described}'.split(' ')].map((id) => document.getElementById(id)?.textContent ?? '').join(' ')`,
    );
    expect(beside).toContain('Kode wilayah 62.71.99.9999 tidak ada');
    await expectAccessible(page, 'settings-user-refused');
    await screenshot(page, 'settings-user-refused');
    // Nothing typed was lost; correct the region and save.
    expect(await dialog.getByLabel(/^Nama lengkap/).inputValue()).toBe('Petugas FO Bukit Rawi');
    await scope.fill('62.71.01.1001');
    await dialog.getByRole('button', { name: 'Simpan pengguna' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'fo.bukitrawi' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Front office[\s\S]*62\.71\.01\.1001[\s\S]*Aktif/i);

    // The new user can sign in with that password, in that scope.
    const res = await fetch(`${h.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'fo.bukitrawi', password: 'kata-sandi-awal-yang-panjang-2026' }),
    });
    expect(res.status).toBe(200);

    // Deactivating asks first.
    await page.getByRole('button', { name: 'Nonaktifkan pengguna fo.bukitrawi' }).click();
    const confirm = page.getByRole('dialog', { name: 'Nonaktifkan pengguna?' });
    await confirm.getByRole('button', { name: 'Nonaktifkan' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.filter({ hasText: 'Nonaktif' }).waitFor();
  });

  it('fits the users list on a phone', async () => {
    const phone = await h.signedIn('demo.admin', PHONE);
    await phone.getByRole('heading', { name: 'Pengguna' }).waitFor();
    await phone.getByRole('cell', { name: 'demo.fo', exact: true }).waitFor();
    const overflow = (await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'settings-users-phone');
    await screenshot(phone, 'settings-users-phone');
    await phone.context().close();
  });

  it('issues an API key shown once, which then works for the owner', async () => {
    await page.getByRole('link', { name: 'Kunci API' }).click();
    await page.getByRole('heading', { name: 'Kunci API pemilik program' }).waitFor();
    await expectAccessible(page, 'settings-keys');
    await pick(page, 'Pemilik program', /kemensos-pkh/);
    await page.getByLabel(/^Nama kunci/).fill('Integrasi PKH uji');
    await page.getByRole('button', { name: 'Buat kunci API' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kunci API baru' });
    await dialog.waitFor();
    const key = (await dialog.getByLabel('Kunci API').innerText()).trim();
    expect(key).toMatch(/^slrt_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
    expect(await dialog.getByRole('button', { name: 'Salin kunci' }).isVisible()).toBe(true);
    await expectAccessible(page, 'settings-key-once');
    await screenshot(page, 'settings-key-once');
    await dialog.getByRole('button', { name: 'Sudah saya simpan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Never shown again: the list has its prefix only.
    expect(await page.getByText(key).count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: 'Integrasi PKH uji' });
    expect(await row.innerText()).toContain(key.split('_')[1]);
    // The key is real: the owner's machine client is let in with it.
    const me = await fetch(`${h.base}/v1/me`, { headers: { 'x-api-key': key } });
    expect(me.status).toBe(200);
  });

  it('adds a holiday', async () => {
    await page.getByRole('link', { name: 'Hari libur' }).click();
    await page.getByRole('heading', { name: 'Hari libur', exact: true }).waitFor();
    await page.getByLabel(/^Tanggal/).fill('2026-12-24');
    await page.getByLabel(/^Nama hari libur/).fill('Cuti bersama Natal');
    await page.getByRole('button', { name: 'Simpan hari libur' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Cuti bersama Natal' });
    await row.waitFor();
    expect(await row.innerText()).toContain('24 Desember 2026');
    await expectAccessible(page, 'settings-holidays');
    await screenshot(page, 'settings-holidays');
  });

  it('edits a message template with its SMS preview', async () => {
    await page.getByRole('link', { name: 'Templat pesan' }).click();
    await page.getByRole('heading', { name: 'Templat pesan' }).waitFor();
    await page.getByText(/^(Templat bawaan|Versi \d+)/).waitFor();
    const body = page.getByLabel(/^Isi pesan/);
    await body.fill('Yth. {nama}, keluhan {nomorPengaduan} sudah kami terima. Pantau di {tautanStatus}');
    await page.getByRole('button', { name: 'Pratinjau' }).click();
    const preview = page.getByRole('region', { name: 'Pratinjau dengan data contoh' });
    await preview.waitFor();
    expect(await preview.innerText()).toMatch(/Yth\. Siti Aminah, keluhan 6271-2611-000123 sudah kami terima/);
    expect(await preview.innerText()).toMatch(/GSM-7[\s\S]*\d+ karakter, 1 bagian SMS/);
    await expectAccessible(page, 'settings-templates');
    await screenshot(page, 'settings-templates');
    await page.getByRole('button', { name: 'Simpan templat' }).click();
    await page.getByText(/Templat tersimpan sebagai versi \d+\./).waitFor();
    // A placeholder the notification service does not know is refused beside the text.
    await body.fill('Halo {namaLengkap}');
    await page.getByRole('button', { name: 'Simpan templat' }).click();
    await page.getByRole('alert').waitFor();
    expect(await body.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the programme owners and the routing rules with their history', async () => {
    await page.getByRole('link', { name: 'Pemilik program', exact: true }).click();
    await page.getByRole('heading', { name: 'Pemilik program' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'kemensos-pkh' }).waitFor();
    await expectAccessible(page, 'settings-owners');
    await screenshot(page, 'settings-owners');
    await page.getByRole('link', { name: 'Aturan rujukan' }).click();
    await page.getByRole('heading', { name: 'Aturan rujukan' }).waitFor();
    await expectAccessible(page, 'settings-rules');
    await screenshot(page, 'settings-rules');
  });

  it('adds a column profile for a local spreadsheet; a missing required column is refused beside its field', async () => {
    await page.getByRole('link', { name: 'Profil kolom impor' }).click();
    await page.getByRole('heading', { name: 'Profil kolom impor DTKS/DTSEN' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'dtsen' }).first().waitFor();
    await page.getByLabel(/^Kode profil/).fill('lokal-kota');
    await page.getByLabel(/^Keterangan/).fill('Lembar kerja Dinas Sosial Kota');
    await page.getByLabel(/^NIK/).fill('NIK');
    await page.getByLabel(/^No\. KK/).fill('NO KK');
    await page.getByLabel(/^Nama/).fill('NAMA LENGKAP');
    // Kode desa/kelurahan left empty: the API's field error shows beside it.
    await page.getByRole('button', { name: 'Simpan profil' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#field-columns\\.desa_code').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'settings-columns-refused');
    await screenshot(page, 'settings-columns-refused');
    await page.getByLabel(/^Kode desa\/kelurahan/).fill('KODE DESA');
    await page.getByRole('button', { name: 'Simpan profil' }).click();
    await page.getByRole('status').filter({ hasText: 'Profil lokal-kota sudah disimpan.' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'lokal-kota' }).waitFor();
  });
});
