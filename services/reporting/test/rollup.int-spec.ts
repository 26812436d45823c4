/* eslint-disable max-lines -- integration spec of reporting roll-up: a kab/kota publishes its monthly figures to a province hub over NATS: its tests share one booted stack, which takes seconds to start */
import { isDeepStrictEqual } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  rollupSubject,
  type Actor,
  type EventPayload,
  type MonthlyRollupV1,
  type RollupFiguresV1,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@slrt/contracts';
import {
  RpcCallError,
  buildEventEnvelope,
  connectDirectPublisher,
  lastStreamMessage,
  publishToStream,
  streamMessageCount,
  type RpcClient,
} from '@slrt/messaging';
import { waitFor, type TestNatsServer } from '@slrt/testing';
import { localMonth } from '@slrt/domain';
import { monthStart } from '../src/kpis/working-time.js';
import { ReportsService } from '../src/reports/reports.service.js';
import { RollupPublisherTask } from '../src/rollup/rollup-publisher.task.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { complaintEvents } from './support/complaint-events.js';
import { startReportingStack, type ReportingStack } from './support/reporting-stack.js';

const TZ = 'Asia/Jakarta';
const user = (roles: Actor['roles'], scope: string[], id: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const sekretariatProvince = user(['SEKRETARIAT'], ['62'], 'sekretariat-62');
const sekretariatOther = user(['SEKRETARIAT'], ['63'], 'sekretariat-63');
const admin = user(['ADMIN'], ['62'], 'admin-62');
const fo = user(['FO'], ['62.71.01.1001'], 'fo-1001');
const mj = user(['MJ'], ['62.71'], 'mj');
const DESA_A = '62.71.01.1001';
const DESA_A2 = '62.71.01.1002';
const DESA_B = '62.71.02.1002';

/** Where each roll-up figure stands in the kab/kota's own monthly report (sheet, column). */
const IN_REPORT: Record<keyof RollupFiguresV1, [string, string]> = {
  received: ['Ringkasan', 'Pengaduan diterima'],
  receivedFo: ['Ringkasan', 'Kanal FO'],
  receivedFs: ['Ringkasan', 'Kanal FS'],
  referralsSent: ['Ringkasan', 'Rujukan dikirim'],
  ownerAnswers: ['Ringkasan', 'Tanggapan pemilik program'],
  resolved: ['Ringkasan', 'Selesai'],
  rejected: ['Ringkasan', 'Ditolak'],
  resolvedAtPuskesos: ['Ringkasan', 'Diselesaikan di Puskesos'],
  openOnTrack: ['Tenggat', 'Sesuai jadwal'],
  openAtRisk: ['Tenggat', 'Hampir lewat tenggat'],
  openBreached: ['Tenggat', 'Lewat tenggat'],
};

/** The `Jumlah` row of the report's Ringkasan and Tenggat sheets, read back from the XLSX, as roll-up figures. */
async function reportTotals(xlsx: Buffer): Promise<RollupFiguresV1> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const total = (sheet: string, header: string) => {
    const ws = wb.getWorksheet(sheet)!;
    const col = (ws.getRow(6).values as unknown[]).indexOf(header);
    const last = ws.getRow(ws.rowCount).values as unknown[];
    expect(last[2]).toBe('Jumlah');
    return last[col] as number;
  };
  return Object.fromEntries(
    Object.entries(IN_REPORT).map(([k, [sheet, header]]) => [k, total(sheet, header)]),
  ) as unknown as RollupFiguresV1;
}

