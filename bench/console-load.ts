/**
 * The front office's first load in Chromium (Debian's package): compressed JavaScript bytes of a
 * signed-in FO opening the registration form in a fresh tab with an empty cache (budget ≤ 300 KB),
 * and the time until the FO can type in it with the network throttled to a slow 3G profile (CDP
 * `Network.emulateNetworkConditions`: 400 kbit/s down and up, 400 ms round trip; budget ≤ 3 s).
 * Same-run baseline: the bare `index.html` document (no script) under the same throttling, the
 * floor that any page pays on that link. Figures only: a missed budget never fails the run.
 *
 *   npm run bench -- bench/console-load.ts                   (boots the platform like the browser tests)
 *   SLRT_BENCH_URL=http://127.0.0.1:3000 SLRT_BENCH_PASSWORD=… npm run bench -- bench/console-load.ts
 *                                                            (a running `npm start -- --demo`)
 *
 * Env: BENCH_RUNS (5; the median is reported), BENCH_USER (demo.fo).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
// @ts-expect-error: a plain ESM build script of the launcher, shared with `npm start`.
import { buildConsole, CONSOLE_DIST } from '../deploy/local/console-build.mjs';
// @ts-expect-error: a plain ESM module of the launcher.
import { findChromium } from '../deploy/local/infra.mjs';
import { DEMO_PASSWORD, FullStack } from '../deploy/e2e/support/full-stack.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const USER = process.env.BENCH_USER ?? 'demo.fo';
const JS_BUDGET = 300 * 1024;
const TYPE_BUDGET_MS = 3000;
/** Slow 3G as the issue defines it: 400 kbit/s each way, 400 ms round trip. */
const SLOW_3G = {
  offline: false,
  latency: 400,
  downloadThroughput: (400 * 1000) / 8,
  uploadThroughput: (400 * 1000) / 8,
};
const FORM = '/keluhan/baru';
const FIRST_FIELD = '[id="field-subject.nik"]';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** A new session per page load (refresh tokens rotate: one cannot serve two tabs). */
async function refreshToken(base: string, password: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USER, password }),
    });
    // A running gateway limits logins per minute: wait for the next minute (at most twice).
    if (r.status === 429 && attempt < 2) {
      await new Promise((done) => setTimeout(done, 61_000));
      continue;
    }
    if (!r.ok) throw new Error(`login as ${USER} failed: HTTP ${r.status}`);
    return ((await r.json()) as { refreshToken: string }).refreshToken;
  }
}

/** Puts a fresh session into the tab before the next navigation (the last init script wins). */
async function giveSession(page: Page, base: string, password: string): Promise<void> {
  const token = await refreshToken(base, password);
  await page
    .context()
    .addInitScript(`try { sessionStorage.setItem('slrt.session.refresh', ${JSON.stringify(token)}); } catch {}`);
}

/**
 * A fresh context whose tab already holds a session, as after signing in: cache disabled (cold),
 * or with the console's assets already in the HTTP cache from an earlier visit (warm: the hashed
 * assets are served `immutable`, as at a counter that opens the console every day).
 */
async function signedInPage(
  browser: Browser,
  base: string,
  password: string,
  warm: boolean,
): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !warm });
  if (warm) {
    await giveSession(page, base, password);
    await page.goto(FORM);
    await page.locator(FIRST_FIELD).waitFor({ state: 'visible', timeout: 60_000 });
    await page.goto('about:blank');
  }
  await giveSession(page, base, password);
  return { page, cdp };
}

interface Load {
  jsEncoded: number;
  jsDecoded: number;
  scripts: number;
  msToType: number;
  /** Until the application has taken over the page (the build-time markup gone, the typed digit still there). */
  msToLive: number;
  /** Every request of the load: when it was sent, answered and finished (ms from navigation), bytes on the wire. */
  waterfall: Array<{ url: string; sent: number; answered: number; done: number; encoded: number }>;
}

