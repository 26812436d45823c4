/* eslint-disable max-lines -- integration spec of the national roll-up: two kab/kota, a province hub and the national hub, each on its own nats-server, share one booted stack, which takes seconds to start */
import { isDeepStrictEqual } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import {
  rollupSubject,
  type Actor,
  type Envelope,
  type MonthlyRollupV1,
  type RollupFiguresV1,
  type RollupV1,
} from '@slrt/contracts';
import { buildEventEnvelope, connectDirectPublisher, publishToStream } from '@slrt/messaging';
import { localMonth } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { monthStart } from '../src/kpis/working-time.js';
import { RollupPublisherTask } from '../src/rollup/rollup-publisher.task.js';
import { RollupService } from '../src/rollup/rollup.service.js';
import { addFigures, zeroFigures } from '../src/rollup/rollup-figures.js';
import { startReportingStack, type ReportingStack } from './support/reporting-stack.js';

const TZ = 'Asia/Jakarta';
const national = {
  kind: 'user',
  id: 'sekretariat-nasional',
  roles: ['SEKRETARIAT'],
  regionScope: ['62', '63'],
} as Actor;
const PALANGKA_RAYA = '62.71';
const KOTAWARINGIN_BARAT = '62.01';
const DESA = { [PALANGKA_RAYA]: ['62.71.01.1001', '62.71.02.1002'], [KOTAWARINGIN_BARAT]: ['62.01.01.2001'] };

type KabKota = typeof PALANGKA_RAYA | typeof KOTAWARINGIN_BARAT;
interface HubRow {
  version: number;
  forwarded_version: number | null;
  payload: MonthlyRollupV1;
  envelope: Envelope<MonthlyRollupV1> | null;
}

/**
 * Kab/kota → province hub → national hub (issue 13), each level on its own nats-server with
 * production's accounts: two kab/kota of Kalimantan Tengah publish to the province hub as
 * `rollup-6271` / `rollup-6201`; the province's instance forwards each kab/kota's newest message,
 * unchanged, to the national hub as `rollup-62`; the national instance (province mode) answers a
 * national SEKRETARIAT.
 */
