import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { freePort, testDatabaseUrl, waitFor } from '@slrt/testing';
// @ts-expect-error plain ESM module of the launcher, no declarations
import { ensureInfra } from '../infra.mjs';

interface Infra {
  natsUrl: string;
  natsEnv(user: string): Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The launcher's own nats-server (`npm start`, `npm test`, `npm run migrate` without NATS_URL)
 * runs the production accounts: nobody connects anonymously, each service only as itself, and the
 * generated passwords stay in .data/nats (mode 0600) and out of the launcher's output.
 */
describe('launcher: embedded nats-server with the generated accounts', () => {
  const root = mkdtempSync(join(tmpdir(), 'slrt-infra-'));
  const saved = {
    NATS_URL: process.env.NATS_URL,
    SLRT_NATS_PORT: process.env.SLRT_NATS_PORT,
    DATABASE_URL: process.env.DATABASE_URL,
  };
  let infra: Infra;
  let output = '';

  beforeAll(async () => {
    delete process.env.NATS_URL;
    process.env.SLRT_NATS_PORT = String(await freePort());
    process.env.DATABASE_URL = testDatabaseUrl();
    infra = (await ensureInfra({ root, log: (m: string) => (output += `${m}\n`) })) as Infra;
  }, 30_000);

  afterAll(async () => {
    await infra?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses an anonymous connection and a wrong password', async () => {
    await expect(connect({ servers: infra.natsUrl, reconnect: false })).rejects.toThrow(/Authorization/i);
    await expect(connect({ servers: infra.natsUrl, user: 'gateway', pass: 'guess', reconnect: false })).rejects.toThrow(
      /Authorization/i,
    );
  });

  it('lets a service connect as itself only, with production permissions', async () => {
    const env = infra.natsEnv('notification');
    expect(env.NATS_USER).toBe('notification');
    const errors: string[] = [];
    const nc = await connect({
      servers: infra.natsUrl,
      user: env.NATS_USER,
      pass: env.NATS_PASSWORD,
      inboxPrefix: '_INBOX_notification',
    });
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(String((s as { error?: unknown }).error));
    })();
    nc.subscribe('_INBOX.>');
    nc.publish('slrt.rpc.registry.lookup-nik.v1.gateway', '{}');
    await nc.flush();
    await waitFor(
      () =>
        /Subscription to "_INBOX\.>"/.test(errors.join('\n')) &&
        /Publish to "slrt\.rpc\.registry/.test(errors.join('\n')),
      { message: `violations reported (${errors.join(' | ')})` },
    );
    await nc.close();
  });

  it('keeps the generated passwords in .data/nats with mode 0600 and prints none of them', () => {
    const file = join(root, '.data', 'nats', 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, '.data', 'nats', 'nats-server.conf')).mode & 0o777).toBe(0o600);
    const passwords = Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
    expect(passwords.length).toBeGreaterThanOrEqual(7);
    for (const p of passwords) expect(output).not.toContain(p);
  });
});
