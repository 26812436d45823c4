import { webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { ACTOR_KINDS, ROLES, type Actor, type Role } from '@slrt/contracts';
import type { TokenVerifier } from '@slrt/auth';
import { GatewayEnv } from '../config/gateway.env.js';
import { SessionState } from './session-state.js';

const ISSUER = 'slrt-gateway';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Short-lived access tokens (HS256 JWT) carrying what every service needs to check again: user
 * id, roles, region scope and owner code, and the session (`sid`, the refresh-token family) they
 * belong to. A token is accepted only while its session is live ({@link SessionState}), so
 * logout, revocation and deactivation end it within seconds. The built-in `TokenVerifier`; an
 * OIDC provider can replace it (see libs/auth).
 */
@Injectable()
export class TokenService implements TokenVerifier {
  /**
   * The signing key as a WebCrypto CryptoKey, imported once: given raw bytes or a KeyObject, jose
   * converts the key on every verification, which cost more than the verification itself.
   */
  private readonly key: Promise<webcrypto.CryptoKey>;

  constructor(
    private readonly env: GatewayEnv,
    private readonly sessions: SessionState,
  ) {
    this.key = webcrypto.subtle.importKey('raw', Buffer.from(env.JWT_SECRET, 'utf8'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) ;
  }

  async issue(actor: Actor, sessionId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const expiresIn = this.env.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({ kind: actor.kind, roles: actor.roles, scope: actor.regionScope, ...(actor.ownerCode ? { owner: actor.ownerCode } : {}), sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(actor.id)
      .setIssuer(ISSUER)
      .setAudience(this.env.KAB_KOTA_CODE)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(await this.key);
    return { accessToken, expiresIn };
  }

  async verify(token: string): Promise<Actor | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { issuer: ISSUER, audience: this.env.KAB_KOTA_CODE, algorithms: ['HS256'] });
      // Tokens without a session (issued before sessions were checked) are not accepted.
      if (typeof payload.sid !== 'string' || !UUID.test(payload.sid) || !(await this.sessions.isLive(payload.sid))) return null;
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(String(r))) : [];
      const kind = (ACTOR_KINDS as readonly string[]).includes(String(payload.kind)) ? (payload.kind as Actor['kind']) : 'user';
      return {
        kind,
        id: String(payload.sub),
        roles,
        regionScope: Array.isArray(payload.scope) ? payload.scope.map(String) : [],
        ...(typeof payload.owner === 'string' ? { ownerCode: payload.owner } : {}),
      } as Actor;
    } catch {
      return null;
    }
  }
}
