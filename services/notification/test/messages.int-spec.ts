/* eslint-disable max-lines -- integration spec of notification: messages to citizens: its tests share one booted stack, which takes seconds to start */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { systemActor, type Actor, type ComplaintStatusChangedV1 } from '@slrt/contracts';
import { OutboxPublisher, type RpcClient, assertedCalls } from '@slrt/messaging';
import { freePort, readPdf, waitFor } from '@slrt/testing';
import { FonnteAdapter } from '../src/channels/fonnte.js';
import type { NotificationEnv } from '../src/config/notification.env.js';
import { Channels } from '../src/channels/channels.js';
import { Dispatcher } from '../src/messages/dispatcher.js';
import { MessagesService, NOT_CONFIGURED } from '../src/messages/messages.service.js';
import { SettingsStore } from '../src/messages/settings.js';
import { MessageOutcomes } from '../src/messages/message-outcomes.js';
import { IntakeDoubleModule, asked, contactsOf, unavailable } from './support/intake-double.js';
import { startFonnte, startGenericProvider, startSmtp } from './support/fake-providers.js';
import { startNotificationStack, type NotificationStack } from './support/notification-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const fo = user(['FO'], ['62.71.01']);
const fs = user(['FS'], ['62.71.01']);
const fsElsewhere = user(['FS'], ['62.71.02'], 'fs-2');
const admin = user(['ADMIN'], ['62.71']);
const TOKEN = 'test-provider-token';
const DESA = '62.71.01.1001';
/** Every transition of the quiet-hours-free tests; quiet hours are switched off in beforeAll. */
const NO_QUIET = { quietStart: '00:00', quietEnd: '00:00' };

