import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { generateKk, generateNik } from '@slrt/domain';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';
import { readPdf } from '@slrt/testing';

/**
 * The musdes/muskel as a meeting, in the console on the real platform: a fasilitator opens the
 * meeting of Kel. Pahandut, records the attendance, decides two households (the reason of "tidak
 * setuju" asked for beside its row), downloads the Berita Acara, uploads it signed and sees the
 * meeting final; the same page on a phone.
 */
jest.setTimeout(180_000);

const PROFILE = {
  houseOwnership: 'kontrak-sewa',
  floorAreaM2: 24.5,
  floorMaterial: 'semen-bata-merah',
  wallMaterial: 'kayu-papan',
  roofMaterial: 'seng',
  drinkingWater: 'air-isi-ulang',
  lightingSource: 'listrik-pln-meteran',
  electricityPower: '450',
  toiletFacility: 'bersama',
  proposalReason: 'jatuh-miskin',
};

async function pick(page: Page, label: string | RegExp, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('console: musyawarah desa/kelurahan', () => {
  let h: ConsoleHarness;
  let meetingUrl: string;
  const names = ['Sari Musdes', 'Tono Musdes'] as const;
  const niks = [0, 1].map((i) =>
    generateNik({ regionCode: '62.71.01', birthDate: '1984-05-02', sex: 'M', serial: 610 + i }),
  );

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_musdes');
    const fo = await h.stack.token('demo.fo');
    for (const [i, name] of names.entries()) {
      const res = await fetch(`${h.base}/v1/prelist-entries`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fo}`,
          'content-type': 'application/json',
          'idempotency-key': `console-musdes-${i}-0001`,
        },
        body: JSON.stringify({
          desaCode: '62.71.01.1001',
          rt: `00${i + 1}`,
          rw: '003',
          profile: PROFILE,
          members: [
            {
              nik: niks[i],
              noKk: generateKk({ regionCode: '62.71.01', issueDate: '2011-02-01', serial: 620 + i }),
              name,
              birthDate: '1984-05-02',
              sex: 'M',
              relationship: 'kepala-keluarga',
            },
          ],
        }),
      });
      expect(res.status).toBe(201);
    }
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('opens the meeting, records attendance and decisions, prints the Berita Acara and makes it final with the signed scan', async () => {
    const page = await h.signedIn('demo.fs');
    await page.getByRole('link', { name: 'Musyawarah desa' }).click();
    await page.getByRole('heading', { name: 'Musyawarah desa/kelurahan' }).waitFor();
    expect(await page.getByLabel(/^Kode desa\/kelurahan/).inputValue()).toBe('62.71.01.1001');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/^Tanggal musyawarah/).fill(yesterday);
    await page.getByLabel(/^Tempat/).fill('Aula Kantor Kelurahan Pahandut');
    await page.getByLabel(/^Agenda/).fill('Pembahasan usulan prelist DTKS');
    await page.getByLabel(/^Nama pimpinan musyawarah/).fill('Rahmat Lurah');
    await pick(page, /^Jabatan pimpinan/, 'Lurah');
    await expectAccessible(page, 'data-musdes-list');
    await page.getByRole('button', { name: 'Buat musyawarah' }).click();
    await page.getByRole('heading', { name: /^Musyawarah kelurahan Pahandut/ }).waitFor();
    meetingUrl = new URL(page.url()).pathname;

    await page.getByLabel(/^Nama pejabat 1/).fill('Rahmat Lurah');
    await pick(page, /^Jabatan pejabat 1/, 'Lurah');
    await page.getByRole('button', { name: 'Tambah pejabat' }).click();
    await page.getByLabel(/^Nama pejabat 2/).fill('Yusuf Saksi');
    await pick(page, /^Jabatan pejabat 2/, 'LPM');
    await page.getByRole('checkbox', { name: 'Pejabat 2 menjadi saksi' }).check();
    await page.getByLabel(/^Jumlah warga yang hadir/).fill('21');
    await page.getByRole('button', { name: 'Simpan daftar hadir' }).click();
    await page.getByRole('status').filter({ hasText: 'Daftar hadir sudah disimpan.' }).waitFor();

    await pick(page, `Keputusan untuk ${names[0]}`, 'Setuju');
    await pick(page, `Keputusan untuk ${names[1]}`, 'Tidak setuju');
    await page.getByRole('button', { name: 'Simpan 2 keputusan' }).click();
    // The reason is required for "tidak setuju": the problem is shown at the top and beside the row, nothing is saved.
    await page
      .getByRole('alert')
      .filter({ hasText: `Alasan untuk ${names[1]}: Alasan wajib diisi untuk keputusan "tidak setuju".` })
      .waitFor();
    await page
      .getByRole('textbox', { name: `Alasan untuk ${names[1]}` })
      .fill('Sudah menerima bantuan rutin dari daerah');
    await page.mouse.move(700, 700);
    await expectAccessible(page, 'data-musdes-decisions');
    await screenshot(page, 'data-musdes-decisions');
    await page.getByRole('button', { name: 'Simpan 2 keputusan' }).click();
    await page.getByRole('status').filter({ hasText: 'Keputusan sudah disimpan' }).waitFor();
    const table = page.getByRole('region', { name: 'Keputusan per rumah tangga' });
    await table
      .getByRole('row', { name: new RegExp(names[0]) })
      .getByText('Disetujui musdes')
      .waitFor();
    await table
      .getByRole('row', { name: new RegExp(names[1]) })
      .getByText('Tidak disetujui musdes')
      .waitFor();
    expect(await page.locator('main').innerText()).not.toContain(niks[0]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh Berita Acara (PDF)' }).click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    const text = (await readPdf(pdf)).text.replace(/\s+/g, ' ');
    for (const expected of [
      'BERITA ACARA',
      'MUSYAWARAH KELURAHAN PAHANDUT',
      names[0],
      names[1],
      'Sudah menerima bantuan rutin dari daerah',
      '1. Yusuf Saksi',
      'Warga yang hadir: 21 orang.',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain(niks[0]);

    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'berita-acara-ditandatangani.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Unggah dan finalkan' }).click();
    await page.getByRole('status').filter({ hasText: 'musyawarah final' }).waitFor();
    await page.getByText('Final (bertanda tangan)').first().waitFor();
    expect(await page.getByRole('button', { name: 'Simpan daftar hadir' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Simpan \d+ keputusan/ }).count()).toBe(0);
    // The household's prelist entry carries the meeting's musdes and leads back to it.
    await page.getByRole('link', { name: 'Prelist dan musdes' }).click();
    await page.getByRole('link', { name: names[0] }).click();
    await page.getByRole('heading', { name: 'Hasil musdes/muskel' }).waitFor();
    await page.getByRole('link', { name: 'Lihat musyawarah dan Berita Acaranya' }).click();
    await page.getByRole('heading', { name: /^Musyawarah kelurahan Pahandut/ }).waitFor();
    await page.context().close();
  });

  it('shows the final meeting on a phone, readable and accessible', async () => {
    const page = await h.signedIn('demo.fs', PHONE);
    await page.goto(`${h.base}${meetingUrl}`);
    await page.getByRole('heading', { name: /^Musyawarah kelurahan Pahandut/ }).waitFor();
    await page.getByText('Berita Acara bertanda tangan sudah diunggah').waitFor();
    await expectAccessible(page, 'data-musdes-phone');
    await screenshot(page, 'data-musdes-phone');
    await page.context().close();
  });
});
