import type { ServiceDefinition } from '@slrt/messaging';
import type { NotificationEnv } from './config/notification.env.js';
import { InboxModule } from './inbox/inbox.module.js';
import { MessagesModule } from './messages/messages.module.js';

/** What the notification service is made of; used by main.ts and by the integration tests. */
export function notificationService(env: NotificationEnv): Omit<ServiceDefinition<NotificationEnv>, 'service' | 'env'> {
  return { imports: [MessagesModule.forRoot(env), InboxModule.forRoot(env)] };
}
