import {
  CountUnreadInboxRequestV1,
  CountUnreadInboxResponseV1,
  ListInboxRequestV1,
  ListInboxResponseV1,
  MarkAllInboxReadRequestV1,
  MarkInboxReadRequestV1,
  MarkInboxReadResponseV1,
} from './rpc/notification/staff-inbox.v1.js';

/** Requests the notification service answers about staff members' in-app inbox (`slrt.rpc.notification.…`). See catalog.ts. */
export const NOTIFICATION_INBOX_RPCS = {
  'slrt.rpc.notification.list-inbox.v1': {
    request: ListInboxRequestV1,
    response: ListInboxResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.notification.count-unread-inbox.v1': {
    request: CountUnreadInboxRequestV1,
    response: CountUnreadInboxResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.notification.mark-inbox-read.v1': {
    request: MarkInboxReadRequestV1,
    response: MarkInboxReadResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.notification.mark-all-inbox-read.v1': {
    request: MarkAllInboxReadRequestV1,
    response: MarkInboxReadResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
  },
} as const;
