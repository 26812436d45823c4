import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { testDatabaseUrl, waitFor, type TestNatsCluster } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';
import { pahandutRegistration, registerWithRetry, registrationLoad } from './support/registration-load.js';

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

  it('fails no registration beyond a retry, loses and doubles none, and every event reaches its consumer', async () => {
    const cluster = stack.nats as TestNatsCluster;
    expect(cluster.nodes).toHaveLength(3);
    // The node leading intake's stream: losing it forces a new leader election for that stream.
    const nc = await connect(cluster.connectOptions('provisioner'));
    const leader = (await (await jetstreamManager(nc)).streams.info('SLRT_INTAKE')).cluster?.leader;
    await nc.close();
    const victim = cluster.nodes.find((n) => n.serverName === leader) ?? cluster.nodes[0]!;

    const load = registrationLoad(6, (n) =>
      registerWithRetry(
        stack.base,
        fo,
        `natsha-${n}`,
        pahandutRegistration(`Pengaduan uji kluster NATS nomor ${n}.`),
        20,
      ),
    );
    const { results } = load;
    await load.answered(30);
    await victim.kill('SIGKILL');
    await load.answered(results.length + 60);
    await victim.start();
    await load.answered(results.length + 30);
    await load.stop();

    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    const intake = stack.schemas.find((s) => s.schema.startsWith('natshain'))!.schema;
    const rows = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT receipt_number)::int AS receipts FROM "${intake}".complaint WHERE description LIKE 'Pengaduan uji kluster NATS%'`,
    );
    expect(rows.rows[0]).toEqual({ n: results.length, receipts: results.length });
    // Every complaint's event crossed the cluster (intake's stream, replicated) to reporting's read model.
    const reporting = stack.schemas.find((s) => s.schema.startsWith('natsharp'))!.schema;
    const ids = results.map((r) => r.complaintId!);
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM "${reporting}".rpt_complaint WHERE complaint_id = ANY($1::uuid[])`,
            [ids],
          )
        ).rows[0].n === ids.length,
      { timeoutMs: 90_000, message: 'reporting received every complaint.registered event' },
    );
    // Intake published exactly one complaint.registered per complaint (the outbox, all sent).
    const events = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent FROM "${intake}".outbox WHERE subject LIKE '%complaint.registered%'`,
    );
    expect(events.rows[0]).toEqual({ n: ids.length, unsent: 0 });
    // The figure deploy/nats/README.md quotes: how many requests needed a retry while the node was gone.
    process.stdout.write(
      `nats-cluster: ${results.length} registrations, ${results.filter((r) => r.attempts > 1).length} needed a retry, at most ${Math.max(...results.map((r) => r.attempts))} attempts\n`,
    );
  }, 300_000);
});
