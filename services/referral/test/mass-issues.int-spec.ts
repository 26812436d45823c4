/* eslint-disable max-lines -- integration spec of referral: mass issues (detection, decisions, the grouped referral, group answers): its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { type Actor, type RpcResponse, type RpcSubject } from '@slrt/contracts';
import { OutboxPublisher, connectOwnerClient, type OwnerReceivedMessage } from '@slrt/messaging';
import { ownerChannelValidator, waitFor } from '@slrt/testing';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const PKH = 'kemensos-pkh';

/**
 * The owner channel as a ministry sees it, against the real referral service and a private
 * nats-server with production permissions: every answer gets exactly one feedback message on the
 * owner's own feedback durable (applied, or refused with a code, an Indonesian and English reason
 * and field errors), refused answers are shown on the case, and every live message the owner
 * receives conforms to the published AsyncAPI document (validated with ajv, not the generator).
 */
describe('referral: mass issues (detection, decisions, the grouped referral, group answers)', () => {
  let stack: ReferralStack;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let call: <S extends RpcSubject>(s: S, d: unknown, a: Actor) => Promise<RpcResponse<S>>;
  let pkh: Awaited<ReturnType<typeof connectOwnerClient>>;
  const asyncapi = ownerChannelValidator();

  const act = (caseId: string, action: string, actor: Actor, version: number, extra: Record<string, unknown> = {}) =>
    call('slrt.rpc.referral.act-on-case.v1', { caseId, action, expectedVersion: version, ...extra }, actor);
  const openCase = async (desaCode = '62.71.01.1001', programmeCodes = ['PKH']) => {
    const complaintId = uuidv7();
    await intake.get(DataSource).transaction((m) =>
      intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: `6271-2611-${String(++receipt).padStart(6, '0')}`,
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
    const { id } = await waitFor(
      async () =>
        (await db.query(`SELECT id FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0] as
          { id: string } | undefined,
      { message: 'case opened' },
    );
    return id;
  };
  let receipt = 500;
  const envelope = (subject: string, data: unknown, extra: Record<string, unknown> = {}) => ({
    id: uuidv4(),
    subject,
    occurredAt: new Date().toISOString(),
    producer: `owner:${PKH}`,
    kabKotaCode: '62.71',
    correlationId: `pkh-${uuidv4()}`,
    causationId: null,
    actor: null,
    data,
    ...extra,
  });
  const subjectOf = (kind: string) => `slrt.owner.${PKH}.response.${kind}.v1`;
  const respondedAt = () => new Date().toISOString();

  beforeAll(async () => {
    stack = await startReferralStack('refmi');
    ({ intake, db, call } = stack);
    pkh = await stack.owner(PKH);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  const admin = user(['ADMIN'], ['62.71']);
  const fo = user(['FO'], ['62.71.01']);
  const spvOther = user(['SPV'], ['62.71.02']);
  const poPkh = { kind: 'user', id: 'u-po-pkh', roles: ['PO'], regionScope: [], ownerCode: PKH } as unknown as Actor;
  const DESA = '62.71.01.1001';
  const list = (actor: Actor = spv, status?: string) =>
    call('slrt.rpc.referral.list-mass-issues.v1', status ? { status } : {}, actor);
  const suggestionFor = async (area: string, programme = 'PKH') =>
    (await list(spv, 'suggested')).items.find((s) => s.areaCode === area && s.programmeCode === programme);
  /** Drains the owner's referral durable. */
  const drain = async (which: 'referrals' | 'feedback', max = 50) => {
    const out: OwnerReceivedMessage[] = [];
    for (let i = 0; i < max; i++) {
      const m = await pkh.next(which, 1500);
      if (!m) break;
      out.push(m);
    }
    return out;
  };
  let groupId = '';
  let memberCases: string[] = [];

  it('detects a mass issue at the kab/kota threshold and not below; only an ADMIN of the kab/kota sets the threshold', async () => {
    await expect(
      call('slrt.rpc.referral.save-mass-issue-threshold.v1', { minComplaints: 3, windowDays: 14, area: 'desa' }, spv),
    ).rejects.toMatchObject({ error: { code: 'FORBIDDEN' } });
    await expect(
      call(
        'slrt.rpc.referral.save-mass-issue-threshold.v1',
        { minComplaints: 3, windowDays: 14, area: 'desa' },
        user(['ADMIN'], ['62.71.01']),
      ),
    ).rejects.toMatchObject({ error: { code: 'FORBIDDEN', reason: 'KAB_KOTA_ADMIN_REQUIRED' } });
    await expect(
      call('slrt.rpc.referral.save-mass-issue-threshold.v1', { minComplaints: 1, windowDays: 14, area: 'desa' }, admin),
    ).rejects.toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const saved = await call(
      'slrt.rpc.referral.save-mass-issue-threshold.v1',
      { minComplaints: 3, windowDays: 14, area: 'desa' },
      admin,
    );
    expect(saved).toMatchObject({
      kabKotaCode: '62.71',
      minComplaints: 3,
      windowDays: 14,
      area: 'desa',
      updatedBy: admin.id,
    });

    memberCases = [await openCase(DESA), await openCase(DESA)];
    await openCase('62.71.01.1002'); // another desa: not the same pattern
    await openCase(DESA, ['BPNT']); // another programme
    expect(await suggestionFor(DESA)).toBeUndefined(); // 2 < 3
    memberCases.push(await openCase(DESA));
    const s = await suggestionFor(DESA);
    expect(s).toMatchObject({
      id: null,
      status: 'suggested',
      areaLevel: 'desa',
      programmeCode: 'PKH',
      category: 'non-kepesertaan',
      count: 3,
    });
    expect(s!.members.map((x) => x.caseId).sort()).toEqual([...memberCases].sort());
    // The suggestion is made of ids, codes and dates: no name, NIK or phone.
    expect(JSON.stringify(s)).not.toMatch(/Siti|6271015507900001|\+628/);
    expect(await suggestionFor('62.71.01.1002')).toBeUndefined();

    // Per kecamatan the three desa complaints and the other desa's make 4.
    await call(
      'slrt.rpc.referral.save-mass-issue-threshold.v1',
      { minComplaints: 4, windowDays: 14, area: 'kecamatan' },
      admin,
    );
    expect(await suggestionFor('62.71.01')).toMatchObject({ areaLevel: 'kecamatan', count: 4 });
    await call(
      'slrt.rpc.referral.save-mass-issue-threshold.v1',
      { minComplaints: 3, windowDays: 14, area: 'desa' },
      admin,
    );
    // Another kecamatan's supervisor sees none of it.
    expect((await list(spvOther)).items).toEqual([]);
  });

  it('refuses the wrong role and another region, and makes one group of two concurrent confirmations', async () => {
    const body = {
      areaCode: DESA,
      programmeCode: 'PKH',
      category: 'non-kepesertaan',
      caseIds: memberCases,
      title: 'PKH tahap III belum cair',
    };
    await expect(call('slrt.rpc.referral.confirm-mass-issue.v1', body, fo)).rejects.toMatchObject({
      error: { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' },
    });
    await expect(call('slrt.rpc.referral.confirm-mass-issue.v1', body, spvOther)).rejects.toMatchObject({
      error: { code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' },
    });
    await expect(
      call(
        'slrt.rpc.referral.confirm-mass-issue.v1',
        { ...body, caseIds: [...memberCases.slice(0, 2), uuidv7()] },
        spv,
      ),
    ).rejects.toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    await expect(call('slrt.rpc.referral.confirm-mass-issue.v1', { ...body, caseIds: 'x' }, spv)).rejects.toMatchObject(
      { error: { code: 'VALIDATION_FAILED' } },
    );
    const [a, b] = await Promise.all([
      call('slrt.rpc.referral.confirm-mass-issue.v1', body, spv),
      call('slrt.rpc.referral.confirm-mass-issue.v1', body, mj),
    ]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ status: 'confirmed', count: 3, title: 'PKH tahap III belum cair', version: 1 });
    groupId = a.id!;
    expect((await db.query(`SELECT count(*)::int AS n FROM mass_issue`)).rows[0].n).toBe(1);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM mass_issue_member WHERE mass_issue_id = $1`, [groupId])).rows[0]
        .n,
    ).toBe(3);
    // A confirmed group is no longer suggested; its cases cannot be put in another group.
    expect(await suggestionFor(DESA)).toBeUndefined();
    await expect(
      call('slrt.rpc.referral.confirm-mass-issue.v1', { ...body, caseIds: memberCases.slice(1) }, spv),
    ).rejects.toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    // Dismissing other cases keeps them out of later suggestions.
    const others = [await openCase(DESA), await openCase(DESA), await openCase(DESA)];
    expect(await suggestionFor(DESA)).toMatchObject({ count: 3 });
    await expect(
      call(
        'slrt.rpc.referral.dismiss-mass-issue.v1',
        { areaCode: DESA, programmeCode: 'PKH', category: 'non-kepesertaan', caseIds: others },
        spv,
      ),
    ).rejects.toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const dismissed = await call(
      'slrt.rpc.referral.dismiss-mass-issue.v1',
      {
        areaCode: DESA,
        programmeCode: 'PKH',
        category: 'non-kepesertaan',
        caseIds: others,
        note: 'Keluhan berbeda-beda, bukan satu pola.',
      },
      spv,
    );
    expect(dismissed).toMatchObject({ status: 'dismissed', count: 3 });
    expect(await suggestionFor(DESA)).toBeUndefined();
    // Members: add one, remove it again; a stale version is refused.
    const extra = await openCase(DESA);
    const added = await call(
      'slrt.rpc.referral.change-mass-issue-members.v1',
      { massIssueId: groupId, expectedVersion: 1, add: [extra] },
      spv,
    );
    expect(added).toMatchObject({ count: 4, version: 2 });
    await expect(
      call(
        'slrt.rpc.referral.change-mass-issue-members.v1',
        { massIssueId: groupId, expectedVersion: 1, remove: [extra] },
        spv,
      ),
    ).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
    expect(
      await call(
        'slrt.rpc.referral.change-mass-issue-members.v1',
        { massIssueId: groupId, expectedVersion: 2, remove: [extra] },
        spv,
      ),
    ).toMatchObject({ count: 3, version: 3 });
  });

  it('sends a grouped referral: each member referral as usual, then one group message per owner, conforming to the AsyncAPI document', async () => {
    await drain('referrals');
    await expect(call('slrt.rpc.referral.refer-mass-issue.v1', { massIssueId: groupId }, spv)).rejects.toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    // Two members reviewed and approved, the third still waiting for the supervisor.
    for (const id of memberCases.slice(0, 2)) {
      await act(id, 'forward', spv, 1);
      await act(id, 'approve', mj, 2);
    }
    const first = await call(
      'slrt.rpc.referral.refer-mass-issue.v1',
      { massIssueId: groupId, note: 'Mohon cek penyaluran PKH tahap III di desa ini.' },
      bo,
    );
    expect(first.sent.sort()).toEqual(memberCases.slice(0, 2).sort());
    expect(first.skipped).toEqual([{ caseId: memberCases[2], state: 'awaiting-supervisor' }]);
    expect(first.announcedTo).toEqual([PKH]);
    let got = await drain('referrals');
    expect(got.map((m) => m.subject.split('.').slice(3, 5).join('.'))).toEqual([
      'referral.sent',
      'referral.sent',
      'referral.group-sent',
    ]);
    for (const m of got)
      expect({ subject: m.subject, problems: asyncapi.payload(m.subject, JSON.parse(m.body)) }).toEqual({
        subject: m.subject,
        problems: [],
      });
    const group1 = JSON.parse(got[2]!.body).data;
    expect(group1).toMatchObject({ groupId, ownerCode: PKH, areaCode: DESA, programmeCode: 'PKH', memberCount: 3 });
    expect(group1.referralIds).toHaveLength(2);
    expect(got[2]!.body).not.toMatch(/Siti|6271015507900001/);
    // Again: nothing new to send or announce.
    expect(await call('slrt.rpc.referral.refer-mass-issue.v1', { massIssueId: groupId }, bo)).toMatchObject({
      sent: [],
      announcedTo: [],
    });
    expect(await drain('referrals')).toEqual([]);
    // The third member approved later: referred and announced, the group message listing all three.
    await act(memberCases[2]!, 'forward', spv, 1);
    await act(memberCases[2]!, 'approve', mj, 2);
    expect(await call('slrt.rpc.referral.refer-mass-issue.v1', { massIssueId: groupId }, bo)).toMatchObject({
      sent: [memberCases[2]],
      announcedTo: [PKH],
    });
    got = await drain('referrals');
    expect(got.map((m) => m.subject.split('.')[4])).toEqual(['sent', 'group-sent']);
    expect(JSON.parse(got[1]!.body).data.referralIds).toHaveLength(3);
    // The HTTP owner view shows the group.
    const groups = await call('slrt.rpc.referral.list-owner-referral-groups.v1', {}, poPkh);
    expect(groups.items).toEqual([expect.objectContaining({ groupId, memberCount: 3, awaiting: 3 })]);
    await expect(call('slrt.rpc.referral.list-owner-referral-groups.v1', {}, bo)).rejects.toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('applies a group answer once to each member across a redelivery, refusing a withdrawn member alone through the feedback subjects', async () => {
    await drain('feedback');
    // One member withdrawn before the owner answers.
    const withdrawn = memberCases[2]!;
    const v = (await db.query(`SELECT version FROM referral_case WHERE id = $1`, [withdrawn])).rows[0]
      .version as number;
    await act(withdrawn, 'withdraw', spv, v, { note: 'Warga menarik pengaduan.' });
    await drain('referrals');
    const env = envelope(subjectOf('group-answered'), {
      groupId,
      answer: 'accepted',
      note: 'Diterima: penyaluran tahap III diperiksa untuk seluruh desa.',
      respondedAt: respondedAt(),
    });
    await pkh.publishRaw(subjectOf('group-answered'), JSON.stringify(env), env.id);
    const feedback: OwnerReceivedMessage[] = [];
    await waitFor(
      async () => {
        feedback.push(...(await drain('feedback', 5)));
        return feedback.length >= 3 ? true : undefined;
      },
      { message: 'feedback for each member', timeoutMs: 30_000 },
    );
    // The same message again without the dedup header (a redelivery reaching the consumer): no second effect, no feedback.
    await pkh.publishRaw(subjectOf('group-answered'), JSON.stringify(env));
    await new Promise((r) => setTimeout(r, 2500));
    feedback.push(...(await drain('feedback', 5)));
    const data = feedback.map(
      (m) => JSON.parse(m.body).data as { answerId: string; referralId: string; outcome: string; code: string | null },
    );
    for (const m of feedback) expect(asyncapi.payload(m.subject, JSON.parse(m.body))).toEqual([]);
    expect(data).toHaveLength(3);
    expect(data.every((d) => d.answerId === env.id)).toBe(true);
    expect(data.filter((d) => d.outcome === 'applied')).toHaveLength(2);
    expect(data.filter((d) => d.outcome === 'refused')).toEqual([
      expect.objectContaining({ code: 'REFERRAL_WITHDRAWN' }),
    ]);
    const accepts = await db.query(
      `SELECT case_id, count(*)::int AS n FROM case_history WHERE action = 'owner-accept' AND case_id = ANY($1) GROUP BY case_id`,
      [memberCases],
    );
    expect(accepts.rows.map((r) => r.n)).toEqual([1, 1]);
    expect(
      (
        await db.query(`SELECT state FROM referral_case WHERE id = ANY($1) ORDER BY state`, [memberCases.slice(0, 2)])
      ).rows.map((r) => r.state),
    ).toEqual(['owner-accepted', 'owner-accepted']);

    // Over HTTP: resolve for all; the same responseId again is repeated for each member.
    const resolve = {
      groupId,
      responseId: 'pkh-group-resolve-1',
      answer: 'resolved',
      note: 'Bantuan PKH tahap III disalurkan ulang.',
    };
    const r1 = await call('slrt.rpc.referral.respond-to-referral-group.v1', resolve, poPkh);
    expect(r1.members.map((m) => m.result).sort()).toEqual(['applied', 'applied', 'refused']);
    const r2 = await call('slrt.rpc.referral.respond-to-referral-group.v1', resolve, poPkh);
    expect(r2.members.filter((m) => m.result === 'repeated')).toHaveLength(2);
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM case_history WHERE action = 'owner-resolve' AND case_id = ANY($1)`,
          [memberCases],
        )
      ).rows[0].n,
    ).toBe(2);
    await expect(
      call(
        'slrt.rpc.referral.respond-to-referral-group.v1',
        { ...resolve, answer: 'rejected', responseId: 'pkh-group-reject-1' },
        poPkh,
      ),
    ).rejects.toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    // Another owner, an unknown group: not found; a NATS answer to an unknown group is refused with feedback.
    const poBpjs = { ...poPkh, id: 'u-po-bpjs', ownerCode: 'bpjs-kesehatan' } as Actor;
    await expect(
      call('slrt.rpc.referral.respond-to-referral-group.v1', { ...resolve, responseId: 'bpjs-group-1' }, poBpjs),
    ).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });
    const unknown = envelope(subjectOf('group-answered'), {
      groupId: uuidv7(),
      answer: 'accepted',
      respondedAt: respondedAt(),
    });
    await pkh.publishRaw(subjectOf('group-answered'), JSON.stringify(unknown), unknown.id);
    const f = await waitFor(() => pkh.next('feedback', 2000), {
      message: 'refusal of an unknown group',
      timeoutMs: 30_000,
    });
    expect(JSON.parse(f.body).data).toMatchObject({
      answerId: unknown.id,
      outcome: 'refused',
      code: 'UNKNOWN_REFERRAL',
      referralId: null,
    });
  });
});
