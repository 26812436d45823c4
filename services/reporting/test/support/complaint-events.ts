import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventPayload } from '@slrt/contracts';
import type { ReportingStack } from './reporting-stack.js';

type Transition = EventPayload<'slrt.evt.referral.case.transitioned.v1'>;

/**
 * The later events of one complaint as intake and referral publish them: `step` (intake's status
 * changes, numbered from 2 on, the registration being 1) and `move` (referral's case transitions,
 * by a supervisor unless `extra` says otherwise).
 */
export function complaintEvents(
  publish: ReportingStack['publish'],
  doubles: { intake: NestFastifyApplication; referral: NestFastifyApplication },
  c: { complaintId: string; caseId: string; receiptNumber: string; desaCode: string },
) {
  const base = { complaintId: c.complaintId, receiptNumber: c.receiptNumber, desaCode: c.desaCode };
  let n = 1;
  const step = (
    s: EventPayload<'slrt.evt.intake.complaint.status-changed.v1'>['step'],
    occurredAt: string,
    extra: { ownerCode?: string; reasonCode?: string } = {},
  ) =>
    publish(doubles.intake, 'slrt.evt.intake.complaint.status-changed.v1', {
      ...base,
      sequence: ++n,
      step: s,
      previousStep: null,
      ownerCode: extra.ownerCode ?? null,
      reasonCode: extra.reasonCode ?? null,
      reasonText: null,
      occurredAt,
    });
  const move = (
    action: Transition['action'],
    from: Transition['from'],
    to: Transition['to'],
    at: string,
    extra: Partial<Transition> = {},
  ) =>
    publish(doubles.referral, 'slrt.evt.referral.case.transitioned.v1', {
      caseId: c.caseId,
      ...base,
      action,
      from,
      to,
      actorRole: 'SPV',
      ownerCodes: [],
      dueAt: null,
      at,
      ...extra,
    });
  return { step, move };
}
