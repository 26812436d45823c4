import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@slrt/contracts';
import { freePort, natsServerBinary, waitFor } from '@slrt/testing';

const here = fileURLToPath(new URL('../', import.meta.url));
const USERS = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting', 'kemensos-pkh', 'bpjs-kesehatan'];
const passwordVar = (u: string) => `NATS_${u.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`;
const password = (u: string) => `pw-${u}-0123456789`;

/**
 * deploy/nats as a real nats-server runs it: each service and each programme owner may do exactly
 * what it needs. An owner reads only its own referrals through its own durable and answers only on
 * its own subjects; only the gateway sends requests (plus the documented service allowances).
 */
describe('deploy/nats permissions', () => {
  let server: ChildProcess;
  let dir: string;
  let port: number;
  const conns: NatsConnection[] = [];
  const as = async (user: string, extra: { inboxPrefix?: string } = {}) => {
    const errors: string[] = [];
    const nc = await connect({ servers: `nats://127.0.0.1:${port}`, user, pass: password(user), ...extra });
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(String((s as { error?: unknown }).error));
    })();
    conns.push(nc);
    return { nc, errors };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slrt-nats-perm-'));
    port = await freePort();
    // The generated users for this test's owners, and the server config with a private store.
    writeFileSync(join(dir, 'accounts.conf'), execFileSync(process.execPath, [join(here, 'generate.mjs'), 'kemensos-pkh', 'bpjs-kesehatan']));
    writeFileSync(join(dir, 'nats.conf'), readFileSync(join(here, 'nats-server.conf'), 'utf8').replace('/data/jetstream', join(dir, 'js')).replace('port: 4222', `port: ${port}`).replace('http_port: 8222', ''));
    const env = { ...process.env, ...Object.fromEntries(USERS.map((u) => [passwordVar(u), password(u)])) };
    expect(execFileSync(natsServerBinary(), ['-t', '-c', join(dir, 'nats.conf')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBeDefined();
    server = spawn(natsServerBinary(), ['-c', join(dir, 'nats.conf')], { env, stdio: 'ignore' });
    await waitFor(async () => {
      try {
        const nc = await connect({ servers: `nats://127.0.0.1:${port}`, user: 'referral', pass: password('referral'), reconnect: false });
        await nc.close();
        return true;
      } catch {
        return false;
      }
    });
    // The referral service provisions streams and sends one referral to each owner.
    const { nc } = await as('referral');
    const jsm = await jetstreamManager(nc);
    for (const s of STREAMS) await jsm.streams.add({ name: s.name, subjects: [...s.subjects] });
    const js = jetstream(nc);
    await js.publish('slrt.owner.kemensos-pkh.referral.sent.v1', JSON.stringify({ for: 'pkh' }));
    await js.publish('slrt.owner.bpjs-kesehatan.referral.sent.v1', JSON.stringify({ for: 'bpjs' }));
  }, 30_000);

  afterAll(async () => {
    for (const nc of conns) await nc.close().catch(() => undefined);
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets an owner create its durable, read its own referrals and answer on its own subject', async () => {
    const { nc } = await as('kemensos-pkh', { inboxPrefix: '_INBOX_kemensos-pkh' });
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add('SLRT_OWNER_OUT', { durable_name: 'owner-kemensos-pkh', ack_policy: AckPolicy.Explicit, filter_subject: 'slrt.owner.kemensos-pkh.referral.>' });
    const js = jetstream(nc);
    const consumer = await js.consumers.get('SLRT_OWNER_OUT', 'owner-kemensos-pkh');
    const m = await consumer.next({ expires: 2000 });
    expect(m?.json()).toEqual({ for: 'pkh' });
    m!.ack();
    const ack = await js.publish('slrt.owner.kemensos-pkh.response.accepted.v1', JSON.stringify({ ok: 1 }));
    expect(ack.stream).toBe('SLRT_OWNER_IN');
  });

  it('refuses an owner another owner\u2019s referrals, durable and subjects, and every request subject', async () => {
    const { nc, errors } = await as('kemensos-pkh', { inboxPrefix: '_INBOX_kemensos-pkh' });
    const jsm = await jetstreamManager(nc);
    await expect(jsm.consumers.add('SLRT_OWNER_OUT', { durable_name: 'owner-bpjs-kesehatan', ack_policy: AckPolicy.Explicit, filter_subject: 'slrt.owner.bpjs-kesehatan.referral.>' })).rejects.toThrow();
    await expect(jsm.consumers.add('SLRT_OWNER_OUT', { durable_name: 'owner-kemensos-pkh-2', ack_policy: AckPolicy.Explicit, filter_subject: 'slrt.owner.>' })).rejects.toThrow();
    nc.subscribe('slrt.owner.bpjs-kesehatan.referral.>');
    nc.subscribe('_INBOX.>');
    nc.publish('slrt.owner.bpjs-kesehatan.response.accepted.v1', '{}');
    nc.publish('slrt.rpc.intake.register-complaint.v1', '{}');
    await nc.flush();
    // The server reports each violation asynchronously and in no fixed order: wait for all of them.
    const expected = [
      /Permissions Violation for Subscription to "slrt\.owner\.bpjs-kesehatan/,
      /Permissions Violation for Subscription to "_INBOX\.>"/,
      /Permissions Violation for Publish to "slrt\.owner\.bpjs-kesehatan\.response/,
      /Permissions Violation for Publish to "slrt\.rpc\.intake/,
    ];
    await waitFor(() => expected.every((p) => p.test(errors.join('\n'))), { message: `permission violations reported (${errors.join(' | ')})` });
    for (const p of expected) expect(errors.join('\n')).toMatch(p);
  });

  it('lets referral follow the registry\u2019s proposal events through its own durable', async () => {
    const registry = await as('registry');
    await jetstream(registry.nc).publish('slrt.evt.registry.proposal.status-changed.v1', JSON.stringify({ for: 'referral' }));
    const referral = await as('referral');
    await (await jetstreamManager(referral.nc)).consumers.add('SLRT_REGISTRY', { durable_name: 'referral-proposal-status', ack_policy: AckPolicy.Explicit, filter_subject: 'slrt.evt.registry.proposal.status-changed.v1' });
    const consumer = await jetstream(referral.nc).consumers.get('SLRT_REGISTRY', 'referral-proposal-status');
    const m = await consumer.next({ expires: 5000 });
    expect(m?.string()).toBe('{"for":"referral"}');
    m?.ack();
    expect(referral.errors).toEqual([]);
  });

  it('lets registry ask intake for a complaint (get-complaint only), nothing else of intake', async () => {
    const intake = await as('intake');
    intake.nc.subscribe('slrt.rpc.intake.get-complaint.v1', { queue: 'intake', callback: (_e, msg) => msg.respond('{"ok":"complaint"}') });
    await intake.nc.flush();
    const registry = await as('registry');
    const reply = await registry.nc.request('slrt.rpc.intake.get-complaint.v1', '{}', { timeout: 2000 });
    expect(reply.string()).toBe('{"ok":"complaint"}');
    registry.nc.publish('slrt.rpc.intake.register-complaint.v1', '{}');
    await registry.nc.flush();
    await waitFor(() => registry.errors.length >= 1, { message: 'registry refused' });
    expect(registry.errors.join('\n')).toMatch(/Publish to "slrt\.rpc\.intake\.register-complaint\.v1"/);
  });

  it('lets only the gateway send requests, apart from the documented service allowances', async () => {
    const intake = await as('intake');
    intake.nc.publish('slrt.rpc.intake.register-complaint.v1', '{}');
    intake.nc.publish('slrt.evt.referral.case.opened.v1', '{}');
    await intake.nc.flush();
    await waitFor(() => intake.errors.length >= 2, { message: 'intake refused' });
    expect(intake.errors.join('\n')).toMatch(/Publish to "slrt\.rpc\.intake\.register-complaint\.v1"/);
    expect(intake.errors.join('\n')).toMatch(/Publish to "slrt\.evt\.referral/);
    // The gateway may, and a service may answer (allow_responses).
    const svc = await as('registry');
    svc.nc.subscribe('slrt.rpc.registry.lookup-nik.v1', { queue: 'registry', callback: (_e, msg) => msg.respond('{"ok":true}') });
    await svc.nc.flush();
    const gw = await as('gateway');
    const reply = await gw.nc.request('slrt.rpc.registry.lookup-nik.v1', '{}', { timeout: 2000 });
    expect(reply.string()).toBe('{"ok":true}');
    const fromIntake = await intake.nc.request('slrt.rpc.registry.lookup-nik.v1', '{}', { timeout: 2000 });
    expect(fromIntake.string()).toBe('{"ok":true}');
  });
});
