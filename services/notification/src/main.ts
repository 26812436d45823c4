import { runService } from '@slrt/messaging';
import { notificationService } from './app.js';
import { NotificationEnv } from './config/notification.env.js';

await runService('notification', NotificationEnv, notificationService);
