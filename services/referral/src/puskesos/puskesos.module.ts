import { Module, type DynamicModule } from '@nestjs/common';
import { ReferralEnv } from '../config/referral.env.js';
import { ForwardReferralService } from './forward-referral.service.js';
import { PartnershipsService } from './partnerships.service.js';
import { PuskesosConsumers } from './puskesos.consumers.js';
import { PuskesosHandlers } from './puskesos.handlers.js';
import { ResolveAtPuskesosService } from './resolve-at-puskesos.service.js';

/** Issue #19: the Puskesos settles what it can, owners pass referrals up a level, partners' agreements. */
@Module({})
export class PuskesosModule {
  static forRoot(env: ReferralEnv, cases: DynamicModule): DynamicModule {
    return {
      module: PuskesosModule,
      imports: [cases],
      controllers: [PuskesosHandlers, PuskesosConsumers],
      providers: [
        { provide: ReferralEnv, useValue: env },
        ResolveAtPuskesosService,
        ForwardReferralService,
        PartnershipsService,
      ],
    };
  }
}
