/**
 * The field app's sync of a full day offline: 200 queued complaints with 200 photos (≈ 300 KB
 * JPEG each) sent by the real app (`/lapangan/`, Debian's Chromium) to the real platform over a
 * throttled connection (CDP `Network.emulateNetworkConditions`). Bytes on the wire are counted by
 * a TCP proxy between the browser and the gateway (both directions, headers included) and compared
 * with the payload (the complaints' JSON items + the photos' bytes). Goals: completes, every
 * complaint registered once with its photo; wire ≤ 1.2 × payload. Figures only.
 *
 *   npm run bench -- bench/field-sync.ts
 *
 * Env: BENCH_ITEMS (200), BENCH_PHOTO_KB (300), BENCH_UP_MBIT (10), BENCH_DOWN_MBIT (20), BENCH_RTT_MS (100).
 * The queue is put into the app's encrypted IndexedDB the way the app writes it (the vault opened
 * with the PIN in the page), because typing 200 forms would measure the typing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { TcpProxy } from '@slrt/testing';
import { chromium } from 'playwright-core';
// @ts-expect-error: a plain ESM build script of the launcher, shared with `npm start`.
import { buildConsole, CONSOLE_DIST } from '../deploy/local/console-build.mjs';
// @ts-expect-error: a plain ESM module of the launcher.
import { findChromium } from '../deploy/local/infra.mjs';
import { DEMO_PASSWORD, FullStack } from '../deploy/e2e/support/full-stack.js';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200);
const PHOTO_KB = Number(process.env.BENCH_PHOTO_KB ?? 300);
const UP = Number(process.env.BENCH_UP_MBIT ?? 10);
const DOWN = Number(process.env.BENCH_DOWN_MBIT ?? 20);
const RTT = Number(process.env.BENCH_RTT_MS ?? 100);
const PIN = '246810';
/** Writes the queue into the app's IndexedDB as the app does (vault opened with the PIN). */
const SEED_QUEUE = `async ({ items, photoKb, pin }) => {
        const idb = (r) => new Promise((ok, ko) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => ko(r.error))));
        const dbh = await idb(indexedDB.open('slrt-lapangan'));
        const meta = async (key) => (await idb(dbh.transaction('meta').objectStore('meta').get(key)))?.value;
        const vault = await meta('vault');
        let device = await meta('device');
        for (let i = 0; !device && i < 300; i++) {
          await new Promise((ok) => setTimeout(ok, 100));
          device = await meta('device');
        }
        if (!device) throw new Error('the app did not enrol the device');
        const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
        const kek = await crypto.subtle.deriveKey({ name: 'PBKDF2', salt: vault.salt, iterations: vault.iterations, hash: 'SHA-256' }, material, { name: 'AES-GCM', length: 256 }, false, ['unwrapKey']);
        const key = await crypto.subtle.unwrapKey('raw', vault.wrappedKey, kek, { name: 'AES-GCM', iv: vault.iv }, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
        const seal = async (id, bytes) => {
          const iv = crypto.getRandomValues(new Uint8Array(12));
          return { iv, ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(id) }, key, bytes) };
        };
        // A camera-like JPEG of about the wanted size (noise compresses like a photo's detail).
        let side = 700;
        let jpeg;
        for (;;) {
          const canvas = new OffscreenCanvas(side, Math.round(side * 0.75));
          const ctx = canvas.getContext('2d');
          const img = ctx.createImageData(canvas.width, canvas.height);
          for (let i = 0; i < img.data.length; i += 4) {
            const v = (Math.sin(i / 97) * 60 + 128 + Math.random() * 60) | 0;
            img.data[i] = v;
            img.data[i + 1] = (v * 0.8) | 0;
            img.data[i + 2] = (v * 0.6) | 0;
            img.data[i + 3] = 255;
          }
          ctx.putImageData(img, 0, 0);
          jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
          if (Math.abs(jpeg.size - photoKb * 1024) < photoKb * 1024 * 0.1 || side > 3000 || side < 100) break;
          side = Math.round(side * Math.sqrt((photoKb * 1024) / jpeg.size));
        }
        const photo = new Uint8Array(await jpeg.arrayBuffer());
        const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
        const code = () => Array.from({ length: 8 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('').replace(/^(.{4})/, '$1-');
        let payload = 0;
        const now = new Date().toISOString();
        for (let n = 1; n <= items; n++) {
          const id = crypto.randomUUID();
          const input = {
            channel: 'FASILITATOR_VISIT',
            subject: { name: \`Warga Uji \${n}\`, phone: \`0812\${String(10_000_000 + n)}\`, address: { desaCode: '62.71.01.1001', rt: String((n % 20) + 1) }, consent: true },
            complainant: null,
            relationship: 'self',
            anonymous: false,
            confidential: false,
            complaint: { category: 'non-kepesertaan', contactType: 'pengaduan', programmeCodes: ['PKH'], sector: 'sosial-ekonomi', description: \`Bantuan PKH keluarga nomor \${n} belum cair sejak tiga bulan.\`, documentsReceived: ['KTP'] },
          };
          const box = { input, recordedAt: now, localNumber: \`L-\${device.deviceCode}-\${n}\`, trackingCode: code() };
          payload += JSON.stringify({ clientId: id, recordedAt: now, complaint: input, provisionalNumber: box.localNumber, trackingCode: box.trackingCode }).length + photo.length;
          const pid = crypto.randomUUID();
          const sealedItem = await seal(id, new TextEncoder().encode(JSON.stringify(box)));
          const sealedPhoto = await seal(pid, photo);
          const tx = dbh.transaction(['items', 'photos'], 'readwrite');
          tx.objectStore('items').add({ id, kind: 'complaint', state: 'queued', createdAt: now, updatedAt: now, box: sealedItem });
          tx.objectStore('photos').add({ id: pid, itemId: id, state: 'queued', size: photo.length, sent: 0, createdAt: now, box: sealedPhoto });
          await new Promise((ok) => (tx.oncomplete = ok));
        }
        const tx = dbh.transaction('meta', 'readwrite');
        tx.objectStore('meta').put({ key: 'localCounter', value: items });
        await new Promise((ok) => (tx.oncomplete = ok));
        dbh.close();
        return { payload, photoBytes: photo.length };
      }`;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;

