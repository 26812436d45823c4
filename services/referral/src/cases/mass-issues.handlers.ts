import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ChangeMassIssueMembersRequestV1,
  ConfirmMassIssueRequestV1,
  DismissMassIssueRequestV1,
  ListMassIssuesRequestV1,
  ListOwnerReferralGroupsRequestV1,
  OwnerResponseGroupAnsweredV1,
  ReferMassIssueRequestV1,
  RespondToReferralGroupRequestV1,
  SaveMassIssueThresholdRequestV1,
} from '@slrt/contracts';
import { EventContext, OnEvent, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { OwnerAnswers } from './owner-answers.service.js';
import { MassIssueAnswers } from './mass-issue-answers.js';
import { MassIssueReferral } from './mass-issue-referral.service.js';
import { MassIssuesService } from './mass-issues.service.js';

/** NATS request adapters of mass issues and the consumer of owners' group answers. */
@Controller()
export class MassIssuesHandlers {
  constructor(
    private readonly massIssues: MassIssuesService,
    private readonly referral: MassIssueReferral,
    private readonly answers: MassIssueAnswers,
    private readonly ownerAnswers: OwnerAnswers,
  ) {}

  @OnRequest('slrt.rpc.referral.list-mass-issues.v1')
  list(@Payload() data: ListMassIssuesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.massIssues.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.confirm-mass-issue.v1')
  confirm(@Payload() data: ConfirmMassIssueRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.massIssues.confirm(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.dismiss-mass-issue.v1')
  dismiss(@Payload() data: DismissMassIssueRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.massIssues.dismiss(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.change-mass-issue-members.v1')
  change(@Payload() data: ChangeMassIssueMembersRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.massIssues.changeMembers(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.refer-mass-issue.v1')
  refer(@Payload() data: ReferMassIssueRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.referral.refer(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-mass-issue-threshold.v1')
  saveThreshold(@Payload() data: SaveMassIssueThresholdRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.massIssues.saveThreshold(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-owner-referral-groups.v1')
  ownerGroups(@Payload() data: ListOwnerReferralGroupsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.answers.ownerGroups(ctx.actor, data.awaitingOnly ?? false);
  }

  @OnRequest('slrt.rpc.referral.respond-to-referral-group.v1')
  respond(@Payload() data: RespondToReferralGroupRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.answers.respondOverHttp(data, ctx.actor);
  }

  /** An owner's answer for a whole group (durable WIRE-STABLE); invalid ones are refused with feedback like single answers. */
  @OnEvent('slrt.owner.*.response.group-answered.v1', { durable: 'referral-owner-group-answered', handleInvalid: true })
  async onGroupAnswered(@Payload() data: OwnerResponseGroupAnsweredV1 | null, @Ctx() ctx: EventContext) {
    const owner = ctx.subject.split('.')[2]!;
    if (ctx.invalid || !data) {
      await this.ownerAnswers.refuseInvalidAnswer(
        ctx.manager,
        owner,
        ctx.invalid ?? { reason: 'invalid payload', fieldErrors: [], body: null, envelopeId: null },
        ctx.envelope.id,
        ctx.subject,
        ctx.receivedAt,
      );
      return;
    }
    const claimed: string[] = [];
    const producer = /^owner:(.+)$/.exec(ctx.envelope.producer);
    if (producer) claimed.push(producer[1]!);
    if (ctx.envelope.actor?.ownerCode) claimed.push(ctx.envelope.actor.ownerCode);
    await this.answers.applyGroupAnswer(ctx.manager, owner, data, `nats:${ctx.envelope.id}`, {
      answerId: ctx.envelope.id,
      answerSubject: ctx.subject,
      receivedAt: ctx.receivedAt,
      claimedOwners: claimed,
    });
  }
}
