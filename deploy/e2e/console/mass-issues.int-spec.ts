import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createApiClient } from '@slrt/api-client';
import { generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { ConsoleHarness, PHONE, expectAccessible, screenshot } from '../support/browser.js';

jest.setTimeout(180_000);

/**
 * Masalah massal on the real platform: complaints about PKH in one desa registered through the API
 * open cases in referral, which suggests them as one mass issue (threshold set by the ADMIN); a
 * supervisor confirms it in the console, the back office sends the grouped referral; axe clean,
 * on a laptop and a phone.
 */
describe('console: masalah massal (suggestion, confirmation, grouped referral)', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    h = await ConsoleHarness.start('console_mass');
    const admin = createApiClient(h.base, { accessToken: await h.stack.token('demo.admin') });
    expect(
      (await admin.PUT('/v1/mass-issue-threshold', { body: { minComplaints: 2, windowDays: 14, area: 'desa' } }))
        .response.status,
    ).toBe(200);
    const fo = createApiClient(h.base, { accessToken: await h.stack.token('demo.fo') });
    for (let i = 0; i < 2; i++) {
      const nik = generateNik({ regionCode: '62.71.01', birthDate: '1980-01-0' + (i + 1), sex: 'F', serial: 70 + i });
      const registered = await fo.POST('/v1/complaints', {
        params: { header: { 'Idempotency-Key': `console-mass-000${i}` } },
        body: {
          channel: 'PUSKESOS_FO',
          place: 'Puskesos Kelurahan Pahandut',
          subject: {
            nik,
            name: `Warga Contoh ${i + 1}`,
            birthDate: `1980-01-0${i + 1}`,
            sex: 'F',
            address: { street: 'Jl. Contoh No. 1', desaCode: '62.71.01.1001' },
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
            description: 'Bantuan PKH tahap ketiga belum cair.',
            documentsReceived: ['KTP'],
          },
        },
      });
      expect(registered.response.status).toBe(201);
    }
    const spv = createApiClient(h.base, { accessToken: await h.stack.token('demo.spv') });
    await waitFor(async () => ((await spv.GET('/v1/mass-issues', {})).data?.items.length ?? 0) > 0 || undefined, {
      timeoutMs: 60_000,
      message: 'mass issue suggested',
    });
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows the suggestion with its count, desa, programme and period; the supervisor confirms it', async () => {
    const page = await h.signedIn('demo.spv');
    await page.getByRole('link', { name: 'Masalah massal' }).click();
    await page.getByRole('heading', { name: 'Masalah massal', level: 2 }).waitFor();
    const card = page.getByRole('article').first();
    expect(await card.innerText()).toContain('2 pengaduan');
    expect(await card.innerText()).toContain('Program PKH');
    expect(await card.innerText()).toContain('62.71.01.1001');
    // No personal data on the page: receipt numbers only.
    expect(await page.content()).not.toContain('Warga Contoh');
    await expectAccessible(page, 'mass-issues-suggested');
    await screenshot(page, 'mass-issues-suggested');
    // Staff choose the member cases: leaving one out leaves fewer than 2, so confirming waits.
    const boxes = card.getByRole('checkbox');
    expect(await boxes.count()).toBe(2);
    await boxes.first().uncheck();
    expect(await card.getByRole('button', { name: 'Konfirmasi (1 kasus)' }).isDisabled()).toBe(true);
    await boxes.first().check();
    await card.getByRole('button', { name: 'Konfirmasi (2 kasus)' }).click();
    await page.getByRole('heading', { name: 'Dikonfirmasi (1)' }).waitFor();
    await page.getByRole('heading', { name: 'Saran (0)' }).waitFor();
    await page.context().close();
  });

  it('lets the back office send the confirmed group as a grouped referral, on a phone', async () => {
    const phone = await h.signedIn('demo.bo', PHONE);
    await phone.goto('/masalah-massal');
    await phone.getByRole('heading', { name: 'Dikonfirmasi (1)' }).waitFor();
    await phone.getByRole('button', { name: 'Rujuk berkelompok' }).click();
    await phone.getByRole('status').filter({ hasText: 'Dirujuk:' }).waitFor();
    await expectAccessible(phone, 'mass-issues-phone');
    await screenshot(phone, 'mass-issues-phone');
    expect(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await phone.context().close();
    // Other roles do not see the page in the menu.
    const fo = await h.signedIn('demo.fo');
    expect(await fo.getByRole('link', { name: 'Masalah massal' }).count()).toBe(0);
    await fo.context().close();
  });

  it('refuses bad input and other roles over HTTP with problem+json in Indonesian', async () => {
    const spv = await h.stack.token('demo.spv');
    const post = (path: string, token: string, body: unknown) =>
      fetch(`${h.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post('/v1/mass-issues', spv, {
      areaCode: '62.71.01.1001',
      programmeCode: 'PKH',
      category: 'non-kepesertaan',
      caseIds: ['bukan-id'],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { errors: Array<{ field: string; messages: string[] }> };
    expect(problem.errors.find((e) => e.field === 'caseIds')?.messages.join(' ')).toMatch(
      /Pilih paling sedikit 2 kasus|Id kasus tidak valid/,
    );
    const fo = await h.stack.token('demo.fo');
    expect(
      (
        await post('/v1/mass-issues', fo, {
          areaCode: '62.71.01.1001',
          programmeCode: 'PKH',
          category: 'non-kepesertaan',
          caseIds: [],
        })
      ).status,
    ).toBe(403);
    const threshold = await fetch(`${h.base}/v1/mass-issue-threshold`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await h.stack.token('demo.admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ minComplaints: 0, windowDays: 400, area: 'rt' }),
    });
    expect(threshold.status).toBe(422);
    const fields = ((await threshold.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['area', 'minComplaints', 'windowDays']);
  });
});
