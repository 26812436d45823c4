import { CaseDeadlineEscalatedV1, CaseOpenedV1, CaseTransitionedV1 } from './events/referral/case-events.v1.js';
import {
  OwnerReferralSentV1,
  OwnerReferralUpdatedV1,
  OwnerReferralWithdrawnV1,
  OwnerResponseAcceptedV1,
  OwnerResponseRejectedV1,
  OwnerResponseResolvedV1,
  OwnerResponseForwardedV1,
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
  ListPublicProgrammesRequestV1,
  ListPublicProgrammesResponseV1,
  ListRoutingRulesRequestV1,
  ListRoutingRulesResponseV1,
  ProgrammeViewV1,
  RoutingRuleViewV1,
  SaveProgrammeRequestV1,
  SaveRoutingRuleRequestV1,
} from './rpc/referral/directory.v1.js';
import {
  ForwardReferralRequestV1,
  ForwardReferralResponseV1,
  GetPartnershipDocumentRequestV1,
  ListPartnersRequestV1,
  ListPartnersResponseV1,
  PartnershipDocumentV1,
  PartnershipViewV1,
  ResolveAtPuskesosRequestV1,
  ResolveAtPuskesosResponseV1,
  SavePartnershipRequestV1,
} from './rpc/referral/puskesos.v1.js';
import {
  GetComplaintDisclosuresRequestV1,
  GetComplaintDisclosuresResponseV1,
} from './rpc/referral/complaint-disclosures.v1.js';

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
  'slrt.owner.*.response.forwarded.v1': OwnerResponseForwardedV1,
  'slrt.owner.*.feedback.answer-applied.v1': OwnerAnswerFeedbackV1,
  'slrt.owner.*.feedback.answer-refused.v1': OwnerAnswerFeedbackV1,
  'slrt.owner.*.referral.group-sent.v1': OwnerReferralGroupSentV1,
  'slrt.owner.*.response.group-answered.v1': OwnerResponseGroupAnsweredV1,
} as const;

