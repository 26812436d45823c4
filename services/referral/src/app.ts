import type { ServiceDefinition } from '@slrt/messaging';
import { CasesModule } from './cases/cases.module.js';
import type { ReferralEnv } from './config/referral.env.js';
import { DirectoryModule } from './directory/directory.module.js';
import { PuskesosModule } from './puskesos/puskesos.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** What the referral service is made of; used by main.ts and by the integration tests. */
export function referralService(env: ReferralEnv): Omit<ServiceDefinition<ReferralEnv>, 'service' | 'env'> {
  const cases = CasesModule.forRoot(env);
  return {
    imports: [cases, DirectoryModule.forRoot(env), WebhooksModule.forRoot(env), PuskesosModule.forRoot(env, cases)],
  };
}
