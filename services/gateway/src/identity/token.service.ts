import { webcrypto } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify } from 'jose';
import { ACTOR_KINDS, ROLES, type Actor, type Role } from '@slrt/contracts';
import type { TokenVerifier } from '@slrt/auth';
import { GatewayEnv } from '../config/gateway.env.js';
import { SessionState } from './session-state.js';

const ISSUER = 'slrt-gateway';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Most verified tokens remembered per instance; beyond it the oldest are dropped (and verified again). */
const MAX_VERIFIED = 10_000;

/** What a token's verified signature established: the actor, its session, and its time claims. */
interface Verified {
  actor: Actor;
  sid: string;
  /** `exp` / `nbf` claims, seconds since the epoch (jose checks them at verification time). */
  exp: number | undefined;
  nbf: number | undefined;
}

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
  /**
   * Tokens whose signature, issuer, audience and algorithm were verified, by their exact text. A
   * client sends the same token on every request until it expires, and the HMAC verification
   * (WebCrypto, a job per call) was the largest cost of an authenticated request; a hit re-checks
   * the time claims as jose would, and the session is checked on every request either way.
   */
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly env: GatewayEnv,
    private readonly sessions: SessionState,
  ) {
    this.key = webcrypto.subtle.importKey(
      'raw',
      Buffer.from(env.JWT_SECRET, 'utf8'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async issue(actor: Actor, sessionId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const expiresIn = this.env.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({
      kind: actor.kind,
      roles: actor.roles,
      scope: actor.regionScope,
      ...(actor.ownerCode ? { owner: actor.ownerCode } : {}),
      sid: sessionId,
    })
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
    const nowSeconds = Math.floor(Date.now() / 1000);
    let hit = this.verified.get(token);
    if (hit && !timely(hit, nowSeconds)) {
      this.verified.delete(token);
      return null;
    }
    if (!hit) {
      hit = (await this.verifySignature(token)) ?? undefined;
      if (!hit) return null;
      if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, hit);
    }
    // A session that cannot be looked up (PostgreSQL restarting) is not a signed-out user: the error
    // goes on to the problem filter (503 DATABASE_UNAVAILABLE, Retry-After), the console keeps its
    // session and the client retries. A copy per request: nothing a request does to its actor
    // reaches the next one.
    return (await this.sessions.isLive(hit.sid))
      ? ({ ...hit.actor, roles: [...hit.actor.roles], regionScope: [...hit.actor.regionScope] } as Actor)
      : null;
  }

  private async verifySignature(token: string): Promise<Verified | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        issuer: ISSUER,
        audience: this.env.KAB_KOTA_CODE,
        algorithms: ['HS256'],
      });
      // Tokens without a session (issued before sessions were checked) are not accepted.
      if (typeof payload.sid !== 'string' || !UUID.test(payload.sid)) return null;
      const roles = Array.isArray(payload.roles)
        ? payload.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(String(r)))
        : [];
      const kind = (ACTOR_KINDS as readonly string[]).includes(String(payload.kind))
        ? (payload.kind as Actor['kind'])
        : 'user';
      const actor = {
        kind,
        id: String(payload.sub),
        roles,
        regionScope: Array.isArray(payload.scope) ? payload.scope.map(String) : [],
        ...(typeof payload.owner === 'string' ? { ownerCode: payload.owner } : {}),
      } as Actor;
      return { actor, sid: payload.sid, exp: payload.exp, nbf: payload.nbf };
    } catch {
      return null;
    }
  }
}

/** jose's time checks (no clock tolerance): not expired (`exp`), already valid (`nbf`). */
function timely(v: Verified, nowSeconds: number): boolean {
  return (v.exp === undefined || v.exp > nowSeconds) && (v.nbf === undefined || v.nbf <= nowSeconds);
}
