/* eslint-disable max-lines -- integration spec of intake: the supervisor check of FS submissions: its tests share one booted stack, which takes seconds to start */
import { v7 as uuidv7 } from 'uuid';
import type { LookupNikResponseV1 } from '@slrt/contracts';
import { waitFor } from '@slrt/testing';
import { operator, registration, registryDouble, startIntake, type IntakeHarness } from './support/intake-harness.js';

const SYNC = 'slrt.rpc.intake.sync-field-complaints.v1' as const;
const LIST = 'slrt.rpc.intake.list-field-checks.v1' as const;
const GET = 'slrt.rpc.intake.get-field-check.v1' as const;
const ACT = 'slrt.rpc.intake.act-on-field-check.v1' as const;
const ANSWER = 'slrt.rpc.intake.answer-field-check.v1' as const;
const SETTINGS = 'slrt.rpc.intake.get-field-check-settings.v1' as const;
const SAVE = 'slrt.rpc.intake.save-field-check-settings.v1' as const;

const fs = operator(['FS'], ['62.71.01.1001'], 'fs-pahandut');
const fs2 = operator(['FS'], ['62.71.01.1001'], 'fs-pahandut-2');
const fo = operator(['FO'], ['62.71.01.1001'], 'fo-pahandut');
const spv = operator(['SPV'], ['62.71.01'], 'spv-pahandut');
const spvElsewhere = operator(['SPV'], ['62.71.02'], 'spv-jekan-raya');
const mj = operator(['MJ'], ['62.71'], 'mj-kota');
const admin = operator(['ADMIN'], ['62.71'], 'admin-kota');
const inRegistry: LookupNikResponseV1 = {
  found: true,
  householdId: 'hh-1',
  desil: 2,
  programmeFlags: ['PKH'],
  dataPeriod: '2026-09',
};

