import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, EventPayload } from '@slrt/contracts';
import { CalendarDoubleModule } from './support/calendar-double.js';
import { startReportingStack, type ReportingStack } from './support/reporting-stack.js';

const user = (roles: Actor['roles'], scope: string[], id: string, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const mj = user(['MJ'], ['62.71'], 'mj');
const spv = user(['SPV'], ['62.71.01'], 'spv-01');
const DESA_A = '62.71.01.1001';
const DESA_A2 = '62.71.01.1002';
const DESA_B = '62.71.02.1002';
const OTHER_KAB = '62.72.01.2001';
const M1 = uuidv7();

describe('reporting: citizens informed (notification outcomes) and the prelist pipeline (registry proposals)', () => {
  let stack: ReportingStack;
  let notification: NestFastifyApplication;
  let registry: NestFastifyApplication;
  let db: pg.Client;

  const call: ReportingStack['call'] = (s, d, a) => stack.call(s, d, a);
  const publish: ReportingStack['publish'] = (from, s, d) => stack.publish(from, s, d);
  const caughtUp = () => stack.caughtUp();

  beforeAll(async () => {
    stack = await startReportingStack('rptinf', {
      doubles: { notification: [], referral: [CalendarDoubleModule], registry: [] },
    });
    db = stack.db;
    notification = stack.doubles.notification!;
    registry = stack.doubles.registry!;

    // November 2026: messages to citizens of two kecamatan (and one of another kab/kota), one in October.
    const outcome = (
      desaCode: string,
      channel: EventPayload<'slrt.evt.notification.message.outcome.v1'>['channel'],
      result: EventPayload<'slrt.evt.notification.message.outcome.v1'>['outcome'],
      at: string,
      messageId = uuidv7(),
    ) =>
      publish(notification, 'slrt.evt.notification.message.outcome.v1', {
        messageId,
        complaintId: uuidv7(),
        desaCode,
        channel,
        step: 'resolved',
        recipient: 'subject',
        outcome: result,
        at,
      });
    await outcome(DESA_A, 'sms', 'delivered', '2026-11-10T02:00:00.000Z', M1);
    await outcome(DESA_A, 'whatsapp', 'delivered', '2026-11-11T02:00:00.000Z');
    await outcome(DESA_A, 'email', 'failed', '2026-11-12T02:00:00.000Z');
    await outcome(DESA_A, 'letter', 'delivered', '2026-11-12T03:00:00.000Z');
    await outcome(DESA_A, 'fs-visit', 'delivered', '2026-11-13T02:00:00.000Z');
    await outcome(DESA_A, 'fs-visit', 'undeliverable', '2026-11-14T02:00:00.000Z');
    // Failed, then reported delivered: the later outcome counts (and in reverse delivery order too).
    const m7 = uuidv7();
    await outcome(DESA_A, 'sms', 'delivered', '2026-11-16T02:00:00.000Z', m7);
    await outcome(DESA_A, 'sms', 'failed', '2026-11-15T02:00:00.000Z', m7);
    await outcome(DESA_A2, 'sms', 'undeliverable', '2026-11-17T02:00:00.000Z');
    await outcome(DESA_B, 'sms', 'delivered', '2026-11-18T02:00:00.000Z');
    await outcome(DESA_A, 'sms', 'delivered', '2026-10-20T02:00:00.000Z');
    await outcome(OTHER_KAB, 'sms', 'delivered', '2026-11-18T02:00:00.000Z');

    // Prelist proposals: P1 through the whole pipeline in November, P2 declined in musdes, P3 begun in October; a data-change proposal (not prelist).
    const proposal = async (desaCode: string, kind: 'prelist' | 'data-change', steps: Array<[string, string]>) => {
      const proposalId = uuidv7();
      let from: string | null = null;
      for (const [to, at] of steps) {
        await publish(registry, 'slrt.evt.registry.proposal.status-changed.v1', {
          proposalId,
          kind,
          complaintId: null,
          desaCode,
          fromStatus: from as never,
          toStatus: to as never,
          action: from ? 'record-step' : 'create',
          reason: null,
          batchId: null,
          changedAt: at,
        });
        from = to;
      }
    };
    await proposal(DESA_A, 'prelist', [
      ['draft', '2026-11-02T02:00:00.000Z'],
      ['deliberated', '2026-11-05T02:00:00.000Z'],
      ['verified', '2026-11-09T02:00:00.000Z'],
      ['submitted', '2026-11-12T02:00:00.000Z'],
      ['ratified', '2026-11-16T02:00:00.000Z'],
      ['accepted', '2026-11-20T02:00:00.000Z'],
    ]);
    await proposal(DESA_A2, 'prelist', [
      ['draft', '2026-11-03T02:00:00.000Z'],
      ['declined', '2026-11-06T02:00:00.000Z'],
    ]);
    await proposal(DESA_B, 'prelist', [
      ['draft', '2026-10-10T02:00:00.000Z'],
      ['deliberated', '2026-10-20T02:00:00.000Z'],
      ['verified', '2026-11-10T02:00:00.000Z'],
    ]);
    await proposal(DESA_A, 'data-change', [['draft', '2026-11-04T02:00:00.000Z']]);
    await caughtUp();
  }, 120_000);

  afterAll(() => stack?.close());

  const kpis = (groupBy: string, actor: Actor = mj, month = '2026-11') =>
    call('slrt.rpc.reporting.get-kpis.v1', { fromMonth: month, toMonth: month, groupBy }, actor);

  it('counts citizens informed per kecamatan, channel and month from notification\u2019s events, within the caller\u2019s region, without personal data', async () => {
    const byKec = await kpis('kecamatan');
    expect(byKec.citizensInformed).toEqual([
      {
        key: '62.71.01',
        messagesDelivered: 4,
        fsVisitsDone: 2,
        messagesFailed: 2,
        delivered: { sms: 2, whatsapp: 1, email: 0, letter: 1, fsVisit: 1 },
      },
      {
        key: '62.71.02',
        messagesDelivered: 1,
        fsVisitsDone: 0,
        messagesFailed: 0,
        delivered: { sms: 1, whatsapp: 0, email: 0, letter: 0, fsVisit: 0 },
      },
    ]);
    expect((await kpis('none')).citizensInformed).toEqual([
      expect.objectContaining({ key: 'all', messagesDelivered: 5, fsVisitsDone: 2, messagesFailed: 2 }),
    ]);
    expect((await kpis('month', mj, '2026-10')).citizensInformed).toEqual([
      expect.objectContaining({ key: '2026-10', messagesDelivered: 1 }),
    ]);
    // Messages have no category: one row for the whole selection.
    expect((await kpis('category')).citizensInformed).toEqual([
      expect.objectContaining({ key: 'all', messagesDelivered: 5 }),
    ]);
    // A kecamatan supervisor sees its kecamatan only.
    expect((await kpis('none', spv)).citizensInformed).toEqual([
      expect.objectContaining({ messagesDelivered: 4, fsVisitsDone: 2 }),
    ]);
    // The same outcome published again (a new envelope: a re-publish by notification) changes nothing.
    await publish(notification, 'slrt.evt.notification.message.outcome.v1', {
      messageId: M1,
      complaintId: uuidv7(),
      desaCode: DESA_A,
      channel: 'sms',
      step: 'resolved',
      recipient: 'subject',
      outcome: 'delivered',
      at: '2026-11-10T02:00:00.000Z',
    });
    await caughtUp();
    expect((await kpis('none')).citizensInformed[0]!.messagesDelivered).toBe(5);
    // The read model holds ids, codes, channel, step and outcome: no address, name or text.
    const columns = (
      await db.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'rpt_message' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => r.column_name);
    expect(columns).toEqual([
      'message_id',
      'complaint_id',
      'desa_code',
      'channel',
      'step',
      'recipient',
      'outcome',
      'outcome_at',
    ]);
  });

  it('shows the prelist pipeline: proposals that reached each stage in the period, where they stand now, and the ways out', async () => {
    const nov = (await kpis('none')).prelistPipeline;
    expect(nov.stages).toEqual([
      { stage: 'draft', reached: 2, now: 0 },
      { stage: 'deliberated', reached: 1, now: 0 },
      { stage: 'verified', reached: 2, now: 1 },
      { stage: 'submitted', reached: 1, now: 0 },
      { stage: 'ratified', reached: 1, now: 0 },
      { stage: 'accepted', reached: 1, now: 1 },
    ]);
    expect(nov).toMatchObject({ declined: 1, rejected: 0, withdrawn: 0 });
    const oct = (await kpis('none', mj, '2026-10')).prelistPipeline;
    expect(oct.stages.map((s) => s.reached)).toEqual([1, 1, 0, 0, 0, 0]);
    // Region scope: kecamatan 62.71.01 has P1 and P2 only.
    const mine = (await kpis('none', spv)).prelistPipeline;
    expect(mine.stages.find((s) => s.stage === 'verified')).toEqual({ stage: 'verified', reached: 1, now: 0 });
  });

  it('adds a Warga Diinformasikan sheet and PDF table to the monthly report whose totals equal the KPIs', async () => {
    const x = await call(
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: '2026-11', kabKotaCode: '62.71', format: 'xlsx' },
      mj,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Warga Diinformasikan')!;
    const header = (ws.getRow(6).values as unknown[]).slice(1) as string[];
    const rows: unknown[][] = [];
    for (let i = 7; i <= ws.rowCount; i++) rows.push((ws.getRow(i).values as unknown[]).slice(1));
    const body = rows.slice(0, -1);
    const total = rows.at(-1)!;
    const col = (h: string) => header.indexOf(h);
    expect(total[1]).toBe('Jumlah');
    const k = (await kpis('none')).citizensInformed[0]!;
    expect(total[col('Pesan tersampaikan')]).toBe(k.messagesDelivered);
    expect(total[col('Kunjungan FS dilakukan')]).toBe(k.fsVisitsDone);
    expect(total[col('Pesan gagal')]).toBe(k.messagesFailed);
    expect(total[col('SMS tersampaikan')]).toBe(k.delivered.sms);
    for (const r of [...body, total]) {
      expect(r[col('Pesan tersampaikan')]).toBe(
        (r[col('SMS tersampaikan')] as number) +
          (r[col('WhatsApp tersampaikan')] as number) +
          (r[col('E-mail tersampaikan')] as number) +
          (r[col('Surat diterima')] as number),
      );
    }
    for (const h of ['Pesan tersampaikan', 'Kunjungan FS dilakukan', 'Pesan gagal'])
      expect(body.reduce((s: number, r) => s + (r[col(h)] as number), 0)).toBe(total[col(h)]);
    // Per kecamatan equals the KPIs by kecamatan.
    const kec = await kpis('kecamatan');
    for (const c of kec.citizensInformed)
      expect(body.find((r) => r[0] === c.key)?.[col('Pesan tersampaikan')]).toBe(c.messagesDelivered);
    const pdf = await call(
      'slrt.rpc.reporting.get-monthly-report.v1',
      { month: '2026-11', kabKotaCode: '62.71', format: 'pdf' },
      mj,
    );
    const bytes = Buffer.from(pdf.contentBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('rebuilds messages and proposal steps from the notification and registry streams, equal to the live model', async () => {
    const dump = async () => ({
      rpt_message: (await db.query(`SELECT * FROM rpt_message ORDER BY message_id`)).rows,
      rpt_proposal_step: (await db.query(`SELECT * FROM rpt_proposal_step ORDER BY proposal_id, status`)).rows,
    });
    const live = await dump();
    const before = await kpis('kecamatan');
    await db.query(`DELETE FROM rpt_message WHERE channel = 'sms'`);
    await db.query(`DELETE FROM rpt_proposal_step WHERE status = 'verified'`);
    expect((await kpis('kecamatan')).citizensInformed).not.toEqual(before.citizensInformed);
    const r = await stack.rebuild();
    // 12 outcomes published before, and the re-published one of the first test.
    expect(r.applied.SLRT_NOTIFICATION).toBe(13);
    expect(await dump()).toEqual(live);
    const after = await kpis('kecamatan');
    expect(after.citizensInformed).toEqual(before.citizensInformed);
    expect(after.prelistPipeline).toEqual(before.prelistPipeline);
  });
});
