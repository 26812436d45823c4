/**
 * Reporting at province size (issue 13): dashboard queries (`get-kpis`) over a read model holding
 * 50 kab/kota × 3 years of synthetic activity (≈ 2,200 complaints per kab/kota per year, the
 * field's figure: 330,000 complaints with their cases, referrals and messages), p99 against the
 * goal of 200 ms; and the monthly report of a large kab/kota (BENCH_REPORT_COMPLAINTS in one month,
 * default 20,000: ten times a large kab/kota's year) generated as XLSX and PDF in ≤ 10 s, with the
 * service's peak memory after a small and after the large report (constant memory: it should not
 * grow with the month's size).
 *
 * Baselines in the same run, for each query: the database's own floor, one SQL statement counting
 * the same complaints grouped the same way (what any implementation must at least read); and the
 * previous implementation, rows read and KPIs computed in JS (`src/kpis/kpi-reference.ts`, in this
 * process over a pool, no NATS hop), which must give the same rows.
 *
 *   npm run bench -- bench/reporting-queries.ts    (BENCH_KAB_KOTA=50, BENCH_YEARS=3, BENCH_CALLS=30, BENCH_QUERIES=1,2,3,4)
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import type { Actor } from '@slrt/contracts';
import { connectRpcClient, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer } from '@slrt/testing';
import type { EntityManager } from 'typeorm';
import { aggregateKpis, citizensInformed, prelistPipeline } from '../services/reporting/src/kpis/kpi-reference.js';
import { ReadModelRepository } from '../services/reporting/src/kpis/read-model.repository.js';
import { monthStart } from '../services/reporting/src/kpis/working-time.js';
import { migrateService, startService } from './lib/child.js';

const KAB_KOTA = Number(process.env.BENCH_KAB_KOTA ?? 50);
const YEARS = Number(process.env.BENCH_YEARS ?? 3);
const PER_YEAR = 2200;
const CALLS = Number(process.env.BENCH_CALLS ?? 30);
const REPORT_COMPLAINTS = Number(process.env.BENCH_REPORT_COMPLAINTS ?? 20_000);
const GOAL_MS = 200;
const REPORT_GOAL_S = 10;

const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchrptq');
const env = {
  DATABASE_URL: schema.url,
  DATABASE_SCHEMA: schema.schema,
  NATS_URL: nats.url,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
  REPORTING_MONTHLY_TASK: 'off',
  KAB_KOTA_CODE: '62.71',
};
await migrateService('reporting', env);

const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
await db.connect();
// Kab/kota codes 62.01 … 62.50 (62.71 is the deployment's own and the large one of the report).
const kabs = Array.from({ length: KAB_KOTA }, (_, i) => (i === 0 ? '62.71' : `62.${String(i).padStart(2, '0')}`));
const end = new Date(Date.UTC(2026, 10, 1)); // the read model ends with October 2026
const start = new Date(Date.UTC(2026 - YEARS, 10, 1));
const spanSeconds = (end.getTime() - start.getTime()) / 1000;
const perKab = PER_YEAR * YEARS;
const t0 = performance.now();
await db.query(
  `
  INSERT INTO rpt_complaint (complaint_id, desa_code, channel, category, programme_codes, registered_at, auto_triaged, triaged_at, referred_at, answered_at, closed_at, final_step)
  SELECT gen_random_uuid(), k.code || '.0' || (1 + i % 5) || '.100' || (1 + i % 7),
         CASE WHEN i % 4 = 0 THEN 'FASILITATOR_VISIT' ELSE 'PUSKESOS_FO' END,
         CASE WHEN i % 3 = 0 THEN 'kepesertaan' ELSE 'non-kepesertaan' END, ARRAY['PKH'],
         t, true, t + interval '1 hour', CASE WHEN i % 5 < 3 THEN t + interval '3 days' END, CASE WHEN i % 5 < 2 THEN t + interval '10 days' END,
         CASE WHEN i % 5 < 2 THEN t + interval '12 days' END, CASE WHEN i % 5 < 2 THEN 'resolved' END
  FROM unnest($1::text[]) AS k(code), generate_series(1, $2::int) AS i,
       -- spread evenly over the years, at a scattered hour of the day
       LATERAL (SELECT $3::timestamptz + (floor(((i - 1)::float8 / $2::int) * ($4::int - 86400)) + (i * 7919) % 86400) * interval '1 second' AS t) x`,
  [kabs, perKab, start, Math.floor(spanSeconds)],
);
await db.query(`INSERT INTO rpt_case (case_id, complaint_id, desa_code, state, due_at, opened_at, last_at)
  SELECT gen_random_uuid(), complaint_id, desa_code, CASE WHEN final_step IS NULL THEN 'awaiting-owner' ELSE 'resolved' END, registered_at + interval '14 days', registered_at, registered_at FROM rpt_complaint WHERE auto_triaged`);
await db.query(`INSERT INTO rpt_referral (complaint_id, owner_code, case_id, desa_code, sent_at, due_at, first_answer_at, outcome, outcome_at)
  SELECT c.complaint_id, 'kemensos-pkh', k.case_id, c.desa_code, c.referred_at, c.referred_at + interval '14 days', c.answered_at, CASE WHEN c.answered_at IS NOT NULL THEN 'resolved' END, c.answered_at
  FROM rpt_complaint c JOIN rpt_case k USING (complaint_id) WHERE c.referred_at IS NOT NULL`);
await db.query(`INSERT INTO rpt_message (message_id, complaint_id, desa_code, channel, step, recipient, outcome, outcome_at)
  SELECT gen_random_uuid(), complaint_id, desa_code, 'sms', 'received', 'subject', 'delivered', registered_at + interval '5 minutes' FROM rpt_complaint`);
await db.query(
  `INSERT INTO rpt_projection (durable, last_occurred_at, last_applied_at, events) VALUES ('bench', $1, now(), 1)`,
  [end],
);
await db.query(`ANALYZE`);
const counts = (
  await db.query(
    `SELECT (SELECT count(*) FROM rpt_complaint)::int AS complaints, (SELECT count(*) FROM rpt_case)::int AS cases, (SELECT count(*) FROM rpt_referral)::int AS referrals, (SELECT count(*) FROM rpt_message)::int AS messages`,
  )
).rows[0];
process.stdout.write(
  `read model: ${JSON.stringify(counts)} for ${KAB_KOTA} kab/kota × ${YEARS} years, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
);

const reporting = await startService('reporting', env);
const rpc = (await connectRpcClient({ url: nats.url, service: 'gateway', kabKotaCode: '62.71' })).client;
const kabMj = { kind: 'user', id: 'bench-mj', roles: ['MJ'], regionScope: ['62.71'] } as Actor;
const province = { kind: 'user', id: 'bench-sekretariat', roles: ['SEKRETARIAT'], regionScope: ['62'] } as Actor;

// The previous implementation (rows to the service, KPIs in JS), over a pool as the service had.
const pool = new pg.Pool({ connectionString: schema.url, options: `-c search_path=${schema.schema}`, max: 6 });
const poolManager = {
  query: async (sql: string, p?: unknown[]) => (await pool.query(sql, p)).rows,
} as unknown as EntityManager;
const repo = new ReadModelRepository();
async function jsKpis(req: Record<string, unknown>, regions: string[]) {
  const tz = 'Asia/Jakarta';
  const f = { from: monthStart(String(req.fromMonth), tz), to: monthStart(String(req.toMonth), tz, 1), regions };
  const [complaints, referrals, cases, messages, steps] = await Promise.all([
    repo.complaints(poolManager, f),
    repo.referralsOfComplaints(poolManager, f),
    repo.casesOfComplaints(poolManager, f),
    repo.messages(poolManager, regions, f.from, f.to),
    repo.prelistSteps(poolManager, regions),
  ]);
  const dim = req.groupBy as never;
  return {
    rows: aggregateKpis(dim, complaints, referrals, cases, { holidays: new Set(), timeZone: tz, now: new Date() }),
    citizensInformed: citizensInformed(dim, messages, tz),
    prelistPipeline: prelistPipeline(steps, f.from, f.to),
  };
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
async function timed(f: () => Promise<unknown>, calls = CALLS, warmUp = 3): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < warmUp; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 0.5), p99: pct(ms, 0.99) };
}
const monthStartSql = (m: string) => `'${m}-01T00:00:00+07:00'::timestamptz`;
const cases: Array<{ name: string; req: Record<string, unknown>; actor: Actor; sql: string }> = [
  {
    name: 'kab/kota, one month, by kecamatan',
    req: { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'kecamatan' },
    actor: kabMj,
    sql: `SELECT substr(desa_code, 1, 8), count(*) FROM rpt_complaint WHERE desa_code LIKE '62.71.%' AND registered_at >= ${monthStartSql('2026-10')} AND registered_at < ${monthStartSql('2026-11')} GROUP BY 1`,
  },
  {
    name: 'kab/kota, 12 months, by month',
    req: { fromMonth: '2025-11', toMonth: '2026-10', groupBy: 'month' },
    actor: kabMj,
    sql: `SELECT date_trunc('month', registered_at), count(*) FROM rpt_complaint WHERE desa_code LIKE '62.71.%' AND registered_at >= ${monthStartSql('2025-11')} AND registered_at < ${monthStartSql('2026-11')} GROUP BY 1`,
  },
  {
    name: 'province, one month, by kab/kota',
    req: { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'kab-kota' },
    actor: province,
    sql: `SELECT substr(desa_code, 1, 5), count(*) FROM rpt_complaint WHERE desa_code LIKE '62.%' AND registered_at >= ${monthStartSql('2026-10')} AND registered_at < ${monthStartSql('2026-11')} GROUP BY 1`,
  },
  {
    name: 'province, 12 months, by kab/kota',
    req: { fromMonth: '2025-11', toMonth: '2026-10', groupBy: 'kab-kota' },
    actor: province,
    sql: `SELECT substr(desa_code, 1, 5), count(*) FROM rpt_complaint WHERE desa_code LIKE '62.%' AND registered_at >= ${monthStartSql('2025-11')} AND registered_at < ${monthStartSql('2026-11')} GROUP BY 1`,
  },
];
process.stdout.write(
  `\nget-kpis over NATS (reporting process), ${CALLS} calls each after 3 warm-up; baseline: one SQL count of the same complaints\n`,
);
const results: Array<Record<string, unknown>> = [];
// BENCH_QUERIES=1,3 runs only those (1-based) of the four.
const picked = process.env.BENCH_QUERIES
  ? process.env.BENCH_QUERIES.split(',').map((n) => cases[Number(n) - 1]!)
  : cases;
for (const c of picked) {
  // What the dashboard shows: the complaints counted in the answer (so a query that read nothing cannot pass as fast).
  const answer = (await rpc.request('slrt.rpc.reporting.get-kpis.v1', c.req as never, {
    actor: c.actor,
    timeoutMs: 60_000,
  })) as { rows: Array<{ complaintsReceived: number }> };
  const received = answer.rows.reduce((n, r) => n + r.complaintsReceived, 0);
  const expected = (await db.query(c.sql)).rows.reduce((n: number, r: { count: string }) => n + Number(r.count), 0);
  if (received !== expected) throw new Error(`${c.name}: get-kpis counted ${received} complaints, SQL ${expected}`);
  const ours = await timed(() =>
    rpc.request('slrt.rpc.reporting.get-kpis.v1', c.req as never, { actor: c.actor, timeoutMs: 60_000 }),
  );
  const raw = await timed(() => db.query(c.sql));
  // The previous implementation must give the same rows (the bench has no holiday calendar: weekends
  // only; open cases' deadlines are judged at two slightly different moments, so `sla` is left out).
  const scope = c.actor.regionScope;
  const js = await jsKpis(c.req, scope);
  const sqlAnswer = answer as unknown as { rows: Array<Record<string, unknown>>; citizensInformed: unknown };
  // Plain data on both sides (the RPC client answers with the contract's class instances).
  const noSla = (rows: Array<Record<string, unknown>>) =>
    (JSON.parse(JSON.stringify(rows)) as Array<Record<string, unknown>>).map(({ sla: _sla, ...r }) => r);
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;
  if (
    !isDeepStrictEqual(noSla(js.rows as never), noSla(sqlAnswer.rows)) ||
    !isDeepStrictEqual(plain(js.citizensInformed), plain(sqlAnswer.citizensInformed))
  )
    throw new Error(`${c.name}: the SQL aggregation and the JS reference disagree`);
  const prev = await timed(() => jsKpis(c.req, scope), Math.min(CALLS, 5), 1);
  results.push({ name: c.name, complaints: received, ours, raw, previous: prev });
  process.stdout.write(
    `${c.name.padEnd(36)} ${String(received).padStart(7)} complaints  ours p50 ${ours.p50.toFixed(1).padStart(7)} ms  p99 ${ours.p99.toFixed(1).padStart(7)} ms   SQL count p50 ${raw.p50.toFixed(1).padStart(6)} ms  p99 ${raw.p99.toFixed(1).padStart(6)} ms   previous (rows + JS) p50 ${prev.p50.toFixed(0).padStart(6)} ms (${(prev.p50 / ours.p50).toFixed(1)}× ours)   goal p99 ≤ ${GOAL_MS} ms: ${ours.p99 <= GOAL_MS ? 'met' : 'NOT met'}\n`,
  );
}

// The monthly report of a large kab/kota: a month of its own (September 2026) with N complaints.
const hwm = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${reporting.process.pid}/status`, 'utf8'))![1]) / 1024;
const rss = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${reporting.process.pid}/status`, 'utf8'))![1]) / 1024;
const fillMonth = async (month: string, n: number) => {
  await db.query(
    `
    INSERT INTO rpt_complaint (complaint_id, desa_code, channel, category, programme_codes, registered_at, auto_triaged, triaged_at, referred_at, answered_at, closed_at, final_step)
    SELECT gen_random_uuid(), '62.71.0' || (1 + i % 5) || '.100' || (1 + i % 7), 'PUSKESOS_FO', 'non-kepesertaan', ARRAY['PKH'], t, true, t + interval '1 hour', t + interval '2 days', t + interval '5 days', t + interval '6 days', 'resolved'
    FROM generate_series(1, $1::int) AS i, LATERAL (SELECT ${monthStartSql(month)} + ((i * 7919) % (27 * 86400)) * interval '1 second' AS t) x`,
    [n],
  );
  await db.query(`INSERT INTO rpt_referral (complaint_id, owner_code, case_id, desa_code, sent_at, due_at, first_answer_at, outcome, outcome_at)
    SELECT complaint_id, 'kemensos-pkh', gen_random_uuid(), desa_code, referred_at, referred_at + interval '14 days', answered_at, 'resolved', answered_at FROM rpt_complaint
    WHERE registered_at >= ${monthStartSql(month)} AND registered_at < ${monthStartSql(month)} + interval '1 month' AND desa_code LIKE '62.71.%' AND referred_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rpt_referral r WHERE r.complaint_id = rpt_complaint.complaint_id)`);
};
const mj = { kind: 'user', id: 'bench-mj', roles: ['MJ'], regionScope: ['62.71'] } as Actor;
const report = async (month: string, format: 'xlsx' | 'pdf') => {
  const t = performance.now();
  const r = (await rpc.request(
    'slrt.rpc.reporting.get-monthly-report.v1',
    { month, kabKotaCode: '62.71', format } as never,
    { actor: mj, timeoutMs: 120_000 },
  )) as { byteLength: number };
  return { seconds: (performance.now() - t) / 1000, bytes: r.byteLength };
};
await fillMonth('2026-08', Math.round(REPORT_COMPLAINTS / 10));
await fillMonth('2026-09', REPORT_COMPLAINTS);
await db.query('ANALYZE');
const base = { rss: rss(), hwm: hwm() };
const small = { xlsx: await report('2026-08', 'xlsx'), pdf: await report('2026-08', 'pdf'), hwm: hwm() };
const large = { xlsx: await report('2026-09', 'xlsx'), pdf: await report('2026-09', 'pdf'), hwm: hwm() };
const monthRows = (
  await db.query(
    `SELECT count(*)::int AS n FROM rpt_complaint WHERE desa_code LIKE '62.71.%' AND registered_at >= ${monthStartSql('2026-09')} AND registered_at < ${monthStartSql('2026-10')}`,
  )
).rows[0].n;
process.stdout.write(
  `\nmonthly report of 62.71 (service idle RSS ${base.rss.toFixed(0)} MB, peak so far ${base.hwm.toFixed(0)} MB)\n`,
);
for (const [name, r] of [
  [`2026-08 (${Math.round(REPORT_COMPLAINTS / 10) + Math.round(perKab / (YEARS * 12))} complaints)`, small],
  [`2026-09 (${monthRows} complaints)`, large],
] as const) {
  process.stdout.write(
    `${name.padEnd(28)} XLSX ${r.xlsx.seconds.toFixed(2)} s (${(r.xlsx.bytes / 1024).toFixed(0)} KB)  PDF ${r.pdf.seconds.toFixed(2)} s (${(r.pdf.bytes / 1024).toFixed(0)} KB)  service peak RSS ${r.hwm.toFixed(0)} MB   goal ≤ ${REPORT_GOAL_S} s: ${Math.max(r.xlsx.seconds, r.pdf.seconds) <= REPORT_GOAL_S ? 'met' : 'NOT met'}\n`,
  );
}
process.stdout.write(
  `peak memory growth from the small to the large month: ${(large.hwm - small.hwm).toFixed(0)} MB for ${(REPORT_COMPLAINTS * 0.9).toFixed(0)} more complaints\n`,
);
process.stdout.write(
  `${JSON.stringify({ bench: 'reporting-queries', counts, queries: results, report: { small, large, base } })}\n`,
);

await reporting.stop();
await pool.end();
await db.end();
await nats.dispose();
if (process.env.BENCH_KEEP_SCHEMA) process.stdout.write(`kept schema ${schema.schema} (BENCH_KEEP_SCHEMA)\n`);
else await schema.drop();
process.exit(0);
