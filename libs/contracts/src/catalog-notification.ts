import { MessageOutcomeV1 } from './events/notification/message-outcome.v1.js';
import {
  ActOnMessageRequestV1,
  ActOnMessageResponseV1,
  GetMessageLetterRequestV1,
  GetNotificationSettingsRequestV1,
  ListMessagesRequestV1,
  ListMessagesResponseV1,
  ListTemplatesRequestV1,
  ListTemplatesResponseV1,
  MessageTemplateV1,
  NotificationSettingsV1,
  PreviewTemplateRequestV1,
  ProviderCallbackRequestV1,
  ProviderCallbackResponseV1,
  SaveNotificationSettingsRequestV1,
  SaveTemplateRequestV1,
  TemplatePreviewV1,
} from './rpc/notification/messages.v1.js';
import { DocumentFileV1 } from './rpc/intake/complaint-views.v1.js';

/** Requests the notification service answers about messages to citizens (`slrt.rpc.notification.…`). See catalog.ts. */
export const NOTIFICATION_RPCS = {
  'slrt.rpc.notification.list-messages.v1': {
    request: ListMessagesRequestV1,
    response: ListMessagesResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.notification.act-on-message.v1': {
    request: ActOnMessageRequestV1,
    response: ActOnMessageResponseV1,
    roles: ['FO', 'FS', 'SPV', 'BO'],
  },
  'slrt.rpc.notification.get-settings.v1': {
    request: GetNotificationSettingsRequestV1,
    response: NotificationSettingsV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  },
  'slrt.rpc.notification.save-settings.v1': {
    request: SaveNotificationSettingsRequestV1,
    response: NotificationSettingsV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.notification.list-templates.v1': {
    request: ListTemplatesRequestV1,
    response: ListTemplatesResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  },
  'slrt.rpc.notification.save-template.v1': {
    request: SaveTemplateRequestV1,
    response: MessageTemplateV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.notification.preview-template.v1': {
    request: PreviewTemplateRequestV1,
    response: TemplatePreviewV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  },
  'slrt.rpc.notification.get-message-letter.v1': {
    request: GetMessageLetterRequestV1,
    response: DocumentFileV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.notification.provider-callback.v1': {
    request: ProviderCallbackRequestV1,
    response: ProviderCallbackResponseV1,
    roles: [],
    systems: ['gateway'],
  },
} as const;

/** Events of the notification service (`slrt.evt.notification.…`). See catalog.ts. */
export const NOTIFICATION_EVENTS = {
  'slrt.evt.notification.message.outcome.v1': MessageOutcomeV1,
} as const;
