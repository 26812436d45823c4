import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { OWNER_OUT_MAX_AGE_DAYS } from '@slrt/contracts';
import { startNatsServer, type TestNatsServer } from '@slrt/testing';
import { inboxPrefix } from '../src/connection.js';
import { provisionNats } from '../src/provisioning.js';

const NANOS_PER_DAY = 24 * 3600 * 1e9;

describe('provisioning: the age limit of SLRT_OWNER_OUT', () => {
  let nats: TestNatsServer;

  beforeAll(async () => {
    nats = await startNatsServer();
  }, 30_000);

  afterAll(async () => {
    await nats?.dispose();
  });

  /** The streams' max_age in days, read as the provisioner. */
  const maxAges = async (): Promise<Record<string, number>> => {
    const c = nats.credentials('provisioner');
    const nc = await connect({
      servers: c.url,
      user: c.user!,
      pass: c.password!,
      inboxPrefix: inboxPrefix('provisioner'),
    });
    try {
      const jsm = await jetstreamManager(nc);
      const out: Record<string, number> = {};
      for await (const s of jsm.streams.list()) out[s.config.name] = s.config.max_age / NANOS_PER_DAY;
      return out;
    } finally {
      await nc.close();
    }
  };

  it('creates SLRT_OWNER_OUT with the default age limit and the other streams without one', async () => {
    const changed = await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    expect(changed.streams).toContain('SLRT_OWNER_OUT');
    const ages = await maxAges();
    expect(ages.SLRT_OWNER_OUT).toBe(OWNER_OUT_MAX_AGE_DAYS);
    expect(ages.SLRT_OWNER_IN).toBe(0);
    expect(ages.SLRT_REFERRAL).toBe(0);
  });

  it('updates the age limit of the existing stream when it is configured otherwise, and again back; unchanged settings change nothing', async () => {
    expect((await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners })).streams).toEqual([]);
    expect(
      (
        await provisionNats({
          ...nats.credentials('provisioner'),
          owners: nats.owners,
          ownerOutMaxAgeMs: 7 * 24 * 3600 * 1000,
        })
      ).streams,
    ).toEqual(['SLRT_OWNER_OUT']);
    expect((await maxAges()).SLRT_OWNER_OUT).toBe(7);
    // A stream made before the limit existed (max_age 0) gets it on the next provisioning.
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners, ownerOutMaxAgeMs: 0 });
    expect((await maxAges()).SLRT_OWNER_OUT).toBe(0);
    expect((await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners })).streams).toEqual([
      'SLRT_OWNER_OUT',
    ]);
    expect((await maxAges()).SLRT_OWNER_OUT).toBe(OWNER_OUT_MAX_AGE_DAYS);
  });
});
