import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { generateKk, generateNik } from '@slrt/domain';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';

/**
 * The secretariat's Data Terpadu desk on the real platform: a registry snapshot with one bad row
 * is uploaded through the console (progress bar, the import job read by the real registry), the
 * per-row error report is downloaded, and a SIKS-NG export batch is made and downloaded.
 */
jest.setTimeout(180_000);

/**
 * A DTSEN snapshot of 2,000 good rows (distinct NIKs of Kel. Pahandut) and one whose NIK is short,
 * on file line 3: about 120 KB, enough to watch the upload progress on a throttled link.
 */
const serial = (n: number) => String(n).padStart(4, '0');
const SNAPSHOT = [
  'nik,no_kk,nama,desa_kode',
  `627101550790${serial(1)},627101120315${serial(1)},Warga Satu,62.71.01.1001`,
  '123,6271011203159999,Baris Rusak,62.71.01.1001',
  ...Array.from(
    { length: 1999 },
    (_, i) => `627101550790${serial(i + 2)},627101120315${serial(i + 2)},Warga Sintetis ${i + 2},62.71.01.1001`,
  ),
  '',
].join('\n');

async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('console: Data Terpadu (secretariat)', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_data');
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('imports a snapshot with a progress bar, can be left and come back to, and gives the error report of the bad row', async () => {
    const page = await h.signedIn('demo.sekretariat');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The secretariat starts on the import page.
    await page.getByRole('heading', { name: 'Impor DTKS/DTSEN' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/data/impor');
    // DTSEN is chosen once the profiles are loaded.
    await page.getByRole('combobox', { name: 'Profil kolom' }).and(page.locator('[value^="dtsen —"]')).waitFor();
    await expectAccessible(page, 'data-import');
    await screenshot(page, 'data-import');

    await page.getByLabel('Periode data').fill('2026-11');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'dtsen-kota-2026-11.csv', mimeType: 'text/csv', buffer: Buffer.from(SNAPSHOT) });
    // A slow office link (50 KB/s up): the upload's own progress bar moves while the file is sent.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 50_000,
    });
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    const upload = page.getByRole('progressbar', { name: 'Kemajuan unggah' });
    await upload.waitFor();
    await page.getByText(/Mengunggah berkas: .+ dari 1\d\d,\d KB/).waitFor();
    await screenshot(page, 'data-import-uploading');
    await expect(page.getByRole('button', { name: 'Unggah dan impor' }).isDisabled()).resolves.toBe(true);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    // The job page: its id is in the address, its bar and words follow the registry's job.
    await page.getByRole('heading', { name: 'Impor snapshot registri' }).waitFor();
    expect(page.url()).toMatch(/\/data\/impor\?job=[0-9a-f-]{36}$/);
    await page.getByText('Selesai', { exact: true }).waitFor({ timeout: 30_000 });
    const bar = page.getByRole('progressbar', { name: 'Kemajuan impor' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await page.getByText(/2\.000 baris diterima, 1 baris ditolak/).waitFor();
    expect(await page.getByText('Snapshot ini sekarang menjadi data registri').count()).toBe(1);
    await expectAccessible(page, 'data-import-job');
    await screenshot(page, 'data-import-job');

    // Leave and come back by the address: the same job.
    const jobUrl = page.url();
    await page.getByRole('link', { name: 'Ekspor SIKS-NG' }).click();
    await page.getByRole('heading', { name: 'Ekspor SIKS-NG' }).waitFor();
    await page.goto(jobUrl);
    await page.getByText(/2\.000 baris diterima, 1 baris ditolak/).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh laporan kesalahan' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^impor-.+-kesalahan\.csv$/);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report.split('\n')[0]).toBe('baris,kolom,pesan');
    expect(report).toContain('3,nik,NIK harus 16 angka.');
    expect(report.trim().split('\n')).toHaveLength(2);

    // The form lists the import for this browser.
    await page.getByRole('link', { name: 'Impor berkas lain' }).click();
    await page.getByRole('link', { name: 'dtsen-kota-2026-11.csv' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('makes the DTKS statement of a registered NIK as a PDF, answers an unknown one in place, and ranks the households with a download', async () => {
    const page = await h.signedIn('demo.sekretariat');
    await page.getByRole('link', { name: 'Surat keterangan DTKS' }).click();
    await page.getByRole('heading', { name: 'Surat keterangan terdaftar DTKS' }).waitFor();
    await expectAccessible(page, 'data-statement');
    // A NIK the imported snapshot does not hold: the registry's answer, in place.
    await page.getByLabel(/^NIK warga/).fill('6271015507909999');
    await page.getByRole('button', { name: 'Buat surat keterangan' }).click();
    await page.getByRole('alert').waitFor();
    await screenshot(page, 'data-statement-unknown');
    // "Warga Satu" of the snapshot imported above.
    await page.getByLabel(/^NIK warga/).fill('6271015507900001');
    const [letter] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Buat surat keterangan' }).click(),
    ]);
    expect(
      readFileSync(await letter.path())
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('%PDF');
    await page.getByRole('status').filter({ hasText: 'sudah diunduh' }).waitFor();

    await page.getByRole('link', { name: 'Pemeringkatan calon' }).click();
    await page.getByRole('heading', { name: 'Pemeringkatan calon penerima' }).waitFor();
    await page.getByRole('button', { name: 'Tampilkan peringkat' }).click();
    await page.getByRole('heading', { name: /keluarga teratas/ }).waitFor();
    const rows = page.getByRole('region', { name: 'Pemeringkatan calon penerima' }).getByRole('row');
    expect(await rows.count()).toBeGreaterThan(10);
    // NIK and KK are shown masked as the API gives them: no full 16-digit number on the page.
    expect(await page.locator('main').innerText()).not.toMatch(/\b\d{16}\b/);
    await page.mouse.move(700, 700);
    await expectAccessible(page, 'data-ranking');
    await screenshot(page, 'data-ranking');
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh XLSX' }).click(),
    ]);
    expect(
      readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    await page.context().close();
  });

  it('creates a SIKS-NG export batch of the PPKS records ready to send and downloads it', async () => {
    // A front-office officer recorded a PPKS (ready to send as soon as it is recorded).
    const fo = await h.stack.token('demo.fo');
    const rec = await fetch(`${h.base}/v1/ppks-records`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${fo}`,
        'idempotency-key': 'console-data-ppks-0001',
      },
      body: JSON.stringify({
        categoryCode: '08',
        name: 'Mbah Sintetis',
        sex: 'F',
        desaCode: '62.71.01.1001',
        conditionNote: 'Tinggal sendiri, tidak mampu mengurus diri.',
      }),
    });
    expect(rec.status).toBe(201);

    const page = await h.signedIn('demo.sekretariat');
    await page.getByRole('link', { name: 'Ekspor SIKS-NG' }).click();
    await page.getByRole('heading', { name: 'Ekspor SIKS-NG' }).waitFor();
    await page.getByText('Belum ada batch ekspor di wilayah Anda.').waitFor();
    await expectAccessible(page, 'data-siks');

    // Nothing ready of another kind: the API's refusal is shown in place.
    await page.getByLabel('Periode data').fill('2026-11');
    await page.getByRole('button', { name: 'Buat batch ekspor' }).click();
    await page.getByRole('alert').filter({ hasText: 'Tidak ada usulan yang siap dikirim' }).waitFor();

    await pick(page, 'Jenis usulan', 'PPKS');
    await expect(page.getByRole('combobox', { name: 'Profil kolom' }).inputValue()).resolves.toMatch(/^ppks-default/);
    await page.getByRole('button', { name: 'Buat batch ekspor' }).click();
    await page.getByText(/Batch PPKS periode 2026-11 wilayah 62\.71: 1 usulan, 1 baris\./).waitFor();
    expect(page.url()).toMatch(/\?batch=[0-9a-f-]{36}$/);
    await expectAccessible(page, 'data-siks-batch');
    await screenshot(page, 'data-siks-batch');

    const batch = page.getByRole('region', { name: 'Batch baru' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      batch.getByRole('button', { name: 'Unduh CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^siks-ppks-.+\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.trim().split(/\r?\n/)).toHaveLength(2);
    expect(csv.toUpperCase()).toContain('MBAH SINTETIS');
    // After the first download the batch shows the file's checksum, and the list has the batch.
    await page.getByText(/Sidik berkas CSV/).waitFor();
    expect(await page.getByRole('region', { name: 'Batch ekspor' }).getByRole('row').count()).toBe(2);
    await page.context().close();
  });

  it('lists the prelist; the back office records the musdes decision, a Fasilitator the field verification on a phone, and the entry moves on', async () => {
    // A household proposed directly by the front office (through the API).
    const fo = await h.stack.token('demo.fo');
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1985-07-01', sex: 'F', serial: 77 });
    const noKk = generateKk({ regionCode: '62.71.01', issueDate: '2010-02-01', serial: 78 });
    const res = await fetch(`${h.base}/v1/prelist-entries`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${fo}`,
        'content-type': 'application/json',
        'idempotency-key': 'console-prelist-0001',
      },
      body: JSON.stringify({
        desaCode: '62.71.01.1001',
        rt: '001',
        rw: '002',
        address: 'Jl. Sintetis No. 7',
        profile: {
          houseOwnership: 'kontrak-sewa',
          floorAreaM2: 24.5,
          floorMaterial: 'semen-bata-merah',
          wallMaterial: 'kayu-papan',
          roofMaterial: 'seng',
          drinkingWater: 'air-isi-ulang',
          lightingSource: 'listrik-pln-meteran',
          electricityPower: '450',
          toiletFacility: 'bersama',
          assets: ['tabung-gas-5kg'],
          proposalReason: 'jatuh-miskin',
        },
        members: [
          { nik, noKk, name: 'Ani Prelist', birthDate: '1985-07-01', sex: 'F', relationship: 'kepala-keluarga' },
          { name: 'Bima Prelist', birthDate: '2012-03-14', sex: 'M', relationship: 'anak', disability: 'fisik' },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const { entryId } = (await res.json()) as { entryId: string };

    const page = await h.signedIn('demo.bo');
    await page.getByRole('link', { name: 'Prelist dan musdes' }).click();
    await page.getByRole('heading', { name: 'Prelist dan musyawarah desa/kelurahan' }).waitFor();
    await page.getByRole('link', { name: 'Ani Prelist' }).click();
    await page.getByRole('heading', { name: 'Usulan prelist: Ani Prelist' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain(nik);
    await page.getByLabel(/^Tanggal musyawarah/).fill('2026-11-20');
    await page.getByLabel(/^Nomor berita acara/).fill('BA/MUSKEL/PHD/11/2026');
    await page.getByLabel(/^Jumlah yang hadir/).fill('23');
    await page.getByRole('radio', { name: 'Disetujui diusulkan' }).check();
    await page.mouse.move(700, 700);
    await expectAccessible(page, 'data-prelist-musdes');
    await screenshot(page, 'data-prelist-musdes');
    await page.getByRole('button', { name: 'Simpan hasil musdes' }).click();
    await page.getByRole('status').filter({ hasText: 'Hasil musdes sudah disimpan.' }).waitFor();
    await page.getByText('Disetujui musdes').first().waitFor();
    await page.getByRole('heading', { name: 'Hasil musdes/muskel' }).waitFor();
    // The musdes agreed: the field verification is the next step, offered to the back office too.
    await page.getByRole('heading', { name: 'Catat hasil verifikasi lapangan' }).waitFor();
    await page.context().close();

    // The Fasilitator who visited the house records what was found there, on a phone.
    const fs = await h.signedIn('demo.fs', PHONE);
    await fs.goto(`${h.base}/data/prelist/${entryId}`);
    await fs.getByRole('heading', { name: 'Catat hasil verifikasi lapangan' }).waitFor();
    expect(await fs.locator('main').innerText()).not.toContain(nik);
    const save = fs.getByRole('button', { name: 'Simpan hasil verifikasi' });
    await fs.getByLabel(/^Nama petugas verifikasi/).fill('Rina Sintetis (TKSK Pahandut)');
    await fs.getByLabel('Hasil verifikasi Ani Prelist').selectOption('confirmed');
    // Every member needs an outcome before it can be saved.
    expect(await save.isDisabled()).toBe(true);
    await fs.getByLabel('Hasil verifikasi Bima Prelist').selectOption('moved');
    await fs.getByLabel('Catatan verifikasi Bima Prelist').fill('Ikut paman ke Sampit sejak Oktober');
    expect(await save.isDisabled()).toBe(false);
    await expectAccessible(fs, 'data-prelist-verify-phone');
    await screenshot(fs, 'data-prelist-verify-phone');
    await save.click();
    await fs.getByRole('status').filter({ hasText: 'Hasil verifikasi lapangan sudah disimpan.' }).waitFor();
    await fs.getByText('Terverifikasi').first().waitFor();
    await fs.getByRole('cell', { name: 'Pindah (Ikut paman ke Sampit sejak Oktober)' }).waitFor();
    await fs.getByText('Diverifikasi oleh Rina Sintetis (TKSK Pahandut)').waitFor();
    expect(await fs.getByRole('heading', { name: 'Catat hasil verifikasi lapangan' }).count()).toBe(0);
    await screenshot(fs, 'data-prelist-verified-phone');

    // The registry holds it: verified, with an outcome per member.
    const stored = (await (
      await fetch(`${h.base}/v1/prelist-entries/${entryId}`, { headers: { authorization: `Bearer ${fo}` } })
    ).json()) as { status: string; verifier: string; members: Array<{ name: string; verificationOutcome: string }> };
    expect(stored.status).toBe('verified');
    expect(stored.verifier).toBe('Rina Sintetis (TKSK Pahandut)');
    expect(Object.fromEntries(stored.members.map((m) => [m.name, m.verificationOutcome]))).toEqual({
      'Ani Prelist': 'confirmed',
      'Bima Prelist': 'moved',
    });
    await fs.context().close();
  });

  it('shows the verivali upload page', async () => {
    const page = await h.signedIn('demo.sekretariat');
    await page.getByRole('link', { name: 'Hasil verivali' }).click();
    await page.getByRole('heading', { name: 'Hasil verivali' }).waitFor();
    await expectAccessible(page, 'data-verivali');
    await screenshot(page, 'data-verivali');
    await page.context().close();
  });
});
