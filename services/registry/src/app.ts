import type { ServiceDefinition } from '@slrt/messaging';
import type { RegistryEnv } from './config/registry.env.js';
import { registryEntities } from './database/entities.js';

/** What the registry service is made of; used by main.ts and by the integration tests. */
export function registryService(_env: RegistryEnv): Omit<ServiceDefinition<RegistryEnv>, 'service' | 'env'> {
  return { imports: [], entities: registryEntities };
}
