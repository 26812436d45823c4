import pg from 'pg';
import { testDatabaseUrl } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';
import { pahandutRegistration, registerWithRetry, registrationLoad } from './support/registration-load.js';

/**
 * A rolling restart of intake, as an operator upgrades it with two instances (systemd units
 * `slrt-intake@1` and `@2`, or two pods): registrations keep flowing from several clients while each
 * instance in turn is stopped gracefully (SIGTERM's path: stop taking requests, finish those in hand)
 * and started again. No request fails beyond a retry with its Idempotency-Key (on a loaded machine a
 * request can time out while an instance stops), none is lost, none is doubled, receipt numbers stay
 * unique.
 */
describe('e2e: rolling restart of two intake instances under load', () => {
  let stack: FullStack;
  let fo: string;
  let db: pg.Client;

  beforeAll(async () => {
    stack = await FullStack.start('rolling');
    fo = await stack.token('demo.fo');
    db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await stack?.close();
  });

  it('loses, fails and doubles no registration while each instance is restarted in turn', async () => {
    const intakeA = stack.apps[0]!;
    const intakeB = await stack.addIntake();
    // A client as the API documents it: a 503/504 is retried with the same Idempotency-Key.
    const load = registrationLoad(
      6,
      (n) =>
        registerWithRetry(
          stack.base,
          fo,
          `rolling-${n}`,
          pahandutRegistration(`Pengaduan uji mulai ulang bergilir nomor ${n}.`),
          10,
        ),
      60_000,
    );
    const { results } = load;
    const done = load.answered;

    await done(30);
    await intakeA.close(); // A stops taking requests and finishes those in hand; B carries the load
    const at = results.length;
    await done(at + 30);
    await stack.addIntake(); // A is back (the upgraded version, in production)
    await done(results.length + 20);
    await intakeB.close(); // then B, while A carries the load
    await done(results.length + 30);
    await stack.addIntake();
    await done(results.length + 20);
    await load.stop();

    const failed = results.filter((r) => r.status !== 201);
    expect(failed).toEqual([]);
    process.stdout.write(
      `rolling-restart: ${results.length} registrations, ${results.filter((r) => r.attempts > 1).length} needed a retry\n`,
    );
    const schema = stack.schemas.find((s) => s.schema.startsWith('rollingin'))!.schema;
    const rows = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS receipts FROM "${schema}".complaint WHERE description LIKE 'Pengaduan uji mulai ulang bergilir%'`,
    );
    expect(rows.rows[0]).toEqual({ n: results.length, receipts: results.length });
    expect(new Set(results.map((r) => r.complaintId)).size).toBe(results.length);
    // Exactly one complaint.registered event per complaint in the outbox (none lost, none doubled).
    const events = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT envelope->'data'->>'complaintId')::int AS complaints FROM "${schema}".outbox WHERE subject LIKE '%complaint.registered%'`,
    );
    expect(events.rows[0]).toEqual({ n: results.length, complaints: results.length });
  }, 240_000);
});
