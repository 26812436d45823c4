import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { Actor, ComplaintDetailV1, RpcRequest, RpcSubject } from '@slrt/contracts';
import { createMessagingTables, createServiceApp, OutboxPublisher, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer, waitFor, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { IntakeDoubleModule, intakeDouble } from './support/intake-double.js';
import { RegistryTestApp } from './support/registry-test-app.js';

const mj = { kind: 'user', id: 'mj-kota', roles: ['MJ'], regionScope: ['62.71'] } as Actor;
const foElsewhere = { kind: 'user', id: 'fo-elsewhere', roles: ['FO'], regionScope: ['62.71.02.1001'] } as Actor;
/** A synthetic person of the current snapshot, receiving PKH only. */
const NIK = '6271015507900021';

describe('kepesertaan of a person already in DTKS becomes a data-change proposal', () => {
  let nats: TestNatsServer;
  let registry: RegistryTestApp;
  let intakeSchema: TestSchema;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  const call = <S extends RpcSubject>(subject: S, data: unknown, actor: Actor) =>
    registry.rpc.request(subject, data as RpcRequest<S>, { actor, timeoutMs: 10_000 });
  const registryChecked = (complaintId: string, extra: Record<string, unknown> = {}) =>
    intake.get(DataSource).transaction((m) =>
      intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2612-000042',
        desaCode: '62.71.01.1001',
        category: 'kepesertaan',
        programmeCodes: ['PBI'],
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
        checkedAt: new Date().toISOString(),
        ...extra,
      } as never),
    );
  const inRegistry = (complaintId: string, detail: Partial<ComplaintDetailV1> = {}) => {
    const base = {
      role: 'subject',
      name: 'Dewi Sintetis',
      nik: NIK,
      noKk: '6271010101200002',
      birthDate: '1990-07-15',
      birthPlace: null,
      sex: 'F',
      street: 'Jl. Lama No. 2',
      rt: '001',
      rw: '002',
      desaCode: '62.71.01.1001',
      phone: null,
      consent: true,
      revealed: true,
    };
    intakeDouble.overrides.set(complaintId, {
      registryCheck: 'in-registry',
      nextStep: 'review',
      persons: [base as ComplaintDetailV1['persons'][number]],
      ...detail,
    });
  };
  const changesOf = async (complaintId: string) =>
    (
      await db.query(
        `SELECT id, complaint_id AS "complaintId", changes, reason, status, created_by AS "createdBy", nik FROM data_change WHERE idempotency_key = $1`,
        [`complaint:${complaintId}`],
      )
    ).rows;
  /** Every earlier event was handled once a later marker complaint (not in the registry) has its prelist entry: one consumer, in order. */
  const drained = async () => {
    const marker = uuidv7();
    await registryChecked(marker, { outcome: 'not-in-registry', nextStep: 'prelist' });
    await waitFor(
      async () => (await db.query(`SELECT 1 FROM prelist_entry WHERE complaint_id = $1`, [marker])).rows.length > 0,
      { timeoutMs: 20_000, message: 'marker handled' },
    );
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    intakeSchema = await createTestSchema('kdin');
    const c = new pg.Client({ connectionString: intakeSchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, intakeSchema.schema);
    await c.end();
    const base = { ...nats.serviceEnv('intake'), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' };
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
    registry = await RegistryTestApp.start({ schema: 'kdch', nats });
    db = registry.db;
    await db.query(
      `INSERT INTO member (household_id, member_id, nik, no_kk, name, birth_date, sex, relationship, address, desa_code, desil, flags)
       VALUES ('HH-0021', 'M-0021', $1, '6271010101200002', 'Dewi Sintetis', '1990-07-15', 'F', 'istri-suami', 'Jl. Lama No. 2', '62.71.01.1001', 2, '{PKH}')`,
      [NIK],
    );
  }, 60_000);

  afterAll(async () => {
    await registry?.close();
    await intake?.close();
    await nats?.dispose();
    await intakeSchema?.drop();
  });

  it('drafts one data change for a kepesertaan complaint of a registered person, once however often the event comes; visible and counted in the list', async () => {
    const complaintId = uuidv7();
    inRegistry(complaintId);
    await registryChecked(complaintId);
    const [row] = await waitFor(
      async () => {
        const rows = await changesOf(complaintId);
        return rows.length ? rows : undefined;
      },
      { timeoutMs: 20_000, message: 'data change drafted' },
    );
    expect(row).toMatchObject({
      complaintId,
      status: 'draft',
      createdBy: 'system:registry',
      nik: NIK,
      changes: [{ field: 'programme_participation', current: 'PKH', proposed: 'PBI,PKH' }],
      reason:
        'Kepesertaan dari pengaduan 6271-2612-000042: program PBI dilaporkan diterima atau dibutuhkan, belum tercatat dalam DTKS/DTSEN.',
    });
    // A redelivery of the same event (same envelope id, another JetStream message id) and the same fact once more.
    const ic = new pg.Client({ connectionString: intakeSchema.url, options: `-c search_path=${intakeSchema.schema}` });
    await ic.connect();
    await ic.query(
      `INSERT INTO outbox (id, subject, envelope, headers) SELECT $2, subject, envelope, headers FROM outbox WHERE subject = 'slrt.evt.intake.complaint.registry-checked.v1' AND envelope->'data'->>'complaintId' = $1`,
      [complaintId, uuidv7()],
    );
    await ic.end();
    await registryChecked(complaintId);
    await drained();
    expect(await changesOf(complaintId)).toHaveLength(1);
    const events = (
      await db.query(
        `SELECT envelope->'data'->>'kind' AS kind, envelope->'data'->>'toStatus' AS "to" FROM outbox WHERE subject = 'slrt.evt.registry.proposal.status-changed.v1' AND envelope->'data'->>'proposalId' = $1`,
        [row.id],
      )
    ).rows;
    expect(events).toEqual([{ kind: 'data-change', to: 'draft' }]);

    const list = await call('slrt.rpc.registry.list-data-changes.v1', { complaintId, page: 1, pageSize: 20 }, mj);
    expect(list).toMatchObject({
      total: 1,
      items: [{ proposalId: row.id, kind: 'data-change', status: 'draft', name: 'Dewi Sintetis' }],
    });
    const view = await call('slrt.rpc.registry.get-data-change.v1', { dataChangeId: row.id }, mj);
    expect(view).toMatchObject({
      nik: '************0021',
      changes: [{ field: 'programme_participation', current: 'PKH', proposed: 'PBI,PKH' }],
      allowedActions: ['approve', 'decline', 'withdraw'],
    });
    expect(
      (await call('slrt.rpc.registry.list-data-changes.v1', { complaintId, page: 1, pageSize: 20 }, foElsewhere)).total,
    ).toBe(0);
    // The manager approves it like any data change, then it goes out in the next SIKS-NG batch.
    expect(
      (
        await call(
          'slrt.rpc.registry.decide-data-change.v1',
          { dataChangeId: row.id, expectedVersion: 1, decision: 'approve' },
          mj,
        )
      ).status,
    ).toBe('approved');
  });

  it('drafts one for programmes the household reports or needs that the registry does not show, whatever the category (linked only to a kepesertaan complaint)', async () => {
    const complaintId = uuidv7();
    inRegistry(complaintId, {
      category: 'non-kepesertaan',
      programmeParticipation: [
        { programmeCode: 'PKH', reportedReceived: true, inRegistry: true, needed: false, check: 'sesuai', members: [] },
        {
          programmeCode: 'BPNT',
          reportedReceived: true,
          inRegistry: false,
          needed: false,
          check: 'tidak-ada-di-dtks',
          members: [],
        },
        {
          programmeCode: 'KIP',
          reportedReceived: false,
          inRegistry: null,
          needed: true,
          check: 'tidak-diketahui',
          members: [0],
        },
      ],
    });
    await registryChecked(complaintId, { category: 'non-kepesertaan', programmeCodes: ['PKH'] });
    await drained();
    const rows = await changesOf(complaintId);
    expect(rows).toHaveLength(1);
    expect(rows[0].changes).toEqual([{ field: 'programme_participation', current: 'PKH', proposed: 'BPNT,KIP,PKH' }]);
    // Not linked to this non-kepesertaan complaint (its case must not end with the data change), but traceable by its receipt.
    expect(rows[0].complaintId).toBeNull();
    expect(rows[0].reason).toContain('6271-2612-000042');
  });

  it('drafts nothing when the registry already shows every programme asked for, or the subject is not in the registry', async () => {
    const already = uuidv7();
    inRegistry(already);
    await registryChecked(already, { programmeCodes: ['PKH'] });
    const notIn = uuidv7();
    await registryChecked(notIn, { outcome: 'not-in-registry', nextStep: 'prelist' });
    await drained();
    expect(await changesOf(already)).toHaveLength(0);
    expect(await changesOf(notIn)).toHaveLength(0);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM prelist_entry WHERE complaint_id = $1`, [notIn])).rows[0].n,
    ).toBe(1);
  });

  it('retries while intake does not answer, writing nothing, then drafts it once', async () => {
    const complaintId = uuidv7();
    inRegistry(complaintId);
    intakeDouble.available = false;
    await registryChecked(complaintId);
    await waitFor(() => intakeDouble.calls.filter((x) => x.complaintId === complaintId).length >= 2, {
      timeoutMs: 20_000,
      message: 'event retried',
    });
    expect(await changesOf(complaintId)).toHaveLength(0);
    intakeDouble.available = true;
    await waitFor(async () => (await changesOf(complaintId)).length === 1, {
      timeoutMs: 60_000,
      message: 'drafted after intake came back',
    });
    expect(
      intakeDouble.calls
        .filter((x) => x.complaintId === complaintId)
        .every((x) => x.actorId === 'system:registry' && x.reveal),
    ).toBe(true);
  }, 90_000);
});
