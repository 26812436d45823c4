import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { systemActor, type CaseAction, type CaseState, type PublicStatusV1 } from '@slrt/contracts';
import { OutboxPublisher, createMessagingTables, createServiceApp } from '@slrt/messaging';
import { createTestSchema, waitFor, type TestSchema } from '@slrt/testing';
import { operator, registration, startIntake, type IntakeHarness } from './support/intake-harness.js';

const fo = operator(['FO'], ['62.71.01.1001'], 'fo-pahandut');

describe('intake: the outcome verification on the citizen\u2019s timeline', () => {
  let h: IntakeHarness;
  let referralSchema: TestSchema;
  let referral: NestFastifyApplication;
  const t0 = Date.now();
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
  const publish = (fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<{ id: string }>) =>
    referral.get(DataSource).transaction((m) => fn(referral.get(OutboxPublisher), m));
  const moved = (
    c: { complaintId: string; receiptNumber: string },
    action: CaseAction,
    from: CaseState,
    to: CaseState,
    when: string,
    extra: { ownerCodes?: string[]; reasonCode?: string } = {},
  ) =>
    publish((p, m) =>
      p.publish(m, 'slrt.evt.referral.case.transitioned.v1', {
        caseId: uuidv7(),
        complaintId: c.complaintId,
        receiptNumber: c.receiptNumber,
        desaCode: '62.71.01.1001',
        action,
        from,
        to,
        actorRole: action.startsWith('owner-') ? 'PO' : 'SYSTEM',
        ownerCodes: extra.ownerCodes ?? [],
        dueAt: null,
        at: when,
        ...(extra.reasonCode ? { reasonCode: extra.reasonCode } : {}),
      }),
    );
  const verified = (
    c: { complaintId: string; receiptNumber: string },
    outcome: 'verified' | 'disputed' | 'unverified',
    when: string,
  ) =>
    publish((p, m) =>
      p.publish(m, 'slrt.evt.referral.outcome-verification.completed.v1', {
        verificationId: uuidv7(),
        caseId: uuidv7(),
        complaintId: c.complaintId,
        referralId: uuidv7(),
        receiptNumber: c.receiptNumber,
        desaCode: '62.71.01.1001',
        ownerCode: 'kemensos-pkh',
        outcome,
        via: outcome === 'unverified' ? null : 'sms',
        resolvedAt: at(3),
        completedAt: when,
      }),
    );
  const handled = (eventId: string) =>
    waitFor(
      async () =>
        (await h.db.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).rowCount ? true : undefined,
      { message: 'event handled' },
    );
  const status = (r: { receiptNumber: string; trackingCode: string }) =>
    h.call(
      'slrt.rpc.intake.get-public-status.v1',
      { receiptNumber: r.receiptNumber, trackingCode: r.trackingCode },
      systemActor('gateway'),
    ) as Promise<PublicStatusV1>;

  beforeAll(async () => {
    h = await startIntake();
    referralSchema = await createTestSchema('ioref');
    const c = new pg.Client({ connectionString: referralSchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, referralSchema.schema);
    await c.end();
    referral = (
      await createServiceApp({
        service: 'referral',
        env: loadConfig('referral', BaseServiceEnv, {
          LOG_LEVEL: 'silent',
          NODE_ENV: 'test',
          ...h.nats.serviceEnv('referral'),
          DATABASE_URL: referralSchema.url,
          DATABASE_SCHEMA: referralSchema.schema,
        }),
        imports: [],
      })
    ).app;
  }, 60_000);

  afterAll(async () => {
    await referral?.close();
    await h?.close();
    await referralSchema?.drop();
  });

  it('a confirmed outcome reads "Hasil diverifikasi" once (redelivered event), without a second "selesai" message; unverified adds nothing', async () => {
    const c = await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    await handled(
      (await moved(c, 'owner-resolve', 'referred', 'resolved', at(3), { ownerCodes: ['kemensos-pkh'] })).id,
    );
    await handled((await verified(c, 'unverified', at(4))).id);
    const e = await verified(c, 'verified', at(5));
    await handled(e.id);
    // The same event again (same envelope id): the inbox drops it; a second verified event adds no second line either.
    await handled((await verified(c, 'verified', at(6))).id);
    const s = await status(c);
    expect(s.timeline.map((t) => t.label).slice(-2)).toEqual(['Selesai', 'Hasil diverifikasi']);
    expect(s.timeline.at(-1)!.explanation).toBe(
      'Anda menyatakan manfaatnya sudah diterima. Terima kasih atas konfirmasinya.',
    );
    expect(s).toMatchObject({ stage: 'selesai', stageLabel: 'Selesai, hasil diverifikasi' });
    const published = (
      await h.db.query(
        `SELECT envelope->'data'->>'step' AS step FROM outbox WHERE subject = 'slrt.evt.intake.complaint.status-changed.v1' AND envelope->'data'->>'complaintId' = $1`,
        [c.complaintId],
      )
    ).rows.map((r) => r.step);
    expect(published.filter((x) => x === 'resolved')).toHaveLength(1);
  });

  it('a disputed outcome reopens the complaint in plain words: "Dibuka kembali" with the household\u2019s answer as the reason', async () => {
    const c = await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    await handled(
      (await moved(c, 'owner-resolve', 'referred', 'resolved', at(3), { ownerCodes: ['kemensos-pkh'] })).id,
    );
    await handled(
      (await moved(c, 'reopen', 'resolved', 'awaiting-supervisor', at(20), { reasonCode: 'OUTCOME_DISPUTED' })).id,
    );
    const s = await status(c);
    expect(s.timeline.at(-1)).toMatchObject({
      step: 'in-review',
      label: 'Dibuka kembali',
      explanation: expect.stringContaining('Anda menyatakan manfaatnya belum diterima'),
    });
    expect(s.stage).toBe('ditinjau');
    // A reopen by staff reads "Dibuka kembali" too, with the general reason.
    const other = await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    await handled(
      (await moved(other, 'owner-resolve', 'referred', 'resolved', at(3), { ownerCodes: ['kemensos-pkh'] })).id,
    );
    await handled((await moved(other, 'reopen', 'resolved', 'awaiting-supervisor', at(21))).id);
    expect((await status(other)).timeline.at(-1)).toMatchObject({
      label: 'Dibuka kembali',
      explanation: 'Pengaduan Anda dibuka kembali dan ditinjau lagi oleh petugas SLRT.',
    });
  });
});
