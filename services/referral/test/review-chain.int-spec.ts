import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@slrt/contracts';
import { OutboxPublisher, assertedCalls, type RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const fo = user(['FO'], ['62.71.01.1001']);
const fieldSpv = user(['SPV'], ['62.71.01'], 'spv-pahandut');

describe('referral: the review chain per intake point (issue 19) and the supervisor check of FS submissions (issue 15)', () => {
  let stack: ReferralStack;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  const { call, fail } = assertedCalls(() => rpc);

  /** Publishes as intake would: through an outbox, relayed to JetStream. */
  const publish = async (fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<unknown>) =>
    intake.get(DataSource).transaction((m) => fn(intake.get(OutboxPublisher), m));
  /** `registry-checked` as intake publishes it (the chain fields absent: an event from before they existed). */
  const registryChecked = async (extra: Record<string, unknown>, actor?: Actor, complaintId = uuidv7()) => {
    await publish((p, m) =>
      p.publish(
        m,
        'slrt.evt.intake.complaint.registry-checked.v1',
        {
          complaintId,
          receiptNumber: '6271-2612-000002',
          desaCode: '62.71.01.1001',
          category: 'non-kepesertaan',
          programmeCodes: ['PKH'],
          outcome: 'in-registry',
          nextStep: 'review',
          desil: 1,
          dataPeriod: '2026-09',
          checkedAt: new Date().toISOString(),
          ...extra,
        },
        actor ? { actor } : {},
      ),
    );
    return complaintId;
  };
  const caseOf = async (complaintId: string) =>
    waitFor(
      async () =>
        (await db.query(`SELECT id FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0]?.id as
          string | undefined,
      { message: 'case opened' },
    );
  const act = (caseId: string, action: string, expectedVersion: number, actor: Actor, note?: string) =>
    call(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId, action, expectedVersion, ...(note ? { note } : {}) } as never,
      actor,
    );

  beforeAll(async () => {
    stack = await startReferralStack('refc');
    ({ intake, db, rpc } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it("follows Pekanbaru's secretariat chain (MJ → BO): opens at the manager, the SPV has no step, a returned case goes back to the manager", async () => {
    const caseId = await caseOf(await registryChecked({ intakePoint: 'SEKRETARIAT_FO', reviewChain: ['MJ', 'BO'] }));
    const opened = await call('slrt.rpc.referral.get-case.v1', { caseId }, mj);
    expect(opened).toMatchObject({
      state: 'awaiting-manager',
      reviewChain: ['MJ', 'BO'],
      intakePoint: 'SEKRETARIAT_FO',
    });
    expect(opened.allowedActions).toEqual(expect.arrayContaining(['approve', 'return']));
    const returned = await act(caseId, 'return', opened.version, mj, 'Lengkapi bukti penerimaan bulan lalu.');
    expect(returned.state).toBe('returned-for-info');
    // The SPV is not in this chain: neither resolving locally nor any other supervisor step.
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId }, spv)).allowedActions).not.toContain(
      'resolve-locally',
    );
    expect(
      await fail(
        'slrt.rpc.referral.act-on-case.v1',
        { caseId, action: 'resolve-locally', expectedVersion: returned.version, note: 'Selesai di kecamatan.' },
        spv,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    const resubmitted = await act(caseId, 'resubmit', returned.version, fo, 'Bukti terlampir.');
    expect(resubmitted.state).toBe('awaiting-manager');
    const approved = await act(caseId, 'approve', resubmitted.version, mj);
    expect(approved.state).toBe('approved');
    expect(approved.allowedActions).not.toContain('send');
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId }, bo)).allowedActions).toContain('send');
  });

  it('keeps the full chain (SPV → MJ → BO) for the Puskesos and for events without a chain', async () => {
    for (const extra of [{ intakePoint: 'PUSKESOS_FO', reviewChain: ['SPV', 'MJ', 'BO'] }, {}]) {
      const caseId = await caseOf(await registryChecked(extra));
      const c = await call('slrt.rpc.referral.get-case.v1', { caseId }, spv);
      expect(c).toMatchObject({ state: 'awaiting-supervisor', reviewChain: ['SPV', 'MJ', 'BO'] });
      const forwarded = await act(caseId, 'forward', c.version, spv);
      const returned = await act(caseId, 'return', forwarded.version, mj, 'Mohon dicek ulang di lapangan.');
      expect((await act(caseId, 'resubmit', returned.version, fo, 'Sudah dicek.')).state).toBe('awaiting-supervisor');
    }
  });

  it('opens an FS submission the SPV approved in intake at the manager, once, with the supervisor named in the history', async () => {
    const complaintId = uuidv7();
    // Replays of the event (redelivery, a second publication) open nothing more.
    for (let i = 0; i < 3; i++)
      await registryChecked(
        { intakePoint: 'FASILITATOR_VISIT', reviewChain: ['SPV', 'MJ', 'BO'], supervisorChecked: true },
        fieldSpv,
        complaintId,
      );
    const caseId = await caseOf(complaintId);
    await new Promise((r) => setTimeout(r, 500));
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0].n,
    ).toBe(1);
    const c = await call('slrt.rpc.referral.get-case.v1', { caseId }, mj);
    expect(c.state).toBe('awaiting-manager');
    expect(c.history?.[0]).toMatchObject({
      action: 'forward',
      from: 'awaiting-supervisor',
      to: 'awaiting-manager',
      actorRole: 'SPV',
      actorId: fieldSpv.id,
    });
    // Published by intake itself (the registry answered after the approval): the SPV named in the event.
    const later = await caseOf(
      await registryChecked({
        intakePoint: 'FASILITATOR_VISIT',
        reviewChain: ['SPV', 'MJ', 'BO'],
        supervisorChecked: true,
        supervisorCheckedBy: 'spv-named',
      }),
    );
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: later }, mj)).history?.[0]).toMatchObject({
      actorId: 'spv-named',
      actorRole: 'SPV',
    });
    // Returned by the manager, it goes back through the supervisor: the chain still has SPV.
    const returned = await act(caseId, 'return', c.version, mj, 'Data rumah tangga belum lengkap.');
    expect((await act(caseId, 'resubmit', returned.version, fo, 'Dilengkapi.')).state).toBe('awaiting-supervisor');
  });
});
