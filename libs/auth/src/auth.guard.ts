import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@slrt/contracts';
import { RequestContext } from '@slrt/observability';
import { PUBLIC_KEY, ROLES_KEY } from './decorators.js';
import { AuthError } from './auth.error.js';
import { API_KEY_VERIFIER, TOKEN_VERIFIER, type ApiKeyVerifier, type TokenVerifier } from './token-verifier.js';

interface AuthRequest {
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * Global guard of the gateway: deny by default. A route is open only with `@Public()`; otherwise
 * the caller must present a valid bearer token (`Authorization: Bearer …`) or an owner's API key
 * (`Authorization: ApiKey …` or `X-API-Key`) and hold one of the route's `@Roles()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly tokens: TokenVerifier,
    @Inject(API_KEY_VERIFIER) private readonly apiKeys: ApiKeyVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = ctx.switchToHttp().getRequest<AuthRequest>();
    const actor = await this.authenticate(request);
    if (!actor)
      throw new AuthError(
        'UNAUTHENTICATED',
        'Silakan masuk terlebih dahulu: token tidak ada, tidak sah, atau sudah kedaluwarsa.',
      );
    request.actor = actor;
    RequestContext.assign({ actorId: actor.id });
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles?.length || !actor.roles.some((r) => roles.includes(r))) {
      throw new AuthError('FORBIDDEN', 'Peran Anda tidak berwenang melakukan tindakan ini.', 'ROLE_NOT_ALLOWED');
    }
    return true;
  }

  private async authenticate(request: AuthRequest): Promise<Actor | null> {
    const header = first(request.headers.authorization);
    const apiKey = first(request.headers['x-api-key']);
    if (header?.startsWith('Bearer ')) return this.tokens.verify(header.slice(7).trim());
    if (header?.startsWith('ApiKey ')) return this.apiKeys.verify(header.slice(7).trim());
    if (apiKey) return this.apiKeys.verify(apiKey.trim());
    return null;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
