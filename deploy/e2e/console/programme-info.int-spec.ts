import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';

jest.setTimeout(180_000);

/**
 * Informasi program on the real platform: the FO searches the catalogue during the conversation
 * (words and sector) and reads what a programme gives, who may receive it, documents and how to
 * apply; the ADMIN edits that information and unpublishes a programme, which leaves the public
 * page `/program`. axe clean, on a laptop and a phone.
 */
describe('console: informasi program (FO search, ADMIN edit, public page)', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_proginfo');
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('lets the FO search by words and sector and read the information, on a phone', async () => {
    const page = await h.signedIn('demo.fo', PHONE);
    await page.goto('/informasi-program');
    await page.getByRole('heading', { name: 'Informasi program', level: 2 }).waitFor();
    await page.getByRole('heading', { name: /Program Keluarga Harapan/, level: 3 }).waitFor();
    await page.getByRole('searchbox', { name: 'Cari program' }).fill('beras');
    await page.getByRole('heading', { name: /Program Keluarga Harapan/, level: 3 }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /Bantuan Pangan Non Tunai/, level: 3 }).waitFor();
    await expect(page.getByRole('article').count()).resolves.toBe(1);
    const card = page.getByRole('article').first();
    const text = await card.innerText();
    for (const label of [
      'Manfaat',
      'Siapa yang dapat menerima',
      'Dokumen yang perlu dibawa',
      'Cara mendaftar',
      'Kartu Keluarga (KK)',
    ])
      expect(text).toContain(label);
    await page.getByRole('searchbox', { name: 'Cari program' }).fill('');
    await page.getByRole('combobox', { name: 'Sektor' }).click();
    await page.getByRole('option', { name: 'Pendidikan' }).click();
    await page.getByRole('heading', { name: /Program Indonesia Pintar/, level: 3 }).waitFor();
    await page.getByRole('heading', { name: /Bantuan Pangan Non Tunai/, level: 3 }).waitFor({ state: 'detached' });
    await expect(page.getByRole('article').count()).resolves.toBe(1);
    await expectAccessible(page, 'programme-info-phone');
    await screenshot(page, 'programme-info-phone');
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('lets the ADMIN edit a programme\u2019s information and take it off the public page', async () => {
    const before = await (await fetch(`${h.base}/program`)).text();
    expect(before).toContain('Program Indonesia Pintar');
    const page = await h.signedIn('demo.admin');
    await page.goto('/pengaturan/informasi-program');
    await page.getByRole('heading', { name: 'Informasi program', level: 2 }).waitFor();
    await page
      .getByRole('button', { name: 'Ubah informasi Program Indonesia Pintar (Kartu Indonesia Pintar)' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Cara mendaftar' }).fill('Hubungi sekolah atau madrasah anak Anda.');
    await dialog.getByRole('switch', { name: 'Tampilkan di halaman publik untuk warga' }).uncheck();
    await expectAccessible(page, 'programme-info-admin');
    await screenshot(page, 'programme-info-admin');
    await dialog.getByRole('button', { name: 'Simpan informasi' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await (await fetch(`${h.base}/program`)).text();
    expect(after).not.toContain('Program Indonesia Pintar');
    expect(after).toContain('Program Keluarga Harapan');
    await page.context().close();
  });
});
