import type { LookupNikResponseV1 } from '@slrt/contracts';
import { RpcClient } from '@slrt/messaging';
import { LOGGER } from '@slrt/observability';
import { checkComplaintInput } from '../src/complaints/complaint-validation.js';
import { ProgrammeCatalogue } from '../src/complaints/programme-catalogue.js';
import {
  operator,
  registration,
  referralDouble,
  registryDouble,
  startIntake,
  type IntakeHarness,
} from './support/intake-harness.js';
import { readPdf } from '@slrt/testing';

const REGISTER = 'slrt.rpc.intake.register-complaint.v1' as const;
const fo = operator(['FO'], ['62.71.01.1001'], 'fo-pahandut');
const inRegistry: LookupNikResponseV1 = {
  found: true,
  householdId: 'hh-1',
  desil: 2,
  programmeFlags: ['PIP'],
  dataPeriod: '2026-09',
};
const body = (programmeCodes: string[], extra: Record<string, unknown> = {}) => ({
  category: 'non-kepesertaan',
  contactType: 'pengaduan',
  programmeCodes,
  sector: 'pendidikan',
  description: 'KIP anak belum cair semester ini.',
  documentsReceived: [],
  ...extra,
});

describe('intake: programme codes from referral\u2019s catalogue, routing attributes', () => {
  let h: IntakeHarness;
  const outbox = async (subject: string, complaintId: string) =>
    (
      await h.db.query(`SELECT envelope FROM outbox WHERE subject = $1 AND envelope->'data'->>'complaintId' = $2`, [
        subject,
        complaintId,
      ])
    ).rows.map((r) => r.envelope);

  beforeAll(async () => {
    h = await startIntake();
  }, 60_000);
  afterAll(async () => h?.close());
  beforeEach(() => {
    referralDouble.delayMs = 0;
  });

  it('accepts a kab/kota programme known only to referral\u2019s catalogue (and its alias), asked as system:intake', async () => {
    const res = await h.call(REGISTER, registration({ complaint: body(['BSK', 'PKH']) }), fo);
    const detail = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: res.complaintId }, fo);
    expect(detail.programmeCodes).toEqual(['BANSOS-KOTA', 'PKH']);
    expect(referralDouble.last).toEqual({ caller: 'intake', actorId: 'system:intake' });
    // The receipt names the local programme as the catalogue does.
    const file = await h.call(
      'slrt.rpc.intake.get-complaint-receipt.v1',
      { complaintId: res.complaintId, layout: 'a4' },
      fo,
    );
    const { text } = await readPdf(Buffer.from(file.contentBase64, 'base64'));
    expect(text.replace(/\s+/g, ' ')).toMatch(/Bantuan Sosial Kota Palangka Raya \(BANSOS-KOTA\)/);
  });

  it('refuses a code the catalogue does not have, or has retired, with a 422 naming the field in Indonesian', async () => {
    for (const code of ['NOPE', 'CSR-BEDAH-RUMAH']) {
      const err = await h.fail(REGISTER, registration({ complaint: body(['PKH', code]) }), fo);
      expect(err).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [
          {
            field: 'complaint.programmeCodes.1',
            messages: [`Program "${code}" tidak ada dalam katalog program kabupaten/kota.`],
          },
        ],
      });
    }
  });

  it('keeps using the last catalogue while referral is silent, and without one refuses to guess about codes the national seed does not know (503)', async () => {
    referralDouble.delayMs = 2000; // longer than INTAKE_PROGRAMMES_TIMEOUT_MS of the harness (500)
    await h.call(REGISTER, registration({ complaint: body(['BANSOS-KOTA']) }), fo);
    expect(await h.fail(REGISTER, registration({ complaint: body(['NOPE']) }), fo)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // A fresh instance that never reached referral knows only the seed: national codes pass, others are not called wrong.
    const fresh = new ProgrammeCatalogue(h.intake.get(RpcClient), h.env, h.intake.get(LOGGER));
    const seedOnly = await fresh.lookup();
    expect(seedOnly.authoritative).toBe(false);
    expect(seedOnly.find('kip')).toBe('PIP');
    const input = registration({ complaint: body(['PKH']) });
    expect(checkComplaintInput(input as never, new Date(), seedOnly).input.complaint.programmeCodes).toEqual(['PKH']);
    expect(() =>
      checkComplaintInput(registration({ complaint: body(['BANSOS-KOTA']) }) as never, new Date(), seedOnly),
    ).toThrow(
      expect.objectContaining({
        rpcError: expect.objectContaining({ code: 'UNAVAILABLE', reason: 'PROGRAMME_CATALOGUE_UNAVAILABLE' }),
      }),
    );
  });

  it('records the school type of a PIP complaint, shows it in the complaint detail and carries it in registry-checked for routing', async () => {
    const req = registration({ complaint: body(['PIP'], { attributes: { schoolType: 'MTS' } }) });
    registryDouble.known.set(req.subject.nik as string, inRegistry);
    const res = await h.call(REGISTER, req, fo);
    expect(
      (await h.db.query(`SELECT attributes FROM complaint WHERE id = $1`, [res.complaintId])).rows[0].attributes,
    ).toEqual({ schoolType: 'MTS' });
    expect(await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: res.complaintId }, fo)).toMatchObject({
      attributes: { schoolType: 'MTS' },
    });
    const [checked] = await outbox('slrt.evt.intake.complaint.registry-checked.v1', res.complaintId);
    expect(checked.data).toMatchObject({ programmeCodes: ['PIP'], attributes: { schoolType: 'MTS' } });
    // Without attributes: none in the event, `{}` in the detail.
    const plain = registration({ complaint: body(['PIP']) });
    registryDouble.known.set(plain.subject.nik as string, inRegistry);
    const other = await h.call(REGISTER, plain, fo);
    expect(
      (await outbox('slrt.evt.intake.complaint.registry-checked.v1', other.complaintId))[0].data.attributes,
    ).toBeUndefined();
    expect(
      (await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: other.complaintId }, fo)).attributes,
    ).toEqual({});
  });

  it('publishes the attributes after a correction, so referral can route a case not yet sent again', async () => {
    const req = registration({ complaint: body(['PIP']) });
    const res = await h.call(REGISTER, req, fo);
    const { idempotencyKey: _k, ...content } = req;
    const corrected = await h.call(
      'slrt.rpc.intake.correct-complaint.v1',
      {
        complaintId: res.complaintId,
        expectedVersion: 1,
        reason: 'Sekolah anak ternyata MTs',
        complaint: { ...content, complaint: body(['PIP'], { attributes: { schoolType: 'MTS' } }) },
      },
      fo,
    );
    expect(corrected).toMatchObject({ version: 2, attributes: { schoolType: 'MTS' } });
    const [event] = await outbox('slrt.evt.intake.complaint.corrected.v1', res.complaintId);
    expect(event.data).toMatchObject({
      changedFields: ['complaint.attributes'],
      programmeCodes: ['PIP'],
      category: 'non-kepesertaan',
      attributes: { schoolType: 'MTS' },
    });
  });

  it('refuses an unknown school type or attribute with the field named', async () => {
    const err = await h.fail(
      REGISTER,
      registration({ complaint: body(['PIP'], { attributes: { schoolType: 'UNIVERSITAS' } }) }),
      fo,
    );
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fieldErrors!.map((f) => f.field)).toEqual(['complaint.attributes.schoolType']);
    expect(err.fieldErrors![0]!.messages[0]).toMatch(/Jenis sekolah harus salah satu dari: SD, SMP/);
    const unknown = await h.fail(
      REGISTER,
      registration({ complaint: body(['PIP'], { attributes: { agama: 'islam' } }) }),
      fo,
    );
    expect(unknown.fieldErrors!.map((f) => f.field)).toEqual(['complaint.attributes.agama']);
  });
});
