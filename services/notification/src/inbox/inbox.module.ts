import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationEnv } from '../config/notification.env.js';
import { InboxConsumers } from './inbox.consumers.js';
import { InboxPruner } from './inbox-pruner.js';
import { InboxHandlers } from './inbox.handlers.js';
import { InboxRepository } from './inbox.repository.js';
import { InboxService } from './inbox.service.js';

/** Staff members' in-app inbox: items from referral and registry events, read state per user. */
@Module({})
export class InboxModule {
  static forRoot(env: NotificationEnv): DynamicModule {
    return {
      module: InboxModule,
      controllers: [InboxConsumers, InboxHandlers],
      providers: [{ provide: NotificationEnv, useValue: env }, InboxRepository, InboxService, InboxPruner],
      exports: [InboxPruner],
    };
  }
}
