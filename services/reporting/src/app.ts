import type { ServiceDefinition } from '@slrt/messaging';
import type { ReportingEnv } from './config/reporting.env.js';
import { ReportingModule } from './reporting.module.js';

/** What the reporting service is made of; used by main.ts and by the integration tests. */
export function reportingService(env: ReportingEnv): Omit<ServiceDefinition<ReportingEnv>, 'service' | 'env'> {
  return { imports: [ReportingModule.forRoot(env)] };
}
