import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { StatusChangedConsumer } from './status-changed.consumer.js';

describe('notification messages durables', () => {
  it('are the ones the provisioning step creates for messages to citizens (libs/messaging/src/durables.json)', () => {
    const declared = eventHandlersOf(StatusChangedConsumer);
    const provisioned = SERVICE_DURABLES.filter(
      (d) => d.service === 'notification' && d.durable === 'notification-complaint-status',
    ).map(({ subject, durable, maxDeliver, concurrency }) => ({
      subject,
      durable,
      ...(maxDeliver ? { maxDeliver } : {}),
      ...(concurrency ? { concurrency } : {}),
    }));
    expect(declared).toEqual(provisioned);
  });
});
