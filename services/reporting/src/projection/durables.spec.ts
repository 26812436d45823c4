import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { RollupConsumers } from '../rollup/rollup.consumers.js';
import { ProjectionConsumers } from './projection.consumers.js';

describe('reporting durables', () => {
  it('are the ones the provisioning step creates for reporting (libs/messaging/src/durables.json)', () => {
    const declared = [...eventHandlersOf(ProjectionConsumers), ...eventHandlersOf(RollupConsumers)].sort((a, b) =>
      a.durable.localeCompare(b.durable),
    );
    const provisioned = SERVICE_DURABLES.filter((d) => d.service === 'reporting')
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