/** Requests the referral service answers (`slrt.rpc.referral.…`). See catalog.ts. */
export const REFERRAL_RPCS = {
  'slrt.rpc.referral.list-cases.v1': {
    request: ListCasesRequestV1,
    response: ListCasesResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.referral.get-case.v1': {
    request: GetCaseRequestV1,
    response: CaseViewV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.referral.act-on-case.v1': {
    request: ActOnCaseRequestV1,
    response: CaseViewV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO'],
  },
  'slrt.rpc.referral.list-programme-owners.v1': {
    request: ListProgrammeOwnersRequestV1,
    response: ListProgrammeOwnersResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN', 'PO'],
  },
  'slrt.rpc.referral.list-owner-referrals.v1': {
    request: ListOwnerReferralsRequestV1,
    response: ListOwnerReferralsResponseV1,
    roles: ['PO'],
  },
  'slrt.rpc.referral.list-owner-read-audit.v1': {
    request: ListOwnerReadAuditRequestV1,
    response: ListOwnerReadAuditResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT'],
  },
  'slrt.rpc.referral.respond-to-referral.v1': {
    request: RespondToReferralRequestV1,
    response: RespondToReferralResponseV1,
    roles: ['PO'],
  },
  'slrt.rpc.referral.save-programme-owner.v1': {
    request: SaveProgrammeOwnerRequestV1,
    response: ProgrammeOwnerViewV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.list-holidays.v1': {
    request: ListHolidaysRequestV1,
    response: ListHolidaysResponseV1,
    roles: ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
    systems: ['reporting'],
  },
  'slrt.rpc.referral.save-holiday.v1': {
    request: SaveHolidayRequestV1,
    response: ListHolidaysResponseV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.list-owner-webhooks.v1': {
    request: ListOwnerWebhooksRequestV1,
    response: ListOwnerWebhooksResponseV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.save-owner-webhook.v1': {
    request: SaveOwnerWebhookRequestV1,
    response: OwnerWebhookViewV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.list-webhook-deliveries.v1': {
    request: ListWebhookDeliveriesRequestV1,
    response: ListWebhookDeliveriesResponseV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.redeliver-webhook-delivery.v1': {
    request: RedeliverWebhookDeliveryRequestV1,
    response: WebhookDeliveryViewV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.get-owner-referral.v1': {
    request: GetOwnerReferralRequestV1,
    response: OwnerReferralViewV1,
    roles: ['PO'],
  },
  'slrt.rpc.referral.list-routing-rules.v1': {
    request: ListRoutingRulesRequestV1,
    response: ListRoutingRulesResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO'],
  },
  'slrt.rpc.referral.save-routing-rule.v1': {
    request: SaveRoutingRuleRequestV1,
    response: RoutingRuleViewV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.list-programmes.v1': {
    request: ListProgrammesRequestV1,
    response: ListProgrammesResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
    systems: ['intake'],
  },
  'slrt.rpc.referral.list-public-programmes.v1': {
    request: ListPublicProgrammesRequestV1,
    response: ListPublicProgrammesResponseV1,
    roles: [],
    systems: ['gateway'],
    public: true,
  },
  'slrt.rpc.referral.save-programme.v1': {
    request: SaveProgrammeRequestV1,
    response: ProgrammeViewV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.get-complaint-disclosures.v1': {
    request: GetComplaintDisclosuresRequestV1,
    response: GetComplaintDisclosuresResponseV1,
    roles: [],
    systems: ['intake'],
  },
  'slrt.rpc.referral.resolve-at-puskesos.v1': {
    request: ResolveAtPuskesosRequestV1,
    response: ResolveAtPuskesosResponseV1,
    roles: ['SPV', 'BO'],
  },
  'slrt.rpc.referral.forward-referral.v1': {
    request: ForwardReferralRequestV1,
    response: ForwardReferralResponseV1,
    roles: ['PO'],
  },
  'slrt.rpc.referral.save-partnership.v1': {
    request: SavePartnershipRequestV1,
    response: PartnershipViewV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.list-partners.v1': {
    request: ListPartnersRequestV1,
    response: ListPartnersResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO', 'SPV'],
  },
  'slrt.rpc.referral.get-partnership-document.v1': {
    request: GetPartnershipDocumentRequestV1,
    response: PartnershipDocumentV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO', 'SPV'],
  },
  'slrt.rpc.referral.list-mass-issues.v1': {
    request: ListMassIssuesRequestV1,
    response: ListMassIssuesResponseV1,
    roles: ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.referral.confirm-mass-issue.v1': {
    request: ConfirmMassIssueRequestV1,
    response: MassIssueViewV1,
    roles: ['SPV', 'MJ', 'BO'],
  },
  'slrt.rpc.referral.dismiss-mass-issue.v1': {
    request: DismissMassIssueRequestV1,
    response: MassIssueViewV1,
    roles: ['SPV', 'MJ', 'BO'],
  },
  'slrt.rpc.referral.change-mass-issue-members.v1': {
    request: ChangeMassIssueMembersRequestV1,
    response: MassIssueViewV1,
    roles: ['SPV', 'MJ', 'BO'],
  },
  'slrt.rpc.referral.refer-mass-issue.v1': {
    request: ReferMassIssueRequestV1,
    response: ReferMassIssueResponseV1,
    roles: ['BO'],
  },
  'slrt.rpc.referral.save-mass-issue-threshold.v1': {
    request: SaveMassIssueThresholdRequestV1,
    response: MassIssueThresholdV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.referral.list-owner-referral-groups.v1': {
    request: ListOwnerReferralGroupsRequestV1,
    response: ListOwnerReferralGroupsResponseV1,
    roles: ['PO'],
  },
  'slrt.rpc.referral.respond-to-referral-group.v1': {
    request: RespondToReferralGroupRequestV1,
    response: RespondToReferralGroupResponseV1,
    roles: ['PO'],
  },
} as const;
