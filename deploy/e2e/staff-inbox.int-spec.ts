/**
 * The staff inbox end to end: the real referral service moves a case through its review chain
 * (operators acting over HTTP) and escalates its deadline; the real notification service turns
 * its events into inbox items; each operator reads their own over the gateway.
 */
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { connectDirectPublisher } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { DeadlineEscalation } from '../../services/referral/src/cases/deadline-escalation.js';
import { FullStack } from './support/full-stack.js';

interface Item {
  itemId: string;
  kind: string;
  caseId: string | null;
  caseState: string | null;
  receiptNumber: string | null;
  body: string;
  readAt: string | null;
}

describe('e2e: a case through the review chain reaches each operator\u2019s inbox', () => {
  let stack: FullStack;
  const tokens: Record<string, string> = {};

  const http = async (method: string, path: string, user: string, body?: unknown) => {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[user]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path} as ${user}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const inboxOf = async (user: string, caseId: string) =>
    ((await http('GET', '/v1/inbox?pageSize=200', user)).items as Item[]).filter((i) => i.caseId === caseId);
  const itemArrives = (user: string, caseId: string, kind: string) =>
    waitFor(async () => (await inboxOf(user, caseId)).find((i) => i.kind === kind), { message: `${kind} for ${user}` });

  beforeAll(async () => {
    stack = await FullStack.start('e2einbox');
    for (const u of ['demo.spv', 'demo.mj', 'demo.bo', 'demo.fo']) tokens[u] = await stack.token(u);
  }, 120_000);

  afterAll(() => stack?.close());

  it('opens, forwards, approves and escalates: SPV, MJ and BO each see their item, read state is their own', async () => {
    // Intake's event that the complaint's subject is in DTKS/DTSEN: referral opens a case for the supervisor.
    const intake = await connectDirectPublisher({
      ...stack.nats.credentials('intake'),
      service: 'intake',
      kabKotaCode: '62.71',
    });
    const complaintId = uuidv7();
    try {
      await intake.publish('slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2611-000456',
        desaCode: '62.71.01.1001',
        category: 'non-kepesertaan',
        programmeCodes: ['PKH'],
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
        checkedAt: new Date().toISOString(),
      });
    } finally {
      await intake.close();
    }
    const caseId = await waitFor(
      async () =>
        (
          (await http('GET', '/v1/cases?queue=mine', 'demo.spv')).items as Array<{
            caseId: string;
            complaintId: string;
          }>
        ).find((c) => c.complaintId === complaintId)?.caseId,
      { message: 'case opened' },
    );

    const queued = await itemArrives('demo.spv', caseId, 'case-queued');
    expect(queued).toMatchObject({ caseState: 'awaiting-supervisor', receiptNumber: '6271-2611-000456', readAt: null });
    expect(queued.body).toContain('PKH, desa 62.71.01.1001');
    expect(await inboxOf('demo.mj', caseId)).toEqual([]);

    await http('POST', `/v1/cases/${caseId}/actions`, 'demo.spv', { action: 'forward', expectedVersion: 1 });
    expect(await itemArrives('demo.mj', caseId, 'case-queued')).toMatchObject({ caseState: 'awaiting-manager' });
    await http('POST', `/v1/cases/${caseId}/actions`, 'demo.mj', { action: 'approve', expectedVersion: 2 });
    expect(await itemArrives('demo.bo', caseId, 'case-queued')).toMatchObject({ caseState: 'approved' });

    // The back office's step passes its deadline: referral escalates to the manager, who sees it.
    const rf = stack.schemas.find((x) => x.schema.startsWith('e2einboxrf_'))!;
    const db = new pg.Client({ connectionString: rf.url, options: `-c search_path=${rf.schema}` });
    await db.connect();
    await db.query(
      `UPDATE referral_case SET at_risk_at = now() - interval '2 hours', due_at = now() - interval '1 hour' WHERE id = $1`,
      [caseId],
    );
    await db.end();
    const escalation = stack.apps.flatMap((a) => {
      try {
        return [a.get(DeadlineEscalation, { strict: false })];
      } catch {
        return [];
      }
    })[0]!;
    expect(await escalation.runOnce()).toBeGreaterThan(0);
    expect(await itemArrives('demo.mj', caseId, 'deadline-breached')).toMatchObject({ caseState: 'approved' });

    await http('POST', `/v1/inbox/${queued.itemId}/read`, 'demo.spv');
    expect((await inboxOf('demo.spv', caseId))[0]!.readAt).not.toBeNull();
    expect((await inboxOf('demo.mj', caseId)).every((i) => i.readAt === null)).toBe(true);
    expect(await inboxOf('demo.fo', caseId)).toEqual([]);
  });
});
