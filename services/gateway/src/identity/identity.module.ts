import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { API_KEY_VERIFIER, AuthGuard, TOKEN_VERIFIER } from '@slrt/auth';
import { GatewayEnv } from '../config/gateway.env.js';
import { AuthThrottle } from './auth-throttle.js';
import { AdminController, AuthController } from './identity.controller.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionState } from './session-state.js';
import { TokenService } from './token.service.js';

/** Users, sessions, API keys, audit, and the global guard that checks them on every route. */
@Module({})
export class IdentityModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      controllers: [AuthController, AdminController],
      providers: [
        { provide: GatewayEnv, useValue: env },
        IdentityRepository,
        PasswordHasher,
        AuthThrottle,
        SessionState,
        TokenService,
        IdentityService,
        { provide: TOKEN_VERIFIER, useExisting: TokenService },
        { provide: API_KEY_VERIFIER, useExisting: IdentityService },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [GatewayEnv, IdentityService, TokenService],
    };
  }
}
