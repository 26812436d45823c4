import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceDefinition } from '@slrt/messaging';
import { createLogger } from '@slrt/observability';
import { ApiModule } from './api/api.module.js';
import type { GatewayEnv } from './config/gateway.env.js';
import { configureGatewayHttp } from './http/configure-http.js';
import { gatewayServerOptions } from './http/edge-input.js';
import { IdentityModule } from './identity/identity.module.js';

/** The gateway's own modules (identity, the domain API). */
export function gatewayModules(env: GatewayEnv): Array<Type<unknown> | DynamicModule> {
  return [IdentityModule.forRoot(env), ApiModule];
}

/** Every controller of the gateway's modules (and the modules they import): what the OpenAPI document describes. */
export function gatewayControllers(): Array<Type<unknown>> {
  const out: Array<Type<unknown>> = [];
  const walk = (m: Type<unknown> | DynamicModule): void => {
    const cls = 'module' in m ? m.module : m;
    out.push(
      ...((Reflect.getMetadata('controllers', cls) ?? []) as Array<Type<unknown>>),
      ...('module' in m ? ((m.controllers ?? []) as Array<Type<unknown>>) : []),
    );
    for (const i of [
      ...((Reflect.getMetadata('imports', cls) ?? []) as Array<Type<unknown> | DynamicModule>),
      ...('module' in m ? ((m.imports ?? []) as Array<Type<unknown> | DynamicModule>) : []),
    ])
      if (i && typeof i === 'object' ? 'module' in i : typeof i === 'function') walk(i);
  };
  // The environment only configures providers, which a document does not instantiate.
  for (const m of gatewayModules({} as GatewayEnv)) walk(m);
  return [...new Set(out)];
}

/** What the gateway is made of; used by main.ts and by the integration tests. */
export function gatewayService(env: GatewayEnv): Omit<ServiceDefinition<GatewayEnv>, 'service' | 'env'> {
  return {
    imports: gatewayModules(env),
    bodyLimit: env.BODY_LIMIT_BYTES,
    httpServerOptions: gatewayServerOptions(createLogger('gateway', env.LOG_LEVEL)),
    configureHttp: (app, logger) => configureGatewayHttp(app, logger, env),
  };
}
