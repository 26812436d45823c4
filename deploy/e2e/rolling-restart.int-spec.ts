import pg from 'pg';
import { testDatabaseUrl, waitFor } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

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

  const registration = (n: number) => ({
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: { name: `Warga ${n}`, birthPlace: 'Palangka Raya', birthDate: '1980-02-02', sex: 'F', address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' }, consent: true },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: { category: 'non-kepesertaan', contactType: 'pengaduan', programmeCodes: ['PKH'], sector: 'sosial-ekonomi', description: `Pengaduan uji mulai ulang bergilir nomor ${n}.`, documentsReceived: ['KTP'] },
  });

  it('loses, fails and doubles no registration while each instance is restarted in turn', async () => {
    const intakeA = stack.apps[0]!;
    const intakeB = await stack.addIntake();
    const results: Array<{ n: number; status: number; complaintId?: string; attempts: number }> = [];
    let next = 0;
    let running = true;
    // A client as the API documents it: a 503/504 is retried with the same Idempotency-Key.
    const register = async (n: number) => {
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${stack.base}/v1/complaints`, {
          method: 'POST',
          headers: { authorization: `Bearer ${fo}`, 'content-type': 'application/json', 'idempotency-key': `rolling-${n}` },
          body: JSON.stringify(registration(n)),
        });
        const body = (await res.json()) as { complaintId?: string };
        if ((res.status === 503 || res.status === 504) && attempt < 10) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        return { n, status: res.status, complaintId: body.complaintId, attempts: attempt };
      }
    };
    const worker = async () => {
      while (running) results.push(await register(next++));
    };
    const workers = Array.from({ length: 6 }, () => worker());
    const done = (k: number) => waitFor(() => results.length >= k, { timeoutMs: 60_000, message: `${k} registrations answered` });

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
    running = false;
    await Promise.all(workers);

    const failed = results.filter((r) => r.status !== 201);
    expect(failed).toEqual([]);
    process.stdout.write(`rolling-restart: ${results.length} registrations, ${results.filter((r) => r.attempts > 1).length} needed a retry\n`);
    const schema = stack.schemas.find((s) => s.schema.startsWith('rollingin'))!.schema;
    const rows = await db.query(`SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS receipts FROM "${schema}".complaint WHERE description LIKE 'Pengaduan uji mulai ulang bergilir%'`);
    expect(rows.rows[0]).toEqual({ n: results.length, receipts: results.length });
    expect(new Set(results.map((r) => r.complaintId)).size).toBe(results.length);
    // Exactly one complaint.registered event per complaint in the outbox (none lost, none doubled).
    const events = await db.query(`SELECT count(*)::int AS n, count(DISTINCT envelope->'data'->>'complaintId')::int AS complaints FROM "${schema}".outbox WHERE subject LIKE '%complaint.registered%'`);
    expect(events.rows[0]).toEqual({ n: results.length, complaints: results.length });
  }, 240_000);
});
