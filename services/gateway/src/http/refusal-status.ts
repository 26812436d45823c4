import type { RefusalReason } from '@slrt/contracts';

/**
 * The HTTP status of each refusal reason (libs/contracts `REFUSAL_REASONS`), whether a service
 * refused or the gateway itself. A Record over the enumeration: a new reason without its status
 * does not compile. All are 403 today: the caller is known, and what it asked is not theirs to do.
 */
export const REFUSAL_HTTP_STATUS = {
  ACTOR_NOT_ALLOWED: 403,
  ROLE_NOT_ALLOWED: 403,
  OUT_OF_SCOPE: 403,
  NO_REGION_SCOPE: 403,
  REVEAL_NOT_ALLOWED: 403,
  CONFIDENTIAL: 403,
  KAB_KOTA_ADMIN_REQUIRED: 403,
  DEVICE_NOT_YOURS: 403,
  DEVICE_REVOKED: 403,
  NOT_AN_OWNER: 403,
  OTHER_OWNER: 403,
  OWNER_ACTION: 403,
  USER_ONLY: 403,
  NOT_GATEWAY: 403,
  NOT_NOTIFICATION_SERVICE: 403,
  ON_BEHALF_NOT_ALLOWED: 403,
} as const satisfies Record<RefusalReason, number>;
