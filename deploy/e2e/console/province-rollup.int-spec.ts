import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rollupSubject, type MonthlyRollupV1 } from '@slrt/contracts';
import { buildEventEnvelope, connectDirectPublisher, publishToStream } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { ConsoleHarness, PHONE, expectAccessible, screenshot, signIn } from '../support/browser.js';

jest.setTimeout(180_000);

const HUB_ADMIN = 'hub.admin';
const HUB_PASSWORD = 'kata-sandi-hub-yang-panjang-2026';

const fixture = JSON.parse(
  readFileSync(
    fileURLToPath(
      new URL('../../../libs/contracts/src/fixtures/events/slrt.rollup.*.monthly.v1.json', import.meta.url),
    ),
    'utf8',
  ),
) as MonthlyRollupV1;

/**
 * "Rekap provinsi" on a province hub (issue 13): the platform runs as a hub (reporting in province
 * mode, NATS with the kab/kota's roll-up users); Kota Palangka Raya sends its month over NATS as its
 * own `rollup-6271` user, then a newer version; the secretariat sees the newer figures, the version
 * and when they arrived; a kab/kota outside its scope is not shown; axe on a laptop and a phone.
 */
describe('console: Rekap provinsi (province hub)', () => {
  let h: ConsoleHarness;
  const month = fixture.month;
  const monthLabel = new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );

  const send = async (code: string, payload: MonthlyRollupV1) => {
    const p = await connectDirectPublisher({
      ...h.stack.nats.credentials(`rollup-${code.replace('.', '')}`),
      service: 'reporting',
      kabKotaCode: code,
    });
    try {
      const subject = rollupSubject('slrt.rollup.*.monthly.v1', code);
      const envelope = buildEventEnvelope(
        { service: 'reporting', kabKotaCode: code },
        'slrt.rollup.*.monthly.v1',
        subject,
        payload,
      );
      await publishToStream(p.nc, subject, JSON.stringify(envelope), {
        msgID: `rollup:${code}:${payload.month}:${payload.version}`,
      });
    } finally {
      await p.close();
    }
  };

  beforeAll(async () => {
    // The hub's gateway (SLRT_HUB_REGION=ID: the national hub, here also the province's): its
    // administrator's scope is every province; the demo users (Kota Palangka Raya's) sign in too.
    h = await ConsoleHarness.start(
      'console_rollup',
      { SLRT_HUB_REGION: 'ID', SLRT_ADMIN_USERNAME: HUB_ADMIN, SLRT_ADMIN_PASSWORD: HUB_PASSWORD },
      { reporting: { REPORTING_MODE: 'province' }, rollupSources: ['62.71', '62.01', '63.71'] },
    );
    await send('62.71', { ...fixture, version: 1, totals: { ...fixture.totals, received: 4 } });
    await send('62.71', fixture);
    // Kotawaringin Barat reports too: outside the demo secretariat's scope (62.71), never shown to it.
    await send('62.01', {
      ...fixture,
      kabKotaCode: '62.01',
      kecamatan: [],
      totals: { ...fixture.totals, received: 77 },
    });
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows each kab/kota\u2019s latest figures with its version and arrival, only within the secretariat\u2019s scope, on a laptop and a phone', async () => {
    const page = await h.signedIn('demo.sekretariat');
    await page.getByRole('link', { name: 'Rekap provinsi' }).click();
    await page.getByRole('heading', { name: 'Rekap provinsi' }).waitFor();
    await page.getByRole('combobox', { name: 'Bulan' }).click();
    await page
      .getByRole('option', {
        name: new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${month}-01T00:00:00Z`),
        ),
      })
      .click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /\(62\.71\)$/ }) });
    // The hub takes the messages from JetStream asynchronously: reload until the newer version is in.
    await waitFor(
      async () => {
        if ((await row.count()) === 1 && (await row.getByRole('cell').last().innerText()).startsWith('Versi 3'))
          return true;
        await page.reload();
        await page.getByRole('combobox', { name: 'Bulan' }).click();
        await page
          .getByRole('option', {
            name: new Intl.DateTimeFormat('id-ID', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
              new Date(`${month}-01T00:00:00Z`),
            ),
          })
          .click();
        return false;
      },
      { timeoutMs: 60_000, intervalMs: 1000, message: 'the newer version on the hub' },
    );
    const cells = await row.getByRole('cell').allInnerTexts();
    const t = fixture.totals;
    expect(cells.slice(0, 11)).toEqual(
      [
        t.received,
        t.receivedFo,
        t.receivedFs,
        t.referralsSent,
        t.ownerAnswers,
        t.resolved,
        t.rejected,
        t.resolvedAtPuskesos,
        t.openOnTrack,
        t.openAtRisk,
        t.openBreached,
      ].map(String),
    );
    expect(cells[11]).toMatch(/^Versi 3, diterima /);
    await expect(page.getByRole('status').filter({ hasText: 'sudah melapor' }).innerText()).resolves.toMatch(
      /^1 dari 1 kabupaten\/kota sudah melapor/,
    );
    // Outside the scope: neither its row nor its 77 complaints in the total.
    expect(await page.getByRole('rowheader', { name: /\(62\.01\)$/ }).count()).toBe(0);
    const total = await page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Jumlah yang sudah melapor' }) })
      .getByRole('cell')
      .first()
      .innerText();
    expect(total).toBe(String(t.received));
    await screenshot(page, 'province-rollup');
    await expectAccessible(page, 'province rollup');

    const phone = await h.signedIn('demo.sekretariat', PHONE);
    await phone.goto('/laporan/provinsi');
    await phone.getByRole('heading', { name: 'Rekap provinsi' }).waitFor();
    await screenshot(phone, 'province-rollup-phone');
    await expectAccessible(phone, 'province rollup (phone)');
  });

  it('gives a secretariat whose scope spans provinces (the national hub) the sums per province first', async () => {
    // Kota Banjarmasin (Kalimantan Selatan) reports to the same hub, which here plays the national one.
    await send('63.71', {
      ...fixture,
      kabKotaCode: '63.71',
      kecamatan: [],
      totals: { ...fixture.totals, received: 5 },
    });
    // A national secretariat, scope over two provinces, made by the hub's administrator.
    const admin = (await (
      await fetch(`${h.base}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: HUB_ADMIN, password: HUB_PASSWORD }),
      })
    ).json()) as { accessToken: string };
    const created = await fetch(`${h.base}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` },
      body: JSON.stringify({
        username: 'sek.nasional',
        displayName: 'Sekretariat Nasional',
        password: HUB_PASSWORD,
        roles: ['SEKRETARIAT'],
        regionScope: ['62', '63'],
      }),
    });
    expect(created.status).toBe(201);
    const page = await (await h.context()).newPage();
    await page.goto('/');
    await signIn(page, 'sek.nasional', HUB_PASSWORD);
    // On a hub the roll-up is where its users start.
    await page.getByRole('heading', { name: 'Rekap provinsi' }).waitFor();
    const section = page.getByRole('region', { name: 'Rekap per provinsi' });
    const province = (name: RegExp) =>
      section
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name }) })
        .getByRole('cell');
    await waitFor(
      async () => {
        await page.getByRole('combobox', { name: 'Bulan' }).click();
        await page.getByRole('option', { name: monthLabel }).click();
        await page.getByRole('status').filter({ hasText: 'sudah melapor' }).waitFor();
        if ((await section.count()) === 1 && (await province(/\(63\)$/).count()) > 0) return true;
        await page.reload();
        return false;
      },
      { timeoutMs: 60_000, intervalMs: 1000, message: 'both provinces on the national view' },
    );
    const t = fixture.totals;
    // Kalimantan Tengah: both its kab/kota reported, their sums; Kalimantan Selatan: its one.
    expect((await province(/\(62\)$/).allInnerTexts()).slice(0, 2)).toEqual(['2 dari 2', String(t.received + 77)]);
    expect((await province(/\(63\)$/).allInnerTexts()).slice(0, 2)).toEqual(['1 dari 1', '5']);
    expect(await page.getByRole('rowheader', { name: /\(62\.01\)$/ }).count()).toBe(1);
    await screenshot(page, 'province-rollup-national');
    await expectAccessible(page, 'province rollup (national)');
  });

  it('shows a hub’s users only the hub’s pages: the roll-up for the secretariat and the administrator, the users for the administrator', async () => {
    const page = await (await h.context()).newPage();
    await page.goto('/');
    await signIn(page, HUB_ADMIN, HUB_PASSWORD);
    await page.getByRole('heading', { name: 'Rekap provinsi' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/laporan/provinsi');
    const menu = page.getByRole('navigation');
    await menu.getByRole('link', { name: 'Pengguna' }).waitFor();
    // No kab/kota desk: no queue, registration, registry data, dashboards, inbox or other settings.
    const links = (await menu.getByRole('link').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    expect(links.sort()).toEqual(['Akun saya', 'Pengguna', 'Rekap provinsi']);
    await screenshot(page, 'hub-admin-menu');
    await expectAccessible(page, 'hub admin');
    // A manager has nothing on a hub but the account page.
    const mj = await h.signedIn('demo.mj');
    await mj.getByRole('heading', { name: 'Akun saya' }).waitFor();
    expect(await mj.getByRole('link', { name: 'Rekap provinsi' }).count()).toBe(0);
  });
});
