/* eslint-disable max-lines -- integration spec of referral: the Puskesos and the kab/kota (issue #19: local resolution, desa services, referral up a level, partners): its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { type Actor, type RpcResponse, type RpcSubject } from '@slrt/contracts';
import { OutboxPublisher, RpcCallError, connectOwnerClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { NIK } from './support/intake-double.js';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}-${scope[0]}`, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const DESA = '62.71.01.1001';
const OTHER_DESA = '62.71.01.1002';
/** The Puskesos of desa 62.71.01.1001: its back office and the kecamatan supervisor. */
const puskesosBo = user(['BO'], [DESA]);
const otherPuskesosBo = user(['BO'], [OTHER_DESA]);
const spv = user(['SPV'], ['62.71.01']);
const fo = user(['FO'], [DESA]);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const admin = user(['ADMIN'], ['62.71'], 'admin-1');
const kecamatanAdmin = user(['ADMIN'], ['62.71.01'], 'admin-kec');
const poDinsos = user(['PO'], ['62.71'], 'po-dinsos', 'dinsos');
const poPkh = user(['PO'], ['62.71'], 'po-pkh', 'kemensos-pkh');
/** A tiny but real PDF (header, one empty page, trailer). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('referral: the Puskesos and the kab/kota (issue #19: local resolution, desa services, referral up a level, partners)', () => {
  let stack: ReferralStack;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let call: <S extends RpcSubject>(s: S, d: unknown, a: Actor) => Promise<RpcResponse<S>>;
  let dinsos: Awaited<ReturnType<typeof connectOwnerClient>>;

  const fail = async <S extends RpcSubject>(s: S, d: unknown, a: Actor) => {
    try {
      await call(s, d, a);
    } catch (err) {
      if (err instanceof RpcCallError) return err.error;
      throw err;
    }
    throw new Error(`${s} succeeded but should have failed`);
  };
  const act = (caseId: string, action: string, actor: Actor, version: number, extra: Record<string, unknown> = {}) =>
    call('slrt.rpc.referral.act-on-case.v1', { caseId, action, expectedVersion: version, ...extra }, actor);
  const openCase = async (desaCode = DESA, programmeCodes = ['PKH']) => {
    const complaintId = uuidv7();
    await intake.get(DataSource).transaction((m) =>
      intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2611-000123',
        desaCode,
        category: 'non-kepesertaan',
        programmeCodes,
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
        checkedAt: new Date().toISOString(),
      }),
    );
    return waitFor(
      async () =>
        (await db.query(`SELECT id, version FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0] as
          { id: string; version: number } | undefined,
      { message: 'case opened' },
    );
  };
  /** A case through the chain, sent by the kab/kota BO to `ownerCodes`. */
  const sentCase = async (ownerCodes: string[], programmeCodes = ['PKH']) => {
    const { id } = await openCase(DESA, programmeCodes);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const sent = await act(id, 'send', bo, 3, { ownerCodes, overrideReason: 'Dipilih manual oleh back office.' });
    return { id, sent };
  };
  const outbox = async (subjectLike: string, needle: string) =>
    (
      await db.query(
        `SELECT subject, envelope AS payload FROM outbox WHERE subject LIKE $1 AND envelope::text LIKE $2 ORDER BY created_at, id`,
        [subjectLike, `%${needle}%`],
      )
    ).rows as Array<{ subject: string; payload: { data: Record<string, unknown> } }>;
  const forwardEnvelope = (data: Record<string, unknown>, id = uuidv4()) => ({
    id,
    subject: 'slrt.owner.dinsos.response.forwarded.v1',
    occurredAt: new Date().toISOString(),
    producer: 'owner:dinsos',
    kabKotaCode: '62.71',
    correlationId: `dinsos-${uuidv4()}`,
    causationId: null,
    actor: null,
    data,
  });
  const feedbackFor = async (answerId: string) =>
    waitFor(
      async () => {
        const m = await dinsos.next('feedback', 1000);
        if (!m) return undefined;
        const f = JSON.parse(m.body) as { data: Record<string, unknown> };
        return f.data.answerId === answerId ? f.data : undefined;
      },
      { message: 'feedback', timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    stack = await startReferralStack('refpk');
    ({ intake, db, call } = stack);
    dinsos = await stack.owner('dinsos');
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  describe('the Puskesos settles what it can ("menyelesaikan keluhan … sesuai kapasitas Puskesos")', () => {
    it('resolves a case locally once, whatever the retries: recorded, in the history, one resolve-locally event (what reporting counts)', async () => {
      const c = await openCase();
      const req = {
        caseId: c.id,
        expectedVersion: 1,
        requestId: `resolve-${c.id}`,
        kind: 'layanan-desa',
        actionTaken: 'SKTM diterbitkan kelurahan; warga didampingi mendaftar ulang di bank penyalur.',
      };
      const first = await call('slrt.rpc.referral.resolve-at-puskesos.v1', req, puskesosBo);
      expect(first).toMatchObject({
        state: 'resolved',
        repeated: false,
        resolution: { kind: 'layanan-desa', desaCode: DESA, resolvedByRole: 'BO' },
      });
      // A retry (double click, lost reply) and a concurrent duplicate: nothing moves or counts twice.
      const [again, parallel] = await Promise.all([
        call('slrt.rpc.referral.resolve-at-puskesos.v1', req, puskesosBo),
        call('slrt.rpc.referral.resolve-at-puskesos.v1', req, puskesosBo),
      ]);
      expect(again).toMatchObject({ repeated: true, resolution: { resolutionId: first.resolution.resolutionId } });
      expect(parallel).toMatchObject({ repeated: true });
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM local_resolution WHERE case_id = $1`, [c.id])).rows[0].n,
      ).toBe(1);
      const events = await outbox('slrt.evt.referral.case.transitioned.v1', c.id);
      expect(events.filter((e) => e.payload.data.action === 'resolve-locally')).toHaveLength(1);
      expect(events[0]!.payload.data).toMatchObject({
        action: 'resolve-locally',
        from: 'awaiting-supervisor',
        to: 'resolved',
        actorRole: 'BO',
        desaCode: DESA,
      });
      const view = await call('slrt.rpc.referral.get-case.v1', { caseId: c.id }, spv);
      expect(view.history!.at(-1)).toMatchObject({
        action: 'resolve-locally',
        actorRole: 'BO',
        note: expect.stringContaining('Diselesaikan di Puskesos (Layanan desa/kelurahan): SKTM diterbitkan'),
      });
    });

    it('refuses the wrong role, another desa, a stale version, a case that moved on, and an empty account of what was done', async () => {
      const c = await openCase();
      const req = {
        caseId: c.id,
        expectedVersion: 1,
        requestId: `r-${uuidv4()}`,
        kind: 'informasi',
        actionTaken: 'Warga diberi penjelasan jadwal penyaluran tahap berikutnya.',
      };
      expect(await fail('slrt.rpc.referral.resolve-at-puskesos.v1', req, fo)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'ROLE_NOT_ALLOWED',
      });
      expect(await fail('slrt.rpc.referral.resolve-at-puskesos.v1', req, mj)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fail('slrt.rpc.referral.resolve-at-puskesos.v1', req, otherPuskesosBo)).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(
        await fail('slrt.rpc.referral.resolve-at-puskesos.v1', { ...req, expectedVersion: 7 }, puskesosBo),
      ).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
      const bad = await fail(
        'slrt.rpc.referral.resolve-at-puskesos.v1',
        { ...req, kind: 'sulap', actionTaken: 'ok' },
        puskesosBo,
      );
      expect(bad.code).toBe('VALIDATION_FAILED');
      expect(bad.fieldErrors!.map((f) => f.field).sort()).toEqual(['actionTaken', 'kind']);
      await act(c.id, 'forward', spv, 1);
      expect(
        await fail('slrt.rpc.referral.resolve-at-puskesos.v1', { ...req, expectedVersion: 2 }, puskesosBo),
      ).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM local_resolution WHERE case_id = $1`, [c.id])).rows[0].n,
      ).toBe(0);
    });
  });

  describe('referral to a desa service ("pengelola program/layanan sosial di desa/kelurahan")', () => {
    it('keeps desa owners to their desa: only cases of that desa reach them, through the normal referral mechanics', async () => {
      const desaOwner = {
        code: 'pkk-kel-1001',
        name: 'Tim Penggerak PKK Kelurahan 1001',
        level: 'desa',
        nonGovernment: false,
        programmeCodes: ['PKH'],
        serviceArea: [DESA],
        requiredDocuments: ['KTP'],
        personalFields: ['name', 'address', 'desaCode'],
        responseDays: 3,
        contact: 'Sekretariat PKK',
        active: true,
      };
      // A desa-level entry names its desa by full code.
      expect(
        await fail('slrt.rpc.referral.save-programme-owner.v1', { ...desaOwner, serviceArea: ['62.71'] }, admin),
      ).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'serviceArea' }] });
      await call('slrt.rpc.referral.save-programme-owner.v1', desaOwner, admin);

      const mine = await openCase(DESA);
      const view = await call('slrt.rpc.referral.get-case.v1', { caseId: mine.id }, puskesosBo);
      expect(view.allowedActions.sort()).toEqual(['refer-desa', 'resolve-locally']);
      // Not to a kab/kota owner through this action: that is the kab/kota chain's.
      expect(
        await fail(
          'slrt.rpc.referral.act-on-case.v1',
          { caseId: mine.id, action: 'refer-desa', expectedVersion: 1, ownerCodes: ['dinsos'] },
          puskesosBo,
        ),
      ).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'DESA_OWNER_NOT_ALLOWED' });
      expect(
        await fail(
          'slrt.rpc.referral.act-on-case.v1',
          { caseId: mine.id, action: 'refer-desa', expectedVersion: 1, ownerCodes: [desaOwner.code] },
          fo,
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      const referred = await act(mine.id, 'refer-desa', puskesosBo, 1, {
        ownerCodes: [desaOwner.code],
        note: 'Mohon kunjungan rumah dan pendampingan.',
      });
      expect(referred).toMatchObject({ state: 'referred', referrals: [{ ownerCode: desaOwner.code, status: 'sent' }] });
      const [sent] = await outbox(
        'slrt.owner.pkk-kel-1001.referral.sent.v1',
        mine.id === '' ? 'x' : referred.referrals![0]!.referralId,
      );
      expect(sent!.payload.data).toMatchObject({
        ownerCode: desaOwner.code,
        subject: { name: 'Siti Aminah', desaCode: DESA },
        recommendation: 'Mohon kunjungan rumah dan pendampingan.',
      });
      expect(JSON.stringify(sent!.payload.data)).not.toContain(NIK);

      // A case of another desa is refused, whoever sends it (also the kab/kota BO's send).
      const other = await openCase(OTHER_DESA);
      const refused = await fail(
        'slrt.rpc.referral.act-on-case.v1',
        { caseId: other.id, action: 'refer-desa', expectedVersion: 1, ownerCodes: [desaOwner.code] },
        spv,
      );
      expect(refused).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [
          { field: 'ownerCodes', messages: [expect.stringContaining(`hanya melayani desa/kelurahan ${DESA}`)] },
        ],
      });
      await act(other.id, 'forward', spv, 1);
      await act(other.id, 'approve', mj, 2);
      expect(
        await fail(
          'slrt.rpc.referral.act-on-case.v1',
          {
            caseId: other.id,
            action: 'send',
            expectedVersion: 3,
            ownerCodes: [desaOwner.code],
            overrideReason: 'Coba desa lain.',
          },
          bo,
        ),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await db.query(`SELECT count(*)::int AS n FROM referral WHERE case_id = $1`, [other.id])).rows[0].n).toBe(
        0,
      );
    });
  });

  describe('referral up a level ("Kabupaten/Kota …, Provinsi atau Pusat")', () => {
    it('passes a kab/kota referral to the centre exactly once under redelivery; the case follows it', async () => {
      const { id, sent } = await sentCase(['dinsos']);
      const oldReferral = sent.referrals![0]!.referralId;
      const env1 = forwardEnvelope({
        referralId: oldReferral,
        targetOwnerCode: 'kemensos-pkh',
        reason: 'Perubahan status kepesertaan PKH adalah kewenangan Kemensos.',
        respondedAt: new Date().toISOString(),
      });
      await dinsos.publishRaw(env1.subject, JSON.stringify(env1), env1.id);
      expect(await feedbackFor(env1.id)).toMatchObject({
        outcome: 'applied',
        referralId: oldReferral,
        caseState: 'referred',
      });
      // Redelivered beyond JetStream's duplicate window (a new Nats-Msg-Id, the same envelope): the inbox drops it.
      await dinsos.publishRaw(env1.subject, JSON.stringify(env1), uuidv4());
      await dinsos.publishRaw(env1.subject, JSON.stringify(env1), uuidv4());
      // …and the same forward again over HTTP, twice with one responseId: one answer, no new referral.
      const http = {
        referralId: oldReferral,
        responseId: 'dinsos-fwd-000001',
        targetOwnerCode: 'kemensos-pkh',
        reason: 'Diteruskan lagi lewat portal.',
      };
      expect(await fail('slrt.rpc.referral.forward-referral.v1', http, poDinsos)).toMatchObject({ code: 'CONFLICT' });
      await new Promise((r) => setTimeout(r, 1500));

      const referrals = (
        await db.query(
          `SELECT id::text, owner_code, status, forwarded_to::text, closed_at FROM referral WHERE case_id = $1 ORDER BY sent_at`,
          [id],
        )
      ).rows;
      expect(referrals).toHaveLength(2);
      expect(referrals[0]).toMatchObject({
        id: oldReferral,
        owner_code: 'dinsos',
        status: 'forwarded',
        forwarded_to: referrals[1].id,
      });
      expect(referrals[0].closed_at).not.toBeNull();
      expect(referrals[1]).toMatchObject({ owner_code: 'kemensos-pkh', status: 'sent' });
      const toCentre = await outbox('slrt.owner.kemensos-pkh.referral.sent.v1', id === '' ? 'x' : referrals[1].id);
      expect(toCentre).toHaveLength(1);
      // The centre gets what its own directory entry lists (NIK, KK), not only what the kab/kota office had.
      expect(toCentre[0]!.payload.data).toMatchObject({
        ownerCode: 'kemensos-pkh',
        subject: { nik: NIK },
        recommendation: expect.stringContaining('Diteruskan oleh Dinas Sosial'),
      });
      const moves = (await outbox('slrt.evt.referral.case.transitioned.v1', id)).map((e) => e.payload.data);
      expect(moves.filter((e) => e.action === 'owner-forward')).toEqual([
        expect.objectContaining({
          from: 'referred',
          to: 'referred',
          ownerCodes: ['kemensos-pkh'],
          actorRole: 'PO',
          forwardedFrom: 'dinsos',
        }),
      ]);
      const view = await call('slrt.rpc.referral.get-case.v1', { caseId: id }, mj);
      expect(view.state).toBe('referred');
      expect(view.referrals!.map((r) => [r.ownerCode, r.status])).toEqual([
        ['dinsos', 'forwarded'],
        ['kemensos-pkh', 'sent'],
      ]);
      expect(view.history!.map((h) => h.action).slice(-2)).toEqual(['send', 'owner-forward']);
      expect(view.history!.at(-1)).toMatchObject({
        actorId: 'owner:dinsos',
        ownerCodes: ['kemensos-pkh'],
        note: expect.stringContaining('Perubahan status kepesertaan PKH'),
      });

      // The centre answers the new referral as usual; the old one is closed to dinsos.
      const answered = await call(
        'slrt.rpc.referral.respond-to-referral.v1',
        { referralId: referrals[1].id, responseId: 'pkh-accept-0001', answer: 'accepted', note: 'Diterima Kemensos.' },
        poPkh,
      );
      expect(answered.status).toBe('accepted');
      expect(
        (await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 50 }, poDinsos)).items.find(
          (r) => r.referralId === oldReferral,
        ),
      ).toMatchObject({ status: 'forwarded' });
    });

    it('refuses a forward to an owner already holding an open referral of the case; a withdrawal later reaches the owners holding it, not the one that passed it on', async () => {
      const { id, sent } = await sentCase(['dinsos', 'kemensos-pkh']);
      const fromDinsos = sent.referrals!.find((r) => r.ownerCode === 'dinsos')!.referralId;
      expect(
        await fail(
          'slrt.rpc.referral.forward-referral.v1',
          {
            referralId: fromDinsos,
            responseId: 'dinsos-fwd-dup-01',
            targetOwnerCode: 'kemensos-pkh',
            reason: 'Sudah di Kemensos.',
          },
          poDinsos,
        ),
      ).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'TARGET_ALREADY_REFERRED' });
      const forwarded = await call(
        'slrt.rpc.referral.forward-referral.v1',
        {
          referralId: fromDinsos,
          responseId: 'dinsos-fwd-kms-01',
          targetOwnerCode: 'kemensos',
          reason: 'Koordinasi lintas direktorat di Kemensos.',
        },
        poDinsos,
      );
      expect(forwarded).toMatchObject({ status: 'forwarded', targetOwnerCode: 'kemensos', repeated: false });
      // The same responseId again: the first answer, no third referral.
      expect(
        await call(
          'slrt.rpc.referral.forward-referral.v1',
          {
            referralId: fromDinsos,
            responseId: 'dinsos-fwd-kms-01',
            targetOwnerCode: 'kemensos',
            reason: 'Koordinasi lintas direktorat di Kemensos.',
          },
          poDinsos,
        ),
      ).toMatchObject({ repeated: true, newReferralId: forwarded.newReferralId });
      const view = await call('slrt.rpc.referral.get-case.v1', { caseId: id }, mj);
      await act(id, 'withdraw', mj, view.version, { note: 'Warga mencabut pengaduan.' });
      const withdrawn = (await outbox('slrt.owner.%.referral.withdrawn.v1', '')).map((e) => e.payload.data.referralId);
      const rows = (
        await db.query(`SELECT id::text, owner_code, status FROM referral WHERE case_id = $1 ORDER BY owner_code`, [id])
      ).rows;
      expect(rows.map((r) => [r.owner_code, r.status])).toEqual([
        ['dinsos', 'forwarded'],
        ['kemensos', 'withdrawn'],
        ['kemensos-pkh', 'withdrawn'],
      ]);
      expect(withdrawn).toEqual(expect.arrayContaining(rows.filter((r) => r.owner_code !== 'dinsos').map((r) => r.id)));
      expect(withdrawn).not.toContain(fromDinsos);
    });

    it('refuses a forward to an unknown or a lower/same-level owner (with feedback), by another owner, or by staff', async () => {
      const { sent } = await sentCase(['dinsos']);
      const referralId = sent.referrals![0]!.referralId;
      const unknown = forwardEnvelope({
        referralId,
        targetOwnerCode: 'kemensos-tidak-ada',
        reason: 'Ke pusat.',
        respondedAt: new Date().toISOString(),
      });
      await dinsos.publishRaw(unknown.subject, JSON.stringify(unknown), unknown.id);
      expect(await feedbackFor(unknown.id)).toMatchObject({
        outcome: 'refused',
        code: 'UNKNOWN_TARGET_OWNER',
        reason: { id: expect.stringContaining('tidak ada dalam direktori') },
      });
      const lower = forwardEnvelope({
        referralId,
        targetOwnerCode: 'disdukcapil',
        reason: 'Ke dinas lain.',
        respondedAt: new Date().toISOString(),
      });
      await dinsos.publishRaw(lower.subject, JSON.stringify(lower), lower.id);
      expect(await feedbackFor(lower.id)).toMatchObject({ outcome: 'refused', code: 'TARGET_NOT_HIGHER_LEVEL' });
      const noReason = forwardEnvelope({
        referralId,
        targetOwnerCode: 'kemensos-pkh',
        respondedAt: new Date().toISOString(),
      });
      await dinsos.publishRaw(noReason.subject, JSON.stringify(noReason), noReason.id);
      expect(await feedbackFor(noReason.id)).toMatchObject({
        outcome: 'refused',
        code: 'INVALID_PAYLOAD',
        fieldErrors: [{ path: 'data.reason' }],
      });

      expect(
        await fail(
          'slrt.rpc.referral.forward-referral.v1',
          { referralId, responseId: 'dinsos-fwd-low-01', targetOwnerCode: 'pemdes', reason: 'Ke desa.' },
          poDinsos,
        ),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        reason: 'TARGET_NOT_HIGHER_LEVEL',
        fieldErrors: [{ field: 'targetOwnerCode' }],
      });
      expect(
        await fail(
          'slrt.rpc.referral.forward-referral.v1',
          { referralId, responseId: 'pkh-steals-0001', targetOwnerCode: 'kemensos', reason: 'Bukan rujukan saya.' },
          poPkh,
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect(
        await fail(
          'slrt.rpc.referral.forward-referral.v1',
          { referralId, responseId: 'bo-forward-0001', targetOwnerCode: 'kemensos', reason: 'Staf mencoba.' },
          bo,
        ),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
      // An owner's API key reads the directory (codes and levels of the owners above it).
      const apiKey = {
        kind: 'owner-client',
        id: 'apikey:1',
        roles: ['PO'],
        regionScope: ['62.71'],
        ownerCode: 'dinsos',
      } as unknown as Actor;
      expect(
        (await call('slrt.rpc.referral.list-programme-owners.v1', {}, apiKey)).items.find(
          (o) => o.code === 'kemensos-pkh',
        ),
      ).toMatchObject({ level: 'pusat' });
      const refusedOnCase = (
        await db.query(`SELECT code FROM owner_answer_refusal WHERE referral_id = $1 ORDER BY id`, [referralId])
      ).rows.map((r) => r.code);
      expect(refusedOnCase).toEqual(
        expect.arrayContaining(['UNKNOWN_TARGET_OWNER', 'TARGET_NOT_HIGHER_LEVEL', 'INVALID_PAYLOAD']),
      );
      expect((await db.query(`SELECT status FROM referral WHERE id = $1`, [referralId])).rows[0].status).toBe('sent');
    });
  });

  describe('non-government partners (CSR, BAZNAS, hospitals) and their agreements', () => {
    const partner = {
      code: 'csr-bank-kalteng',
      name: 'CSR Bank Kalteng',
      level: 'kabkota',
      nonGovernment: true,
      programmeCodes: ['PKH', 'BPNT'],
      serviceArea: ['62.71'],
      requiredDocuments: ['KTP'],
      personalFields: ['name', 'address', 'desaCode', 'phone'],
      responseDays: 10,
      contact: 'csr@bank.example',
      active: true,
    };
    const agreement = (extra: Record<string, unknown> = {}) => ({
      ownerCode: partner.code,
      agreementNumber: 'PKS/12/DINSOS/2026',
      programmeCodes: ['BPNT'],
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      documentBase64: PDF.toString('base64'),
      documentName: 'pks-bank-kalteng.pdf',
      active: true,
      ...extra,
    });

    it('keeps agreements (number, programmes, period, signed PDF) managed by a kab/kota-wide ADMIN, and lists partners with those in force', async () => {
      await call('slrt.rpc.referral.save-programme-owner.v1', partner, admin);
      expect(await fail('slrt.rpc.referral.save-partnership.v1', agreement(), bo)).toMatchObject({ code: 'FORBIDDEN' });
      expect(await fail('slrt.rpc.referral.save-partnership.v1', agreement(), kecamatanAdmin)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'KAB_KOTA_ADMIN_REQUIRED',
      });
      const bad = await fail(
        'slrt.rpc.referral.save-partnership.v1',
        agreement({
          documentBase64: Buffer.from('bukan pdf').toString('base64'),
          periodEnd: '2025-12-31',
          programmeCodes: ['TIDAK-ADA'],
        }),
        admin,
      );
      expect(bad.fieldErrors!.map((f) => f.field).sort()).toEqual(['documentBase64', 'periodEnd', 'programmeCodes']);
      expect(
        await fail('slrt.rpc.referral.save-partnership.v1', agreement({ ownerCode: 'dinsos' }), admin),
      ).toMatchObject({ fieldErrors: [{ field: 'ownerCode', messages: [expect.stringContaining('non-pemerintah')] }] });
      const saved = await call(
        'slrt.rpc.referral.save-partnership.v1',
        agreement({ periodStart: '2025-01-01', periodEnd: '2025-12-31' }),
        admin,
      );
      expect(saved).toMatchObject({
        version: 1,
        inForce: false,
        documentSize: PDF.length,
        documentName: 'pks-bank-kalteng.pdf',
      });
      expect(await fail('slrt.rpc.referral.save-partnership.v1', agreement(), admin)).toMatchObject({
        fieldErrors: [{ field: 'agreementNumber' }],
      });
      const doc = await call(
        'slrt.rpc.referral.get-partnership-document.v1',
        { partnershipId: saved.partnershipId },
        mj,
      );
      expect(Buffer.from(doc.contentBase64, 'base64').equals(PDF)).toBe(true);
      expect(doc).toMatchObject({ contentType: 'application/pdf', sha256: saved.documentSha256 });
      expect(
        await fail('slrt.rpc.referral.get-partnership-document.v1', { partnershipId: saved.partnershipId }, fo),
      ).toMatchObject({ code: 'FORBIDDEN' });
      const listed = await call('slrt.rpc.referral.list-partners.v1', {}, bo);
      expect(listed.items.find((p) => p.code === partner.code)).toMatchObject({
        programmesInForce: [],
        partnerships: [{ agreementNumber: 'PKS/12/DINSOS/2026', inForce: false }],
      });
      expect(
        (await call('slrt.rpc.referral.list-partners.v1', { inForceOnly: true }, bo)).items.find(
          (p) => p.code === partner.code,
        ),
      ).toBeUndefined();
    });

    it('refuses referrals to a partner outside its period or programmes, with the reason; sends within them', async () => {
      const [current] = (
        await db.query(`SELECT id::text, version FROM partnership WHERE owner_code = $1`, [partner.code])
      ).rows;
      const expired = await sentCaseRefused(['BPNT']);
      expect(expired.fieldErrors![0]!.messages[0]).toMatch(
        /tidak berlaku pada \d{4}-\d{2}-\d{2} \(PKS\/12\/DINSOS\/2026: 2025-01-01 s\.d\. 2025-12-31\)/,
      );
      // Extended to this year (the PDF kept); a stale version is refused.
      const today = new Date().toISOString().slice(0, 10);
      const year = today.slice(0, 4);
      expect(
        await fail(
          'slrt.rpc.referral.save-partnership.v1',
          {
            ...agreement({ periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }),
            documentBase64: undefined,
            partnershipId: current.id,
            expectedVersion: 9,
          },
          admin,
        ),
      ).toMatchObject({ code: 'CONFLICT' });
      const renewed = await call(
        'slrt.rpc.referral.save-partnership.v1',
        {
          ...agreement({ periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }),
          documentBase64: undefined,
          partnershipId: current.id,
          expectedVersion: current.version,
        },
        admin,
      );
      expect(renewed).toMatchObject({ version: 2, inForce: true, documentSize: PDF.length });
      const wrongProgramme = await sentCaseRefused(['PKH']);
      expect(wrongProgramme.fieldErrors![0]!.messages[0]).toContain(
        'Program PKH tidak termasuk perjanjian kerja sama dengan "CSR Bank Kalteng" (yang berlaku: BPNT)',
      );
      const { sent } = await sentCase([partner.code], ['BPNT']);
      expect(sent).toMatchObject({ state: 'referred', referrals: [{ ownerCode: partner.code }] });
      // The partner's own portal user (PO bound to the partner) sees it, with the fields its entry lists.
      const poPartner = user(['PO'], ['62.71'], 'po-csr', partner.code);
      const mine = await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 50 }, poPartner);
      expect(mine.items).toEqual([
        expect.objectContaining({
          referralId: sent.referrals![0]!.referralId,
          subject: expect.objectContaining({ name: 'Siti Aminah', phone: '+6281234567890' }),
        }),
      ]);
      expect(mine.items[0]!.subject).not.toHaveProperty('nik');
      expect(
        (await call('slrt.rpc.referral.list-partners.v1', { inForceOnly: true }, mj)).items.find(
          (p) => p.code === partner.code,
        ),
      ).toMatchObject({ programmesInForce: ['BPNT'] });
    });

    /** A case through the chain whose send to the partner is refused (nothing sent, nothing read from intake twice). */
    async function sentCaseRefused(programmeCodes: string[]) {
      const { id } = await openCase(DESA, programmeCodes);
      await act(id, 'forward', spv, 1);
      await act(id, 'approve', mj, 2);
      const err = await fail(
        'slrt.rpc.referral.act-on-case.v1',
        {
          caseId: id,
          action: 'send',
          expectedVersion: 3,
          ownerCodes: [partner.code],
          overrideReason: 'Mitra CSR setempat.',
        },
        bo,
      );
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'OWNER_NOT_ALLOWED' });
      expect((await db.query(`SELECT count(*)::int AS n FROM referral WHERE case_id = $1`, [id])).rows[0].n).toBe(0);
      return err;
    }
  });
});
