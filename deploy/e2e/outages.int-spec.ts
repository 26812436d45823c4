import pg from 'pg';
import { TcpProxy, testDatabaseUrl, waitFor } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

/**
 * Outages answered well: PostgreSQL or NATS out of reach is a fast 503 with Retry-After and a
 * problem document saying what to do (never a 500, never a 5-second wait), and a retry with the
 * same Idempotency-Key after the outage, or after a reply lost once the commit was made, gives the
 * one complaint that exists.
 */
describe('e2e: outages of PostgreSQL and NATS, and a reply lost after the commit', () => {
  let stack: FullStack;
  let proxy: TcpProxy;
  let fo: string;
  let db: pg.Client;

  beforeAll(async () => {
    const real = new URL(testDatabaseUrl());
    // A proxy between intake and PostgreSQL the test can cut and stall.
    proxy = await TcpProxy.start({ host: real.hostname, port: Number(real.port || 5432) });
    stack = await FullStack.start('outage', {}, { intakeDatabaseHost: `127.0.0.1:${proxy.port}` });
    fo = await stack.token('demo.fo');
    db = new pg.Client({ connectionString: real.href });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await stack?.close();
    await proxy?.close();
  });

  const registration = (description: string) => ({
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: {
      name: 'Warga Tanpa NIK',
      birthPlace: 'Palangka Raya',
      birthDate: '1980-02-02',
      sex: 'F',
      address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' },
      consent: true,
    },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: {
      category: 'non-kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PKH'],
      sector: 'sosial-ekonomi',
      description,
      documentsReceived: ['KTP'],
    },
  });
  const register = async (key: string, description: string) => {
    const res = await fetch(`${stack.base}/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fo}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(registration(description)),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  const intakeSchema = () => stack.schemas.find((s) => s.schema.includes('outagein'))!.schema;
  const complaintsWithKey = async (key: string) =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM "${intakeSchema()}".complaint c JOIN "${intakeSchema()}".idempotency_key k ON k.complaint_id = c.id WHERE k.key = $1`,
        [key],
      )
    ).rows[0].n as number;

  it('answers 503 with Retry-After while PostgreSQL is out of reach, and the retry with the same key registers exactly one complaint', async () => {
    expect((await register('outage-before-0001', 'Sebelum gangguan basis data.')).status).toBe(201);

    await proxy.cut();
    const during = await register('outage-db-0001', 'Dicatat saat basis data terputus.').finally(() => proxy.open());
    expect({ status: during.status, body: during.body }).toMatchObject({ status: 503 });
    expect(during.type).toContain('application/problem+json');
    expect(during.retryAfter).toBe('5');
    expect(during.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(String(during.body.detail)).toMatch(/Coba lagi/);

    // The pool reconnects on the next query: the same request, same key, now succeeds.
    const after = await waitFor(
      async () => {
        const r = await register('outage-db-0001', 'Dicatat saat basis data terputus.');
        return r.status === 201 ? r : null;
      },
      { timeoutMs: 30_000, message: 'registration succeeds once PostgreSQL is back' },
    );
    const again = await register('outage-db-0001', 'Dicatat saat basis data terputus.');
    expect(again.status).toBe(201);
    expect(again.body.complaintId).toBe(after.body.complaintId);
    expect(await complaintsWithKey('outage-db-0001')).toBe(1);
    const rows = await db.query(`SELECT count(*)::int AS n FROM "${intakeSchema()}".complaint WHERE description = $1`, [
      'Dicatat saat basis data terputus.',
    ]);
    expect(rows.rows[0].n).toBe(1);
  }, 90_000);

  it('gives the complaint committed after its reply was lost (gateway timed out) to the retry with the same key, once', async () => {
    proxy.stall();
    const lost = await register('outage-lost-0001', 'Balasan hilang setelah tersimpan.').finally(() => proxy.release());
    expect({ status: lost.status, body: lost.body }).toMatchObject({ status: 504, body: { code: 'TIMEOUT' } });
    // Intake goes on and commits after the gateway gave up: the reply goes nowhere.
    await waitFor(
      async () =>
        (
          await db.query(`SELECT count(*)::int AS n FROM "${intakeSchema()}".complaint WHERE description = $1`, [
            'Balasan hilang setelah tersimpan.',
          ])
        ).rows[0].n === 1,
      {
        timeoutMs: 30_000,
        message: 'intake committed the complaint after the timeout',
      },
    );
    const retry = await register('outage-lost-0001', 'Balasan hilang setelah tersimpan.');
    expect(retry.status).toBe(201);
    const row = await db.query(`SELECT id, receipt_number FROM "${intakeSchema()}".complaint WHERE description = $1`, [
      'Balasan hilang setelah tersimpan.',
    ]);
    expect(row.rows).toHaveLength(1);
    expect(retry.body.complaintId).toBe(row.rows[0].id);
    expect(retry.body.receiptNumber).toBe(row.rows[0].receipt_number);
    // One complaint.registered event in the outbox, not two.
    const events = await db.query(
      `SELECT count(*)::int AS n FROM "${intakeSchema()}".outbox WHERE subject LIKE '%complaint.registered%' AND envelope::text LIKE $1`,
      [`%${row.rows[0].id}%`],
    );
    expect(events.rows[0].n).toBe(1);
  }, 90_000);

  it('answers 503 NATS_UNAVAILABLE at once while NATS is down (not a 504 after the timeout), and works again after it returns', async () => {
    await stack.nats.stop();
    const down = await waitFor(
      async () => {
        const res = await fetch(`${stack.base}/v1/complaints?page=1&pageSize=5`, {
          headers: { authorization: `Bearer ${fo}` },
        });
        return res.status === 503 ? { res, body: (await res.json()) as Record<string, unknown> } : null;
      },
      { timeoutMs: 20_000, message: 'the gateway notices NATS is gone' },
    );
    expect(down.res.headers.get('retry-after')).toBe('5');
    expect(down.body).toMatchObject({ status: 503, code: 'NATS_UNAVAILABLE' });
    await stack.nats.start();
    await waitFor(
      async () =>
        (await fetch(`${stack.base}/v1/complaints?page=1&pageSize=5`, { headers: { authorization: `Bearer ${fo}` } }))
          .status === 200,
      {
        timeoutMs: 60_000,
        message: 'the gateway answers again once NATS is back',
      },
    );
  }, 120_000);
});
