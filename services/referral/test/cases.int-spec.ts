/* eslint-disable max-lines -- integration spec of referral: cases, review chain, owner channel, deadlines: its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { systemActor, type Actor } from '@slrt/contracts';
import {
  OutboxPublisher,
  connectDirectPublisher,
  connectRpcClient,
  type RpcClient,
  assertedCalls,
} from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { waitFor, type TestNatsServer } from '@slrt/testing';
import { NIK, intakeAsked } from './support/intake-double.js';
import { DeadlineEscalation } from '../src/cases/deadline-escalation.js';
import type { ReferralEnv } from '../src/config/referral.env.js';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const fo = user(['FO'], ['62.71.01.1001']);
const fs = user(['FS'], ['62.71.01']);
const sekretariat = user(['SEKRETARIAT'], ['62.71']);
const ownerClient = {
  kind: 'owner-client',
  id: 'owner-key-pkh-1',
  roles: ['PO'],
  regionScope: [],
  ownerCode: 'kemensos-pkh',
} as unknown as Actor;
const spvElsewhere = user(['SPV'], ['62.71.02'], 'spv-2');
const poPkh = user(['PO'], [], 'po-pkh', 'kemensos-pkh');
const poBpjs = user(['PO'], [], 'po-bpjs', 'bpjs-kesehatan');

describe('referral: cases, review chain, owner channel, deadlines', () => {
  let stack: ReferralStack;
  let nats: TestNatsServer;
  let env: ReferralEnv;
  let referral: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  const closers: Array<() => Promise<void>> = [];
  /** A programme owner's back office: publishes its answers with its own NATS user. */
  const owner = async (code: string) => {
    const o = await connectDirectPublisher({
      ...nats.credentials(code),
      service: code,
      kabKotaCode: env.KAB_KOTA_CODE,
    });
    closers.push(o.close);
    return o;
  };

  // On the same schema and bus; the stack stops the last one started.
  const startReferral = () => stack.restartReferral();
  const { call, fail } = assertedCalls(() => rpc);
  /** Publishes as intake would: through an outbox, relayed to JetStream. */
  const publish = async (fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<unknown>) =>
    intake.get(DataSource).transaction((m) => fn(intake.get(OutboxPublisher), m));
  const registryChecked = (complaintId = uuidv7()) =>
    publish((p, m) =>
      p.publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2611-000123',
        desaCode: '62.71.01.1001',
        category: 'non-kepesertaan',
        programmeCodes: ['PKH'],
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
        checkedAt: new Date().toISOString(),
      }),
    ).then(() => complaintId);
  const caseOf = async (complaintId: string) =>
    waitFor(
      async () =>
        (await db.query(`SELECT id, version, state FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0],
      { message: 'case opened' },
    );
  const act = (caseId: string, action: string, actor: Actor, version: number, extra: Record<string, unknown> = {}) =>
    call('slrt.rpc.referral.act-on-case.v1', { caseId, action, expectedVersion: version, ...extra }, actor);

  beforeAll(async () => {
    stack = await startReferralStack('ref');
    ({ nats, env, intake, db, rpc } = stack);
    referral = stack.referral;
  }, 60_000);

  afterAll(async () => {
    for (const close of closers) await close();
    await stack?.close();
  });

  it('opens one case per registry-checked complaint (duplicates change nothing), with suggested owners and a deadline', async () => {
    const complaintId = uuidv7();
    // Four events about the same complaint (distinct ids, so the inbox does not drop them), in one commit.
    await publish(async (p, m) => {
      for (let i = 0; i < 4; i++)
        await p.publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
          complaintId,
          receiptNumber: '6271-2611-000123',
          desaCode: '62.71.01.1001',
          category: 'non-kepesertaan',
          programmeCodes: ['PKH'],
          outcome: 'in-registry',
          nextStep: 'review',
          desil: 2,
          dataPeriod: '2026-09',
          checkedAt: new Date().toISOString(),
        });
    });
    const c = await caseOf(complaintId);
    // Every one of them was handled (recorded in the inbox), not merely not delivered yet ...
    const eventIds = (
      await intake
        .get(DataSource)
        .query(`SELECT id FROM outbox WHERE envelope->'data'->>'complaintId' = $1`, [complaintId])
    ).map((r: { id: string }) => r.id);
    expect(eventIds).toHaveLength(4);
    await waitFor(
      async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'referral-complaint-checked' AND event_id = ANY($1::uuid[])`,
            [eventIds],
          )
        ).rows[0].n === 4,
      { message: 'all four handled' },
    );
    // ... and what a handled duplicate could double did not: the opened event and the case's history.
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM outbox WHERE subject = 'slrt.evt.referral.case.opened.v1' AND envelope->'data'->>'complaintId' = $1`,
          [complaintId],
        )
      ).rows[0].n,
    ).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM case_history WHERE case_id = $1`, [c.id])).rows[0].n).toBe(
      0,
    ); // opening writes none
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0].n,
    ).toBe(1);
    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: c.id }, spv);
    expect(view).toMatchObject({
      state: 'awaiting-supervisor',
      suggestedOwners: ['kemensos-pkh'],
      deadline: 'on-track',
      allowedActions: expect.arrayContaining(['forward', 'return', 'resolve-locally']),
    });
    const queue = await call('slrt.rpc.referral.list-cases.v1', { queue: 'mine', page: 1, pageSize: 50 }, spv);
    expect(queue.items.map((i) => i.caseId)).toContain(c.id);
    expect(
      (await call('slrt.rpc.referral.list-cases.v1', { queue: 'mine', page: 1, pageSize: 50 }, mj)).items.map(
        (i) => i.caseId,
      ),
    ).not.toContain(c.id);
  });

  it('walks the review chain to the owner channel, refusing wrong roles, illegal moves and stale versions', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    expect(
      await fail('slrt.rpc.referral.act-on-case.v1', { caseId: id, action: 'forward', expectedVersion: 1 }, fo),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const illegal = await fail(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId: id, action: 'approve', expectedVersion: 1 },
      mj,
    );
    expect(illegal).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    expect(
      await fail(
        'slrt.rpc.referral.act-on-case.v1',
        { caseId: id, action: 'forward', expectedVersion: 1 },
        spvElsewhere,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await fail('slrt.rpc.referral.act-on-case.v1', { caseId: id, action: 'return', expectedVersion: 1 }, spv),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    const fwd = await act(id, 'forward', spv, 1);
    expect(fwd.state).toBe('awaiting-manager');
    expect(
      await fail('slrt.rpc.referral.act-on-case.v1', { caseId: id, action: 'approve', expectedVersion: 1 }, mj),
    ).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
    const approved = await act(id, 'approve', mj, 2);
    expect(approved.state).toBe('approved');
    expect(
      await fail(
        'slrt.rpc.referral.act-on-case.v1',
        { caseId: id, action: 'send', expectedVersion: 3, ownerCodes: ['bpjs-kesehatan'] },
        bo,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' }); // override without reason
    const sent = await act(id, 'send', bo, 3, { note: 'Mohon cek penyaluran PKH tahap III.' });
    expect(sent).toMatchObject({ state: 'referred', referrals: [{ ownerCode: 'kemensos-pkh', status: 'sent' }] });
    expect(sent.history!.map((h) => h.action)).toEqual(['forward', 'approve', 'send']);
    // The person's data came from intake, asked by referral as itself for the BO (never as the BO).
    const asked = intakeAsked.filter((a) => a.complaintId === complaintId);
    expect(asked).not.toHaveLength(0);
    for (const a of asked)
      expect(a).toEqual({ caller: 'referral', actorId: 'system:referral', onBehalfOf: bo.id, complaintId });
    const [row] = (
      await db.query(
        `SELECT subject, envelope FROM outbox WHERE subject LIKE 'slrt.owner.%.referral.sent.v1' AND envelope->'data'->>'referralId' = $1`,
        [sent.referrals![0]!.referralId],
      )
    ).rows;
    expect(row.subject).toBe('slrt.owner.kemensos-pkh.referral.sent.v1');
    // Only the fields the PKH owner's directory entry asks for, the kab/kota and the deadline.
    expect(Object.keys(row.envelope.data.subject).sort()).toEqual(['address', 'desaCode', 'name', 'nik']);
    expect(row.envelope.data).toMatchObject({
      kabKotaCode: '62.71',
      ownerCode: 'kemensos-pkh',
      recommendation: 'Mohon cek penyaluran PKH tahap III.',
    });
    expect(new Date(row.envelope.data.dueAt).getTime()).toBeGreaterThan(Date.now() + 7 * 24 * 3600_000);
  });

  it('takes an owner answer\u2019s owner from its subject: an answer claiming another owner is refused, recorded and never applied', async () => {
    const sendTo = async (ownerCodes: string[]) => {
      const { id } = await caseOf(await registryChecked());
      await act(id, 'forward', spv, 1);
      await act(id, 'approve', mj, 2);
      const sent = await act(id, 'send', bo, 3, { ownerCodes, overrideReason: 'Diuji: tujuan dipilih manual.' });
      return { id, referralId: sent.referrals![0]!.referralId };
    };
    // As an owner's own system would publish (producer `owner:<code>`), through an outbox relayed to JetStream.
    // Over the owner's own NATS user (only it may publish on its subject), naming `producer` in the envelope.
    const publishAs = async (producer: string, ownerCode: string, referralId: string, actor: Actor | null = null) => {
      const o = await connectDirectPublisher({
        ...nats.credentials(ownerCode),
        service: producer,
        kabKotaCode: env.KAB_KOTA_CODE,
      });
      closers.push(o.close);
      await o.publishToOwner(
        'slrt.owner.*.response.resolved.v1',
        ownerCode,
        { referralId, outcome: 'Sudah kami tutup.', respondedAt: new Date().toISOString() },
        { actor },
      );
    };
    const refusal = (referralId: string) =>
      waitFor(
        async () =>
          (
            await db.query(`SELECT owner_code, refusal, applied FROM owner_response WHERE referral_id = $1`, [
              referralId,
            ])
          ).rows[0],
        { message: 'answer recorded' },
      );
    const bpjsClient = {
      kind: 'owner-client',
      id: 'client-bpjs',
      roles: ['PO'],
      regionScope: [],
      ownerCode: 'bpjs-kesehatan',
    } as unknown as Actor;

    // On kemensos-pkh's subject, for a referral of bpjs-kesehatan, its envelope claiming to be bpjs-kesehatan.
    const other = await sendTo(['bpjs-kesehatan']);
    await publishAs('owner:bpjs-kesehatan', 'kemensos-pkh', other.referralId, bpjsClient);
    expect(await refusal(other.referralId)).toMatchObject({ owner_code: 'kemensos-pkh', applied: false });
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: other.id }, spv)).state).toBe('referred');

    // On kemensos-pkh's subject, for its own referral, but the envelope claims another owner: refused too.
    const own = await sendTo(['kemensos-pkh']);
    await publishAs('owner:bpjs-kesehatan', 'kemensos-pkh', own.referralId);
    expect(await refusal(own.referralId)).toEqual({
      owner_code: 'kemensos-pkh',
      refusal: 'OWNER_MISMATCH',
      applied: false,
    });
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: own.id }, spv)).state).toBe('referred');
  });

  it('sends a referral in a handful of PostgreSQL statements (the send path of issue 17)', async () => {
    const { id } = await caseOf(await registryChecked());
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    // The statements referral runs on behalf of this one request (its correlation id), not the relay's.
    const ds = referral.get(DataSource);
    const logger = ds.logger;
    const correlationId = uuidv7();
    const statements: string[] = [];
    ds.logger = new Proxy(logger, {
      get: (target, key, receiver) =>
        key === 'logQuery'
          ? (sql: string, ...rest: unknown[]) => {
              if (RequestContext.current()?.correlationId === correlationId) statements.push(sql);
              return target.logQuery(sql, ...(rest as []));
            }
          : Reflect.get(target, key, receiver),
    });
    try {
      const sent = await RequestContext.run({ correlationId }, () => act(id, 'send', bo, 3));
      expect(sent).toMatchObject({ state: 'referred', version: 4, referrals: [{ status: 'sent' }] });
      expect(sent.history!.map((h) => h.action)).toEqual(['forward', 'approve', 'send']);
    } finally {
      ds.logger = logger;
    }
    // The preview read; START, the case locked with the calendar and the owners, its referrals, one
    // writing statement (referral, case, history, outbox rows), COMMIT; the reply's view in one read.
    // Was 16 (a statement per row, four for the view): each is a socket write and a wait on this path.
    expect(statements.map((sql) => sql.trim().split(/\s+/)[0])).toEqual([
      'SELECT',
      'START',
      'WITH',
      'SELECT',
      'WITH',
      'COMMIT',
      'SELECT',
    ]);
  });

  it('refuses a send by a role that may not send before reading the person\u2019s data', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    for (const actor of [fo, fs, spv, mj]) {
      expect(
        await fail('slrt.rpc.referral.act-on-case.v1', { caseId: id, action: 'send', expectedVersion: 3 }, actor),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' });
    }
    // Intake was never asked for the complaint (its persons in full): nothing was read for a refused call.
    expect(intakeAsked.map((a) => a.complaintId)).not.toContain(complaintId);
    await act(id, 'send', bo, 3);
    expect(intakeAsked.filter((a) => a.complaintId === complaintId)).toHaveLength(1);
  });

  it('audits every owner read of referral data (PO user and owner API key), listed for ADMIN and SEKRETARIAT only', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const referralId = (await act(id, 'send', bo, 3)).referrals![0]!.referralId;
    const byUser = await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, poPkh);
    expect(byUser.items.map((r) => r.referralId)).toContain(referralId);
    await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, ownerClient);
    const audit = await call(
      'slrt.rpc.referral.list-owner-read-audit.v1',
      { ownerCode: 'kemensos-pkh', page: 1, pageSize: 2 },
      sekretariat,
    );
    expect(audit.items).toHaveLength(2);
    expect(audit.items.map((e) => [e.actorId, e.actorKind, e.ownerCode, e.action, e.purpose])).toEqual([
      ['owner-key-pkh-1', 'owner-client', 'kemensos-pkh', 'list-owner-referrals', 'referral-handling'],
      ['po-pkh', 'user', 'kemensos-pkh', 'list-owner-referrals', 'referral-handling'],
    ]);
    for (const e of audit.items) {
      expect(e.referralIds).toContain(referralId);
      expect(e.resultCount).toBe(e.referralIds.length);
    }
    // Newest first, numerically.
    expect(Number(audit.items[0]!.id)).toBeGreaterThan(Number(audit.items[1]!.id));
    // The audit holds no personal data.
    expect(JSON.stringify((await db.query(`SELECT * FROM owner_read_audit`)).rows)).not.toContain(NIK);
    for (const actor of [spv, bo, poPkh])
      expect(await fail('slrt.rpc.referral.list-owner-read-audit.v1', { page: 1, pageSize: 10 }, actor)).toMatchObject({
        code: 'FORBIDDEN',
      });
  });

  it('tells intake, and only intake, which owners received and read a complaint\u2019s persons (the citizen\u2019s access log)', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    await act(id, 'send', bo, 3);
    await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, poPkh);
    await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, ownerClient);
    await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 200 }, ownerClient);
    // Intake asks over its own NATS user, as itself (RPC_CALLS allows it exactly this subject).
    const asIntake = await connectRpcClient({
      ...nats.credentials('intake'),
      service: 'intake',
      kabKotaCode: env.KAB_KOTA_CODE,
    });
    closers.push(asIntake.close);
    const intakeActor = systemActor('intake');
    const d = await asIntake.client.request(
      'slrt.rpc.referral.get-complaint-disclosures.v1',
      { complaintId },
      { actor: intakeActor, timeoutMs: 10_000 },
    );
    expect(d.owners).toEqual([{ code: 'kemensos-pkh', name: expect.any(String) }]);
    expect(d.sends).toEqual([{ ownerCode: 'kemensos-pkh', at: expect.any(String) }]);
    expect(d.reads.map((r) => [r.ownerCode, r.actorKind, r.count]).sort()).toEqual([
      ['kemensos-pkh', 'owner-client', 2],
      ['kemensos-pkh', 'user', 1],
    ]);
    expect(JSON.stringify(d)).not.toMatch(/po-pkh|owner-key-pkh/);
    expect(JSON.stringify(d)).not.toContain(NIK);
    // A complaint never referred: nothing disclosed.
    expect(
      await asIntake.client.request(
        'slrt.rpc.referral.get-complaint-disclosures.v1',
        { complaintId: uuidv7() },
        { actor: intakeActor, timeoutMs: 10_000 },
      ),
    ).toEqual({ owners: [], sends: [], reads: [] });
    // Nobody else may ask: not a user through the gateway.
    for (const actor of [sekretariat, bo, poPkh])
      expect(await fail('slrt.rpc.referral.get-complaint-disclosures.v1', { complaintId }, actor)).toMatchObject({
        code: 'FORBIDDEN',
      });
  });

  it('publishes an owner\u2019s rejection with its reason code (the citizen is told why)', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const referralId = (await act(id, 'send', bo, 3)).referrals![0]!.referralId;
    expect(
      await call(
        'slrt.rpc.referral.respond-to-referral.v1',
        {
          referralId,
          responseId: 'pkh-reject-0001',
          answer: 'rejected',
          reasonCode: 'ALREADY_RECIPIENT',
          note: 'Sudah menerima sejak 2024.',
        },
        poPkh,
      ),
    ).toMatchObject({ status: 'rejected' });
    const moves = (
      await db.query(
        `SELECT envelope->'data' AS d FROM outbox WHERE subject = 'slrt.evt.referral.case.transitioned.v1' AND envelope->'data'->>'caseId' = $1 ORDER BY created_at`,
        [id],
      )
    ).rows.map((r) => r.d);
    expect(moves.map((d) => [d.action, d.reasonCode ?? null])).toEqual([
      ['forward', null],
      ['approve', null],
      ['send', null],
      ['owner-reject', 'ALREADY_RECIPIENT'],
    ]);
  });

  it('applies owners\u2019 answers from NATS and HTTP once, and refuses the wrong owner', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const sent = await act(id, 'send', bo, 3);
    const referralId = sent.referrals![0]!.referralId;
    // Another owner answering over its own subject: refused and recorded, never applied.
    await (
      await owner('bpjs-kesehatan')
    ).publishToOwner('slrt.owner.*.response.resolved.v1', 'bpjs-kesehatan', {
      referralId,
      outcome: 'Bukan urusan kami, tapi kami tutup.',
      respondedAt: new Date().toISOString(),
    });
    await waitFor(
      async () =>
        (await db.query(`SELECT refusal FROM owner_response WHERE owner_code = 'bpjs-kesehatan'`)).rows[0]?.refusal ===
        'NOT_YOUR_REFERRAL',
    );
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: id }, spv)).state).toBe('referred');
    // The right owner over NATS: asks a question first, the back office answers on its subject.
    const pkh = await owner('kemensos-pkh');
    await pkh.publishToOwner('slrt.owner.*.response.review-requested.v1', 'kemensos-pkh', {
      referralId,
      questions: ['Mohon nomor KKS.'],
      respondedAt: new Date().toISOString(),
    });
    const asked = await waitFor(async () => {
      const v = await call('slrt.rpc.referral.get-case.v1', { caseId: id }, bo);
      return v.state === 'owner-review-requested' ? v : null;
    });
    await act(id, 'answer-owner', bo, asked.version, { note: 'Nomor KKS tercantum di berkas: 5049-xxxx.' });
    const updated = (
      await db.query(
        `SELECT envelope->'data' AS d FROM outbox WHERE subject = 'slrt.owner.kemensos-pkh.referral.updated.v1' AND envelope->'data'->>'referralId' = $1`,
        [referralId],
      )
    ).rows;
    expect(updated.map((u) => u.d.note)).toEqual(['Nomor KKS tercantum di berkas: 5049-xxxx.']);
    await pkh.publishToOwner('slrt.owner.*.response.accepted.v1', 'kemensos-pkh', {
      referralId,
      note: 'Diteruskan ke pendamping.',
      respondedAt: new Date().toISOString(),
    });
    await waitFor(
      async () => (await call('slrt.rpc.referral.get-case.v1', { caseId: id }, spv)).state === 'owner-accepted',
    );
    // Over HTTP (PO user): another owner cannot see or answer it.
    expect(
      (await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 50 }, poBpjs)).items.map(
        (r) => r.referralId,
      ),
    ).not.toContain(referralId);
    expect(
      await fail(
        'slrt.rpc.referral.respond-to-referral.v1',
        { referralId, responseId: 'bpjs-0000001', answer: 'accepted' },
        poBpjs,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    const mine = await call('slrt.rpc.referral.list-owner-referrals.v1', { page: 1, pageSize: 50 }, poPkh);
    expect(mine.items.find((r) => r.referralId === referralId)).toMatchObject({
      status: 'accepted',
      subject: { nik: NIK },
    });
    const answer = {
      referralId,
      responseId: 'pkh-resp-0000001',
      answer: 'resolved',
      note: 'Dana disalurkan ulang 1 Desember.',
    };
    expect(await call('slrt.rpc.referral.respond-to-referral.v1', answer, poPkh)).toEqual({
      referralId,
      status: 'resolved',
      repeated: false,
    });
    expect(await call('slrt.rpc.referral.respond-to-referral.v1', answer, poPkh)).toEqual({
      referralId,
      status: 'resolved',
      repeated: true,
    });
    const done = await call('slrt.rpc.referral.get-case.v1', { caseId: id }, mj);
    expect(done.state).toBe('resolved');
    expect(done.history!.map((h) => `${h.action}:${h.actorRole}`)).toEqual([
      'forward:SPV',
      'approve:MJ',
      'send:BO',
      'owner-request-review:PO',
      'answer-owner:BO',
      'owner-accept:PO',
      'owner-resolve:PO',
    ]);
    expect(done.referrals![0]).toMatchObject({ status: 'resolved', lastAnswer: 'Dana disalurkan ulang 1 Desember.' });
  });

  it('withdraws the case and its referrals when the complaint is withdrawn', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const sent = await act(id, 'send', bo, 3);
    await publish((p, m) =>
      p.publish(m, 'slrt.evt.intake.complaint.withdrawn.v1', {
        complaintId,
        receiptNumber: '6271-2611-000123',
        reason: 'Bantuan sudah diterima',
        withdrawnAt: new Date().toISOString(),
      }),
    );
    await waitFor(async () => (await call('slrt.rpc.referral.get-case.v1', { caseId: id }, spv)).state === 'withdrawn');
    const withdrawn = (
      await db.query(
        `SELECT subject FROM outbox WHERE subject = 'slrt.owner.kemensos-pkh.referral.withdrawn.v1' AND envelope->'data'->>'referralId' = $1`,
        [sent.referrals![0]!.referralId],
      )
    ).rows;
    expect(withdrawn).toHaveLength(1);
  });

  it('escalates at risk then breached once each, and remembers it across a restart', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await db.query(
      `UPDATE referral_case SET at_risk_at = now() - interval '1 hour', due_at = now() + interval '1 hour' WHERE id = $1`,
      [id],
    );
    const escalation = () => referral.get(DeadlineEscalation).runOnce();
    const events = async () =>
      (
        await db.query(
          `SELECT envelope->'data' AS d FROM outbox WHERE subject = 'slrt.evt.referral.case.deadline-escalated.v1' AND envelope->'data'->>'caseId' = $1 ORDER BY created_at`,
          [id],
        )
      ).rows.map((r) => r.d);
    await escalation();
    expect((await events()).map((e) => `${e.level}:${e.notify}`)).toEqual(['at-risk:SPV']);
    await escalation();
    expect(await events()).toHaveLength(1);
    await db.query(`UPDATE referral_case SET due_at = now() - interval '1 minute' WHERE id = $1`, [id]);
    await referral.close();
    referral = await startReferral();
    await escalation();
    await escalation();
    expect((await events()).map((e) => `${e.level}:${e.notify}`)).toEqual(['at-risk:SPV', 'breached:MJ']);
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: id }, spv)).deadline).toBe('breached');
    expect(
      (await call('slrt.rpc.referral.list-cases.v1', { queue: 'overdue', page: 1, pageSize: 50 }, mj)).items.map(
        (c) => c.caseId,
      ),
    ).toContain(id);
  }, 30_000);

  it('survives a restart of the referral service mid-flow with no lost or doubled transition', async () => {
    const complaintId = await registryChecked();
    const { id } = await caseOf(complaintId);
    await act(id, 'forward', spv, 1);
    await referral.close();
    // While referral is down, intake keeps publishing: the event waits in the stream.
    const other = await registryChecked();
    referral = await startReferral();
    await caseOf(other);
    await act(id, 'approve', mj, 2);
    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: id }, mj);
    expect(view.history!.map((h) => h.action)).toEqual(['forward', 'approve']);
    expect(view.version).toBe(3);
    const transitions = (
      await db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE subject = 'slrt.evt.referral.case.transitioned.v1' AND envelope->'data'->>'caseId' = $1`,
        [id],
      )
    ).rows[0].n;
    expect(transitions).toBe(2);
  }, 30_000);

  it('lets ADMIN edit the owner directory and the holiday calendar, and only ADMIN', async () => {
    const admin = user(['ADMIN'], ['62.71'], 'admin-1');
    const owner = {
      code: 'dinsos-kota',
      name: 'Dinas Sosial Kota Palangka Raya',
      level: 'kabkota',
      nonGovernment: false,
      programmeCodes: ['RUTILAHU'],
      serviceArea: ['62.71'],
      requiredDocuments: ['KTP'],
      personalFields: ['name', 'address'],
      responseDays: 7,
      active: true,
    };
    expect(await call('slrt.rpc.referral.save-programme-owner.v1', owner, admin)).toMatchObject({
      code: 'dinsos-kota',
      responseDays: 7,
      contact: null,
    });
    expect(await call('slrt.rpc.referral.save-programme-owner.v1', { ...owner, responseDays: 5 }, admin)).toMatchObject(
      { responseDays: 5 },
    );
    expect((await fail('slrt.rpc.referral.save-programme-owner.v1', owner, mj)).code).toBe('FORBIDDEN');
    expect(
      (await fail('slrt.rpc.referral.save-programme-owner.v1', { ...owner, personalFields: ['religion'] }, admin)).code,
    ).toBe('VALIDATION_FAILED');
    const owners = await call('slrt.rpc.referral.list-programme-owners.v1', {}, bo);
    expect(owners.items.find((o) => o.code === 'dinsos-kota')).toMatchObject({ responseDays: 5 });
    const cal = await call(
      'slrt.rpc.referral.save-holiday.v1',
      { date: '2026-12-24', name: 'Cuti bersama Natal', holiday: true },
      admin,
    );
    expect(cal.items.map((h) => h.date)).toEqual(expect.arrayContaining(['2026-12-24', '2026-12-25']));
    const removed = await call(
      'slrt.rpc.referral.save-holiday.v1',
      { date: '2026-12-24', name: 'Cuti bersama Natal', holiday: false },
      admin,
    );
    expect(removed.items.map((h) => h.date)).not.toContain('2026-12-24');
    expect(
      (await fail('slrt.rpc.referral.save-holiday.v1', { date: '2026-02-30', name: 'Tidak ada', holiday: true }, admin))
        .code,
    ).toBe('VALIDATION_FAILED');
    // The reporting service reads the calendar as itself, to count durations in working days.
    const asReporting = await connectRpcClient({
      ...nats.credentials('reporting'),
      service: 'reporting',
      kabKotaCode: env.KAB_KOTA_CODE,
    });
    try {
      const listed = await asReporting.client.request(
        'slrt.rpc.referral.list-holidays.v1',
        { year: 2026 },
        { actor: systemActor('reporting'), timeoutMs: 10_000 },
      );
      expect(listed.items.map((h) => h.date)).toContain('2026-12-25');
    } finally {
      await asReporting.close();
    }
  });
});
