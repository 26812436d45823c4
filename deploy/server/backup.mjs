#!/usr/bin/env node
// @ts-check
// Backup and restore of a single-server install (deploy/server/README.md), the data part of
// backup.sh / restore.sh, which stop the services and NATS around it:
//
//   node deploy/server/backup.mjs backup  <dir> [--root /]   → <dir>/database.dump, <dir>/files.tar.gz, <dir>/manifest.json
//   node deploy/server/backup.mjs restore <dir> [--root /]   onto a server without the database
//
// What is saved, together and while nothing writes:
// - the whole database (pg_dump -Fc as the cluster administrator: every service's schema with its
//   outbox and inbox, in one snapshot);
// - /var/lib/slrt: the JetStream store (streams, the owners' undelivered referrals, every durable's
//   delivered/acknowledged position), intake's attachments, registry's imports;
// - /etc/slrt: the secrets (the identifier hash key and the role passwords must come back with
//   the data) and the configuration. The backup is therefore as secret as the server: 0600/0700.
//
// The administrator connection: `SLRT_PG_ADMIN_URL` (e.g. postgres://postgres@db-host:5432/postgres),
// else `runuser -u postgres` on the local socket.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {string} cmd @param {string[]} args @param {{ stdout?: string, env?: NodeJS.ProcessEnv }} [o] */
function run(cmd, args, o = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', o.stdout ? 'pipe' : 'inherit', 'pipe'],
      env: o.env ?? process.env,
    });
    let err = '';
    child.stderr?.on('data', (d) => (err += d));
    if (o.stdout && child.stdout) child.stdout.pipe(createWriteStream(o.stdout, { mode: 0o600 }));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(undefined)
        : reject(new Error(`${cmd} ${args[0] ?? ''} failed (exit ${code}): ${err.trim()}`)),
    );
  });
}

/** The database of the install, from gateway.env's DATABASE_URL. @param {string} root */
function installDatabase(root) {
  const env = readFileSync(join(root, 'etc', 'slrt', 'gateway.env'), 'utf8');
  const url = new URL(/^DATABASE_URL=(.*)$/m.exec(env)?.[1] ?? '');
  return { name: url.pathname.slice(1), host: url.hostname, port: url.port || '5432' };
}

/** A PostgreSQL client tool as the cluster administrator, on `db`. @param {string} tool @param {string[]} args @param {string} db */
function adminTool(tool, args, db, o = {}) {
  const admin = process.env.SLRT_PG_ADMIN_URL;
  if (admin) {
    const u = new URL(admin);
    u.pathname = `/${db}`;
    return run(tool, [...args, `--dbname=${u.href}`], o);
  }
  return run('runuser', ['-u', 'postgres', '--', tool, ...args, `--dbname=${db}`], o);
}

/** @param {string} file */
function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** @param {{ root?: string, dir: string }} o */
export async function backup(o) {
  const root = o.root ?? '/';
  const db = installDatabase(root);
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  chmodSync(o.dir, 0o700);
  const dump = join(o.dir, 'database.dump');
  // One snapshot of every schema (data, outboxes and inboxes together); owners and grants kept.
  await adminTool('pg_dump', ['--format=custom', '--no-password'], db.name, { stdout: dump });
  const files = join(o.dir, 'files.tar.gz');
  await run('tar', ['-C', root, '--numeric-owner', '-czf', files, 'etc/slrt', 'var/lib/slrt']);
  chmodSync(files, 0o600);
  const manifest = {
    createdAt: new Date().toISOString(),
    database: db.name,
    files: { 'database.dump': await sha256(dump), 'files.tar.gz': await sha256(files) },
  };
  writeFileSync(join(o.dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}

/** @param {{ root?: string, dir: string }} o */
export async function restore(o) {
  const root = o.root ?? '/';
  const manifest = JSON.parse(readFileSync(join(o.dir, 'manifest.json'), 'utf8'));
  for (const [file, sum] of Object.entries(manifest.files)) {
    if ((await sha256(join(o.dir, file))) !== sum)
      throw new Error(`${file}: checksum differs from manifest.json, refusing to restore`);
  }
  if (existsSync(join(root, 'var', 'lib', 'slrt', 'nats', 'jetstream')))
    throw new Error(
      `${join(root, 'var/lib/slrt/nats/jetstream')} exists: restore onto a clean server (or move it away first)`,
    );
  await run('tar', ['-C', root, '--numeric-owner', '-xzf', join(o.dir, 'files.tar.gz')]);
  const db = installDatabase(root);
  // The database, its login roles and their (restored) passwords, then the data with its owners.
  await adminTool('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${db.name}"`], 'postgres');
  const admin = process.env.SLRT_PG_ADMIN_URL;
  const initArgs = admin ? [Object.assign(new URL(admin), { pathname: `/${db.name}` }).href] : [];
  await run('sh', [join(root, 'etc', 'slrt', 'postgres-init.sh'), ...initArgs], {
    env: { ...process.env, ...(admin ? { SLRT_PSQL: 'psql' } : {}) },
  });
  await adminTool(
    'pg_restore',
    ['--clean', '--if-exists', '--exit-on-error', '--no-password', join(o.dir, 'database.dump')],
    db.name,
  );
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, dir, ...rest] = process.argv.slice(2);
  const root = rest[0] === '--root' ? (rest[1] ?? '/') : '/';
  if (!dir || (command !== 'backup' && command !== 'restore')) {
    process.stderr.write('usage: node deploy/server/backup.mjs backup|restore <dir> [--root /]\n');
    process.exit(2);
  }
  const done = await (command === 'backup' ? backup({ root, dir }) : restore({ root, dir }));
  process.stdout.write(`${command} done: ${dir} (${done.createdAt})\n`);
}
