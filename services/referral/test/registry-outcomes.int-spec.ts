/* eslint-disable max-lines -- integration spec of referral: cases learn the registry’s outcomes of their proposals: its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, ProposalKind, ProposalStatus } from '@slrt/contracts';
import { OutboxPublisher, type RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const spv = { kind: 'user', id: 'u-spv', roles: ['SPV'], regionScope: ['62.71.01'] } as Actor;

describe('referral: cases learn the registry\u2019s outcomes of their proposals', () => {
  let stack: ReferralStack;
  let gateway: RpcClient;
  let registry: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let db: pg.Client;

  const publishFrom = (
    app: NestFastifyApplication,
    fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<unknown>,
  ) => app.get(DataSource).transaction((m) => fn(app.get(OutboxPublisher), m));
  const openCase = (complaintId: string, nextStep: 'review' | 'prelist' | 'civil-registration' = 'review') =>
    publishFrom(intake, (p, m) =>
      p.publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2611-000321',
        desaCode: '62.71.01.1001',
        category: 'kepesertaan',
        programmeCodes: ['PKH'],
        outcome: nextStep === 'review' ? 'in-registry' : nextStep === 'prelist' ? 'not-in-registry' : 'no-identity',
        nextStep,
        desil: nextStep === 'review' ? 3 : null,
        dataPeriod: nextStep === 'civil-registration' ? null : '2026-09',
        checkedAt: new Date().toISOString(),
      }),
    );
  const proposalEvent = (
    complaintId: string | null,
    proposalId: string,
    kind: ProposalKind,
    fromStatus: ProposalStatus | null,
    toStatus: ProposalStatus,
    action: string,
    reason: string | null = null,
    batchId: string | null = null,
  ) =>
    publishFrom(registry, (p, m) =>
      p.publish(m, 'slrt.evt.registry.proposal.status-changed.v1', {
        proposalId,
        kind,
        complaintId,
        desaCode: '62.71.01.1001',
        fromStatus,
        toStatus,
        action,
        reason,
        batchId,
        changedAt: new Date().toISOString(),
      }),
    );
  const caseOf = (complaintId: string) =>
    waitFor(
      async () =>
        (await db.query(`SELECT id, state FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0] as
          { id: string; state: string } | undefined,
      { message: 'case opened' },
    );
  const history = async (caseId: string) =>
    (
      await gateway.request('slrt.rpc.referral.get-case.v1', { caseId }, { actor: spv, timeoutMs: 10_000 })
    ).history!.map((h) => [h.action, h.from, h.to, h.actorRole, h.note]);
  const outcomes = async (complaintId: string) =>
    (
      await db.query(
        `SELECT to_status, case_id FROM registry_outcome WHERE complaint_id = $1 ORDER BY changed_at, recorded_at`,
        [complaintId],
      )
    ).rows;

  beforeAll(async () => {
    // Stand-in producers with their own outboxes: an event travels outbox → relay → JetStream → referral, as in production.
    stack = await startReferralStack('rout', {}, { doubles: ['registry'] });
    ({ intake, db, rpc: gateway } = stack);
    registry = stack.doubles.registry!;
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('records each step in the case history and resolves the case when the household enters DTKS/DTSEN', async () => {
    const complaintId = uuidv7();
    await openCase(complaintId);
    const c = await caseOf(complaintId);
    const proposalId = uuidv7();
    const batchId = uuidv7();
    await proposalEvent(complaintId, proposalId, 'data-change', null, 'draft', 'create');
    await proposalEvent(complaintId, proposalId, 'data-change', 'draft', 'approved', 'approve');
    await proposalEvent(complaintId, proposalId, 'data-change', 'approved', 'submitted', 'submit', null, batchId);
    await waitFor(async () => (await outcomes(complaintId)).length === 3 || undefined, {
      message: 'three steps recorded',
    });
    await proposalEvent(
      complaintId,
      proposalId,
      'data-change',
      'submitted',
      'accepted',
      'apply-verivali',
      null,
      batchId,
    );
    await waitFor(async () => (await caseOf(complaintId)).state === 'resolved' || undefined, {
      message: 'case resolved',
    });
    expect(await history(c.id)).toEqual([
      [
        'registry-update',
        'awaiting-supervisor',
        'awaiting-supervisor',
        'SYSTEM',
        'Usulan perubahan data dibuat di registri.',
      ],
      [
        'registry-update',
        'awaiting-supervisor',
        'awaiting-supervisor',
        'SYSTEM',
        'Usulan perubahan data disetujui untuk dikirim ke SIKS-NG.',
      ],
      [
        'registry-update',
        'awaiting-supervisor',
        'awaiting-supervisor',
        'SYSTEM',
        `Usulan perubahan data dikirim ke SIKS-NG (batch ${batchId}).`,
      ],
      [
        'registry-accept',
        'awaiting-supervisor',
        'resolved',
        'SYSTEM',
        'Usulan perubahan data diterima: masuk DTKS/DTSEN.',
      ],
    ]);
    expect((await outcomes(complaintId)).map((o) => [o.to_status, o.case_id])).toEqual([
      ['draft', c.id],
      ['approved', c.id],
      ['submitted', c.id],
      ['accepted', c.id],
    ]);
    // The citizen can be told: the case's transition is an event like any other.
    const events = (
      await db.query(
        `SELECT envelope->'data'->>'action' AS action, envelope->'data'->>'to' AS "to" FROM outbox WHERE subject = 'slrt.evt.referral.case.transitioned.v1' AND envelope->'data'->>'caseId' = $1`,
        [c.id],
      )
    ).rows;
    expect(events).toEqual([{ action: 'registry-accept', to: 'resolved' }]);
  });

  it('ends the case as rejected, with the ministry\u2019s reason, and records a later step in place', async () => {
    const complaintId = uuidv7();
    await openCase(complaintId);
    const c = await caseOf(complaintId);
    const proposalId = uuidv7();
    await proposalEvent(
      complaintId,
      proposalId,
      'ppks',
      'submitted',
      'rejected',
      'apply-verivali',
      'Sudah terdaftar sebagai penerima di kabupaten lain',
    );
    await waitFor(async () => (await caseOf(complaintId)).state === 'rejected-by-owner' || undefined, {
      message: 'case rejected',
    });
    await proposalEvent(complaintId, uuidv7(), 'prelist', 'ratified', 'accepted', 'apply-verivali');
    await waitFor(async () => (await outcomes(complaintId)).length === 2 || undefined, {
      message: 'second outcome recorded',
    });
    expect(await history(c.id)).toEqual([
      [
        'registry-reject',
        'awaiting-supervisor',
        'rejected-by-owner',
        'SYSTEM',
        'Data PPKS ditolak oleh Kementerian Sosial: Sudah terdaftar sebagai penerima di kabupaten lain.',
      ],
      // an ended case is not moved again by the registry; the outcome is recorded for the operators
      [
        'registry-update',
        'rejected-by-owner',
        'rejected-by-owner',
        'SYSTEM',
        'Usulan prelist (daftar awal) diterima: masuk DTKS/DTSEN.',
      ],
    ]);
  });

  it('keeps the outcomes of a complaint without a case, and the case opened later takes them in order', async () => {
    const complaintId = uuidv7();
    const proposalId = uuidv7();
    await proposalEvent(complaintId, proposalId, 'prelist', null, 'draft', 'create');
    await proposalEvent(
      complaintId,
      proposalId,
      'prelist',
      'draft',
      'declined',
      'record-musdes',
      'Tidak memenuhi kriteria musyawarah',
    );
    await waitFor(async () => (await outcomes(complaintId)).length === 2 || undefined, {
      message: 'outcomes recorded without a case',
    });
    expect(await outcomes(complaintId)).toEqual([
      { to_status: 'draft', case_id: null },
      { to_status: 'declined', case_id: null },
    ]);
    await openCase(complaintId);
    const c = await waitFor(async () => {
      const row = await caseOf(complaintId);
      return row.state === 'rejected-by-owner' ? row : undefined;
    });
    expect(await history(c.id)).toEqual([
      [
        'registry-update',
        'awaiting-supervisor',
        'awaiting-supervisor',
        'SYSTEM',
        'Usulan prelist (daftar awal) dibuat di registri.',
      ],
      [
        'registry-reject',
        'awaiting-supervisor',
        'rejected-by-owner',
        'SYSTEM',
        'Usulan prelist (daftar awal) tidak disetujui dalam musyawarah desa/kelurahan: Tidak memenuhi kriteria musyawarah.',
      ],
    ]);
    expect((await outcomes(complaintId)).every((o) => o.case_id === c.id)).toBe(true);
  });

  it('opens a waiting case for a prelist complaint (not in DTKS/DTSEN), which the registry\u2019s outcome resolves or ends', async () => {
    const accepted = uuidv7();
    const declined = uuidv7();
    const noIdentity = uuidv7();
    await openCase(accepted, 'prelist');
    await openCase(declined, 'prelist');
    await openCase(noIdentity, 'civil-registration');
    const a = await caseOf(accepted);
    const d = await caseOf(declined);
    expect([a.state, d.state]).toEqual(['awaiting-registry', 'awaiting-registry']);
    const opened = (
      await db.query(
        `SELECT envelope->'data' AS data FROM outbox WHERE subject = 'slrt.evt.referral.case.opened.v1' AND envelope->'data'->>'caseId' = $1`,
        [a.id],
      )
    ).rows;
    expect(opened).toEqual([
      {
        data: expect.objectContaining({ caseId: a.id, complaintId: accepted, state: 'awaiting-registry', dueAt: null }),
      },
    ]);
    // the secretariat sees it waiting (all queue), with no deadline and nothing for the supervisor to do
    const view = await gateway.request(
      'slrt.rpc.referral.get-case.v1',
      { caseId: a.id },
      { actor: spv, timeoutMs: 10_000 },
    );
    expect(view).toMatchObject({
      state: 'awaiting-registry',
      dueAt: null,
      deadline: 'on-track',
      allowedActions: ['withdraw'],
    });
    const listed = await gateway.request(
      'slrt.rpc.referral.list-cases.v1',
      { queue: 'all', state: 'awaiting-registry', page: 1, pageSize: 50 },
      { actor: spv, timeoutMs: 10_000 },
    );
    expect(listed.items.map((i) => i.caseId)).toEqual(expect.arrayContaining([a.id, d.id]));
    const mine = await gateway.request(
      'slrt.rpc.referral.list-cases.v1',
      { queue: 'mine', page: 1, pageSize: 200 },
      { actor: spv, timeoutMs: 10_000 },
    );
    expect(mine.items.map((i) => i.caseId)).not.toContain(a.id);

    const pa = uuidv7();
    const batchId = uuidv7();
    await proposalEvent(accepted, pa, 'prelist', null, 'draft', 'create');
    await proposalEvent(accepted, pa, 'prelist', 'draft', 'deliberated', 'record-musdes');
    await proposalEvent(accepted, pa, 'prelist', 'deliberated', 'verified', 'record-verification');
    await proposalEvent(accepted, pa, 'prelist', 'verified', 'submitted', 'submit', null, batchId);
    await waitFor(async () => (await outcomes(accepted)).length === 4 || undefined, {
      message: 'four prelist steps recorded',
    });
    await proposalEvent(accepted, pa, 'prelist', 'submitted', 'accepted', 'apply-verivali', null, batchId);
    await waitFor(async () => (await caseOf(accepted)).state === 'resolved' || undefined, {
      message: 'prelist case resolved',
    });
    expect(await history(a.id)).toEqual([
      [
        'registry-update',
        'awaiting-registry',
        'awaiting-registry',
        'SYSTEM',
        'Usulan prelist (daftar awal) dibuat di registri.',
      ],
      [
        'registry-update',
        'awaiting-registry',
        'awaiting-registry',
        'SYSTEM',
        'Usulan prelist (daftar awal) disetujui dalam musyawarah desa/kelurahan.',
      ],
      [
        'registry-update',
        'awaiting-registry',
        'awaiting-registry',
        'SYSTEM',
        'Usulan prelist (daftar awal) selesai diverifikasi di lapangan.',
      ],
      [
        'registry-update',
        'awaiting-registry',
        'awaiting-registry',
        'SYSTEM',
        `Usulan prelist (daftar awal) dikirim ke SIKS-NG (batch ${batchId}).`,
      ],
      [
        'registry-accept',
        'awaiting-registry',
        'resolved',
        'SYSTEM',
        'Usulan prelist (daftar awal) diterima: masuk DTKS/DTSEN.',
      ],
    ]);
    expect((await outcomes(accepted)).every((o) => o.case_id === a.id)).toBe(true);

    const pd = uuidv7();
    await proposalEvent(declined, pd, 'prelist', null, 'draft', 'create');
    await proposalEvent(
      declined,
      pd,
      'prelist',
      'draft',
      'declined',
      'record-musdes',
      'Tidak memenuhi kriteria musyawarah',
    );
    await waitFor(async () => (await caseOf(declined)).state === 'rejected-by-owner' || undefined, {
      message: 'prelist case rejected',
    });
    expect(await history(d.id)).toEqual([
      [
        'registry-update',
        'awaiting-registry',
        'awaiting-registry',
        'SYSTEM',
        'Usulan prelist (daftar awal) dibuat di registri.',
      ],
      [
        'registry-reject',
        'awaiting-registry',
        'rejected-by-owner',
        'SYSTEM',
        'Usulan prelist (daftar awal) tidak disetujui dalam musyawarah desa/kelurahan: Tidak memenuhi kriteria musyawarah.',
      ],
    ]);
    const moved = (
      await db.query(
        `SELECT envelope->'data'->>'caseId' AS "caseId", envelope->'data'->>'action' AS action, envelope->'data'->>'to' AS "to" FROM outbox WHERE subject = 'slrt.evt.referral.case.transitioned.v1' AND envelope->'data'->>'caseId' = ANY($1::text[]) ORDER BY created_at`,
        [[a.id, d.id]],
      )
    ).rows;
    expect(moved).toEqual(
      expect.arrayContaining([
        { caseId: a.id, action: 'registry-accept', to: 'resolved' },
        { caseId: d.id, action: 'registry-reject', to: 'rejected-by-owner' },
      ]),
    );
    expect(moved).toHaveLength(2);
    // a complaint waiting for civil registration (no NIK/KK) still has no case
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM referral_case WHERE complaint_id = $1`, [noIdentity])).rows[0].n,
    ).toBe(0);
  });

  it('replays outcomes that arrived before a prelist complaint\u2019s case into it', async () => {
    const complaintId = uuidv7();
    const proposalId = uuidv7();
    await proposalEvent(complaintId, proposalId, 'prelist', null, 'draft', 'create');
    await waitFor(async () => (await outcomes(complaintId)).length === 1 || undefined, {
      message: 'outcome recorded without a case',
    });
    await openCase(complaintId, 'prelist');
    const c = await waitFor(
      async () => {
        const row = (await db.query(`SELECT id, state FROM referral_case WHERE complaint_id = $1`, [complaintId]))
          .rows[0] as { id: string; state: string } | undefined;
        return row && (await outcomes(complaintId)).every((o) => o.case_id === row.id) ? row : undefined;
      },
      { message: 'case opened with the earlier outcome' },
    );
    expect(c.state).toBe('awaiting-registry');
    expect(await history(c.id)).toEqual([
      [
        'registry-update',
        'awaiting-registry',
        'awaiting-registry',
        'SYSTEM',
        'Usulan prelist (daftar awal) dibuat di registri.',
      ],
    ]);
  });

  it('ignores proposals made without a complaint, and applies each event once', async () => {
    await proposalEvent(null, uuidv7(), 'ppks', null, 'recorded', 'create');
    const marker = uuidv7();
    await proposalEvent(marker, uuidv7(), 'ppks', null, 'recorded', 'create');
    await waitFor(async () => (await outcomes(marker)).length === 1 || undefined, { message: 'later event processed' });
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM registry_outcome WHERE complaint_id IS NULL`)).rows[0].n,
    ).toBe(0);
    const inbox = (await db.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'referral-proposal-status'`))
      .rows[0].n as number;
    const recorded = (await db.query(`SELECT count(*)::int AS n FROM registry_outcome`)).rows[0].n as number;
    // every event (with or without complaint) went through the inbox once; only those with a complaint were recorded
    expect(inbox).toBe(recorded + 1);
  });
});
