import { ComplaintAnsweredV1 } from './events/intake/complaint-answered.v1.js';
import {
  AnswerContactRequestV1,
  CountIntakeRequestV1,
  IntakeCountsV1,
  RecordSubjectIdentityRequestV1,
} from './rpc/intake/seed-flows.v1.js';
import { ComplaintCorrectedV1 } from './events/intake/complaint-corrected.v1.js';
import { ComplaintRegisteredV1 } from './events/intake/complaint-registered.v1.js';
import { ComplaintRegistryCheckedV1 } from './events/intake/complaint-registry-checked.v1.js';
import { GetNotificationContactsRequestV1, NotificationContactsV1 } from './rpc/intake/notification-contacts.v1.js';
import { ComplaintStatusChangedV1 } from './events/intake/complaint-status-changed.v1.js';
import { ComplaintWithdrawnV1 } from './events/intake/complaint-withdrawn.v1.js';
import { ComplaintSummaryV1 } from './rpc/intake/complaint-input.v1.js';
import {
  ComplaintDetailV1,
  DocumentFileV1,
  FindPersonComplaintsRequestV1,
  FindPersonComplaintsResponseV1,
  GetCivilRegistrationLetterRequestV1,
  GetComplaintReceiptRequestV1,
  GetComplaintRequestV1,
  GetPublicStatusRequestV1,
  ListComplaintsRequestV1,
  ListComplaintsResponseV1,
  PublicStatusV1,
  WithdrawComplaintRequestV1,
} from './rpc/intake/complaint-views.v1.js';
import {
  AddAttachmentChunkRequestV1,
  AddAttachmentChunkResponseV1,
  GetAttachmentChunkRequestV1,
  GetAttachmentChunkResponseV1,
  ListAttachmentsRequestV1,
  ListAttachmentsResponseV1,
} from './rpc/intake/attachments.v1.js';
import { CorrectComplaintRequestV1 } from './rpc/intake/correct-complaint.v1.js';
import { RegisterComplaintRequestV1, RegisterComplaintResponseV1 } from './rpc/intake/register-complaint.v1.js';
import { SyncFieldComplaintsRequestV1, SyncFieldComplaintsResponseV1 } from './rpc/intake/sync-field-complaints.v1.js';
import {
  EnrolFieldDeviceRequestV1,
  FieldDeviceV1,
  ListFieldDevicesRequestV1,
  ListFieldDevicesResponseV1,
  RevokeFieldDeviceRequestV1,
} from './rpc/intake/field-devices.v1.js';
import { FieldBundleV1, GetFieldBundleRequestV1 } from './rpc/intake/field-bundle.v1.js';
import {
  CompleteFieldUploadRequestV1,
  CreateFieldUploadRequestV1,
  FieldUploadV1,
  GetFieldUploadRequestV1,
  PutFieldUploadChunkRequestV1,
  PutFieldUploadChunkResponseV1,
} from './rpc/intake/field-uploads.v1.js';
import { FieldCheckDecidedV1, FieldCheckRequestedV1, FieldCheckReturnedV1 } from './events/intake/field-check.v1.js';
import {
  ActOnFieldCheckRequestV1,
  AnswerFieldCheckRequestV1,
  AnswerFieldCheckResponseV1,
  FieldCheckSettingsV1,
  FieldCheckViewV1,
  GetFieldCheckRequestV1,
  GetFieldCheckSettingsRequestV1,
  ListFieldChecksRequestV1,
  ListFieldChecksResponseV1,
  SaveFieldCheckSettingsRequestV1,
} from './rpc/intake/field-checks.v1.js';

/** Events the intake service publishes (`slrt.evt.intake.…`). See catalog.ts. */
export const INTAKE_EVENTS = {
  'slrt.evt.intake.complaint.registered.v1': ComplaintRegisteredV1,
  'slrt.evt.intake.complaint.registry-checked.v1': ComplaintRegistryCheckedV1,
  'slrt.evt.intake.complaint.corrected.v1': ComplaintCorrectedV1,
  'slrt.evt.intake.complaint.withdrawn.v1': ComplaintWithdrawnV1,
  'slrt.evt.intake.complaint.status-changed.v1': ComplaintStatusChangedV1,
  'slrt.evt.intake.complaint.answered.v1': ComplaintAnsweredV1,
  'slrt.evt.intake.field-check.requested.v1': FieldCheckRequestedV1,
  'slrt.evt.intake.field-check.returned.v1': FieldCheckReturnedV1,
  'slrt.evt.intake.field-check.decided.v1': FieldCheckDecidedV1,
} as const;

