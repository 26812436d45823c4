import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CorrectComplaintRequestV1,
  FindPersonComplaintsRequestV1,
  GetComplaintRequestV1,
  GetPublicStatusRequestV1,
  ListComplaintsRequestV1,
  RegisterComplaintRequestV1,
  SyncFieldComplaintsRequestV1,
  WithdrawComplaintRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { ComplaintCorrections } from './complaint-corrections.service.js';
import { ComplaintRegistration } from './complaint-registration.service.js';
import { ComplaintsService } from './complaints.service.js';
import { FieldComplaintSync } from './field-complaint-sync.service.js';
import { PublicStatusService } from '../status/public-status.js';

/** NATS request adapters of intake: map, call, return (rules live in the complaints' services). */
@Controller()
export class ComplaintsHandlers {
  constructor(
    private readonly complaints: ComplaintsService,
    private readonly registration: ComplaintRegistration,
    private readonly fieldSync: FieldComplaintSync,
    private readonly corrections: ComplaintCorrections,
    private readonly status: PublicStatusService,
  ) {}

  @OnRequest('slrt.rpc.intake.register-complaint.v1')
  register(@Payload() data: RegisterComplaintRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.registration.register(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.sync-field-complaints.v1')
  sync(@Payload() data: SyncFieldComplaintsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.fieldSync.syncFieldComplaints(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-complaint.v1')
  get(@Payload() data: GetComplaintRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.complaints.get(data.complaintId, data.reveal ?? false, ctx.actor, data.onBehalfOf, data.revealReason);
  }

  @OnRequest('slrt.rpc.intake.list-complaints.v1')
  list(@Payload() data: ListComplaintsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.complaints.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.find-person-complaints.v1')
  findPerson(@Payload() data: FindPersonComplaintsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.complaints.findPersonComplaints(data.nik, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.correct-complaint.v1')
  correct(@Payload() data: CorrectComplaintRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.corrections.correct(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.withdraw-complaint.v1')
  withdraw(@Payload() data: WithdrawComplaintRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.corrections.withdraw(data.complaintId, data.reason, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-public-status.v1')
  publicStatus(@Payload() data: GetPublicStatusRequestV1) {
    return this.status.publicStatus(data.receiptNumber, data.trackingCode);
  }
}