async function main(): Promise<void> {
  await (buildConsole as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: true });
  const stack = await FullStack.start('bench_field_sync', {
    CONSOLE_DIR: CONSOLE_DIST as string,
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const proxy = await TcpProxy.start({ port: Number(new URL(stack.base).port) }); // counts every byte each way
  const browser = await chromium.launch({
    executablePath: (findChromium as () => string)(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({
      baseURL: `http://127.0.0.1:${proxy.port}`,
      viewport: { width: 360, height: 740 },
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await page.goto('/lapangan/');
    await page.getByLabel('Nama pengguna').fill('demo.fs');
    await page.getByLabel(/^Kata sandi/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByLabel(/^PIN \(6–12 angka\)/).fill(PIN);
    await page.getByLabel(/^Ulangi PIN/).fill(PIN);
    await page.getByRole('button', { name: 'Simpan PIN' }).click();
    await page.getByRole('heading', { name: 'Keluhan di ponsel' }).waitFor();
    await page.waitForLoadState('networkidle');

    // The queue, written as the app writes it: sealed with the data key the PIN unwraps.
    // Browser code as a string: the repository's TypeScript has no DOM library outside the console.
    const seeded = (await page.evaluate(
      `(${SEED_QUEUE})(${JSON.stringify({ items: ITEMS, photoKb: PHOTO_KB, pin: PIN })})`,
    )) as { payload: number; photoBytes: number };

    await page.reload();
    await page.getByLabel('PIN').fill(PIN);
    await page.getByRole('button', { name: 'Buka' }).click();
    await page.getByText(`${ITEMS} menunggu kirim`).waitFor();
    await page.waitForLoadState('networkidle');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: RTT,
      downloadThroughput: (DOWN * 1e6) / 8,
      uploadThroughput: (UP * 1e6) / 8,
    });
    proxy.reset();
    const started = performance.now();
    await page.getByRole('button', { name: 'Sinkronkan sekarang' }).click();
    await page.getByText('Sinkronisasi selesai', { exact: true }).waitFor({ timeout: 30 * 60_000 });
    const seconds = (performance.now() - started) / 1000;
    const report = await page.getByRole('status').innerText();
    const wire = proxy.up + proxy.down;

    const token = await stack.token('demo.fs');
    const list = (await (
      await fetch(`${stack.base}/v1/complaints?pageSize=1`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { total: number; items: Array<{ complaintId: string }> };
    const sample = list.items[0]!;
    const attachments = (await (
      await fetch(`${stack.base}/v1/complaints/${sample.complaintId}/attachments`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: unknown[] };

    const ratio = wire / seeded.payload;
    process.stdout.write(
      `items ${ITEMS}, photo ${(seeded.photoBytes / 1024).toFixed(0)} KB each, link up ${UP} Mbit/s down ${DOWN} Mbit/s RTT ${RTT} ms\n`,
    );
    process.stdout.write(`app's report: ${report.replace(/\s+/g, ' ')}\n`);
    process.stdout.write(
      `complaints on the server ${list.total} (expected ${ITEMS}); photos on a sample complaint ${attachments.items.length}\n`,
    );
    process.stdout.write(
      `payload ${mb(seeded.payload)}, on the wire ${mb(wire)} (up ${mb(proxy.up)}, down ${mb(proxy.down)}), ratio ${ratio.toFixed(3)} (goal ≤ 1.2: ${ratio <= 1.2 ? 'met' : 'NOT met'})\n`,
    );
    process.stdout.write(
      `sync took ${seconds.toFixed(1)} s (${mb(seeded.payload / seconds)}/s; the link's upload ceiling ${(UP / 8).toFixed(2)} MB/s)\n`,
    );
    const result = {
      bench: 'field-sync',
      items: ITEMS,
      photoBytes: seeded.photoBytes,
      payloadBytes: seeded.payload,
      wireBytes: wire,
      upBytes: proxy.up,
      downBytes: proxy.down,
      ratio,
      seconds,
      registered: list.total,
      completed: list.total === ITEMS && attachments.items.length === 1,
      goalMet: ratio <= 1.2 && list.total === ITEMS,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/field-sync.json', `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close().catch(() => undefined);
    await proxy.close();
    await stack.close();
  }
}

await main();
