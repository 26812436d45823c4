// @ts-check
// Keeps node_modules in step with package-lock.json: `npm ci` when node_modules is missing or
// was installed from another lockfile. Uses only Node built-ins: it runs before any install.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Hash of the lockfile, stored in node_modules after a successful install. */
export function lockHash(root) {
  return createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

/** Whether node_modules must be (re)installed. */
export function depsStale(root) {
  const marker = join(root, 'node_modules', '.slrt-lock-hash');
  if (!existsSync(join(root, 'node_modules')) || !existsSync(marker)) return true;
  return readFileSync(marker, 'utf8').trim() !== lockHash(root);
}

/** Runs `npm ci` when needed, then records the lockfile hash. */
export function ensureDeps(root, log) {
  if (!depsStale(root)) return;
  log('Installing dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm ci failed: see the output above');
  writeFileSync(join(root, 'node_modules', '.slrt-lock-hash'), lockHash(root) + '\n');
}
