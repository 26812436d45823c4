import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { OutcomeConsumers } from './outcome.consumers.js';

describe('notification outcome verification durables', () => {
  it('are the ones the provisioning step creates (libs/messaging/src/durables.json)', () => {
    const declared = eventHandlersOf(OutcomeConsumers).sort((a, b) => a.durable.localeCompare(b.durable));
    const provisioned = SERVICE_DURABLES.filter(
      (d) => d.service === 'notification' && d.durable.startsWith('notification-outcome-'),
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
