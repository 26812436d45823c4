import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ActOnCaseRequestV1,
  GetCaseRequestV1,
  GetOwnerReferralRequestV1,
  ListCasesRequestV1,
  ListHolidaysRequestV1,
  ListOwnerReadAuditRequestV1,
  ListOwnerReferralsRequestV1,
  ListProgrammeOwnersRequestV1,
  RespondToReferralRequestV1,
  SaveHolidayRequestV1,
  SaveProgrammeOwnerRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { CaseActions } from './case-actions.service.js';
import { CasesService } from './cases.service.js';
import { OwnerAnswers } from './owner-answers.service.js';
import { OwnerReferrals } from './owner-referrals.service.js';

/** NATS request adapters of referral: map, call, return. */
@Controller()
export class CasesHandlers {
  constructor(
    private readonly cases: CasesService,
    private readonly actions: CaseActions,
    private readonly answers: OwnerAnswers,
    private readonly ownerReads: OwnerReferrals,
  ) {}

  @OnRequest('slrt.rpc.referral.list-cases.v1')
  list(@Payload() data: ListCasesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.cases.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.get-case.v1')
  get(@Payload() data: GetCaseRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.cases.get(data.caseId, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.act-on-case.v1')
  act(@Payload() data: ActOnCaseRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.actions.act(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-programme-owners.v1')
  owners(@Payload() data: ListProgrammeOwnersRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.cases.listOwners(data.includeInactive ?? false, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-owner-referrals.v1')
  ownerReferrals(@Payload() data: ListOwnerReferralsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ownerReads.ownerReferrals(ctx.actor, data.status, data.page, data.pageSize);
  }

  @OnRequest('slrt.rpc.referral.get-owner-referral.v1')
  ownerReferral(@Payload() data: GetOwnerReferralRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ownerReads.ownerReferral(ctx.actor, data.referralId);
  }

  @OnRequest('slrt.rpc.referral.list-owner-read-audit.v1')
  ownerReadAudit(@Payload() data: ListOwnerReadAuditRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ownerReads.listOwnerReadAudit(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.respond-to-referral.v1')
  respond(@Payload() data: RespondToReferralRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.answers.respondOverHttp(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-programme-owner.v1')
  saveOwner(@Payload() data: SaveProgrammeOwnerRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.cases.saveOwner({ ...data, contact: data.contact ?? null }, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-holidays.v1')
  holidays(@Payload() data: ListHolidaysRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.cases.listHolidays(data.year, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-holiday.v1')
  saveHoliday(@Payload() data: SaveHolidayRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.cases.saveHoliday(data.date, data.name, data.holiday, ctx.actor);
  }
}
