import type { ServiceDefinition } from '@slrt/messaging';
import type { ReportingEnv } from './config/reporting.env.js';

/** What the reporting service is made of; used by main.ts and by the integration tests. */
export function reportingService(_env: ReportingEnv): Omit<ServiceDefinition<ReportingEnv>, 'service' | 'env'> {
  return { imports: [] };
}
