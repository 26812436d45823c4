import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startPrivatePostgres, waitFor, type PrivatePostgres } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

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
    for (const s of ['intake', 'registry', 'referral', 'notification', 'reporting', 'gateway']) await setup.query(`CREATE SCHEMA ${s}`);
    await setup.end();
    stack = await FullStack.start('pgcrash', {}, { database: server.urlOf('slrt') });
    fo = await stack.token('demo.fo');
  }, 180_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await stack?.close();
    await server?.dispose();
  }, 120_000);

  const registration = (n: number) => ({
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: { name: `Warga ${n}`, birthPlace: 'Palangka Raya', birthDate: '1980-02-02', sex: 'F', address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' }, consent: true },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: { category: 'non-kepesertaan', contactType: 'pengaduan', programmeCodes: ['PKH'], sector: 'sosial-ekonomi', description: `Pengaduan uji PostgreSQL mati nomor ${n}.`, documentsReceived: ['KTP'] },
  });

  /** A careful client: on 503/504 (or a dropped connection) it waits and sends the same request with the same key. */
  const registerWithRetry = async (n: number): Promise<{ status: number; complaintId?: string; receiptNumber?: string; attempts: number; statuses: number[] }> => {
    const statuses: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${stack.base}/v1/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fo}`, 'content-type': 'application/json', 'idempotency-key': `pgcrash-${n}` },
        body: JSON.stringify(registration(n)),
      }).catch(() => null);
      statuses.push(res?.status ?? 0);
      const body = res ? ((await res.json().catch(() => ({}))) as { complaintId?: string; receiptNumber?: string }) : {};
      if ((!res || res.status === 503 || res.status === 504) && attempt < 60) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      return { status: res?.status ?? 0, complaintId: body.complaintId, receiptNumber: body.receiptNumber, attempts: attempt, statuses };
    }
  };

  it('loses and doubles nothing: one complaint and one event per registration, each consumed, none dead-lettered, no 500', async () => {
    const results: Array<Awaited<ReturnType<typeof registerWithRetry>> & { n: number }> = [];
    let next = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const n = next++;
        results.push({ n, ...(await registerWithRetry(n)) });
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    const done = (k: number) => waitFor(() => results.length >= k, { timeoutMs: 120_000, message: `${k} registrations answered` });
    await done(30);
    await server.crash();
    await new Promise((r) => setTimeout(r, 3000));
    await server.start();
    await done(results.length + 40);
    running = false;
    await Promise.all(workers);

    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    // A crash is a 503 (DATABASE_UNAVAILABLE) or a timeout to retry, never an internal error.
    expect(results.filter((r) => r.statuses.includes(500))).toEqual([]);
    expect(new Set(results.map((r) => r.receiptNumber)).size).toBe(results.length);

    db = new pg.Client({ connectionString: server.urlOf('slrt') });
    await db.connect();
    const ids = results.map((r) => r.complaintId!);
    const complaints = await db.query(`SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS receipts FROM intake.complaint WHERE description LIKE 'Pengaduan uji PostgreSQL mati%'`);
    expect(complaints.rows[0]).toEqual({ n: results.length, receipts: results.length });
    // Every complaint's event left intake's outbox exactly once, and its consumers took it once.
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE subject LIKE '%complaint.registered%' AND sent_at IS NULL`)).rows[0].n === 0, { timeoutMs: 60_000, message: 'intake relayed every event' });
    expect((await db.query(`SELECT count(*)::int AS n FROM intake.outbox WHERE subject LIKE '%complaint.registered%'`)).rows[0].n).toBe(ids.length);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM reporting.rpt_complaint WHERE complaint_id = ANY($1::uuid[])`, [ids])).rows[0].n === ids.length, { timeoutMs: 90_000, message: 'reporting holds every complaint' });
    // Every complaint's triage (registry-checked) reached referral, which decides on a case (these
    // complaints carry no NIK: they go to the civil registry letter, no case).
    const checked = (await db.query(`SELECT id FROM intake.outbox WHERE subject LIKE '%complaint.registry-checked%'`)).rows.map((r: { id: string }) => r.id);
    expect(checked).toHaveLength(ids.length);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM referral.inbox WHERE consumer = 'referral-complaint-checked' AND event_id = ANY($1::uuid[])`, [checked])).rows[0].n === ids.length, { timeoutMs: 90_000, message: 'referral took every registry-checked event' });
    // No event was given up on while PostgreSQL was away: the dead-letter stream is empty.
    const nc = await connect(stack.nats.connectOptions('provisioner'));
    try {
      expect((await (await jetstreamManager(nc)).streams.info('SLRT_DLQ')).state.messages).toBe(0);
    } finally {
      await nc.close();
    }
    process.stdout.write(`postgres-crash: ${results.length} registrations, ${results.filter((r) => r.attempts > 1).length} needed a retry, at most ${Math.max(...results.map((r) => r.attempts))} attempts; answers seen: ${[...new Set(results.flatMap((r) => r.statuses))].sort().join(', ')}\n`);
  }, 300_000);
});
