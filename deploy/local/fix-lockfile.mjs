#!/usr/bin/env node
// @ts-check
// Run after `npm install` changes package-lock.json: `node deploy/local/fix-lockfile.mjs`.
//
// Why: some registry mirrors do not carry every platform build of packages with native
// binaries (e.g. @swc/core-darwin-arm64). `npm install` then leaves those optional packages out of
// the lockfile, and `npm ci` refuses the lockfile as "out of sync". This records each missing
// optional platform package as an optional entry with its os/cpu, which `npm ci` skips on other
// platforms and installs normally where it matches and the registry has it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Guesses os/cpu/libc from the platform suffix of a binary package's name. */
function platformOf(name) {
  const n = name.toLowerCase();
  const os = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'sunos', 'netbsd', 'openbsd'].find((o) =>
    n.includes(o),
  );
  const cpu = ['arm64', 'x64', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'arm'].find((c) => n.includes(`-${c}`));
  const libc = n.includes('musl') ? ['musl'] : n.includes('-gnu') ? ['glibc'] : undefined;
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (packages[base] || packages[hoisted]) continue;
    packages[hoisted] = { version: String(spec).replace(/^[\^~=]/, ''), optional: true, ...platformOf(dep) };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`fix-lockfile: recorded ${added} optional platform package(s) missing from the lockfile\n`);
