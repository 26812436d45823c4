/** Authentication or authorisation failed at the gateway: 401 or 403 problem+json. */
export class AuthError extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'AuthError';
  }
}