describe('intake: the supervisor check of FS submissions', () => {
  let h: IntakeHarness;
  const events = async (subject: string, complaintId: string) =>
    (
      await h.db.query(
        `SELECT envelope FROM outbox WHERE subject = $1 AND envelope->'data'->>'complaintId' = $2 ORDER BY created_at`,
        [subject, complaintId],
      )
    ).rows.map((r) => r.envelope);
  /** Everything that would make the complaint registered elsewhere: reporting's count, referral's case, the registry's prelist. */
  const leftIntake = async (complaintId: string) => ({
    registered: (await events('slrt.evt.intake.complaint.registered.v1', complaintId)).length,
    checked: (await events('slrt.evt.intake.complaint.registry-checked.v1', complaintId)).length,
    steps: (await events('slrt.evt.intake.complaint.status-changed.v1', complaintId)).length,
  });
  const submit = async (actor = fs, over: Record<string, unknown> = {}) => {
    const c = JSON.parse(
      JSON.stringify({
        ...registration({ channel: 'FASILITATOR_VISIT', place: 'Rumah warga', ...over }),
        idempotencyKey: undefined,
      }),
    );
    registryDouble.known.set(c.subject.nik, inRegistry);
    const item = { clientId: `fs-dev:${uuidv7()}`, recordedAt: new Date().toISOString(), complaint: c };
    const [r] = (await h.call(SYNC, { items: [item] }, actor)).results;
    expect(r).toMatchObject({ outcome: 'created' });
    return { id: r!.complaintId!, receipt: r!.receiptNumber!, item, complaint: c };
  };
  const settings = async (over: Record<string, unknown>) => {
    const current = await h.call(SETTINGS, {}, admin);
    return h.call(
      SAVE,
      { expectedVersion: current.version, supervisorCheckRequired: current.supervisorCheckRequired, ...over },
      admin,
    );
  };

  beforeAll(async () => {
    h = await startIntake();
  }, 60_000);
  afterAll(async () => h?.close());
  beforeEach(async () => {
    registryDouble.delayMs = 0;
    const s = await h.call(SETTINGS, {}, admin);
    if (!s.supervisorCheckRequired) await settings({ supervisorCheckRequired: true });
  });

  it('holds an FS sync in the SPV queue: nothing leaves intake, the citizen reads "menunggu pemeriksaan supervisor"', async () => {
    const { id, receipt } = await submit();
    expect(await leftIntake(id)).toEqual({ registered: 0, checked: 0, steps: 0 });
    const [requested] = await events('slrt.evt.intake.field-check.requested.v1', id);
    expect(requested.data).toMatchObject({
      complaintId: id,
      receiptNumber: receipt,
      desaCode: '62.71.01.1001',
      officerId: fs.id,
      round: 1,
    });
    const queue = await h.call(LIST, { page: 1, pageSize: 50 }, spv);
    const item = queue.items.find((i) => i.complaintId === id);
    expect(item).toMatchObject({
      state: 'awaiting',
      version: 1,
      officerId: fs.id,
      subjectName: 'Siti Aminah',
      allowedActions: ['approve', 'return', 'merge'],
    });
    // The FS sees their own submission, waiting; another FS of the same desa does not.
    expect((await h.call(LIST, { page: 1, pageSize: 50 }, fs)).items.map((i) => i.complaintId)).toContain(id);
    expect((await h.call(LIST, { page: 1, pageSize: 50 }, fs2)).items.map((i) => i.complaintId)).not.toContain(id);
    const tracking = (await h.db.query(`SELECT tracking_code FROM complaint WHERE id = $1`, [id])).rows[0]
      .tracking_code;
    const status = await h.call(
      'slrt.rpc.intake.get-public-status.v1',
      { receiptNumber: receipt, trackingCode: tracking },
      fo,
    );
    expect(status).toMatchObject({
      stage: 'menunggu-pemeriksaan-supervisor',
      stageLabel: 'Menunggu pemeriksaan supervisor',
    });
    // The background registry check does not release it either.
    expect(await leftIntake(id)).toEqual({ registered: 0, checked: 0, steps: 0 });
  });

  it('also holds an FS online registration, but never an FO registration', async () => {
    const byFs = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({ channel: 'FASILITATOR_VISIT' }),
      fs,
    );
    expect(await leftIntake(byFs.complaintId)).toMatchObject({ registered: 0, checked: 0 });
    const byFo = await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    expect((await leftIntake(byFo.complaintId)).registered).toBe(1);
    expect((await h.db.query(`SELECT 1 FROM field_check WHERE complaint_id = $1`, [byFo.complaintId])).rowCount).toBe(
      0,
    );
  });

  it('approves once, even when two SPV requests race: one registered, one registry-checked (one case), the other 409', async () => {
    const { id } = await submit();
    const answers = await Promise.allSettled([
      h.call(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, spv),
      h.call(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, { ...spv, id: 'spv-pahandut-2' }),
    ]);
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const refused = answers.find((a) => a.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.error).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
    expect(await leftIntake(id)).toMatchObject({ registered: 1, checked: 1 });
    const [checked] = await events('slrt.evt.intake.complaint.registry-checked.v1', id);
    expect(checked.data).toMatchObject({
      nextStep: 'review',
      intakePoint: 'FASILITATOR_VISIT',
      reviewChain: ['SPV', 'MJ', 'BO'],
      supervisorChecked: true,
    });
    expect((await events('slrt.evt.intake.field-check.decided.v1', id)).map((e) => e.data.decision)).toEqual([
      'approved',
    ]);
    // The same SPV repeating the approval (a retried request) gets the current view; nothing twice.
    const winner = (answers.find((a) => a.status === 'fulfilled') as PromiseFulfilledResult<{ version: number }>).value;
    const who = (await h.db.query(`SELECT decided_by FROM field_check WHERE complaint_id = $1`, [id])).rows[0]
      .decided_by;
    const replay = await h.call(
      ACT,
      { complaintId: id, action: 'approve', expectedVersion: 1 },
      who === spv.id ? spv : { ...spv, id: who },
    );
    expect(replay).toMatchObject({ state: 'approved', version: winner.version });
    expect(await leftIntake(id)).toMatchObject({ registered: 1, checked: 1 });
    // Approved: the usual public timeline.
    const c = (await h.db.query(`SELECT receipt_number, tracking_code FROM complaint WHERE id = $1`, [id])).rows[0];
    const status = await h.call(
      'slrt.rpc.intake.get-public-status.v1',
      { receiptNumber: c.receipt_number, trackingCode: c.tracking_code },
      fo,
    );
    expect(status.stage).toBe('ditinjau');
  });

  it('approves a submission whose registry check was pending: the background check publishes registry-checked afterwards, once', async () => {
    registryDouble.delayMs = 2000;
    const { id } = await submit();
    registryDouble.delayMs = 0;
    expect((await h.db.query(`SELECT registry_check FROM complaint WHERE id = $1`, [id])).rows[0].registry_check).toBe(
      'pending',
    );
    await waitFor(
      async () =>
        (await h.db.query(`SELECT registry_check FROM complaint WHERE id = $1`, [id])).rows[0].registry_check !==
        'pending',
      { timeoutMs: 20_000 },
    );
    expect(await leftIntake(id)).toEqual({ registered: 0, checked: 0, steps: 0 });
    await h.call(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, spv);
    expect(await leftIntake(id)).toMatchObject({ registered: 1, checked: 1 });
    // Published by intake's own background check: the approving SPV is named for the case's history.
    const [checked] = await events('slrt.evt.intake.complaint.registry-checked.v1', id);
    expect(checked.data).toMatchObject({ supervisorChecked: true, supervisorCheckedBy: spv.id });
  }, 30_000);

  it('returns with a question; the FS answers with a correction (replay-safe); the SPV approves', async () => {
    const { id, complaint } = await submit();
    const returned = await h.call(
      ACT,
      {
        complaintId: id,
        action: 'return',
        expectedVersion: 1,
        question: 'Sejak bulan apa bantuan tidak diterima? Lampirkan foto KKS.',
      },
      spv,
    );
    expect(returned).toMatchObject({
      state: 'returned',
      version: 2,
      openQuestion: 'Sejak bulan apa bantuan tidak diterima? Lampirkan foto KKS.',
      allowedActions: ['approve', 'merge'],
    });
    expect((await events('slrt.evt.intake.field-check.returned.v1', id))[0].data).toMatchObject({ officerId: fs.id });
    // The FS sees the question.
    const seen = await h.call(GET, { complaintId: id }, fs);
    expect(seen).toMatchObject({
      state: 'returned',
      openQuestion: returned.openQuestion,
      allowedActions: ['answer'],
      complaintVersion: 1,
    });
    const tracking = (await h.db.query(`SELECT tracking_code FROM complaint WHERE id = $1`, [id])).rows[0]
      .tracking_code;
    expect(
      (
        await h.call(
          'slrt.rpc.intake.get-public-status.v1',
          { receiptNumber: seen.receiptNumber, trackingCode: tracking },
          fo,
        )
      ).stage,
    ).toBe('dilengkapi-fasilitator');
    // Another FS may not answer it; an answer to a stale version is refused and changes nothing.
    expect(
      await h.fail(
        ANSWER,
        { complaintId: id, answerId: 'dev-x:answer-1', expectedVersion: 2, answer: 'Bukan saya.' },
        fs2,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await h.fail(
        ANSWER,
        { complaintId: id, answerId: 'dev-1:answer-0', expectedVersion: 1, answer: 'Sejak Agustus.' },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
    const corrected = {
      ...complaint,
      complaint: { ...complaint.complaint, description: 'Bantuan PKH tidak diterima sejak Agustus 2026; KKS hilang.' },
    };
    const answer = {
      complaintId: id,
      answerId: 'dev-1:answer-1',
      expectedVersion: 2,
      answer: 'Sejak Agustus 2026; KKS hilang, foto KTP terlampir.',
      complaint: corrected,
      complaintVersion: 1,
    };
    const answered = await h.call(ANSWER, answer, fs);
    expect(answered).toMatchObject({
      state: 'awaiting',
      version: 3,
      replayed: false,
      complaintVersion: 2,
      description: corrected.complaint.description,
    });
    // The offline queue sends it again: a replay, nothing twice.
    expect(await h.call(ANSWER, answer, fs)).toMatchObject({ state: 'awaiting', version: 3, replayed: true });
    expect((await events('slrt.evt.intake.field-check.requested.v1', id)).map((e) => e.data.round)).toEqual([1, 2]);
    expect(
      (
        await h.db.query(
          `SELECT count(*)::int AS n FROM field_check_entry WHERE complaint_id = $1 AND kind = 'answer'`,
          [id],
        )
      ).rows[0].n,
    ).toBe(1);
    expect(await leftIntake(id)).toEqual({ registered: 0, checked: 0, steps: 0 });
    const approved = await h.call(
      ACT,
      { complaintId: id, action: 'approve', expectedVersion: 3, note: 'Lengkap.' },
      spv,
    );
    expect(approved.entries.map((e) => e.kind)).toEqual(['submitted', 'question', 'answer', 'approved']);
    expect(await leftIntake(id)).toMatchObject({ registered: 1, checked: 1 });
  });

  it('takes an answer with a correction sent twice at once (the offline queue racing its retry) once: one correction, one answer', async () => {
    const { id, complaint } = await submit();
    await h.call(ACT, { complaintId: id, action: 'return', expectedVersion: 1, question: 'Nomor RT benar?' }, spv);
    const corrected = {
      ...complaint,
      subject: { ...complaint.subject, address: { ...complaint.subject.address, rt: '007' } },
    };
    const answer = {
      complaintId: id,
      answerId: `dev-race:${uuidv7()}`,
      expectedVersion: 2,
      answer: 'RT 007, sudah diperbaiki.',
      complaint: corrected,
      complaintVersion: 1,
    };
    const answers = await Promise.all([
      h.call(ANSWER, answer, fs),
      h.call(ANSWER, answer, fs),
      h.call(ANSWER, answer, fs),
    ]);
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true, true]);
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set([3]));
    expect(
      (await h.db.query(`SELECT count(*)::int AS n FROM complaint_correction WHERE complaint_id = $1`, [id])).rows[0].n,
    ).toBe(1);
    expect(
      (
        await h.db.query(
          `SELECT count(*)::int AS n FROM field_check_entry WHERE complaint_id = $1 AND kind = 'answer'`,
          [id],
        )
      ).rows[0].n,
    ).toBe(1);
    // Resent later (the reply was lost): still the same.
    expect(await h.call(ANSWER, answer, fs)).toMatchObject({ replayed: true, version: 3, complaintVersion: 2 });
  });

  it('merges with a duplicate: closed as its duplicate, linked, never registered; the citizen is told which number to follow', async () => {
    const earlier = await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    const { id, receipt } = await submit();
    expect(await h.fail(ACT, { complaintId: id, action: 'merge', expectedVersion: 1 }, spv)).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'duplicateOf' }],
    });
    expect(
      await h.fail(ACT, { complaintId: id, action: 'merge', expectedVersion: 1, duplicateOf: id }, spv),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    const merged = await h.call(
      ACT,
      { complaintId: id, action: 'merge', expectedVersion: 1, duplicateOf: earlier.complaintId },
      spv,
    );
    expect(merged).toMatchObject({
      state: 'merged',
      mergedInto: earlier.complaintId,
      mergedIntoReceiptNumber: earlier.receiptNumber,
      allowedActions: [],
    });
    expect(await leftIntake(id)).toEqual({ registered: 0, checked: 0, steps: 0 });
    expect((await events('slrt.evt.intake.field-check.decided.v1', id))[0].data).toMatchObject({
      decision: 'merged',
      duplicateOf: earlier.complaintId,
    });
    const detail = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: id }, fo);
    expect(detail.linkedComplaints).toContain(earlier.complaintId);
    const tracking = (await h.db.query(`SELECT tracking_code FROM complaint WHERE id = $1`, [id])).rows[0]
      .tracking_code;
    const status = await h.call(
      'slrt.rpc.intake.get-public-status.v1',
      { receiptNumber: receipt, trackingCode: tracking },
      fo,
    );
    expect(status).toMatchObject({ stage: 'digabung' });
    expect(status.explanation).toContain(earlier.receiptNumber);
    // Merged is final: approving afterwards is refused.
    expect(await h.fail(ACT, { complaintId: id, action: 'approve', expectedVersion: 2 }, spv)).toMatchObject({
      code: 'CONFLICT',
      reason: 'ILLEGAL_TRANSITION',
    });
  });

  it('refuses a merge into a submission that is itself still held', async () => {
    const a = await submit();
    const b = await submit();
    expect(
      await h.fail(ACT, { complaintId: b.id, action: 'merge', expectedVersion: 1, duplicateOf: a.id }, spv),
    ).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'duplicateOf' }] });
  });

  it('lets FS submissions straight through when the kab/kota turns the check off (versioned, with history)', async () => {
    const before = await h.call(SETTINGS, {}, admin);
    const off = await settings({ supervisorCheckRequired: false, reason: 'FS berpengalaman; SPV meninjau di kasus' });
    expect(off).toMatchObject({ supervisorCheckRequired: false, version: before.version + 1, updatedBy: admin.id });
    const { id } = await submit();
    expect(await leftIntake(id)).toMatchObject({ registered: 1, checked: 1 });
    const [checked] = await events('slrt.evt.intake.complaint.registry-checked.v1', id);
    expect(checked.data.supervisorChecked).toBeUndefined();
    expect(checked.data.reviewChain).toEqual(['SPV', 'MJ', 'BO']);
    // A stale save is refused; the history keeps who, why, before and after.
    expect(await h.fail(SAVE, { expectedVersion: before.version, supervisorCheckRequired: true }, admin)).toMatchObject(
      { code: 'CONFLICT', reason: 'VERSION_CONFLICT' },
    );
    const withHistory = await h.call(SETTINGS, { includeHistory: true }, admin);
    expect(withHistory.history![0]).toMatchObject({
      version: off.version,
      actorId: admin.id,
      reason: 'FS berpengalaman; SPV meninjau di kasus',
      after: { supervisorCheckRequired: false },
    });
  });

  it("carries Pekanbaru's chain: the secretariat counter skips the SPV (MJ → BO), the Puskesos keeps it", async () => {
    const saved = await settings({ reviewChains: [{ intakePoint: 'SEKRETARIAT_FO', steps: ['MJ', 'BO'] }] });
    expect(saved.reviewChains.find((c) => c.intakePoint === 'SEKRETARIAT_FO')!.steps).toEqual(['MJ', 'BO']);
    expect(saved.reviewChains.find((c) => c.intakePoint === 'PUSKESOS_FO')!.steps).toEqual(['SPV', 'MJ', 'BO']);
    const counter = registration({ channel: 'SEKRETARIAT_FO', place: 'Sekretariat SLRT Dinas Sosial' });
    registryDouble.known.set(counter.subject.nik, inRegistry);
    const a = await h.call('slrt.rpc.intake.register-complaint.v1', counter, fo);
    expect((await events('slrt.evt.intake.complaint.registry-checked.v1', a.complaintId))[0].data).toMatchObject({
      intakePoint: 'SEKRETARIAT_FO',
      reviewChain: ['MJ', 'BO'],
    });
    const puskesos = registration();
    registryDouble.known.set(puskesos.subject.nik, inRegistry);
    const b = await h.call('slrt.rpc.intake.register-complaint.v1', puskesos, fo);
    expect((await events('slrt.evt.intake.complaint.registry-checked.v1', b.complaintId))[0].data).toMatchObject({
      intakePoint: 'PUSKESOS_FO',
      reviewChain: ['SPV', 'MJ', 'BO'],
    });
    // A chain the case cannot follow is refused with the field named.
    const bad = await h.fail(
      SAVE,
      {
        expectedVersion: saved.version,
        supervisorCheckRequired: true,
        reviewChains: [{ intakePoint: 'PUSKESOS_FO', steps: ['BO', 'MJ'] }],
      },
      admin,
    );
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'reviewChains[0].steps' }] });
    await settings({ reviewChains: [{ intakePoint: 'SEKRETARIAT_FO', steps: ['SPV', 'MJ', 'BO'] }] });
  });

  it('refuses the wrong role, another kecamatan and forged ids', async () => {
    const { id } = await submit();
    // The SPV of another kecamatan neither sees nor acts on it.
    expect(
      (await h.call(LIST, { page: 1, pageSize: 200 }, spvElsewhere)).items.map((i) => i.complaintId),
    ).not.toContain(id);
    expect(await h.fail(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, spvElsewhere)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await h.fail(GET, { complaintId: id }, spvElsewhere)).toMatchObject({ code: 'NOT_FOUND' });
    // Wrong roles: an FS or FO cannot decide; an MJ has no queue here; only ADMIN saves settings.
    expect(await h.fail(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, fs)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await h.fail(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, fo)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await h.fail(LIST, { page: 1, pageSize: 10 }, mj)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.fail(SAVE, { expectedVersion: 0, supervisorCheckRequired: false }, spv)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await h.fail(
        ANSWER,
        { complaintId: id, answerId: 'dev-1:answer-9', expectedVersion: 1, answer: 'Belum ditanya.' },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'NOT_RETURNED' });
    // A forged id and a bad request.
    expect(await h.fail(ACT, { complaintId: uuidv7(), action: 'approve', expectedVersion: 1 }, spv)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await h.fail(ACT, { complaintId: id, action: 'return', expectedVersion: 1 }, spv)).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'question' }],
    });
    expect(await h.fail(ACT, { complaintId: id, action: 'delete', expectedVersion: 1 }, spv)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // Still untouched.
    expect(await h.call(GET, { complaintId: id }, spv)).toMatchObject({ state: 'awaiting', version: 1 });
    // Reads are audited.
    expect(
      (
        await h.db.query(`SELECT count(*)::int AS n FROM access_audit WHERE complaint_id = $1 AND actor_id = $2`, [
          id,
          spv.id,
        ])
      ).rows[0].n,
    ).toBeGreaterThan(0);
  });

  it('takes a withdrawn submission out of the queue and refuses decisions on it', async () => {
    const { id } = await submit();
    await h.call(
      'slrt.rpc.intake.withdraw-complaint.v1',
      { complaintId: id, reason: 'Warga membatalkan pengaduan.' },
      fs,
    );
    expect((await h.call(LIST, { page: 1, pageSize: 200 }, spv)).items.map((i) => i.complaintId)).not.toContain(id);
    expect(await h.fail(ACT, { complaintId: id, action: 'approve', expectedVersion: 1 }, spv)).toMatchObject({
      code: 'CONFLICT',
      reason: 'COMPLAINT_WITHDRAWN',
    });
  });
});