/** Requests the intake service answers (`slrt.rpc.intake.…`). See catalog.ts. */
export const INTAKE_RPCS = {
  'slrt.rpc.intake.register-complaint.v1': {
    request: RegisterComplaintRequestV1,
    response: RegisterComplaintResponseV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.intake.sync-field-complaints.v1': {
    request: SyncFieldComplaintsRequestV1,
    response: SyncFieldComplaintsResponseV1,
    roles: ['FS', 'FO'],
  },
  'slrt.rpc.intake.get-complaint.v1': {
    request: GetComplaintRequestV1,
    response: ComplaintDetailV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
    systems: ['registry', 'referral'],
  },
  'slrt.rpc.intake.list-complaints.v1': {
    request: ListComplaintsRequestV1,
    response: ListComplaintsResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.intake.find-person-complaints.v1': {
    request: FindPersonComplaintsRequestV1,
    response: FindPersonComplaintsResponseV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.intake.correct-complaint.v1': {
    request: CorrectComplaintRequestV1,
    response: ComplaintDetailV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.intake.withdraw-complaint.v1': {
    request: WithdrawComplaintRequestV1,
    response: ComplaintSummaryV1,
    roles: ['FO', 'FS', 'SPV'],
  },
  'slrt.rpc.intake.get-complaint-receipt.v1': {
    request: GetComplaintReceiptRequestV1,
    response: DocumentFileV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.intake.get-civil-registration-letter.v1': {
    request: GetCivilRegistrationLetterRequestV1,
    response: DocumentFileV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.intake.get-public-status.v1': {
    request: GetPublicStatusRequestV1,
    response: PublicStatusV1,
    roles: [],
    systems: ['gateway'],
    public: true,
  },
  'slrt.rpc.intake.get-notification-contacts.v1': {
    request: GetNotificationContactsRequestV1,
    response: NotificationContactsV1,
    roles: [],
    systems: ['notification'],
  },
  'slrt.rpc.intake.add-attachment-chunk.v1': {
    request: AddAttachmentChunkRequestV1,
    response: AddAttachmentChunkResponseV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.intake.list-attachments.v1': {
    request: ListAttachmentsRequestV1,
    response: ListAttachmentsResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.intake.get-attachment-chunk.v1': {
    request: GetAttachmentChunkRequestV1,
    response: GetAttachmentChunkResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.intake.answer-contact.v1': {
    request: AnswerContactRequestV1,
    response: ComplaintDetailV1,
    roles: ['FO', 'SPV'],
  },
  'slrt.rpc.intake.record-subject-identity.v1': {
    request: RecordSubjectIdentityRequestV1,
    response: ComplaintDetailV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.intake.count-intake.v1': {
    request: CountIntakeRequestV1,
    response: IntakeCountsV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.intake.enrol-field-device.v1': {
    request: EnrolFieldDeviceRequestV1,
    response: FieldDeviceV1,
    roles: ['FS'],
  },
  'slrt.rpc.intake.list-field-devices.v1': {
    request: ListFieldDevicesRequestV1,
    response: ListFieldDevicesResponseV1,
    roles: ['FS', 'SPV', 'ADMIN'],
  },
  'slrt.rpc.intake.revoke-field-device.v1': {
    request: RevokeFieldDeviceRequestV1,
    response: FieldDeviceV1,
    roles: ['FS', 'ADMIN'],
  },
  'slrt.rpc.intake.get-field-bundle.v1': { request: GetFieldBundleRequestV1, response: FieldBundleV1, roles: ['FS'] },
  'slrt.rpc.intake.create-field-upload.v1': {
    request: CreateFieldUploadRequestV1,
    response: FieldUploadV1,
    roles: ['FS', 'FO'],
  },
  'slrt.rpc.intake.get-field-upload.v1': {
    request: GetFieldUploadRequestV1,
    response: FieldUploadV1,
    roles: ['FS', 'FO'],
  },
  'slrt.rpc.intake.put-field-upload-chunk.v1': {
    request: PutFieldUploadChunkRequestV1,
    response: PutFieldUploadChunkResponseV1,
    roles: ['FS', 'FO'],
  },
  'slrt.rpc.intake.complete-field-upload.v1': {
    request: CompleteFieldUploadRequestV1,
    response: FieldUploadV1,
    roles: ['FS', 'FO'],
  },
  'slrt.rpc.intake.list-field-checks.v1': {
    request: ListFieldChecksRequestV1,
    response: ListFieldChecksResponseV1,
    roles: ['SPV', 'FS'],
  },
  'slrt.rpc.intake.get-field-check.v1': {
    request: GetFieldCheckRequestV1,
    response: FieldCheckViewV1,
    roles: ['SPV', 'FS'],
  },
  'slrt.rpc.intake.act-on-field-check.v1': {
    request: ActOnFieldCheckRequestV1,
    response: FieldCheckViewV1,
    roles: ['SPV'],
  },
  'slrt.rpc.intake.answer-field-check.v1': {
    request: AnswerFieldCheckRequestV1,
    response: AnswerFieldCheckResponseV1,
    roles: ['FS'],
  },
  'slrt.rpc.intake.get-field-check-settings.v1': {
    request: GetFieldCheckSettingsRequestV1,
    response: FieldCheckSettingsV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  },
  'slrt.rpc.intake.save-field-check-settings.v1': {
    request: SaveFieldCheckSettingsRequestV1,
    response: FieldCheckSettingsV1,
    roles: ['ADMIN'],
  },
} as const;
