import { publicStatusUrl } from '@slrt/contracts';
import { operator, registration, startIntake, type IntakeHarness } from './support/intake-harness.js';
import { readPdf } from '@slrt/testing';

const fo = operator(['FO'], ['62.71.01.1001'], 'fo-docs');
const spv = operator(['SPV'], ['62.71.01'], 'spv-docs');
const foElsewhere = operator(['FO'], ['62.71.02.1001'], 'fo-docs-elsewhere');
const foColleague = operator(['FO'], ['62.71.01.1001'], 'fo-docs-colleague');
const fsColleague = operator(['FS'], ['62.71.01'], 'fs-docs-colleague');
const bo = operator(['BO'], ['62.71'], 'bo-docs');

describe('intake: receipts and letters as real PDFs', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake({ SLRT_RECEIPT_NOTES: 'Layanan ini tidak dipungut biaya.' });
  }, 60_000);
  afterAll(async () => h?.close());

  it('prints the receipt in each layout with the number, tracking code and the NIK masked', async () => {
    const req = registration();
    const res = await h.call('slrt.rpc.intake.register-complaint.v1', req, fo);
    for (const layout of ['a4', 'a5', 'thermal-80'] as const) {
      const file = await h.call(
        'slrt.rpc.intake.get-complaint-receipt.v1',
        { complaintId: res.complaintId, layout },
        fo,
      );
      const pdf = Buffer.from(file.contentBase64, 'base64');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const { text } = await readPdf(pdf);
      expect(text).toContain(res.receiptNumber);
      expect(text).toContain(res.trackingCode);
      expect(text).toContain(`************${req.subject.nik.slice(12)}`);
      expect(text).not.toContain(req.subject.nik.slice(0, 6));
      expect(text).not.toContain(req.subject.nik);
      expect(text).toContain('tidak dipungut biaya');
      expect(file.fileName).toContain(res.receiptNumber);
    }
    const again = await h.call(
      'slrt.rpc.intake.get-complaint-receipt.v1',
      { complaintId: res.complaintId, layout: 'a4' },
      fo,
    );
    const first = await h.call(
      'slrt.rpc.intake.get-complaint-receipt.v1',
      { complaintId: res.complaintId, layout: 'a4' },
      fo,
    );
    expect(again.contentBase64).toBe(first.contentBase64); // a reprint is the same document
    expect(
      (await h.fail('slrt.rpc.intake.get-complaint-receipt.v1', { complaintId: res.complaintId, layout: 'a4' }, spv))
        .code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await h.fail(
          'slrt.rpc.intake.get-complaint-receipt.v1',
          { complaintId: res.complaintId, layout: 'a4' },
          foElsewhere,
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('issues the Dukcapil letter only for a subject without NIK or KK, numbered once', async () => {
    const withIds = await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    expect(
      await h.fail('slrt.rpc.intake.get-civil-registration-letter.v1', { complaintId: withIds.complaintId }, fo),
    ).toMatchObject({ code: 'UNPROCESSABLE', reason: 'LETTER_NOT_NEEDED' });
    const without = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({}, { nik: undefined, noKk: undefined, name: 'Yohanes Ringkai' }),
      fo,
    );
    const first = await h.call(
      'slrt.rpc.intake.get-civil-registration-letter.v1',
      { complaintId: without.complaintId },
      fo,
    );
    const { text } = await readPdf(Buffer.from(first.contentBase64, 'base64'));
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('YohanesRingkai');
    expect(flat).toContain(without.receiptNumber);
    expect(flat).toMatch(/400\.9\/\d{3}\/SLRT\/[IVX]+\/\d{4}/);
    expect(flat).toContain('Pahandut'); // desa name, not code
    // Its QR address (printed beside it) opens the public status page: with the tracking code, or the page could confirm nothing.
    expect(flat).toContain(publicStatusUrl(h.env.SLRT_PUBLIC_STATUS_URL, without.receiptNumber, without.trackingCode));
    const second = await h.call(
      'slrt.rpc.intake.get-civil-registration-letter.v1',
      { complaintId: without.complaintId },
      fo,
    );
    expect(second.contentBase64).toBe(first.contentBase64);
    expect(
      (
        await h.db.query(`SELECT count(*)::int AS n FROM civil_registration_letter WHERE complaint_id = $1`, [
          without.complaintId,
        ])
      ).rows[0].n,
    ).toBe(1);
  });

  it('prints the receipt and the Dukcapil letter of a confidential complaint only for its officer and the case handlers', async () => {
    const receipt = (id: string, actor: typeof fo) =>
      h.call('slrt.rpc.intake.get-complaint-receipt.v1', { complaintId: id, layout: 'a4' }, actor);
    const letter = (id: string, actor: typeof fo) =>
      h.call('slrt.rpc.intake.get-civil-registration-letter.v1', { complaintId: id }, actor);
    const secret = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({ confidential: true }, { name: 'Rahasia Korban' }),
      fo,
    );
    const noIds = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({ confidential: true }, { nik: undefined, noKk: undefined, name: 'Rahasia Tanpa NIK' }),
      fo,
    );
    for (const actor of [foColleague, fsColleague]) {
      expect(
        await h.fail(
          'slrt.rpc.intake.get-complaint-receipt.v1',
          { complaintId: secret.complaintId, layout: 'a4' },
          actor,
        ),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'CONFIDENTIAL' });
      expect(
        await h.fail('slrt.rpc.intake.get-civil-registration-letter.v1', { complaintId: noIds.complaintId }, actor),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'CONFIDENTIAL' });
    }
    for (const actor of [fo, bo]) {
      expect(
        (await readPdf(Buffer.from((await receipt(secret.complaintId, actor)).contentBase64, 'base64'))).text.replace(
          /\s+/g,
          '',
        ),
      ).toContain('RahasiaKorban');
      expect((await letter(noIds.complaintId, actor)).contentType).toBe('application/pdf');
    }
  });
});
