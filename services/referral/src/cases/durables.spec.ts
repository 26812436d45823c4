import 'reflect-metadata';
import { SERVICE_DURABLES, eventHandlersOf } from '@slrt/messaging';
import { CasesConsumers } from './cases.consumers.js';
import { RegistryOutcomesConsumer } from './registry-outcomes.consumer.js';
import { PuskesosConsumers } from '../puskesos/puskesos.consumers.js';
import { MassIssuesHandlers } from './mass-issues.handlers.js';
import { OutcomeVerificationHandlers } from '../outcome/outcome-verification.handlers.js';

describe('referral durables', () => {
  it('are exactly the ones the provisioning step creates (libs/messaging/src/durables.json)', () => {
    const declared = [
      ...eventHandlersOf(CasesConsumers),
      ...eventHandlersOf(RegistryOutcomesConsumer),
      ...eventHandlersOf(PuskesosConsumers),
      ...eventHandlersOf(MassIssuesHandlers),
      ...eventHandlersOf(OutcomeVerificationHandlers),
    ].sort((a, b) => a.durable.localeCompare(b.durable));
    const provisioned = SERVICE_DURABLES.filter((d) => d.service === 'referral')
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
