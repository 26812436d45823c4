import { Module, type DynamicModule } from '@nestjs/common';
import { ReferralEnv } from '../config/referral.env.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhooksHandlers } from './webhooks.handlers.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhook delivery of the owner channel: configurations (ADMIN) and the dispatcher. */
@Module({})
export class WebhooksModule {
  static forRoot(env: ReferralEnv): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [WebhooksHandlers],
      providers: [{ provide: ReferralEnv, useValue: env }, WebhooksService, WebhookDispatcher],
      exports: [WebhookDispatcher],
    };
  }
}
