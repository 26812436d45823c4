/**
 * Reporting: projection catch-up, events/s. The events of N complaints (registered, registry-checked,
 * status-changed: 3N events on `SLRT_INTAKE`) are in the stream before the reporting service starts;
 * timed from its start until every event is in the read model (its durables under group commit:
 * up to 32 fetched events per transaction with their inbox rows, each event validated), the service
 * started through its public entry points (migrate.ts, main.ts) in its own process; the events
 * projected before it reported ready are left out of the rate. Baseline in the same run: a raw loop
 * of the same projection writes, one transaction per event, no NATS, no inbox, one loop per subject
 * like one durable per subject (goal ≥ 0.7×). Printed beside it for comparison: the same raw loop
 * with 32 events per transaction, as ours batches them. The one internal import,
 * `ProjectionRepository`, is on purpose: the baselines must run the very SQL the service runs, or
 * the ratio would compare two different write paths.
 *
 *   npm run bench -- bench/reporting-projection.ts   (BENCH_COMPLAINTS=1000)
 */
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { EventPayload } from '@slrt/contracts';
import { connectDirectPublisher, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer, waitFor } from '@slrt/testing';
import { ProjectionRepository } from '../services/reporting/src/projection/projection.repository.js';
import { migrateService, startService } from './lib/child.js';

const N = Number(process.env.BENCH_COMPLAINTS ?? 1000);
const TOTAL = 3 * N;

type Registered = EventPayload<'slrt.evt.intake.complaint.registered.v1'>;
type Checked = EventPayload<'slrt.evt.intake.complaint.registry-checked.v1'>;
type Step = EventPayload<'slrt.evt.intake.complaint.status-changed.v1'>;
function events(n: number) {
  const out: Array<{ registered: Registered; checked: Checked; step: Step }> = [];
  for (let i = 0; i < n; i++) {
    const complaintId = uuidv7();
    const receiptNumber = `6271-2610-${String(i).padStart(6, '0')}`;
    const desaCode = `62.71.0${1 + (i % 5)}.100${1 + (i % 7)}`;
    const at = new Date(Date.UTC(2026, 9, 1 + (i % 28), 2)).toISOString();
    const checkedAt = new Date(Date.parse(at) + 3600_000).toISOString();
    out.push({
      registered: {
        complaintId,
        receiptNumber,
        channel: i % 4 ? 'PUSKESOS_FO' : 'FASILITATOR_VISIT',
        category: 'non-kepesertaan',
        contactType: 'pengaduan',
        programmeCodes: ['PKH'],
        desaCode,
        recordedAt: at,
        registryCheck: 'in-registry',
        subjectHasNik: true,
        possibleDuplicateOf: null,
      },
      checked: {
        complaintId,
        receiptNumber,
        desaCode,
        category: 'non-kepesertaan',
        programmeCodes: ['PKH'],
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
        checkedAt,
      },
      step: {
        complaintId,
        receiptNumber,
        desaCode,
        sequence: 2,
        step: 'registry-checked',
        previousStep: 'received',
        ownerCode: null,
        reasonCode: null,
        reasonText: null,
        occurredAt: checkedAt,
      },
    });
  }
  return out;
}

const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchrpt');
const rawSchema = await createTestSchema('benchrptraw');
const batchedSchema = await createTestSchema('benchrptbat');
const base = { NATS_URL: nats.url, LOG_LEVEL: 'silent', NODE_ENV: 'test', REPORTING_MONTHLY_TASK: 'off' };
const env = { ...base, DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema };
await migrateService('reporting', env);
await migrateService('reporting', { ...base, DATABASE_URL: rawSchema.url, DATABASE_SCHEMA: rawSchema.schema });
await migrateService('reporting', { ...base, DATABASE_URL: batchedSchema.url, DATABASE_SCHEMA: batchedSchema.schema });

