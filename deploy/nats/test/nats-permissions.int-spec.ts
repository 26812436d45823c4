/* eslint-disable max-lines -- integration spec of deploy/nats permissions (production config, real nats-server): its tests share one booted stack, which takes seconds to start */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { provisionNats } from '@slrt/messaging';
import { freePort, makeTestCertificates, natsServerBinary, waitFor } from '@slrt/testing';
import {
  accountsConfig,
  generatePasswords,
  allUsers,
  inboxPrefix,
  isSafePassword,
  passwordVariable,
} from '../generate.mjs';

const here = fileURLToPath(new URL('../', import.meta.url));
const OWNERS = ['kemensos-pkh', 'bpjs-kesehatan'];
const STREAM = 'SLRT_OWNER_OUT';
const PKH = 'owner-kemensos-pkh';
const BPJS = 'owner-bpjs-kesehatan';
const PKH_FEEDBACK = 'owner-kemensos-pkh-feedback';
const BPJS_FEEDBACK = 'owner-bpjs-kesehatan-feedback';

/**
 * deploy/nats exactly as production runs it (nats-server.conf with TLS, accounts.conf from the
 * generator, passwords from the environment) on the machine's nats-server: each identity may do
 * only what it needs. Programme owners have no consumer or stream API beyond their own
 * pre-provisioned durable; services no stream/consumer administration, no other inbox, no other
 * caller's request subjects.
 */
