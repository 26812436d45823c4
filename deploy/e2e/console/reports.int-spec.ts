import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createApiClient } from '@slrt/api-client';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';

jest.setTimeout(180_000);

/**
 * The Laporan desk on the real platform: a complaint registered through the API reaches the
 * reporting service's read model over NATS and shows on the dashboard; the owner SLA board and the
 * monthly report download (XLSX and PDF) work; menus follow the reporting roles.
 */
describe('console: reports desk (dashboard, owner SLA board, monthly report)', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_reports');
    const fo = createApiClient(h.base, { accessToken: await h.stack.token('demo.fo') });
    const registered = await fo.POST('/v1/complaints', {
      params: { header: { 'Idempotency-Key': 'console-reports-0001' } },
      body: {
        channel: 'PUSKESOS_FO',
        place: 'Puskesos Kelurahan Pahandut',
        subject: {
          nik: '6271015507900001',
          noKk: '6271011203150002',
          name: 'Siti Aminah',
          birthDate: '1990-07-15',
          sex: 'F',
          address: { street: 'Jl. Contoh No. 1', desaCode: '62.71.01.1001' },
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

  it('shows the registered complaint on the dashboard with how fresh the data is, by kecamatan, on a laptop and a phone', async () => {
    const page = await h.signedIn('demo.mj');
    await page.getByRole('link', { name: 'Dasbor' }).click();
    await page.getByRole('heading', { name: 'Dasbor pengaduan' }).waitFor();
    // The projection is asynchronous (events over JetStream): reload until it has caught up.
    for (let i = 0; i < 30; i++) {
      if (
        (await page.getByRole('status').filter({ hasText: 'Data sampai' }).count()) > 0 &&
        (await page.getByRole('table').count()) > 0
      )
        break;
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { name: 'Dasbor pengaduan' }).waitFor();
    }
    const figure = page.getByText('Pengaduan diterima', { exact: true }).locator('..');
    expect(await figure.innerText()).toContain('1');
    // Citizens informed and the prelist pipeline (notification's and registry's events) beside the complaint KPIs.
    await page.getByRole('heading', { name: 'Warga diinformasikan' }).waitFor();
    await page
      .getByRole('list', { name: 'Alur prelist (usulan daftar awal)' })
      .getByText(/^Disepakati musdes\/muskel: /)
      .waitFor();
    const table = page.getByRole('table');
    expect(await table.getByRole('rowheader').first().innerText()).toBe('Kec. Pahandut (62.71.01)');
    expect(await page.getByRole('img', { name: /Pengaduan diterima per kecamatan/ }).count()).toBe(1);
    await expectAccessible(page, 'reports-dashboard');
    await screenshot(page, 'reports-dashboard');

    await page.getByRole('combobox', { name: 'Kelompokkan menurut' }).click();
    await page.getByRole('option', { name: 'Program', exact: true }).click();
    await page.getByRole('rowheader', { name: 'PKH' }).waitFor();
    await page.context().close();

    const phone = await h.signedIn('demo.mj', PHONE);
    await phone.goto('/laporan');
    await phone.getByRole('heading', { name: 'Dasbor pengaduan' }).waitFor();
    await phone.getByText('Pengaduan diterima', { exact: true }).waitFor();
    await expectAccessible(phone, 'reports-dashboard-phone');
    await screenshot(phone, 'reports-dashboard-phone');
    await phone.context().close();
  });

  it('shows the owner SLA board and downloads the monthly report as XLSX and PDF', async () => {
    const page = await h.signedIn('demo.sekretariat');
    await page.goto('/laporan/pemilik-program');
    await page.getByRole('heading', { name: 'Papan SLA pemilik program' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /Data sampai|Belum ada data/ })
      .waitFor();
    await expectAccessible(page, 'reports-owner-board');
    await screenshot(page, 'reports-owner-board');

    await page.getByRole('link', { name: 'Laporan bulanan' }).click();
    await page.getByRole('heading', { name: 'Laporan bulanan kegiatan SLRT' }).waitFor();
    await expectAccessible(page, 'reports-monthly');
    await screenshot(page, 'reports-monthly');
    for (const [button, magic] of [
      ['Unduh XLSX', 'PK'],
      ['Unduh PDF', '%PDF'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^laporan-slrt-6271-\d{4}-\d{2}\.(xlsx|pdf)$/);
      const path = await download.path();
      expect(readFileSync(path).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    await page.getByRole('status').filter({ hasText: 'sudah diunduh' }).waitFor();
    await page.context().close();
  });

  it('shapes the Laporan menu by role: the front office has the dashboard only, a programme owner the SLA board only', async () => {
    const fo = await h.signedIn('demo.fo');
    const foLinks = await fo.getByRole('navigation').getByRole('link').allInnerTexts();
    expect(foLinks).toContain('Dasbor');
    expect(foLinks).not.toContain('Laporan bulanan');
    await fo.context().close();
    const po = await h.signedIn('demo.po.pkh');
    const poLinks = await po.getByRole('navigation').getByRole('link').allInnerTexts();
    expect(poLinks).toContain('Papan SLA pemilik program');
    expect(poLinks).not.toContain('Dasbor');
    await po.context().close();
  });
});
