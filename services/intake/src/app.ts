import { preloadRegions } from '@slrt/domain';
import type { ServiceDefinition } from '@slrt/messaging';
import { ComplaintsModule } from './complaints/complaints.module.js';
import type { IntakeEnv } from './config/intake.env.js';

/** What the intake service is made of; used by main.ts and by the integration tests. */
export function intakeService(env: IntakeEnv): Omit<ServiceDefinition<IntakeEnv>, 'service' | 'env'> {
  // Region tables load once at start, so the first registration does not pay for them.
  preloadRegions({ desa: true });
  return { imports: [ComplaintsModule.forRoot(env)] };
}
