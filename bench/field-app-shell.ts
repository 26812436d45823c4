/**
 * The field app's shell (`/lapangan/`): what its service worker precaches, i.e. what a
 * Fasilitator's phone downloads once to work offline afterwards — measured compressed as the
 * gateway serves it (brotli, quality 9; gzip 9 beside it). Budget ≤ 300 KB compressed. The
 * precache list is read from the built `sw.js` itself, so what is measured is what is cached.
 * Same-run baseline: the office console's entry page and the JavaScript/CSS it loads first.
 * Figures only: a missed budget never fails the run.
 *
 *   npm run bench -- bench/field-app-shell.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
// @ts-expect-error: a plain ESM build script of the launcher, shared with `npm start`.
import { buildConsole, CONSOLE_DIST } from '../deploy/local/console-build.mjs';

const BUDGET = 300 * 1024;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** As the gateway sends it: files above 1 KB compressed, smaller ones as they are. */
function sizes(body: Buffer): { raw: number; br: number; gzip: number } {
  if (body.length <= 1024) return { raw: body.length, br: body.length, gzip: body.length };
  return {
    raw: body.length,
    br: brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
    gzip: gzipSync(body, { level: 9 }).length,
  };
}

async function main(): Promise<void> {
  await (buildConsole as (o: { quiet: boolean }) => Promise<boolean>)({ quiet: true });
  const dist = CONSOLE_DIST as string;
  const fieldDir = join(dist, 'lapangan');
  const sw = readFileSync(join(fieldDir, 'sw.js'));
  const precached = [...new Set([...sw.toString('utf8').matchAll(/"?url"?:\s*"([^"]+)"/g)].map((m) => m[1]!))].sort();
  const rows = precached.map((url) => ({ file: url, ...sizes(readFileSync(join(fieldDir, url))) }));
  rows.push({ file: 'sw.js', ...sizes(sw) });
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, br: t.br + r.br, gzip: t.gzip + r.gzip }), {
    raw: 0,
    br: 0,
    gzip: 0,
  });

  // Baseline: the office console's first load (its page and the assets it names).
  const consoleIndex = readFileSync(join(dist, 'index.html'), 'utf8');
  const consoleAssets = [...consoleIndex.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const consoleTotal = [Buffer.from(consoleIndex), ...consoleAssets.map((a) => readFileSync(join(dist, 'assets', a)))]
    .map(sizes)
    .reduce((t, r) => ({ raw: t.raw + r.raw, br: t.br + r.br, gzip: t.gzip + r.gzip }), { raw: 0, br: 0, gzip: 0 });

  const width = Math.max(...rows.map((r) => r.file.length), 28);
  const line = (name: string, r: { raw: number; br: number; gzip: number }) =>
    `${name.padEnd(width)}  ${kb(r.raw).padStart(10)}  ${kb(r.br).padStart(10)}  ${kb(r.gzip).padStart(10)}`;
  process.stdout.write(
    `${'file (precached by /lapangan/sw.js)'.padEnd(width)}  ${'raw'.padStart(10)}  ${'brotli'.padStart(10)}  ${'gzip'.padStart(10)}\n`,
  );
  for (const r of rows) process.stdout.write(`${line(r.file, r)}\n`);
  process.stdout.write(`${line('field app shell, total', total)}\n`);
  process.stdout.write(`${line('baseline: console first load', consoleTotal)}\n`);
  const met = total.br <= BUDGET && total.gzip <= BUDGET;
  process.stdout.write(
    `budget ≤ ${kb(BUDGET)} compressed: ${met ? 'met' : 'NOT met'} (brotli ${kb(total.br)}, gzip ${kb(total.gzip)})\n`,
  );
  const result = {
    bench: 'field-app-shell',
    files: rows.length,
    rawBytes: total.raw,
    brotliBytes: total.br,
    gzipBytes: total.gzip,
    budgetBytes: BUDGET,
    met,
    consoleFirstLoadBrotliBytes: consoleTotal.br,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/field-app-shell.json', `${JSON.stringify(result, null, 2)}\n`);
}

await main();
