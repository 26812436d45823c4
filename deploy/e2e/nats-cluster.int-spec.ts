import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { testDatabaseUrl, waitFor, type TestNatsCluster } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

/**
 * The production shape's NATS: a three-node JetStream cluster, every stream replicated three times
 * (deploy/nats/README.md). Registrations flow from several clients while the node leading intake's
 * stream is killed (`kill -9`) and later started again: no request fails beyond a retry with its
 * Idempotency-Key, no complaint is lost or doubled, and every complaint's event still reaches
 * the services that consume it (reporting's read model holds each complaint).
 */
describe('e2e: a three-node NATS cluster losing a node during registrations', () => {
  let stack: FullStack;
  let fo: string;
  let db: pg.Client;

  beforeAll(async () => {
    stack = await FullStack.start('natsha', {}, { natsCluster: true });
    fo = await stack.token('demo.fo');
    db = new pg.Client({ connectionString: testDatabaseUrl() });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await stack?.close();
  }, 120_000);

  const registration = (n: number) => ({
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: { name: `Warga ${n}`, birthPlace: 'Palangka Raya', birthDate: '1980-02-02', sex: 'F', address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' }, consent: true },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: { category: 'non-kepesertaan', contactType: 'pengaduan', programmeCodes: ['PKH'], sector: 'sosial-ekonomi', description: `Pengaduan uji kluster NATS nomor ${n}.`, documentsReceived: ['KTP'] },
  });

  /** What a careful client does: on 503/504 it waits and sends the same request with the same key. */
  const registerWithRetry = async (n: number): Promise<{ status: number; complaintId?: string; attempts: number }> => {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${stack.base}/v1/complaints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fo}`, 'content-type': 'application/json', 'idempotency-key': `natsha-${n}` },
        body: JSON.stringify(registration(n)),
      });
      const body = (await res.json()) as { complaintId?: string };
      if ((res.status === 503 || res.status === 504) && attempt < 20) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      return { status: res.status, complaintId: body.complaintId, attempts: attempt };
    }
  };

  it('fails no registration beyond a retry, loses and doubles none, and every event reaches its consumer', async () => {
    const cluster = stack.nats as TestNatsCluster;
    expect(cluster.nodes).toHaveLength(3);
    // The node leading intake's stream: losing it forces a new leader election for that stream.
    const nc = await connect(cluster.connectOptions('provisioner'));
    const leader = (await (await jetstreamManager(nc)).streams.info('SLRT_INTAKE')).cluster?.leader;
    await nc.close();
    const victim = cluster.nodes.find((n) => n.serverName === leader) ?? cluster.nodes[0]!;

    const results: Array<{ n: number; status: number; complaintId?: string; attempts: number }> = [];
    let next = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const n = next++;
        results.push({ n, ...(await registerWithRetry(n)) });
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    const done = (k: number) => waitFor(() => results.length >= k, { timeoutMs: 90_000, message: `${k} registrations answered` });
    await done(30);
    await victim.kill('SIGKILL');
    await done(results.length + 60);
    await victim.start();
    await done(results.length + 30);
    running = false;
    await Promise.all(workers);

    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const intake = stack.schemas.find((s) => s.schema.startsWith('natshain'))!.schema;
    const rows = await db.query(`SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS receipts FROM "${intake}".complaint WHERE description LIKE 'Pengaduan uji kluster NATS%'`);
    expect(rows.rows[0]).toEqual({ n: results.length, receipts: results.length });
    // Every complaint's event crossed the cluster (intake's stream, replicated) to reporting's read model.
    const reporting = stack.schemas.find((s) => s.schema.startsWith('natsharp'))!.schema;
    const ids = results.map((r) => r.complaintId!);
    await waitFor(
      async () => (await db.query(`SELECT count(*)::int AS n FROM "${reporting}".rpt_complaint WHERE complaint_id = ANY($1::uuid[])`, [ids])).rows[0].n === ids.length,
      { timeoutMs: 90_000, message: 'reporting received every complaint.registered event' },
    );
    // Intake published exactly one complaint.registered per complaint (the outbox, all sent).
    const events = await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent FROM "${intake}".outbox WHERE subject LIKE '%complaint.registered%'`);
    expect(events.rows[0]).toEqual({ n: ids.length, unsent: 0 });
    // The figure deploy/nats/README.md quotes: how many requests needed a retry while the node was gone.
    process.stdout.write(`nats-cluster: ${results.length} registrations, ${results.filter((r) => r.attempts > 1).length} needed a retry, at most ${Math.max(...results.map((r) => r.attempts))} attempts\n`);
  }, 300_000);
});
