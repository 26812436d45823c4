import type { ServiceDefinition } from '@slrt/messaging';
import type { IntakeEnv } from './config/intake.env.js';
import { intakeEntities } from './database/entities.js';

/** What the intake service is made of; used by main.ts and by the integration tests. */
export function intakeService(_env: IntakeEnv): Omit<ServiceDefinition<IntakeEnv>, 'service' | 'env'> {
  return { imports: [], entities: intakeEntities };
}