/** The waterfall as lines: start → first byte → end, bytes, what (the path only). */
function printWaterfall(load: Load): string[] {
  return load.waterfall
    .sort((a, b) => a.sent - b.sent)
    .map(
      (r) =>
        `    ${String(r.sent).padStart(5)} → ${String(r.answered).padStart(5)} → ${String(r.done).padStart(5)} ms ${kb(r.encoded).padStart(9)}  ${r.url}`,
    );
}

/** Opens the form and measures the scripts' bytes on the wire and the time until typing works. */
async function loadForm(
  browser: Browser,
  base: string,
  password: string,
  throttled: boolean,
  warm = false,
): Promise<Load> {
  const { page, cdp } = await signedInPage(browser, base, password, warm);
  const scripts = new Map<string, { encoded: number; decoded: number }>();
  const types = new Map<string, string>();
  cdp.on('Network.responseReceived', (e: { requestId: string; type: string }) => types.set(e.requestId, e.type));
  cdp.on('Network.dataReceived', (e: { requestId: string; dataLength: number }) => {
    const s = scripts.get(e.requestId) ?? { encoded: 0, decoded: 0 };
    s.decoded += e.dataLength;
    scripts.set(e.requestId, s);
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const s = scripts.get(e.requestId) ?? { encoded: 0, decoded: 0 };
    s.encoded = e.encodedDataLength;
    scripts.set(e.requestId, s);
  });
  const requests = new Map<string, { url: string; sent: number; answered: number; done: number; encoded: number }>();
  let zero: number | undefined;
  const ms = (timestamp: number) => Math.round((timestamp - (zero ?? timestamp)) * 1000);
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; request: { url: string } }) => {
    zero ??= e.timestamp;
    const url = new URL(e.request.url);
    if (url.protocol === 'data:') return; // an inline icon, not a request on the link
    requests.set(e.requestId, { url: url.pathname, sent: ms(e.timestamp), answered: -1, done: -1, encoded: 0 });
  });
  cdp.on('Network.responseReceived', (e: { requestId: string; timestamp: number }) => {
    const r = requests.get(e.requestId);
    if (r) r.answered = ms(e.timestamp);
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { done: ms(e.timestamp), encoded: e.encodedDataLength });
  });
  if (throttled) await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const started = Date.now();
  await page.goto(FORM, { waitUntil: 'commit' });
  const field = page.locator(FIRST_FIELD);
  await field.waitFor({ state: 'visible', timeout: 60_000 });
  await field.pressSequentially('6', { delay: 0 });
  if ((await field.inputValue()) !== '6') throw new Error('the form did not take the typed digit');
  const msToType = Date.now() - started;
  // The page may be the build-time markup (dist/prerendered): the application takes it over when
  // its scripts have run. The digit typed before must still be in the field, which keeps focus,
  // and the next keystroke goes to the application's form.
  // (Locators, not waitForFunction: the page's CSP allows no eval, which a polled function needs.)
  await page.locator('#prerendered').waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('#root > *').first().waitFor({ state: 'attached', timeout: 60_000 });
  const msToLive = Date.now() - started;
  await field.pressSequentially('2', { delay: 0 });
  const after = await field.inputValue();
  if (after !== '62') throw new Error(`the typed digits did not survive the application's take-over: "${after}"`);
  let jsEncoded = 0;
  let jsDecoded = 0;
  let count = 0;
  for (const [id, s] of scripts) {
    if (types.get(id) !== 'Script') continue;
    jsEncoded += s.encoded;
    jsDecoded += s.decoded;
    count++;
  }
  await page.context().close();
  return { jsEncoded, jsDecoded, scripts: count, msToType, msToLive, waterfall: [...requests.values()] };
}