describe('notification: messages to citizens', () => {
  let stack: NotificationStack;
  let env: NotificationEnv;
  let envVars: Record<string, string>;
  let notification: NestFastifyApplication | undefined;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  let provider: Awaited<ReturnType<typeof startGenericProvider>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  const { call, fail } = assertedCalls(() => rpc);
  /** Publishes as intake does: through its outbox, relayed to JetStream. */
  const publish = (events: ComplaintStatusChangedV1[]) =>
    intake.get(DataSource).transaction(async (m) => {
      for (const e of events)
        await intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.status-changed.v1', e);
    });
  const step = (
    complaintId: string,
    sequence: number,
    s: ComplaintStatusChangedV1['step'],
    extra: Partial<ComplaintStatusChangedV1> = {},
  ): ComplaintStatusChangedV1 => ({
    complaintId,
    receiptNumber: '6271-2611-000123',
    desaCode: DESA,
    sequence,
    step: s,
    previousStep: null,
    ownerCode: null,
    reasonCode: null,
    reasonText: null,
    occurredAt: '2026-11-30T03:00:00.000Z',
    ...extra,
  });
  const complaint = (
    contacts: Array<{
      role: 'subject' | 'complainant';
      phone?: string | null;
      email?: string | null;
      consent?: boolean;
      name?: string;
    }>,
    anonymous = false,
  ) => {
    const id = uuidv7();
    contactsOf.set(id, {
      receiptNumber: '6271-2611-000123',
      trackingCode: 'K7PQ-4QX2',
      anonymous,
      contacts: contacts.map((c) => ({
        role: c.role,
        name: c.name ?? 'Siti Aminah',
        phone: c.phone ?? null,
        email: c.email ?? null,
        consent: c.consent ?? true,
        desaCode: DESA,
        address: 'Jl. Contoh 1 RT 002 RW 003',
      })),
    });
    return id;
  };
  const messagesOf = async (complaintId: string) =>
    (await db.query(`SELECT * FROM message WHERE complaint_id = $1 ORDER BY created_at, recipient`, [complaintId]))
      .rows;
  /** The outcome events notification wrote to its outbox for one message (their data). */
  const outcomesOf = async (messageId: string) =>
    (
      await db.query(
        `SELECT envelope FROM outbox WHERE subject = 'slrt.evt.notification.message.outcome.v1' ORDER BY created_at`,
      )
    ).rows
      .map((r) => (typeof r.envelope === 'string' ? JSON.parse(r.envelope) : r.envelope).data)
      .filter((d) => d.messageId === messageId);
  const settled = (complaintId: string, n: number) =>
    waitFor(
      async () => {
        const rows = await messagesOf(complaintId);
        return rows.length >= n &&
          rows.every(
            (r) => !['sending'].includes(r.status) && !(r.status === 'queued' && ['sms', 'email'].includes(r.channel)),
          )
          ? rows
          : null;
      },
      { timeoutMs: 20_000, message: 'messages settled' },
    );

  beforeAll(async () => {
    provider = await startGenericProvider(TOKEN);
    smtp = await startSmtp();
    stack = await startNotificationStack('ntf', {
      env: () => ({
        NOTIFY_SMS_PROVIDER: JSON.stringify({ kind: 'http', url: provider.url, token: TOKEN }),
        NOTIFY_SMTP_URL: smtp.url,
        NOTIFY_EMAIL_FROM: 'SLRT Kota Palangka Raya <slrt@palangkaraya.example>',
        SLRT_PUBLIC_STATUS_URL: 'https://slrt.example.go.id/status',
        NOTIFY_DISPATCH_INTERVAL_MS: '200',
        NOTIFY_RETRY_BASE_MS: '50',
        NOTIFY_RETRY_MAX_MS: '200',
        NOTIFY_MAX_ATTEMPTS: '4',
        NOTIFY_SEND_LEASE_MS: '1500',
        NOTIFY_PROVIDER_TIMEOUT_MS: '1000',
      }),
      doubles: { intake: [IntakeDoubleModule] },
    });
    ({ env, envVars, notification, db, rpc } = stack);
    intake = stack.doubles.intake!;
    await call('slrt.rpc.notification.save-settings.v1', NO_QUIET, admin);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await provider?.close();
    await smtp?.close();
  });

  it('tells the subject of a resolved complaint by SMS once, with the status link, across a redelivered event; asks intake as system:notification', async () => {
    const id = complaint([{ role: 'subject', phone: '+6281234567890' }]);
    await publish([step(id, 7, 'resolved')]);
    await publish([step(id, 7, 'resolved')]); // intake publishing the same transition again (new envelope id)
    const [m] = await settled(id, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await messagesOf(id)).toHaveLength(1);
    expect(m).toMatchObject({
      channel: 'sms',
      recipient: 'subject',
      status: 'sent',
      provider: 'http',
      provider_message_id: `p-${m.id}`,
    });
    const sent = provider.calls.filter((c) => c.reference === m.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ key: m.id, to: '+6281234567890' });
    expect(sent[0]!.text).toBe(
      'SLRT Kota Palangkaraya: pengaduan 6271-2611-000123 SELESAI ditangani pada 30 November 2026. Cek status: https://slrt.example.go.id/status?nomor=6271-2611-000123&kode=K7PQ-4QX2',
    );
    expect(asked.every((a) => a.caller === 'notification' && a.actorId === 'system:notification')).toBe(true);
  });

  it('retries an event whose contacts intake could not give (unavailable), and then tells the citizen once', async () => {
    const id = complaint([{ role: 'subject', phone: '+6281277770042' }]);
    unavailable.left = 2;
    await publish([step(id, 7, 'resolved')]);
    const [m] = await waitFor(
      async () => {
        const rows = await messagesOf(id);
        return rows.length === 1 && rows[0].status === 'sent' ? rows : null;
      },
      { timeoutMs: 60_000, message: 'the message after intake came back' },
    );
    expect(unavailable.left).toBe(0);
    expect(provider.calls.filter((c) => c.reference === m.id)).toHaveLength(1);
  });

  it('asks nobody without consent, never the anonymous complainant, and gives the household without a phone an FS visit task', async () => {
    const noConsent = complaint([{ role: 'subject', phone: '+6281234567891', consent: false }]);
    const anonymous = complaint([], true); // intake returns no contact for an anonymous complainant
    const noPhone = complaint([{ role: 'subject', phone: null }]);
    await publish([
      step(noConsent, 6, 'rejected', { reasonCode: 'NOT_ELIGIBLE', reasonText: 'tidak memenuhi kriteria' }),
      step(anonymous, 6, 'resolved'),
      step(noPhone, 6, 'resolved'),
    ]);
    const [visit] = await waitFor(async () => {
      const r = await messagesOf(noPhone);
      return r.length ? r : null;
    });
    expect(visit).toMatchObject({
      channel: 'fs-visit',
      status: 'queued',
      status_reason: 'menunggu kunjungan FS ke rumah tangga',
    });
    expect(visit.body).toContain('Kunjungi rumah tangga Siti Aminah');
    const [refused] = await waitFor(async () => {
      const r = await messagesOf(noConsent);
      return r.length ? r : null;
    });
    expect(refused).toMatchObject({
      status: 'cancelled',
      status_reason: expect.stringContaining('tidak memberi persetujuan'),
    });
    expect(await messagesOf(anonymous)).toHaveLength(0);
    expect(provider.calls.filter((c) => c.to === '+6281234567891')).toHaveLength(0);

    // The FS sees the task (phone masked, region scope), records it; another desa's FS does not see it.
    const list = await call(
      'slrt.rpc.notification.list-messages.v1',
      { channel: 'fs-visit', status: 'queued', page: 1, pageSize: 50 },
      fs,
    );
    expect(list.items.map((i) => i.messageId)).toContain(visit.id);
    expect(
      (
        await call(
          'slrt.rpc.notification.list-messages.v1',
          { complaintId: noPhone, page: 1, pageSize: 50 },
          fsElsewhere,
        )
      ).items,
    ).toHaveLength(0);
    expect(
      await fail(
        'slrt.rpc.notification.act-on-message.v1',
        { messageId: visit.id, action: 'mark-delivered' },
        fsElsewhere,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    const done = await call(
      'slrt.rpc.notification.act-on-message.v1',
      { messageId: visit.id, action: 'mark-delivered', note: 'Disampaikan kepada ibu Siti' },
      fs,
    );
    expect(done.message).toMatchObject({ status: 'delivered', statusReason: 'Disampaikan kepada ibu Siti' });
    expect(
      await fail('slrt.rpc.notification.act-on-message.v1', { messageId: visit.id, action: 'mark-undeliverable' }, fs),
    ).toMatchObject({ code: 'CONFLICT' });
    // The FS visit done is an event (ids, desa, channel; no name, address or text), written with the outcome.
    expect(await outcomesOf(visit.id)).toEqual([
      {
        messageId: visit.id,
        complaintId: noPhone,
        desaCode: visit.desa_code,
        channel: 'fs-visit',
        step: visit.step,
        recipient: visit.recipient,
        outcome: 'delivered',
        at: expect.any(String),
      },
    ]);
  });

  it('shows a channel without a provider as not sent, and staff switch it to a printed letter', async () => {
    await call(
      'slrt.rpc.notification.save-settings.v1',
      { rules: [{ step: 'referred', enabled: true, recipients: ['subject'], channels: ['whatsapp'] }] },
      admin,
    );
    const id = complaint([{ role: 'subject', phone: '+6281234567892' }]);
    await publish([step(id, 4, 'referred', { ownerCode: 'kemensos-pkh' })]);
    const [m] = await waitFor(async () => {
      const r = await messagesOf(id);
      return r.length ? r : null;
    });
    expect(m).toMatchObject({ channel: 'whatsapp', status: 'queued', status_reason: NOT_CONFIGURED });
    expect(m.body).toContain('dirujuk ke Kementerian Sosial (PKH)');
    const view = (await call('slrt.rpc.notification.list-messages.v1', { complaintId: id, page: 1, pageSize: 10 }, fo))
      .items[0]!;
    expect(view).toMatchObject({
      status: 'queued',
      statusReason: 'tidak terkirim: belum ada penyedia yang dikonfigurasi',
      address: '+62812*****892',
    });
    const switched = await call(
      'slrt.rpc.notification.act-on-message.v1',
      { messageId: m.id, action: 'switch-to-letter' },
      fo,
    );
    expect(switched.message.status).toBe('cancelled');
    expect(switched.created).toMatchObject({
      channel: 'letter',
      status: 'queued',
      replacesMessageId: m.id,
      address: `desa/kelurahan ${DESA}`,
    });
    expect(switched.created!.text).toContain('Yth. Bapak/Ibu Siti Aminah');
    // The FS prints it: an A4 letter with the addressee, the text and the status QR code.
    const file = await call(
      'slrt.rpc.notification.get-message-letter.v1',
      { messageId: switched.created!.messageId },
      fs,
    );
    const pdf = Buffer.from(file.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await readPdf(pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Siti Aminah');
    expect(text).toContain('6271-2611-000123');
    expect(await fail('slrt.rpc.notification.get-message-letter.v1', { messageId: m.id }, fs)).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('sends e-mail through SMTP; a 5xx refusal fails at once with the reason', async () => {
    await call(
      'slrt.rpc.notification.save-settings.v1',
      { rules: [{ step: 'answered', enabled: true, recipients: ['subject', 'complainant'], channels: ['email'] }] },
      admin,
    );
    const id = complaint([
      { role: 'subject', email: 'siti@example.id' },
      { role: 'complainant', email: 'ditolak@example.id', name: 'Budi' },
    ]);
    await publish([step(id, 5, 'answered', { ownerCode: 'bpjs-kesehatan' })]);
    const rows = await settled(id, 2);
    expect(rows.find((r) => r.recipient === 'subject')).toMatchObject({ status: 'sent', provider: 'smtp' });
    expect(rows.find((r) => r.recipient === 'complainant')).toMatchObject({
      status: 'failed',
      status_reason: expect.stringContaining('ditolak penyedia: SMTP 550'),
    });
    // A failure is an outcome event; a message only sent (no delivery report) is not yet.
    expect(await outcomesOf(rows.find((r) => r.recipient === 'complainant')!.id)).toEqual([
      expect.objectContaining({ channel: 'email', recipient: 'complainant', outcome: 'failed' }),
    ]);
    expect(await outcomesOf(rows.find((r) => r.recipient === 'subject')!.id)).toEqual([]);
    const mail = smtp.mails.find((x) => x.to.includes('siti@example.id'))!;
    expect(mail.raw).toMatch(/Subject: Status pengaduan 6271-2611-000123: ditanggapi/);
    expect(mail.raw).toContain(`Message-ID: <${rows.find((r) => r.recipient === 'subject')!.id}@slrt>`);
  });

  it('retries a provider that is down with backoff, then succeeds; a provider down for good ends failed with its reason', async () => {
    provider.state.down = true;
    const id = complaint([{ role: 'subject', phone: '+6281234567893' }]);
    await publish([step(id, 1, 'received')]);
    await waitFor(async () => (await messagesOf(id))[0]?.attempts >= 2, { message: 'retried' });
    provider.state.down = false;
    const [m] = await settled(id, 1);
    expect(m.status).toBe('sent');
    expect(m.attempts).toBeGreaterThanOrEqual(2);
    const attempts = (
      await db.query(`SELECT outcome, detail FROM message_attempt WHERE message_id = $1 ORDER BY id`, [m.id])
    ).rows;
    expect(attempts[0]).toMatchObject({ outcome: 'retry', detail: expect.stringContaining('HTTP 503') });
    expect(attempts.at(-1)).toMatchObject({ outcome: 'accepted' });

    provider.state.down = true;
    const id2 = complaint([{ role: 'subject', phone: '+6281234567894' }]);
    await publish([step(id2, 1, 'received')]);
    const [f] = await settled(id2, 1);
    provider.state.down = false;
    expect(f).toMatchObject({
      status: 'failed',
      attempts: 4,
      status_reason: expect.stringMatching(/^gagal setelah 4 percobaan: HTTP 503/),
    });
    expect(await outcomesOf(f.id)).toEqual([expect.objectContaining({ channel: 'sms', outcome: 'failed' })]);
  });

  it('takes delivery reports and STOP replies from the gateway only; STOP is honoured for later messages', async () => {
    const id = complaint([{ role: 'subject', phone: '+6281234567895' }]);
    await publish([step(id, 1, 'received')]);
    const [m] = await settled(id, 1);
    const gw = systemActor('gateway');
    expect(
      await fail('slrt.rpc.notification.provider-callback.v1', { provider: 'http', kind: 'status', body: '{}' }, fo),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await call(
        'slrt.rpc.notification.provider-callback.v1',
        { provider: 'http', kind: 'status', body: JSON.stringify({ id: m.provider_message_id, status: 'delivered' }) },
        gw,
      ),
    ).toEqual({ accepted: true, updated: 1 });
    // A late "sent" report does not take a delivered message back.
    await call(
      'slrt.rpc.notification.provider-callback.v1',
      { provider: 'http', kind: 'status', body: JSON.stringify({ reference: m.id, status: 'sent' }) },
      gw,
    );
    expect((await messagesOf(id))[0].status).toBe('delivered');
    // One delivered event, however many reports came.
    expect(await outcomesOf(m.id)).toEqual([expect.objectContaining({ channel: 'sms', outcome: 'delivered' })]);
    await call(
      'slrt.rpc.notification.provider-callback.v1',
      { provider: 'http', kind: 'inbound', body: JSON.stringify({ from: '6281234567895', text: 'stop' }) },
      gw,
    );
    const before = provider.calls.length;
    await publish([step(id, 2, 'referred', { ownerCode: 'kemensos-pkh' })]);
    await call(
      'slrt.rpc.notification.save-settings.v1',
      { rules: [{ step: 'resolved', enabled: true, recipients: ['subject'], channels: ['sms'] }] },
      admin,
    );
    await publish([step(id, 3, 'resolved')]);
    const rows = await waitFor(async () => {
      const r = await messagesOf(id);
      return r.length >= 3 ? r : null;
    });
    expect(rows.slice(1).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(rows[2].status_reason).toContain('STOP');
    expect(provider.calls.length).toBe(before);
  });

  it('validates templates at save (placeholders), versions them and previews with sample data and SMS length', async () => {
    const bad = await fail(
      'slrt.rpc.notification.save-template.v1',
      { step: 'resolved', channel: 'sms', body: 'Halo {nik}, selesai.' },
      admin,
    );
    expect(bad).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'body', messages: [expect.stringContaining('{nik} tidak dikenal')] }],
    });
    expect(
      await fail('slrt.rpc.notification.save-template.v1', { step: 'resolved', channel: 'sms', body: 'x' }, fo),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const v1 = await call(
      'slrt.rpc.notification.save-template.v1',
      { step: 'resolved', channel: 'sms', body: 'SLRT: pengaduan {nomorPengaduan} selesai. {tautanStatus}' },
      admin,
    );
    const v2 = await call(
      'slrt.rpc.notification.save-template.v1',
      { step: 'resolved', channel: 'sms', body: 'SLRT: pengaduan {nomorPengaduan} “selesai”. {tautanStatus}' },
      admin,
    );
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const preview = await call(
      'slrt.rpc.notification.preview-template.v1',
      { step: 'resolved', channel: 'sms' },
      admin,
    );
    expect(preview).toMatchObject({ encoding: 'UCS-2', text: expect.stringContaining('6271-2611-000123 “selesai”') });
    expect(preview.segments).toBe(2);
    // A null body is no draft (found by the gateway fuzz as a 500).
    expect(
      await call('slrt.rpc.notification.preview-template.v1', { step: 'resolved', channel: 'sms', body: null }, admin),
    ).toEqual(preview);
    const gsm = await call(
      'slrt.rpc.notification.preview-template.v1',
      { step: 'resolved', channel: 'sms', body: 'Pengaduan {nomorPengaduan} selesai.' },
      admin,
    );
    expect(gsm).toEqual({ text: 'Pengaduan 6271-2611-000123 selesai.', encoding: 'GSM-7', length: 35, segments: 1 });
    const listed = await call('slrt.rpc.notification.list-templates.v1', { step: 'resolved' }, admin);
    expect(listed.items.find((t) => t.channel === 'sms')).toMatchObject({ version: 2, updatedBy: admin.id });
    expect(listed.items.find((t) => t.channel === 'letter')).toMatchObject({ version: 0, updatedBy: 'bawaan' });
  });

  it('holds text messages in quiet hours (kab/kota time) and applies the per-recipient daily limit', async () => {
    // Quiet all day except one minute that is not now: everything waits.
    const nowWib = new Date(Date.now() + 7 * 3600_000);
    const hh = (d: Date) => d.toISOString().slice(11, 16);
    await call(
      'slrt.rpc.notification.save-settings.v1',
      {
        quietStart: hh(new Date(nowWib.getTime() - 3600_000)),
        quietEnd: hh(new Date(nowWib.getTime() + 3600_000)),
        rules: [{ step: 'resolved', enabled: true, recipients: ['subject'], channels: ['sms'] }],
      },
      admin,
    );
    const id = complaint([{ role: 'subject', phone: '+6281234567896' }]);
    await publish([step(id, 9, 'resolved')]);
    const [held] = await waitFor(async () => {
      const r = await messagesOf(id);
      return r[0]?.next_attempt_at ? r : null;
    });
    expect(held).toMatchObject({ status: 'queued', status_reason: expect.stringContaining('jam tenang') });
    expect(new Date(held.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    await call('slrt.rpc.notification.save-settings.v1', { ...NO_QUIET, perRecipientPerDay: 2 }, admin);
    await db.query(`UPDATE message SET next_attempt_at = now() WHERE id = $1`, [held.id]);
    await settled(id, 1);
    const ids = [uuidv7(), uuidv7()];
    for (const c of ids) contactsOf.set(c, contactsOf.get(id)!);
    await publish(ids.map((c) => step(c, 9, 'resolved')));
    const rows = await waitFor(async () => {
      const r = (
        await db.query(`SELECT status, status_reason FROM message WHERE complaint_id = ANY($1) ORDER BY created_at`, [
          ids,
        ])
      ).rows;
      return r.length === 2 &&
        r.every((x) => x.status !== 'sending' && (x.status !== 'queued' || x.status_reason?.includes('batas')))
        ? r
        : null;
    });
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1);
    expect(rows.find((r) => r.status === 'queued')!.status_reason).toBe(
      'ditunda: batas 2 pesan per hari untuk nomor ini',
    );
    await call('slrt.rpc.notification.save-settings.v1', { perRecipientPerDay: 3 }, admin);
  });

  it('holds the per-recipient daily limit across instances: dispatchers racing for one phone send exactly the limit', async () => {
    await call('slrt.rpc.notification.save-settings.v1', { ...NO_QUIET, perRecipientPerDay: 3 }, admin);
    const phone = '+6281299990001';
    const ids = Array.from({ length: 8 }, () => uuidv7());
    for (const cid of ids) {
      await db.query(
        `INSERT INTO message (id, complaint_id, sequence, step, recipient, channel, desa_code, address, name, body, template_version, status) VALUES ($1, $2, 7, 'resolved', 'subject', 'sms', $3, $4, 'Siti', 'SLRT: pengaduan selesai', 0, 'queued')`,
        [uuidv7(), cid, DESA, phone],
      );
    }
    // Eight instances claiming one message each at the same moment (the running service may join in).
    const app = notification!;
    const racers = ids.map(
      () =>
        new Dispatcher(
          app.get(DataSource),
          { ...env, NOTIFY_DISPATCH_BATCH: 1 } as NotificationEnv,
          app.get(Channels),
          app.get(MessagesService),
          app.get(SettingsStore),
          app.get(MessageOutcomes),
        ),
    );
    // The provider answers slowly, so every hand-over is still in flight while the others claim.
    provider.state.delayMs = 300;
    try {
      await Promise.all(racers.map((d) => d.pass()));
    } finally {
      provider.state.delayMs = 0;
    }
    const rows = await waitFor(
      async () => {
        const r = (await db.query(`SELECT status, status_reason FROM message WHERE complaint_id = ANY($1)`, [ids]))
          .rows;
        return r.every((x) => x.status === 'sent' || (x.status === 'queued' && x.status_reason?.includes('batas')))
          ? r
          : null;
      },
      { timeoutMs: 20_000, message: 'every racing message sent or held by the limit' },
    );
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(3);
    expect(rows.filter((r) => r.status === 'queued')).toHaveLength(5);
    expect([...provider.delivered.values()].filter((m) => m.to === phone)).toHaveLength(3);
  });

  it('speaks Fonnte as documented: form fields and token, its error answers, its status and incoming-message webhooks', async () => {
    const fonnte = await startFonnte('fonnte-device-token');
    try {
      const adapter = new FonnteAdapter(
        'whatsapp',
        { kind: 'fonnte', token: 'fonnte-device-token', url: fonnte.url },
        1000,
      );
      const ok = await adapter.send({ id: uuidv7(), to: '+6281234567890', text: 'Halo', subject: null });
      expect(ok).toEqual({ kind: 'accepted', providerMessageId: '80367171' });
      expect(fonnte.calls[0]).toEqual({ target: '6281234567890', message: 'Halo', countryCode: '62' });
      expect(await adapter.send({ id: uuidv7(), to: '+62812', text: 'Halo', subject: null })).toEqual({
        kind: 'rejected',
        reason: 'Fonnte: target invalid',
      });
      expect(await adapter.send({ id: uuidv7(), to: '+6281234567000', text: 'Halo', subject: null })).toEqual({
        kind: 'retry',
        reason: 'Fonnte: devices disconnected',
      });
      const wrong = new FonnteAdapter('whatsapp', { kind: 'fonnte', token: 'salah', url: fonnte.url }, 1000);
      expect(await wrong.send({ id: uuidv7(), to: '+6281234567890', text: 'Halo', subject: null })).toEqual({
        kind: 'retry',
        reason: 'Fonnte: token invalid',
      });
      expect(
        adapter.parseStatus({
          device: '6282227097005',
          id: '80367171',
          stateid: 'x',
          status: 'sent',
          state: 'delivered',
        }),
      ).toEqual([{ providerMessageId: '80367171', status: 'delivered', reason: null }]);
      expect(adapter.parseStatus({ device: '6282227097005', id: '80367172', status: 'invalid' })).toEqual([
        { providerMessageId: '80367172', status: 'undeliverable', reason: 'Fonnte: nomor tidak valid' },
      ]);
      expect(
        adapter.parseInbound({ device: '6282227097005', sender: '6281234567890', message: 'STOP', name: 'Siti' }),
      ).toEqual({ from: '+6281234567890', text: 'STOP' });
    } finally {
      await fonnte.close();
    }
  });

  it('loses no message and sends none twice when the service is killed mid-batch (SIGKILL) and started again', async () => {
    await notification!.close();
    notification = undefined;
    await call(
      'slrt.rpc.notification.save-settings.v1',
      {
        ...NO_QUIET,
        perRecipientPerDay: 100,
        rules: [{ step: 'received', enabled: true, recipients: ['subject'], channels: ['sms'] }],
      },
      admin,
    ).catch(() => undefined);
    const script = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const register = fileURLToPath(new URL('../../../libs/testing/ts-register.mjs', import.meta.url));
    const startChild = async (): Promise<ChildProcess> => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', register, script], {
        env: {
          ...process.env,
          ...envVars,
          HTTP_PORT: '0',
          OPS_PORT: String(port),
          NODE_OPTIONS: '',
          NOTIFY_DISPATCH_CONCURRENCY: '4',
          NOTIFY_DISPATCH_BATCH: '10',
        },
        stdio: 'ignore',
      });
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok, {
        timeoutMs: 60_000,
        message: 'notification child ready',
      });
      return child;
    };
    provider.state.delayMs = 15;
    const ids = Array.from({ length: 120 }, (_, i) =>
      complaint([{ role: 'subject', phone: `+628125${String(i).padStart(6, '0')}` }]),
    );
    const before = provider.calls.length;
    let child = await startChild();
    await publish(ids.map((id) => step(id, 1, 'received')));
    await waitFor(() => provider.calls.length - before >= 30, {
      timeoutMs: 30_000,
      message: 'part of the batch handed over',
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const handedAtKill = provider.calls.length - before;
    child = await startChild();
    try {
      const rows = await waitFor(
        async () => {
          const r = (await db.query(`SELECT id, status FROM message WHERE complaint_id = ANY($1)`, [ids])).rows;
          return r.length === ids.length && r.every((x) => x.status === 'sent') ? r : null;
        },
        { timeoutMs: 60_000, message: 'every message sent after the restart' },
      );
      const keys = provider.calls.slice(before).map((c) => c.key);
      const handsets = rows.map((r) => provider.delivered.get(r.id));
      expect(handsets.every(Boolean)).toBe(true); // none lost
      expect(new Set(keys).size).toBe(ids.length); // every message, under its own key
      // A message cut mid-call is repeated with the same key and dropped by the provider: one delivery each.
      expect([...provider.delivered.keys()].filter((k) => rows.some((r) => r.id === k))).toHaveLength(ids.length);
      expect(handedAtKill).toBeLessThan(ids.length);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      provider.state.delayMs = 0;
    }
  }, 180_000);
});
