import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, startNatsServer, testDatabaseUrl, waitFor, type TestNatsServer } from '@slrt/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SERVICES = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];

/**
 * `npm start` as a user runs it (against given PostgreSQL and NATS): builds, migrates every
 * service, starts them, reports them ready, and stops them all cleanly on Ctrl-C.
 */
describe('npm start (deploy/local/slrt.mjs start)', () => {
  const database = `slrt_launch_${randomBytes(4).toString('hex')}`;
  const admin = testDatabaseUrl();
  let nats: TestNatsServer;
  let launcher: ChildProcess | null = null;
  let output = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    nats = await startNatsServer();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${database}"`);
    await c.end();
    for (const s of SERVICES) ports[s] = await freePort();
  });

  afterAll(async () => {
    if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL');
    await nats?.dispose();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await c.end();
  });

  it('migrates and starts every service, each ready with its database and NATS, and stops them on SIGINT', async () => {
    const url = new URL(admin);
    url.pathname = `/${database}`;
    launcher = spawn(process.execPath, ['deploy/local/slrt.mjs', 'start'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url.href,
        NATS_URL: nats.url,
        SLRT_LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        SLRT_ADMIN_PASSWORD: 'launcher-test-admin',
        SLRT_DEMO_PASSWORD: 'launcher-test-demo',
        ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_HTTP_PORT`, String(ports[s])])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (d) => (output += d));
    launcher.stderr!.on('data', (d) => (output += d));
    await waitFor(() => output.includes('All services are ready'), { timeoutMs: 120_000, intervalMs: 200, message: `launcher ready; output so far:\n${output}` });

    for (const s of SERVICES) {
      const res = await fetch(`http://127.0.0.1:${ports[s]}/health/ready`);
      const body = (await res.json()) as { status: string; info: Record<string, { status: string }> };
      expect({ service: s, status: res.status, db: body.info.database?.status, nats: body.info.nats?.status }).toEqual({ service: s, status: 200, db: 'up', nats: 'up' });
      const metrics = await (await fetch(`http://127.0.0.1:${ports[s]}/metrics`)).text();
      expect(metrics).toContain(`service="${s}"`);
    }
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    const tables = await c.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`);
    await c.end();
    expect(tables.rows.map((r) => r.table_schema)).toEqual([...SERVICES].sort());

    launcher.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => launcher!.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(output).not.toMatch(/exited unexpectedly/);
  }, 180_000);
});
