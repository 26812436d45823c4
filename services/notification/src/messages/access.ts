import { RPCS, type Role } from '@slrt/contracts';

/**
 * Who may do what with messages to citizens. The roles of each request are declared once in the
 * catalog (libs/contracts `RPCS`), enforced by the gateway and the transport; notification checks
 * again with libs/auth's `requireRole` (defence in depth).
 */
export const MESSAGE_ROLES = {
  read: RPCS['slrt.rpc.notification.list-messages.v1'].roles,
  act: RPCS['slrt.rpc.notification.act-on-message.v1'].roles,
  /** Letters and visits are delivered by the Fasilitator (FO records it when the citizen comes to the office). */
  record: ['FS', 'FO'],
  settingsRead: RPCS['slrt.rpc.notification.get-settings.v1'].roles,
  settingsWrite: RPCS['slrt.rpc.notification.save-settings.v1'].roles,
} as const satisfies Record<string, readonly Role[]>;