describe('reporting roll-up: a kab/kota publishes its monthly figures to a province hub over NATS', () => {
  let kabStack: ReportingStack;
  let hubStack: ReportingStack;
  let hubNats: TestNatsServer;
  let kab: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let referral: NestFastifyApplication;
  let kabDb: pg.Client;
  let hubDb: pg.Client;
  let hubRpc: RpcClient;
  let kabRpc: RpcClient;
  const now = new Date();
  const current = localMonth(now, TZ);
  const previous = localMonth(new Date(monthStart(current, TZ).getTime() - 1), TZ);
  const next = localMonth(monthStart(current, TZ, 1), TZ);
  const inPrevious = (day: number) => `${previous}-${String(day).padStart(2, '0')}T02:00:00.000Z`;

  const call = <S extends RpcSubject>(rpc: RpcClient, s: S, d: unknown, a: Actor) =>
    rpc.request(s, d as RpcRequest<S>, { actor: a, timeoutMs: 20_000 }) as Promise<RpcResponse<S>>;
  const rollup = (month: string, a: Actor = sekretariatProvince) =>
    call(hubRpc, 'slrt.rpc.reporting.get-rollup.v1', { month }, a);
  const publish: ReportingStack['publish'] = (from, subject, data) => kabStack.publish(from, subject, data);
  const caughtUp = () => kabStack.caughtUp('kab/kota projection caught up');
  const kabState = async (month: string) =>
    (await kabDb.query(`SELECT version, sent_version, payload FROM rpt_rollup_state WHERE month = $1`, [month]))
      .rows[0] as { version: number; sent_version: number | null; payload: MonthlyRollupV1 } | undefined;
  const hubRow = async (month: string) =>
    (
      await hubDb.query(`SELECT version, payload FROM rpt_rollup_month WHERE kab_kota_code = '62.71' AND month = $1`, [
        month,
      ])
    ).rows[0] as { version: number; payload: MonthlyRollupV1 } | undefined;
  /**
   * The hub holds the kab/kota's newest version of `month`, and its figures are those the
   * kab/kota's read model gives now (after its projection caught up).
   */
  const converged = async (month: string) => {
    await caughtUp();
    const figures = await kab.get(RollupService).compute(month, new Date());
    const same = (p: MonthlyRollupV1) =>
      isDeepStrictEqual([p.totals, p.kecamatan], [figures.totals, figures.kecamatan]);
    return waitFor(
      async () => {
        const [k, h] = [await kabState(month), await hubRow(month)];
        return k && h && k.sent_version === k.version && h.version === k.version && same(h.payload) ? h : null;
      },
      { timeoutMs: 30_000, message: `hub converged for ${month}` },
    );
  };

  let seq = 100;
  async function complaint(o: { desa: string; at: string; channel?: string }) {
    const complaintId = uuidv7();
    const caseId = uuidv7();
    const receiptNumber = `6271-2610-000${seq++}`;
    const base = { complaintId, receiptNumber, desaCode: o.desa };
    await publish(intake, 'slrt.evt.intake.complaint.registered.v1', {
      ...base,
      channel: o.channel ?? 'PUSKESOS_FO',
      category: 'non-kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PKH'],
      recordedAt: o.at,
      registryCheck: 'in-registry',
      subjectHasNik: true,
      possibleDuplicateOf: null,
    } as EventPayload<'slrt.evt.intake.complaint.registered.v1'>);
    const { step, move } = complaintEvents(publish, { intake, referral }, { ...base, caseId });
    await publish(referral, 'slrt.evt.referral.case.opened.v1', {
      caseId,
      complaintId,
      receiptNumber,
      desaCode: o.desa,
      category: 'non-kepesertaan',
      programmeCodes: ['PKH'],
      state: 'awaiting-supervisor',
      dueAt: '2099-01-10T02:00:00.000Z',
      openedAt: o.at,
    });
    return { step, move };
  }

  beforeAll(async () => {
    // The hub knows Palangka Raya (and a neighbour) as roll-up sources: each user may publish under its own code only.
    // Every server gets every stream (SLRT_ROLLUP included) and durable; only the hub's SLRT_ROLLUP holds data.
    hubStack = await startReportingStack('rptrh', {
      nats: { rollupSources: ['62.71', '62.72'] },
      env: () => ({ REPORTING_MODE: 'province' }),
    });
    hubNats = hubStack.nats;
    const hubReporting = hubNats.credentials('rollup-6271');
    kabStack = await startReportingStack('rptrk', {
      env: () => ({
        // The hub's `rollup-6271` user: it may publish on slrt.rollup.6271.> only (deploy/nats/generate.mjs).
        REPORTING_ROLLUP_NATS_URL: hubNats.url,
        REPORTING_ROLLUP_NATS_USER: hubReporting.user!,
        REPORTING_ROLLUP_NATS_PASSWORD: hubReporting.password!,
        REPORTING_ROLLUP_INTERVAL_MS: '200',
      }),
      doubles: { intake: [], referral: [] },
    });
    ({ reporting: kab, db: kabDb, rpc: kabRpc } = kabStack);
    ({ db: hubDb, rpc: hubRpc } = hubStack);
    intake = kabStack.doubles.intake!;
    referral = kabStack.doubles.referral!;
  }, 120_000);

  afterAll(async () => {
    await kabStack?.close();
    await hubStack?.close();
  });

  it('(a) the hub holds the kab/kota\u2019s own monthly figures, per kab/kota and summed', async () => {
    // Previous month: c1 referred, answered, resolved (FO); c2 on a Fasilitator's visit, rejected by
    // its owner; c3 referred and past its deadline; c4 resolved at the Puskesos. Current month: c5.
    const c1 = await complaint({ desa: DESA_A, at: inPrevious(5) });
    await c1.move('send', 'approved', 'referred', inPrevious(6), {
      ownerCodes: ['kemensos-pkh'],
      dueAt: '2099-01-01T00:00:00.000Z',
    });
    await c1.step('referred', inPrevious(6), { ownerCode: 'kemensos-pkh' });
    await c1.move('owner-accept', 'referred', 'owner-accepted', inPrevious(8), {
      ownerCodes: ['kemensos-pkh'],
      actorRole: 'PO',
      dueAt: '2099-01-01T00:00:00.000Z',
    });
    await c1.step('answered', inPrevious(8), { ownerCode: 'kemensos-pkh' });
    await c1.move('owner-resolve', 'owner-accepted', 'resolved', inPrevious(12), {
      ownerCodes: ['kemensos-pkh'],
      actorRole: 'PO',
    });
    await c1.step('resolved', inPrevious(12), { ownerCode: 'kemensos-pkh' });
    const c2 = await complaint({ desa: DESA_B, at: inPrevious(6), channel: 'FASILITATOR_VISIT' });
    await c2.move('send', 'approved', 'referred', inPrevious(13), {
      ownerCodes: ['dinsos'],
      dueAt: '2099-01-01T00:00:00.000Z',
    });
    await c2.step('referred', inPrevious(13), { ownerCode: 'dinsos' });
    await c2.move('owner-reject', 'referred', 'rejected-by-owner', inPrevious(15), {
      ownerCodes: ['dinsos'],
      actorRole: 'PO',
      reasonCode: 'NOT_ELIGIBLE',
    });
    await c2.step('answered', inPrevious(15), { ownerCode: 'dinsos' });
    await c2.step('rejected', inPrevious(15), { ownerCode: 'dinsos', reasonCode: 'NOT_ELIGIBLE' });
    const c3 = await complaint({ desa: DESA_A2, at: inPrevious(20) });
    await c3.move('send', 'approved', 'referred', inPrevious(22), {
      ownerCodes: ['kemensos-pkh'],
      dueAt: inPrevious(23),
    });
    await c3.step('referred', inPrevious(22), { ownerCode: 'kemensos-pkh' });
    const c4 = await complaint({ desa: DESA_B, at: inPrevious(21) });
    await c4.move('resolve-locally', 'awaiting-supervisor', 'resolved', inPrevious(23));
    await c4.step('resolved', inPrevious(23));
    await complaint({ desa: DESA_A, at: `${current}-01T01:00:00.000Z` });

    const h = await converged(previous);
    await converged(current);
    const r = await rollup(previous);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      kabKotaCode: '62.71',
      name: expect.stringMatching(/Palangka ?raya/i),
      version: h.version,
    });
    expect(r.rows[0]!.totals).toEqual({
      received: 4,
      receivedFo: 3,
      receivedFs: 1,
      referralsSent: 3,
      ownerAnswers: 2,
      resolved: 2,
      rejected: 1,
      resolvedAtPuskesos: 1,
      openOnTrack: 0,
      openAtRisk: 0,
      openBreached: 1,
    });
    expect(r.totals).toEqual(r.rows[0]!.totals);
    expect(r.reported).toBe(1);
    expect(r.rows[0]!.dataUpTo).not.toBeNull();
    // Exactly the kab/kota's own monthly report (its XLSX read back: the Jumlah rows of Ringkasan and Tenggat).
    const file = await call(
      kabRpc,
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: previous, kabKotaCode: '62.71', format: 'xlsx' },
      mj,
    );
    expect(await reportTotals(Buffer.from(file.contentBase64, 'base64'))).toEqual(r.rows[0]!.totals);
    // Per kecamatan too, and only counts cross: no receipt number, complaint or case id in the payload.
    expect(h.payload.kecamatan.find((k) => k.kecamatanCode === '62.71.01')).toMatchObject({
      received: 2,
      openBreached: 1,
    });
    expect(JSON.stringify(h.payload)).not.toMatch(/6271-2610|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect((await rollup(current)).totals.received).toBe(1);
    expect((await rollup(previous, admin)).rows).toHaveLength(1);
  }, 120_000);

  it('(b) a hub offline for several rounds catches up with the latest figures, without gaps or doubles', async () => {
    const publisher = kab.get(RollupPublisherTask);
    const before = (await hubRow(previous))!.version;
    await hubNats.stop();
    const failed = publisher.unreachableRounds;
    // Two changes while the hub is away: two new versions, neither sent.
    await complaint({ desa: DESA_A, at: inPrevious(25) });
    await caughtUp();
    await waitFor(async () => ((await kabState(previous))!.version > before ? true : null), {
      message: 'first version computed offline',
    });
    await complaint({ desa: DESA_B, at: inPrevious(26), channel: 'FASILITATOR_VISIT' });
    await caughtUp();
    await waitFor(async () => ((await kabState(previous))!.version > before + 1 ? true : null), {
      message: 'second version computed offline',
    });
    await waitFor(() => publisher.unreachableRounds >= failed + 3, {
      message: 'several rounds found the hub out of reach',
    });
    const offline = (await kabState(previous))!;
    expect(offline.sent_version).toBe(before);

    await hubNats.start();
    const h = await converged(previous);
    expect(h.version).toBe(offline.version);
    expect(h.version).toBeGreaterThan(before);
    const r = await waitFor(
      async () => {
        const x = await rollup(previous);
        return x.rows[0]?.version === h.version ? x : null;
      },
      { timeoutMs: 20_000, message: 'hub answers after restart' },
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.totals).toMatchObject({ received: 6, receivedFo: 4, receivedFs: 2 });
    // Equal to the kab/kota's own report made now (figures of the whole month, nothing lost).
    const made = await kab.get(ReportsService).generate('62.71', previous, 'xlsx', new Date());
    expect(await reportTotals(made.content)).toEqual(r.rows[0]!.totals);
    expect(
      Number(
        (
          await hubDb.query(
            `SELECT count(*)::int AS n FROM rpt_rollup_month WHERE kab_kota_code = '62.71' AND month = $1`,
            [previous],
          )
        ).rows[0].n,
      ),
    ).toBe(1);
  }, 120_000);

  it('(c) a redelivered or duplicate older version never overwrites a newer one', async () => {
    const held = (await hubRow(previous))!;
    // As the kab/kota and its neighbour would, each with its own user on the hub.
    const as = async (user: string) =>
      (await connectDirectPublisher({ ...hubNats.credentials(user), service: 'reporting', kabKotaCode: '62.71' })).nc;
    const nc = await as('rollup-6271');
    const neighbour = await as('rollup-6272');
    try {
      const subject = rollupSubject('slrt.rollup.*.monthly.v1', '62.71');
      const bogus = { ...held.payload, totals: { ...held.payload.totals, received: 999 } };
      const old = buildEventEnvelope(
        { service: 'reporting', kabKotaCode: '62.71' },
        'slrt.rollup.*.monthly.v1',
        subject,
        { ...bogus, version: 1 },
      );
      const same = buildEventEnvelope(
        { service: 'reporting', kabKotaCode: '62.71' },
        'slrt.rollup.*.monthly.v1',
        subject,
        { ...bogus, version: held.version },
      );
      // New message ids: JetStream's dedup does not stop them, the hub's version check must.
      await publishToStream(nc, subject, JSON.stringify(old), { msgID: `test-old-${old.id}` });
      await publishToStream(nc, subject, JSON.stringify(same), { msgID: `test-same-${same.id}` });
      await waitFor(
        async () =>
          Number(
            (
              await hubDb.query(
                `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'reporting-rollup' AND event_id = ANY($1)`,
                [[old.id, same.id]],
              )
            ).rows[0].n,
          ) === 2,
        {
          message: 'hub handled both',
        },
      );
      // The neighbour's user may publish under 6272 only; a payload there claiming 62.71 is dead-lettered, not kept.
      const wrong = rollupSubject('slrt.rollup.*.monthly.v1', '62.72');
      const forged = buildEventEnvelope(
        { service: 'reporting', kabKotaCode: '62.71' },
        'slrt.rollup.*.monthly.v1',
        wrong,
        { ...bogus, version: held.version + 100 },
      );
      await publishToStream(neighbour, wrong, JSON.stringify(forged), { msgID: `test-forged-${forged.id}` });
      const provisioner = await as('provisioner');
      try {
        await waitFor(async () => (await streamMessageCount(provisioner, 'SLRT_DLQ')) >= 1, {
          message: 'forged roll-up dead-lettered',
        });
        const dead = await lastStreamMessage(provisioner, 'SLRT_DLQ', 'slrt.dlq.reporting.reporting-rollup');
        expect(dead?.headers['x-dlq-reason']).toMatch(/does not name kab\/kota 62\.71/);
      } finally {
        await provisioner.close();
      }
    } finally {
      await nc.close();
      await neighbour.close();
    }
    const after = (await hubRow(previous))!;
    expect(after.version).toBe(held.version);
    expect(after.payload.totals.received).toBe(held.payload.totals.received);
    expect((await rollup(previous)).totals.received).toBe(held.payload.totals.received);
    expect(
      (await hubDb.query(`SELECT kab_kota_code FROM rpt_rollup_month WHERE kab_kota_code <> '62.71'`)).rows,
    ).toEqual([]);
  }, 60_000);

  it('(d) rows only within the caller\u2019s region scope; a kab/kota known earlier is listed until it reports; roles', async () => {
    const other = await rollup(previous, sekretariatOther);
    expect(other.rows).toEqual([]);
    expect(other.reported).toBe(0);
    expect(other.totals.received).toBe(0);
    // A national caller narrows to a province; a region outside the caller's scope is refused.
    const national = user(['SEKRETARIAT'], ['62', '63'], 'sekretariat-nasional');
    expect(
      (
        await call(hubRpc, 'slrt.rpc.reporting.get-rollup.v1', { month: previous, regionCode: '62' }, national)
      ).rows.map((r) => r.kabKotaCode),
    ).toEqual(['62.71']);
    expect(
      (await call(hubRpc, 'slrt.rpc.reporting.get-rollup.v1', { month: previous, regionCode: '63' }, national)).rows,
    ).toEqual([]);
    let outside: unknown;
    try {
      await call(
        hubRpc,
        'slrt.rpc.reporting.get-rollup.v1',
        { month: previous, regionCode: '64' },
        sekretariatProvince,
      );
    } catch (e) {
      outside = e;
    }
    expect((outside as RpcCallError).error).toMatchObject({ code: 'FORBIDDEN', detail: expect.any(String) });
    const later = await rollup(next);
    expect(later.rows).toEqual([
      expect.objectContaining({ kabKotaCode: '62.71', version: null, totals: null, receivedAt: null }),
    ]);
    expect(later.reported).toBe(0);
    let error: unknown;
    try {
      await rollup(previous, fo);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcCallError);
    expect((error as RpcCallError).error).toMatchObject({ code: 'FORBIDDEN' });
  }, 30_000);
});
