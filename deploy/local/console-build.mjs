// @ts-check
// Builds the web console (services/console) to static files with Vite when its sources changed
// since the last build: `npm start` calls it after compiling the services, and the console's
// browser tests call it before starting (one build at a time across Jest workers: a lock
// directory). The stamp is a hash of everything the bundle is made from.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const consoleDir = join(root, 'services', 'console');
export const CONSOLE_DIST = join(consoleDir, 'dist');

/** @param {string} dir @returns {Generator<string>} */
function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else yield p;
  }
}

/** A hash of the console's inputs: its sources, entry page, config and the generated API client. */
export function consoleInputsHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(consoleDir, 'src')),
    ...files(join(root, 'libs', 'api-client', 'src')),
    join(consoleDir, 'index.html'),
    join(consoleDir, 'vite.config.ts'),
    join(consoleDir, 'vite.field.config.ts'),
    join(consoleDir, 'package.json'),
  ];
  if (existsSync(join(consoleDir, 'public'))) inputs.push(...files(join(consoleDir, 'public')));
  for (const file of inputs) hash.update(file.slice(root.length)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/**
 * Writes `name.br` (brotli 11) and `name.gz` (gzip 9) beside every content-hashed script and
 * stylesheet, which the gateway serves as they are: brotli's highest level makes the first load's
 * JavaScript ≈ 7 % smaller than the level 9 the gateway could afford per request.
 * @param {string} dir
 */
function precompress(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const body = readFileSync(join(dir, name));
    if (body.length <= 1024) continue;
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** Builds when stale; returns true when it built. */
export async function buildConsole({ quiet = false } = {}) {
  const stamp = join(CONSOLE_DIST, '.build-hash');
  const wanted = consoleInputsHash();
  const fresh = () => existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === wanted;
  if (fresh()) return false;
  const lock = join(consoleDir, '.build-lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process builds; a lock older than 5 minutes was left by a killed build.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      if (fresh()) return false;
    }
  }
  try {
    if (fresh()) return false;
    // Vite runs in its own process: its bundler's native bindings do not survive a host like
    // Jest's VM modules, and a build's memory is returned when it ends.
    const require = createRequire(join(consoleDir, 'package.json'));
    const bin = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
    // The office console (dist/), then the field app (dist/lapangan/, its own service worker scope).
    for (const config of ['vite.config.ts', 'vite.field.config.ts']) {
      const result = spawnSync(
        process.execPath,
        [bin, 'build', '--config', config, '--logLevel', quiet ? 'warn' : 'info'],
        // Always the production build: Jest sets NODE_ENV=test, which made Vite bundle React's
        // development build (≈ 600 KB instead of 410 KB for the entry) into a dist that `npm start`
        // and the benches then served as it was (the stamp does not know who built it).
        {
          cwd: consoleDir,
          stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
      if (result.status !== 0) throw new Error(`the console's build failed (vite ${config} exit ${result.status})`);
    }
    precompress(join(CONSOLE_DIST, 'assets'));
    precompress(join(CONSOLE_DIST, 'lapangan', 'assets'));
    writeFileSync(stamp, wanted + '\n');
    if (!quiet) process.stdout.write('built services/console\n');
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildConsole();
}
