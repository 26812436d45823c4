import { OWNER_DURABLE_SETTINGS } from '@slrt/contracts';
import { ownerDurableSpec, ownerFeedbackDurableSpec } from '@slrt/messaging';
import { ownerDurable, ownerFeedbackDurable } from '../generate.mjs';

/** The owners' two durables: what the provisioner creates, what NATS permits and what the AsyncAPI document says are the same. */
describe('programme owners\u2019 durables', () => {
  it('are provisioned, permitted and documented (AsyncAPI) with the same settings', () => {
    const d = OWNER_DURABLE_SETTINGS;
    for (const [spec, nats, durable, filter] of [
      [
        ownerDurableSpec('kemensos-pkh'),
        ownerDurable('kemensos-pkh'),
        'owner-kemensos-pkh',
        'slrt.owner.kemensos-pkh.referral.>',
      ],
      [
        ownerFeedbackDurableSpec('kemensos-pkh'),
        ownerFeedbackDurable('kemensos-pkh'),
        'owner-kemensos-pkh-feedback',
        'slrt.owner.kemensos-pkh.feedback.>',
      ],
    ] as const) {
      expect(spec).toMatchObject({
        stream: d.stream,
        durable,
        filterSubject: filter,
        maxDeliver: d.maxDeliver,
        ackWaitMs: d.ackWaitSeconds * 1000,
        maxAckPending: d.maxAckPending,
      });
      expect(nats).toMatchObject({
        stream: d.stream,
        durable,
        subject: filter,
        maxDeliver: d.maxDeliver,
        ackWaitMs: d.ackWaitSeconds * 1000,
        maxAckPending: d.maxAckPending,
        deliverPolicy: d.deliverPolicy,
      });
    }
  });
});