describe('reporting roll-up one level up: a province hub forwards its kab/kota to the national hub', () => {
  let nationalStack: ReportingStack;
  let provinceStack: ReportingStack;
  const kab = {} as Record<KabKota, ReportingStack>;
  const now = new Date();
  const current = localMonth(now, TZ);
  const previous = localMonth(new Date(monthStart(current, TZ).getTime() - 1), TZ);
  const inPrevious = (day: number) => `${previous}-${String(day).padStart(2, '0')}T02:00:00.000Z`;
  let seq = 100;

  /** A complaint registered at `at` in a desa of `code`, and its case opened (on track). */
  async function complaint(code: KabKota, at: string, desa = DESA[code][0]!) {
    const s = kab[code];
    const intake = s.doubles.intake!;
    const referral = s.doubles.referral!;
    const complaintId = uuidv7();
    const receiptNumber = `${code.replace('.', '')}-2610-000${seq++}`;
    await s.publish(intake, 'slrt.evt.intake.complaint.registered.v1', {
      complaintId,
      receiptNumber,
      desaCode: desa,
      channel: 'PUSKESOS_FO',
      category: 'non-kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PKH'],
      recordedAt: at,
      registryCheck: 'in-registry',
      subjectHasNik: true,
      possibleDuplicateOf: null,
    });
    await s.publish(referral, 'slrt.evt.referral.case.opened.v1', {
      caseId: uuidv7(),
      complaintId,
      receiptNumber,
      desaCode: desa,
      category: 'non-kepesertaan',
      programmeCodes: ['PKH'],
      state: 'awaiting-supervisor',
      dueAt: '2099-01-10T02:00:00.000Z',
      openedAt: at,
    });
  }

  const row = async (s: ReportingStack, code: string, month: string) =>
    (
      await s.db.query(
        `SELECT version, forwarded_version, payload, envelope FROM rpt_rollup_month WHERE kab_kota_code = $1 AND month = $2`,
        [code, month],
      )
    ).rows[0] as HubRow | undefined;
  const kabState = async (code: KabKota, month: string) =>
    (await kab[code].db.query(`SELECT version, sent_version FROM rpt_rollup_state WHERE month = $1`, [month]))
      .rows[0] as { version: number; sent_version: number | null } | undefined;
  const rowsOf = async (s: ReportingStack, code: string) =>
    Number(
      (await s.db.query(`SELECT count(*)::int AS n FROM rpt_rollup_month WHERE kab_kota_code = $1`, [code])).rows[0].n,
    );

  /**
   * The kab/kota's newest version of `month` (its figures those of its read model now, after its
   * projection caught up) is what the province hub holds and has forwarded, and what the national
   * hub holds, in the very envelope the kab/kota sent.
   */
  async function converged(code: KabKota, month: string) {
    await kab[code].caughtUp(`${code} projection caught up`);
    const figures = await kab[code].reporting.get(RollupService).compute(month, new Date());
    return waitFor(
      async () => {
        const [k, p, n] = [
          await kabState(code, month),
          await row(provinceStack, code, month),
          await row(nationalStack, code, month),
        ];
        const done =
          k &&
          p &&
          n &&
          k.sent_version === k.version &&
          p.version === k.version &&
          p.forwarded_version === k.version &&
          n.version === k.version &&
          isDeepStrictEqual([n.payload.totals, n.payload.kecamatan], [figures.totals, figures.kecamatan]);
        return done ? { province: p, national: n } : null;
      },
      { timeoutMs: 40_000, message: `national hub converged for ${code} ${month}` },
    );
  }

  const rollup = (s: ReportingStack, month: string, regionCode?: string) =>
    s.call('slrt.rpc.reporting.get-rollup.v1', { month, ...(regionCode ? { regionCode } : {}) }, national);
  const sum = (r: RollupV1, codes: string[]) =>
    r.rows.filter((x) => codes.includes(x.kabKotaCode)).reduce((t, x) => addFigures(t, x.totals!), zeroFigures());

  beforeAll(async () => {
    // The national hub knows the provinces as roll-up sources: `rollup-62` may publish on slrt.rollup.62NN.> only.
    nationalStack = await startReportingStack('rptnn', {
      nats: { rollupSources: ['62', '63'] },
      env: () => ({ REPORTING_MODE: 'province' }),
    });
    const up = nationalStack.nats.credentials('rollup-62');
    provinceStack = await startReportingStack('rptnp', {
      nats: { rollupSources: [PALANGKA_RAYA, KOTAWARINGIN_BARAT] },
      env: () => ({
        REPORTING_MODE: 'province',
        KAB_KOTA_CODE: '62.71',
        REPORTING_ROLLUP_NATS_URL: nationalStack.nats.url,
        REPORTING_ROLLUP_NATS_USER: up.user!,
        REPORTING_ROLLUP_NATS_PASSWORD: up.password!,
        REPORTING_ROLLUP_INTERVAL_MS: '200',
      }),
    });
    for (const [code, prefix] of [
      [PALANGKA_RAYA, 'rptna'],
      [KOTAWARINGIN_BARAT, 'rptnb'],
    ] as const) {
      const source = provinceStack.nats.credentials(`rollup-${code.replace('.', '')}`);
      kab[code] = await startReportingStack(prefix, {
        env: () => ({
          KAB_KOTA_CODE: code,
          REPORTING_ROLLUP_NATS_URL: provinceStack.nats.url,
          REPORTING_ROLLUP_NATS_USER: source.user!,
          REPORTING_ROLLUP_NATS_PASSWORD: source.password!,
          REPORTING_ROLLUP_INTERVAL_MS: '200',
        }),
        doubles: { intake: [], referral: [] },
      });
    }
  }, 180_000);

  afterAll(async () => {
    for (const s of [kab[PALANGKA_RAYA], kab[KOTAWARINGIN_BARAT], provinceStack, nationalStack]) await s?.close();
  });

  it('(a) the national SEKRETARIAT sees every kab/kota of every province, the province\u2019s figures unchanged, totals summed', async () => {
    await complaint(PALANGKA_RAYA, inPrevious(5));
    await complaint(PALANGKA_RAYA, inPrevious(9), DESA[PALANGKA_RAYA][1]);
    await complaint(PALANGKA_RAYA, `${current}-01T01:00:00.000Z`);
    await complaint(KOTAWARINGIN_BARAT, inPrevious(7));
    for (const code of [PALANGKA_RAYA, KOTAWARINGIN_BARAT] as const) {
      const { province, national: n } = await converged(code, previous);
      // Forwarded unchanged: the envelope the kab/kota made (id, producer, payload) is the national hub's.
      expect(n.envelope).toEqual(province.envelope);
      expect(n.envelope).toMatchObject({ producer: 'reporting', kabKotaCode: code, data: { version: n.version } });
    }
    // The current month too, for both (Kotawaringin Barat's with no complaint yet, which it reports as zeros).
    await converged(PALANGKA_RAYA, current);
    await converged(KOTAWARINGIN_BARAT, current);
    // Another province (Kalimantan Selatan) reports to the national hub as its own forwarder would.
    const kalsel = await connectDirectPublisher({
      ...nationalStack.nats.credentials('rollup-63'),
      service: 'reporting',
      kabKotaCode: '63.71',
    });
    try {
      const subject = rollupSubject('slrt.rollup.*.monthly.v1', '63.71');
      const figures: RollupFiguresV1 = { ...zeroFigures(), received: 5, receivedFo: 5, openOnTrack: 2 };
      const payload: MonthlyRollupV1 = {
        kabKotaCode: '63.71',
        month: previous,
        version: 1,
        computedAt: now.toISOString(),
        dataUpTo: null,
        totals: figures,
        kecamatan: [{ kecamatanCode: '63.71.01', ...figures }],
      };
      const e = buildEventEnvelope(
        { service: 'reporting', kabKotaCode: '63.71' },
        'slrt.rollup.*.monthly.v1',
        subject,
        payload,
      );
      await publishToStream(kalsel.nc, subject, JSON.stringify(e), { msgID: `rollup:6371:${previous}:1` });
    } finally {
      await kalsel.nc.close();
    }
    await waitFor(async () => ((await row(nationalStack, '63.71', previous)) ? true : null), {
      message: 'Kalimantan Selatan held nationally',
    });

    const all = await rollup(nationalStack, previous);
    expect(all.rows.map((r) => r.kabKotaCode)).toEqual(['62.01', '62.71', '63.71']);
    expect(all.rows.find((r) => r.kabKotaCode === '62.71')!.totals).toMatchObject({ received: 2, openOnTrack: 2 });
    expect(all.rows.find((r) => r.kabKotaCode === '62.01')!.totals).toMatchObject({ received: 1, openOnTrack: 1 });
    expect(all.totals).toEqual(sum(all, ['62.01', '62.71', '63.71']));
    expect(all.totals.received).toBe(8);
    expect(all.reported).toBe(3);
    // Per province: Kalimantan Tengah = its two kab/kota, Kalimantan Selatan its one.
    expect(all.provinces).toEqual([
      { provinceCode: '62', name: 'Kalimantan Tengah', listed: 2, reported: 2, totals: sum(all, ['62.01', '62.71']) },
      { provinceCode: '63', name: 'Kalimantan Selatan', listed: 1, reported: 1, totals: sum(all, ['63.71']) },
    ]);
    // Narrowed to a province: the province hub's own answer, row for row.
    const kalteng = await rollup(nationalStack, previous, '62');
    const atProvince = await rollup(provinceStack, previous);
    expect(kalteng.rows).toEqual(
      atProvince.rows.map((r) => ({ ...r, receivedAt: expect.any(String) as unknown as string })),
    );
    expect(kalteng.totals).toEqual(atProvince.totals);
    expect(kalteng.provinces).toEqual(atProvince.provinces);
    expect((await rollup(nationalStack, current)).rows.map((r) => [r.kabKotaCode, r.totals?.received ?? null])).toEqual(
      [
        ['62.01', 0],
        ['62.71', 1],
        ['63.71', null],
      ],
    );
  }, 120_000);

  it('(b) the link to the national hub down for several rounds, then back: no gap, no double, versions grown at every level', async () => {
    const forwarder = provinceStack.reporting.get(RollupPublisherTask);
    const before = {
      a: (await row(nationalStack, PALANGKA_RAYA, previous))!.version,
      b: (await row(nationalStack, KOTAWARINGIN_BARAT, previous))!.version,
    };
    await nationalStack.nats.stop();
    const failed = forwarder.unreachableRounds;
    // Both kab/kota change while the national hub is away; the province hub keeps receiving them.
    await complaint(PALANGKA_RAYA, inPrevious(20));
    await complaint(KOTAWARINGIN_BARAT, inPrevious(21));
    for (const [code, v] of [
      [PALANGKA_RAYA, before.a],
      [KOTAWARINGIN_BARAT, before.b],
    ] as const) {
      await kab[code].caughtUp();
      await waitFor(async () => ((await row(provinceStack, code, previous))!.version > v ? true : null), {
        message: `province hub received ${code}'s new version while the national hub is away`,
      });
    }
    await complaint(PALANGKA_RAYA, inPrevious(22), DESA[PALANGKA_RAYA][1]);
    await kab[PALANGKA_RAYA].caughtUp();
    await waitFor(
      async () => ((await row(provinceStack, PALANGKA_RAYA, previous))!.version > before.a + 1 ? true : null),
      {
        message: 'a second version of Palangka Raya at the province hub',
      },
    );
    await waitFor(() => forwarder.unreachableRounds >= failed + 3, {
      message: 'several forwarding rounds found the national hub out of reach',
    });
    const held = (await row(provinceStack, PALANGKA_RAYA, previous))!;
    expect(held.forwarded_version).toBe(before.a);

    await nationalStack.nats.start();
    for (const code of [PALANGKA_RAYA, KOTAWARINGIN_BARAT] as const) await converged(code, previous);
    const a = (await row(nationalStack, PALANGKA_RAYA, previous))!;
    expect(a.version).toBeGreaterThanOrEqual(before.a + 2);
    const r = await waitFor(
      async () => {
        const x = await rollup(nationalStack, previous, '62');
        return x.rows.find((y) => y.kabKotaCode === PALANGKA_RAYA)?.version === a.version ? x : null;
      },
      { timeoutMs: 20_000, message: 'national hub answers after the outage' },
    );
    // Nothing lost (every complaint of the month, the ones made during the outage included), nothing doubled.
    expect(r.rows.map((x) => [x.kabKotaCode, x.totals!.received])).toEqual([
      ['62.01', 2],
      ['62.71', 4],
    ]);
    expect(r.totals.received).toBe(6);
    expect(r.provinces).toEqual([expect.objectContaining({ provinceCode: '62', reported: 2, totals: r.totals })]);
    expect(await rowsOf(nationalStack, PALANGKA_RAYA)).toBe(2); // one per month: previous and current
    expect(await rowsOf(nationalStack, KOTAWARINGIN_BARAT)).toBe(2);
  }, 150_000);

  it('(c) a change at a kab/kota reaches the national view as a new version; an older one forwarded again changes nothing', async () => {
    const was = (await row(nationalStack, PALANGKA_RAYA, current))!;
    await complaint(PALANGKA_RAYA, `${current}-01T03:00:00.000Z`, DESA[PALANGKA_RAYA][1]);
    const { national: n } = await converged(PALANGKA_RAYA, current);
    // A newer version (the kab/kota may publish more than one while the complaint's events arrive in separate batches).
    expect(n.version).toBeGreaterThan(was.version);
    expect(n.payload.totals.received).toBe(was.payload.totals.received + 1);
    const view = await rollup(nationalStack, current);
    expect(view.rows.find((x) => x.kabKotaCode === PALANGKA_RAYA)).toMatchObject({
      version: n.version,
      totals: n.payload.totals,
    });
    expect(view.provinces.find((p) => p.provinceCode === '62')!.totals.received).toBe(n.payload.totals.received);

    // The older version re-sent by the province (a replay, a repeated forward after the dedup window) is ignored.
    const province = await connectDirectPublisher({
      ...nationalStack.nats.credentials('rollup-62'),
      service: 'reporting',
      kabKotaCode: '62.71',
    });
    try {
      const old = was.envelope!;
      const replay = { ...old, id: uuidv7() }; // a new id: neither JetStream's dedup nor the inbox stops it, the version check must
      await publishToStream(province.nc, old.subject, JSON.stringify(replay), { msgID: `test-replay-${replay.id}` });
      await waitFor(
        async () =>
          Number(
            (
              await nationalStack.db.query(
                `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'reporting-rollup' AND event_id = $1`,
                [replay.id],
              )
            ).rows[0].n,
          ) === 1,
        { message: 'national hub handled the replayed older version' },
      );
    } finally {
      await province.nc.close();
    }
    const after = (await row(nationalStack, PALANGKA_RAYA, current))!;
    expect(after.version).toBe(n.version);
    expect(after.payload.totals).toEqual(n.payload.totals);
  }, 90_000);
});
