/* eslint-disable max-lines -- integration spec of intake: the complaint’s status follows the case: its tests share one booted stack, which takes seconds to start */
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import {
  systemActor,
  type CaseAction,
  type CaseState,
  type GetComplaintDisclosuresRequestV1,
  type GetComplaintDisclosuresResponseV1,
  type ProposalStatus,
  type PublicStatusV1,
} from '@slrt/contracts';
import {
  OnRequest,
  OutboxPublisher,
  createMessagingTables,
  createServiceApp,
  type RpcRequestContext,
} from '@slrt/messaging';
import { createTestSchema, waitFor, type TestSchema } from '@slrt/testing';
import {
  operator,
  person,
  registration,
  registryDouble,
  startIntake,
  type IntakeHarness,
} from './support/intake-harness.js';

const REGISTER = 'slrt.rpc.intake.register-complaint.v1' as const;
const STATUS = 'slrt.rpc.intake.get-public-status.v1' as const;
const fo = operator(['FO'], ['62.71.01.1001'], 'fo-pahandut');
const bo = operator(['BO'], ['62.71'], 'bo-kota');

/** Stands in for referral on the bus: answers the disclosures of a complaint as the real contract, and says who asked. */
const referralDouble = {
  disclosures: new Map<string, GetComplaintDisclosuresResponseV1>(),
  callers: [] as Array<{ caller: string; actorId: string }>,
  silent: false,
};

