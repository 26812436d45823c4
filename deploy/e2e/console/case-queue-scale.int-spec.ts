import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { connectDirectPublisher } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { ConsoleHarness, expectAccessible, screenshot } from '../support/browser.js';

/**
 * The supervisor's queue with a thousand cases: intake's "registry checked" events (published as
 * intake, the fast path the staff-inbox test uses) open the cases in the real referral service;
 * the console renders only the visible rows of the list, and filters without fetching again.
 */
jest.setTimeout(420_000);

const CASES = 1000;
const DESAS = ['62.71.01.1001', '62.71.01.1002', '62.71.01.1003', '62.71.01.1004', '62.71.01.1005'];

describe('console: a queue of a thousand cases', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_queue');
    const intake = await connectDirectPublisher({
      ...h.stack.nats.credentials('intake'),
      service: 'intake',
      kabKotaCode: '62.71',
    });
    try {
      for (let i = 0; i < CASES; i++) {
        await intake.publish('slrt.evt.intake.complaint.registry-checked.v1', {
          complaintId: uuidv7(),
          receiptNumber: `6271-2612-${String(i + 1).padStart(6, '0')}`,
          desaCode: DESAS[i % DESAS.length]!,
          category: i % 10 === 0 ? 'kepesertaan' : 'non-kepesertaan',
          programmeCodes: [i % 2 ? 'PKH' : 'BPNT'],
          outcome: 'in-registry',
          nextStep: 'review',
          desil: 2,
          dataPeriod: '2026-09',
          checkedAt: new Date().toISOString(),
        });
      }
    } finally {
      await intake.close();
    }
    const token = await h.stack.token('demo.spv');
    await waitFor(
      async () => {
        const res = await fetch(`${h.base}/v1/cases?queue=all&pageSize=1`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await res.json()) as { total: number }).total >= CASES || undefined;
      },
      { timeoutMs: 300_000, intervalMs: 2_000, message: 'a thousand cases opened' },
    );
  }, 420_000);

  afterAll(async () => {
    await h?.close();
  });

  it('renders only the visible rows of a thousand, filters them in place, and reaches the last by scrolling', async () => {
    const page = await h.signedIn('demo.spv');
    await page.getByRole('tab', { name: 'Semua (1.000)' }).click();
    await page.getByText('Menampilkan 1.000 dari 1.000 kasus, urut tenggat terdekat').waitFor({ timeout: 60_000 });
    const list = page.getByRole('list', { name: 'Daftar kasus' });
    const rows = list.getByRole('listitem');
    const rendered = await rows.count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(60);
    expect(await rows.first().getAttribute('aria-setsize')).toBe('1000');
    await expectAccessible(page, 'queue-1000');
    await screenshot(page, 'queue-1000');

    // Filters apply to what is loaded: a desa is one case in five, a category one in ten.
    await page.getByLabel('Desa/kelurahan (kode)').selectOption('62.71.01.1003');
    await page.getByText('Menampilkan 200 dari 1.000 kasus, urut tenggat terdekat').waitFor();
    expect(await rows.count()).toBeLessThan(60);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('62.71.01.1003');
    await page.getByLabel('Kategori').selectOption('kepesertaan');
    await page.getByText('Menampilkan 0 dari 1.000 kasus, urut tenggat terdekat').waitFor();
    await page.getByLabel('Desa/kelurahan (kode)').selectOption('62.71.01.1001');
    await page.getByText('Menampilkan 100 dari 1.000 kasus, urut tenggat terdekat').waitFor();
    await page.getByLabel('Kategori').selectOption('');
    await page.getByLabel('Desa/kelurahan (kode)').selectOption('');

    // Scrolled to the end, the last rows are rendered (and the first no longer are).
    await page.getByText('Menampilkan 1.000 dari 1.000 kasus, urut tenggat terdekat').waitFor();
    const firstText = await rows.first().innerText();
    await list.hover();
    await page.mouse.wheel(0, 200_000);
    await waitFor(async () => (await rows.last().getAttribute('aria-posinset')) === '1000' || undefined, {
      message: 'last row rendered',
    });
    expect(await rows.count()).toBeLessThan(60);
    expect(await rows.first().innerText()).not.toBe(firstText);
    await page.context().close();
  });
});
