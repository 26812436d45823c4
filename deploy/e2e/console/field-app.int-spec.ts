/* eslint-disable max-lines -- browser spec of field app (lapangan): offline-first, on a phone: its tests share one booted stack, which takes seconds to start */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ConsoleHarness, expectAccessible, screenshot } from '../support/browser.js';
import { DEMO_PASSWORD } from '../support/full-stack.js';
import { waitFor } from '@slrt/testing';

/**
 * The Fasilitator's field app (`/lapangan/`) in Debian's Chromium on a phone-sized screen, against
 * the real platform: signed in once, PIN, five complaints and a photo recorded with the network
 * off, the app reloaded offline (served by its service worker, opened with the PIN), synced when
 * the network is back — once with the answer lost half-way — and registered exactly once; a
 * conflict resolved side by side; the citizen's status page answering the provisional number.
 */
jest.setTimeout(240_000);

const PHONE_360 = { width: 360, height: 740 };
const PIN = '246810';
const NAMES = ['Siti Rahmawati', 'Budi Santoso', 'Ani Lestari', 'Yohanes Dami', 'Rina Marlina'];
const PHOTO = join(process.cwd(), 'services', 'console', 'src', 'field', 'public', 'icons', 'icon-512.png');

/**
 * Waits until a browser expression is true, polling with `page.evaluate` (evaluated through the
 * DevTools protocol: `waitForFunction` with a string would need 'unsafe-eval', which the CSP refuses).
 */
async function until(page: Page, expression: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(250);
  }
}

interface ComplaintListItem {
  complaintId: string;
  receiptNumber: string;
  version?: number;
}

