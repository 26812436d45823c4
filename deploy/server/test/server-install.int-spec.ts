import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { freePort, testDatabaseUrl, waitFor } from '@slrt/testing';
import { serverFiles, writeFiles, type GeneratedFile, type ServerPorts } from '../generate.mjs';
import { parseEnvFile, runOneshot, startProcess, startUnit, stopUnit, type RunningUnit } from './units.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const SERVICES = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];
const DOMAIN = 'slrt.test';

/** A tool the test needs: missing, the test FAILS saying so (never a silent pass). */
function requireTool(bin: string, hint: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${bin} || ls /usr/sbin/${bin} 2>/dev/null`], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!found) throw new Error(`${bin} is not installed, so this check did NOT run: ${hint}`);
  return found;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** `count` consecutive free ports whose operations ports (+6100) are free too. */
async function freeRun(count: number): Promise<number> {
  for (;;) {
    const p = await freePort();
    const all = Array.from({ length: count }, (_, i) => [p + i, p + i + 6100]).flat();
    if (all.every((x) => x < 65536) && (await Promise.all(all.map(portFree))).every(Boolean)) return p;
  }
}

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A private CA and a server certificate for `names` (DNS names and IPs) in `dir`. */
function makeCertificates(dir: string, names: string[], out: { cert: string; key: string }) {
  mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=slrt-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${names[0]}`, '-keyout', out.key, '-out', 'server.csr'], dir);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}\n`);
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', out.cert], dir);
}

/**
 * The single-server install (deploy/server/generate.mjs) run as it is generated: the systemd units'
 * command lines and environment files, nats-server with the production accounts and TLS, the
 * PostgreSQL login roles of deploy/postgres (no superuser), two intake instances, and nginx with
 * HTTPS in front of the gateway.
 */
describe('single-server install (deploy/server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slrt-server-'));
  const suffix = randomBytes(4).toString('hex');
  const database = `slrt_srv_${suffix}`;
  const rolePrefix = `srv${suffix}_`;
  const admin = new URL(testDatabaseUrl());
  const unitDir = join(dir, 'etc', 'systemd', 'system');
  const etc = join(dir, 'etc', 'slrt');
  const running: RunningUnit[] = [];
  let files: GeneratedFile[];
  let ports: ServerPorts;
  const adminQuery = async (sql: string, params: unknown[] = [], db?: string) => {
    const u = new URL(admin.href);
    if (db) u.pathname = `/${db}`;
    const c = new pg.Client({ connectionString: u.href });
    await c.connect();
    try {
      return await c.query(sql, params);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    // What install.sh does before generating: compile src → dist (deploy/local/build.mjs).
    execFileSync(process.execPath, [join(repo, 'deploy', 'local', 'build.mjs')], { cwd: repo, stdio: 'pipe' });
    const intakeBase = (await freeRun(2)) - 1;
    const one = async () => freeRun(1);
    ports = {
      gateway: await one(),
      registry: await one(),
      referral: await one(),
      notification: await one(),
      reporting: await one(),
      intakeBase,
      nats: await freePort(),
      natsMonitor: await freePort(),
      https: await freePort(),
      http: await freePort(),
    };
    files = serverFiles({
      root: dir,
      domain: DOMAIN,
      intakeInstances: 2,
      appDir: repo,
      nodeBin: process.execPath,
      rolePrefix,
      database: { host: admin.hostname, port: Number(admin.port || 5432), name: database },
      ports,
      ipv6: false,
    });
    writeFiles(files);
    for (const d of ['nats', 'intake/attachments', 'registry']) mkdirSync(join(dir, 'var', 'lib', 'slrt', d), { recursive: true });
    makeCertificates(join(etc, 'nats', 'tls'), ['localhost', '127.0.0.1'], { cert: 'server.crt', key: 'server.key' });
    makeCertificates(join(etc, 'tls'), [DOMAIN], { cert: 'fullchain.pem', key: 'privkey.pem' });
  }, 120_000);

  afterAll(async () => {
    for (const u of [...running].reverse()) await stopUnit(u, u.name.startsWith('nginx') ? 'SIGQUIT' : u.name.startsWith('slrt-nats') ? 'SIGINT' : 'SIGTERM');
    await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const s of SERVICES) await adminQuery(`DROP ROLE IF EXISTS "${rolePrefix}${s}"`);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('writes secrets only to root-only files, demo users off, the proxy alone trusted', () => {
    for (const f of files.filter((x) => x.path.startsWith(etc) && !x.path.includes('/nats/'))) expect({ path: f.path, mode: f.mode & 0o077 }).toEqual({ path: f.path, mode: 0 });
    const gateway = parseEnvFile(readFileSync(join(etc, 'gateway.env'), 'utf8'));
    expect(gateway).toMatchObject({ SLRT_DEMO: '0', TRUST_PROXY: '127.0.0.1' });
    expect(gateway.SLRT_DEMO_PASSWORD).toBeUndefined();
    const secrets = JSON.parse(readFileSync(join(etc, 'secrets.json'), 'utf8')) as { db: Record<string, string>; nats: Record<string, string> };
    // No unit and no world-readable file holds a secret.
    const readable = files.filter((f) => f.mode & 0o004).map((f) => f.content).join('\n');
    for (const value of [...Object.values(secrets.db), ...Object.values(secrets.nats)]) expect(readable).not.toContain(value);
  });

  it('every unit passes systemd-analyze verify (intake as two instances of its template)', () => {
    const analyze = requireTool('systemd-analyze', 'install the systemd package (Debian: apt-get install systemd; .ci/run relies on it)');
    const units = readdirSync(unitDir).filter((f) => !f.endsWith('@.service'));
    const instances = ['slrt-intake@1.service', 'slrt-intake@2.service', ...SERVICES.map((s) => `slrt-migrate@${s}.service`)];
    const res = spawnSync(analyze, ['verify', ...[...units, ...instances].map((u) => join(unitDir, u))], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'notice' } });
    expect({ status: res.status, stderr: res.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    // It does find mistakes (so a pass means something): an unknown key and a missing binary.
    const bad = join(unitDir, 'slrt-broken.service');
    writeFileSync(bad, readFileSync(join(unitDir, 'slrt-reporting.service'), 'utf8').replace('Restart=on-failure', 'Restart=sometimes').replace(process.execPath, '/nonexistent/node'));
    const broken = spawnSync(analyze, ['verify', bad], { encoding: 'utf8' });
    rmSync(bad);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/restart specifier|not executable/);
  });

  const nginxConf = () => {
    const prefix = join(dir, 'nginx');
    mkdirSync(prefix, { recursive: true });
    const conf = join(prefix, 'nginx.conf');
    // Debian's /etc/nginx/nginx.conf includes sites-enabled/*; this wrapper includes the same file.
    writeFileSync(
      conf,
      `daemon off;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  include ${join(dir, 'etc', 'nginx', 'sites-available', 'slrt.conf')};\n}\n`,
    );
    return { prefix, conf };
  };

  it('nginx -t accepts the reverse proxy (HTTPS, HTTP redirect)', () => {
    const nginx = requireTool('nginx', 'install Debian\'s nginx (apt-get install nginx-light; .ci/run does)');
    const { prefix, conf } = nginxConf();
    const res = spawnSync(nginx, ['-t', '-p', prefix, '-c', conf], { encoding: 'utf8' });
    expect({ status: res.status, out: res.stderr }).toEqual({ status: 0, out: expect.stringContaining('test is successful') });
  });

  it('runs the units: nats-server with the production accounts and TLS, login roles (no superuser), two intakes; a complaint registered over HTTPS through nginx', async () => {
    const nginx = requireTool('nginx', 'install Debian\'s nginx (apt-get install nginx-light; .ci/run does)');
    requireTool('psql', 'install postgresql-client');
    await adminQuery(`CREATE DATABASE "${database}"`);
    // deploy/postgres/init.sql through the generated wrapper, as the cluster's administrator.
    execFileSync('sh', [join(etc, 'postgres-init.sh'), new URL(`/${database}`, admin).href.replace(/\?.*$/, '')], { env: { ...process.env, SLRT_PSQL: 'psql' }, stdio: 'pipe' });
    const roles = await adminQuery(`SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1`, [`${rolePrefix}%`]);
    expect(roles.rows).toEqual(SERVICES.map((s) => `${rolePrefix}${s}`).sort().map((rolname) => ({ rolname, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false })));
    for (const s of SERVICES) expect(new URL(parseEnvFile(readFileSync(join(etc, `${s}.env`), 'utf8')).DATABASE_URL!).username).toBe(`${rolePrefix}${s}`);

    const nats = startUnit(join(unitDir, 'slrt-nats.service'));
    running.push(nats);
    await waitFor(() => fetch(`http://127.0.0.1:${ports.natsMonitor}/healthz`).then((r) => r.ok), { timeoutMs: 15_000, message: `nats-server up:\n${nats.output()}` });
    // TLS is required: a plain client is refused even with the right password.
    const gw = parseEnvFile(readFileSync(join(etc, 'gateway.env'), 'utf8'));
    await expect(connect({ servers: `nats://127.0.0.1:${ports.nats}`, user: 'gateway', pass: gw.NATS_PASSWORD!, tls: null, reconnect: false, timeout: 3000 })).rejects.toThrow();

    await runOneshot(join(unitDir, 'slrt-provision.service'));
    for (const s of SERVICES) await runOneshot(join(unitDir, 'slrt-migrate@.service'), s);
    for (const s of SERVICES.filter((x) => x !== 'intake')) running.push(startUnit(join(unitDir, `slrt-${s}.service`)));
    for (const i of ['1', '2']) running.push(startUnit(join(unitDir, 'slrt-intake@.service'), i));
    const ops = { ...Object.fromEntries(SERVICES.filter((s) => s !== 'intake').map((s) => [s, ports[s as keyof ServerPorts] + 6100])), 'intake@1': ports.intakeBase + 1 + 6100, 'intake@2': ports.intakeBase + 2 + 6100 };
    for (const [name, port] of Object.entries(ops)) {
      await waitFor(() => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok), {
        timeoutMs: 90_000,
        intervalMs: 250,
        message: `${name} ready:\n${running.map((u) => `--- ${u.name}\n${u.output().slice(-2000)}`).join('\n')}`,
      });
    }
    const { prefix, conf } = nginxConf();
    running.push(startProcess('nginx', [nginx, '-p', prefix, '-c', conf]));

    const ca = readFileSync(join(etc, 'tls', 'ca.crt'));
    const https = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: Record<string, unknown>; json: () => Record<string, string> }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: ports.https, servername: DOMAIN, ca, method, path, headers: { host: DOMAIN, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: () => JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        });
        req.on('error', reject);
        req.end(body !== undefined ? JSON.stringify(body) : undefined);
      });
    await waitFor(() => https('GET', '/openapi.json').then((r) => r.status === 200), { timeoutMs: 15_000, message: 'nginx proxying the gateway' });
    // Plain HTTP only redirects to HTTPS.
    const plain = await fetch(`http://127.0.0.1:${ports.http}/v1/complaints`, { redirect: 'manual', headers: { host: DOMAIN } });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://${DOMAIN}:${ports.https}/v1/complaints`);

    const secrets = JSON.parse(readFileSync(join(etc, 'secrets.json'), 'utf8')) as { adminPassword: string };
    const login = async (username: string, password: string) => {
      const res = await https('POST', '/v1/auth/login', { username, password });
      expect({ username, status: res.status }).toEqual({ username, status: 200 });
      return `Bearer ${res.json().accessToken}`;
    };
    // No demo users exist; the generated administrator does.
    expect((await https('POST', '/v1/auth/login', { username: 'demo.fo', password: 'demo-password-123' })).status).toBe(401);
    const adminToken = await login('admin', secrets.adminPassword);
    const created = await https('POST', '/v1/users', { username: 'fo.server', displayName: 'FO Server', password: 'kata-sandi-kuat-1', roles: ['FO'], regionScope: ['62.71.01.1001'] }, { authorization: adminToken });
    expect(created.status).toBe(201);
    const fo = await login('fo.server', 'kata-sandi-kuat-1');
    const complaint = {
      channel: 'PUSKESOS_FO',
      subject: { name: 'Yohanes Ringkai', birthDate: '1960-02-01', sex: 'M', address: { street: 'Jl. Bukit Hindu', rt: '001', rw: '002', desaCode: '62.71.01.1001' }, consent: true },
      complainant: null,
      relationship: 'self',
      anonymous: false,
      confidential: false,
      complaint: { category: 'kepesertaan', contactType: 'pengaduan', programmeCodes: ['PBI'], sector: 'kesehatan', description: 'Belum punya KTP sehingga tidak bisa didaftarkan PBI.', documentsReceived: ['SURAT_KETERANGAN_DESA'] },
    };
    const registered = await https('POST', '/v1/complaints', complaint, { authorization: fo, 'idempotency-key': `server-${suffix}` });
    expect(registered.status).toBe(201);
    expect(registered.json()).toMatchObject({ receiptNumber: expect.stringMatching(/^6271-/), nextStep: 'civil-registration' });
    const status = await https('GET', `/v1/public/complaint-status?nomor=${registered.json().receiptNumber}&kode=${registered.json().trackingCode}`);
    expect(status.json()).toMatchObject({ stage: 'menunggu-adminduk' });
    // The complaint is in intake's schema, written by intake's own login role.
    const owner = await adminQuery(`SELECT tableowner FROM pg_tables WHERE schemaname = 'intake' AND tablename = 'outbox'`, [], database);
    expect(owner.rows).toEqual([{ tableowner: `${rolePrefix}intake` }]);
  }, 240_000);
});
