#!/usr/bin/env node
// @ts-check
// The one entry point behind `npm start`, `npm test`, `npm run migrate` and `npm run bench`.
// It installs dependencies when needed, provides PostgreSQL and NATS (yours via DATABASE_URL /
// NATS_URL, or embedded ones), and then does the command.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './deps.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const log = (/** @type {string} */ m) => process.stderr.write(`[slrt] ${m}\n`);

/** Services, with their default HTTP ports (started together; listed in this order). */
export const SERVICES = [
  ['gateway', 3000],
  ['intake', 3001],
  ['registry', 3002],
  ['referral', 3003],
  ['notification', 3004],
  ['reporting', 3005],
];

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    const forward = (/** @type {NodeJS.Signals} */ s) => child.kill(s);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Existing services that can be run: they have a src/main.ts. */
function existingServices() {
  return SERVICES.filter(([name]) => existsSync(join(root, 'services', String(name), 'src', 'main.ts')));
}

/** A secret kept in .data so it survives restarts and is never in code. */
function persistentSecret(file, bytes = 12) {
  const p = join(root, '.data', file);
  if (existsSync(p)) return readFileSync(p, 'utf8').trim();
  mkdirSync(join(root, '.data'), { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(p, value + '\n', { mode: 0o600 });
  return value;
}

/**
 * The provisioning step, as the `provisioner` NATS user: every stream and durable consumer (the
 * programme owners' included) exists before a service starts; services have no right to create one.
 */
async function provision(env, infra) {
  const code = await run(process.execPath, [join('libs', 'messaging', 'dist', 'provision.main.js')], {
    ...env,
    ...infra.natsEnv('provisioner'),
    NATS_OWNERS: infra.natsOwners.join(','),
  });
  if (code !== 0) throw new Error(`NATS provisioning failed (exit ${code})`);
}

/**
 * Provisions NATS, then migrates every service at once: each owns its own schema (no extension or
 * shared object is created by a migration), so their migrations do not wait on each other.
 */
async function migrateAll(env, infra) {
  await provision(env, infra);
  const failed = [];
  await Promise.all(
    existingServices().map(async ([name]) => {
      const code = await run(process.execPath, [join('services', String(name), 'dist', 'migrate.js'), 'up'], env);
      if (code !== 0) failed.push(`${name} (exit ${code})`);
    }),
  );
  if (failed.length) throw new Error(`migrations failed: ${failed.join(', ')}`);
}

async function main() {
  const [command = 'start', ...args] = process.argv.slice(2);
  ensureDeps(root, log);
  const unitOnly =
    command === 'test' && args.join(' ').includes('--selectProjects unit') && !args.includes('integration');
  const { ensureInfra } = await import('./infra.mjs');
  // Tests start a private nats-server per test file (production's accounts): `npm test` needs only
  // the binary, never the shared server, so it runs beside `npm start` without a port clash.
  const infra = unitOnly
    ? null
    : await ensureInfra({
        root,
        log,
        database: command === 'test' ? 'slrt_test' : 'slrt',
        natsServer: command !== 'test',
      });
  const env = {
    TZ: 'UTC',
    ...(infra ? { DATABASE_URL: infra.databaseUrl } : {}),
    ...(infra?.natsUrl ? { NATS_URL: infra.natsUrl } : {}),
    ...(infra?.natsBin ? { NATS_SERVER_BIN: infra.natsBin } : {}),
    // The key of the NIK/KK hashes intake and registry keep (same for every command: tests, start).
    SLRT_IDENTIFIER_HASH_KEY: process.env.SLRT_IDENTIFIER_HASH_KEY ?? persistentSecret('identifier-hash-key', 32),
  };
  let code = 0;
  try {
    if (command === 'test') {
      if (!unitOnly) {
        // The console's browser tests drive Debian's Chromium (installed here when missing and possible).
        const { ensureChromium, ensureMonitoringTools } = await import('./infra.mjs');
        const chromium = ensureChromium(log);
        if (chromium) env.CHROMIUM_PATH = chromium;
        ensureMonitoringTools(log);
      }
      // On 2 CPUs Jest runs every file in one process (one worker means in band), and each file's ES
      // module graph stays in its heap: the whole suite (~150 files) reached Node's 4 GB default at
      // about 32 minutes, and long before that its multi-second garbage collections stalled the
      // services the integration tests run inside it. So the whole suite runs as shards, one fresh
      // process after another (`SLRT_TEST_SHARDS`, default 3); a run naming files or options with
      // values is one process. The heap limit is raised as a margin, not as the cure.
      const heap = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ? [] : ['--max-old-space-size=6144'];
      const whole = args.every((a) => a.startsWith('-'));
      const shards = whole ? Math.max(1, Number(process.env.SLRT_TEST_SHARDS ?? 3)) : 1;
      // A whole run ends when its tests have: a handle a failed test left open (a connection, a
      // timer) must not keep Jest waiting until CI's time limit (that test has already failed).
      const exit = whole ? ['--forceExit'] : [];
      const started = Date.now();
      for (let i = 1; i <= shards; i++) {
        if (shards > 1) log(`test shard ${i} of ${shards}`);
        const shardStarted = Date.now();
        const shardCode = await run(
          process.execPath,
          [
            ...heap,
            '--experimental-vm-modules',
            'node_modules/jest/bin/jest.js',
            '-c',
            '.config/jest.config.mjs',
            ...args,
            ...exit,
            ...(shards > 1 ? [`--shard=${i}/${shards}`] : []),
          ],
          {
            ...env,
            NODE_OPTIONS: [process.env.NODE_OPTIONS, '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' '),
          },
        );
        code = code || shardCode;
        if (shards > 1)
          log(
            `test shard ${i} of ${shards}: ${shardCode === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - shardStarted) / 1000)} s`,
          );
      }
      if (shards > 1)
        log(`tests ${code === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
    } else if (command === 'bench') {
      // Bench scripts drive the platform as the gateway does (requests) over the launcher's NATS.
      Object.assign(env, infra?.natsEnv('gateway') ?? {});
      const files = args.length
        ? args
        : readdirSync(join(root, 'bench'))
            .filter((f) => f.endsWith('.ts'))
            .map((f) => join('bench', f));
      for (const file of files) {
        log(`bench ${file}`);
        code = (await run(process.execPath, ['--import', './libs/testing/ts-register.mjs', file], env)) || code;
      }
    } else if (command === 'migrate') {
      const { build } = await import('./build.mjs');
      await build();
      await migrateAll(env, infra);
    } else if (command === 'start') {
      const { build } = await import('./build.mjs');
      await build();
      const { announceCredentials, wantDemoUsers } = await import('./credentials.mjs');
      const demo = wantDemoUsers(args, process.env);
      // Passwords the launcher generates are shown once on the terminal (never logged); ones you
      // set yourself are never shown.
      const generated = [];
      const secret = (name, file, who) => {
        const given = process.env[name];
        if (given) return given;
        const password = persistentSecret(file);
        generated.push({ who, password });
        return password;
      };
      const adminUsername = process.env.SLRT_ADMIN_USERNAME ?? 'admin';
      const startEnv = {
        ...env,
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        SLRT_DEMO: demo ? '1' : '0',
        SLRT_ADMIN_USERNAME: adminUsername,
        SLRT_ADMIN_PASSWORD: secret('SLRT_ADMIN_PASSWORD', 'admin-password', `admin user ${adminUsername}`),
        JWT_SECRET: process.env.JWT_SECRET ?? persistentSecret('jwt-secret', 48),
        ...(demo
          ? {
              SLRT_DEMO_PASSWORD: secret(
                'SLRT_DEMO_PASSWORD',
                'demo-password',
                'demo users (demo.fo, demo.fs, demo.spv, demo.mj, demo.bo, demo.po.pkh, demo.sekretariat, demo.admin)',
              ),
            }
          : {}),
      };
      // Provisioning first (every stream and durable exists before a service starts); each service
      // then migrates its own schema in its own process right before it starts (run-service.mjs):
      // one module load per service instead of two, and no service waits for the others' migrations.
      // The console's build (or its up-to-date check) runs meanwhile: the two do not depend on each
      // other, and only the gateway, started after both, serves the console.
      const { buildConsole } = await import('./console-build.mjs');
      await Promise.all([provision(startEnv, infra), buildConsole()]);
      const { superviseServices } = await import('./supervise.mjs');
      // Each service connects as its own NATS user (deploy/nats/generate.mjs permissions).
      code = await superviseServices({
        root,
        services: existingServices(),
        env: startEnv,
        serviceEnv: (name) => infra.natsEnv(name),
        log,
        onReady: () => {
          announceCredentials({ entries: generated, dataDir: join(root, '.data'), terminal: process.stdout, log });
          if (!demo) log('No demo users: start with `npm start -- --demo` (or SLRT_DEMO_USERS=1) to have them.');
        },
      });
    } else {
      log(`unknown command "${command}": use start, test, migrate or bench`);
      code = 2;
    }
  } finally {
    await infra?.stop();
  }
  process.exit(code);
}

main().catch((err) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
