/* eslint-disable max-lines -- integration spec of reporting: read model from events, KPIs, owner board, monthly report: its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, EventPayload } from '@slrt/contracts';
import { Metrics } from '@slrt/observability';
import { MonthlyReportTask } from '../src/reports/monthly-report.task.js';
import { ReportsService } from '../src/reports/reports.service.js';
import { CalendarDoubleModule, asked } from './support/calendar-double.js';
import { complaintEvents } from './support/complaint-events.js';
import { startReportingStack, type ReportingStack } from './support/reporting-stack.js';

const user = (roles: Actor['roles'], scope: string[], id: string, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const mj = user(['MJ'], ['62.71'], 'mj');
const spv = user(['SPV'], ['62.71.01'], 'spv-01');
const fo = user(['FO'], ['62.71.01.1001'], 'fo-1001');
const poPkh = user(['PO'], [], 'po-pkh', 'kemensos-pkh');
const DESA_A = '62.71.01.1001';
const DESA_A2 = '62.71.01.1002';
const DESA_B = '62.71.02.1002';
const OTHER_KAB = '62.72.01.2001';

describe('reporting: read model from events, KPIs, owner board, monthly report', () => {
  let stack: ReportingStack;
  let reporting: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let referral: NestFastifyApplication;
  let db: pg.Client;

  const call: ReportingStack['call'] = (s, d, a) => stack.call(s, d, a);
  const fail: ReportingStack['fail'] = (s, d, a) => stack.fail(s, d, a);
  const publish: ReportingStack['publish'] = (from, s, d) => stack.publish(from, s, d);
  const applied = () => stack.applied();
  const caughtUp = () => stack.caughtUp();

  let seq = 100;
  const receipt = () => `6271-2610-000${seq++}`;
  /** One complaint's life as intake and referral publish it. */
  async function complaint(o: {
    desa: string;
    at: string;
    channel?: string;
    category?: 'kepesertaan' | 'non-kepesertaan';
    programmes?: string[];
    check?: 'pending' | 'in-registry' | 'no-identity';
    triagedAt?: string;
  }) {
    const complaintId = uuidv7();
    const caseId = uuidv7();
    const receiptNumber = receipt();
    const base = { complaintId, receiptNumber, desaCode: o.desa };
    await publish(intake, 'slrt.evt.intake.complaint.registered.v1', {
      ...base,
      channel: o.channel ?? 'PUSKESOS_FO',
      category: o.category ?? 'non-kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: o.programmes ?? ['PKH'],
      recordedAt: o.at,
      registryCheck: o.check ?? 'in-registry',
      subjectHasNik: true,
      possibleDuplicateOf: null,
    } as EventPayload<'slrt.evt.intake.complaint.registered.v1'>);
    const { step, move } = complaintEvents(publish, { intake, referral }, { ...base, caseId });
    const triagedAt = o.triagedAt ?? o.at;
    await publish(intake, 'slrt.evt.intake.complaint.registry-checked.v1', {
      ...base,
      category: o.category ?? 'non-kepesertaan',
      programmeCodes: o.programmes ?? ['PKH'],
      outcome: 'in-registry',
      nextStep: 'review',
      desil: 1,
      dataPeriod: '2026-09',
      checkedAt: triagedAt,
    });
    await step('registry-checked', triagedAt);
    await publish(referral, 'slrt.evt.referral.case.opened.v1', {
      caseId,
      complaintId,
      receiptNumber,
      desaCode: o.desa,
      category: o.category ?? 'non-kepesertaan',
      programmeCodes: o.programmes ?? ['PKH'],
      state: 'awaiting-supervisor',
      dueAt: '2027-01-10T02:00:00.000Z',
      openedAt: triagedAt,
    });
    return { complaintId, caseId, step, move };
  }

  beforeAll(async () => {
    stack = await startReportingStack('rptkpi', { doubles: { intake: [], referral: [CalendarDoubleModule] } });
    ({ reporting, db } = stack);
    intake = stack.doubles.intake!;
    referral = stack.doubles.referral!;

    // October 2026 (Wednesday 7 October is a holiday in the calendar; times are 09:00 WIB).
    // c1: FO, PKH, checked at once; referred Wed 7, owner accepts Fri 9 and resolves Mon 12.
    const c1 = await complaint({ desa: DESA_A, at: '2026-10-05T02:00:00.000Z' });
    await c1.move('forward', 'awaiting-supervisor', 'awaiting-manager', '2026-10-06T02:00:00.000Z', {
      dueAt: '2026-10-09T02:00:00.000Z',
    });
    await c1.move('approve', 'awaiting-manager', 'approved', '2026-10-06T03:00:00.000Z', {
      dueAt: '2026-10-09T02:00:00.000Z',
    });
    await c1.move('send', 'approved', 'referred', '2026-10-07T02:00:00.000Z', {
      ownerCodes: ['kemensos-pkh'],
      dueAt: '2026-10-27T02:00:00.000Z',
    });
    await c1.step('referred', '2026-10-07T02:00:00.000Z', { ownerCode: 'kemensos-pkh' });
    await c1.move('owner-accept', 'referred', 'owner-accepted', '2026-10-09T02:00:00.000Z', {
      ownerCodes: ['kemensos-pkh'],
      actorRole: 'PO',
      dueAt: '2026-10-29T02:00:00.000Z',
    });
    await c1.step('answered', '2026-10-09T02:00:00.000Z', { ownerCode: 'kemensos-pkh' });
    await c1.move('owner-resolve', 'owner-accepted', 'resolved', '2026-10-12T02:00:00.000Z', {
      ownerCodes: ['kemensos-pkh'],
      actorRole: 'PO',
    });
    await c1.step('resolved', '2026-10-12T02:00:00.000Z', { ownerCode: 'kemensos-pkh' });
    // c2: FS visit, kepesertaan, registry answered later (Thu 8); referred to dinsos Tue 13, rejected Thu 15.
    const c2 = await complaint({
      desa: DESA_B,
      at: '2026-10-06T02:00:00.000Z',
      channel: 'FASILITATOR_VISIT',
      category: 'kepesertaan',
      programmes: ['PBI-JK'],
      check: 'pending',
      triagedAt: '2026-10-08T02:00:00.000Z',
    });
    await c2.move('send', 'approved', 'referred', '2026-10-13T02:00:00.000Z', {
      ownerCodes: ['dinsos'],
      dueAt: '2026-10-27T02:00:00.000Z',
    });
    await c2.step('referred', '2026-10-13T02:00:00.000Z', { ownerCode: 'dinsos' });
    await c2.move('owner-reject', 'referred', 'rejected-by-owner', '2026-10-15T02:00:00.000Z', {
      ownerCodes: ['dinsos'],
      actorRole: 'PO',
      reasonCode: 'NOT_ELIGIBLE',
    });
    await c2.step('answered', '2026-10-15T02:00:00.000Z', { ownerCode: 'dinsos' });
    await c2.step('rejected', '2026-10-15T02:00:00.000Z', { ownerCode: 'dinsos', reasonCode: 'NOT_ELIGIBLE' });
    // c3: referred to PKH Thu 22, never answered: overdue since 5 November (deadline breached).
    const c3 = await complaint({ desa: DESA_A2, at: '2026-10-20T02:00:00.000Z' });
    await c3.move('send', 'approved', 'referred', '2026-10-22T02:00:00.000Z', {
      ownerCodes: ['kemensos-pkh'],
      dueAt: '2026-11-05T02:00:00.000Z',
    });
    await c3.step('referred', '2026-10-22T02:00:00.000Z', { ownerCode: 'kemensos-pkh' });
    // c4: no NIK (checked at once), resolved by the Puskesos itself Fri 23.
    const c4 = await complaint({ desa: DESA_B, at: '2026-10-21T02:00:00.000Z', check: 'no-identity' });
    await c4.move('resolve-locally', 'awaiting-supervisor', 'resolved', '2026-10-23T02:00:00.000Z');
    await c4.step('resolved', '2026-10-23T02:00:00.000Z');
    // November: one case at risk, one on track; and a complaint of another kab/kota.
    const c5 = await complaint({ desa: DESA_A, at: '2026-11-03T02:00:00.000Z' });
    await publish(referral, 'slrt.evt.referral.case.deadline-escalated.v1', {
      caseId: c5.caseId,
      receiptNumber: '6271-2611-000001',
      desaCode: DESA_A,
      state: 'awaiting-supervisor',
      level: 'at-risk',
      notify: 'SPV',
      dueAt: '2027-01-10T02:00:00.000Z',
      at: '2026-11-04T02:00:00.000Z',
    });
    await complaint({ desa: DESA_A, at: '2026-11-04T02:00:00.000Z' });
    await complaint({ desa: OTHER_KAB, at: '2026-10-05T02:00:00.000Z' });
    await caughtUp();
  }, 120_000);

  afterAll(() => stack?.close());

  it('answers the KPIs of a month from the events, in working days of the holiday calendar', async () => {
    const k = await call(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'none' },
      mj,
    );
    expect(k.workingDays).toBe('holiday-calendar');
    expect(asked).toContain('system:reporting');
    expect(k.rows).toEqual([
      {
        key: 'all',
        complaintsReceived: 4,
        autoTriaged: 3,
        autoTriagedShare: 0.75,
        // 0, 0, 0 and Tue 09:00 → Thu 09:00 over the Wednesday holiday = 1.
        triageDays: { count: 4, median: 0, p90: 0.7 },
        // c1 Mon → Wed (holiday) = 1.625, c3 Tue → Thu = 2, c2 Tue → next Tue over the holiday and a weekend = 4.
        referralDays: { count: 3, median: 2, p90: 3.6 },
        // c1 Wed (holiday) → Fri = 1.375, c2 Tue → Thu = 2.
        ownerAnswerDays: { count: 2, median: 1.7, p90: 1.9 },
        // c4 2, c1 4, c2 6.
        closeDays: { count: 3, median: 4, p90: 5.6 },
        sla: { onTrack: 0, atRisk: 0, breached: 1 },
        referrals: { sent: 3, awaiting: 1, accepted: 0, rejected: 1, reviewRequested: 0, resolved: 1 },
        rejectionReasons: [{ reasonCode: 'NOT_ELIGIBLE', count: 1 }],
        resolvedLocally: 1,
      },
    ]);
    expect(k.freshness.dataUpTo).not.toBeNull();
    expect(Date.parse(k.freshness.dataUpTo!)).toBeGreaterThan(Date.now() - 120_000);
    expect(k.freshness.lagSeconds).toBeGreaterThanOrEqual(0);

    const nov = await call(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-11', toMonth: '2026-11', groupBy: 'none' },
      mj,
    );
    expect(nov.rows[0]).toMatchObject({ complaintsReceived: 2, sla: { onTrack: 1, atRisk: 1, breached: 0 } });

    // The same figures as Prometheus business metrics, beside how late events reach the read model.
    const metrics = (await reporting.get(Metrics).render()).body;
    expect(metrics).toMatch(/slrt_reporting_open_cases\{[^}]*deadline="breached"[^}]*\} 1\n/);
    expect(metrics).toMatch(/slrt_reporting_open_cases\{[^}]*deadline="at-risk"[^}]*\} 1\n/);
    expect(metrics).toMatch(/slrt_reporting_complaints\{[^}]*\} 7\n/);
    expect(metrics).toMatch(
      /slrt_reporting_event_delay_seconds_count\{[^}]*durable="reporting-complaint-registered"[^}]*\} 7\n/,
    );
  });

  it('groups by kecamatan, channel, programme, owner and month', async () => {
    const by = async (groupBy: string, extra: Record<string, unknown> = {}) =>
      Object.fromEntries(
        (
          await call(
            'slrt.rpc.reporting.get-kpis.v1',
            { fromMonth: '2026-10', toMonth: '2026-11', groupBy, ...extra },
            mj,
          )
        ).rows.map((r) => [r.key, r.complaintsReceived]),
      );
    expect(await by('kecamatan')).toEqual({ '62.71.01': 4, '62.71.02': 2 });
    expect(await by('channel-group')).toEqual({ FO: 5, FS: 1 });
    expect(await by('programme')).toEqual({ PKH: 5, 'PBI-JK': 1 });
    expect(await by('owner')).toEqual({ dinsos: 1, 'kemensos-pkh': 2 });
    expect(await by('month')).toEqual({ '2026-10': 4, '2026-11': 2 });
    expect(await by('desa', { category: 'kepesertaan' })).toEqual({ [DESA_B]: 1 });
    const owner = await call(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'owner' },
      mj,
    );
    expect(owner.rows.find((r) => r.key === 'kemensos-pkh')!.referrals).toEqual({
      sent: 2,
      awaiting: 1,
      accepted: 0,
      rejected: 0,
      reviewRequested: 0,
      resolved: 1,
    });
  });

  it('limits every answer to the caller region scope and refuses regions outside it', async () => {
    const k = await call(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'desa' },
      spv,
    );
    expect(k.rows.map((r) => [r.key, r.complaintsReceived])).toEqual([
      [DESA_A, 1],
      [DESA_A2, 1],
    ]);
    // A wider region is narrowed to the scope; one outside it is refused.
    expect(
      (
        await call(
          'slrt.rpc.reporting.get-kpis.v1',
          { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'none', regionCode: '62.71' },
          spv,
        )
      ).rows[0]!.complaintsReceived,
    ).toBe(2);
    expect(
      await fail(
        'slrt.rpc.reporting.get-kpis.v1',
        { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'none', regionCode: '62.71.02' },
        spv,
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' });
    expect(
      (await call('slrt.rpc.reporting.get-kpis.v1', { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'none' }, fo))
        .rows[0]!.complaintsReceived,
    ).toBe(1);
    expect(
      await fail(
        'slrt.rpc.reporting.get-kpis.v1',
        { fromMonth: '2026-10', toMonth: '2026-10', groupBy: 'none' },
        poPkh,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await fail('slrt.rpc.reporting.get-kpis.v1', { fromMonth: '2026-11', toMonth: '2026-10', groupBy: 'none' }, mj),
    ).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'toMonth' }] });
    const bad = await fail(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-13', toMonth: '2026-10', groupBy: 'kota' },
      mj,
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.fieldErrors)).toContain('Bulan berformat TTTT-BB');
  });

  it('builds the owner SLA board; a programme owner sees only its own line', async () => {
    const b = await call('slrt.rpc.reporting.get-owner-board.v1', { fromMonth: '2026-10', toMonth: '2026-10' }, mj);
    expect(b.rows).toEqual([
      {
        ownerCode: 'dinsos',
        sent: 1,
        openReferrals: 0,
        overdue: 0,
        responseDays: { count: 1, median: 2, p90: 2 },
        acceptanceRate: 0,
        rejectionReasons: [{ reasonCode: 'NOT_ELIGIBLE', count: 1 }],
        trend: [{ month: '2026-10', sent: 1, answered: 1, accepted: 0, rejected: 1, medianResponseDays: 2 }],
        outcomes: { verified: 0, disputed: 0, unverified: 0, verifiedRate: null },
      },
      {
        ownerCode: 'kemensos-pkh',
        sent: 2,
        openReferrals: 1,
        overdue: 1,
        responseDays: { count: 1, median: 1.4, p90: 1.4 },
        acceptanceRate: 1,
        rejectionReasons: [],
        trend: [{ month: '2026-10', sent: 2, answered: 1, accepted: 1, rejected: 0, medianResponseDays: 1.4 }],
        outcomes: { verified: 0, disputed: 0, unverified: 0, verifiedRate: null },
      },
    ]);
    const po = await call('slrt.rpc.reporting.get-owner-board.v1', { fromMonth: '2026-10', toMonth: '2026-10' }, poPkh);
    expect(po.rows.map((r) => r.ownerCode)).toEqual(['kemensos-pkh']);
    expect(
      await fail(
        'slrt.rpc.reporting.get-owner-board.v1',
        { fromMonth: '2026-10', toMonth: '2026-10', ownerCode: 'dinsos' },
        poPkh,
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'OTHER_OWNER' });
  });

  it('applies each event once across a restart: one inbox row per event, nothing doubled', async () => {
    const before = await call(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-10', toMonth: '2026-11', groupBy: 'none' },
      mj,
    );
    const inbox = Number((await db.query(`SELECT count(*)::int AS n FROM inbox`)).rows[0].n);
    expect(inbox).toBe(stack.published);
    await reporting.close();
    reporting = await stack.restartReporting();
    const extra = await complaint({ desa: DESA_B, at: '2026-11-05T02:00:00.000Z', channel: 'FASILITATOR_VISIT' });
    await caughtUp();
    const after = await call(
      'slrt.rpc.reporting.get-kpis.v1',
      { fromMonth: '2026-10', toMonth: '2026-11', groupBy: 'none' },
      mj,
    );
    expect(after.rows[0]!.complaintsReceived).toBe(before.rows[0]!.complaintsReceived + 1);
    expect(
      Number(
        (await db.query(`SELECT count(*)::int AS n FROM rpt_complaint WHERE complaint_id = $1`, [extra.complaintId]))
          .rows[0].n,
      ),
    ).toBe(1);
    expect(await applied()).toBe(stack.published);
  });

  it('rebuilds: replays the streams into a fresh read model equal to the live one and swaps it in', async () => {
    const tables = {
      rpt_complaint: 'complaint_id',
      rpt_case: 'case_id',
      rpt_case_escalation: 'case_id, state, due_at',
      rpt_referral: 'complaint_id, owner_code',
      rpt_proposal: 'proposal_id',
    };
    const dump = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(tables).map(async ([t, key]) => [
            t,
            (await db.query(`SELECT * FROM ${t} ORDER BY ${key}`)).rows,
          ]),
        ),
      ) as Record<string, unknown[]>;
    const kpis = () =>
      call('slrt.rpc.reporting.get-kpis.v1', { fromMonth: '2026-10', toMonth: '2026-11', groupBy: 'kecamatan' }, mj);
    const live = await dump();
    const before = await kpis();
    expect(live.rpt_complaint!.length).toBeGreaterThan(5);
    // Damage the live model (as a faulty release might): the rebuild must restore it from the streams alone.
    await db.query(`DELETE FROM rpt_complaint WHERE desa_code = $1`, [DESA_B]);
    await db.query(`UPDATE rpt_referral SET outcome = NULL`);
    expect((await kpis()).rows).not.toEqual(before.rows);
    const r = await stack.rebuild();
    expect(r.applied.SLRT_INTAKE! + r.applied.SLRT_REFERRAL! + r.applied.SLRT_REGISTRY!).toBe(stack.published);
    expect(await dump()).toEqual(live);
    expect((await kpis()).rows).toEqual(before.rows);
    expect(await applied()).toBe(stack.published);
    // The live consumers go on writing into the swapped-in tables.
    const next = await complaint({ desa: DESA_B, at: '2026-11-06T02:00:00.000Z' });
    await caughtUp();
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM rpt_complaint WHERE complaint_id = $1`, [next.complaintId]))
        .rows[0].n,
    ).toBe(1);
    expect(
      (
        await db.query(
          `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'rb\\_%'`,
        )
      ).rows,
    ).toEqual([]);
  });

  it('makes the monthly report: XLSX sheets whose totals agree, a PDF, the same bytes on every download', async () => {
    const x1 = await call(
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: '2026-10', kabKotaCode: '62.71', format: 'xlsx' },
      mj,
    );
    expect(x1.fileName).toBe('laporan-slrt-6271-2026-10.xlsx');
    const bytes = Buffer.from(x1.contentBase64, 'base64');
    expect(bytes.length).toBe(x1.byteLength);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Ringkasan',
      'Per Desa',
      'Pemilik Program',
      'Alasan Penolakan',
      'Waktu Layanan',
      'Tenggat',
      'Warga Diinformasikan',
    ]);
    /** The table of a sheet: header row 6, data below, the last row `Jumlah`. */
    const table = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(6).values as unknown[]).slice(1) as string[];
      const rows: unknown[][] = [];
      for (let i = 7; i <= ws.rowCount; i++) rows.push((ws.getRow(i).values as unknown[]).slice(1));
      const col = (h: string) => header.indexOf(h);
      return { header, rows, col, body: rows.slice(0, -1), total: rows.at(-1)! };
    };
    const sum = (rows: unknown[][], i: number) => rows.reduce((s: number, r) => s + (r[i] as number), 0);
    const ringkasan = table('Ringkasan');
    const recv = ringkasan.col('Pengaduan diterima');
    expect(ringkasan.total[1]).toBe('Jumlah');
    // Numbers are numbers, and the total row is the sum of the kecamatan.
    expect(typeof ringkasan.total[recv]).toBe('number');
    expect(ringkasan.total[recv]).toBe(4);
    expect(sum(ringkasan.body, recv)).toBe(4);
    expect(ringkasan.body.find((r) => r[0] === '62.71.01')![recv]).toBe(2);
    expect(
      (ringkasan.total[ringkasan.col('Kanal FO')] as number) + (ringkasan.total[ringkasan.col('Kanal FS')] as number),
    ).toBe(4);
    expect(ringkasan.total[ringkasan.col('Diselesaikan di Puskesos')]).toBe(1);
    const desa = table('Per Desa');
    expect(sum(desa.body, desa.col('Pengaduan diterima'))).toBe(ringkasan.total[recv]);
    expect(desa.total[desa.col('Rujukan dikirim')]).toBe(ringkasan.total[ringkasan.col('Rujukan dikirim')]);
    const owners = table('Pemilik Program');
    expect(owners.total[owners.col('Rujukan dikirim')]).toBe(3);
    expect(owners.total[owners.col('Rujukan dikirim')]).toBe(ringkasan.total[ringkasan.col('Rujukan dikirim')]);
    expect(owners.total[owners.col('Tanggapan')]).toBe(ringkasan.total[ringkasan.col('Tanggapan pemilik program')]);
    const reasons = table('Alasan Penolakan');
    expect(reasons.total[reasons.col('Jumlah')]).toBe(owners.total[owners.col('Ditolak')]);
    expect(reasons.body).toEqual([['dinsos', 'NOT_ELIGIBLE', 'Tidak memenuhi syarat', 1]]);
    const times = table('Waktu Layanan');
    expect(times.total.slice(2)).toEqual([4, 0, 0.7, 2, 3.6, 1.7, 1.9, 4, 5.6]);
    const sla = table('Tenggat');
    expect(sla.total[sla.col('Lewat tenggat')]).toBe(1);

    // Events arriving later do not change a report already made: a re-download is the same bytes.
    await complaint({ desa: DESA_A, at: '2026-10-30T02:00:00.000Z' });
    await caughtUp();
    const x2 = await call(
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: '2026-10', kabKotaCode: '62.71', format: 'xlsx' },
      mj,
    );
    expect(x2.contentBase64).toBe(x1.contentBase64);
    expect(x2.generatedAt).toBe(x1.generatedAt);

    // Generation itself is deterministic: the same data and moment give the same bytes (no clock in the file).
    const reports = reporting.get(ReportsService);
    const at = new Date('2026-12-01T01:00:00.000Z');
    const g1 = await reports.generate('62.71', '2026-10', 'xlsx', at);
    await new Promise((r) => setTimeout(r, 2100));
    const g2 = await reports.generate('62.71', '2026-10', 'xlsx', at);
    expect(g2.content.equals(g1.content)).toBe(true);
    const p1 = await reports.generate('62.71', '2026-10', 'pdf', at);
    const p2 = await reports.generate('62.71', '2026-10', 'pdf', at);
    expect(p1.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(p2.content.equals(p1.content)).toBe(true);

    const pdf = await call(
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: '2026-10', kabKotaCode: '62.71', format: 'pdf' },
      mj,
    );
    expect(pdf.contentType).toBe('application/pdf');
    const again = await call(
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: '2026-10', kabKotaCode: '62.71', format: 'pdf' },
      mj,
    );
    expect(again.contentBase64).toBe(pdf.contentBase64);

    expect(
      await fail(
        'slrt.rpc.reporting.get-monthly-report.v1',
        { month: '2026-10', kabKotaCode: '62.71', format: 'xlsx' },
        spv,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await fail(
        'slrt.rpc.reporting.get-monthly-report.v1',
        { month: '2026-10', kabKotaCode: '62.72', format: 'xlsx' },
        user(['ADMIN'], ['62'], 'adm-prov'),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await fail(
        'slrt.rpc.reporting.get-monthly-report.v1',
        { month: '2099-01', kabKotaCode: '62.71', format: 'xlsx' },
        mj,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'month' }] });
  });

  it('makes the previous month reports on the first working day of a month, once', async () => {
    const task = reporting.get(MonthlyReportTask);
    // Sunday 1 November 2026: not a working day yet.
    expect(await task.runOnce(new Date('2026-11-01T03:00:00.000Z'))).toEqual([]);
    // Monday 2 November: October's XLSX is kept already (downloaded above), its PDF too; September is made.
    expect(await task.runOnce(new Date('2026-11-02T03:00:00.000Z'))).toEqual([]);
    expect(await task.runOnce(new Date('2026-10-01T03:00:00.000Z'))).toEqual(['2026-09.xlsx', '2026-09.pdf']);
    expect(await task.runOnce(new Date('2026-10-01T04:00:00.000Z'))).toEqual([]);
  });

  it('counts a Puskesos referral to a desa service and a referral passed up a level as referrals; the forwarding owner\u2019s part ends then (issue #19)', async () => {
    const desa = await complaint({ desa: DESA_A, at: '2026-11-02T02:00:00.000Z' });
    await desa.move('refer-desa', 'awaiting-supervisor', 'referred', '2026-11-02T03:00:00.000Z', {
      actorRole: 'BO',
      ownerCodes: ['pkk-kel-1001'],
      dueAt: '2026-11-05T09:00:00.000Z',
    });
    const up = await complaint({ desa: DESA_A, at: '2026-11-03T02:00:00.000Z' });
    await up.move('send', 'approved', 'referred', '2026-11-03T03:00:00.000Z', {
      actorRole: 'BO',
      ownerCodes: ['dinsos'],
      dueAt: '2026-11-17T09:00:00.000Z',
    });
    await up.move('owner-forward', 'referred', 'referred', '2026-11-04T03:00:00.000Z', {
      actorRole: 'PO',
      ownerCodes: ['kemensos-pkh'],
      forwardedFrom: 'dinsos',
      dueAt: '2026-11-18T09:00:00.000Z',
    });
    await caughtUp();
    const rows = async (complaintId: string) =>
      (
        await db.query(
          `SELECT owner_code, sent_at, first_answer_at, closed_at FROM rpt_referral WHERE complaint_id = $1 ORDER BY owner_code`,
          [complaintId],
        )
      ).rows.map((r) => [
        r.owner_code,
        r.sent_at?.toISOString() ?? null,
        r.first_answer_at?.toISOString() ?? null,
        r.closed_at?.toISOString() ?? null,
      ]);
    expect(await rows(desa.complaintId)).toEqual([['pkk-kel-1001', '2026-11-02T03:00:00.000Z', null, null]]);
    expect(await rows(up.complaintId)).toEqual([
      ['dinsos', '2026-11-03T03:00:00.000Z', '2026-11-04T03:00:00.000Z', '2026-11-04T03:00:00.000Z'],
      ['kemensos-pkh', '2026-11-04T03:00:00.000Z', null, null],
    ]);
  });
});
