import { CaseDeadlineEscalatedV1, CaseOpenedV1, CaseTransitionedV1 } from './events/referral/case-events.v1.js';
import {
  OwnerReferralSentV1,
  OwnerReferralUpdatedV1,
  OwnerReferralWithdrawnV1,
  OwnerResponseAcceptedV1,
  OwnerResponseRejectedV1,
  OwnerResponseResolvedV1,
  OwnerResponseReviewRequestedV1,
} from './events/owner/owner-referral.v1.js';
import { OwnerAnswerFeedbackV1 } from './events/owner/owner-feedback.v1.js';
import { OwnerReferralGroupSentV1, OwnerResponseGroupAnsweredV1 } from './events/owner/owner-referral-group.v1.js';
import {
  ChangeMassIssueMembersRequestV1,
  ConfirmMassIssueRequestV1,
  DismissMassIssueRequestV1,
  ListMassIssuesRequestV1,
  ListMassIssuesResponseV1,
  ListOwnerReferralGroupsRequestV1,
  ListOwnerReferralGroupsResponseV1,
  MassIssueThresholdV1,
  MassIssueViewV1,
  ReferMassIssueRequestV1,
  ReferMassIssueResponseV1,
  RespondToReferralGroupRequestV1,
  RespondToReferralGroupResponseV1,
  SaveMassIssueThresholdRequestV1,
} from './rpc/referral/mass-issues.v1.js';
import {
  ActOnCaseRequestV1,
  CaseViewV1,
  GetCaseRequestV1,
  ListCasesRequestV1,
  ListCasesResponseV1,
  ListOwnerReadAuditRequestV1,
  ListOwnerReadAuditResponseV1,
  ListOwnerReferralsRequestV1,
  ListOwnerReferralsResponseV1,
  OwnerReferralViewV1,
  ListProgrammeOwnersRequestV1,
  ListProgrammeOwnersResponseV1,
  RespondToReferralRequestV1,
  RespondToReferralResponseV1,
  SaveProgrammeOwnerRequestV1,
  ProgrammeOwnerViewV1,
  ListHolidaysRequestV1,
  ListHolidaysResponseV1,
  SaveHolidayRequestV1,
} from './rpc/referral/cases.v1.js';
import {
  ListOwnerWebhooksRequestV1,
  ListOwnerWebhooksResponseV1,
  ListWebhookDeliveriesRequestV1,
  ListWebhookDeliveriesResponseV1,
  OwnerWebhookViewV1,
  RedeliverWebhookDeliveryRequestV1,
  SaveOwnerWebhookRequestV1,
  WebhookDeliveryViewV1,
} from './rpc/referral/owner-webhooks.v1.js';
import {
  GetOwnerReferralRequestV1,
  ListProgrammesRequestV1,
  ListProgrammesResponseV1,
  ListRoutingRulesRequestV1,
  ListRoutingRulesResponseV1,
  ProgrammeViewV1,
  RoutingRuleViewV1,
  SaveProgrammeRequestV1,
  SaveRoutingRuleRequestV1,
} from './rpc/referral/directory.v1.js';
import { GetComplaintDisclosuresRequestV1, GetComplaintDisclosuresResponseV1 } from './rpc/referral/complaint-disclosures.v1.js';

/**
 * Events of the referral service (`slrt.evt.referral.…`) and the programme-owner channel
 * (`slrt.owner.*.…`: `*` is the owner code on the wire). See catalog.ts.
 */
export const REFERRAL_EVENTS = {
  'slrt.evt.referral.case.opened.v1': CaseOpenedV1,
  'slrt.evt.referral.case.transitioned.v1': CaseTransitionedV1,
  'slrt.evt.referral.case.deadline-escalated.v1': CaseDeadlineEscalatedV1,
  'slrt.owner.*.referral.sent.v1': OwnerReferralSentV1,
  'slrt.owner.*.referral.updated.v1': OwnerReferralUpdatedV1,
  'slrt.owner.*.referral.withdrawn.v1': OwnerReferralWithdrawnV1,
  'slrt.owner.*.response.accepted.v1': OwnerResponseAcceptedV1,
  'slrt.owner.*.response.rejected.v1': OwnerResponseRejectedV1,
  'slrt.owner.*.response.review-requested.v1': OwnerResponseReviewRequestedV1,
  'slrt.owner.*.response.resolved.v1': OwnerResponseResolvedV1,
  'slrt.owner.*.feedback.answer-applied.v1': OwnerAnswerFeedbackV1,
  'slrt.owner.*.feedback.answer-refused.v1': OwnerAnswerFeedbackV1,
  'slrt.owner.*.referral.group-sent.v1': OwnerReferralGroupSentV1,
  'slrt.owner.*.response.group-answered.v1': OwnerResponseGroupAnsweredV1,
} as const;

