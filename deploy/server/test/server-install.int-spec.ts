/* eslint-disable max-lines -- integration spec of single-server install (deploy/server): its tests share one booted stack, which takes seconds to start */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { freePorts, testDatabaseUrl, waitFor } from '@slrt/testing';
import { serverFiles, writeFiles, type GeneratedFile, type ServerPorts } from '../generate.mjs';
import { parseEnvFile, runOneshot, startProcess, startUnit, stopUnit, type RunningUnit } from './units.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const SERVICES = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];
const DOMAIN = 'slrt.test';

/** A tool the test needs: missing, the test FAILS saying so (never a silent pass). */
function requireTool(bin: string, hint: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${bin} || ls /usr/sbin/${bin} 2>/dev/null`], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')[0];
  if (!found) throw new Error(`${bin} is not installed, so this check did NOT run: ${hint}`);
  return found;
}

function openssl(args: string[], cwd: string) {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** A private CA and a server certificate for `names` (DNS names and IPs) in `dir`. */
function makeCertificates(dir: string, names: string[], out: { cert: string; key: string }) {
  mkdirSync(dir, { recursive: true });
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=slrt-test-ca',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${names[0]}`, '-keyout', out.key, '-out', 'server.csr'],
    dir,
  );
  writeFileSync(
    join(dir, 'ext.cnf'),
    `subjectAltName=${names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}\n`,
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
      '-out',
      out.cert,
    ],
    dir,
  );
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
  let intakePorts: number[] = [];
  const opsPorts: Record<string, number> = {};
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
    // Every port from the kernel (never derived ones, which another test may hold), all distinct:
    // one after another, the kernel may hand a just-closed port out again (a CI run's referral
    // found its port taken).
    const free = await freePorts(18);
    const take = () => free.shift()!;
    ports = {
      gateway: take(),
      registry: take(),
      referral: take(),
      notification: take(),
      reporting: take(),
      intakeBase: 0,
      nats: take(),
      natsMonitor: take(),
      https: take(),
      http: take(),
    };
    intakePorts = [take(), take()];
    for (const name of ['gateway', 'registry', 'referral', 'notification', 'reporting', 'intake-1', 'intake-2'])
      opsPorts[name] = take();
    files = serverFiles({
      root: dir,
      domain: DOMAIN,
      intakeInstances: 2,
      appDir: repo,
      nodeBin: process.execPath,
      rolePrefix,
      database: { host: admin.hostname, port: Number(admin.port || 5432), name: database },
      ports,
      intakePorts,
      opsPorts,
      ipv6: false,
    });
    writeFiles(files);
    for (const d of ['nats', 'intake/attachments', 'registry'])
      mkdirSync(join(dir, 'var', 'lib', 'slrt', d), { recursive: true });
    makeCertificates(join(etc, 'nats', 'tls'), ['localhost', '127.0.0.1'], { cert: 'server.crt', key: 'server.key' });
    makeCertificates(join(etc, 'tls'), [DOMAIN], { cert: 'fullchain.pem', key: 'privkey.pem' });
  }, 120_000);

  afterAll(async () => {
    for (const u of [...running].reverse())
      await stopUnit(u, u.name.startsWith('nginx') ? 'SIGQUIT' : u.name.startsWith('slrt-nats') ? 'SIGINT' : 'SIGTERM');
    await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    for (const s of SERVICES) await adminQuery(`DROP ROLE IF EXISTS "${rolePrefix}${s}"`);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('writes secrets only to root-only files, demo users off, the proxy alone trusted', () => {
    for (const f of files.filter((x) => x.path.startsWith(etc) && !x.path.includes('/nats/')))
      expect({ path: f.path, mode: f.mode & 0o077 }).toEqual({ path: f.path, mode: 0 });
    const gateway = parseEnvFile(readFileSync(join(etc, 'gateway.env'), 'utf8'));
    expect(gateway).toMatchObject({ SLRT_DEMO: '0', TRUST_PROXY: '127.0.0.1' });
    expect(gateway.SLRT_DEMO_PASSWORD).toBeUndefined();
    const secrets = JSON.parse(readFileSync(join(etc, 'secrets.json'), 'utf8')) as {
      db: Record<string, string>;
      nats: Record<string, string>;
    };
    // No unit and no world-readable file holds a secret.
    const readable = files
      .filter((f) => f.mode & 0o004)
      .map((f) => f.content)
      .join('\n');
    for (const value of [...Object.values(secrets.db), ...Object.values(secrets.nats)])
      expect(readable).not.toContain(value);
  });

  it('every unit passes systemd-analyze verify (intake as two instances of its template)', () => {
    const analyze = requireTool(
      'systemd-analyze',
      'install the systemd package (Debian: apt-get install systemd; .ci/run relies on it)',
    );
    const units = readdirSync(unitDir).filter((f) => !f.endsWith('@.service'));
    const instances = [
      'slrt-intake@1.service',
      'slrt-intake@2.service',
      ...SERVICES.map((s) => `slrt-migrate@${s}.service`),
    ];
    const res = spawnSync(analyze, ['verify', ...[...units, ...instances].map((u) => join(unitDir, u))], {
      encoding: 'utf8',
      env: { ...process.env, SYSTEMD_LOG_LEVEL: 'notice' },
    });
    expect({ status: res.status, stderr: res.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    // It does find mistakes (so a pass means something): an unknown key and a missing binary.
    const bad = join(unitDir, 'slrt-broken.service');
    writeFileSync(
      bad,
      readFileSync(join(unitDir, 'slrt-reporting.service'), 'utf8')
        .replace('Restart=on-failure', 'Restart=sometimes')
        .replace(process.execPath, '/nonexistent/node'),
    );
    const broken = spawnSync(analyze, ['verify', bad], { encoding: 'utf8' });
    rmSync(bad);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/restart specifier|not executable/);
  });

  const nginxConf = () => {
    const prefix = join(dir, 'nginx');
    mkdirSync(prefix, { recursive: true });
    const conf = join(prefix, 'nginx.conf');
    // Request bodies above 16 KB are buffered here by the workers (user nobody when run as root);
    // Debian's package has /var/lib/nginx for it.
    chmodSync(dir, 0o711);
    chmodSync(prefix, 0o711);
    for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(join(prefix, t), { recursive: true });
      chmodSync(join(prefix, t), 0o777);
    }
    // Debian's /etc/nginx/nginx.conf includes sites-enabled/*; this wrapper includes the same file.
    writeFileSync(
      conf,
      `daemon off;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body;\n  proxy_temp_path ${prefix}/proxy;\n  fastcgi_temp_path ${prefix}/fastcgi;\n  uwsgi_temp_path ${prefix}/uwsgi;\n  scgi_temp_path ${prefix}/scgi;\n  include ${join(dir, 'etc', 'nginx', 'sites-available', 'slrt.conf')};\n}\n`,
    );
    return { prefix, conf };
  };

  it('nginx -t accepts the reverse proxy (HTTPS, HTTP redirect)', () => {
    const nginx = requireTool('nginx', "install Debian's nginx (apt-get install nginx-light; .ci/run does)");
    const { prefix, conf } = nginxConf();
    const res = spawnSync(nginx, ['-t', '-p', prefix, '-c', conf], { encoding: 'utf8' });
    expect({ status: res.status, out: res.stderr }).toEqual({
      status: 0,
      out: expect.stringContaining('test is successful'),
    });
  });

  /** What `systemctl start slrt.target` does: nats, provisioning, migrations, the services (intake ×2), all ready. */
  const startStack = async (afterNats: () => Promise<void> = async () => {}) => {
    const nats = startUnit(join(unitDir, 'slrt-nats.service'));
    running.push(nats);
    await waitFor(() => fetch(`http://127.0.0.1:${ports.natsMonitor}/healthz`).then((r) => r.ok), {
      timeoutMs: 15_000,
      message: `nats-server up:\n${nats.output()}`,
    });
    await afterNats();
    await runOneshot(join(unitDir, 'slrt-provision.service'));
    for (const s of SERVICES) await runOneshot(join(unitDir, 'slrt-migrate@.service'), s);
    for (const s of SERVICES.filter((x) => x !== 'intake')) running.push(startUnit(join(unitDir, `slrt-${s}.service`)));
    for (const i of ['1', '2']) running.push(startUnit(join(unitDir, 'slrt-intake@.service'), i));
    for (const [name, port] of Object.entries(opsPorts)) {
      await waitFor(() => fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok), {
        timeoutMs: 90_000,
        intervalMs: 250,
        message: `${name} ready:\n${running.map((u) => `--- ${u.name}\n${u.output().slice(-2000)}`).join('\n')}`,
      });
    }
  };
  /** What backup.sh stops: the services (SIGTERM), then nats-server (its KillSignal, SIGINT). nginx stays. */
  const stopStack = async () => {
    for (const u of running.filter((x) => x.name.startsWith('slrt-') && !x.name.startsWith('slrt-nats')))
      await stopUnit(u);
    for (const u of running.filter((x) => x.name.startsWith('slrt-nats'))) await stopUnit(u, 'SIGINT');
    running.splice(0, running.length, ...running.filter((x) => x.name === 'nginx'));
  };
  const https = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; json: () => Record<string, string> }>(
      (resolve, reject) => {
        const payload = Buffer.isBuffer(body)
          ? body
          : body !== undefined
            ? Buffer.from(JSON.stringify(body))
            : undefined;
        const req = request(
          {
            host: '127.0.0.1',
            port: ports.https,
            servername: DOMAIN,
            ca: readFileSync(join(etc, 'tls', 'ca.crt')),
            method,
            path,
            headers: {
              host: DOMAIN,
              ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const all = Buffer.concat(chunks);
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: all,
                json: () => JSON.parse(all.toString('utf8')),
              });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      },
    );
  const complaintBody = (name: string) => ({
    channel: 'PUSKESOS_FO',
    subject: {
      name,
      birthDate: '1960-02-01',
      sex: 'M',
      address: { street: 'Jl. Bukit Hindu', rt: '001', rw: '002', desaCode: '62.71.01.1001' },
      consent: true,
    },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: {
      category: 'kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PBI'],
      sector: 'kesehatan',
      description: 'Belum punya KTP sehingga tidak bisa didaftarkan PBI.',
      documentsReceived: ['SURAT_KETERANGAN_DESA'],
    },
  });
  let foToken = '';
  const complaintIds: string[] = [];

  it('runs the units: nats-server with the production accounts and TLS, login roles (no superuser), two intakes; a complaint registered over HTTPS through nginx', async () => {
    const nginx = requireTool('nginx', "install Debian's nginx (apt-get install nginx-light; .ci/run does)");
    requireTool('psql', 'install postgresql-client');
    await adminQuery(`CREATE DATABASE "${database}"`);
    // deploy/postgres/init.sql through the generated wrapper, as the cluster's administrator.
    execFileSync('sh', [join(etc, 'postgres-init.sh'), new URL(`/${database}`, admin).href.replace(/\?.*$/, '')], {
      env: { ...process.env, SLRT_PSQL: 'psql' },
      stdio: 'pipe',
    });
    const roles = await adminQuery(
      `SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1`,
      [`${rolePrefix}%`],
    );
    expect(roles.rows).toEqual(
      SERVICES.map((s) => `${rolePrefix}${s}`)
        .sort()
        .map((rolname) => ({
          rolname,
          rolsuper: false,
          rolcreatedb: false,
          rolcreaterole: false,
          rolbypassrls: false,
        })),
    );
    for (const s of SERVICES)
      expect(new URL(parseEnvFile(readFileSync(join(etc, `${s}.env`), 'utf8')).DATABASE_URL!).username).toBe(
        `${rolePrefix}${s}`,
      );

    await startStack(async () => {
      // TLS is required: a plain client is refused even with the right password.
      const gw = parseEnvFile(readFileSync(join(etc, 'gateway.env'), 'utf8'));
      await expect(
        connect({
          servers: `nats://127.0.0.1:${ports.nats}`,
          user: 'gateway',
          pass: gw.NATS_PASSWORD!,
          tls: null,
          reconnect: false,
          timeout: 3000,
        }),
      ).rejects.toThrow();
    });
    const { prefix, conf } = nginxConf();
    running.push(startProcess('nginx', [nginx, '-p', prefix, '-c', conf]));

    await waitFor(() => https('GET', '/openapi.json').then((r) => r.status === 200), {
      timeoutMs: 15_000,
      message: 'nginx proxying the gateway',
    });
    // Plain HTTP only redirects to HTTPS.
    const plain = await fetch(`http://127.0.0.1:${ports.http}/v1/complaints`, {
      redirect: 'manual',
      headers: { host: DOMAIN },
    });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://${DOMAIN}:${ports.https}/v1/complaints`);

    const secrets = JSON.parse(readFileSync(join(etc, 'secrets.json'), 'utf8')) as { adminPassword: string };
    const login = async (username: string, password: string) => {
      const res = await https('POST', '/v1/auth/login', { username, password });
      expect({ username, status: res.status }).toEqual({ username, status: 200 });
      return `Bearer ${res.json().accessToken}`;
    };
    // No demo users exist; the generated administrator does.
    expect((await https('POST', '/v1/auth/login', { username: 'demo.fo', password: 'demo-password-123' })).status).toBe(
      401,
    );
    const adminToken = await login('admin', secrets.adminPassword);
    const created = await https(
      'POST',
      '/v1/users',
      {
        username: 'fo.server',
        displayName: 'FO Server',
        password: 'kata-sandi-kuat-1',
        roles: ['FO'],
        regionScope: ['62.71.01.1001'],
      },
      { authorization: adminToken },
    );
    expect(created.status).toBe(201);
    const fo = await login('fo.server', 'kata-sandi-kuat-1');
    foToken = fo;
    const complaint = complaintBody('Yohanes Ringkai');
    const registered = await https('POST', '/v1/complaints', complaint, {
      authorization: fo,
      'idempotency-key': `server-${suffix}`,
    });
    expect(registered.status).toBe(201);
    expect(registered.json()).toMatchObject({
      receiptNumber: expect.stringMatching(/^6271-/),
      nextStep: 'civil-registration',
    });
    complaintIds.push(registered.json().complaintId!);
    const status = await https(
      'GET',
      `/v1/public/complaint-status?nomor=${registered.json().receiptNumber}&kode=${registered.json().trackingCode}`,
    );
    expect(status.json()).toMatchObject({ stage: 'menunggu-adminduk' });
    // The complaint is in intake's schema, written by intake's own login role.
    const owner = await adminQuery(
      `SELECT tableowner FROM pg_tables WHERE schemaname = 'intake' AND tablename = 'outbox'`,
      [],
      database,
    );
    expect(owner.rows).toEqual([{ tableowner: `${rolePrefix}intake` }]);
  }, 240_000);
  /** The database's state: every inbox row, the unsent outbox rows and the row count of every other table. */
  const snapshot = async () => {
    const tables = await adminQuery(
      `SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY($1) ORDER BY 1, 2`,
      [SERVICES],
      database,
    );
    const counts: Record<string, number> = {};
    const inbox: string[] = [];
    let unsent = 0;
    for (const { schemaname, tablename } of tables.rows as Array<{ schemaname: string; tablename: string }>) {
      if (tablename === 'inbox')
        inbox.push(
          ...(
            await adminQuery(`SELECT consumer || ' ' || event_id AS k FROM "${schemaname}".inbox`, [], database)
          ).rows.map((r) => `${schemaname} ${r.k}`),
        );
      else if (tablename === 'outbox')
        unsent += (
          await adminQuery(`SELECT count(*)::int AS n FROM "${schemaname}".outbox WHERE sent_at IS NULL`, [], database)
        ).rows[0].n;
      else
        counts[`${schemaname}.${tablename}`] = (
          await adminQuery(`SELECT count(*)::int AS n FROM "${schemaname}"."${tablename}"`, [], database)
        ).rows[0].n;
    }
    return { inbox: inbox.sort(), unsent, counts };
  };
  /** Each JetStream durable's position (messages delivered to it, acknowledged floor, pending, unacknowledged), from the monitoring port. */
  const durables = async () => {
    const jsz = (await (await fetch(`http://127.0.0.1:${ports.natsMonitor}/jsz?consumers=true`)).json()) as {
      account_details?: Array<{
        stream_detail?: Array<{
          name: string;
          consumer_detail?: Array<{
            name: string;
            delivered: { consumer_seq: number };
            ack_floor: { consumer_seq: number };
            num_pending: number;
            num_ack_pending: number;
          }>;
        }>;
      }>;
    };
    const out: Record<string, { delivered: number; acked: number; pending: number; unacked: number }> = {};
    for (const a of jsz.account_details ?? [])
      for (const st of a.stream_detail ?? [])
        for (const c of st.consumer_detail ?? [])
          out[`${st.name}/${c.name}`] = {
            delivered: c.delivered.consumer_seq,
            acked: c.ack_floor.consumer_seq,
            pending: c.num_pending,
            unacked: c.num_ack_pending,
          };
    return out;
  };
  const backupTool = (command: 'backup' | 'restore', folder: string) =>
    execFileSync(process.execPath, [join(repo, 'deploy', 'server', 'backup.mjs'), command, folder, '--root', dir], {
      env: { ...process.env, SLRT_PG_ADMIN_URL: new URL('/postgres', admin).href },
      stdio: 'pipe',
    });

  it('backs up with the services and NATS stopped, wipes the server, restores: complaints, attachment, inboxes and JetStream positions back, outboxes drained, nothing processed twice', async () => {
    expect(foToken).not.toBe('');
    for (let k = 0; k < 4; k++) {
      const res = await https('POST', '/v1/complaints', complaintBody(`Warga Cadangan ${k}`), {
        authorization: foToken,
        'idempotency-key': `server-${suffix}-${k}`,
      });
      expect(res.status).toBe(201);
      complaintIds.push(res.json().complaintId!);
    }
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300_000)]);
    const attached = await https('POST', `/v1/complaints/${complaintIds[0]}/attachments`, photo, {
      authorization: foToken,
      'content-type': 'image/jpeg',
      'x-file-name': 'rumah.jpg',
    });
    expect(attached.status).toBe(201);
    // Every event published and consumed, so the comparison below is exact.
    await waitFor(
      async () =>
        (await snapshot()).unsent === 0 &&
        Object.values(await durables()).every((d) => d.pending === 0 && d.unacked === 0),
      { timeoutMs: 30_000, message: 'outboxes drained and durables caught up' },
    );
    const positions = await durables();
    await stopStack();
    const before = await snapshot();
    const folder = join(dir, 'backup');
    backupTool('backup', folder);
    expect([statSync(folder).mode & 0o077, statSync(join(folder, 'database.dump')).mode & 0o077]).toEqual([0, 0]);

    // Life goes on after the backup: this complaint is not in it.
    await startStack();
    const late = await https('POST', '/v1/complaints', complaintBody('Warga Sesudah Cadangan'), {
      authorization: foToken,
      'idempotency-key': `server-${suffix}-late`,
    });
    expect(late.status).toBe(201);
    await stopStack();

    // A clean server: no database, no /var/lib/slrt (JetStream store, files), no /etc/slrt.
    await adminQuery(`DROP DATABASE "${database}" WITH (FORCE)`);
    rmSync(join(dir, 'var', 'lib', 'slrt'), { recursive: true, force: true });
    rmSync(etc, { recursive: true, force: true });
    backupTool('restore', folder);
    await startStack();
    await waitFor(async () => (await snapshot()).unsent === 0, {
      timeoutMs: 30_000,
      message: 'outboxes drained after restore',
    });
    const after = await snapshot();
    // The same inbox rows (no event processed again, none lost) and the same data in every table.
    expect(after.inbox).toEqual(before.inbox);
    expect(after.counts).toEqual(before.counts);
    expect(before.inbox.length).toBeGreaterThan(0);
    // JetStream came back with its positions: nothing redelivered, nothing skipped.
    const restored = await durables();
    expect(restored).toEqual(positions);

    for (const id of complaintIds)
      expect({
        id,
        status: (await https('GET', `/v1/complaints/${id}`, undefined, { authorization: foToken })).status,
      }).toEqual({ id, status: 200 });
    expect(
      (await https('GET', `/v1/complaints/${late.json().complaintId}`, undefined, { authorization: foToken })).status,
    ).toBe(404);
    const download = await https('GET', `/v1/attachments/${attached.json().attachmentId}`, undefined, {
      authorization: foToken,
    });
    expect(download.body.equals(photo)).toBe(true);
    // And it works on: a new complaint after the restore.
    const next = await https('POST', '/v1/complaints', complaintBody('Warga Sesudah Pemulihan'), {
      authorization: foToken,
      'idempotency-key': `server-${suffix}-next`,
    });
    expect(next.status).toBe(201);
  }, 300_000);
});
