import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { InboxConsumers } from './inbox.consumers.js';

describe('notification inbox durables', () => {
  it('are the ones the provisioning step creates for the inbox (libs/messaging/src/durables.json)', () => {
    const declared = eventHandlersOf(InboxConsumers).sort((a, b) => a.durable.localeCompare(b.durable));
    const provisioned = SERVICE_DURABLES.filter(
      (d) => d.service === 'notification' && d.durable.startsWith('notification-inbox-'),
    )
      .map(({ subject, durable, maxDeliver, concurrency }) => ({
        subject,
        durable,
        ...(maxDeliver ? { maxDeliver } : {}),
        ...(concurrency ? { concurrency } : {}),
      }))
      .sort((a, b) => a.durable.localeCompare(b.durable));
    expect(declared).toEqual(provisioned);
  });
});
