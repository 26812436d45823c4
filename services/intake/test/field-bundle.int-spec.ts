import { v7 as uuidv7 } from 'uuid';
import { FIELD_CODE_ALPHABET } from '@slrt/contracts';
import { initials } from '../src/field/field-bundle.service.js';
import { operator, person, registration, startIntake, type IntakeHarness } from './support/intake-harness.js';

const fs = operator(['FS'], ['62.71.01.1001'], 'fs-bundle');
const fsColleague = operator(['FS'], ['62.71.01.1001'], 'fs-bundle-2');
const fsElsewhere = operator(['FS'], ['62.71.01.1002'], 'fs-bundle-elsewhere');
const fo = operator(['FO'], ['62.71'], 'fo-bundle');
const spv = operator(['SPV'], ['62.71.01'], 'spv-bundle');

describe('intake: the field bundle (what the app caches offline)', () => {
  let h: IntakeHarness;
  let inDesa: { receiptNumber: string; complaintId: string };
  let otherDesa: { receiptNumber: string };
  let confidentialOfColleague: { receiptNumber: string };
  let provisional: string;

  beforeAll(async () => {
    h = await startIntake();
    const p = person();
    inDesa = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({}, { ...p, name: 'Siti Nur Aminah', phone: '0812 3456 7890' }),
      fo,
    );
    otherDesa = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration(
        {},
        { name: 'Warga Desa Lain', address: { street: 'Jl. Lain', rt: '001', rw: '001', desaCode: '62.71.01.1002' } },
      ),
      fo,
    );
    confidentialOfColleague = (
      await h.call(
        'slrt.rpc.intake.sync-field-complaints.v1',
        {
          items: [
            {
              clientId: `fs-bundle-2:${uuidv7()}`,
              recordedAt: new Date().toISOString(),
              complaint: JSON.parse(
                JSON.stringify({ ...registration({ confidential: true }), idempotencyKey: undefined }),
              ),
            },
          ],
        },
        fsColleague,
      )
    ).results[0] as { receiptNumber: string };
    const device = await h.call(
      'slrt.rpc.intake.enrol-field-device.v1',
      { label: 'HP bundel', installationId: `inst-${uuidv7()}` },
      fs,
    );
    provisional = `L-${device.deviceCode}-1`;
    const tracking = `${FIELD_CODE_ALPHABET.slice(0, 4)}-${FIELD_CODE_ALPHABET.slice(4, 8)}`;
    await h.call(
      'slrt.rpc.intake.sync-field-complaints.v1',
      {
        deviceId: device.deviceId,
        items: [
          {
            clientId: `fs-bundle:${uuidv7()}`,
            recordedAt: new Date().toISOString(),
            provisionalNumber: provisional,
            trackingCode: tracking,
            complaint: JSON.parse(
              JSON.stringify({ ...registration({ confidential: true }), idempotencyKey: undefined }),
            ),
          },
        ],
      },
      fs,
    );
  }, 60_000);
  afterAll(() => h?.close());

  it('carries the FS desa, vocabularies, programmes and checklist, and earlier complaints minimised and masked', async () => {
    const b = await h.call('slrt.rpc.intake.get-field-bundle.v1', {}, fs);
    expect(b.kabKotaCode).toBe('62.71');
    expect(b.desa).toEqual([
      { code: '62.71.01.1001', name: expect.any(String), kecamatanCode: '62.71.01', kecamatanName: expect.any(String) },
    ]);
    expect(b.categories.map((c) => c.code)).toEqual(['kepesertaan', 'non-kepesertaan']);
    expect(b.programmes.map((p) => p.code)).toEqual(expect.arrayContaining(['PKH', 'BANSOS-KOTA']));
    expect(b.programmesComplete).toBe(true);
    expect(b.documentChecklists[0]!.documents.map((d) => d.code)).toContain('KTP');
    const mine = b.earlierComplaints.find((c) => c.receiptNumber === inDesa.receiptNumber)!;
    expect(mine).toMatchObject({
      desaCode: '62.71.01.1001',
      rt: '002',
      rw: '003',
      subjectInitials: 'S. N. A.',
      stage: expect.any(String),
      stageLabel: expect.any(String),
      provisionalNumber: null,
    });
    expect(mine.subjectNik).toMatch(/^\*{12}\d{4}$/);
    const text = JSON.stringify(b);
    for (const secret of ['Siti Nur Aminah', 'Aminah', '0812', '3456 7890', 'Jl. Contoh', 'Bantuan PKH tahap ketiga'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\d{16}/); // no full NIK or KK anywhere
    // Only the FS desa; a confidential complaint only when it is the FS own.
    const numbers = b.earlierComplaints.map((c) => c.receiptNumber);
    expect(numbers).not.toContain(otherDesa.receiptNumber);
    expect(numbers).not.toContain(confidentialOfColleague.receiptNumber);
    expect(b.earlierComplaints.map((c) => c.provisionalNumber)).toContain(provisional);
    // The read is audited.
    expect(
      (
        await h.db.query(
          `SELECT count(*)::int AS n FROM access_audit WHERE action = 'field.bundle' AND actor_id = $1`,
          [fs.id],
        )
      ).rows[0].n,
    ).toBeGreaterThanOrEqual(1);
  });

  it('keeps the etag while nothing changes and changes it when a complaint is added', async () => {
    const first = await h.call('slrt.rpc.intake.get-field-bundle.v1', {}, fs);
    const again = await h.call('slrt.rpc.intake.get-field-bundle.v1', {}, fs);
    expect(again.etag).toBe(first.etag);
    await h.call('slrt.rpc.intake.register-complaint.v1', registration(), fo);
    expect((await h.call('slrt.rpc.intake.get-field-bundle.v1', {}, fs)).etag).not.toBe(first.etag);
  });

  it('enforces the region: an FS of another desa sees none of this desa, and may not ask for it; only FS get a bundle', async () => {
    const b = await h.call('slrt.rpc.intake.get-field-bundle.v1', {}, fsElsewhere);
    expect(b.desa.map((d) => d.code)).toEqual(['62.71.01.1002']);
    expect(b.earlierComplaints.map((c) => c.receiptNumber)).toEqual([otherDesa.receiptNumber]);
    expect(
      await h.fail('slrt.rpc.intake.get-field-bundle.v1', { regionCode: '62.71.01.1001' }, fsElsewhere),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'OUT_OF_SCOPE' });
    expect(await h.fail('slrt.rpc.intake.get-field-bundle.v1', { regionCode: '62.71.01' }, fsElsewhere)).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OUT_OF_SCOPE',
    });
    for (const actor of [fo, spv])
      expect(await h.fail('slrt.rpc.intake.get-field-bundle.v1', {}, actor)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('pages the earlier complaints (1,000 per page, a bus message stays small) and says when the last page is cut', async () => {
    // 1,200 more complaints in a fresh desa, copied in SQL from one registered (registering them one by one would take long).
    const seed = await h.call(
      'slrt.rpc.intake.register-complaint.v1',
      registration({}, { address: { street: 'Jl. Baru', rt: '004', rw: '002', desaCode: '62.71.01.1003' } }),
      fo,
    );
    await h.db.query(
      `INSERT INTO complaint SELECT (jsonb_populate_record(NULL::complaint, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'receipt_number', '6271-0001-' || lpad(g::text, 6, '0'), 'client_id', NULL, 'registered_at', c.registered_at - make_interval(mins => g)))).*
       FROM complaint c, generate_series(1, 1200) g WHERE c.id = $1`,
      [seed.complaintId],
    );
    await h.db.query(
      `INSERT INTO complaint_person SELECT (jsonb_populate_record(NULL::complaint_person, to_jsonb(p) || jsonb_build_object('complaint_id', c.id))).*
       FROM complaint c JOIN complaint_person p ON p.complaint_id = $1 WHERE c.receipt_number LIKE '6271-0001-%'`,
      [seed.complaintId],
    );
    const fsNew = operator(['FS'], ['62.71.01.1003'], 'fs-bundle-paging');
    const first = await h.call('slrt.rpc.intake.get-field-bundle.v1', {}, fsNew);
    expect(first.earlierComplaints).toHaveLength(1000);
    expect(first).toMatchObject({ earlierComplaintsNextPage: 2, earlierComplaintsTruncated: false });
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThan(600_000);
    const second = await h.call('slrt.rpc.intake.get-field-bundle.v1', { page: 2 }, fsNew);
    expect(second.earlierComplaints).toHaveLength(201);
    expect(second).toMatchObject({ earlierComplaintsNextPage: null, earlierComplaintsTruncated: false });
    const all = [...first.earlierComplaints, ...second.earlierComplaints].map((c) => c.receiptNumber);
    expect(new Set(all).size).toBe(1201);
    expect(all[0]).toBe(seed.receiptNumber); // newest first
    expect(second.etag).not.toBe(first.etag);
    expect((await h.call('slrt.rpc.intake.get-field-bundle.v1', { page: 5 }, fsNew)).earlierComplaints).toEqual([]);
    expect((await h.fail('slrt.rpc.intake.get-field-bundle.v1', { page: 6 }, fsNew)).code).toBe('VALIDATION_FAILED');
  });

  it('writes initials only', () => {
    expect(initials('Siti Nur Aminah')).toBe('S. N. A.');
    expect(initials("  ni'matul  ")).toBe('N. M.');
    expect(initials('Muhammad Abdul Rahman bin Yusuf Hasan')).toBe('M. A. R. B.');
    expect(initials('')).toBe('-');
  });
});
