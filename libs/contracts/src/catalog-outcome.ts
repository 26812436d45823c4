import {
  OutcomeAnswerReceivedV1,
  OutcomeVerificationCompletedV1,
  OutcomeVerificationRequestedV1,
} from './events/outcome/outcome-verification.v1.js';
import {
  GetPuskesosActivityRequestV1,
  PUSKESOS_REPORT_ROLES,
  PuskesosActivityV1,
} from './rpc/reporting/puskesos.v1.js';
import {
  ListOutcomeVerificationsRequestV1,
  ListOutcomeVerificationsResponseV1,
  OUTCOME_VERIFICATION_READ_ROLES,
  OUTCOME_VERIFICATION_RECORD_ROLES,
  OutcomeVerificationViewV1,
  RecordOutcomeAnswerRequestV1,
} from './rpc/outcome/outcome-verification.v1.js';

/**
 * Outcome verification (issue 19 ★): referral schedules and settles it, notification asks the
 * household and receives its reply. See catalog.ts.
 */
export const OUTCOME_EVENTS = {
  'slrt.evt.referral.outcome-verification.requested.v1': OutcomeVerificationRequestedV1,
  'slrt.evt.referral.outcome-verification.completed.v1': OutcomeVerificationCompletedV1,
  'slrt.evt.notification.outcome-answer.received.v1': OutcomeAnswerReceivedV1,
} as const;

export const OUTCOME_RPCS = {
  'slrt.rpc.referral.list-outcome-verifications.v1': {
    request: ListOutcomeVerificationsRequestV1,
    response: ListOutcomeVerificationsResponseV1,
    roles: OUTCOME_VERIFICATION_READ_ROLES,
  },
  'slrt.rpc.referral.record-outcome-answer.v1': {
    request: RecordOutcomeAnswerRequestV1,
    response: OutcomeVerificationViewV1,
    roles: OUTCOME_VERIFICATION_RECORD_ROLES,
  },
  /** Monitoring of the Puskesos by the kab/kota with the kecamatan (issue 19, seed 001). */
  'slrt.rpc.reporting.get-puskesos-activity.v1': {
    request: GetPuskesosActivityRequestV1,
    response: PuskesosActivityV1,
    roles: PUSKESOS_REPORT_ROLES,
  },
} as const;