describe('deploy/nats permissions (production config, real nats-server)', () => {
  let server: ChildProcess;
  let dir: string;
  let port: number;
  let tls: { ca: string; cert: string; key: string };
  // A kab/kota (as on its province hub) and a province (as on the national hub): one server has both here.
  const ROLLUP_SOURCES = ['62.71', '62'];
  const passwords = generatePasswords(allUsers(OWNERS, ROLLUP_SOURCES));
  const conns: NatsConnection[] = [];
  const url = () => `tls://127.0.0.1:${port}`;
  const as = async (user: string) => {
    const errors: string[] = [];
    const nc = await connect({
      servers: url(),
      user,
      pass: passwords[user],
      inboxPrefix: inboxPrefix(user),
      tls: { caFile: tls.ca },
    });
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(String((s as { error?: unknown }).error));
    })();
    conns.push(nc);
    return { nc, errors };
  };
  /** The JetStream API request is refused by the server's permissions (never answered). */
  const refused = async (who: { nc: NatsConnection; errors: string[] }, subject: string, body: unknown = {}) => {
    const outcome = await who.nc.request(subject, JSON.stringify(body), { timeout: 1500 }).then(
      (m) => ({ answered: m.string() }),
      (e: unknown) => ({ failed: String(e) }),
    );
    expect(outcome).not.toHaveProperty('answered');
    const text = 'failed' in outcome ? outcome.failed : '';
    const escaped = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await waitFor(() => /permission/i.test(text) || new RegExp(`Publish to "${escaped}"`).test(who.errors.join('\n')), {
      message: `violation reported for ${subject} (${text}; ${who.errors.join(' | ')})`,
    });
  };
  const provisioner = async () => (await as('provisioner')).nc;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slrt-nats-perm-'));
    port = await freePort();
    tls = makeTestCertificates(dir);
    writeFileSync(join(dir, 'accounts.conf'), accountsConfig({ owners: OWNERS, rollupSources: ROLLUP_SOURCES }));
    writeFileSync(
      join(dir, 'nats.conf'),
      readFileSync(join(here, 'nats-server.conf'), 'utf8')
        .replace('/data/jetstream', join(dir, 'js'))
        .replace('port: 4222', `port: ${port}`)
        .replace('http_port: 8222', '')
        .replace('/etc/nats/tls/server.crt', tls.cert)
        .replace('/etc/nats/tls/server.key', tls.key),
    );
    const env = {
      ...process.env,
      ...Object.fromEntries(Object.entries(passwords).map(([u, p]) => [passwordVariable(u), p])),
    };
    execFileSync(natsServerBinary(), ['-t', '-c', join(dir, 'nats.conf')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server = spawn(natsServerBinary(), ['-c', join(dir, 'nats.conf')], { env, stdio: 'ignore' });
    await waitFor(async () => {
      try {
        const nc = await connect({
          servers: url(),
          user: 'provisioner',
          pass: passwords.provisioner,
          tls: { caFile: tls.ca },
          reconnect: false,
        });
        await nc.close();
        return true;
      } catch {
        return false;
      }
    });
    // The provisioning step creates every stream and durable, the owners' included.
    await provisionNats({
      url: url(),
      user: 'provisioner',
      password: passwords.provisioner,
      tlsCaFile: tls.ca,
      owners: OWNERS,
    });
    // Referral sends one referral to each owner.
    const referral = await as('referral');
    const js = jetstream(referral.nc);
    await js.publish(
      'slrt.owner.kemensos-pkh.referral.sent.v1',
      JSON.stringify({ for: 'pkh', nik: '6271015507900001' }),
    );
    await js.publish(
      'slrt.owner.bpjs-kesehatan.referral.sent.v1',
      JSON.stringify({ for: 'bpjs', nik: '6271015507900002' }),
    );
    // And feedback on one answer of each owner.
    await js.publish('slrt.owner.kemensos-pkh.feedback.answer-refused.v1', JSON.stringify({ feedback: 'pkh' }));
    await js.publish('slrt.owner.bpjs-kesehatan.feedback.answer-applied.v1', JSON.stringify({ feedback: 'bpjs' }));
    expect(referral.errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    for (const nc of conns) await nc.close().catch(() => undefined);
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  describe('TLS', () => {
    it('refuses a plain connection and accepts TLS with the deployment CA', async () => {
      await expect(
        connect({
          servers: `nats://127.0.0.1:${port}`,
          user: 'gateway',
          pass: passwords.gateway,
          reconnect: false,
          tls: null as never,
        }),
      ).rejects.toThrow();
      // A client that does not trust the deployment CA cannot connect either.
      await expect(
        connect({ servers: url(), user: 'gateway', pass: passwords.gateway, reconnect: false }),
      ).rejects.toThrow();
      const nc = await connect({
        servers: url(),
        user: 'gateway',
        pass: passwords.gateway,
        reconnect: false,
        tls: { caFile: tls.ca },
      });
      expect(nc.info?.tls_required).toBe(true);
      await nc.close();
    });
  });

  describe('the provisioner', () => {
    it('has provisioned the streams, the services\u2019 durables and each owner\u2019s durable with its own filter', async () => {
      const jsm = await jetstreamManager(await provisioner());
      expect((await jsm.consumers.info(STREAM, PKH)).config).toMatchObject({
        filter_subject: 'slrt.owner.kemensos-pkh.referral.>',
        ack_wait: 60_000_000_000,
        max_deliver: -1,
        deliver_policy: 'all',
        ack_policy: 'explicit',
      });
      expect((await jsm.consumers.info(STREAM, BPJS)).config.filter_subject).toBe(
        'slrt.owner.bpjs-kesehatan.referral.>',
      );
      expect((await jsm.consumers.info(STREAM, PKH_FEEDBACK)).config).toMatchObject({
        filter_subject: 'slrt.owner.kemensos-pkh.feedback.>',
        ack_wait: 60_000_000_000,
        max_deliver: -1,
        deliver_policy: 'all',
        ack_policy: 'explicit',
      });
      expect((await jsm.consumers.info('SLRT_INTAKE', 'registry-complaint-checked')).config.filter_subject).toBe(
        'slrt.evt.intake.complaint.registry-checked.v1',
      );
    });
  });

  describe('a programme owner', () => {
    it('reads its own referral through its pre-provisioned durable, acks it and answers on its own subject', async () => {
      const { nc, errors } = await as('kemensos-pkh');
      const js = jetstream(nc);
      const consumer = await js.consumers.get(STREAM, PKH);
      const m = await consumer.next({ expires: 3000 });
      expect(m?.json()).toMatchObject({ for: 'pkh' });
      await m!.ackAck();
      const ack = await js.publish('slrt.owner.kemensos-pkh.response.accepted.v1', JSON.stringify({ ok: 1 }));
      expect(ack.stream).toBe('SLRT_OWNER_IN');
      expect(errors).toEqual([]);
    });

    it('reads the feedback on its own answers through its feedback durable, and not another owner\u2019s', async () => {
      const pkh = await as('kemensos-pkh');
      const m = await (await jetstream(pkh.nc).consumers.get(STREAM, PKH_FEEDBACK)).next({ expires: 3000 });
      expect(m?.subject).toBe('slrt.owner.kemensos-pkh.feedback.answer-refused.v1');
      expect(m?.json()).toEqual({ feedback: 'pkh' });
      await m!.ackAck();
      expect(pkh.errors).toEqual([]);
      // Its referral durable never carries feedback, nor feedback durable referrals.
      expect(
        (await (await jetstreamManager(await provisioner())).consumers.info(STREAM, PKH_FEEDBACK)).num_pending,
      ).toBe(0);
      await refused(pkh, `$JS.API.CONSUMER.INFO.${STREAM}.${BPJS_FEEDBACK}`);
      await refused(pkh, `$JS.API.CONSUMER.MSG.NEXT.${STREAM}.${BPJS_FEEDBACK}`, { batch: 1, expires: 1_000_000_000 });
      await refused(
        pkh,
        `$JS.API.CONSUMER.CREATE.${STREAM}.x.slrt.owner.bpjs-kesehatan.feedback.>`,
        wide('x', 'slrt.owner.bpjs-kesehatan.feedback.>'),
      );
      await refused(pkh, `$JS.API.CONSUMER.UPDATE.${STREAM}.${PKH_FEEDBACK}`, wide(PKH_FEEDBACK));
      pkh.nc.subscribe('slrt.owner.bpjs-kesehatan.feedback.>');
      pkh.nc.publish(`$JS.ACK.${STREAM}.${BPJS_FEEDBACK}.1.4.4.0.0`, '');
      pkh.nc.publish('slrt.owner.kemensos-pkh.feedback.answer-applied.v1', '{}');
      await pkh.nc.flush();
      const expected = [
        /Subscription to "slrt\.owner\.bpjs-kesehatan\.feedback\.>"/,
        /Publish to "\$JS\.ACK\.SLRT_OWNER_OUT\.owner-bpjs-kesehatan-feedback/,
        /Publish to "slrt\.owner\.kemensos-pkh\.feedback/,
      ];
      await waitFor(() => expected.every((p) => p.test(pkh.errors.join('\n'))), {
        message: `permission violations reported (${pkh.errors.join(' | ')})`,
      });
      const bpjs = await (await jetstreamManager(await provisioner())).consumers.info(STREAM, BPJS_FEEDBACK);
      expect(bpjs.delivered.stream_seq).toBe(0);
      expect(bpjs.num_pending).toBe(1);
    });

    const wide = (durable: string, filter = 'slrt.owner.>') => ({
      stream_name: STREAM,
      config: { durable_name: durable, ack_policy: 'explicit', deliver_policy: 'all', filter_subject: filter },
    });
    const api: Array<[string, unknown]> = [
      // Legacy create (2.9): the server does not check the filter in the body.
      [`$JS.API.CONSUMER.DURABLE.CREATE.${STREAM}.${PKH}`, wide(PKH)],
      [`$JS.API.CONSUMER.DURABLE.CREATE.${STREAM}.${BPJS}`, wide(BPJS)],
      [`$JS.API.CONSUMER.DURABLE.CREATE.${STREAM}.owner-kemensos-pkh-2`, wide('owner-kemensos-pkh-2')],
      // Ephemeral and named creates, with the own filter and another owner's.
      [
        `$JS.API.CONSUMER.CREATE.${STREAM}`,
        { stream_name: STREAM, config: { ack_policy: 'explicit', filter_subject: 'slrt.owner.>' } },
      ],
      [`$JS.API.CONSUMER.CREATE.${STREAM}.${PKH}`, wide(PKH)],
      [
        `$JS.API.CONSUMER.CREATE.${STREAM}.${PKH}.slrt.owner.kemensos-pkh.referral.>`,
        wide(PKH, 'slrt.owner.kemensos-pkh.referral.>'),
      ],
      [
        `$JS.API.CONSUMER.CREATE.${STREAM}.${PKH}.slrt.owner.bpjs-kesehatan.referral.>`,
        wide(PKH, 'slrt.owner.bpjs-kesehatan.referral.>'),
      ],
      [
        `$JS.API.CONSUMER.CREATE.${STREAM}.${BPJS}.slrt.owner.bpjs-kesehatan.referral.>`,
        wide(BPJS, 'slrt.owner.bpjs-kesehatan.referral.>'),
      ],
      [`$JS.API.CONSUMER.CREATE.${STREAM}.x.slrt.owner.>`, wide('x')],
      // Update, delete, list, names, info, pull and stepdown of others (and delete of its own).
      [`$JS.API.CONSUMER.UPDATE.${STREAM}.${PKH}`, wide(PKH)],
      [`$JS.API.CONSUMER.DELETE.${STREAM}.${BPJS}`, {}],
      [`$JS.API.CONSUMER.DELETE.${STREAM}.${PKH}`, {}],
      [`$JS.API.CONSUMER.LIST.${STREAM}`, {}],
      [`$JS.API.CONSUMER.NAMES.${STREAM}`, {}],
      [`$JS.API.CONSUMER.INFO.${STREAM}.${BPJS}`, {}],
      [`$JS.API.CONSUMER.MSG.NEXT.${STREAM}.${BPJS}`, { batch: 1, expires: 1_000_000_000 }],
      [`$JS.API.CONSUMER.LEADER.STEPDOWN.${STREAM}.${BPJS}`, {}],
      // Streams: delete, purge, update, message get/delete, info, list; direct get.
      [`$JS.API.STREAM.DELETE.${STREAM}`, {}],
      [`$JS.API.STREAM.PURGE.${STREAM}`, {}],
      [`$JS.API.STREAM.UPDATE.${STREAM}`, { name: STREAM, subjects: ['slrt.owner.*.referral.>'] }],
      [`$JS.API.STREAM.CREATE.MINE`, { name: 'MINE', subjects: ['slrt.owner.bpjs-kesehatan.referral.>'] }],
      [`$JS.API.STREAM.MSG.GET.${STREAM}`, { last_by_subj: 'slrt.owner.bpjs-kesehatan.referral.sent.v1' }],
      [`$JS.API.STREAM.MSG.DELETE.${STREAM}`, { seq: 2 }],
      [`$JS.API.STREAM.INFO.${STREAM}`, {}],
      [`$JS.API.STREAM.LIST`, {}],
      [`$JS.API.STREAM.NAMES`, {}],
      [`$JS.API.DIRECT.GET.${STREAM}`, { last_by_subj: 'slrt.owner.bpjs-kesehatan.referral.sent.v1' }],
      [`$JS.API.DIRECT.GET.${STREAM}.slrt.owner.bpjs-kesehatan.referral.sent.v1`, {}],
      [`$JS.API.INFO`, {}],
    ];
    it.each(api)('is refused %s', async (subject, body) => {
      await refused(await as('kemensos-pkh'), subject, body);
    });

    it('cannot read another owner\u2019s referral in any other way, nor speak for it', async () => {
      const { nc, errors } = await as('kemensos-pkh');
      nc.subscribe('slrt.owner.bpjs-kesehatan.referral.>');
      nc.subscribe('slrt.owner.>');
      nc.subscribe('_INBOX.>');
      nc.subscribe('_INBOX_bpjs-kesehatan.>');
      nc.subscribe('$JS.>');
      nc.publish('$JS.ACK.SLRT_OWNER_OUT.owner-bpjs-kesehatan.1.2.2.0.0', '');
      nc.publish('slrt.owner.bpjs-kesehatan.response.accepted.v1', '{}');
      nc.publish('slrt.owner.kemensos-pkh.referral.sent.v1', '{}');
      nc.publish('slrt.rpc.intake.get-complaint.v1.gateway', '{}');
      await nc.flush();
      const expected = [
        /Subscription to "slrt\.owner\.bpjs-kesehatan\.referral\.>"/,
        /Subscription to "slrt\.owner\.>"/,
        /Subscription to "_INBOX\.>"/,
        /Subscription to "_INBOX_bpjs-kesehatan\.>"/,
        /Subscription to "\$JS\.>"/,
        /Publish to "\$JS\.ACK\.SLRT_OWNER_OUT\.owner-bpjs-kesehatan/,
        /Publish to "slrt\.owner\.bpjs-kesehatan\.response/,
        /Publish to "slrt\.owner\.kemensos-pkh\.referral/,
        /Publish to "slrt\.rpc\.intake/,
      ];
      await waitFor(() => expected.every((p) => p.test(errors.join('\n'))), {
        message: `permission violations reported (${errors.join(' | ')})`,
      });
    });

    it('left everything as the provisioner made it: the other owner\u2019s referral unread, filters unchanged, no new consumers or streams', async () => {
      const jsm = await jetstreamManager(await provisioner());
      const bpjs = await jsm.consumers.info(STREAM, BPJS);
      expect(bpjs.config.filter_subject).toBe('slrt.owner.bpjs-kesehatan.referral.>');
      expect(bpjs.delivered.stream_seq).toBe(0);
      expect(bpjs.num_pending).toBe(1);
      expect((await jsm.consumers.info(STREAM, PKH)).config.filter_subject).toBe('slrt.owner.kemensos-pkh.referral.>');
      const names: string[] = [];
      for await (const n of jsm.consumers.list(STREAM)) names.push(n.name);
      expect(names.sort()).toEqual([BPJS, BPJS_FEEDBACK, PKH, PKH_FEEDBACK]);
      expect((await jsm.streams.info(STREAM)).state.messages).toBe(4);
      const streams: string[] = [];
      for await (const s of jsm.streams.list()) streams.push(s.config.name);
      expect(streams).not.toContain('MINE');
    });
  });

  describe('a service', () => {
    it('notification cannot read owner referrals, other inboxes, or administer streams and consumers', async () => {
      const notification = await as('notification');
      for (const [subject, body] of [
        [`$JS.API.STREAM.DELETE.${STREAM}`, {}],
        [`$JS.API.STREAM.PURGE.${STREAM}`, {}],
        [`$JS.API.STREAM.MSG.GET.${STREAM}`, { seq: 1 }],
        [`$JS.API.DIRECT.GET.${STREAM}`, { seq: 1 }],
        [`$JS.API.CONSUMER.CREATE.${STREAM}`, { stream_name: STREAM, config: { ack_policy: 'explicit' } }],
        [
          `$JS.API.CONSUMER.DURABLE.CREATE.${STREAM}.notification-x`,
          { stream_name: STREAM, config: { durable_name: 'notification-x', ack_policy: 'explicit' } },
        ],
        [`$JS.API.CONSUMER.MSG.NEXT.${STREAM}.${BPJS}`, { batch: 1 }],
        [`$JS.API.CONSUMER.DELETE.SLRT_INTAKE.registry-complaint-checked`, {}],
        [`$JS.API.STREAM.CREATE.SLRT_X`, { name: 'SLRT_X', subjects: ['x.>'] }],
      ] as Array<[string, unknown]>) {
        await refused(notification, subject, body);
      }
      const { nc, errors } = notification;
      nc.subscribe('_INBOX.>');
      nc.subscribe('_INBOX_gateway.>');
      nc.subscribe('slrt.owner.>');
      nc.publish('$JS.ACK.SLRT_INTAKE.registry-complaint-checked.1.1.1.0.0', '');
      nc.publish('slrt.rpc.registry.lookup-nik.v1.gateway', '{}');
      await nc.flush();
      const expected = [
        /Subscription to "_INBOX\.>"/,
        /Subscription to "_INBOX_gateway\.>"/,
        /Subscription to "slrt\.owner\.>"/,
        /Publish to "\$JS\.ACK\.SLRT_INTAKE\.registry-complaint-checked/,
        /Publish to "slrt\.rpc\.registry\.lookup-nik\.v1\.gateway"/,
      ];
      await waitFor(() => expected.every((p) => p.test(errors.join('\n'))), {
        message: `permission violations reported (${errors.join(' | ')})`,
      });
      const jsm = await jetstreamManager(await provisioner());
      expect((await jsm.streams.info(STREAM)).state.messages).toBe(4);
    });

    it('sends requests only under its own name, and only those it may send; replies reach only the caller', async () => {
      const registry = await as('registry');
      registry.nc.subscribe('slrt.rpc.registry.lookup-nik.v1.*', {
        queue: 'registry',
        callback: (_e, msg) => msg.respond(JSON.stringify({ caller: msg.subject.split('.').pop() })),
      });
      const intake = await as('intake');
      intake.nc.subscribe('slrt.rpc.intake.get-complaint.v1.*', {
        queue: 'intake',
        callback: (_e, msg) => msg.respond('{"ok":"complaint"}'),
      });
      await registry.nc.flush();
      await intake.nc.flush();
      const gateway = await as('gateway');
      expect(
        (await gateway.nc.request('slrt.rpc.registry.lookup-nik.v1.gateway', '{}', { timeout: 3000 })).json(),
      ).toEqual({ caller: 'gateway' });
      expect(
        (await intake.nc.request('slrt.rpc.registry.lookup-nik.v1.intake', '{}', { timeout: 3000 })).json(),
      ).toEqual({ caller: 'intake' });
      expect(
        (await registry.nc.request('slrt.rpc.intake.get-complaint.v1.registry', '{}', { timeout: 3000 })).string(),
      ).toBe('{"ok":"complaint"}');
      await refused(intake, 'slrt.rpc.registry.lookup-nik.v1.gateway');
      await refused(gateway, 'slrt.rpc.registry.lookup-nik.v1.intake');
      await refused(registry, 'slrt.rpc.intake.register-complaint.v1.registry');
      await refused(registry, 'slrt.rpc.intake.get-complaint.v1.gateway');
      await refused(await as('reporting'), 'slrt.rpc.intake.get-complaint.v1.reporting');
      // Events only on its own subjects.
      intake.nc.publish('slrt.evt.referral.case.opened.v1', '{}');
      await intake.nc.flush();
      await waitFor(() => /Publish to "slrt\.evt\.referral/.test(intake.errors.join('\n')), {
        message: 'forged event refused',
      });
    });

    it('a kab/kota publishes the roll-up only under its own code (rollup-6271 on slrt.rollup.6271.>); the hub\u2019s reporting reads it through its durable reporting-rollup', async () => {
      const source = await as('rollup-6271');
      const ack = await jetstream(source.nc).publish('slrt.rollup.6271.monthly.v1', JSON.stringify({ rollup: 1 }), {
        msgID: 'rollup:6271:2026-11:1',
      });
      expect(ack.stream).toBe('SLRT_ROLLUP');
      expect(source.errors).toEqual([]);
      // Another kab/kota's code, or anything else, is refused.
      source.nc.publish('slrt.rollup.6201.monthly.v1', '{}');
      source.nc.publish('slrt.evt.reporting.x.v1', '{}');
      await source.nc.flush();
      await waitFor(
        () =>
          /Publish to "slrt\.rollup\.6201/.test(source.errors.join('\n')) &&
          /Publish to "slrt\.evt\.reporting/.test(source.errors.join('\n')),
        { message: 'roll-up under another code refused' },
      );
      const reporting = await as('reporting');
      const consumer = await jetstream(reporting.nc).consumers.get('SLRT_ROLLUP', 'reporting-rollup');
      const m = await consumer.next({ expires: 3000 });
      expect(m?.string()).toBe('{"rollup":1}');
      await m!.ackAck();
      expect(reporting.errors).toEqual([]);
      // The services publish no roll-up, the hub's reporting included (no kab/kota may borrow its user for it).
      reporting.nc.publish('slrt.rollup.6271.monthly.v1', '{}');
      await reporting.nc.flush();
      await waitFor(() => /Publish to "slrt\.rollup/.test(reporting.errors.join('\n')), {
        message: 'roll-up from the reporting user refused',
      });
      const intake = await as('intake');
      intake.nc.publish('slrt.rollup.6271.monthly.v1', '{}');
      await intake.nc.flush();
      await waitFor(() => /Publish to "slrt\.rollup/.test(intake.errors.join('\n')), {
        message: 'roll-up from another service refused',
      });
    });

    it('a province forwards the roll-up of its own kab/kota only (rollup-62 on slrt.rollup.62NN.>), never another province\u2019s nor under its bare code', async () => {
      const province = await as('rollup-62');
      for (const [token, id] of [
        ['6271', 'rollup:6271:2026-11:7'],
        ['6201', 'rollup:6201:2026-11:7'],
        ['6299', 'rollup:6299:2026-11:7'],
      ] as const) {
        const ack = await jetstream(province.nc).publish(`slrt.rollup.${token}.monthly.v1`, '{}', { msgID: id });
        expect(ack.stream).toBe('SLRT_ROLLUP');
      }
      expect(province.errors).toEqual([]);
      province.nc.publish('slrt.rollup.6301.monthly.v1', '{}');
      await province.nc.flush();
      await waitFor(() => /Publish to "slrt\.rollup\.6301/.test(province.errors.join('\n')), {
        message: 'another province\u2019s kab/kota refused',
      });
      for (const subject of ['slrt.rollup.62.monthly.v1', 'slrt.rollup.6200.monthly.v1', 'slrt.evt.reporting.x.v1']) {
        province.nc.publish(subject, '{}');
        await province.nc.flush();
        const escaped = subject.replace(/\./g, '\\.');
        await waitFor(() => new RegExp(`Publish to "${escaped}"`).test(province.errors.join('\n')), {
          message: `${subject} refused to rollup-62`,
        });
      }
      // A kab/kota's user stays bound to its own code, even within its province.
      const source = await as('rollup-6271');
      source.nc.publish('slrt.rollup.6272.monthly.v1', '{}');
      await source.nc.flush();
      await waitFor(() => /Publish to "slrt\.rollup\.6272/.test(source.errors.join('\n')), {
        message: 'a kab/kota under its neighbour\u2019s code refused',
      });
    });

    it('referral pulls and acks through its own durables, not registry\u2019s', async () => {
      const registry = await as('registry');
      await jetstream(registry.nc).publish(
        'slrt.evt.registry.proposal.status-changed.v1',
        JSON.stringify({ for: 'referral' }),
      );
      const referral = await as('referral');
      const consumer = await jetstream(referral.nc).consumers.get('SLRT_REGISTRY', 'referral-proposal-status');
      const m = await consumer.next({ expires: 3000 });
      expect(m?.string()).toBe('{"for":"referral"}');
      await m!.ackAck();
      expect(referral.errors).toEqual([]);
      await refused(referral, '$JS.API.CONSUMER.MSG.NEXT.SLRT_INTAKE.registry-complaint-checked', { batch: 1 });
      await refused(referral, '$JS.API.CONSUMER.CREATE.SLRT_REGISTRY', {
        stream_name: 'SLRT_REGISTRY',
        config: { ack_policy: 'explicit' },
      });
    });
  });
});