/** Requests the referral service answers (`slrt.rpc.referral.…`). See catalog.ts. */
export const REFERRAL_RPCS = {
  'slrt.rpc.referral.list-cases.v1': { request: ListCasesRequestV1, response: ListCasesResponseV1 },
  'slrt.rpc.referral.get-case.v1': { request: GetCaseRequestV1, response: CaseViewV1 },
  'slrt.rpc.referral.act-on-case.v1': { request: ActOnCaseRequestV1, response: CaseViewV1 },
  'slrt.rpc.referral.list-programme-owners.v1': { request: ListProgrammeOwnersRequestV1, response: ListProgrammeOwnersResponseV1 },
  'slrt.rpc.referral.list-owner-referrals.v1': { request: ListOwnerReferralsRequestV1, response: ListOwnerReferralsResponseV1 },
  'slrt.rpc.referral.list-owner-read-audit.v1': { request: ListOwnerReadAuditRequestV1, response: ListOwnerReadAuditResponseV1 },
  'slrt.rpc.referral.respond-to-referral.v1': { request: RespondToReferralRequestV1, response: RespondToReferralResponseV1 },
  'slrt.rpc.referral.save-programme-owner.v1': { request: SaveProgrammeOwnerRequestV1, response: ProgrammeOwnerViewV1 },
  'slrt.rpc.referral.list-holidays.v1': { request: ListHolidaysRequestV1, response: ListHolidaysResponseV1 },
  'slrt.rpc.referral.save-holiday.v1': { request: SaveHolidayRequestV1, response: ListHolidaysResponseV1 },
  'slrt.rpc.referral.list-owner-webhooks.v1': { request: ListOwnerWebhooksRequestV1, response: ListOwnerWebhooksResponseV1 },
  'slrt.rpc.referral.save-owner-webhook.v1': { request: SaveOwnerWebhookRequestV1, response: OwnerWebhookViewV1 },
  'slrt.rpc.referral.list-webhook-deliveries.v1': { request: ListWebhookDeliveriesRequestV1, response: ListWebhookDeliveriesResponseV1 },
  'slrt.rpc.referral.redeliver-webhook-delivery.v1': { request: RedeliverWebhookDeliveryRequestV1, response: WebhookDeliveryViewV1 },
  'slrt.rpc.referral.get-owner-referral.v1': { request: GetOwnerReferralRequestV1, response: OwnerReferralViewV1 },
  'slrt.rpc.referral.list-routing-rules.v1': { request: ListRoutingRulesRequestV1, response: ListRoutingRulesResponseV1 },
  'slrt.rpc.referral.save-routing-rule.v1': { request: SaveRoutingRuleRequestV1, response: RoutingRuleViewV1 },
  'slrt.rpc.referral.list-programmes.v1': { request: ListProgrammesRequestV1, response: ListProgrammesResponseV1 },
  'slrt.rpc.referral.save-programme.v1': { request: SaveProgrammeRequestV1, response: ProgrammeViewV1 },
  'slrt.rpc.referral.get-complaint-disclosures.v1': { request: GetComplaintDisclosuresRequestV1, response: GetComplaintDisclosuresResponseV1 },
  'slrt.rpc.referral.list-mass-issues.v1': { request: ListMassIssuesRequestV1, response: ListMassIssuesResponseV1 },
  'slrt.rpc.referral.confirm-mass-issue.v1': { request: ConfirmMassIssueRequestV1, response: MassIssueViewV1 },
  'slrt.rpc.referral.dismiss-mass-issue.v1': { request: DismissMassIssueRequestV1, response: MassIssueViewV1 },
  'slrt.rpc.referral.change-mass-issue-members.v1': { request: ChangeMassIssueMembersRequestV1, response: MassIssueViewV1 },
  'slrt.rpc.referral.refer-mass-issue.v1': { request: ReferMassIssueRequestV1, response: ReferMassIssueResponseV1 },
  'slrt.rpc.referral.save-mass-issue-threshold.v1': { request: SaveMassIssueThresholdRequestV1, response: MassIssueThresholdV1 },
  'slrt.rpc.referral.list-owner-referral-groups.v1': { request: ListOwnerReferralGroupsRequestV1, response: ListOwnerReferralGroupsResponseV1 },
  'slrt.rpc.referral.respond-to-referral-group.v1': { request: RespondToReferralGroupRequestV1, response: RespondToReferralGroupResponseV1 },
} as const;
