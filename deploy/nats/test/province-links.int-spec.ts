// Province and national links (issue 16) on three private nats-servers, kab/kota → province hub →
// national hub, configured only by deploy/nats/links.mjs and generate.mjs: a referral published at
// the kab/kota for a national owner reaches the ministry's durable at the national hub through the
// province, the ministry's answer reaches the kab/kota's SLRT_OWNER_IN on the subject referral
// reads, the kab/kota works on while the province is down and the ministry then gets everything
// exactly once; what must not cross does not.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { provisionNats } from '@slrt/messaging';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { makeTestCertificates, startNatsServer, waitFor, type TestNatsServer } from '@slrt/testing';
import { jetstreamDomain, nationalAnswerSubject } from '../links.mjs';
import { startLinkedHubs, type LinkedHubs } from './link-topology.js';

const KK = '62.71';
const OTHER_KK = '62.72';
const NATIONAL_OWNER = 'kemensos-pkh';
const LOCAL_OWNER = 'dinsos';

describe('province and national links (three nats-servers)', () => {
  let hubs: LinkedHubs;
  let national: TestNatsServer;
  let province: TestNatsServer;
  let kabKota: TestNatsServer;
  const conns: NatsConnection[] = [];
  const open = async (s: TestNatsServer, user: string) => {
    const nc = await connect({ ...s.connectOptions(user), maxReconnectAttempts: -1, reconnectTimeWait: 200 });
    conns.push(nc);
    return nc;
  };
  let referral: JetStreamClient;
  let ministry: NatsConnection;
  const referralIds: string[] = [];

  let certDir: string;
  let tls: ReturnType<typeof makeTestCertificates>;

  beforeAll(async () => {
    const nationalOwners = [NATIONAL_OWNER];
    // Both links over TLS, as in production: the hubs present a certificate of the deployment's CA.
    certDir = mkdtempSync(join(tmpdir(), 'slrt-links-tls-'));
    tls = makeTestCertificates(certDir);
    hubs = await startLinkedHubs({
      kabKota: KK,
      nationalLinks: [KK, OTHER_KK],
      nationalOwners,
      localOwners: [LOCAL_OWNER],
      tls,
    });
    ({ national, province } = hubs);
    kabKota = await startNatsServer({ owners: [LOCAL_OWNER], ...hubs.kabKotaOptions });
    // The kab/kota's platform provisioning leaves its national owner out of SLRT_OWNER_OUT (its
    // referrals go to SLRT_NATIONAL_OUT), then its link streams.
    await provisionNats({
      ...kabKota.credentials('provisioner'),
      owners: [LOCAL_OWNER, ...nationalOwners],
      nationalOwners,
    });
    await hubs.provisionKabKota(kabKota);
    referral = jetstream(await open(kabKota, 'referral'));
    ministry = await open(national, NATIONAL_OWNER);
  }, 60_000);

  afterAll(async () => {
    for (const nc of conns) await nc.close().catch(() => undefined);
    await kabKota?.dispose();
    await hubs?.dispose();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('runs both links over TLS: each hub’s leaf listener requires it, with a certificate the deployment’s CA signed', async () => {
    for (const port of [hubs.leafPorts.province, hubs.leafPorts.national]) {
      // What a connection is told first: TLS is required; then the same socket upgrades, and the
      // hub's certificate is verified against the CA the remotes trust.
      const { info, authorized } = await new Promise<{ info: string; authorized: boolean }>((resolve, reject) => {
        const plain = netConnect(port, '127.0.0.1');
        plain.once('error', reject);
        plain.once('data', (d: Buffer) => {
          const secure = tlsConnect({ socket: plain, host: '127.0.0.1', ca: readFileSync(tls.ca) }, () => {
            resolve({ info: d.toString(), authorized: secure.authorized });
            secure.destroy();
          });
          secure.once('error', reject);
        });
      });
      expect(JSON.parse(info.replace(/^INFO /, ''))).toMatchObject({ tls_required: true });
      expect(authorized).toBe(true);
    }
  });

  /** Referral sends a referral to the national owner at the kab/kota (its JetStream PubAck: stored locally). */
  async function sendReferral(id: string) {
    const ack = await referral.publish(
      `slrt.owner.${NATIONAL_OWNER}.referral.sent.v1`,
      JSON.stringify({ referralId: id }),
      {
        msgID: `referral:${id}`,
      },
    );
    expect(ack.stream).toBe('SLRT_NATIONAL_OUT');
    referralIds.push(id);
  }

  /** Everything the ministry's durable at the national hub delivers until `count` distinct ids are in (acked). */
  const received: string[] = [];
  async function ministryReceives(count: number) {
    const c = await jetstream(ministry).consumers.get('SLRT_NATIONAL_OUT', `owner-${NATIONAL_OWNER}`);
    await waitFor(
      async () => {
        const batch = await c.fetch({ max_messages: 50, expires: 1000 });
        for await (const m of batch) {
          received.push((m.json() as { referralId: string }).referralId);
          m.ack();
        }
        return new Set(received).size >= count;
      },
      { timeoutMs: 30_000 },
    );
  }

  it('a referral for a national owner reaches its durable at the national hub through the province; a local owner\u2019s stays', async () => {
    for (const id of ['r1', 'r2', 'r3']) await sendReferral(id);
    const local = await referral.publish(`slrt.owner.${LOCAL_OWNER}.referral.sent.v1`, '{"referralId":"local-1"}');
    expect(local.stream).toBe('SLRT_OWNER_OUT');
    await ministryReceives(3);
    expect(received.sort()).toEqual(['r1', 'r2', 'r3']);
    // The national hub holds nothing of the local owner.
    const jsm = await jetstreamManager(await open(national, 'provisioner'));
    expect((await jsm.streams.info('SLRT_NATIONAL_OUT')).state.messages).toBe(3);
  });

  it('the ministry\u2019s answer at the national hub lands in the kab/kota\u2019s SLRT_OWNER_IN on the subject referral consumes', async () => {
    const ack = await jetstream(ministry).publish(
      nationalAnswerSubject(KK, NATIONAL_OWNER, 'accepted'),
      JSON.stringify({ referralId: 'r1' }),
      { msgID: 'answer:r1' },
    );
    expect(ack.stream).toBe('SLRT_ANSWERS_6271');
    const jsm = await jetstreamManager(await open(kabKota, 'provisioner'));
    await waitFor(async () => (await jsm.streams.info('SLRT_OWNER_IN')).state.messages === 1, { timeoutMs: 30_000 });
    const m = await jsm.streams.getMessage('SLRT_OWNER_IN', {
      last_by_subj: `slrt.owner.${NATIONAL_OWNER}.response.accepted.v1`,
    });
    expect(m.json()).toEqual({ referralId: 'r1' });
    expect(m.header?.get('Nats-Msg-Id')).toBe('answer:r1');
    // Referral's own durable (provisioned from durables.json) has it waiting.
    expect((await jsm.consumers.info('SLRT_OWNER_IN', 'referral-owner-accepted')).num_pending).toBe(1);
    // The ministry reads no other durable of the national stream.
    await expect(
      ministry.request('$JS.API.CONSUMER.INFO.SLRT_NATIONAL_OUT.owner-kemenag', '', { timeout: 1500 }),
    ).rejects.toThrow();
    // An answer for another kab/kota never reaches this one, and a ministry cannot answer as another owner.
    await jetstream(ministry).publish(
      nationalAnswerSubject(OTHER_KK, NATIONAL_OWNER, 'accepted'),
      '{"referralId":"x"}',
    );
    await expect(
      jetstream(ministry).publish(nationalAnswerSubject(KK, LOCAL_OWNER, 'accepted'), '{"referralId":"x"}', {
        timeout: 1500,
      }),
    ).rejects.toThrow();
  });

  it('the kab/kota works on while the province is down, and the ministry then receives every referral exactly once', async () => {
    await province.stop();
    for (const id of ['r4', 'r5', 'r6']) await sendReferral(id);
    // An answer given meanwhile at the national hub waits there.
    await jetstream(ministry).publish(nationalAnswerSubject(KK, NATIONAL_OWNER, 'resolved'), '{"referralId":"r2"}', {
      msgID: 'answer:r2',
    });
    await province.start();
    await ministryReceives(6);
    // Nothing more comes: each referral once.
    const c = await jetstream(ministry).consumers.get('SLRT_NATIONAL_OUT', `owner-${NATIONAL_OWNER}`);
    const extra = await c.fetch({ max_messages: 10, expires: 1500 });
    for await (const m of extra) {
      received.push((m.json() as { referralId: string }).referralId);
      m.ack();
    }
    expect([...received].sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    const jsm = await jetstreamManager(await open(kabKota, 'provisioner'));
    await waitFor(async () => (await jsm.streams.info('SLRT_OWNER_IN')).state.messages === 2, { timeoutMs: 30_000 });
    const nj = await jetstreamManager(await open(national, 'provisioner'));
    expect((await nj.streams.info('SLRT_NATIONAL_OUT')).state.messages).toBe(6);
    // Provisioning again (every deployment run does) changes nothing.
    await provisionNats({
      ...kabKota.credentials('provisioner'),
      owners: [LOCAL_OWNER, NATIONAL_OWNER],
      nationalOwners: [NATIONAL_OWNER],
    });
    await hubs.provisionKabKota(kabKota);
    expect((await jsm.streams.info('SLRT_NATIONAL_OUT')).state.messages).toBe(6);
    expect((await nj.streams.info('SLRT_NATIONAL_OUT')).state.messages).toBe(6);
  }, 60_000);

  it('nothing else crosses: platform subjects, other JetStream API, another kab/kota\u2019s stream', async () => {
    const atNational = await open(national, 'probe');
    const atProvince = await open(province, 'probe');
    const atKabKota = await open(kabKota, 'probe');
    /** What each server's probe receives on `slrt.>`. */
    const seen = new Map<NatsConnection, string[]>();
    for (const nc of [atNational, atProvince, atKabKota]) {
      const got: string[] = [];
      seen.set(nc, got);
      const sub = nc.subscribe('slrt.>');
      void (async () => {
        for await (const m of sub) got.push(m.subject);
      })();
      await nc.flush();
    }
    const fromKabKota = [
      'slrt.evt.intake.complaint.registered.v1',
      'slrt.rpc.intake.get-complaint.v1.referral',
      `slrt.owner.${LOCAL_OWNER}.referral.sent.v1`,
      'slrt.dlq.referral.x',
      'slrt.rollup.6271.monthly.v1',
    ];
    for (const s of fromKabKota) atKabKota.publish(s, '{}');
    await atKabKota.flush();
    const fromNational = [
      `slrt.owner.${NATIONAL_OWNER}.response.accepted.v1`,
      'slrt.rpc.referral.list-programmes.v1.gateway',
    ];
    for (const s of fromNational) atNational.publish(s, '{}');
    await atNational.flush();

    // The two requests the link is for do cross (answered, here with an error: an empty config),
    // their reply on `$JSC.R.…` as the sources' own replies…
    const crosses = async (nc: NatsConnection, subject: string) => {
      const reply = `$JSC.R.probe${Math.random().toString(36).slice(2)}`;
      const sub = nc.subscribe(reply, { max: 1 });
      await nc.flush();
      nc.publish(subject, '{}', { reply });
      for await (const m of sub) return JSON.parse(m.string()) as { error?: { description: string } };
      return null;
    };
    expect(
      await crosses(atNational, `$JS.${jetstreamDomain(KK)}.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT`),
    ).toHaveProperty('error');
    expect(await crosses(atKabKota, '$JS.national.API.CONSUMER.CREATE.SLRT_ANSWERS_6271')).toHaveProperty('error');
    // …and so does the kab/kota's own JetStream API locally (the probe's requests are well formed)…
    const k = jetstreamDomain(KK);
    await expect(
      atKabKota.request(`$JS.${k}.API.STREAM.INFO.SLRT_INTAKE`, '', { timeout: 2000 }),
    ).resolves.toBeTruthy();
    // …but from above nothing but the consumer create of SLRT_NATIONAL_OUT reaches it.
    for (const subject of [
      `$JS.${k}.API.STREAM.INFO.SLRT_INTAKE`,
      `$JS.${k}.API.STREAM.INFO.SLRT_NATIONAL_OUT`,
      `$JS.${k}.API.STREAM.MSG.GET.SLRT_OWNER_OUT`,
      `$JS.${k}.API.CONSUMER.CREATE.SLRT_OWNER_OUT`,
      `$JS.${k}.API.CONSUMER.CREATE.SLRT_INTAKE`,
      `$JS.${k}.API.INFO`,
      `$JS.${jetstreamDomain('62')}.API.INFO`,
    ])
      for (const nc of subject.includes('prov62') ? [atNational] : [atNational, atProvince])
        await expect(nc.request(subject, '{}', { timeout: 1500 })).rejects.toThrow();
    // And from below only its own answers stream at the national hub.
    for (const subject of [
      '$JS.national.API.CONSUMER.CREATE.SLRT_ANSWERS_6272',
      '$JS.national.API.STREAM.INFO.SLRT_ANSWERS_6271',
      '$JS.national.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT',
      '$JS.national.API.INFO',
    ])
      await expect(atKabKota.request(subject, '{}', { timeout: 1500 })).rejects.toThrow();
    // Plain messages stay on the server they were published on (the province's probe got none).
    expect(seen.get(atProvince)).toEqual([]);
    expect(seen.get(atNational)).toEqual(fromNational);
    expect(seen.get(atKabKota)).toEqual(fromKabKota);
  }, 60_000);
});
