import { DataSource } from 'typeorm';
import { KPI_DIMENSIONS, type KpiDimension } from '@slrt/contracts';
import { createDataSourceOptions, runMigrations } from '@slrt/persistence';
import { createTestSchema, type TestSchema } from '@slrt/testing';
import { reportingMigrations } from '../src/database/migrations/index.js';
import { queryKpis } from '../src/kpis/kpi-queries.js';
import { aggregateKpis, citizensInformed, ownerBoardRows, prelistPipeline } from '../src/kpis/kpi-reference.js';
import { queryOwnerBoard } from '../src/kpis/owner-board-query.js';
import { ReadModelRepository, type ComplaintFilter } from '../src/kpis/read-model.repository.js';
import { workingDaySql } from '../src/kpis/working-day-sql.js';
import { monthStart, monthsBetween, workingDaysBetween } from '../src/kpis/working-time.js';
import { queryMonthFigures } from '../src/reports/report-queries.js';
import { monthlyReportTables } from '../src/reports/report-tables.js';
import { rollupFigures } from '../src/rollup/rollup-figures.js';
import { monthActivity, monthlyReportTablesFromRows } from './support/report-tables-reference.js';

const TZ = 'Asia/Jakarta';
const DAY = 86_400_000;

/** A small seeded PRNG (mulberry32): the same read model on every run. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}

/**
 * The KPIs aggregated in SQL (kpi-queries.ts, working days in SQL: working-day-sql.ts) against the JS
 * reference (kpi-reference.ts, `workingDaysBetween`) over a random read model: instants at local
 * midnight and around it, across weekends and holidays, durations of zero, negative and over the
 * 20-year bound, missing fields, every grouping and filter.
 */
