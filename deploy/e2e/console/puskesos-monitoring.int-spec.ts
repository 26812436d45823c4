import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createApiClient } from '@slrt/api-client';
import { childrenOf, findRegion } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';

jest.setTimeout(180_000);

const DESA = '62.71.01.1001';

/**
 * "Pemantauan Puskesos" in the Laporan desk on the real platform (issue 19, seed 001: the kab/kota
 * monitors the Puskesos with the kecamatan): a complaint registered through the API reaches the
 * reporting read model over NATS and shows on its Puskesos' row; the table sorts by its column
 * headers, filters by kecamatan and by flag; the kecamatan supervisor sees its kecamatan only; axe
 * on a laptop and a phone.
 */
describe('console: Pemantauan Puskesos (reports desk)', () => {
  let h: ConsoleHarness;
  const desaName = findRegion(DESA)!.name;

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_puskesos');
    const fo = createApiClient(h.base, { accessToken: await h.stack.token('demo.fo') });
    const registered = await fo.POST('/v1/complaints', {
      params: { header: { 'Idempotency-Key': 'console-puskesos-0001' } },
      body: {
        channel: 'PUSKESOS_FO',
        place: 'Puskesos Kelurahan Pahandut',
        subject: {
          nik: '6271015507900001',
          noKk: '6271011203150002',
          name: 'Siti Aminah',
          birthDate: '1990-07-15',
          sex: 'F',
          address: { street: 'Jl. Contoh No. 1', desaCode: DESA },
          phone: '0812-3456-7890',
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
          description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
          documentsReceived: ['KTP', 'KK'],
        },
      },
    });
    expect(registered.response.status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows every Puskesos of the kab/kota with this month\u2019s complaint, sorts by a column, filters by kecamatan and flag, on a laptop and a phone', async () => {
    const page = await h.signedIn('demo.sekretariat');
    await page.getByRole('link', { name: 'Pemantauan Puskesos' }).click();
    await page.getByRole('heading', { name: 'Pemantauan Puskesos' }).waitFor();
    // The projection is asynchronous (events over JetStream): reload until the complaint is counted.
    const row = () =>
      page.getByRole('row').filter({
        has: page.getByRole('rowheader', { name: new RegExp(`${desaName} \\(${DESA.replace(/\./g, '\\.')}\\)`) }),
      });
    for (let i = 0; i < 40; i++) {
      if ((await row().count()) > 0 && (await row().getByRole('cell').nth(1).innerText()) === '1') break;
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { name: 'Pemantauan Puskesos' }).waitFor();
      await page.getByRole('table').waitFor();
    }
    const cells = await row().getByRole('cell').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['Pahandut', '1', '0']);
    // No provider is configured here: nothing delivered, no FS visit recorded yet (counted, not unknown).
    expect(cells).toContain('0 / 0');
    const all = childrenOf('62.71').flatMap((k) => childrenOf(k.code)).length;
    expect(await page.getByRole('table').getByRole('rowheader').count()).toBe(all);
    // Others had no activity this month: flagged in words.
    expect(await page.getByText('Tanpa kegiatan bulan ini').count()).toBeGreaterThan(1);
    await page.getByRole('status').filter({ hasText: 'Data sampai' }).waitFor();

    // Sort by complaints received, busiest first: the desa with the complaint leads.
    await page.getByRole('button', { name: 'Pengaduan diterima' }).click();
    await expect(
      page.getByRole('columnheader', { name: /Pengaduan diterima/ }).getAttribute('aria-sort'),
    ).resolves.toBe('descending');
    expect(await page.getByRole('table').getByRole('rowheader').first().innerText()).toContain(DESA);
    await page.getByRole('button', { name: /Pengaduan diterima/ }).click();
    await expect(
      page.getByRole('columnheader', { name: /Pengaduan diterima/ }).getAttribute('aria-sort'),
    ).resolves.toBe('ascending');
    // Filter by kecamatan: only Pahandut's kelurahan.
    await page.getByRole('combobox', { name: 'Kecamatan' }).click();
    await page.getByRole('option', { name: /^Pahandut \(62\.71\.01\)$/ }).click();
    const inPahandut = childrenOf('62.71.01').length;
    await waitFor(async () => (await page.getByRole('table').getByRole('rowheader').count()) === inPahandut, {
      message: 'table filtered to Pahandut',
    });
    expect(new Set(await page.getByRole('table').locator('tbody tr td:first-of-type').allInnerTexts())).toEqual(
      new Set(['Pahandut']),
    );
    // Only those with no activity: the desa with the complaint is gone.
    await page.getByRole('combobox', { name: 'Tampilkan' }).click();
    await page.getByRole('option', { name: 'Tanpa kegiatan bulan ini' }).click();
    await waitFor(async () => (await row().count()) === 0, { message: 'only Puskesos without activity' });
    await expectAccessible(page, 'reports-puskesos');
    await screenshot(page, 'reports-puskesos');
    await page.context().close();

    const phone = await h.signedIn('demo.mj', PHONE);
    await phone.goto('/laporan/puskesos');
    await phone.getByRole('heading', { name: 'Pemantauan Puskesos' }).waitFor();
    await phone.getByRole('table').waitFor();
    await expectAccessible(phone, 'reports-puskesos-phone');
    await screenshot(phone, 'reports-puskesos-phone');
    await phone.context().close();
  });

  it('gives the kecamatan supervisor its kecamatan only, and no menu entry to the front office', async () => {
    const spv = await h.signedIn('demo.spv');
    await spv.goto('/laporan/puskesos');
    await spv.getByRole('heading', { name: 'Pemantauan Puskesos' }).waitFor();
    await spv.getByRole('table').waitFor();
    expect(await spv.getByRole('table').getByRole('rowheader').count()).toBe(childrenOf('62.71.01').length);
    await spv.context().close();
    const fo = await h.signedIn('demo.fo');
    expect(await fo.getByRole('navigation').getByRole('link').allInnerTexts()).not.toContain('Pemantauan Puskesos');
    await fo.context().close();
  });
});