describe('field app (lapangan): offline-first, on a phone', () => {
  let h: ConsoleHarness;
  let context: BrowserContext;
  let page: Page;
  let fsToken: string;
  const errors: string[] = [];

  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${h.base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${fsToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  };
  const home = async () => {
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('button', { name: 'Beranda' }).click();
    await page.getByRole('heading', { name: 'Keluhan di ponsel' }).waitFor();
  };
  const states = async () =>
    (await page.getByRole('list', { name: 'Daftar keluhan' }).getByRole('listitem').allInnerTexts()).map((t) =>
      t.replace(/\s+/g, ' '),
    );

  beforeAll(async () => {
    h = await ConsoleHarness.start('field_app');
    fsToken = await h.stack.token('demo.fs');
    context = await h.context(PHONE_360);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 300_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await h?.close();
  });

  it('is served under /lapangan/ with its manifest, icons and a service worker that caches no API answer', async () => {
    const res = await fetch(`${h.base}/lapangan/`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    const html = await res.text();
    expect(html).toContain('<link rel="manifest" href="/lapangan/manifest.webmanifest"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const manifest = (await (await fetch(`${h.base}/lapangan/manifest.webmanifest`)).json()) as {
      name: string;
      start_url: string;
      scope: string;
      display: string;
      icons: Array<{ src: string; sizes: string }>;
    };
    expect(manifest).toMatchObject({
      name: 'SLRT Lapangan',
      start_url: '/lapangan/',
      scope: '/lapangan/',
      display: 'standalone',
    });
    for (const icon of manifest.icons) expect((await fetch(`${h.base}/lapangan/${icon.src}`)).status).toBe(200);
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const sw = await fetch(`${h.base}/lapangan/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-security-policy')).toContain("default-src 'self'");
    const swText = await sw.text();
    expect(swText).toContain('/lapangan/index.html'); // navigations answered from the precached shell
    expect(swText).not.toMatch(/registerRoute\([^)]*v1/); // no runtime route for the API
    // The office console keeps its own pages and has no service worker.
    expect((await fetch(`${h.base}/sw.js`, { headers: { accept: 'text/html' } })).headers.get('content-type')).toMatch(
      /text\/html/,
    );
    expect((await fetch(`${h.base}/lapangan/assets/none.js`)).status).toBe(404);
  });

  it('signs in once, sets a PIN, works offline, reloads offline behind the PIN, syncs once despite a lost answer, resolves a conflict, answers the supervisor offline, wipes itself when revoked', async () => {
    try {
      await mainFlow();
    } catch (e) {
      await screenshot(page, 'field-failure').catch(() => undefined);
      process.stderr.write(
        `FIELD-APP FAILURE PAGE: ${await page
          .locator('body')
          .innerText()
          .catch(() => '')}\n`,
      );
      if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`, { cause: e });
      throw e;
    }
  });

  async function mainFlow(): Promise<void> {
    await page.goto('/lapangan/');
    await page.getByRole('heading', { name: 'Masuk ke SLRT Lapangan' }).waitFor();
    await expectAccessible(page, 'field-login');
    await screenshot(page, 'field-login');
    await page.getByLabel('Nama pengguna').fill('demo.fs');
    await page.getByLabel(/^Kata sandi/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('heading', { name: 'Buat PIN' }).waitFor();
    await page.getByLabel(/^PIN \(6–12 angka\)/).fill('123456');
    await page.getByLabel(/^Ulangi PIN/).fill('123456');
    await page.getByRole('button', { name: 'Simpan PIN' }).click();
    await page.getByText('PIN tidak boleh berupa urutan angka').waitFor();
    await expectAccessible(page, 'field-set-pin');
    await screenshot(page, 'field-set-pin');
    await page.getByLabel(/^PIN \(6–12 angka\)/).fill(PIN);
    await page.getByLabel(/^Ulangi PIN/).fill(PIN);
    await page.getByRole('button', { name: 'Simpan PIN' }).click();
    await page.getByRole('heading', { name: 'Keluhan di ponsel' }).waitFor();
    // Online chores done: the device enrolled (its code in the numbers), the bundle cached; the
    // service worker installed (precached shell) and controlling the page.
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.getByText(/^Data rujukan \(1 desa\) diperbarui/).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'field-home');

    // ── offline: five complaints, one with a photo ──
    await context.setOffline(true);
    await page.getByText('Luring').waitFor();
    await page.getByRole('button', { name: 'Catat keluhan baru' }).click();
    await page.getByRole('heading', { name: 'Catat keluhan' }).waitFor();
    await page.getByRole('button', { name: 'Simpan keluhan' }).click();
    await page.getByText('Periksa isian berikut').waitFor();
    for (const message of [
      'Nama wajib diisi',
      'Uraian keluhan paling sedikit 10 karakter',
      'Pengaduan harus menyebut paling sedikit satu program.',
      'Persetujuan pengolahan data pribadi diperlukan sebelum data disimpan.',
    ]) {
      expect(await page.getByText(message).count()).toBeGreaterThan(0);
    }
    await page.getByLabel('NIK (bila ada)').fill('12345');
    await page.getByRole('button', { name: 'Simpan keluhan' }).click();
    expect(await page.getByText('NIK harus 16 angka').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'field-record-errors');
    await screenshot(page, 'field-record-errors');
    await page.getByLabel('NIK (bila ada)').fill('');

    const provisional: string[] = [];
    const tracking: string[] = [];
    for (const [i, name] of NAMES.entries()) {
      if (i > 0) {
        await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('button', { name: 'Catat' }).click();
        await page.getByRole('heading', { name: 'Catat keluhan' }).waitFor();
      }
      await page.getByLabel('Nama warga').fill(name);
      await page.getByLabel('Nomor telepon (bila ada)').fill(`08123456700${i}`);
      await page.getByRole('textbox', { name: 'RT', exact: true }).fill(String(i + 1));
      await page.getByLabel('Uraian keluhan').fill(`Bantuan PKH keluarga ${name} belum cair sejak tiga bulan.`);
      await page.getByText('PKH', { exact: true }).click();
      if (i === 0) await page.locator('#f-foto').setInputFiles(PHOTO);
      await page.getByLabel('Warga setuju datanya diolah untuk layanan SLRT').check();
      await page.getByRole('button', { name: 'Simpan keluhan' }).click();
      await page.getByRole('heading', { name: 'Tanda terima' }).waitFor();
      provisional.push(await page.getByTestId('nomor-sementara').innerText());
      tracking.push(await page.getByTestId('kode-lacak').innerText());
      if (i === 0) {
        await expectAccessible(page, 'field-receipt-offline');
        await screenshot(page, 'field-receipt-offline');
      }
    }
    const device = /^L-([2-9A-HJKMNP-Z]{4})-1$/.exec(provisional[0]!)?.[1];
    expect(device).toBeDefined();
    expect(provisional).toEqual([1, 2, 3, 4, 5].map((n) => `L-${device}-${n}`));
    for (const code of tracking) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    await home();
    expect(await states()).toHaveLength(5);
    for (const s of await states()) expect(s).toMatch(/menunggu kirim/i);
    await screenshot(page, 'field-home-offline');

    // ── reload with no network: the shell comes from the service worker, the data from IndexedDB ──
    await page.reload();
    await page.getByRole('heading', { name: 'Buka dengan PIN' }).waitFor();
    await page.getByLabel('PIN').fill('999999');
    await page.getByRole('button', { name: 'Buka' }).click();
    await page.getByText('PIN salah. Sisa 4 percobaan').waitFor();
    await expectAccessible(page, 'field-unlock');
    await screenshot(page, 'field-unlock');
    await page.getByLabel('PIN').fill(PIN);
    await page.getByRole('button', { name: 'Buka' }).click();
    await page.getByRole('heading', { name: 'Keluhan di ponsel' }).waitFor();
    expect(await states()).toHaveLength(5);

    // Nothing personal in the service worker's cache: only the shell.
    const cached = (await page.evaluate(
      'caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys()).then((rs) => rs.map((r) => r.url))))).then((x) => x.flat())',
    )) as string[];
    expect(cached.length).toBeGreaterThan(0);
    for (const url of cached)
      expect(new URL(url).pathname).toMatch(/^\/lapangan\/(index\.html|assets\/|icons\/|manifest\.webmanifest)/);
    // Nothing readable in IndexedDB either: names are sealed.
    const raw = (await page.evaluate(`new Promise((resolve) => {
      const req = indexedDB.open('slrt-lapangan');
      req.onsuccess = () => {
        const all = req.result.transaction('items').objectStore('items').getAll();
        all.onsuccess = () => resolve(JSON.stringify(all.result, (_k, v) => (v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v)));
      };
    })`)) as string;
    for (const name of NAMES) expect(raw).not.toContain(name);

    // ── back online; the first sync's answer is lost on the way (the server did register) ──
    let lost = 0;
    await page.route('**/v1/field-sync', async (route) => {
      if (lost === 0) {
        lost++;
        await route.fetch(); // reaches the server…
        return route.abort('connectionreset'); // …but the phone never hears back
      }
      return route.continue();
    });
    await context.setOffline(false);
    await page.getByText('Sinkronisasi berhenti').waitFor({ timeout: 30_000 });
    expect(lost).toBe(1);
    await screenshot(page, 'field-sync-interrupted');
    await page.unroute('**/v1/field-sync');
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByText('Sinkronisasi selesai', { exact: true }).waitFor({ timeout: 60_000 });
    await until(page, '(document.body.textContent.match(/Tersimpan/g) || []).length === 5', 30_000);
    await expectAccessible(page, 'field-home-synced');
    await screenshot(page, 'field-home-synced');

    // Registered exactly once each, the photo attached once.
    const list = await api<{ items: Array<ComplaintListItem & { subjectName?: string }>; total: number }>(
      '/v1/complaints?pageSize=50',
    );
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(5);
    await page.getByRole('button', { name: `Buka ${provisional[0]}` }).click();
    const official = await page.getByTestId('nomor-resmi').innerText();
    expect(official).toMatch(/^\d{4}-\d{4}-\d{6}$/);
    await page.getByText('1 foto · 1 terkirim').waitFor({ timeout: 30_000 });
    await screenshot(page, 'field-receipt-synced');
    const firstId = list.body.items.find((c) => c.receiptNumber === official)!.complaintId;
    const attachments = await api<{ items: Array<{ fileName: string; contentType: string }> }>(
      `/v1/complaints/${firstId}/attachments`,
    );
    expect(attachments.body.items).toHaveLength(1);
    expect(attachments.body.items[0]!.contentType).toBe('image/jpeg');

    // The citizen's status page answers the provisional number with its tracking code, and names the official number.
    const status = await fetch(`${h.base}/v1/public/complaint-status?nomor=${provisional[0]}&kode=${tracking[0]}`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ receiptNumber: official, provisionalNumber: provisional[0] });
    const statusPage = await context.newPage();
    await statusPage.goto(`/status?nomor=${provisional[0]}&kode=${tracking[0]}`);
    const statusText = await statusPage.locator('body').innerText();
    expect(statusText).toContain(official);
    expect(statusText).toContain(provisional[0]!);
    expect(statusText).toContain('Menunggu pemeriksaan supervisor'); // the FS submission waits for the SPV's check
    await screenshot(statusPage, 'field-public-status');
    await statusPage.close();

    // ── a conflict: the office corrected complaint 2 while the phone edited it offline ──
    await home();
    await page.getByRole('button', { name: `Buka ${provisional[1]}` }).click();
    const second = await page.getByTestId('nomor-resmi').innerText();
    const secondId = list.body.items.find((c) => c.receiptNumber === second)!.complaintId;
    const detail = await api<{ version: number } & Record<string, unknown>>(
      `/v1/complaints/${secondId}?reveal=true&revealReason=${encodeURIComponent('Koreksi dari kantor dalam uji')}`,
    );
    const input = {
      channel: 'FASILITATOR_VISIT',
      subject: {
        name: NAMES[1],
        phone: '081234567001',
        address: { desaCode: '62.71.01.1001', rt: '2' },
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
        description: 'Dikoreksi kantor: bantuan belum cair sejak empat bulan.',
        documentsReceived: [],
      },
    };
    const corrected = await api(`/v1/complaints/${secondId}`, {
      method: 'PUT',
      body: JSON.stringify({ expectedVersion: detail.body.version, reason: 'Koreksi dari kantor', complaint: input }),
    });
    expect(corrected.status).toBe(200);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Ubah keluhan' }).click();
    await page.getByLabel('Uraian keluhan').fill('Diubah di lapangan: bantuan PKH belum cair, anak sakit.');
    await page.getByRole('button', { name: 'Simpan keluhan' }).click();
    await page.getByRole('heading', { name: 'Tanda terima' }).waitFor();
    await home();
    await context.setOffline(false);
    await until(page, "document.body.textContent.includes('Konflik')", 30_000);
    await page.getByRole('button', { name: `Buka ${provisional[1]}` }).click();
    await page.getByRole('table', { name: 'Perbandingan versi' }).waitFor();
    const table = await page.getByRole('table', { name: 'Perbandingan versi' }).innerText();
    expect(table).toContain('Diubah di lapangan');
    expect(table).toContain('Dikoreksi kantor');
    expect(table).toContain('Uraian (beda)');
    await expectAccessible(page, 'field-conflict');
    await screenshot(page, 'field-conflict');
    await page.getByRole('button', { name: 'Pakai versi saya' }).click();
    await page.getByText('Tersimpan', { exact: true }).first().waitFor({ timeout: 30_000 });
    const after = await api<{ description: string; version: number }>(`/v1/complaints/${secondId}`);
    expect(after.body.description).toBe('Diubah di lapangan: bantuan PKH belum cair, anak sakit.');
    expect(after.body.version).toBe(detail.body.version + 2);
    const again = await api<{ total: number }>('/v1/complaints?pageSize=50');
    expect(again.body.total).toBe(5);

    // ── the supervisor's check: complaint 3 returned with a question, answered offline, approved ──
    const thirdNumber = list.body.items.find(
      (c) => c.complaintId !== firstId && c.complaintId !== secondId && c.receiptNumber.endsWith('000003'),
    )!;
    const spv = await h.stack.token('demo.spv');
    const asSpv = async <T>(path: string, init: RequestInit = {}) => {
      const res = await fetch(`${h.base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${spv}`, 'content-type': 'application/json' },
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const held = await asSpv<{ version: number; state: string }>(`/v1/field/checks/${thirdNumber.complaintId}`);
    expect(held.body.state).toBe('awaiting');
    const returned = await asSpv(`/v1/field/checks/${thirdNumber.complaintId}`, {
      method: 'POST',
      body: JSON.stringify({
        action: 'return',
        expectedVersion: held.body.version,
        question: 'Berapa jumlah anggota keluarga yang tinggal serumah?',
      }),
    });
    expect(returned.status).toBe(200);
    await home();
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByText('Berapa jumlah anggota keluarga yang tinggal serumah?').waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    await page.getByRole('button', { name: `Jawab ${thirdNumber.receiptNumber}` }).click();
    await page.getByRole('heading', { name: 'Jawab supervisor' }).waitFor();
    await page.getByLabel(/^Jawaban/).fill('Lima orang: suami, istri dan tiga anak.');
    await expectAccessible(page, 'field-answer');
    await screenshot(page, 'field-answer');
    await page.getByRole('button', { name: 'Simpan jawaban' }).click();
    await page.getByText('Jawaban Anda: Lima orang: suami, istri dan tiga anak.').waitFor();
    expect(await page.getByRole('region', { name: 'Dikembalikan supervisor' }).innerText()).toMatch(/menunggu kirim/i);
    await screenshot(page, 'field-answer-queued');
    await context.setOffline(false);
    await until(page, "!document.body.textContent.includes('Berapa jumlah anggota keluarga')", 30_000);
    const answered = await asSpv<{
      state: string;
      version: number;
      entries: Array<{ kind: string; text: string | null }>;
    }>(`/v1/field/checks/${thirdNumber.complaintId}`);
    expect(answered.body.state).toBe('awaiting');
    expect(answered.body.entries.filter((e) => e.kind === 'answer').map((e) => e.text)).toEqual([
      'Lima orang: suami, istri dan tiga anak.',
    ]);
    const approved = await asSpv<{ state: string }>(`/v1/field/checks/${thirdNumber.complaintId}`, {
      method: 'POST',
      body: JSON.stringify({ action: 'approve', expectedVersion: answered.body.version }),
    });
    expect(approved.body.state).toBe('approved');

    // ── a visit task: no SMS provider here, so the office switches the "received" message to an FS visit;
    //    the FS records it at the household offline, and it reaches notification at the next sync ──
    type Msg = { messageId: string; channel: string; status: string; step: string };
    const received = await waitFor(
      async () => {
        const r = await asSpv<{ items: Msg[] }>(`/v1/complaints/${thirdNumber.complaintId}/messages`);
        return r.body.items?.find((x) => x.step === 'received' && x.channel !== 'fs-visit') ?? null;
      },
      { timeoutMs: 30_000, message: 'the received message of the approved complaint' },
    );
    const switched = await asSpv<{ created: Msg }>(`/v1/messages/${received.messageId}/actions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'switch-to-fs-visit', note: 'Tidak ada penyedia SMS' }),
    });
    expect(switched.body.created).toMatchObject({ channel: 'fs-visit', status: 'queued' });
    await home();
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    const tasks = page.getByRole('region', { name: 'Tugas kunjungan' });
    await tasks.waitFor({ timeout: 30_000 });
    await context.setOffline(true);
    await tasks
      .getByRole('button', { name: /^Sudah disampaikan/ })
      .first()
      .click();
    await tasks.getByText('Dicatat: sudah disampaikan').first().waitFor();
    expect(await tasks.innerText()).toMatch(/menunggu kirim/i);
    await expectAccessible(page, 'field-visit-recorded');
    await screenshot(page, 'field-visit-recorded');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    const visited = await waitFor(
      async () => {
        const r = await asSpv<{ items: Msg[] }>(`/v1/complaints/${thirdNumber.complaintId}/messages`);
        return (
          r.body.items?.find((x) => x.messageId === switched.body.created.messageId && x.status === 'delivered') ?? null
        );
      },
      { timeoutMs: 30_000, message: 'the FS visit recorded as delivered' },
    );
    expect(visited.channel).toBe('fs-visit');

    // ── remote logout: the FS revokes this phone from elsewhere; the app wipes everything ──
    const devices = await api<{ items: Array<{ deviceId: string; deviceCode: string }> }>('/v1/field/devices');
    const phone = devices.body.items.find((d) => d.deviceCode === device)!;
    expect(
      (
        await api(`/v1/field/devices/${phone.deviceId}/revoke`, {
          method: 'POST',
          body: JSON.stringify({ reason: 'HP hilang' }),
        })
      ).status,
    ).toBe(200);
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByText('Data di ponsel ini telah dihapus').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Masuk ke SLRT Lapangan' }).waitFor();
    const left = (await page.evaluate(`new Promise((resolve) => {
      const req = indexedDB.open('slrt-lapangan');
      req.onsuccess = () => {
        const names = ['items', 'photos', 'cache', 'meta'];
        const tx = req.result.transaction(names);
        Promise.all(names.map((n) => new Promise((ok) => { const c = tx.objectStore(n).count(); c.onsuccess = () => ok(c.result); }))).then((cs) => resolve(cs.reduce((a, b) => a + b, 0)));
      };
    })`)) as number;
    expect(left).toBe(0);
    await screenshot(page, 'field-wiped');
    expect(errors).toEqual([]);
  }
});
