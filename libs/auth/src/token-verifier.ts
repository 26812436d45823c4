import type { Actor } from '@slrt/contracts';

/**
 * Turns a bearer token into the caller. The built-in login issues HS256 JWTs; a deployment with
 * an OIDC provider (e.g. Keycloak) supplies another implementation that validates the provider's
 * tokens against its JWKS and maps its claims to roles and region scope — nothing else changes.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Actor | null>;
}

/** Turns an API key of a programme owner's machine client into the caller. */
export interface ApiKeyVerifier {
  verify(key: string): Promise<Actor | null>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
export const API_KEY_VERIFIER = Symbol('API_KEY_VERIFIER');
