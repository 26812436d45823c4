/* eslint-disable max-lines -- integration spec of notification: staff inbox from referral and registry events: its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  type Actor,
  type EventPayload,
  type InboxItemV1,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@slrt/contracts';
import { OutboxPublisher, RpcCallError, type PlainEventSubject, type RpcClient } from '@slrt/messaging';
import { waitFor, type TestSchema } from '@slrt/testing';
import { InboxPruner } from '../src/inbox/inbox-pruner.js';
import { startNotificationStack, type NotificationStack } from './support/notification-stack.js';

const user = (roles: Actor['roles'], scope: string[], id: string, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const spv = user(['SPV'], ['62.71.01'], 'spv-pahandut');
const spv2 = user(['SPV'], ['62.71.01'], 'spv-pahandut-2');
const spvElsewhere = user(['SPV'], ['62.71.02'], 'spv-sabangau');
const mj = user(['MJ'], ['62.71'], 'mj');
const bo = user(['BO'], ['62.71'], 'bo');
const fo = user(['FO'], ['62.71.01.1001'], 'fo-1001');
const foElsewhere = user(['FO'], ['62.71.01.1002'], 'fo-1002');
const fs = user(['FS'], ['62.71.01'], 'fs-pahandut');
const poPkh = user(['PO'], [], 'po-pkh', 'kemensos-pkh');
const poBpjs = user(['PO'], [], 'po-bpjs', 'bpjs-kesehatan');
const admin = user(['ADMIN'], ['62.71'], 'admin-1');
const admin2 = user(['ADMIN'], ['62.71'], 'admin-2');
const ownerClient = {
  kind: 'owner-client',
  id: 'owner-key-pkh-1',
  roles: ['PO'],
  regionScope: [],
  ownerCode: 'kemensos-pkh',
} as unknown as Actor;
const DESA = '62.71.01.1001';

/** The fields an inbox item may carry: ids, receipt number, state, programme, desa and dates — never a name or NIK. */
const ITEM_FIELDS = [
  'audience',
  'body',
  'caseId',
  'caseState',
  'createdAt',
  'desaCode',
  'dueAt',
  'itemId',
  'jobId',
  'kind',
  'programmeCodes',
  'readAt',
  'receiptNumber',
  'title',
];