// The stream holds the history before the service starts (a first deployment, or a long outage).
const evs = events(N);
const intake = await connectDirectPublisher({ url: nats.url, service: 'intake', kabKotaCode: '62.71' });
for (const e of evs) {
  await Promise.all([
    intake.publish('slrt.evt.intake.complaint.registered.v1', e.registered),
    intake.publish('slrt.evt.intake.complaint.registry-checked.v1', e.checked),
    intake.publish('slrt.evt.intake.complaint.status-changed.v1', e.step),
  ]);
}
await intake.nc.drain();

const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
await db.connect();
const applied = async () =>
  Number((await db.query(`SELECT coalesce(sum(events), 0)::int AS n FROM rpt_projection`)).rows[0].n);
const reporting = await startService('reporting', env);
const t0 = performance.now();
const atReady = await applied();
await waitFor(async () => (await applied()) >= TOTAL, { timeoutMs: 600_000, intervalMs: 10 });
const oursSeconds = (performance.now() - t0) / 1000;
await reporting.stop();

// Raw: the same projection writes, one loop per subject at once, `perTx` events per transaction
// (1: the goal's baseline; 32: batched like ours' group commit, printed for comparison), each into
// its own freshly migrated schema.
const repo = new ProjectionRepository();
const loop = async (
  target: typeof rawSchema,
  perTx: number,
  apply: (m: EntityManager, i: number) => Promise<void>,
  durable: string,
) => {
  const c = new pg.Client({ connectionString: target.url, options: `-c search_path=${target.schema}` });
  await c.connect();
  const m = {
    query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows,
  } as unknown as EntityManager;
  for (let i = 0; i < N; i += perTx) {
    await c.query('BEGIN');
    for (let j = i; j < Math.min(N, i + perTx); j++) {
      await apply(m, j);
      await repo.advance(m, durable, evs[j]!.step.occurredAt);
    }
    await c.query('COMMIT');
  }
  await c.end();
};
const raw = async (target: typeof rawSchema, perTx: number) => {
  const r0 = performance.now();
  await Promise.all([
    loop(target, perTx, (m, i) => repo.complaintRegistered(m, evs[i]!.registered), 'reporting-complaint-registered'),
    loop(target, perTx, (m, i) => repo.complaintChecked(m, evs[i]!.checked), 'reporting-complaint-checked'),
    loop(target, perTx, (m, i) => repo.complaintStep(m, evs[i]!.step), 'reporting-complaint-status'),
  ]);
  return (performance.now() - r0) / 1000;
};
const rawSeconds = await raw(rawSchema, 1);
const batchedSeconds = await raw(batchedSchema, 32);

const oursRate = (TOTAL - atReady) / oursSeconds;
const rawRate = TOTAL / rawSeconds;
const ratio = oursRate / rawRate;
const batchedRate = TOTAL / batchedSeconds;
const batchedRatio = oursRate / batchedRate;
process.stdout.write(`\nreporting: projection catch-up (${TOTAL} events of ${N} complaints already in SLRT_INTAKE)\n`);
process.stdout.write(`raw loop (same projection SQL, tx per event)      ${rawRate.toFixed(0).padStart(7)} events/s\n`);
process.stdout.write(
  `raw loop, 32 events per tx (like ours' batches)  ${batchedRate.toFixed(0).padStart(7)} events/s   (ours / this: ${batchedRatio.toFixed(3)}, for information)\n`,
);
process.stdout.write(
  `ours (JetStream durables → inbox + projection)    ${oursRate.toFixed(0).padStart(7)} events/s   ratio ${ratio.toFixed(3)} (goal ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'NOT met'}; ${atReady} projected before ready, not counted)\n`,
);
process.stdout.write(
  `${JSON.stringify({ bench: 'reporting-projection', events: TOTAL, projectedBeforeReady: atReady, rawPerSecond: rawRate, rawBatchedPerSecond: batchedRate, oursPerSecond: oursRate, ratio, batchedRatio })}\n`,
);

await db.end();
await nats.dispose();
await schema.drop();
await rawSchema.drop();
await batchedSchema.drop();
