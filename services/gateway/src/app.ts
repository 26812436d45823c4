import type { ServiceDefinition } from '@slrt/messaging';
import { createLogger } from '@slrt/observability';
import { ApiModule } from './api/api.module.js';
import type { GatewayEnv } from './config/gateway.env.js';
import { gatewayEntities } from './database/entities.js';
import { configureGatewayHttp } from './http/configure-http.js';
import { gatewayServerOptions } from './http/edge-input.js';
import { IdentityModule } from './identity/identity.module.js';

/** What the gateway is made of; used by main.ts and by the integration tests. */
export function gatewayService(env: GatewayEnv): Omit<ServiceDefinition<GatewayEnv>, 'service' | 'env'> {
  return {
    imports: [IdentityModule.forRoot(env), ApiModule],
    entities: gatewayEntities,
    bodyLimit: env.BODY_LIMIT_BYTES,
    httpServerOptions: gatewayServerOptions(createLogger('gateway', env.LOG_LEVEL)),
    configureHttp: (app, logger) => configureGatewayHttp(app, logger, env),
  };
}
