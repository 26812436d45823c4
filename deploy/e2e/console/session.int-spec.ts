import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ConsoleHarness, PHONE, expectAccessible, screenshot, signIn } from '../support/browser.js';

/**
 * The console's frame on the real platform: served by the gateway with its CSP, sign-in and its
 * refusals, menus shaped by roles, a phone viewport, and a session that runs out mid-form without
 * losing what was typed.
 */
jest.setTimeout(120_000);

describe('console: serving, session and frame', () => {
  let h: ConsoleHarness;

  beforeAll(async () => {
    // Access tokens of 3 s: the expiry path is exercised without waiting a quarter of an hour.
    h = await ConsoleHarness.start('console_session', { ACCESS_TOKEN_TTL_SECONDS: '3' });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('is served by the gateway on its own origin with a CSP that allows no inline or foreign script', async () => {
    const res = await fetch(`${h.base}/kasus/some-page`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('<meta name="slrt-time-zone" content="Asia/Jakarta" />');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/https?:\/\//); // no CDN
    const script = /<script[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${h.base}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // The API keeps answering problem+json for addresses it does not have, HTML or not.
    for (const path of ['/v1/nothing-here', '/assets/..%2f..%2fpackage.json', '/assets/__proto__']) {
      const r = await fetch(`${h.base}${path}`, { headers: { accept: 'text/html' } });
      expect([r.status, r.headers.get('content-type')]).toEqual([
        404,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
    }
    const json = await fetch(`${h.base}/kasus/x`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    // The registration form's address has the form's markup in its document (built by
    // vite.config.ts prerender()): same policy, no inline script, its stylesheets inline; the
    // application's entry the same file as index.html's.
    const form = await fetch(`${h.base}/keluhan/baru?dari=menu`, { headers: { accept: 'text/html' } });
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    // Its one inline script (the markup's guard) by its hash; otherwise the same policy.
    const guard = /<script>([^<]+)<\/script>/.exec(formHtml)?.[1];
    expect(guard).toContain('sessionStorage');
    const hash = createHash('sha256').update(guard!).digest('base64');
    expect(form.headers.get('content-security-policy')).toBe(
      csp.replace("script-src 'self'", `script-src 'self' 'sha256-${hash}'`),
    );
    expect(formHtml.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toHaveLength(1);
    expect(formHtml).toContain('<div id="prerendered">');
    expect(formHtml).toContain('id="field-subject.nik"');
    expect(formHtml).toContain('<meta name="slrt-time-zone" content="Asia/Jakarta" />');
    expect(formHtml).not.toMatch(/<form(?![^>]*method="dialog")/);
    expect(formHtml).toContain(`src="${script}"`);
    expect(html).not.toContain('id="prerendered"');
  });

  it('refuses a wrong password in Indonesian, signs in, shows only the desks of the role, and signs out', async () => {
    const context = await h.context();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    // The sign-in page is a chunk of its own (not on a signed-in tab's first load): it follows the entry.
    await page.getByRole('heading', { name: 'Masuk ke konsol SLRT' }).waitFor();
    await expectAccessible(page, 'login');
    await screenshot(page, 'login');
    await page.getByLabel('Nama pengguna').fill('demo.fo');
    await page.getByLabel(/^Kata sandi/).fill('salah-sekali-123');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/salah|tidak cocok|tidak dikenal/i);

    await signIn(page, 'demo.admin');
    // Through the menu, not a reload (see the re-login test); then the pointer off the menu.
    await page.getByRole('link', { name: 'Akun saya' }).click();
    await page.mouse.move(700, 700);
    await page.getByRole('heading', { name: 'Akun saya' }).waitFor();
    expect(await page.getByText('Administrator').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'account');
    await screenshot(page, 'account');
    // Nothing personal in the address bar or the title.
    expect(page.url()).not.toMatch(/\d{16}/);
    expect(await page.title()).toBe('SLRT — Konsol');

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('heading', { name: 'Masuk ke konsol SLRT' }).waitFor();
    // Signed out means the refresh token is gone too: a reload does not sign back in.
    await page.reload();
    await page.getByRole('heading', { name: 'Masuk ke konsol SLRT' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works on a phone: the menu is a drawer opened by a labelled button', async () => {
    const page = await h.signedIn('demo.admin', PHONE);
    const menu = page.getByRole('button', { name: 'Buka menu' });
    expect(await menu.isVisible()).toBe(true);
    await menu.click();
    await page.getByRole('link', { name: 'Akun saya' }).click();
    await page.getByRole('heading', { name: 'Akun saya' }).waitFor();
    await expectAccessible(page, 'account-phone');
    await screenshot(page, 'account-phone');
    // Nothing wider than the screen.
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('keeps what was typed when the session runs out: sign in again in a dialog and the save goes through', async () => {
    const page = await h.signedIn('demo.spv');
    // Through the menu, not a reload: the supervisor's home (the case queue) is busy with requests,
    // each refreshing these 3-second tokens; a reload would cut a rotation's answer short.
    await page.getByRole('link', { name: 'Akun saya' }).click();
    await page.getByLabel('Kata sandi sekarang').fill('bukan-kata-sandi-ini');
    await page.getByLabel(/^Kata sandi baru/).fill('kata-sandi-baru-yang-panjang-2026');
    await page.getByLabel('Ulangi kata sandi baru').fill('kata-sandi-baru-yang-panjang-2026');
    // The session ends behind the user's back: refresh token gone, access token expires (3 s).
    await page.evaluate('sessionStorage.clear()');
    await page.waitForTimeout(3_500);
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sesi Anda berakhir' });
    await dialog.waitFor();
    await expectAccessible(page, 'relogin-dialog');
    await screenshot(page, 'relogin-dialog');
    await dialog.getByLabel(/^Kata sandi/).fill((await import('../support/full-stack.js')).DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Masuk' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The refused save was repeated with the new session: the API's answer (wrong current
    // password) is shown, and the typed fields are still there.
    await page.getByRole('alert').waitFor();
    expect(await page.getByLabel(/^Kata sandi baru/).inputValue()).toBe('kata-sandi-baru-yang-panjang-2026');
    await page.context().close();
  });

  it('works by keyboard alone: sign in, skip to the content, reach a page through the menu, and submit its form', async () => {
    const context = await h.context();
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Masuk ke konsol SLRT' }).waitFor();
    // The username field has focus on arrival; Tab moves on to the password; Enter submits.
    await page.keyboard.type('demo.bo');
    await page.keyboard.press('Tab');
    await page.keyboard.type((await import('../support/full-stack.js')).DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Keluar' }).waitFor();
    // The first Tab reaches the skip link, visible when focused; Enter moves focus to the page.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Lewati ke isi halaman' });
    expect(await skip.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('main');
    // Tab through the menu until "Akun saya" has focus, then open it with Enter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement && document.activeElement.textContent')) === 'Akun saya') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Akun saya' }).waitFor();
    // The password form by keyboard: Tab from field to field (past any toggle), Enter submits.
    const tabTo = async (id: string) => {
      for (let i = 0; i < 6 && (await page.evaluate('document.activeElement && document.activeElement.id')) !== id; i++)
        await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe(id);
    };
    await tabTo('field-currentPassword');
    await page.keyboard.type('bukan-kata-sandi-ini');
    await tabTo('field-newPassword');
    await page.keyboard.type('kata-sandi-baru-yang-panjang-2026');
    await tabTo('field-repeat');
    await page.keyboard.type('kata-sandi-baru-yang-panjang-2026');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').waitFor();
    await context.close();
  });
});
