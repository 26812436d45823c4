import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startPrivatePostgres, waitFor, type PrivatePostgres } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';
import { pahandutRegistration, registerWithRetry, registrationLoad } from './support/registration-load.js';

/**
 * PostgreSQL crashing hard under load: every service's database on a PostgreSQL of the test's own,
 * `kill -9`ed (postmaster and backends at once) while six clients register complaints, started
 * again a few seconds later (crash recovery from the WAL). Clients retry 503/504 with their
 * Idempotency-Key, as the API documents. Nothing acknowledged may be lost, nothing doubled: every
 * registration ends in exactly one complaint with a unique receipt number, one `complaint.registered`
 * event taken by referral and by reporting's read model, and none dead-lettered — and no request may get a 500.
 */
describe('e2e: PostgreSQL killed (kill -9) during registrations', () => {
  let server: PrivatePostgres;
  let stack: FullStack;
  let fo: string;
  let db: pg.Client;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE slrt');
    await admin.end();
    const setup = new pg.Client({ connectionString: server.urlOf('slrt') });
    await setup.connect();
    for (const s of ['intake', 'registry', 'referral', 'notification', 'reporting', 'gateway'])
      await setup.query(`CREATE SCHEMA ${s}`);
    await setup.end();
    stack = await FullStack.start('pgcrash', {}, { database: server.urlOf('slrt') });
    fo = await stack.token('demo.fo');
  }, 180_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await stack?.close();
    await server?.dispose();
  }, 120_000);

  it('loses and doubles nothing: one complaint and one event per registration, each consumed, none dead-lettered, no 500', async () => {
    const load = registrationLoad(
      6,
      (n) =>
        registerWithRetry(
          stack.base,
          fo,
          `pgcrash-${n}`,
          pahandutRegistration(`Pengaduan uji PostgreSQL mati nomor ${n}.`),
          60,
        ),
      120_000,
    );
    const { results } = load;
    await load.answered(30);
    await server.crash();
    await new Promise((r) => setTimeout(r, 3000));
    await server.start();
    await load.answered(results.length + 40);
    await load.stop();

    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    // A crash is a 503 (DATABASE_UNAVAILABLE) or a timeout to retry, never an internal error.
    expect(results.filter((r) => r.statuses.includes(500))).toEqual([]);
    expect(new Set(results.map((r) => r.receiptNumber)).size).toBe(results.length);

    db = new pg.Client({ connectionString: server.urlOf('slrt') });
    await db.connect();
    const ids = results.map((r) => r.complaintId!);
    const complaints = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS receipts FROM intake.complaint WHERE description LIKE 'Pengaduan uji PostgreSQL mati%'`,
    );
    expect(complaints.rows[0]).toEqual({ n: results.length, receipts: results.length });
    // Every complaint's event left intake's outbox exactly once, and its consumers took it once.
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM intake.outbox WHERE subject LIKE '%complaint.registered%' AND sent_at IS NULL`,
          )
        ).rows[0].n === 0,
      { timeoutMs: 60_000, message: 'intake relayed every event' },
    );
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE subject LIKE '%complaint.registered%'`))
        .rows[0].n,
    ).toBe(ids.length);
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM reporting.rpt_complaint WHERE complaint_id = ANY($1::uuid[])`,
            [ids],
          )
        ).rows[0].n === ids.length,
      { timeoutMs: 90_000, message: 'reporting holds every complaint' },
    );
    // Every complaint's triage (registry-checked) reached referral, which decides on a case (these
    // complaints carry no NIK: they go to the civil registry letter, no case).
    const checked = (
      await db.query(`SELECT id FROM intake.outbox WHERE subject LIKE '%complaint.registry-checked%'`)
    ).rows.map((r: { id: string }) => r.id);
    expect(checked).toHaveLength(ids.length);
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM referral.inbox WHERE consumer = 'referral-complaint-checked' AND event_id = ANY($1::uuid[])`,
            [checked],
          )
        ).rows[0].n === ids.length,
      { timeoutMs: 90_000, message: 'referral took every registry-checked event' },
    );
    // No event was given up on while PostgreSQL was away: the dead-letter stream is empty.
    const nc = await connect(stack.nats.connectOptions('provisioner'));
    try {
      expect((await (await jetstreamManager(nc)).streams.info('SLRT_DLQ')).state.messages).toBe(0);
    } finally {
      await nc.close();
    }
    process.stdout.write(
      `postgres-crash: ${results.length} registrations, ${results.filter((r) => r.attempts > 1).length} needed a retry, at most ${Math.max(...results.map((r) => r.attempts))} attempts; answers seen: ${[...new Set(results.flatMap((r) => r.statuses))].sort().join(', ')}\n`,
    );
  }, 300_000);
});
