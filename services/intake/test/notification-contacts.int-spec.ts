import { systemActor } from '@slrt/contracts';
import { operator, person, registration, startIntake, type IntakeHarness } from './support/intake-harness.js';

describe('intake: contacts for the notification service only', () => {
  let h: IntakeHarness;
  const fo = operator(['FO'], ['62.71.01.1001']);
  const notification = systemActor('notification');

  beforeAll(async () => {
    h = await startIntake();
  }, 60_000);
  afterAll(() => h?.close());

  it('answers system:notification with phone, consent and address of each person, and refuses everyone else', async () => {
    const complainant = {
      ...person('M'),
      name: 'Budi Santoso',
      birthPlace: 'Palangka Raya',
      address: { street: 'Jl. Contoh 2', rt: '001', rw: '001', desaCode: '62.71.01.1001' },
      phone: '0813 1111 2222',
      consent: true,
    };
    const { complaintId } = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({ complainant, relationship: 'spouse' }),
      fo,
    );
    const answer = await h.call('slrt.rpc.intake.get-notification-contacts.v1', { complaintId }, notification);
    expect(answer).toMatchObject({
      complaintId,
      anonymous: false,
      trackingCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/),
    });
    expect(answer.contacts).toEqual(
      expect.arrayContaining([
        {
          role: 'subject',
          name: 'Siti Aminah',
          phone: '+6281234567890',
          email: null,
          consent: true,
          desaCode: '62.71.01.1001',
          address: 'Jl. Contoh 1 RT 002 RW 003',
        },
        expect.objectContaining({ role: 'complainant', name: 'Budi Santoso', phone: '+6281311112222', consent: true }),
      ]),
    );
    expect(await h.fail('slrt.rpc.intake.get-notification-contacts.v1', { complaintId }, fo)).toMatchObject({
      code: 'FORBIDDEN',
    });
    // The gateway may send any request, but not get contacts, not even as itself.
    expect(
      await h.fail('slrt.rpc.intake.get-notification-contacts.v1', { complaintId }, systemActor('gateway')),
    ).toMatchObject({ code: 'FORBIDDEN' });
    // Another service may not even send it: NATS refuses the publish (RPC_CALLS), nobody answers.
    expect(
      await h.fail('slrt.rpc.intake.get-notification-contacts.v1', { complaintId }, systemActor('referral')),
    ).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('never returns an anonymous complainant (reached through the receipt only); the subject they reported about still is', async () => {
    const complainant = {
      ...person('M'),
      name: 'Pelapor Anonim',
      birthPlace: 'Palangka Raya',
      address: { street: 'Jl. Contoh 3', rt: '001', rw: '001', desaCode: '62.71.01.1001' },
      phone: '0813 3333 4444',
      consent: true,
    };
    const reported = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({ complainant, relationship: 'neighbour', anonymous: true }),
      fo,
    );
    const answer = await h.call(
      'slrt.rpc.intake.get-notification-contacts.v1',
      { complaintId: reported.complaintId },
      notification,
    );
    expect(answer.anonymous).toBe(true);
    expect(answer.contacts.map((c) => c.role)).toEqual(['subject']);
    const self = await h.call('slrt.rpc.intake.register-complaint.v1', registration({ anonymous: true }), fo);
    expect(
      (await h.call('slrt.rpc.intake.get-notification-contacts.v1', { complaintId: self.complaintId }, notification))
        .contacts,
    ).toEqual([]);
  });

  it('answers many complaints in one request (complaintIds, at most 100): the unknown ones left out, each with its own contacts', async () => {
    const a = await h.call('slrt.rpc.intake.register-complaint.v1', registration({}), fo);
    const anonymousSelf = await h.call('slrt.rpc.intake.register-complaint.v1', registration({ anonymous: true }), fo);
    const unknown = '01900000-0000-7000-8000-000000000000';
    const answer = await h.call(
      'slrt.rpc.intake.get-notification-contacts.v1',
      { complaintId: a.complaintId, complaintIds: [a.complaintId, unknown, anonymousSelf.complaintId] },
      notification,
    );
    expect(answer.complaintId).toBe(a.complaintId);
    expect(answer.contacts.map((c) => c.role)).toEqual(['subject']);
    expect(answer.others!.map((o) => [o.complaintId, o.anonymous, o.contacts.length])).toEqual([
      [anonymousSelf.complaintId, true, 0],
    ]);
    // Without complaintIds the answer is as before (no `others`).
    expect(
      (await h.call('slrt.rpc.intake.get-notification-contacts.v1', { complaintId: a.complaintId }, notification))
        .others,
    ).toBeUndefined();
    expect(
      await h.fail(
        'slrt.rpc.intake.get-notification-contacts.v1',
        { complaintId: a.complaintId, complaintIds: Array.from({ length: 101 }, () => a.complaintId) },
        notification,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      await h.fail(
        'slrt.rpc.intake.get-notification-contacts.v1',
        { complaintId: unknown, complaintIds: [a.complaintId] },
        notification,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});
