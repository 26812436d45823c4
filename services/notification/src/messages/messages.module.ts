import { Module, type DynamicModule } from '@nestjs/common';
import { Channels } from '../channels/channels.js';
import { NotificationEnv } from '../config/notification.env.js';
import { TemplateStore } from '../templates/template-store.js';
import { Dispatcher } from './dispatcher.js';
import { MessagesHandlers } from './messages.handlers.js';
import { MessagePlanning } from './message-planning.service.js';
import { MessagesService } from './messages.service.js';
import { MessageOutcomes } from './message-outcomes.js';
import { SettingsStore } from './settings.js';
import { StatusChangedConsumer } from './status-changed.consumer.js';
import { OutcomeConsumers } from '../outcome/outcome.consumers.js';
import { OutcomeQuestions } from '../outcome/outcome-questions.js';

/** Messages to citizens: rules, templates, channels, the dispatcher and staff operations. */
@Module({})
export class MessagesModule {
  static forRoot(env: NotificationEnv): DynamicModule {
    return {
      module: MessagesModule,
      controllers: [StatusChangedConsumer, MessagesHandlers, OutcomeConsumers],
      providers: [
        { provide: NotificationEnv, useValue: env },
        { provide: Channels, useValue: new Channels(env) },
        SettingsStore,
        TemplateStore,
        MessageOutcomes,
        MessagePlanning,
        MessagesService,
        Dispatcher,
        OutcomeQuestions,
      ],
      exports: [MessagesService, Dispatcher, OutcomeQuestions],
    };
  }
}