/** The bare document (index.html, no script executed) under the same throttling: the link's floor. */
async function loadBareDocument(browser: Browser, base: string): Promise<number> {
  const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  // Only the document: its stylesheet and scripts are not fetched.
  await page.route(/\/assets\//, (route) => route.abort());
  const started = Date.now();
  await page.goto(FORM, { waitUntil: 'domcontentloaded' });
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

let stack: FullStack | undefined;
let browser: Browser | undefined;
try {
  let base = process.env.SLRT_BENCH_URL;
  const password = base ? (process.env.SLRT_BENCH_PASSWORD ?? '') : DEMO_PASSWORD;
  if (!base) {
    await (buildConsole as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: true });
    // One login per page load: the stack of this run allows more than the default 20 a minute.
    stack = await FullStack.start('bench_console', {
      CONSOLE_DIR: CONSOLE_DIST as string,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    });
    base = stack.base;
  }
  const executablePath = (findChromium as () => string | null)();
  if (!executablePath) throw new Error('Chromium was not found: apt-get install chromium, or set CHROMIUM_PATH');
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });

  // One unthrottled load warms the gateway (asset compression happens on first request).
  await loadForm(browser, base, password, false);
  const fast: Load[] = [];
  const slow: Load[] = [];
  const slowWarm: Load[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    fast.push(await loadForm(browser, base, password, false));
    slow.push(await loadForm(browser, base, password, true));
    slowWarm.push(await loadForm(browser, base, password, true, true));
    bare.push(await loadBareDocument(browser, base));
  }
  const js = median(fast.map((l) => l.jsEncoded));
  const jsDecoded = median(fast.map((l) => l.jsDecoded));
  const scripts = median(fast.map((l) => l.scripts));
  const typeMs = median(slow.map((l) => l.msToType));
  const warmMs = median(slowWarm.map((l) => l.msToType));
  const fastMs = median(fast.map((l) => l.msToType));
  const bareMs = median(bare);
  const liveMs = median(slow.map((l) => l.msToLive));
  const lines = [
    `console first load, ${USER} opening ${FORM} in a fresh tab (empty cache), median of ${RUNS} runs, ${base}`,
    `  JavaScript on the wire: ${kb(js)} compressed (${kb(jsDecoded)} uncompressed, ${scripts} files)   budget ${kb(JS_BUDGET)} → ratio ${(js / JS_BUDGET).toFixed(2)} ${js <= JS_BUDGET ? 'met' : 'NOT met'}`,
    `  time until the FO can type, slow 3G (400 kbit/s, 400 ms RTT), empty cache: ${typeMs} ms   budget ${TYPE_BUDGET_MS} ms → ratio ${(typeMs / TYPE_BUDGET_MS).toFixed(2)} ${typeMs <= TYPE_BUDGET_MS ? 'met' : 'NOT met'}`,
    `  until the application has taken the page over (typed digits kept), slow 3G, empty cache: ${liveMs} ms`,
    `  the same with the console's assets cached from an earlier day: ${warmMs} ms   budget ${TYPE_BUDGET_MS} ms → ratio ${(warmMs / TYPE_BUDGET_MS).toFixed(2)} ${warmMs <= TYPE_BUDGET_MS ? 'met' : 'NOT met'}`,
    `  (floor of the empty-cache case: ${kb(js)} at 400 kbit/s alone takes ${Math.round((js / SLOW_3G.downloadThroughput) * 1000)} ms)`,
    `  baseline: bare index.html on the same link ${bareMs} ms → form/baseline ${(typeMs / bareMs).toFixed(1)}×;  unthrottled time to type ${fastMs} ms`,
    `  waterfall of the median empty-cache slow 3G run (sent → first byte → done, ms from the first request; bytes on the wire, headers included; typed at ${typeMs} ms from navigation):`,
    ...printWaterfall(slow.find((l) => l.msToType === typeMs)!),
    `  runs (slow 3G, ms): empty cache ${slow.map((l) => l.msToType).join(', ')}; cached ${slowWarm.map((l) => l.msToType).join(', ')}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const result = {
    bench: 'console-load',
    runs: RUNS,
    jsCompressedBytes: js,
    jsUncompressedBytes: jsDecoded,
    scripts,
    jsBudgetRatio: js / JS_BUDGET,
    slow3gMsToType: typeMs,
    typeBudgetRatio: typeMs / TYPE_BUDGET_MS,
    slow3gMsToLive: liveMs,
    slow3gCachedMsToType: warmMs,
    cachedTypeBudgetRatio: warmMs / TYPE_BUDGET_MS,
    bareDocumentMs: bareMs,
    unthrottledMsToType: fastMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/console-load.json', `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser?.close().catch(() => undefined);
  await stack?.close();
}
process.exit(0);
