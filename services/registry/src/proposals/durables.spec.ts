import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { ComplaintEventsConsumer } from './complaint-events.consumer.js';

describe('registry durables', () => {
  it('are exactly the ones the provisioning step creates (libs/messaging/src/durables.json)', () => {
    const declared = eventHandlersOf(ComplaintEventsConsumer).sort((a, b) => a.durable.localeCompare(b.durable));
    const provisioned = SERVICE_DURABLES.filter((d) => d.service === 'registry')
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
