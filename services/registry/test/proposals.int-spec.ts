/* eslint-disable max-lines -- integration spec of registry proposals: prelist, data changes, PPKS and their lifecycle: its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { type Actor, type PrelistEntryV1, type RpcRequest, type RpcSubject } from '@slrt/contracts';
import {
  createMessagingTables,
  createServiceApp,
  DomainError,
  OutboxPublisher,
  connectRpcClient,
  provisionNats,
  RpcCallError,
  type RpcClient,
} from '@slrt/messaging';
import { createTestSchema, startNatsServer, waitFor, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { PROPOSAL_TRANSITIONS, type ProposalTransitions } from '../src/proposals/proposal-transitions.js';
import { IntakeDoubleModule, SUBJECT, intakeDouble } from './support/intake-double.js';
import { RegistryTestApp } from './support/registry-test-app.js';

const user = (id: string, roles: string[], regionScope: string[]) =>
  ({ kind: 'user', id, roles, regionScope }) as Actor;
const fo = user('fo-pahandut', ['FO'], ['62.71.01.1001']);
const fs = user('fs-pahandut', ['FS'], ['62.71.01']);
const foElsewhere = user('fo-elsewhere', ['FO'], ['62.71.02.1001']);
const spv = user('spv-pahandut', ['SPV'], ['62.71.01']);
const mj = user('mj-kota', ['MJ'], ['62.71']);
const bo = user('bo-kota', ['BO'], ['62.71']);
const admin = user('admin-kota', ['ADMIN'], ['62.71']);
const siks = { kind: 'system', id: 'system:registry', roles: [], regionScope: [] } as unknown as Actor;

const COMPLETE_PROFILE = {
  houseOwnership: 'kontrak-sewa',
  floorAreaM2: 24.5,
  floorMaterial: 'semen-bata-merah',
  wallMaterial: 'kayu-papan',
  roofMaterial: 'seng',
  drinkingWater: 'air-isi-ulang',
  lightingSource: 'listrik-pln-meteran',
  electricityPower: '450',
  toiletFacility: 'bersama',
  assets: ['tabung-gas-5kg'],
  proposalReason: 'jatuh-miskin',
} as const;

describe('registry proposals: prelist, data changes, PPKS and their lifecycle', () => {
  let nats: TestNatsServer;
  let registry: RegistryTestApp;
  let intakeSchema: TestSchema;
  let app: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let port: ProposalTransitions;
  let rpc: RpcClient;
  let gateway: Awaited<ReturnType<typeof connectRpcClient>> | undefined;

  const call = <S extends RpcSubject>(subject: S, data: unknown, actor: Actor) =>
    rpc.request(subject, data as RpcRequest<S>, { actor, timeoutMs: 10_000 });
  const fail = async (subject: RpcSubject, data: unknown, actor: Actor) => {
    const err = await call(subject, data, actor).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof RpcCallError)) throw new Error(`expected ${subject} to fail`);
    return err.error;
  };
  const history = async (id: string) =>
    (
      await db.query(
        `SELECT action, from_status AS "from", to_status AS "to", actor_role AS role FROM proposal_history WHERE proposal_id = $1 ORDER BY id`,
        [id],
      )
    ).rows;
  const events = async (id: string) =>
    (
      await db.query(
        `SELECT envelope->'data'->>'fromStatus' AS "from", envelope->'data'->>'toStatus' AS "to", envelope->'data'->>'action' AS action FROM outbox
         WHERE subject = 'slrt.evt.registry.proposal.status-changed.v1' AND envelope->'data'->>'proposalId' = $1 ORDER BY created_at, id`,
        [id],
      )
    ).rows;
  const fromIntake = async (
    subject: 'slrt.evt.intake.complaint.registry-checked.v1' | 'slrt.evt.intake.complaint.withdrawn.v1',
    data: Record<string, unknown>,
  ) => intake.get(DataSource).transaction((m) => intake.get(OutboxPublisher).publish(m, subject, data as never));
  const registryChecked = (complaintId: string, nextStep: 'prelist' | 'review' = 'prelist') =>
    fromIntake('slrt.evt.intake.complaint.registry-checked.v1', {
      complaintId,
      receiptNumber: '6271-2611-000321',
      desaCode: '62.71.01.1001',
      category: 'kepesertaan',
      programmeCodes: ['PKH'],
      outcome: nextStep === 'prelist' ? 'not-in-registry' : 'in-registry',
      nextStep,
      desil: null,
      dataPeriod: null,
      checkedAt: new Date().toISOString(),
    });
  const entryOf = (complaintId: string) =>
    waitFor(
      async () =>
        (await db.query(`SELECT id, status, version FROM prelist_entry WHERE complaint_id = $1`, [complaintId]))
          .rows[0] as { id: string; status: string; version: number } | undefined,
      { timeoutMs: 20_000, message: 'prelist entry drafted' },
    );
  const createDirect = (key: string, extra: Record<string, unknown> = {}, actor = fo) =>
    call(
      'slrt.rpc.registry.create-prelist-entry.v1',
      {
        idempotencyKey: key,
        desaCode: '62.71.01.1001',
        rt: '001',
        rw: '002',
        address: 'Jl. Sintetis No. 7',
        contactPhone: '+6281298765432',
        profile: COMPLETE_PROFILE,
        members: [
          {
            nik: SUBJECT.nik,
            noKk: SUBJECT.noKk,
            name: 'Ani Sintetis',
            birthDate: '1985-07-01',
            sex: 'F',
            relationship: 'kepala-keluarga',
          },
          { name: 'Bima Sintetis', birthDate: '2012-03-14', sex: 'M', relationship: 'anak', disability: 'fisik' },
        ],
        ...extra,
      },
      actor,
    );

  beforeAll(async () => {
    nats = await startNatsServer();
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    intakeSchema = await createTestSchema('prin');
    const base = { ...nats.serviceEnv('intake'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' };
    const c = new pg.Client({ connectionString: intakeSchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, intakeSchema.schema);
    await c.end();
    intake = (
      await createServiceApp({
        service: 'intake',
        env: loadConfig('intake', BaseServiceEnv, {
          ...base,
          DATABASE_URL: intakeSchema.url,
          DATABASE_SCHEMA: intakeSchema.schema,
        }),
        imports: [IntakeDoubleModule],
      })
    ).app;
    // The registry on the same bus; requests come from intake's client, as in production.
    registry = await RegistryTestApp.start({ schema: 'prop', nats });
    ({ app, db } = registry);
    port = app.get<ProposalTransitions>(PROPOSAL_TRANSITIONS);
    // Operators' requests come from the gateway, as in production (its NATS user, its caller name).
    gateway = await connectRpcClient({ ...nats.credentials('gateway'), service: 'gateway', kabKotaCode: '62.71' });
    rpc = gateway.client;
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await intake?.close();
    await nats?.dispose();
    await intakeSchema?.drop();
  });

  describe('the migration', () => {
    it('seeds the 26 PPKS categories as version 1, all active', async () => {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, min(code) AS first, max(code) AS last, bool_and(active) AS active, max(version) AS v FROM ppks_category`,
      );
      expect(rows[0]).toEqual({ n: 26, first: '01', last: '26', active: true, v: 1 });
    });
  });

  describe('prelist from intake’s triage, through the whole lifecycle', () => {
    const complaintId = uuidv7();
    let entry: PrelistEntryV1;

    it('retries while intake does not answer, writing nothing, then drafts one entry with the subject as member', async () => {
      intakeDouble.available = false;
      await registryChecked(complaintId);
      await waitFor(() => intakeDouble.calls.filter((x) => x.complaintId === complaintId).length >= 2, {
        timeoutMs: 20_000,
        message: 'event retried',
      });
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM prelist_entry WHERE complaint_id = $1`, [complaintId])).rows[0]
          .n,
      ).toBe(0);
      expect((await db.query(`SELECT count(*)::int AS n FROM prelist_member`)).rows[0].n).toBe(0);
      intakeDouble.available = true;
      const row = await entryOf(complaintId);
      expect(
        intakeDouble.calls
          .filter((x) => x.complaintId === complaintId)
          .every((x) => x.actorId === 'system:registry' && x.reveal),
      ).toBe(true);

      entry = await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: row.id }, fo);
      expect(entry).toMatchObject({
        source: 'intake',
        status: 'draft',
        version: 1,
        complaintId,
        desaCode: '62.71.01.1001',
        rt: '002',
        rw: '005',
        address: 'Jl. Sintetis No. 1',
        memberCount: 1,
        revealed: false,
      });
      expect(entry.members).toEqual([
        {
          memberId: entry.members[0]!.memberId,
          nik: '************0003',
          noKk: '************0002',
          name: SUBJECT.name,
          birthDate: '1985',
          sex: 'F',
          relationship: 'lainnya',
          disability: 'tidak-ada',
          verificationOutcome: null,
          verificationNote: null,
          dukcapilStatus: null,
        },
      ]);
      expect(entry.contactPhone).not.toBe(SUBJECT.phone);
      expect(entry.allowedActions).toEqual(['update', 'record-musdes', 'withdraw']);
      expect(await history(row.id)).toEqual([{ action: 'create', from: null, to: 'draft', role: 'SYSTEM' }]);
      expect(await events(row.id)).toEqual([{ action: 'create', from: null, to: 'draft' }]);
    });

    it('changes nothing when the complaint’s event is delivered again or comes again, and drafts nothing for a registered subject', async () => {
      const callsBefore = intakeDouble.calls.length;
      // A redelivery of the very same event (same envelope id) under another JetStream message id, so JetStream's dedup window does not hide it.
      const ic = new pg.Client({
        connectionString: intakeSchema.url,
        options: `-c search_path=${intakeSchema.schema}`,
      });
      await ic.connect();
      const copyId = uuidv7();
      await ic.query(
        `INSERT INTO outbox (id, subject, envelope, headers) SELECT $2, subject, envelope, headers FROM outbox WHERE subject = 'slrt.evt.intake.complaint.registry-checked.v1' AND envelope->'data'->>'complaintId' = $1`,
        [complaintId, copyId],
      );
      await registryChecked(complaintId);
      const other = uuidv7();
      await registryChecked(other, 'review');
      // Both events are handled once a later marker event for a third complaint has produced its entry (one consumer, in order).
      const marker = uuidv7();
      await registryChecked(marker);
      await entryOf(marker);
      // The copy went out before the marker (the relay sends in creation order; one consumer handles them in order).
      await waitFor(
        async () =>
          (await ic.query(`SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE id = $1`, [copyId])).rows[0].sent ===
          true,
        { message: 'the copy was relayed' },
      );
      await ic.end();
      expect(
        (
          await db.query(`SELECT count(*)::int AS n FROM prelist_entry WHERE complaint_id = ANY($1::uuid[])`, [
            [complaintId, other],
          ])
        ).rows[0].n,
      ).toBe(1);
      // The registered subject's complaint is read once (for a kepesertaan data change), drafting no prelist entry.
      expect(intakeDouble.calls.slice(callsBefore).map((x) => x.complaintId)).toEqual([other, marker]);
      expect(await events(entry.entryId)).toHaveLength(1);
      expect((await db.query(`SELECT count(*)::int AS n FROM inbox`)).rows[0].n).toBeGreaterThanOrEqual(4);
    });

    it('reveals NIK, KK and phone only to FO/FS/BO on request, audits every read, and hides the entry outside the region', async () => {
      const revealed = await call(
        'slrt.rpc.registry.get-prelist-entry.v1',
        { entryId: entry.entryId, reveal: true },
        fs,
      );
      expect(revealed.members[0]).toMatchObject({ nik: SUBJECT.nik, noKk: SUBJECT.noKk });
      expect(revealed).toMatchObject({ contactPhone: SUBJECT.phone, revealed: true });
      expect(
        await fail('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entry.entryId, reveal: true }, spv),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'REVEAL_NOT_ALLOWED' });
      expect(
        await fail('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entry.entryId }, foElsewhere),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect(await fail('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entry.entryId }, admin)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'ROLE_NOT_ALLOWED',
      });
      const audit = (
        await db.query(`SELECT actor_id, revealed FROM proposal_read_audit WHERE proposal_id = $1 ORDER BY id`, [
          entry.entryId,
        ])
      ).rows;
      expect(audit).toEqual([
        { actor_id: fo.id, revealed: false },
        { actor_id: fs.id, revealed: true },
      ]);
      const mine = await call('slrt.rpc.registry.list-prelist-entries.v1', { page: 1, pageSize: 50, complaintId }, spv);
      expect(mine.items.map((i) => [i.proposalId, i.name, i.detail])).toEqual([
        [entry.entryId, SUBJECT.name, '1 anggota'],
      ]);
      expect(
        (await call('slrt.rpc.registry.list-prelist-entries.v1', { page: 1, pageSize: 50 }, foElsewhere)).total,
      ).toBe(0);
      // A month alone is ISO 8601 but no timestamp PostgreSQL reads: refused at the contract (found by the gateway fuzz).
      expect(
        await fail('slrt.rpc.registry.list-prelist-entries.v1', { page: 1, pageSize: 50, to: '2026-09' }, spv),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'to', messages: ['Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601'] }],
      });
    });

    it('refuses the musdes while the household profile is incomplete, listing the missing fields', async () => {
      const err = await fail(
        'slrt.rpc.registry.record-musdes.v1',
        {
          entryId: entry.entryId,
          expectedVersion: 1,
          date: '2026-11-25',
          minutesNumber: '140/12/BA/XI/2026',
          attendance: 34,
          decision: 'agreed',
        },
        fo,
      );
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.fieldErrors!.map((f) => f.field)).toEqual([
        'profile.houseOwnership',
        'profile.floorAreaM2',
        'profile.floorMaterial',
        'profile.wallMaterial',
        'profile.roofMaterial',
        'profile.drinkingWater',
        'profile.lightingSource',
        'profile.toiletFacility',
        'profile.proposalReason',
      ]);
    });

    it('updates the draft with a version check, then records the agreed musdes (deliberated)', async () => {
      const members = [
        {
          nik: SUBJECT.nik,
          noKk: SUBJECT.noKk,
          name: SUBJECT.name,
          birthDate: '1985-07-01',
          sex: 'F',
          relationship: 'kepala-keluarga',
        },
        { name: 'Bima Sintetis', birthDate: '2012-03-14', sex: 'M', relationship: 'anak', disability: 'fisik' },
      ];
      const updated = await call(
        'slrt.rpc.registry.update-prelist-entry.v1',
        { entryId: entry.entryId, expectedVersion: 1, profile: COMPLETE_PROFILE, members },
        fo,
      );
      expect(updated).toMatchObject({
        status: 'draft',
        version: 2,
        memberCount: 2,
        disabledMemberCount: 1,
        profile: { ...COMPLETE_PROFILE, proposalReasonNote: null },
      });
      expect(
        await fail(
          'slrt.rpc.registry.update-prelist-entry.v1',
          { entryId: entry.entryId, expectedVersion: 1, rt: '009' },
          fo,
        ),
      ).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
      const badNik = await fail(
        'slrt.rpc.registry.update-prelist-entry.v1',
        { entryId: entry.entryId, expectedVersion: 2, members: [{ ...members[0], nik: '6271019999850003' }] },
        fo,
      );
      expect(badNik).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(badNik.fieldErrors!.map((f) => f.field)).toEqual(['members.0.nik']);

      entry = await call(
        'slrt.rpc.registry.record-musdes.v1',
        {
          entryId: entry.entryId,
          expectedVersion: 2,
          date: '2026-11-25',
          minutesNumber: '140/12/BA/XI/2026',
          attendance: 34,
          decision: 'agreed',
        },
        fo,
      );
      expect(entry).toMatchObject({
        status: 'deliberated',
        version: 3,
        musdes: {
          date: '2026-11-25',
          minutesNumber: '140/12/BA/XI/2026',
          attendance: 34,
          decision: 'agreed',
          note: null,
          attachmentRef: null,
        },
      });
      expect(entry.allowedActions).toEqual(['record-verification', 'record-dukcapil-match', 'withdraw']);
    });

    it('refuses an action the state machine does not allow from the status, listing the allowed ones', async () => {
      const err = await fail(
        'slrt.rpc.registry.record-musdes.v1',
        {
          entryId: entry.entryId,
          expectedVersion: 3,
          date: '2026-11-25',
          minutesNumber: '141/12/BA/XI/2026',
          attendance: 10,
          decision: 'agreed',
        },
        fo,
      );
      expect(err).toMatchObject({
        code: 'CONFLICT',
        reason: 'ILLEGAL_TRANSITION',
        allowed: ['record-verification', 'record-dukcapil-match', 'withdraw'],
      });
      expect(
        await fail(
          'slrt.rpc.registry.record-musdes.v1',
          {
            entryId: entry.entryId,
            expectedVersion: 3,
            date: '2026-11-25',
            minutesNumber: '141',
            attendance: 10,
            decision: 'agreed',
          },
          mj,
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('records the field verification for every member (verified), then Dukcapil matching without a status change', async () => {
      const [head, child] = entry.members;
      const partial = await fail(
        'slrt.rpc.registry.record-field-verification.v1',
        {
          entryId: entry.entryId,
          expectedVersion: 3,
          verifier: 'TKSK Pahandut',
          verifiedAt: '2026-11-27',
          members: [{ memberId: head!.memberId, outcome: 'confirmed' }],
        },
        fo,
      );
      expect(partial).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'members', messages: ['Hasil verifikasi anggota "Bima Sintetis" belum diisi.'] }],
      });
      entry = await call(
        'slrt.rpc.registry.record-field-verification.v1',
        {
          entryId: entry.entryId,
          expectedVersion: 3,
          verifier: 'TKSK Pahandut',
          verifiedAt: '2026-11-27',
          members: [
            { memberId: head!.memberId, outcome: 'confirmed' },
            { memberId: child!.memberId, outcome: 'no-civil-documents', note: 'Belum punya akta' },
          ],
        },
        bo,
      );
      expect(entry).toMatchObject({
        status: 'verified',
        version: 4,
        verifier: 'TKSK Pahandut',
        verifiedAt: '2026-11-27',
      });
      expect(entry.members.map((x) => x.verificationOutcome)).toEqual(['confirmed', 'no-civil-documents']);

      entry = await call(
        'slrt.rpc.registry.record-dukcapil-match.v1',
        { entryId: entry.entryId, expectedVersion: 4, members: [{ memberId: head!.memberId, status: 'padan' }] },
        fs,
      );
      expect(entry).toMatchObject({ status: 'verified', version: 5 });
      expect(entry.members.map((x) => x.dukcapilStatus)).toEqual(['padan', null]);
    });

    it('goes out in a SIKS-NG batch and comes back ratified, then accepted; every status change is exactly one event', async () => {
      const batchId = uuidv7();
      const ds = app.get(DataSource);
      await ds.transaction((m) =>
        port.markSubmitted(m, [{ kind: 'prelist', proposalId: entry.entryId }], batchId, siks),
      );
      expect(
        await fail(
          'slrt.rpc.registry.withdraw-proposal.v1',
          { kind: 'prelist', proposalId: entry.entryId, expectedVersion: 6, reason: 'Coba tarik' },
          fo,
        ),
      ).toMatchObject({ code: 'CONFLICT', allowed: [] });
      const [head] = entry.members;
      const ratified = {
        kind: 'prelist' as const,
        proposalId: entry.entryId,
        status: 'ratified' as const,
        reason: 'Ditetapkan Wali Kota',
        members: [{ memberId: head!.memberId, outcome: null, dukcapil: 'padan' as const }],
      };
      expect(await ds.transaction((m) => port.applyVerivaliResult(m, ratified, batchId, siks))).toEqual({
        outcome: 'applied',
      });
      expect(
        await ds.transaction((m) =>
          port.applyVerivaliResult(m, { ...ratified, status: 'accepted', reason: null }, batchId, siks),
        ),
      ).toEqual({ outcome: 'applied' });
      expect(
        await ds.transaction((m) =>
          port.applyVerivaliResult(
            m,
            { ...ratified, members: [{ memberId: uuidv7(), outcome: null, dukcapil: null }], status: 'rejected' },
            batchId,
            siks,
          ),
        ),
      ).toEqual({
        outcome: 'refused',
        reason: 'Usulan prelist berstatus "accepted" tidak dapat diubah menjadi "rejected".',
      });
      const final = await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entry.entryId }, fo);
      expect(final).toMatchObject({ status: 'accepted', batchId, allowedActions: [] });
      expect(await history(entry.entryId)).toEqual([
        { action: 'create', from: null, to: 'draft', role: 'SYSTEM' },
        { action: 'update', from: 'draft', to: 'draft', role: 'FO' },
        { action: 'record-musdes', from: 'draft', to: 'deliberated', role: 'FO' },
        { action: 'record-verification', from: 'deliberated', to: 'verified', role: 'BO' },
        { action: 'record-dukcapil-match', from: 'verified', to: 'verified', role: 'FS' },
        { action: 'submit', from: 'verified', to: 'submitted', role: 'SYSTEM' },
        { action: 'apply-verivali', from: 'submitted', to: 'ratified', role: 'SYSTEM' },
        { action: 'apply-verivali', from: 'ratified', to: 'accepted', role: 'SYSTEM' },
      ]);
      expect(await events(entry.entryId)).toEqual([
        { action: 'create', from: null, to: 'draft' },
        { action: 'record-musdes', from: 'draft', to: 'deliberated' },
        { action: 'record-verification', from: 'deliberated', to: 'verified' },
        { action: 'submit', from: 'verified', to: 'submitted' },
        { action: 'apply-verivali', from: 'submitted', to: 'ratified' },
        { action: 'apply-verivali', from: 'ratified', to: 'accepted' },
      ]);
    });

    it('withdraws the unsubmitted prelist entries of a withdrawn complaint', async () => {
      const withdrawnComplaint = uuidv7();
      await registryChecked(withdrawnComplaint);
      const row = await entryOf(withdrawnComplaint);
      await fromIntake('slrt.evt.intake.complaint.withdrawn.v1', {
        complaintId: withdrawnComplaint,
        receiptNumber: '6271-2611-000321',
        reason: 'Warga membatalkan',
        withdrawnAt: new Date().toISOString(),
      });
      await waitFor(
        async () =>
          (await db.query(`SELECT status FROM prelist_entry WHERE id = $1`, [row.id])).rows[0].status === 'withdrawn',
        { message: 'entry withdrawn' },
      );
      expect(await events(row.id)).toEqual([
        { action: 'create', from: null, to: 'draft' },
        { action: 'withdraw', from: 'draft', to: 'withdrawn' },
      ]);
      // The accepted entry of the first complaint is untouched by a withdrawal of its complaint.
      await fromIntake('slrt.evt.intake.complaint.withdrawn.v1', {
        complaintId,
        receiptNumber: '6271-2611-000321',
        reason: 'Warga membatalkan',
        withdrawnAt: new Date().toISOString(),
      });
      await waitFor(
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM inbox WHERE subject = 'slrt.evt.intake.complaint.withdrawn.v1'`,
            )
          ).rows[0].n === 2,
        { message: 'second withdrawal handled' },
      );
      expect((await db.query(`SELECT status FROM prelist_entry WHERE id = $1`, [entry.entryId])).rows[0].status).toBe(
        'accepted',
      );
    });
  });

  describe('prelist entered directly', () => {
    it('is idempotent by key and refuses a second entry for the same complaint', async () => {
      const complaintId = uuidv7();
      const first = await createDirect('direct-key-0001', { complaintId });
      expect(first).toMatchObject({
        source: 'direct',
        status: 'draft',
        version: 1,
        memberCount: 2,
        disabledMemberCount: 1,
        contactPhone: '+62812*****432',
      });
      const again = await createDirect('direct-key-0001', { complaintId });
      expect(again).toMatchObject({ entryId: first.entryId, replayed: true });
      expect(
        await fail(
          'slrt.rpc.registry.create-prelist-entry.v1',
          {
            idempotencyKey: 'direct-key-0002',
            complaintId,
            desaCode: '62.71.01.1001',
            profile: {},
            members: [{ name: 'X Sintetis', relationship: 'anak' }],
          },
          fo,
        ),
      ).toMatchObject({
        code: 'CONFLICT',
        reason: 'COMPLAINT_HAS_PRELIST',
      });
      expect(await events(first.entryId)).toEqual([{ action: 'create', from: null, to: 'draft' }]);
    });

    it('refuses a desa outside the officer’s region and roles that may not create', async () => {
      expect(
        await fail(
          'slrt.rpc.registry.create-prelist-entry.v1',
          {
            idempotencyKey: 'direct-key-0003',
            desaCode: '62.71.02.1001',
            profile: {},
            members: [{ name: 'X Sintetis', relationship: 'anak' }],
          },
          fo,
        ),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'desaCode', messages: ['Di luar wilayah kerja Anda.'] }],
      });
      expect(
        (
          await fail(
            'slrt.rpc.registry.create-prelist-entry.v1',
            {
              idempotencyKey: 'direct-key-0004',
              desaCode: '62.71.01.1001',
              profile: {},
              members: [{ name: 'X Sintetis', relationship: 'anak' }],
            },
            spv,
          )
        ).code,
      ).toBe('FORBIDDEN');
    });

    it('makes a declined musdes final', async () => {
      const e = await createDirect('direct-key-0005');
      const declined = await call(
        'slrt.rpc.registry.record-musdes.v1',
        {
          entryId: e.entryId,
          expectedVersion: 1,
          date: '2026-11-25',
          minutesNumber: '142/BA/2026',
          attendance: 20,
          decision: 'not-agreed',
          note: 'Mampu secara ekonomi',
        },
        fs,
      );
      expect(declined).toMatchObject({
        status: 'declined',
        version: 2,
        statusReason: 'Tidak disetujui musdes (BA 142/BA/2026): Mampu secara ekonomi',
        allowedActions: [],
      });
      for (const [subject, body] of [
        [
          'slrt.rpc.registry.record-musdes.v1',
          {
            entryId: e.entryId,
            expectedVersion: 2,
            date: '2026-11-26',
            minutesNumber: '143/BA/2026',
            attendance: 20,
            decision: 'agreed',
          },
        ],
        ['slrt.rpc.registry.update-prelist-entry.v1', { entryId: e.entryId, expectedVersion: 2, rt: '003' }],
        [
          'slrt.rpc.registry.withdraw-proposal.v1',
          { kind: 'prelist', proposalId: e.entryId, expectedVersion: 2, reason: 'Tarik saja' },
        ],
      ] as const) {
        expect(await fail(subject, body, fs)).toMatchObject({
          code: 'CONFLICT',
          reason: 'ILLEGAL_TRANSITION',
          allowed: [],
        });
      }
      expect(await events(e.entryId)).toEqual([
        { action: 'create', from: null, to: 'draft' },
        { action: 'record-musdes', from: 'draft', to: 'declined' },
      ]);
    });

    it('withdraws a draft on request, with the reason', async () => {
      const e = await createDirect('direct-key-0006');
      expect(
        await call(
          'slrt.rpc.registry.withdraw-proposal.v1',
          { kind: 'prelist', proposalId: e.entryId, expectedVersion: 1, reason: 'Salah input' },
          spv,
        ),
      ).toEqual({ proposalId: e.entryId, kind: 'prelist', status: 'withdrawn', version: 2 });
      expect((await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: e.entryId }, fo)).statusReason).toBe(
        'Salah input',
      );
    });
  });

  describe('data changes', () => {
    const NIK = '6271015507900001';
    beforeAll(async () => {
      await db.query(
        `INSERT INTO member (household_id, member_id, nik, no_kk, name, birth_date, sex, relationship, address, desa_code, desil, flags)
         VALUES ('HH-0001', 'M-0001', $1, '6271010101200002', 'Dewi Sintetis', '1990-07-15', 'F', 'istri-suami', 'Jl. Lama No. 2', '62.71.01.1001', 2, '{PKH}')`,
        [NIK],
      );
    });

    it('shows the current value from the snapshot beside the proposed one, and refuses a value equal to the current', async () => {
      const dc = await call(
        'slrt.rpc.registry.create-data-change.v1',
        {
          idempotencyKey: 'dc-key-00001',
          nik: NIK,
          changes: [
            { field: 'address', proposed: 'Jl. Baru No. 5' },
            { field: 'member_status', proposed: 'moved' },
            { field: 'no_kk', proposed: '6271010101210003' },
          ],
          reason: 'Pindah alamat',
        },
        bo,
      );
      expect(dc).toMatchObject({
        status: 'draft',
        version: 1,
        nik: '************0001',
        name: 'Dewi Sintetis',
        householdId: 'HH-0001',
        desaCode: '62.71.01.1001',
        reason: 'Pindah alamat',
        allowedActions: ['withdraw'],
      });
      expect(dc.changes).toEqual([
        { field: 'address', current: 'Jl. Lama No. 2', proposed: 'Jl. Baru No. 5' },
        { field: 'member_status', current: 'active', proposed: 'moved' },
        { field: 'no_kk', current: '************0002', proposed: '************0003' },
      ]);
      const full = await call(
        'slrt.rpc.registry.get-data-change.v1',
        { dataChangeId: dc.dataChangeId, reveal: true },
        fo,
      );
      expect(full.changes[2]).toEqual({ field: 'no_kk', current: '6271010101200002', proposed: '6271010101210003' });
      expect(full.nik).toBe(NIK);
      const same = await fail(
        'slrt.rpc.registry.create-data-change.v1',
        {
          idempotencyKey: 'dc-key-00002',
          nik: NIK,
          changes: [
            { field: 'sex', proposed: 'F' },
            { field: 'birth_date', proposed: '2099-01-01' },
          ],
          reason: 'Koreksi',
        },
        fo,
      );
      expect(same).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(same.fieldErrors).toEqual([
        { field: 'changes.0.proposed', messages: ['Nilai usulan sama dengan data sekarang.'] },
        { field: 'changes.1.proposed', messages: ['Tanggal lahir tidak boleh di masa depan.'] },
      ]);
      expect(
        await fail(
          'slrt.rpc.registry.create-data-change.v1',
          {
            idempotencyKey: 'dc-key-00003',
            nik: '6271014107850003',
            changes: [{ field: 'name', proposed: 'Siapa' }],
            reason: 'Koreksi',
          },
          fo,
        ),
      ).toMatchObject({ code: 'NOT_FOUND', reason: 'PERSON_NOT_IN_SNAPSHOT' });
      expect(
        await fail(
          'slrt.rpc.registry.create-data-change.v1',
          {
            idempotencyKey: 'dc-key-00004',
            nik: NIK,
            changes: [{ field: 'name', proposed: 'Dewi S' }],
            reason: 'Koreksi',
          },
          foElsewhere,
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('is approved or declined only by MJ or SEKRETARIAT, a decline needing a note', async () => {
      const dc = await call(
        'slrt.rpc.registry.create-data-change.v1',
        {
          idempotencyKey: 'dc-key-00005',
          nik: NIK,
          changes: [{ field: 'name', proposed: 'Dewi Sintetis Putri' }],
          reason: 'Sesuai KTP',
        },
        fo,
      );
      expect(
        await fail(
          'slrt.rpc.registry.decide-data-change.v1',
          { dataChangeId: dc.dataChangeId, expectedVersion: 1, decision: 'approve' },
          fo,
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(
        await fail(
          'slrt.rpc.registry.decide-data-change.v1',
          { dataChangeId: dc.dataChangeId, expectedVersion: 1, decision: 'decline' },
          mj,
        ),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'note', messages: ['Wajib diisi untuk menolak.'] }],
      });
      const approved = await call(
        'slrt.rpc.registry.decide-data-change.v1',
        { dataChangeId: dc.dataChangeId, expectedVersion: 1, decision: 'approve', note: 'Sesuai dokumen' },
        mj,
      );
      expect(approved).toMatchObject({ status: 'approved', version: 2, decidedBy: mj.id });
      expect(
        await fail(
          'slrt.rpc.registry.decide-data-change.v1',
          { dataChangeId: dc.dataChangeId, expectedVersion: 2, decision: 'decline', note: 'Berubah pikiran' },
          mj,
        ),
      ).toMatchObject({ code: 'CONFLICT', allowed: ['withdraw'] });
      expect(await events(dc.dataChangeId)).toEqual([
        { action: 'create', from: null, to: 'draft' },
        { action: 'approve', from: 'draft', to: 'approved' },
      ]);
      const list = await call(
        'slrt.rpc.registry.list-data-changes.v1',
        { status: 'approved', page: 1, pageSize: 10 },
        spv,
      );
      expect(list.items.map((i) => [i.proposalId, i.name, i.detail])).toEqual([
        [dc.dataChangeId, 'Dewi Sintetis', 'name'],
      ]);
    });
  });

  describe('PPKS records and categories', () => {
    it('records a PPKS person under the active category version and refuses an inactive category', async () => {
      const cat = await call(
        'slrt.rpc.registry.save-ppks-category.v1',
        { code: '08', name: 'Lanjut Usia Telantar', validFrom: '2027-01-01', active: true },
        admin,
      );
      expect(cat).toEqual({
        code: '08',
        version: 2,
        name: 'Lanjut Usia Telantar',
        validFrom: '2027-01-01',
        active: true,
      });
      expect(
        await fail(
          'slrt.rpc.registry.save-ppks-category.v1',
          { code: '08', name: 'Lansia Terlantar', validFrom: '2027-01-01', active: true },
          fo,
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      await call(
        'slrt.rpc.registry.save-ppks-category.v1',
        { code: '14', name: 'Kelompok Minoritas', validFrom: '2027-01-01', active: false },
        admin,
      );
      const active = await call('slrt.rpc.registry.list-ppks-categories.v1', {}, fo);
      expect(active.items).toHaveLength(25);
      expect(active.items.find((c) => c.code === '08')).toMatchObject({ version: 2, active: true });

      const rec = await call(
        'slrt.rpc.registry.create-ppks-record.v1',
        {
          idempotencyKey: 'ppks-key-0001',
          categoryCode: '08',
          name: 'Mbah Sintetis',
          nik: SUBJECT.nik,
          sex: 'F',
          desaCode: '62.71.01.1001',
          conditionNote: 'Tinggal sendiri, tidak mampu mengurus diri.',
        },
        fo,
      );
      expect(rec).toMatchObject({
        status: 'recorded',
        version: 1,
        categoryCode: '08',
        categoryVersion: 2,
        categoryName: 'Lanjut Usia Telantar',
        nik: '************0003',
        allowedActions: ['withdraw'],
      });
      expect(await events(rec.ppksRecordId)).toEqual([{ action: 'create', from: null, to: 'recorded' }]);
      expect(
        await fail(
          'slrt.rpc.registry.create-ppks-record.v1',
          {
            idempotencyKey: 'ppks-key-0002',
            categoryCode: '14',
            name: 'Orang Sintetis',
            desaCode: '62.71.01.1001',
            conditionNote: 'Kondisi sintetis.',
          },
          fo,
        ),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'categoryCode', messages: ['Kategori PPKS tidak dikenal atau tidak aktif.'] }],
      });
      const list = await call(
        'slrt.rpc.registry.list-ppks-records.v1',
        { categoryCode: '08', page: 1, pageSize: 10 },
        mj,
      );
      expect(list.items.map((i) => [i.proposalId, i.name, i.detail])).toEqual([
        [rec.ppksRecordId, 'Mbah Sintetis', '08'],
      ]);
      expect(
        await fail('slrt.rpc.registry.get-ppks-record.v1', { ppksRecordId: rec.ppksRecordId }, foElsewhere),
      ).toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('the ProposalTransitions port (SIKS-NG exchange)', () => {
    const insertPpks = async (status: string) => {
      const id = uuidv7();
      await db.query(
        `INSERT INTO ppks_record (id, desa_code, name, category_code, category_version, condition_note, status, created_by) VALUES ($1, '62.71.01.1001', 'Sintetis', '09', 1, 'catatan', $2, 'test')`,
        [id, status],
      );
      return id;
    };

    it('submits exportable proposals with the batch, and refuses one that is not exportable (nothing changes)', async () => {
      const a = await insertPpks('recorded');
      const b = await insertPpks('withdrawn');
      const batchId = uuidv7();
      const ds = app.get(DataSource);
      const err = await ds
        .transaction((m) =>
          port.markSubmitted(
            m,
            [
              { kind: 'ppks', proposalId: a },
              { kind: 'ppks', proposalId: b },
            ],
            batchId,
            siks,
          ),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).rpcError).toMatchObject({ code: 'CONFLICT', reason: 'NOT_EXPORTABLE', allowed: [] });
      expect((await db.query(`SELECT status, batch_id FROM ppks_record WHERE id = $1`, [a])).rows[0]).toEqual({
        status: 'recorded',
        batch_id: null,
      });

      await ds.transaction((m) => port.markSubmitted(m, [{ kind: 'ppks', proposalId: a }], batchId, siks));
      expect((await db.query(`SELECT status, batch_id, version FROM ppks_record WHERE id = $1`, [a])).rows[0]).toEqual({
        status: 'submitted',
        batch_id: batchId,
        version: 2,
      });
      expect(await history(a)).toEqual([{ action: 'submit', from: 'recorded', to: 'submitted', role: 'SYSTEM' }]);
      expect(await events(a)).toEqual([{ action: 'submit', from: 'recorded', to: 'submitted' }]);
    });

    it('applies a verivali result once, leaves a repeated one unchanged and refuses a move the state machine does not allow', async () => {
      const a = await insertPpks('recorded');
      const batchId = uuidv7();
      const ds = app.get(DataSource);
      await ds.transaction((m) => port.markSubmitted(m, [{ kind: 'ppks', proposalId: a }], batchId, siks));
      const result = { kind: 'ppks' as const, proposalId: a, status: 'accepted' as const, reason: null, members: [] };
      expect(await ds.transaction((m) => port.applyVerivaliResult(m, result, batchId, siks))).toEqual({
        outcome: 'applied',
      });
      expect(await ds.transaction((m) => port.applyVerivaliResult(m, result, batchId, siks))).toEqual({
        outcome: 'unchanged',
      });
      expect(
        await ds.transaction((m) => port.applyVerivaliResult(m, { ...result, status: 'ratified' }, batchId, siks)),
      ).toEqual({
        outcome: 'refused',
        reason: 'Data PPKS berstatus "accepted" tidak dapat diubah menjadi "ratified".',
      });
      expect(await events(a)).toEqual([
        { action: 'submit', from: 'recorded', to: 'submitted' },
        { action: 'apply-verivali', from: 'submitted', to: 'accepted' },
      ]);
    });
  });

  describe('after all of the above', () => {
    it('published exactly one event per status change, and none for data recorded without one', async () => {
      const { rows } = await db.query(
        `SELECT (SELECT count(*)::int FROM proposal_history WHERE from_status IS DISTINCT FROM to_status) AS transitions,
                (SELECT count(*)::int FROM proposal_history WHERE from_status = to_status) AS unchanged,
                (SELECT count(*)::int FROM outbox WHERE subject = 'slrt.evt.registry.proposal.status-changed.v1') AS events`,
      );
      expect(rows[0].events).toBe(rows[0].transitions);
      expect(rows[0].events).toBeGreaterThan(20);
      expect(rows[0].unchanged).toBe(2);
    });
  });
});