@Controller()
class ReferralDoubleHandlers {
  @OnRequest('slrt.rpc.referral.get-complaint-disclosures.v1')
  async disclosures(
    @Payload() data: GetComplaintDisclosuresRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<GetComplaintDisclosuresResponseV1> {
    referralDouble.callers.push({ caller: ctx.caller, actorId: ctx.actor.id });
    if (referralDouble.silent) await new Promise((r) => setTimeout(r, 3000));
    return referralDouble.disclosures.get(data.complaintId) ?? { owners: [], sends: [], reads: [] };
  }
}

@Module({ controllers: [ReferralDoubleHandlers] })
class ReferralDoubleModule {}

const PKH = { code: 'kemensos-pkh', name: 'Kementerian Sosial (PKH)' };

describe('intake: the complaint\u2019s status follows the case', () => {
  let h: IntakeHarness;
  let referralSchema: TestSchema;
  let referral: NestFastifyApplication;
  let rdb: pg.Client;
  const t0 = Date.now();
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

  const publishFrom = (
    app: NestFastifyApplication,
    fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<{ id: string }>,
  ) => app.get(DataSource).transaction((m) => fn(app.get(OutboxPublisher), m));
  const opened = (c: { complaintId: string; receiptNumber: string }, state: CaseState, when: string) =>
    publishFrom(referral, (p, m) =>
      p.publish(m, 'slrt.evt.referral.case.opened.v1', {
        caseId: uuidv7(),
        complaintId: c.complaintId,
        receiptNumber: c.receiptNumber,
        desaCode: '62.71.01.1001',
        category: 'non-kepesertaan',
        programmeCodes: ['PKH'],
        state,
        dueAt: null,
        openedAt: when,
      }),
    );
  const moved = (
    c: { complaintId: string; receiptNumber: string },
    action: CaseAction,
    from: CaseState,
    to: CaseState,
    when: string,
    extra: { ownerCodes?: string[]; reasonCode?: string } = {},
  ) =>
    publishFrom(referral, (p, m) =>
      p.publish(m, 'slrt.evt.referral.case.transitioned.v1', {
        caseId: uuidv7(),
        complaintId: c.complaintId,
        receiptNumber: c.receiptNumber,
        desaCode: '62.71.01.1001',
        action,
        from,
        to,
        actorRole: action.startsWith('owner-') ? 'PO' : 'BO',
        ownerCodes: extra.ownerCodes ?? [],
        dueAt: null,
        at: when,
        ...(extra.reasonCode ? { reasonCode: extra.reasonCode } : {}),
      }),
    );
  const proposal = (complaintId: string, fromStatus: ProposalStatus | null, toStatus: ProposalStatus, when: string) =>
    publishFrom(h.registry, (p, m) =>
      p.publish(m, 'slrt.evt.registry.proposal.status-changed.v1', {
        proposalId: uuidv7(),
        kind: 'prelist',
        complaintId,
        desaCode: '62.71.01.1001',
        fromStatus,
        toStatus,
        action: 'record-musdes',
        reason: 'Catatan petugas: Bu Sari tidak hadir',
        batchId: null,
        changedAt: when,
      }),
    );
  const steps = async (complaintId: string) =>
    (
      await h.db.query(
        `SELECT sequence, step, owner_code AS "ownerCode" FROM complaint_status WHERE complaint_id = $1 ORDER BY sequence`,
        [complaintId],
      )
    ).rows as Array<{ sequence: number; step: string; ownerCode: string | null }>;
  const published = async (complaintId: string) =>
    (
      await h.db.query(
        `SELECT envelope->'data' AS data FROM outbox WHERE subject = 'slrt.evt.intake.complaint.status-changed.v1' AND envelope->'data'->>'complaintId' = $1 ORDER BY (envelope->'data'->>'sequence')::int`,
        [complaintId],
      )
    ).rows.map((r) => r.data as Record<string, unknown>);
  const stepsReach = (complaintId: string, n: number) =>
    waitFor(async () => ((await steps(complaintId)).length >= n ? true : undefined), {
      message: `${n} steps recorded`,
    });
  const handled = (eventId: string) =>
    waitFor(
      async () =>
        (await h.db.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).rowCount ? true : undefined,
      { message: 'event handled' },
    );
  const status = (r: { receiptNumber: string; trackingCode: string }) =>
    h.call(
      STATUS,
      { receiptNumber: r.receiptNumber, trackingCode: r.trackingCode },
      systemActor('gateway'),
    ) as Promise<PublicStatusV1>;

  beforeAll(async () => {
    h = await startIntake();
    referralSchema = await createTestSchema('iref');
    const c = new pg.Client({ connectionString: referralSchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, referralSchema.schema);
    await c.end();
    const base = { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' };
    referral = (
      await createServiceApp({
        service: 'referral',
        env: loadConfig('referral', BaseServiceEnv, {
          ...base,
          ...h.nats.serviceEnv('referral'),
          DATABASE_URL: referralSchema.url,
          DATABASE_SCHEMA: referralSchema.schema,
        }),
        imports: [ReferralDoubleModule],
      })
    ).app;
    rdb = new pg.Client({ connectionString: referralSchema.url, options: `-c search_path=${referralSchema.schema}` });
    await rdb.connect();
  }, 60_000);

  afterAll(async () => {
    await referral?.close();
    await rdb?.end();
    await h?.close();
    await referralSchema?.drop();
  });

  it('events drive the timeline: each step once, numbered, published with the previous step; the public status shows it in plain words', async () => {
    const req = registration();
    registryDouble.known.set(req.subject.nik, {
      found: true,
      householdId: 'hh-1',
      desil: 2,
      programmeFlags: ['PKH'],
      dataPeriod: '2026-09',
    });
    const c = await h.call(REGISTER, req, fo);
    await opened(c, 'awaiting-supervisor', at(1));
    // case.opened and case.transitioned have their own durables: a send handled first would (rightly) supersede the older opening.
    await stepsReach(c.complaintId, 3);
    await moved(c, 'forward', 'awaiting-supervisor', 'awaiting-manager', at(2));
    await moved(c, 'send', 'approved', 'referred', at(3), { ownerCodes: ['kemensos-pkh'] });
    await moved(c, 'owner-accept', 'referred', 'owner-accepted', at(4), { ownerCodes: ['kemensos-pkh'] });
    await moved(c, 'owner-resolve', 'owner-accepted', 'resolved', at(5), { ownerCodes: ['kemensos-pkh'] });
    await stepsReach(c.complaintId, 6);
    expect(await steps(c.complaintId)).toEqual([
      { sequence: 1, step: 'received', ownerCode: null },
      { sequence: 2, step: 'registry-checked', ownerCode: null },
      { sequence: 3, step: 'in-review', ownerCode: null },
      { sequence: 4, step: 'referred', ownerCode: 'kemensos-pkh' },
      { sequence: 5, step: 'answered', ownerCode: 'kemensos-pkh' },
      { sequence: 6, step: 'resolved', ownerCode: 'kemensos-pkh' },
    ]);
    const events = await published(c.complaintId);
    expect(events.map((e) => [e.sequence, e.previousStep, e.step])).toEqual([
      [1, null, 'received'],
      [2, 'received', 'registry-checked'],
      [3, 'registry-checked', 'in-review'],
      [4, 'in-review', 'referred'],
      [5, 'referred', 'answered'],
      [6, 'answered', 'resolved'],
    ]);
    expect(events[3]).toMatchObject({
      receiptNumber: c.receiptNumber,
      desaCode: '62.71.01.1001',
      ownerCode: 'kemensos-pkh',
      occurredAt: at(3),
    });

    referralDouble.disclosures.set(c.complaintId, {
      owners: [PKH],
      sends: [{ ownerCode: 'kemensos-pkh', at: at(3) }],
      reads: [],
    });
    const s = await status(c);
    expect(s.stage).toBe('selesai');
    expect(s.timeline.map((e) => e.label)).toEqual([
      'Diterima',
      'Diperiksa di DTKS',
      'Ditinjau',
      'Dirujuk ke Kementerian Sosial (PKH)',
      'Ditanggapi oleh Kementerian Sosial (PKH)',
      'Selesai',
    ]);
    expect(s.timeline[3]!.at).toBe(at(3));
    expect(s.timeline[5]!.explanation).toBe('Pemilik program sudah menindaklanjuti pengaduan Anda.');
  });

  it('a redelivered event adds nothing; a late event behind the current step is superseded; an owner\u2019s rejection reads in plain words; a reopened case is reviewed again', async () => {
    const c = await h.call(REGISTER, registration(), fo);
    // The send arrives before the case's opening (another durable), which happened earlier.
    const send = await moved(c, 'send', 'approved', 'referred', at(12), { ownerCodes: ['kemensos-pkh'] });
    await stepsReach(c.complaintId, 3);
    const open = await opened(c, 'awaiting-supervisor', at(11));
    await handled(open.id);
    // The very same send event again (same envelope id, new JetStream message id).
    await rdb.query(
      `INSERT INTO outbox (id, subject, envelope, headers) SELECT $2, subject, envelope, headers FROM outbox WHERE id = $1`,
      [send.id, uuidv7()],
    );
    const reject = await moved(c, 'owner-reject', 'referred', 'rejected-by-owner', at(13), {
      ownerCodes: ['kemensos-pkh'],
      reasonCode: 'ALREADY_RECIPIENT',
    });
    await handled(reject.id);
    // A resolution after the rejection changes nothing: the timeline ended.
    const late = await moved(c, 'resolve-locally', 'rejected-by-owner', 'resolved', at(14));
    await handled(late.id);
    await waitFor(
      async () =>
        (await rdb.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`)).rows[0].n === 0
          ? true
          : undefined,
      { message: 'all relayed' },
    );
    const reopen = await moved(c, 'reopen', 'rejected-by-owner', 'awaiting-supervisor', at(15));
    await handled(reopen.id);
    expect((await steps(c.complaintId)).map((x) => x.step)).toEqual([
      'received',
      'registry-checked',
      'referred',
      'rejected',
      'in-review',
    ]);
    expect((await published(c.complaintId)).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    const rejected = (await published(c.complaintId))[3]!;
    expect(rejected).toMatchObject({
      step: 'rejected',
      reasonCode: 'ALREADY_RECIPIENT',
      reasonText: 'Anda sudah tercatat sebagai penerima program ini.',
    });
    const s = await status(c);
    expect(s.stage).toBe('ditinjau');
    expect(s.timeline.find((e) => e.step === 'rejected')!.explanation).toBe(
      'Anda sudah tercatat sebagai penerima program ini.',
    );
  });

  it('gives staff the citizen-facing timeline in the complaint detail: the public status\u2019s steps and dates, with owner code and reason code and text', async () => {
    const c = await h.call(REGISTER, registration(), fo);
    await moved(c, 'send', 'approved', 'referred', at(22), { ownerCodes: ['kemensos-pkh'] });
    await stepsReach(c.complaintId, 3);
    await moved(c, 'owner-reject', 'referred', 'rejected-by-owner', at(23), {
      ownerCodes: ['kemensos-pkh'],
      reasonCode: 'ALREADY_RECIPIENT',
    });
    await stepsReach(c.complaintId, 4);
    const detail = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: c.complaintId }, fo);
    expect(detail.statusHistory!.map((e) => [e.step, e.ownerCode, e.reasonCode, e.reasonText])).toEqual([
      ['received', null, null, null],
      ['registry-checked', null, null, null],
      ['referred', 'kemensos-pkh', null, null],
      ['rejected', 'kemensos-pkh', 'ALREADY_RECIPIENT', 'Anda sudah tercatat sebagai penerima program ini.'],
    ]);
    expect(detail.statusHistory![2]).toMatchObject({ label: 'Dirujuk ke kemensos-pkh', at: at(22) });
    // The same steps, dates and explanations as the citizen's page.
    const s = await status(c);
    expect(detail.statusHistory!.map((e) => [e.step, e.at, e.explanation])).toEqual(
      s.timeline.map((e) => [e.step, e.at, e.explanation]),
    );
  });

  it('follows the registry\u2019s prelist outcome (menunggu verivali → ditolak, never the operator\u2019s note), and a rejected or withdrawn complaint is no longer open for duplicate detection', async () => {
    const subject = person('F', '1991-02-03');
    const first = await h.call(REGISTER, registration({}, subject), fo);
    expect(first.nextStep).toBe('prelist');
    const second = await h.call(REGISTER, registration({}, subject), fo);
    expect(second.possibleDuplicateOf).toBe(first.complaintId);
    await h.call(
      'slrt.rpc.intake.withdraw-complaint.v1',
      { complaintId: second.complaintId, reason: 'Pelapor mendaftar ganda' },
      fo,
    );
    await proposal(first.complaintId, null, 'draft', at(21));
    await proposal(first.complaintId, 'draft', 'deliberated', at(22));
    await proposal(first.complaintId, 'deliberated', 'declined', at(23));
    await stepsReach(first.complaintId, 4);
    expect((await steps(first.complaintId)).map((x) => x.step)).toEqual([
      'received',
      'registry-checked',
      'awaiting-verivali',
      'rejected',
    ]);
    expect((await steps(second.complaintId)).map((x) => x.step)).toEqual(['received', 'registry-checked', 'withdrawn']);
    const s = await status(first);
    expect(s.stage).toBe('ditolak');
    expect(s.timeline.map((e) => e.label)).toEqual(['Diterima', 'Diperiksa di DTKS', 'Menunggu verivali', 'Ditolak']);
    expect(s.timeline[3]!.explanation).toBe('Usulan tidak disetujui dalam musyawarah desa/kelurahan.');
    expect(JSON.stringify(s)).not.toContain('Sari');
    const third = await h.call(REGISTER, registration({}, subject), fo);
    expect(third.possibleDuplicateOf).toBeNull();
    const fourth = await h.call(REGISTER, registration({}, subject), fo);
    expect(fourth.possibleDuplicateOf).toBe(third.complaintId);
  });

  it('shows the citizen who read or received the data: roles and offices, owners by name, never staff names or ids; a wrong code answers like an unknown receipt', async () => {
    const req = registration();
    const c = await h.call(REGISTER, req, fo);
    await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: c.complaintId }, fo);
    await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: c.complaintId }, fo);
    await h.call(
      'slrt.rpc.intake.get-complaint.v1',
      { complaintId: c.complaintId, reveal: true, onBehalfOf: bo.id },
      systemActor('referral'),
    );
    await moved(c, 'send', 'approved', 'referred', at(31), { ownerCodes: ['kemensos-pkh'] });
    await stepsReach(c.complaintId, 3);
    referralDouble.disclosures.set(c.complaintId, {
      owners: [PKH],
      sends: [{ ownerCode: 'kemensos-pkh', at: at(31) }],
      reads: [
        { ownerCode: 'kemensos-pkh', actorKind: 'owner-client', at: at(32), count: 2 },
        { ownerCode: 'kemensos-pkh', actorKind: 'user', at: at(33), count: 1 },
      ],
    });
    const callsBefore = referralDouble.callers.length;
    const s = await status(c);
    expect(referralDouble.callers.slice(callsBefore)).toEqual([{ caller: 'intake', actorId: 'system:intake' }]);
    expect(s.accessLogComplete).toBe(true);
    const log = s.accessLog.map((e) => [e.who, e.what, e.purpose, e.count]);
    expect(log).toEqual(
      expect.arrayContaining([
        ['Front office Dinas Sosial Kota Palangka Raya', 'membaca', 'menangani pengaduan', 2],
        ['Back office Dinas Sosial Kota Palangka Raya', 'membaca', 'menyiapkan rujukan ke pemilik program', 1],
        ['Kementerian Sosial (PKH) (pemilik program)', 'menerima', 'rujukan untuk ditangani', 1],
        ['Kementerian Sosial (PKH) (pemilik program)', 'membaca', 'menangani rujukan (aplikasi pemilik program)', 2],
        ['Kementerian Sosial (PKH) (pemilik program)', 'membaca', 'menangani rujukan (petugas pemilik program)', 1],
      ]),
    );
    expect(log).toHaveLength(5);
    expect(s.accessLog.map((e) => e.at)).toEqual([...s.accessLog.map((e) => e.at)].sort().reverse());
    const text = JSON.stringify(s);
    for (const secret of [
      fo.id,
      bo.id,
      req.subject.nik,
      req.subject.name,
      req.subject.noKk,
      '3456 7890',
      c.complaintId,
    ])
      expect(text).not.toContain(secret);

    // Referral silent: intake's part and the sends it knows, marked incomplete.
    referralDouble.silent = true;
    try {
      const partial = await status(c);
      expect(partial.accessLogComplete).toBe(false);
      expect(partial.accessLog.map((e) => [e.who, e.what])).toEqual(
        expect.arrayContaining([
          ['Pemilik program', 'menerima'],
          ['Front office Dinas Sosial Kota Palangka Raya', 'membaca'],
        ]),
      );
      expect(partial.accessLog).toHaveLength(3);
      expect(partial.timeline.at(-1)!.label).toBe('Dirujuk ke pemilik program');
    } finally {
      referralDouble.silent = false;
    }

    const wrong = await h.fail(
      STATUS,
      { receiptNumber: c.receiptNumber, trackingCode: 'ZZZZ-ZZZZ' },
      systemActor('gateway'),
    );
    const unknown = await h.fail(
      STATUS,
      { receiptNumber: '6271-0101-999999', trackingCode: c.trackingCode },
      systemActor('gateway'),
    );
    expect(wrong).toEqual(unknown);
  });
});
