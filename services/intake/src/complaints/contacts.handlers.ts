import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { AnswerContactRequestV1, CountIntakeRequestV1, RecordSubjectIdentityRequestV1 } from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { ComplaintCorrections } from './complaint-corrections.service.js';
import { ContactsService } from './contacts.service.js';

/** NATS request adapters of the seeds' intake flows: direct answers, counts, the NIK after Dukcapil. */
@Controller()
export class ContactsHandlers {
  constructor(
    private readonly contacts: ContactsService,
    private readonly corrections: ComplaintCorrections,
  ) {}

  @OnRequest('slrt.rpc.intake.answer-contact.v1')
  answer(@Payload() data: AnswerContactRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.contacts.answer(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.count-intake.v1')
  counts(@Payload() data: CountIntakeRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.contacts.counts(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.record-subject-identity.v1')
  recordSubjectIdentity(@Payload() data: RecordSubjectIdentityRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.corrections.recordSubjectIdentity(data, ctx.actor);
  }
}
