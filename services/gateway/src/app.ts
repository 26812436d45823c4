import type { ServiceDefinition } from '@slrt/messaging';
import type { GatewayEnv } from './config/gateway.env.js';
import { gatewayEntities } from './database/entities.js';

/** What the gateway service is made of; used by main.ts and by the integration tests. */
export function gatewayService(_env: GatewayEnv): Omit<ServiceDefinition<GatewayEnv>, 'service' | 'env'> {
  return { imports: [], entities: gatewayEntities };
}
