import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { StatusConsumers } from './status.consumers.js';

describe('intake durables', () => {
  it('are exactly the ones the provisioning step creates (libs/messaging/src/durables.json)', () => {
    const declared = eventHandlersOf(StatusConsumers).sort((a, b) => a.durable.localeCompare(b.durable));
    const provisioned = SERVICE_DURABLES.filter((d) => d.service === 'intake')
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
