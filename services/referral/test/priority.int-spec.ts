import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, VulnerableGroup } from '@slrt/contracts';
import { OutboxPublisher, assertedCalls, type RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { addWorkingDays } from '../src/calendar/working-days.js';
import { ReferralEnv } from '../src/config/referral.env.js';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const admin = user(['ADMIN'], ['62.71'], 'admin-1');

describe('referral: priority groups (disability, neglected women/children, elderly, remote indigenous communities)', () => {
  let stack: ReferralStack;
  let env: ReferralEnv;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  const { call, fail } = assertedCalls(() => rpc);

  /** Publishes as intake would: through an outbox, relayed to JetStream. */
  const publish = async (fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<unknown>) =>
    intake.get(DataSource).transaction((m) => fn(intake.get(OutboxPublisher), m));
  const registryChecked = async (priorityGroups?: VulnerableGroup[], complaintId = uuidv7()) => {
    await publish((p, m) =>
      p.publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2612-000001',
        desaCode: '62.71.01.1001',
        category: 'non-kepesertaan',
        programmeCodes: ['PKH'],
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 1,
        dataPeriod: '2026-09',
        ...(priorityGroups ? { priorityGroups } : {}),
        checkedAt: new Date().toISOString(),
      }),
    );
    return complaintId;
  };
  const caseOf = async (complaintId: string) =>
    waitFor(
      async () =>
        (
          await db.query(
            `SELECT id, version, opened_at, due_at, suggested_owners, priority_groups FROM referral_case WHERE complaint_id = $1`,
            [complaintId],
          )
        ).rows[0],
      { message: 'case opened' },
    );
  const holidays = async () =>
    new Set(
      (await db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holiday`)).rows.map((r: { d: string }) => r.d),
    );
  /** Whether `at` is `days` working days after `from` (within the seconds a step takes). */
  const workingDaysAfter = async (from: Date, at: Date, days: number) =>
    Math.abs(addWorkingDays(from, days, await holidays(), env.SLRT_TIME_ZONE).getTime() - at.getTime()) < 60_000;

  beforeAll(async () => {
    stack = await startReferralStack('refp', {
      REFERRAL_SUPERVISOR_DAYS: '4',
      REFERRAL_PRIORITY_DEADLINE_PERCENT: '50',
    });
    ({ env, intake, db, rpc } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('gives a priority case the configured shorter deadlines: review steps and the owner\u2019s response', async () => {
    const usual = await caseOf(await registryChecked());
    const priority = await caseOf(await registryChecked(['disabilitas', 'lanjut-usia']));
    expect(priority.priority_groups).toEqual(['disabilitas', 'lanjut-usia']);
    // REFERRAL_SUPERVISOR_DAYS 4 working days; 50 % for a priority case.
    expect(await workingDaysAfter(usual.opened_at, usual.due_at, 4)).toBe(true);
    expect(await workingDaysAfter(priority.opened_at, priority.due_at, 2)).toBe(true);

    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: priority.id }, spv);
    expect(view.priorityGroups).toEqual(['disabilitas', 'lanjut-usia']);

    // Through the chain to the owner: its response time (the directory's days) is halved too, rounded up.
    const fwd = await call(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId: priority.id, action: 'forward', expectedVersion: 1 },
      spv,
    );
    const approved = await call(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId: priority.id, action: 'approve', expectedVersion: fwd.version },
      mj,
    );
    const sent = await call(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId: priority.id, action: 'send', expectedVersion: approved.version },
      bo,
    );
    expect(sent.state).toBe('referred');
    const [referralRow] = (
      await db.query(
        `SELECT r.sent_at, r.due_at, o.response_days FROM referral r JOIN programme_owner o ON o.code = r.owner_code WHERE r.case_id = $1`,
        [priority.id],
      )
    ).rows;
    expect(
      await workingDaysAfter(referralRow.sent_at, referralRow.due_at, Math.ceil(referralRow.response_days / 2)),
    ).toBe(true);
  });

  it('lists the priority cases on their own, and routes by a rule on the priority group', async () => {
    const rule = {
      category: 'non-kepesertaan',
      programmeCode: 'PKH',
      conditions: { priorityGroup: ['disabilitas'] },
      ownerCodes: ['dinsos'],
      priority: 1,
      note: 'Penyandang disabilitas: Dinas Sosial menangani bersama Kemensos',
      active: true,
      reason: 'Kesepakatan forum SLRT',
    };
    expect(
      await fail(
        'slrt.rpc.referral.save-routing-rule.v1',
        { ...rule, conditions: { priorityGroup: ['miskin'] } },
        admin,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    await call('slrt.rpc.referral.save-routing-rule.v1', rule, admin);
    const disabled = await caseOf(await registryChecked(['disabilitas']));
    const elderly = await caseOf(await registryChecked(['lanjut-usia']));
    const none = await caseOf(await registryChecked());
    expect(disabled.suggested_owners).toEqual(['dinsos']);
    expect(elderly.suggested_owners).toEqual(['kemensos-pkh']);

    const only = await call(
      'slrt.rpc.referral.list-cases.v1',
      { queue: 'all', priority: true, page: 1, pageSize: 200 },
      mj,
    );
    expect(only.items.map((i) => i.caseId)).toEqual(expect.arrayContaining([disabled.id, elderly.id]));
    expect(only.items.map((i) => i.caseId)).not.toContain(none.id);
    expect(only.items.every((i) => (i.priorityGroups ?? []).length > 0)).toBe(true);
    const others = await call(
      'slrt.rpc.referral.list-cases.v1',
      { queue: 'all', priority: false, page: 1, pageSize: 200 },
      mj,
    );
    expect(others.items.map((i) => i.caseId)).toContain(none.id);
    expect(others.items.map((i) => i.caseId)).not.toContain(disabled.id);
  });

  it('takes the priority groups of a corrected complaint', async () => {
    const complaintId = await registryChecked();
    const c = await caseOf(complaintId);
    await publish((p, m) =>
      p.publish(m, 'slrt.evt.intake.complaint.corrected.v1', {
        complaintId,
        receiptNumber: '6271-2612-000001',
        desaCode: '62.71.01.1001',
        version: 2,
        changedFields: ['subject.vulnerableGroups'],
        programmeCodes: ['PKH'],
        category: 'non-kepesertaan',
        priorityGroups: ['anak-terlantar'],
        correctedAt: new Date().toISOString(),
      }),
    );
    await waitFor(
      async () =>
        (await db.query(`SELECT priority_groups FROM referral_case WHERE id = $1`, [c.id])).rows[0].priority_groups
          .length === 1 || undefined,
      { message: 'priority taken' },
    );
    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: c.id }, spv);
    expect(view.priorityGroups).toEqual(['anak-terlantar']);
  });
});
