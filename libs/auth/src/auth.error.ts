import type { RefusalReason } from '@slrt/contracts';

/**
 * Authentication or authorisation failed at the gateway: 401 or 403 problem+json. A refusal names
 * its reason (`ROLE_NOT_ALLOWED`), which becomes the problem's `code` as for a domain service's
 * refusal on the bus, so a client reads one vocabulary whichever layer refused.
 */
export class AuthError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    readonly detail: string,
    readonly reason?: RefusalReason,
  ) {
    super(detail);
    this.name = 'AuthError';
  }
}
