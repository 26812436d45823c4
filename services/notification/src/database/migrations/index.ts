import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateMessageTables1764650000000 } from './1764650000000-CreateMessageTables.js';
import { CreateStaffInbox1764660000000 } from './1764660000000-CreateStaffInbox.js';
import { MessageLimitPassed1764670000000 } from './1764670000000-MessageLimitPassed.js';
import { CreateOutcomeQuestions1766600000000 } from './1766600000000-CreateOutcomeQuestions.js';

/** Migrations of the notification service, oldest first. */
export const notificationMigrations = [
  CreateMessagingTables1763856000000,
  CreateMessageTables1764650000000,
  CreateStaffInbox1764660000000,
  MessageLimitPassed1764670000000,
  CreateOutcomeQuestions1766600000000,
];