/**
 * nats-server types the value of a `$VARIABLE`: a password from the environment that starts with a
 * sign is read as a number and the whole config is refused (generated base64url passwords start
 * with `-` one time in 64, so with 16 users about one run in five failed). Generated passwords are
 * always read as the string they are.
 */
describe('deploy/nats passwords as nats-server reads them from the environment', () => {
  const check = (passwords: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'slrt-nats-pw-'));
    try {
      writeFileSync(join(dir, 'nats.conf'), `port: 4222\n${accountsConfig({ owners: OWNERS })}`);
      const env = {
        ...process.env,
        ...Object.fromEntries(Object.entries(passwords).map(([u, p]) => [passwordVariable(u), p])),
      };
      execFileSync(natsServerBinary(), ['-t', '-c', join(dir, 'nats.conf')], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return true;
    } catch {
      return false;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const users = allUsers(OWNERS);

  it('refuses a password starting with a sign, or a number then letters (why the generator never makes one)', () => {
    const passwords = generatePasswords(users);
    passwords.intake = '-AbCdEfGhIjKlMnOpQrStUv';
    expect(isSafePassword(passwords.intake)).toBe(false);
    expect(check(passwords)).toBe(false);
    passwords.intake = '7e5AbCdEfGhIjKlMnOpQrSt';
    expect(isSafePassword(passwords.intake)).toBe(false);
    expect(check(passwords)).toBe(false);
  });

  it('makes only passwords that are safe and that nats-server accepts', () => {
    for (let i = 0; i < 20; i++) {
      const passwords = generatePasswords(users);
      expect(Object.values(passwords).every(isSafePassword)).toBe(true);
      expect(check(passwords)).toBe(true);
    }
  });
});
