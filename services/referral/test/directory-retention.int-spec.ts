/* eslint-disable max-lines -- integration spec of referral: routing rules and programmes as data, owner access that ends: its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { systemActor, type Actor } from '@slrt/contracts';
import { PROGRAMME_CATALOGUE, REGISTRY_OWNER_CODE } from '@slrt/domain';
import { OutboxPublisher, type RpcClient, assertedCalls } from '@slrt/messaging';
import { Metrics } from '@slrt/observability';
import { waitFor } from '@slrt/testing';
import { CasesRepository } from '../src/cases/cases.repository.js';
import { OwnerDataRetention } from '../src/cases/owner-data-retention.js';
import { OWNER_PAYLOAD_KEPT } from '../src/cases/owner-view.js';
import { NIK } from './support/intake-double.js';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const fo = user(['FO'], ['62.71.01.1001']);
const admin = user(['ADMIN'], ['62.71'], 'admin-1');
const adminKecamatan = user(['ADMIN'], ['62.71.01'], 'admin-kec');
const sekretariat = user(['SEKRETARIAT'], ['62.71']);
const poPkh = user(['PO'], [], 'po-pkh', 'kemensos-pkh');
const poBpjs = user(['PO'], [], 'po-bpjs', 'bpjs-kesehatan');
const pkhKey = {
  kind: 'owner-client',
  id: 'owner-key-pkh-9',
  roles: ['PO'],
  regionScope: [],
  ownerCode: 'kemensos-pkh',
} as unknown as Actor;
const DAY = 24 * 3600 * 1000;

describe('referral: routing rules and programmes as data, owner access that ends', () => {
  let stack: ReferralStack;
  let referral: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  let asIntake: RpcClient;

  const { call, fail } = assertedCalls(() => rpc);
  const registryChecked = (c: { category?: string; programmeCodes: string[]; attributes?: Record<string, string> }) => {
    const complaintId = uuidv7();
    return intake
      .get(DataSource)
      .transaction((m) =>
        intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
          complaintId,
          receiptNumber: '6271-2611-000123',
          desaCode: '62.71.01.1001',
          category: (c.category ?? 'non-kepesertaan') as 'non-kepesertaan',
          programmeCodes: c.programmeCodes,
          ...(c.attributes ? { attributes: c.attributes } : {}),
          outcome: 'in-registry',
          nextStep: 'review',
          desil: 2,
          dataPeriod: '2026-09',
          checkedAt: new Date().toISOString(),
        }),
      )
      .then(() => complaintId);
  };
  const caseOf = async (complaintId: string) =>
    waitFor(
      async () =>
        (
          await db.query(`SELECT id, version, state, suggested_owners FROM referral_case WHERE complaint_id = $1`, [
            complaintId,
          ])
        ).rows[0],
      { message: 'case opened' },
    );
  const act = (caseId: string, action: string, actor: Actor, version: number, extra: Record<string, unknown> = {}) =>
    call('slrt.rpc.referral.act-on-case.v1', { caseId, action, expectedVersion: version, ...extra }, actor);
  /** A PKH complaint walked to a referral sent to kemensos-pkh: its case id and referral id. */
  const referred = async () => {
    const { id } = await caseOf(await registryChecked({ programmeCodes: ['PKH'] }));
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const sent = await act(id, 'send', bo, 3);
    return { caseId: id, referralId: sent.referrals![0]!.referralId };
  };
  const audits = async (referralId: string) =>
    (
      await db.query(
        `SELECT actor_id, actor_kind, owner_code, action, referral_ids::text[] AS ids FROM owner_read_audit WHERE $1 = ANY(referral_ids) OR (action = 'get-owner-referral' AND result_count = 0) ORDER BY id`,
        [referralId],
      )
    ).rows;

  beforeAll(async () => {
    stack = await startReferralStack('refdir', { REFERRAL_OWNER_ACCESS_GRACE_DAYS: '30' });
    ({ referral, intake, db, rpc } = stack);
    asIntake = await stack.as('intake');
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  describe('routing', () => {
    it('routes by every seeded rule: each programme to its owner, PIP of a madrasah or pesantren pupil to Kemenag, kepesertaan to Pusdatin', async () => {
      const repo = referral.get(CasesRepository);
      const m = referral.get(DataSource).manager;
      const rules: Array<{
        category: string;
        programme_code: string | null;
        conditions: Record<string, string[]>;
        owner_codes: string[];
      }> = (await db.query(`SELECT category, programme_code, conditions, owner_codes FROM routing_rule ORDER BY id`))
        .rows;
      expect(rules.length).toBe(PROGRAMME_CATALOGUE.length + 2);
      for (const r of rules) {
        const attributes = Object.fromEntries(Object.entries(r.conditions).map(([k, v]) => [k, v[0]!]));
        expect([
          r.category,
          r.programme_code,
          await repo.route(m, r.category, r.programme_code ? [r.programme_code] : ['PKH'], attributes),
        ]).toEqual([r.category, r.programme_code, r.owner_codes]);
      }
      for (const p of PROGRAMME_CATALOGUE)
        expect(await repo.route(m, 'non-kepesertaan', [p.code])).toEqual([p.defaultOwnerCode]);
      for (const schoolType of ['MI', 'MTS', 'MA', 'PESANTREN'])
        expect(await repo.route(m, 'non-kepesertaan', ['PIP'], { schoolType })).toEqual(['kemenag']);
      for (const schoolType of ['SD', 'SMP', 'SMA', 'SMK', 'SLB'])
        expect(await repo.route(m, 'non-kepesertaan', ['PIP'], { schoolType })).toEqual(['kemendikbud']);
      expect(await repo.route(m, 'kepesertaan', ['PKH', 'PBI'])).toEqual([REGISTRY_OWNER_CODE]);
      expect((await repo.route(m, 'non-kepesertaan', ['PIP', 'PKH'], { schoolType: 'MTS' })).sort()).toEqual([
        'kemenag',
        'kemensos-pkh',
      ]);
    });

    it('carries the complaint\u2019s attributes from intake\u2019s event to the case\u2019s suggestion (PIP + MTs → Kemenag; kepesertaan → Pusdatin)', async () => {
      expect(
        (await caseOf(await registryChecked({ programmeCodes: ['PIP'], attributes: { schoolType: 'MTS' } })))
          .suggested_owners,
      ).toEqual(['kemenag']);
      expect(
        (await caseOf(await registryChecked({ programmeCodes: ['PIP'], attributes: { schoolType: 'SMP' } })))
          .suggested_owners,
      ).toEqual(['kemendikbud']);
      expect((await caseOf(await registryChecked({ programmeCodes: ['PIP'] }))).suggested_owners).toEqual([
        'kemendikbud',
      ]);
      expect(
        (await caseOf(await registryChecked({ category: 'kepesertaan', programmeCodes: ['PBI'] }))).suggested_owners,
      ).toEqual([REGISTRY_OWNER_CODE]);
    });

    it('routes a case not yet sent again when its complaint is corrected (school type added), and leaves a referred one alone', async () => {
      const corrected = (complaintId: string, attributes?: Record<string, string>, version = 2) =>
        intake.get(DataSource).transaction((m) =>
          intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.corrected.v1', {
            complaintId,
            receiptNumber: '6271-2611-000123',
            desaCode: '62.71.01.1001',
            version,
            changedFields: ['complaint.attributes'],
            programmeCodes: ['PIP'],
            category: 'non-kepesertaan',
            ...(attributes ? { attributes: attributes as { schoolType: 'MA' } } : {}),
            correctedAt: new Date().toISOString(),
          }),
        );
      const open = await registryChecked({ programmeCodes: ['PIP'] });
      expect((await caseOf(open)).suggested_owners).toEqual(['kemendikbud']);
      await corrected(open, { schoolType: 'MA' });
      await waitFor(async () => ((await caseOf(open)).suggested_owners[0] === 'kemenag' ? true : undefined), {
        message: 'case routed again',
      });
      // Already sent: what the owners have stays.
      const { caseId } = await referred();
      const complaintId = (await db.query(`SELECT complaint_id FROM referral_case WHERE id = $1`, [caseId])).rows[0]
        .complaint_id;
      await corrected(complaintId, { schoolType: 'MA' });
      await corrected(open, undefined, 3); // and a later correction back: routed again
      await waitFor(async () => ((await caseOf(open)).suggested_owners[0] === 'kemendikbud' ? true : undefined), {
        message: 'case routed back',
      });
      expect(
        (await db.query(`SELECT suggested_owners, programme_codes FROM referral_case WHERE id = $1`, [caseId])).rows[0],
      ).toEqual({ suggested_owners: ['kemensos-pkh'], programme_codes: ['PKH'] });
    });

    it('lets a kab/kota ADMIN edit rules with validation, versions and history; others only read or nothing', async () => {
      const listed = await call(
        'slrt.rpc.referral.list-routing-rules.v1',
        { programmeCode: 'PIP', includeHistory: true },
        sekretariat,
      );
      const madrasah = listed.items.find((r) => r.conditions.schoolType)!;
      expect(madrasah).toMatchObject({
        programmeCode: 'PIP',
        conditions: { schoolType: ['MI', 'MTS', 'MA', 'PESANTREN'] },
        ownerCodes: ['kemenag'],
        version: 1,
        updatedBy: 'seed',
        history: [{ version: 1, actorId: 'seed', before: null }],
      });
      expect(await fail('slrt.rpc.referral.list-routing-rules.v1', {}, fo)).toMatchObject({ code: 'FORBIDDEN' });
      const rule = {
        category: 'non-kepesertaan',
        programmeCode: 'PIP',
        conditions: { schoolType: ['SD', 'SMP'] },
        ownerCodes: ['dinas-pendidikan'],
        priority: 20,
        active: true,
        reason: 'Kesepakatan forum SLRT',
      };
      expect(await fail('slrt.rpc.referral.save-routing-rule.v1', rule, sekretariat)).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await fail('slrt.rpc.referral.save-routing-rule.v1', rule, adminKecamatan)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'OUT_OF_SCOPE',
      });
      // Owner not in the directory, programme not in the catalogue: field errors naming the field.
      const bad = await fail(
        'slrt.rpc.referral.save-routing-rule.v1',
        { ...rule, programmeCode: 'NOPE', ownerCodes: ['dinas-pendidikan', 'kemen-antah'] },
        admin,
      );
      expect(bad).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(bad.fieldErrors!.map((f) => f.field).sort()).toEqual(['ownerCodes.1', 'programmeCode']);
      expect(bad.fieldErrors!.find((f) => f.field === 'ownerCodes.1')!.messages[0]).toMatch(
        /tidak ada dalam direktori/,
      );
      // Conditions: unknown attributes and values are refused.
      expect(
        await fail(
          'slrt.rpc.referral.save-routing-rule.v1',
          { ...rule, conditions: { schoolType: ['UNIVERSITAS'] } },
          admin,
        ),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(
        await fail('slrt.rpc.referral.save-routing-rule.v1', { ...rule, conditions: { agama: ['islam'] } }, admin),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });

      const created = await call('slrt.rpc.referral.save-routing-rule.v1', rule, admin);
      expect(created).toMatchObject({
        version: 1,
        updatedBy: admin.id,
        history: [
          {
            version: 1,
            actorId: admin.id,
            actorRole: 'ADMIN',
            reason: 'Kesepakatan forum SLRT',
            before: null,
            after: { ownerCodes: ['dinas-pendidikan'] },
          },
        ],
      });
      expect(
        (await caseOf(await registryChecked({ programmeCodes: ['PIP'], attributes: { schoolType: 'SD' } })))
          .suggested_owners,
      ).toEqual(['dinas-pendidikan']);

      // A new version: a stale one is a 409, the history keeps before and after.
      const change = {
        ...rule,
        id: created.id,
        expectedVersion: 1,
        ownerCodes: ['dinas-pendidikan', 'kemendikbud'],
        reason: 'Tembusan ke Kemendikbud',
      };
      const v2 = await call('slrt.rpc.referral.save-routing-rule.v1', change, admin);
      expect(v2.version).toBe(2);
      expect(
        v2.history!.map((h) => [
          h.version,
          (h.before as { ownerCodes?: string[] } | null)?.ownerCodes ?? null,
          (h.after as { ownerCodes: string[] }).ownerCodes,
        ]),
      ).toEqual([
        [1, null, ['dinas-pendidikan']],
        [2, ['dinas-pendidikan'], ['dinas-pendidikan', 'kemendikbud']],
      ]);
      expect(await fail('slrt.rpc.referral.save-routing-rule.v1', change, admin)).toMatchObject({
        code: 'CONFLICT',
        reason: 'VERSION_CONFLICT',
      });
      // Deactivated: routing falls back to the default rule.
      await call(
        'slrt.rpc.referral.save-routing-rule.v1',
        { ...change, expectedVersion: 2, active: false, reason: 'Dicabut' },
        admin,
      );
      expect(
        (await caseOf(await registryChecked({ programmeCodes: ['PIP'], attributes: { schoolType: 'SD' } })))
          .suggested_owners,
      ).toEqual(['kemendikbud']);
      expect(
        (await call('slrt.rpc.referral.list-routing-rules.v1', { programmeCode: 'PIP' }, admin)).items.map((r) => r.id),
      ).not.toContain(created.id);
      expect(
        (
          await call('slrt.rpc.referral.list-routing-rules.v1', { programmeCode: 'PIP', includeInactive: true }, admin)
        ).items.map((r) => r.id),
      ).toContain(created.id);
      // A rule without conditions: kepesertaan complaints about PBI also to BPJS Kesehatan.
      const pbi = await call(
        'slrt.rpc.referral.save-routing-rule.v1',
        {
          category: 'kepesertaan',
          programmeCode: 'PBI',
          conditions: {},
          ownerCodes: ['kemensos-pusdatin', 'bpjs-kesehatan'],
          priority: 50,
          active: true,
        },
        admin,
      );
      expect(pbi).toMatchObject({ conditions: {}, history: [{ reason: null, after: { conditions: {} } }] });
      expect(
        (await caseOf(await registryChecked({ category: 'kepesertaan', programmeCodes: ['PBI'] }))).suggested_owners,
      ).toEqual(['kemensos-pusdatin', 'bpjs-kesehatan']);
    });
  });

  describe('programme catalogue', () => {
    it('adds a local programme as data: listed for operators and for intake (as system:intake), routed to its owner at once', async () => {
      const zakat = {
        code: 'ZAKAT-PRODUKTIF',
        name: 'Zakat Produktif BAZNAS Kota',
        aliases: ['ZP-BAZNAS'],
        sector: 'sosial-ekonomi',
        scope: 'daerah',
        funder: 'BAZNAS',
        defaultOwnerCode: 'baznas',
        otherOwnerCodes: [],
        notes: 'Modal usaha mustahik.',
        active: true,
      };
      expect(await fail('slrt.rpc.referral.save-programme.v1', zakat, fo)).toMatchObject({ code: 'FORBIDDEN' });
      const bad = await fail(
        'slrt.rpc.referral.save-programme.v1',
        { ...zakat, defaultOwnerCode: 'baznas-provinsi', aliases: ['KIP'] },
        admin,
      );
      expect(bad.fieldErrors!.map((f) => f.field).sort()).toEqual(['aliases.0', 'defaultOwnerCode']);
      const saved = await call('slrt.rpc.referral.save-programme.v1', zakat, admin);
      expect(saved).toMatchObject({ code: 'ZAKAT-PRODUKTIF', funder: 'BAZNAS', scope: 'daerah', version: 1 });
      // Changing it names the version.
      expect(
        await fail('slrt.rpc.referral.save-programme.v1', { ...zakat, name: 'Zakat Produktif' }, admin),
      ).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'expectedVersion' }] });
      expect(
        await call(
          'slrt.rpc.referral.save-programme.v1',
          { ...zakat, name: 'Zakat Produktif', expectedVersion: 1 },
          admin,
        ),
      ).toMatchObject({ version: 2 });

      const forIntake = await asIntake.request(
        'slrt.rpc.referral.list-programmes.v1',
        {},
        { actor: systemActor('intake'), timeoutMs: 10_000 },
      );
      expect(forIntake.items.map((p) => p.code)).toEqual(expect.arrayContaining(['PKH', 'PIP', 'ZAKAT-PRODUKTIF']));
      expect(
        (await call('slrt.rpc.referral.list-programmes.v1', {}, fo)).items.find((p) => p.code === 'ZAKAT-PRODUKTIF'),
      ).toMatchObject({ aliases: ['ZP-BAZNAS'], defaultOwnerCode: 'baznas' });
      expect(await fail('slrt.rpc.referral.list-programmes.v1', {}, poPkh)).toMatchObject({ code: 'FORBIDDEN' });

      expect((await caseOf(await registryChecked({ programmeCodes: ['ZAKAT-PRODUKTIF'] }))).suggested_owners).toEqual([
        'baznas',
      ]);
      const rules = await call(
        'slrt.rpc.referral.list-routing-rules.v1',
        { programmeCode: 'ZAKAT-PRODUKTIF', includeHistory: true },
        admin,
      );
      expect(rules.items.filter((r) => r.programmeCode === 'ZAKAT-PRODUKTIF')).toMatchObject([
        { ownerCodes: ['baznas'], history: [{ actorId: admin.id, before: null }] },
      ]);
    });
  });

  describe('owner reads and access that ends', () => {
    it('audits every owner read: list and get, by a PO user and an owner API key; another owner\u2019s referral is 404 and audited as a read of nothing', async () => {
      const { referralId } = await referred();
      const one = await call('slrt.rpc.referral.get-owner-referral.v1', { referralId }, poPkh);
      expect(one).toMatchObject({
        referralId,
        status: 'sent',
        subject: { nik: NIK },
        closedAt: null,
        personalDataUntil: null,
        personalDataRemoved: false,
      });
      // What NATS owners get in referral.sent: the description (the owner receives it) and the received documents it requires.
      expect(one).toMatchObject({ description: 'Bantuan PKH belum diterima.', documentsReceived: ['KTP', 'KKS'] });
      await call('slrt.rpc.referral.get-owner-referral.v1', { referralId }, pkhKey);
      await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, pkhKey);
      expect(await fail('slrt.rpc.referral.get-owner-referral.v1', { referralId }, poBpjs)).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await fail('slrt.rpc.referral.get-owner-referral.v1', { referralId }, bo)).toMatchObject({
        code: 'FORBIDDEN',
      });
      const rows = await audits(referralId);
      expect(rows.map((r) => [r.actor_id, r.actor_kind, r.owner_code, r.action, r.ids.includes(referralId)])).toEqual([
        ['po-pkh', 'user', 'kemensos-pkh', 'get-owner-referral', true],
        ['owner-key-pkh-9', 'owner-client', 'kemensos-pkh', 'get-owner-referral', true],
        ['owner-key-pkh-9', 'owner-client', 'kemensos-pkh', 'list-owner-referrals', true],
        ['po-bpjs', 'user', 'bpjs-kesehatan', 'get-owner-referral', false],
      ]);
      const audit = await call(
        'slrt.rpc.referral.list-owner-read-audit.v1',
        { ownerCode: 'kemensos-pkh', page: 1, pageSize: 200 },
        admin,
      );
      expect(
        audit.items
          .filter((i) => i.referralIds.includes(referralId))
          .map((i) => i.action)
          .sort(),
      ).toEqual(['get-owner-referral', 'get-owner-referral', 'list-owner-referrals']);
    });

    it('shows the person\u2019s data for the grace period after closing, then ids, status, dates and programmes only; the sweep purges the payload once', async () => {
      const { referralId } = await referred();
      await call(
        'slrt.rpc.referral.respond-to-referral.v1',
        {
          referralId,
          responseId: `pkh-${referralId}`,
          answer: 'resolved',
          note: 'Bantuan tahap III sudah disalurkan.',
        },
        poPkh,
      );
      const closed = await call('slrt.rpc.referral.get-owner-referral.v1', { referralId }, poPkh);
      expect(closed).toMatchObject({
        status: 'resolved',
        subject: { nik: NIK, name: 'Siti Aminah' },
        description: 'Bantuan PKH belum diterima.',
        documentsReceived: ['KTP', 'KKS'],
        personalDataRemoved: false,
      });
      expect(new Date(closed.personalDataUntil!).getTime() - new Date(closed.closedAt!).getTime()).toBe(30 * DAY);

      // 31 days later (the clock is moved by moving the closing back).
      await db.query(`UPDATE referral SET closed_at = closed_at - interval '31 days' WHERE id = $1`, [referralId]);
      const ended = await call('slrt.rpc.referral.get-owner-referral.v1', { referralId }, poPkh);
      expect(ended).toMatchObject({
        referralId,
        receiptNumber: '6271-2611-000123',
        status: 'resolved',
        programmeCodes: ['PKH'],
        subject: {},
        documentsReceived: [],
        personalDataRemoved: true,
      });
      expect(ended.description).toBeUndefined();
      expect(JSON.stringify(ended)).not.toMatch(/Siti|6271015507900001|Jl\. Contoh|belum diterima/);
      const listed = (
        await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, poPkh)
      ).items.find((i) => i.referralId === referralId)!;
      expect(listed).toMatchObject({ subject: {}, personalDataRemoved: true });

      // Two instances sweeping at once purge each referral once; a second round finds nothing.
      const retention = referral.get(OwnerDataRetention);
      const [a, b] = await Promise.all([retention.runOnce(), retention.runOnce()]);
      expect(a + b).toBeGreaterThanOrEqual(1);
      expect(await retention.runOnce()).toBe(0);
      const [row] = (await db.query(`SELECT payload, summary, purged_at FROM referral WHERE id = $1`, [referralId]))
        .rows;
      expect(row.purged_at).not.toBeNull();
      expect(Object.keys(row.payload).every((k) => (OWNER_PAYLOAD_KEPT as readonly string[]).includes(k))).toBe(true);
      expect(row.payload).toMatchObject({ referralId, receiptNumber: '6271-2611-000123', programmeCodes: ['PKH'] });
      expect(row.payload).not.toHaveProperty('description');
      expect(JSON.stringify(row)).not.toMatch(/Siti|6271015507900001|Jl\. Contoh|belum diterima/);
      expect(row.summary).toBe('Pengaduan 6271-2611-000123 (non-kepesertaan, PKH)');
      const metrics = (await referral.get(Metrics).render()).body;
      expect(metrics).toMatch(/referral_owner_payload_purged_total\{[^}]*\} [1-9]/);
      // Still answerable as a record: ids, status and dates.
      const purged = await call('slrt.rpc.referral.get-owner-referral.v1', { referralId }, poPkh);
      expect(purged).toMatchObject({
        status: 'resolved',
        subject: {},
        documentsReceived: [],
        personalDataRemoved: true,
      });
      expect(purged.description).toBeUndefined();
    });

    it('closes the referrals of a case that ends without the owner (withdrawn, closed by the manager) and keeps open ones open', async () => {
      const withdrawn = await referred();
      const open = await referred();
      const v = (await db.query(`SELECT version FROM referral_case WHERE id = $1`, [withdrawn.caseId])).rows[0].version;
      await act(withdrawn.caseId, 'withdraw', mj, v, { note: 'Warga mencabut pengaduan.' });
      const rows = (
        await db.query(`SELECT id, status, closed_at FROM referral WHERE id = ANY($1::uuid[])`, [
          [withdrawn.referralId, open.referralId],
        ])
      ).rows;
      expect(rows.find((r) => r.id === withdrawn.referralId)).toMatchObject({
        status: 'withdrawn',
        closed_at: expect.any(Date),
      });
      expect(rows.find((r) => r.id === open.referralId)).toMatchObject({ status: 'sent', closed_at: null });
      // Nothing of an open referral is purged, whatever its age.
      await db.query(`UPDATE referral SET sent_at = sent_at - interval '400 days' WHERE id = $1`, [open.referralId]);
      await referral.get(OwnerDataRetention).runOnce();
      expect(
        (
          await db.query(`SELECT purged_at, payload->'subject'->>'nik' AS nik FROM referral WHERE id = $1`, [
            open.referralId,
          ])
        ).rows[0],
      ).toEqual({ purged_at: null, nik: NIK });
    });
  });
});