describe('KPIs in SQL equal the JS reference', () => {
  let schema: TestSchema;
  let ds: DataSource;
  const r = rng(20261201);
  const holidays = new Set<string>();
  const complaintIds: string[] = [];

  const instant = () => {
    // Mostly local midnight ± a little (17:00 UTC in WIB), else anywhere in 2026.
    const day = Date.UTC(2026, 0, 1) + r.int(365) * DAY;
    if (r.chance(0.3)) return new Date(day - 7 * 3600_000 + r.pick([-1, 0, 1, -60_000, 1234]));
    return new Date(day + r.int(DAY));
  };
  const after = (a: Date) => {
    const k = r.next();
    if (k < 0.1) return null;
    if (k < 0.15) return new Date(a.getTime() - r.int(3 * DAY)); // earlier: 0
    if (k < 0.2) return new Date(a.getTime());
    if (k < 0.22) return new Date(a.getTime() + 7500 * DAY + r.int(DAY)); // over the 20-year bound
    if (k < 0.4) return new Date(Math.floor(a.getTime() / DAY) * DAY + r.int(3) * DAY - 7 * 3600_000); // local midnight
    return new Date(a.getTime() + r.int(40 * DAY));
  };

  beforeAll(async () => {
    schema = await createTestSchema('kpisql');
    const options = createDataSourceOptions({
      url: schema.url,
      schema: schema.schema,
      applicationName: 'reporting',
      migrations: reportingMigrations,
    });
    await runMigrations(options, 'up');
    ds = await new DataSource(options).initialize();
    for (let i = 0; i < 40; i++)
      holidays.add(new Date(Date.UTC(2026, 0, 1) + r.int(730) * DAY).toISOString().slice(0, 10));
    const desa = ['62.71.01.1001', '62.71.01.1002', '62.71.02.1001', '62.72.01.1001', '62.71'];
    const owners = ['kemensos-pkh', 'dinsos', 'bpjs'];
    for (let i = 0; i < 600; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      complaintIds.push(id);
      const reg = instant();
      const tri = after(reg);
      const ref = r.chance(0.6) ? after(reg) : null;
      const ans = ref ? after(ref) : null;
      await ds.query(
        `INSERT INTO rpt_complaint (complaint_id, desa_code, channel, category, programme_codes, registered_at, auto_triaged, triaged_at, referred_at, answered_at, closed_at, final_step)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          id,
          r.pick(desa),
          r.pick([null, 'PUSKESOS_FO', 'FASILITATOR_VISIT', 'SMS']),
          r.pick([null, 'kepesertaan', 'non-kepesertaan']),
          r.pick([[], ['PKH'], ['PKH', 'PBI-JK'], ['BPNT']]),
          reg,
          r.pick([null, true, false]),
          tri,
          ref,
          ans,
          after(reg),
          r.pick([null, 'resolved', 'rejected']),
        ],
      );
      for (const owner of owners.filter(() => r.chance(0.35)))
        await ds.query(
          `INSERT INTO rpt_referral (complaint_id, owner_code, case_id, desa_code, sent_at, first_answer_at, outcome, reason_code, due_at, closed_at) VALUES ($1, $2, gen_random_uuid(), $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            owner,
            r.pick(desa),
            reg,
            after(reg),
            r.pick([null, 'accepted', 'rejected', 'review-requested', 'resolved']),
            r.pick([null, 'NOT_ELIGIBLE', 'DUPLICATE']),
            r.chance(0.8) ? instant() : null,
            r.chance(0.3) ? instant() : null,
          ],
        );
      for (let k = r.int(3); k > 0; k--) {
        const due = r.chance(0.8) ? instant() : null;
        const caseId = (await ds.query(
          `INSERT INTO rpt_case (case_id, complaint_id, desa_code, state, due_at, resolved_locally_at, last_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now()) RETURNING case_id`,
          [
            id,
            r.pick(desa),
            r.pick(['awaiting-owner', 'referred', 'resolved', 'withdrawn']),
            due,
            r.chance(0.2) ? reg : null,
          ],
        )) as Array<{ case_id: string }>;
        if (due && r.chance(0.5))
          await ds.query(
            `INSERT INTO rpt_case_escalation (case_id, state, due_at, level) SELECT case_id, state, due_at, $2 FROM rpt_case WHERE case_id = $1`,
            [caseId[0]!.case_id, r.pick(['at-risk', 'breached'])],
          );
      }
      await ds.query(
        `INSERT INTO rpt_message (message_id, complaint_id, desa_code, channel, step, recipient, outcome, outcome_at) VALUES (gen_random_uuid(), $1, $2, $3, 'received', 'subject', $4, $5)`,
        [
          id,
          r.pick(desa),
          r.pick(['sms', 'whatsapp', 'email', 'letter', 'fs-visit']),
          r.pick(['delivered', 'failed', 'undeliverable']),
          instant(),
        ],
      );
      if (r.chance(0.1))
        await ds.query(
          `INSERT INTO rpt_outcome_verification (verification_id, complaint_id, owner_code, desa_code, outcome, resolved_at, completed_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $5)`,
          [id, r.pick([...owners, 'baznas']), r.pick(desa), r.pick(['verified', 'disputed', 'unverified']), instant()],
        );
      if (r.chance(0.2)) {
        const pid = `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        await ds.query(
          `INSERT INTO rpt_proposal (proposal_id, kind, desa_code, status, changed_at) VALUES ($1, $2, $3, $4, now())`,
          [
            pid,
            r.pick(['prelist', 'prelist', 'ppks']),
            r.pick(desa),
            r.pick(['draft', 'verified', 'declined', 'accepted']),
          ],
        );
        for (const s of ['draft', 'deliberated', 'verified', 'declined', 'withdrawn'].filter(() => r.chance(0.5)))
          await ds.query(`INSERT INTO rpt_proposal_step (proposal_id, status, at) VALUES ($1, $2, $3)`, [
            pid,
            s,
            instant(),
          ]);
      }
    }
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await schema?.drop();
  });

  it('counts every duration exactly as workingDaysBetween', async () => {
    const wd = workingDaySql(holidays, TZ);
    const cols = ['registered_at', 'triaged_at', 'referred_at', 'answered_at', 'closed_at'];
    const rows = (await ds.query(
      `SELECT x.*, ${wd.days('registered_at', 'closed_at')} AS close_days, ${wd.days('referred_at', 'answered_at')} AS answer_days
         FROM (SELECT c.*, ${cols.map((t) => wd.instant(`c.${t}`, t)).join(', ')} FROM rpt_complaint c) x`,
    )) as Array<Record<string, Date | number | null>>;
    expect(rows).toHaveLength(600);
    const js = (a: Date | null, b: Date | null) => (a && b ? workingDaysBetween(a, b, holidays, TZ) : null);
    const mismatches = rows.filter(
      (x) =>
        x.close_days !== js(x.registered_at as Date, x.closed_at as Date | null) ||
        x.answer_days !== js(x.referred_at as Date | null, x.answered_at as Date | null),
    );
    expect(mismatches).toEqual([]);
    // Not all trivial: weekends, holidays and the bound are in there.
    expect(rows.filter((x) => typeof x.close_days === 'number' && x.close_days > 5000).length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => x.close_days)).size).toBeGreaterThan(100);
  });

  it('answers every grouping and filter as the JS reference', async () => {
    const repo = new ReadModelRepository();
    const now = new Date('2026-07-01T05:00:00.000Z');
    const base: ComplaintFilter = {
      from: new Date('2026-01-31T17:00:00.000Z'),
      to: new Date('2026-10-31T17:00:00.000Z'),
      regions: ['62.71'],
    };
    const filters: ComplaintFilter[] = [
      base,
      { ...base, regions: ['62.71.01', '62.72'] },
      { ...base, channel: 'FASILITATOR_VISIT' },
      { ...base, category: 'kepesertaan' },
      { ...base, programmeCode: 'PKH' },
      { ...base, ownerCode: 'dinsos' },
      { ...base, regions: ['62.73'] },
    ];
    let compared = 0;
    for (const filter of filters)
      for (const dimension of KPI_DIMENSIONS as readonly KpiDimension[]) {
        const m = ds.manager;
        const sql = await queryKpis(m, { dimension, filter, timeZone: TZ, holidays, now });
        const [complaints, referrals, cases, messages, steps] = await Promise.all([
          repo.complaints(m, filter),
          repo.referralsOfComplaints(m, filter),
          repo.casesOfComplaints(m, filter),
          repo.messages(m, filter.regions, filter.from, filter.to),
          repo.prelistSteps(m, filter.regions),
        ]);
        const label = `${dimension} ${JSON.stringify(filter)}`;
        expect({ label, rows: sql.rows }).toEqual({
          label,
          rows: aggregateKpis(dimension, complaints, referrals, cases, { holidays, timeZone: TZ, now }),
        });
        expect(sql.citizensInformed).toEqual(citizensInformed(dimension, messages, TZ));
        expect(sql.prelistPipeline).toEqual(prelistPipeline(steps, filter.from, filter.to));
        compared += sql.rows.length;
      }
    expect(compared).toBeGreaterThan(150);
  });

  it('makes the monthly report tables (and the roll-up read off them) as the JS reference from the month rows', async () => {
    let rows = 0;
    for (const kab of ['62.71', '62.72'])
      for (const month of ['2026-02', '2026-06', '2026-11']) {
        const from = monthStart(month, TZ);
        const to = monthStart(month, TZ, 1);
        const asOf = new Date('2026-07-01T05:00:00.000Z');
        const figures = await queryMonthFigures(ds.manager, kab, from, to, { holidays, timeZone: TZ, asOf });
        const data = await monthActivity(ds.manager, kab, from, to);
        const reference = monthlyReportTablesFromRows(kab, from, to, data, { holidays, timeZone: TZ, asOf });
        expect({ kab, month, tables: monthlyReportTables(kab, figures) }).toEqual({ kab, month, tables: reference });
        // Without holidays and durations (the roll-up): the same counts.
        const counts = await queryMonthFigures(ds.manager, kab, from, to, { holidays: null, timeZone: TZ, asOf });
        expect(rollupFigures(kab, counts)).toEqual(rollupFigures(kab, figures));
        rows += reference.reduce((n, t) => n + t.rows.length, 0);
      }
    expect(rows).toBeGreaterThan(50);
  });

  it('builds the owner board as the JS reference', async () => {
    const repo = new ReadModelRepository();
    const now = new Date('2026-07-01T05:00:00.000Z');
    let compared = 0;
    for (const [fromMonth, toMonth] of [
      ['2026-02', '2026-04'],
      ['2026-06', '2026-06'],
    ] as const)
      for (const [regions, ownerCode] of [
        [['62.71'], undefined],
        [['62.71.01', '62.72'], 'dinsos'],
        [null, 'kemensos-pkh'],
        [null, 'baznas'],
      ] as const) {
        const from = monthStart(fromMonth, TZ);
        const to = monthStart(toMonth, TZ, 1);
        const months = monthsBetween(fromMonth, toMonth);
        const scope = regions ? [...regions] : null;
        const [referrals, outcomes] = await Promise.all([
          repo.referralsForBoard(ds.manager, scope, from, to, ownerCode),
          repo.outcomesForBoard(ds.manager, scope, from, to, ownerCode),
        ]);
        const sql = await queryOwnerBoard(ds.manager, {
          regions: scope,
          from,
          to,
          months,
          ownerCode,
          timeZone: TZ,
          holidays,
          now,
        });
        expect(sql).toEqual(ownerBoardRows(referrals, outcomes, { from, to, months, holidays, timeZone: TZ, now }));
        compared += sql.length;
      }
    expect(compared).toBeGreaterThan(6);
  });
});
