// A national ministry and a kab/kota's real platform over the province and national links
// (deploy/nats/links.mjs; the NATS-only proof is deploy/nats/test/province-links.int-spec.ts): the
// kab/kota's stack runs on a nats-server that is a leaf of a province hub, itself a leaf of the
// national hub. A referral its back office sends to PKH (a national owner) reaches the ministry's
// durable at the national hub; the ministry's accept, published there on the national answer
// subject, is applied by the kab/kota's referral service and its feedback comes back to the
// ministry; with the province down the kab/kota sends on, and the ministry gets it once after.
import { v7 as uuidv7 } from 'uuid';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { waitFor } from '@slrt/testing';
import { nationalAnswerSubject } from '../nats/links.mjs';
import { startLinkedHubs, type LinkedHubs } from '../nats/test/link-topology.js';
import { FullStack } from './support/full-stack.js';
import { dtsenPersons, referredToPkh } from './support/referred-to-pkh.js';

const KK = '62.71';
const OWNER = 'kemensos-pkh';

interface Envelope {
  id: string;
  subject: string;
  kabKotaCode: string;
  correlationId: string;
  data: Record<string, string>;
}

describe('a national ministry and a kab/kota over the province and national links (real platform)', () => {
  let hubs: LinkedHubs;
  let stack: FullStack;
  let ministry: NatsConnection;
  const persons: Array<{ nik: string; name: string }> = [];
  const tokens = new Map<string, Promise<string>>();
  const token = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, stack.token(user));
    return tokens.get(user)!;
  };
  const api = async (method: string, path: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed API answers in a test
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  /** FO registers a complaint of a person in DTSEN; SPV forwards, MJ approves, BO sends it to PKH. */
  const referToPkh = (i: number) => referredToPkh(stack.base, token, persons[i]!, `links-${i}-${uuidv7()}`);

  /** What the ministry's durable `durable` at the national hub delivers (acked), until `done` holds. */
  const read = async (durable: string, done: (all: Envelope[]) => boolean, all: Envelope[] = []) => {
    const c = await jetstream(ministry).consumers.get('SLRT_NATIONAL_OUT', durable);
    await waitFor(
      async () => {
        const batch = await c.fetch({ max_messages: 20, expires: 1000 });
        for await (const m of batch) {
          all.push(m.json() as Envelope);
          m.ack();
        }
        return done(all);
      },
      { timeoutMs: 60_000, message: `${durable} delivered` },
    );
    return all;
  };

  beforeAll(async () => {
    hubs = await startLinkedHubs({
      kabKota: KK,
      nationalLinks: [KK],
      nationalOwners: [OWNER],
      localOwners: ['dinsos'],
    });
    stack = await FullStack.start('plk', {}, { nats: hubs.kabKotaOptions, nationalOwners: [OWNER] });
    await hubs.provisionKabKota(stack.nats);
    ministry = await connect({ ...hubs.national.connectOptions(OWNER), maxReconnectAttempts: -1 });

    persons.push(...(await dtsenPersons(stack, { count: 2, serial: 5300, fileName: 'links.csv' })));
  }, 240_000);

  afterAll(async () => {
    await ministry?.close().catch(() => undefined);
    await stack?.close();
    await hubs?.dispose();
  });

  const referrals: Envelope[] = [];

  it('the ministry at the national hub receives the referral, answers there, and the kab/kota applies the answer', async () => {
    const { caseId, referralId } = await referToPkh(0);
    await read(`owner-${OWNER}`, (all) => all.some((e) => e.data.referralId === referralId), referrals);
    const referral = referrals.find((e) => e.data.referralId === referralId)!;
    expect(referral.subject).toBe(`slrt.owner.${OWNER}.referral.sent.v1`);
    expect(referral.kabKotaCode).toBe(KK);

    // The answer: the owner contract's envelope (its local subject inside), published at the
    // national hub on the national answer subject, the referral's kab/kota as its token.
    const answer = {
      id: uuidv7(),
      subject: `slrt.owner.${OWNER}.response.accepted.v1`,
      occurredAt: new Date().toISOString(),
      producer: `owner:${OWNER}`,
      kabKotaCode: referral.kabKotaCode,
      correlationId: referral.correlationId,
      causationId: referral.id,
      actor: null,
      data: { referralId, note: 'Diterima untuk diverifikasi pendamping PKH.', respondedAt: new Date().toISOString() },
    };
    const ack = await jetstream(ministry).publish(
      nationalAnswerSubject(referral.kabKotaCode, OWNER, 'accepted'),
      JSON.stringify(answer),
      { msgID: answer.id },
    );
    expect(ack.stream).toBe('SLRT_ANSWERS_6271');

    // Referral applies it and tells the ministry, through the same link.
    const feedback = await read(`owner-${OWNER}-feedback`, (all) => all.some((e) => e.data.answerId === answer.id));
    expect(feedback.find((e) => e.data.answerId === answer.id)!.data.outcome).toBe('applied');
    const history = (await api('GET', `/v1/cases/${caseId}`, await token('demo.spv'))).json.history.map(
      (h: { action: string }) => h.action,
    );
    expect(history).toEqual(['forward', 'approve', 'send', 'owner-accept']);
  }, 120_000);

  it('with the province down the kab/kota sends on; the ministry receives the referral once after', async () => {
    await hubs.province.stop();
    const { referralId } = await referToPkh(1);
    // Stored at the kab/kota meanwhile.
    const nc = await connect(stack.nats.connectOptions('provisioner'));
    const jsm = await jetstreamManager(nc);
    await waitFor(async () => (await jsm.streams.info('SLRT_NATIONAL_OUT')).state.messages >= 2, {
      timeoutMs: 30_000,
      message: 'the second referral stored at the kab/kota',
    });
    await nc.close();
    await hubs.province.start();
    await read(`owner-${OWNER}`, (all) => all.some((e) => e.data.referralId === referralId), referrals);
    // Nothing more than one message per referral (a last, empty round).
    const c = await jetstream(ministry).consumers.get('SLRT_NATIONAL_OUT', `owner-${OWNER}`);
    for await (const m of await c.fetch({ max_messages: 10, expires: 1500 })) {
      referrals.push(m.json() as Envelope);
      m.ack();
    }
    expect(referrals.map((e) => e.data.referralId).sort()).toEqual(
      [...new Set(referrals.map((e) => e.data.referralId))].sort(),
    );
    expect(referrals).toHaveLength(2);
  }, 120_000);
});