describe('notification: staff inbox from referral and registry events', () => {
  let stack: NotificationStack;
  let referralSchema: TestSchema;
  let notification: NestFastifyApplication;
  let referral: NestFastifyApplication;
  let registry: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;

  const call = <S extends RpcSubject>(s: S, d: unknown, a: Actor) =>
    rpc.request(s, d as RpcRequest<S>, { actor: a, timeoutMs: 10_000 }) as Promise<RpcResponse<S>>;
  const fail = async (s: RpcSubject, d: unknown, a: Actor) => {
    try {
      await call(s, d, a);
    } catch (e) {
      if (e instanceof RpcCallError) return e.error;
      throw e;
    }
    throw new Error('expected a failure');
  };
  const inbox = async (a: Actor, extra: Record<string, unknown> = {}) =>
    call('slrt.rpc.notification.list-inbox.v1', { page: 1, pageSize: 200, ...extra }, a);
  const itemsOfCase = async (a: Actor, caseId: string) => (await inbox(a)).items.filter((i) => i.caseId === caseId);
  /** Publishes as the owning service does: through its outbox, relayed to JetStream. */
  const publish = <S extends PlainEventSubject>(
    from: NestFastifyApplication,
    subject: S,
    data: EventPayload<S>,
    actor: Actor | null = null,
  ) => from.get(DataSource).transaction((m) => from.get(OutboxPublisher).publish(m, subject, data, { actor }));
  const itemCount = async (eventId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM staff_inbox_item WHERE source_event_id = $1`, [eventId])).rows[0]
      .n as number;
  const itemsWritten = (eventId: string, n: number) =>
    waitFor(async () => (await itemCount(eventId)) >= n, { message: `items of event ${eventId}` });

  const caseIds = () => ({ caseId: uuidv7(), complaintId: uuidv7() });
  const opened = async (ids: { caseId: string; complaintId: string }, desaCode = DESA) => {
    const env = await publish(referral, 'slrt.evt.referral.case.opened.v1', {
      ...ids,
      receiptNumber: '6271-2611-000123',
      desaCode,
      category: 'non-kepesertaan',
      programmeCodes: ['PKH'],
      state: 'awaiting-supervisor',
      dueAt: '2026-11-24T09:00:00.000Z',
      openedAt: new Date().toISOString(),
    });
    return env.id;
  };
  const moved = async (
    ids: { caseId: string; complaintId: string },
    action: EventPayload<'slrt.evt.referral.case.transitioned.v1'>['action'],
    from: EventPayload<'slrt.evt.referral.case.transitioned.v1'>['from'],
    to: EventPayload<'slrt.evt.referral.case.transitioned.v1'>['to'],
    extra: Partial<EventPayload<'slrt.evt.referral.case.transitioned.v1'>> = {},
  ) =>
    (
      await publish(referral, 'slrt.evt.referral.case.transitioned.v1', {
        ...ids,
        receiptNumber: '6271-2611-000123',
        desaCode: DESA,
        action,
        from,
        to,
        actorRole: 'SPV',
        ownerCodes: [],
        dueAt: '2026-11-30T09:00:00.000Z',
        at: new Date().toISOString(),
        ...extra,
      })
    ).id;
  const escalated = async (
    caseId: string,
    notify: string,
    level: 'at-risk' | 'breached',
    state: EventPayload<'slrt.evt.referral.case.deadline-escalated.v1'>['state'],
  ) =>
    (
      await publish(referral, 'slrt.evt.referral.case.deadline-escalated.v1', {
        caseId,
        receiptNumber: '6271-2611-000123',
        desaCode: DESA,
        state,
        level,
        notify,
        ...(/^[a-z]/.test(notify) ? { ownerCode: notify } : {}),
        dueAt: '2026-12-08T09:00:00.000Z',
        at: new Date().toISOString(),
      })
    ).id;

  beforeAll(async () => {
    // Referral's and the registry's events come through their doubles' outboxes.
    stack = await startNotificationStack('ntfinbox', { doubles: { referral: [], registry: [] } });
    ({ notification, db, rpc } = stack);
    referral = stack.doubles.referral!;
    registry = stack.doubles.registry!;
    referralSchema = stack.doubleSchemas.referral!;
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('puts a case in the queue of each role in turn, only for users whose scope covers its desa, without personal data', async () => {
    const ids = caseIds();
    await itemsWritten(await opened(ids), 1);
    const [queued] = await itemsOfCase(spv, ids.caseId);
    expect(queued).toMatchObject({
      kind: 'case-queued',
      audience: 'role',
      caseState: 'awaiting-supervisor',
      receiptNumber: '6271-2611-000123',
      programmeCodes: ['PKH'],
      desaCode: DESA,
      readAt: null,
    });
    expect(queued!.title).toBe('Kasus 6271-2611-000123 masuk antrean Anda');
    expect(Object.keys(queued!).sort()).toEqual(ITEM_FIELDS);
    expect(await itemsOfCase(spvElsewhere, ids.caseId)).toEqual([]);
    expect(await itemsOfCase(mj, ids.caseId)).toEqual([]);

    await itemsWritten(await moved(ids, 'forward', 'awaiting-supervisor', 'awaiting-manager'), 1);
    expect((await itemsOfCase(mj, ids.caseId)).map((i) => [i.kind, i.caseState])).toEqual([
      ['case-queued', 'awaiting-manager'],
    ]);
    await itemsWritten(await moved(ids, 'return', 'awaiting-manager', 'returned-for-info', { actorRole: 'MJ' }), 2);
    expect((await itemsOfCase(fo, ids.caseId)).map((i) => i.kind)).toEqual(['case-returned']);
    expect((await itemsOfCase(fs, ids.caseId)).map((i) => i.kind)).toEqual(['case-returned']);
    expect(await itemsOfCase(foElsewhere, ids.caseId)).toEqual([]);
    await itemsWritten(
      await moved(ids, 'resubmit', 'returned-for-info', 'awaiting-supervisor', { actorRole: 'FO' }),
      1,
    );
    await itemsWritten(await moved(ids, 'forward', 'awaiting-supervisor', 'awaiting-manager'), 1);
    await itemsWritten(await moved(ids, 'approve', 'awaiting-manager', 'approved', { actorRole: 'MJ' }), 1);
    expect((await itemsOfCase(bo, ids.caseId)).map((i) => [i.kind, i.caseState])).toEqual([
      ['case-queued', 'approved'],
    ]);
    // The programme codes of the opening reach items of later events, which do not carry them.
    expect((await itemsOfCase(bo, ids.caseId))[0]!.programmeCodes).toEqual(['PKH']);
    await moved(ids, 'send', 'approved', 'referred', { actorRole: 'BO', ownerCodes: ['kemensos-pkh'] });
    await itemsWritten(
      await moved(ids, 'owner-resolve', 'referred', 'resolved', {
        actorRole: 'PO',
        ownerCodes: ['kemensos-pkh'],
        dueAt: null,
      }),
      1,
    );
    const bos = await itemsOfCase(bo, ids.caseId);
    expect(bos.map((i) => [i.kind, i.caseState])).toEqual([
      ['owner-answered', 'resolved'],
      ['case-queued', 'approved'],
    ]);
    expect(bos[0]!.body).toContain('kemensos-pkh menyelesaikan rujukan');
    expect((await itemsOfCase(spv, ids.caseId)).map((i) => i.caseState)).toEqual([
      'awaiting-supervisor',
      'awaiting-supervisor',
    ]);
  });

  it('consumes the deadline escalations: at risk to the step\u2019s role, breached to the manager, an owner\u2019s to its PO users and the back office', async () => {
    const ids = caseIds();
    await itemsWritten(await opened(ids), 1);
    await itemsWritten(await escalated(ids.caseId, 'SPV', 'at-risk', 'awaiting-supervisor'), 1);
    await itemsWritten(await escalated(ids.caseId, 'MJ', 'breached', 'awaiting-supervisor'), 1);
    expect((await itemsOfCase(spv, ids.caseId)).map((i) => i.kind)).toEqual(['deadline-at-risk', 'case-queued']);
    expect((await itemsOfCase(mj, ids.caseId)).map((i) => i.kind)).toEqual(['deadline-breached']);
    expect(await itemsOfCase(spvElsewhere, ids.caseId)).toEqual([]);
    await itemsWritten(await escalated(ids.caseId, 'kemensos-pkh', 'at-risk', 'referred'), 2);
    expect((await itemsOfCase(poPkh, ids.caseId)).map((i) => [i.kind, i.caseState])).toEqual([
      ['deadline-at-risk', 'referred'],
    ]);
    expect(await itemsOfCase(poBpjs, ids.caseId)).toEqual([]);
    expect((await itemsOfCase(bo, ids.caseId)).map((i) => i.kind)).toEqual(['deadline-at-risk']);
    expect((await inbox(mj, { kind: 'deadline-breached' })).items.every((i) => i.kind === 'deadline-breached')).toBe(
      true,
    );
  });

  it('writes an event\u2019s items once when the very same event is delivered again', async () => {
    const ids = caseIds();
    const eventId = await opened(ids);
    await itemsWritten(eventId, 1);
    // The same envelope again under another outbox row (another JetStream message id, so the stream's dedup window does not hide it).
    const rc = new pg.Client({
      connectionString: referralSchema.url,
      options: `-c search_path=${referralSchema.schema}`,
    });
    await rc.connect();
    const copyId = uuidv7();
    await rc.query(
      `INSERT INTO outbox (id, subject, envelope, headers) SELECT $2, subject, envelope, headers FROM outbox WHERE envelope->>'id' = $1`,
      [eventId, copyId],
    );
    // A later event on the same subject marks the point the copy was handled by (one consumer, in order).
    const marker = caseIds();
    const markerEvent = await opened(marker);
    await waitFor(
      async () =>
        (await rc.query(`SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE id = $1`, [copyId])).rows[0].sent ===
        true,
      { message: 'the copy was relayed' },
    );
    await rc.end();
    await itemsWritten(markerEvent, 1);
    expect(await itemCount(eventId)).toBe(1);
    expect(await itemsOfCase(spv, ids.caseId)).toHaveLength(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [eventId])).rows[0].n).toBe(1);
  });

  it('keeps read state per user: mark one, mark all, unread filter and count, paging; items outside the reader\u2019s view cannot be marked', async () => {
    const ids = [caseIds(), caseIds(), caseIds()];
    for (const c of ids) await itemsWritten(await opened(c, '62.71.01.1003'), 1);
    const mine = (page: { items: InboxItemV1[] }) => page.items.filter((i) => ids.some((c) => c.caseId === i.caseId));
    const before = await call('slrt.rpc.notification.count-unread-inbox.v1', {}, spv);
    const list = mine(await inbox(spv));
    expect(list).toHaveLength(3);
    expect(list.map((i) => i.caseId)).toEqual(ids.map((c) => c.caseId).reverse()); // newest first

    const first = await call('slrt.rpc.notification.mark-inbox-read.v1', { itemId: list[0]!.itemId }, spv);
    expect(first).toEqual({ marked: 1, unread: before.unread - 1 });
    expect(await call('slrt.rpc.notification.mark-inbox-read.v1', { itemId: list[0]!.itemId }, spv)).toEqual({
      marked: 0,
      unread: before.unread - 1,
    });
    const after = mine(await inbox(spv));
    expect(after[0]!.readAt).not.toBeNull();
    expect(after.slice(1).map((i) => i.readAt)).toEqual([null, null]);
    // Another supervisor of the same kecamatan sees the same item, still unread for them.
    expect(mine(await inbox(spv2)).map((i) => i.readAt)).toEqual([null, null, null]);
    expect(mine(await inbox(spv, { unreadOnly: true })).map((i) => i.itemId)).toEqual(
      after.slice(1).map((i) => i.itemId),
    );

    // Paging: one item per page, in the same order as the whole list.
    const whole = (await inbox(spv)).items.map((i) => i.itemId);
    const page2 = await call('slrt.rpc.notification.list-inbox.v1', { page: 2, pageSize: 1 }, spv);
    expect(page2).toMatchObject({ page: 2, pageSize: 1, total: whole.length });
    expect(page2.items.map((i) => i.itemId)).toEqual([whole[1]]);

    // Not visible to the reader: as good as missing.
    expect(
      await fail('slrt.rpc.notification.mark-inbox-read.v1', { itemId: list[1]!.itemId }, spvElsewhere),
    ).toMatchObject({ code: 'NOT_FOUND', reason: 'INBOX_ITEM_NOT_FOUND' });
    expect(await fail('slrt.rpc.notification.mark-inbox-read.v1', { itemId: list[1]!.itemId }, mj)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await fail('slrt.rpc.notification.list-inbox.v1', { page: 1, pageSize: 10 }, ownerClient)).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'USER_ONLY',
    });
    expect(await fail('slrt.rpc.notification.list-inbox.v1', { page: 1, pageSize: 500 }, spv)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    const all = await call('slrt.rpc.notification.mark-all-inbox-read.v1', {}, spv);
    expect(all).toEqual({ marked: before.unread - 1, unread: 0 });
    expect(await call('slrt.rpc.notification.count-unread-inbox.v1', {}, spv)).toEqual({ unread: 0 });
    expect((await call('slrt.rpc.notification.count-unread-inbox.v1', {}, spv2)).unread).toBeGreaterThanOrEqual(3);
    expect((await inbox(spv, { unreadOnly: true })).total).toBe(0);
  });

  it('keeps the last NOTIFICATION_INBOX_DAYS: an older event makes no item, an expired item leaves the list and is pruned with its read state', async () => {
    // An event from before the horizon (a first deployment replays the streams' history).
    const old = caseIds();
    const oldEvent = (
      await referral.get(DataSource).transaction((m) =>
        referral.get(OutboxPublisher).publish(
          m,
          'slrt.evt.referral.case.opened.v1',
          {
            ...old,
            receiptNumber: '6271-2611-000123',
            desaCode: DESA,
            category: 'non-kepesertaan',
            programmeCodes: ['PKH'],
            state: 'awaiting-supervisor',
            dueAt: null,
            openedAt: new Date(Date.now() - 100 * 24 * 3600_000).toISOString(),
          },
          { occurredAt: new Date(Date.now() - 100 * 24 * 3600_000) },
        ),
      )
    ).id;
    const marker = caseIds();
    await itemsWritten(await opened(marker), 1);
    await waitFor(async () => (await db.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [oldEvent])).rows.length > 0, {
      message: 'old event handled',
    });
    expect(await itemCount(oldEvent)).toBe(0);

    // An item that has aged past the horizon, read by one supervisor.
    const [item] = await itemsOfCase(spv, marker.caseId);
    await call('slrt.rpc.notification.mark-inbox-read.v1', { itemId: item!.itemId }, spv);
    await db.query(`UPDATE staff_inbox_item SET created_at = now() - interval '91 days' WHERE id = $1`, [item!.itemId]);
    expect(await itemsOfCase(spv, marker.caseId)).toEqual([]);
    expect(await fail('slrt.rpc.notification.mark-inbox-read.v1', { itemId: item!.itemId }, spv2)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await notification.get(InboxPruner).runOnce()).toBeGreaterThanOrEqual(1);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM staff_inbox_item WHERE id = $1`, [item!.itemId])).rows[0].n,
    ).toBe(0);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM staff_inbox_read WHERE item_id = $1`, [item!.itemId])).rows[0].n,
    ).toBe(0);
  });

  it('tells the user who started a registry import how it ended, and the administrators when the platform started it', async () => {
    const done = {
      jobId: uuidv7(),
      dataPeriod: '2026-09',
      rowsRead: 1000,
      rowsAccepted: 998,
      rowsRejected: 2,
      status: 'succeeded' as const,
      error: null,
      finishedAt: new Date().toISOString(),
    };
    await itemsWritten((await publish(registry, 'slrt.evt.registry.import.completed.v1', done, admin)).id, 1);
    const [item] = (await inbox(admin)).items.filter((i) => i.jobId === done.jobId);
    expect(item).toMatchObject({
      kind: 'import-succeeded',
      audience: 'user',
      title: 'Impor data registri periode 2026-09 selesai',
      caseId: null,
    });
    expect((await inbox(admin2)).items.filter((i) => i.jobId === done.jobId)).toEqual([]);

    const failed = {
      ...done,
      jobId: uuidv7(),
      status: 'failed' as const,
      error: 'Kolom NIK tidak ditemukan di berkas.',
    };
    await itemsWritten((await publish(registry, 'slrt.evt.registry.import.completed.v1', failed, null)).id, 1);
    for (const a of [admin, admin2])
      expect((await inbox(a)).items.filter((i) => i.jobId === failed.jobId).map((i) => i.kind)).toEqual([
        'import-failed',
      ]);
    expect((await inbox(spv)).items.filter((i) => i.jobId === failed.jobId)).toEqual([]);
  });
});
