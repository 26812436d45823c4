import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from '@jest/globals';
import { FullStack, DEMO_PASSWORD } from './full-stack.js';
// @ts-expect-error: a plain ESM build script of the launcher, shared with `npm start`.
import { buildConsole, CONSOLE_DIST } from '../../local/console-build.mjs';
// @ts-expect-error: a plain ESM module of the launcher.
import { findChromium } from '../../local/infra.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(root, 'test-results', 'screenshots', 'console');

/** The viewports the console must work in: an office laptop and a phone. */
export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * Chromium as this machine has it (Debian's package): never a browser downloaded by a test tool.
 * Missing → the test fails and says how to install it (it never passes without running).
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = (findChromium as () => string | null)();
  if (!executablePath)
    throw new Error(
      "Chromium was not found: install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH. The console's browser tests need it.",
    );
  return chromium.launch({
    executablePath,
    headless: true,
    // Flags for a closed network and a root sandbox (CI runs as root in a container).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The console built from the current sources (once per change, shared by the test files). */
export async function builtConsole(): Promise<string> {
  await (buildConsole as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: true });
  return CONSOLE_DIST as string;
}

/**
 * The whole platform (gateway serving the console, intake, registry, referral, notification on
 * real PostgreSQL and NATS) plus a browser.
 */
export class ConsoleHarness {
  private constructor(
    readonly stack: FullStack,
    readonly browser: Browser,
  ) {}

  static async start(
    prefix: string,
    gatewayEnv: Record<string, string> = {},
    overrides: Parameters<typeof FullStack.start>[2] = {},
  ): Promise<ConsoleHarness> {
    const dir = await builtConsole();
    const stack = await FullStack.start(prefix, { CONSOLE_DIR: dir, ...gatewayEnv }, overrides);
    try {
      return new ConsoleHarness(stack, await launchChromium());
    } catch (e) {
      await stack.close();
      throw e;
    }
  }

  get base(): string {
    return this.stack.base;
  }

  /**
   * A fresh browser context (no shared storage) at a viewport, Indonesian locale, WIB, reduced
   * motion (axe must not measure a dialog's colours halfway through its opening transition).
   */
  async context(viewport = LAPTOP): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      baseURL: this.base,
      viewport,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      reducedMotion: 'reduce',
    });
    // Fail at the step that did not happen, well before the test's own timeout.
    context.setDefaultTimeout(15_000);
    return context;
  }

  /** A page signed in as a demo user, on that user's home page. */
  async signedIn(username: string, viewport = LAPTOP): Promise<Page> {
    const page = await (await this.context(viewport)).newPage();
    await page.goto('/');
    await signIn(page, username);
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.stack.close();
  }
}

/** Signs in through the login form, by the fields' accessible names. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel(/^Kata sandi/).fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  try {
    await page.getByRole('button', { name: 'Keluar' }).waitFor({ timeout: 15_000 });
    // The frame's first requests (the inbox badge, the home page's data) may rotate the refresh
    // token; a test navigating on at once would abort that answer and reuse the old token.
    await page.waitForLoadState('networkidle');
  } catch (e) {
    await screenshot(page, `sign-in-failed-${username}`);
    throw e;
  }
}

/** Saves a screenshot for a reviewer to look at (`test-results/screenshots/console/<name>.png`, git-ignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const axeSource = readFileSync(join(dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A/AA rules).
 * axe is evaluated through the DevTools protocol, so the console's CSP (no inline script) stays on.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(axeSource);
  // A string, evaluated in the page (the test runs in Node, without the DOM's types).
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target })) })))`)) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ page: name, violations: serious }).toEqual({ page: name, violations: [] });
}
