/* eslint-disable max-lines -- integration spec of intake: the seeds’ intake flows (issue 19): its tests share one booted stack, which takes seconds to start */
import type { LookupNikResponseV1 } from '@slrt/contracts';
import {
  operator,
  person,
  registration,
  registryDouble,
  startIntake,
  type IntakeHarness,
} from './support/intake-harness.js';
import { readPdf } from '@slrt/testing';

const REGISTER = 'slrt.rpc.intake.register-complaint.v1' as const;
const ANSWER = 'slrt.rpc.intake.answer-contact.v1' as const;
const COUNT = 'slrt.rpc.intake.count-intake.v1' as const;
const IDENTITY = 'slrt.rpc.intake.record-subject-identity.v1' as const;
const GET = 'slrt.rpc.intake.get-complaint.v1' as const;
// A desa of its own, so the counts of this file are not mixed with other files' complaints.
const DESA = '62.71.01.1002';
const fo = operator(['FO'], [DESA], 'fo-langkai');
const fs = operator(['FS'], [DESA], 'fs-langkai');
const spv = operator(['SPV'], ['62.71.01'], 'spv-pahandut');
const bo = operator(['BO'], ['62.71'], 'bo-kota');
const inRegistry: LookupNikResponseV1 = {
  found: true,
  householdId: 'hh-7',
  desil: 1,
  programmeFlags: ['PKH', 'KIP'],
  dataPeriod: '2026-09',
};

/** A registration in DESA; `complaint` fields and the subject's fields as given. */
function contact(
  complaint: Record<string, unknown> = {},
  over: Record<string, unknown> = {},
  subject: Record<string, unknown> = {},
) {
  const r = registration({}, { address: { street: 'Jl. Contoh 2', desaCode: DESA }, ...subject });
  return { ...r, complaint: { ...r.complaint, ...complaint }, ...over };
}

const question = {
  contactType: 'pertanyaan',
  category: 'kepesertaan',
  programmeCodes: [],
  sector: 'sosial-ekonomi',
  description: 'Bagaimana cara mendaftar PKH untuk keluarga kami?',
};

describe('intake: the seeds\u2019 intake flows (issue 19)', () => {
  let h: IntakeHarness;
  const events = async (subject: string, complaintId: string) =>
    (
      await h.db.query(
        `SELECT envelope FROM outbox WHERE subject = $1 AND envelope->'data'->>'complaintId' = $2 ORDER BY id`,
        [subject, complaintId],
      )
    ).rows.map((r) => r.envelope.data);

  beforeAll(async () => {
    h = await startIntake();
  }, 60_000);
  afterAll(async () => h?.close());
  beforeEach(() => {
    registryDouble.delayMs = 0;
  });

  describe('questions and suggestions answered directly', () => {
    it('records a question without the review chain, and the FO answers it: stored, published, the timeline says so', async () => {
      const req = contact(question);
      registryDouble.known.set(req.subject.nik, inRegistry);
      const res = await h.call(REGISTER, req, fo);
      // The registry check is kept for the officer, but nothing opens a case or drafts a prelist.
      expect(res).toMatchObject({ registryCheck: 'in-registry', nextStep: 'review' });
      expect(await events('slrt.evt.intake.complaint.registry-checked.v1', res.complaintId)).toEqual([]);
      expect(await events('slrt.evt.intake.complaint.registered.v1', res.complaintId)).toEqual([
        expect.objectContaining({ contactType: 'pertanyaan' }),
      ]);

      const answered = await h.call(
        ANSWER,
        {
          complaintId: res.complaintId,
          answer: 'Dijelaskan syarat usulan PKH melalui DTSEN di kelurahan.',
          channel: 'langsung',
        },
        fo,
      );
      expect(answered.answer).toMatchObject({
        answer: 'Dijelaskan syarat usulan PKH melalui DTSEN di kelurahan.',
        channel: 'langsung',
        answeredBy: fo.id,
        answeredByRole: 'FO',
      });
      expect(answered.statusHistory?.at(-1)).toMatchObject({
        step: 'resolved',
        reasonCode: 'ANSWERED_DIRECTLY',
        explanation: 'Pertanyaan Anda sudah dijawab oleh petugas SLRT.',
      });
      const [event] = await events('slrt.evt.intake.complaint.answered.v1', res.complaintId);
      expect(event).toMatchObject({
        contactType: 'pertanyaan',
        answeredByRole: 'FO',
        channel: 'langsung',
        receiptNumber: res.receiptNumber,
      });
      expect(event.minutesToAnswer).toBeGreaterThanOrEqual(0);
      // The answer's text (it may name people) stays in intake.
      expect(JSON.stringify(event)).not.toContain('DTSEN');
      const [status] = (await events('slrt.evt.intake.complaint.status-changed.v1', res.complaintId)).filter(
        (e) => e.step === 'resolved',
      );
      expect(status).toMatchObject({ reasonCode: 'ANSWERED_DIRECTLY', previousStep: 'received' });

      // Once: a second answer is a conflict.
      expect(
        await h.fail(
          ANSWER,
          { complaintId: res.complaintId, answer: 'Jawaban kedua untuk pertanyaan yang sama.', channel: 'telepon' },
          fo,
        ),
      ).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANSWERED' });
      // An answered question does not turn into a complaint by a correction.
      const { idempotencyKey: _key, ...input } = req;
      const turned = await h.fail(
        'slrt.rpc.intake.correct-complaint.v1',
        {
          complaintId: res.complaintId,
          expectedVersion: 1,
          reason: 'Jadi pengaduan',
          complaint: { ...input, complaint: { ...input.complaint, contactType: 'pengaduan', programmeCodes: ['PKH'] } },
        },
        fo,
      );
      expect(turned).toMatchObject({ code: 'CONFLICT', reason: 'CONTACT_ANSWERED' });
    });

    it('lets the kecamatan SPV answer a suggestion, but not an FS; a complaint is never answered this way', async () => {
      const s = await h.call(
        REGISTER,
        contact({ ...question, contactType: 'saran', description: 'Loket Puskesos sebaiknya buka hari Sabtu.' }),
        fo,
      );
      expect(
        await h.fail(
          ANSWER,
          { complaintId: s.complaintId, answer: 'Terima kasih, saran diteruskan.', channel: 'langsung' },
          fs,
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      const d = await h.call(
        ANSWER,
        {
          complaintId: s.complaintId,
          answer: 'Terima kasih, saran diteruskan ke koordinator Puskesos.',
          channel: 'whatsapp',
        },
        spv,
      );
      expect(d.answer).toMatchObject({ answeredByRole: 'SPV', channel: 'whatsapp' });
      expect(d.statusHistory?.at(-1)?.explanation).toBe('Saran Anda sudah diterima dan ditanggapi oleh petugas SLRT.');

      const c = await h.call(REGISTER, contact(), fo);
      expect(
        await h.fail(
          ANSWER,
          { complaintId: c.complaintId, answer: 'Ini bukan pertanyaan tetapi pengaduan.', channel: 'langsung' },
          fo,
        ),
      ).toMatchObject({ code: 'CONFLICT', reason: 'NOT_A_DIRECT_CONTACT' });
      expect(
        await h.fail(ANSWER, { complaintId: s.complaintId, answer: 'pendek', channel: 'merpati' }, fo),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: expect.arrayContaining([
          expect.objectContaining({ field: 'answer', messages: ['Jawaban paling sedikit 10 karakter'] }),
          expect.objectContaining({ field: 'channel' }),
        ]),
      });
    });

    it('starts the review chain when a question is corrected into a complaint', async () => {
      const req = contact(question);
      registryDouble.known.set(req.subject.nik, inRegistry);
      const res = await h.call(REGISTER, req, fo);
      const { idempotencyKey: _key, ...input } = req;
      await h.call(
        'slrt.rpc.intake.correct-complaint.v1',
        {
          complaintId: res.complaintId,
          expectedVersion: 1,
          reason: 'Ternyata pengaduan PKH',
          complaint: { ...input, complaint: { ...input.complaint, contactType: 'pengaduan', programmeCodes: ['PKH'] } },
        },
        fo,
      );
      expect(await events('slrt.evt.intake.complaint.registry-checked.v1', res.complaintId)).toEqual([
        expect.objectContaining({ nextStep: 'review', programmeCodes: ['PKH'] }),
      ]);
    });
  });

  describe('priority groups and the household', () => {
    it('flags priority groups per person and carries their union on the events', async () => {
      const req = contact(
        {},
        {
          household: {
            members: [{ name: 'Rudi', relationship: 'anak', birthYear: 2014, vulnerableGroups: ['disabilitas'] }],
          },
        },
        { vulnerableGroups: ['lanjut-usia'], birthDate: '1950-02-03' },
      );
      req.subject.nik = person('F', '1950-02-03').nik;
      registryDouble.known.set(req.subject.nik, inRegistry);
      const res = await h.call(REGISTER, req, fo);
      expect(await events('slrt.evt.intake.complaint.registered.v1', res.complaintId)).toEqual([
        expect.objectContaining({ priorityGroups: ['disabilitas', 'lanjut-usia'] }),
      ]);
      expect(await events('slrt.evt.intake.complaint.registry-checked.v1', res.complaintId)).toEqual([
        expect.objectContaining({ priorityGroups: ['disabilitas', 'lanjut-usia'] }),
      ]);
      const d = await h.call(GET, { complaintId: res.complaintId }, bo);
      expect(d.priorityGroups).toEqual(['disabilitas', 'lanjut-usia']);
      expect(d.persons.find((p) => p.role === 'subject')?.vulnerableGroups).toEqual(['lanjut-usia']);
      const list = await h.call('slrt.rpc.intake.list-complaints.v1', { priority: true, page: 1, pageSize: 200 }, fo);
      expect(list.items.map((i) => i.complaintId)).toContain(res.complaintId);
      expect(list.items.every((i) => (i.priorityGroups ?? []).length > 0)).toBe(true);
      const others = await h.call(
        'slrt.rpc.intake.list-complaints.v1',
        { priority: false, page: 1, pageSize: 200 },
        fo,
      );
      expect(others.items.map((i) => i.complaintId)).not.toContain(res.complaintId);
    });

    it('refuses an unknown group and a household programme not in the catalogue, naming the fields in Indonesian', async () => {
      const err = await h.fail(
        REGISTER,
        contact(
          {},
          {
            household: {
              programmesNeeded: ['PKH', 'NOPE'],
              members: [{ name: 'Rudi', relationship: 'anak', programmesReceived: ['ZZZ'] }],
            },
          },
          { vulnerableGroups: ['miskin'] },
        ),
        fo,
      );
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(err.fieldErrors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: 'subject.vulnerableGroups',
            messages: [expect.stringMatching(/^Kelompok prioritas harus salah satu dari/)],
          }),
        ]),
      );
      const err2 = await h.fail(
        REGISTER,
        contact(
          {},
          {
            household: {
              programmesNeeded: ['PKH', 'NOPE'],
              members: [{ name: 'Rudi', relationship: 'anak', programmesReceived: ['ZZZ'] }],
            },
          },
        ),
        fo,
      );
      expect(err2.fieldErrors).toEqual(
        expect.arrayContaining([
          {
            field: 'household.programmesNeeded.1',
            messages: ['Program "NOPE" tidak ada dalam katalog program kabupaten/kota.'],
          },
          {
            field: 'household.members.0.programmesReceived.0',
            messages: ['Program "ZZZ" tidak ada dalam katalog program kabupaten/kota.'],
          },
        ]),
      );
    });

    it('records what the household receives and needs, per member, cross-checked with the registry flags in the detail', async () => {
      const req = contact(
        {},
        {
          household: {
            programmesReceived: ['PKH', 'PBI'],
            programmesNeeded: ['BPNT'],
            needsNote: 'Penghasilan tidak tetap.',
            members: [{ name: 'Rudi', relationship: 'anak', birthYear: 2012, programmesNeeded: ['KIP'] }],
          },
        },
      );
      registryDouble.known.set(req.subject.nik, inRegistry);
      const res = await h.call(REGISTER, req, fo);
      const d = await h.call(GET, { complaintId: res.complaintId }, spv);
      // KIP is the catalogue's PIP, for the member and for the registry's flag alike.
      expect(d.household?.members?.[0]).toMatchObject({ name: 'Rudi', programmesNeeded: ['PIP'] });
      expect(d.programmeParticipation).toEqual([
        {
          programmeCode: 'BPNT',
          reportedReceived: false,
          inRegistry: false,
          needed: true,
          check: 'sesuai',
          members: [],
        },
        {
          programmeCode: 'PBI',
          reportedReceived: true,
          inRegistry: false,
          needed: false,
          check: 'tidak-ada-di-dtks',
          members: [],
        },
        {
          programmeCode: 'PIP',
          reportedReceived: false,
          inRegistry: true,
          needed: true,
          check: 'tidak-dilaporkan',
          members: [0],
        },
        { programmeCode: 'PKH', reportedReceived: true, inRegistry: true, needed: false, check: 'sesuai', members: [] },
      ]);
      expect(await events('slrt.evt.intake.complaint.registered.v1', res.complaintId)).toEqual([
        expect.objectContaining({ programmesNeeded: ['BPNT', 'PIP'] }),
      ]);

      // Not in the registry: nothing to cross-check against.
      const unknown = await h.call(REGISTER, contact({}, { household: { programmesReceived: ['PKH'] } }), fo);
      expect((await h.call(GET, { complaintId: unknown.complaintId }, fo)).programmeParticipation).toEqual([
        {
          programmeCode: 'PKH',
          reportedReceived: true,
          inRegistry: null,
          needed: false,
          check: 'tidak-diketahui',
          members: [],
        },
      ]);
    });

    it('hides household members\u2019 names of a confidential complaint from who may not see its persons', async () => {
      const res = await h.call(
        REGISTER,
        contact(
          {},
          {
            confidential: true,
            household: { needsNote: 'Catatan pribadi.', members: [{ name: 'Rudi', relationship: 'anak' }] },
          },
        ),
        fo,
      );
      const d = await h.call(GET, { complaintId: res.complaintId }, spv);
      expect(d.household).toEqual({ members: [{ name: '(rahasia)', relationship: 'anak' }] });
      expect((await h.call(GET, { complaintId: res.complaintId }, bo)).household?.members?.[0]?.name).toBe('Rudi');
    });
  });

  describe('the counter service standard', () => {
    it('records the minutes from arrival to receipt and prints them with the standard on every receipt layout', async () => {
      const recordedAt = new Date(Date.now() - 60_000);
      const arrivedAt = new Date(recordedAt.getTime() - 18 * 60_000);
      const res = await h.call(
        REGISTER,
        contact({}, { recordedAt: recordedAt.toISOString(), arrivedAt: arrivedAt.toISOString() }),
        fo,
      );
      const d = await h.call(GET, { complaintId: res.complaintId }, fo);
      expect(d).toMatchObject({ arrivedAt: arrivedAt.toISOString(), serviceMinutes: 18 });
      expect(await events('slrt.evt.intake.complaint.registered.v1', res.complaintId)).toEqual([
        expect.objectContaining({ serviceMinutes: 18 }),
      ]);
      for (const layout of ['a4', 'a5', 'thermal-80'] as const) {
        const file = await h.call(
          'slrt.rpc.intake.get-complaint-receipt.v1',
          { complaintId: res.complaintId, layout },
          fo,
        );
        const text = (await readPdf(Buffer.from(file.contentBase64, 'base64'))).text.replace(/\s+/g, ' ');
        expect(text).toMatch(/Selesai dalam 30 menit; Tidak dipungut biaya/);
        expect(text).toMatch(/18 menit \(sesuai standar\)/);
        expect(text).toMatch(/Fotokopi Kartu Keluarga \(KK\)/);
      }
    });

    it('refuses an arrival after the recording, or the day before', async () => {
      const now = Date.now();
      for (const arrivedAt of [new Date(now + 10 * 60_000), new Date(now - 13 * 3600_000)]) {
        const err = await h.fail(REGISTER, contact({}, { arrivedAt: arrivedAt.toISOString() }), fo);
        expect(err).toMatchObject({
          code: 'VALIDATION_FAILED',
          fieldErrors: [expect.objectContaining({ field: 'arrivedAt' })],
        });
      }
    });
  });

  describe('re-triage after Dukcapil', () => {
    it('records the NIK of a subject registered without one and triages the complaint again', async () => {
      const { nik: _nik, noKk: _kk, ...noIdentity } = contact().subject;
      const res = await h.call(REGISTER, { ...contact(), subject: noIdentity }, fo);
      expect(res).toMatchObject({ registryCheck: 'no-identity', nextStep: 'civil-registration' });
      const p = person('F', '1985-04-12');
      registryDouble.known.set(p.nik, inRegistry);

      expect(
        await h.fail(IDENTITY, { complaintId: res.complaintId, nik: p.nik, expectedVersion: 7 }, fs),
      ).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
      const d = await h.call(
        IDENTITY,
        {
          complaintId: res.complaintId,
          nik: p.nik,
          noKk: p.noKk,
          expectedVersion: 1,
          note: 'KTP-el baru diperlihatkan',
        },
        fs,
      );
      expect(d).toMatchObject({ registryCheck: 'in-registry', nextStep: 'review', version: 2, desil: 1 });
      expect(d.persons.find((x) => x.role === 'subject')?.nik).toBe(`************${p.nik.slice(-4)}`);
      // First the Dukcapil path, now the review chain: referral opens its case on the second.
      expect(
        (await events('slrt.evt.intake.complaint.registry-checked.v1', res.complaintId)).map((e) => e.nextStep),
      ).toEqual(['civil-registration', 'review']);
      expect(await events('slrt.evt.intake.complaint.corrected.v1', res.complaintId)).toEqual([
        expect.objectContaining({ changedFields: expect.arrayContaining(['subject.nik', 'subject.noKk']) }),
      ]);
      const { rows } = await h.db.query(`SELECT reason, source FROM complaint_correction WHERE complaint_id = $1`, [
        res.complaintId,
      ]);
      expect(rows).toEqual([
        { reason: 'NIK dari Disdukcapil dicatat: KTP-el baru diperlihatkan', source: 'civil-registration' },
      ]);

      // Once only: a subject with a NIK is corrected the ordinary way.
      expect(
        await h.fail(IDENTITY, { complaintId: res.complaintId, nik: p.nik, expectedVersion: 2 }, fo),
      ).toMatchObject({ code: 'CONFLICT', reason: 'SUBJECT_HAS_IDENTITY' });
      expect(
        await h.fail(IDENTITY, { complaintId: res.complaintId, nik: '123', expectedVersion: 2 }, fo),
      ).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'nik', messages: ['NIK harus 16 angka'] }] });
    });

    it('leaves the check pending when the registry is silent, and the background job completes it', async () => {
      const { nik: _nik, noKk: _kk, ...noIdentity } = contact().subject;
      const res = await h.call(REGISTER, { ...contact(), subject: noIdentity }, fo);
      const p = person('M', '1979-08-30');
      registryDouble.delayMs = 1000; // longer than the harness's INTAKE_REGISTRY_TIMEOUT_MS (300)
      const d = await h.call(IDENTITY, { complaintId: res.complaintId, nik: p.nik, expectedVersion: 1 }, fo);
      expect(d.registryCheck).toBe('pending');
      registryDouble.delayMs = 0;
      const deadline = Date.now() + 15_000;
      let checked: Array<{ nextStep: string }> = [];
      while (Date.now() < deadline && checked.length < 2) {
        await new Promise((r) => setTimeout(r, 200));
        checked = await events('slrt.evt.intake.complaint.registry-checked.v1', res.complaintId);
      }
      expect(checked.map((e) => e.nextStep)).toEqual(['civil-registration', 'prelist']);
    });
  });

  describe('counts', () => {
    it('counts contact types with their answers, priority groups, household programmes and the counter standard in scope', async () => {
      const counts = await h.call(COUNT, { regionCode: DESA }, spv);
      const byType = Object.fromEntries(counts.contactTypes.map((c) => [c.contactType, c]));
      const { rows } = await h.db.query(
        `SELECT contact_type, count(*)::int AS n FROM complaint WHERE desa_code = $1 GROUP BY contact_type`,
        [DESA],
      );
      for (const r of rows) expect(byType[r.contact_type]?.total).toBe(r.n);
      expect(byType.pertanyaan).toMatchObject({ answered: 1 });
      expect(byType.saran).toMatchObject({ total: 1, answered: 1, unanswered: 0 });
      expect(byType.pengaduan).toMatchObject({ answered: 0, unanswered: 0 });
      expect(counts.priorityGroups).toEqual(
        expect.arrayContaining([
          { group: 'disabilitas', complaints: 1 },
          { group: 'lanjut-usia', complaints: 1 },
          { group: 'anak-terlantar', complaints: 0 },
        ]),
      );
      expect(counts.programmes).toEqual(
        expect.arrayContaining([
          { programmeCode: 'PKH', receiving: 2, needing: 0 },
          { programmeCode: 'PIP', receiving: 0, needing: 1 },
        ]),
      );
      expect(counts.counterService).toEqual({
        standardMinutes: 30,
        fee: 'Tidak dipungut biaya',
        requirements: [
          'Fotokopi Kartu Keluarga (KK)',
          'Surat Keterangan Tidak Mampu (SKTM) dari kelurahan bila belum terdaftar DTKS',
        ],
        measured: 1,
        withinStandard: 1,
        medianMinutes: 18,
      });
      // Out of scope: an FO of another desa counts nothing of DESA.
      const other = await h.call(COUNT, { regionCode: DESA }, operator(['FO'], ['62.71.01.1001'], 'fo-pahandut'));
      expect(other.contactTypes.every((c) => c.total === 0)).toBe(true);
    });

    it('refuses a period PostgreSQL could not read (a month alone) with a 422, for the counts and the list', async () => {
      expect(await h.fail(COUNT, { from: '2026-11' }, spv)).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'from', messages: ['Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601'] }],
      });
      expect(
        await h.fail('slrt.rpc.intake.list-complaints.v1', { to: '2026', page: 1, pageSize: 10 }, spv),
      ).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ field: 'to', messages: ['Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601'] }],
      });
      expect((await h.call(COUNT, { from: '2026-01-01', to: '2026-01-02' }, spv)).counterService.measured).toBe(0);
    });
  });
});
