/* eslint-disable max-lines -- integration spec of musdes/muskel meetings: its tests share one booted stack, which takes seconds to start */
import { v7 as uuidv7 } from 'uuid';
import type { Actor, MusdesMeetingV1, RpcRequest, RpcSubject } from '@slrt/contracts';
import { RpcCallError } from '@slrt/messaging';
import { RegistryTestApp } from './support/registry-test-app.js';
import { readPdf } from '@slrt/testing';

const user = (id: string, roles: string[], regionScope: string[]) =>
  ({ kind: 'user', id, roles, regionScope }) as Actor;
const fo = user('fo-langkai', ['FO'], ['62.71.01.1001']);
const fs = user('fs-pahandut', ['FS'], ['62.71.01']);
const bo = user('bo-kota', ['BO'], ['62.71']);
const spv = user('spv-pahandut', ['SPV'], ['62.71.01']);
const foElsewhere = user('fo-elsewhere', ['FO'], ['62.71.02.1001']);
const mj = user('mj-kota', ['MJ'], ['62.71']);

const DESA = '62.71.01.1001';
const OTHER_DESA = '62.71.01.1002';
const PROFILE = {
  houseOwnership: 'kontrak-sewa',
  floorAreaM2: 24.5,
  floorMaterial: 'semen-bata-merah',
  wallMaterial: 'kayu-papan',
  roofMaterial: 'seng',
  drinkingWater: 'air-isi-ulang',
  lightingSource: 'listrik-pln-meteran',
  electricityPower: '450',
  toiletFacility: 'bersama',
  proposalReason: 'jatuh-miskin',
} as const;
/** Synthetic, valid NIKs (region 62.71.01, dates of birth with day + 40 for women). */
const HEADS = [
  { nik: '6271011507900011', name: 'Agus Sintetis' },
  { nik: '6271014107850012', name: 'Bunga Sintetis' },
  { nik: '6271012002920013', name: 'Candra Sintetis' },
  { nik: '6271015106880014', name: 'Dewi Sintetis' },
  { nik: '6271011212800015', name: 'Eko Sintetis' },
];
/** A tiny JPEG (magic bytes, a JFIF header, filler, end marker): what a phone photo of the signed paper starts like. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  Buffer.alloc(700_000, 0x11),
  Buffer.from([0xff, 0xd9]),
]);

describe('musdes/muskel meetings', () => {
  let registry: RegistryTestApp;
  const call = <S extends RpcSubject>(subject: S, data: unknown, actor: Actor) =>
    registry.rpc.request(subject, data as RpcRequest<S>, { actor, timeoutMs: 15_000 });
  const fail = async (subject: RpcSubject, data: unknown, actor: Actor) => {
    const err = await call(subject, data, actor).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof RpcCallError)) throw new Error(`expected ${subject} to fail`);
    return err.error;
  };
  const entries: string[] = [];
  let otherDesaEntry: string;
  let meeting: MusdesMeetingV1;
  const today = new Date().toISOString().slice(0, 10);
  const createEntry = async (i: number, desaCode = DESA, actor = fo) =>
    (
      await call(
        'slrt.rpc.registry.create-prelist-entry.v1',
        {
          idempotencyKey: `musdes-entry-${i}-${desaCode}`,
          desaCode,
          rt: '00' + (i + 1),
          rw: '002',
          profile: PROFILE,
          members: [
            {
              nik: HEADS[i]!.nik,
              name: HEADS[i]!.name,
              birthDate: '1980-01-01',
              sex: 'M',
              relationship: 'kepala-keluarga',
            },
            { name: 'Anak Sintetis', birthDate: '2012-03-14', sex: 'M', relationship: 'anak' },
          ],
        },
        actor,
      )
    ).entryId;
  const proposalEvents = async (id: string) =>
    (
      await registry.db.query(
        `SELECT envelope->'data'->>'toStatus' AS "to", envelope->'data'->>'action' AS action FROM outbox WHERE subject = 'slrt.evt.registry.proposal.status-changed.v1' AND envelope->'data'->>'proposalId' = $1 ORDER BY created_at, id`,
        [id],
      )
    ).rows;
  const musdesHistory = async (id: string) =>
    (
      await registry.db.query(
        `SELECT from_status AS "from", to_status AS "to", reason FROM proposal_history WHERE proposal_id = $1 AND action = 'record-musdes' ORDER BY id`,
        [id],
      )
    ).rows;
  const upload = async (file: Buffer, actor: Actor, uploadId = uuidv7(), chunk = 512 * 1024) => {
    const count = Math.ceil(file.length / chunk);
    let last;
    for (let i = 0; i < count; i++) {
      last = await call(
        'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
        {
          meetingId: meeting.meetingId,
          uploadId,
          fileName: 'ba-ditandatangani.jpg',
          totalSize: file.length,
          chunkIndex: i,
          chunkCount: count,
          contentBase64: file.subarray(i * chunk, (i + 1) * chunk).toString('base64'),
        },
        actor,
      );
    }
    return { last: last!, uploadId, count };
  };

  beforeAll(async () => {
    registry = await RegistryTestApp.start({ schema: 'musd' });
    for (let i = 0; i < 4; i++) entries.push(await createEntry(i));
    otherDesaEntry = await createEntry(4, OTHER_DESA, fs);
  }, 60_000);

  afterAll(async () => {
    await registry?.close();
  });

  it('creates one meeting per kelurahan and date (asking again returns it), refuses bad input with Indonesian field errors and a desa outside the scope', async () => {
    meeting = await call(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      {
        desaCode: DESA,
        date: today,
        agenda: 'Pembahasan usulan prelist DTKS triwulan IV',
        place: 'Aula Kantor Kelurahan Langkai',
        chairName: 'Rahmat Sintetis',
        chairRole: 'lurah',
      },
      fs,
    );
    expect(meeting).toMatchObject({
      desaCode: DESA,
      kind: 'muskel',
      status: 'open',
      version: 1,
      number: `BA-MUSKEL/6271011001/${today.replace(/-/g, '')}`,
      decisions: [],
      officials: [],
      citizenCount: 0,
    });
    expect(meeting.candidates.map((c) => c.entryId).sort()).toEqual([...entries].sort());
    expect(meeting.candidates[0]).toMatchObject({
      maskedNik: '************0011',
      headName: 'Agus Sintetis',
      profileComplete: true,
      status: 'draft',
    });
    expect(meeting.allowedActions).toEqual(['record-attendance']);
    const again = await call(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      { desaCode: DESA, date: today, agenda: 'Lain', place: 'Tempat lain', chairName: 'Orang Lain', chairRole: 'bpd' },
      bo,
    );
    expect(again).toMatchObject({ meetingId: meeting.meetingId, replayed: true, agenda: meeting.agenda });
    expect((await registry.db.query(`SELECT count(*)::int AS n FROM musdes_meeting`)).rows[0].n).toBe(1);

    const bad = await fail(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      { desaCode: DESA, date: '2026-02-30', agenda: '  ', place: 'Aula', chairName: 'Rahmat', chairRole: 'ketua' },
      fs,
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    // A date the calendar lacks is refused with the request's other faults (the contract's IsIsoDate).
    expect(bad.fieldErrors?.map((f) => f.field).sort()).toEqual(['agenda', 'chairRole', 'date']);
    expect(bad.fieldErrors?.find((f) => f.field === 'date')?.messages).toEqual(['Tanggal tidak ada dalam kalender.']);
    expect(bad.fieldErrors?.find((f) => f.field === 'chairRole')?.messages[0]).toMatch(
      /^Jabatan pimpinan salah satu dari/,
    );
    expect(bad.fieldErrors?.find((f) => f.field === 'agenda')?.messages).toEqual(['Agenda paling sedikit 3 karakter']);
    const semantic = await fail(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      { desaCode: DESA, date: today, agenda: '   ', place: 'Aula', chairName: 'Rahmat', chairRole: 'lurah' },
      fs,
    );
    expect(semantic.fieldErrors).toEqual([{ field: 'agenda', messages: ['Wajib diisi.'] }]);
    const outside = await fail(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      { desaCode: DESA, date: today, agenda: 'Agenda', place: 'Aula', chairName: 'Rahmat', chairRole: 'lurah' },
      foElsewhere,
    );
    expect(outside).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'desaCode', messages: ['Di luar wilayah kerja Anda.'] }],
    });
    expect(
      await fail(
        'slrt.rpc.registry.create-musdes-meeting.v1',
        { desaCode: DESA, date: today, agenda: 'Agenda', place: 'Aula', chairName: 'Rahmat', chairRole: 'lurah' },
        mj,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('hides the meeting from readers outside the kelurahan and refuses non-field roles', async () => {
    expect(
      await fail('slrt.rpc.registry.get-musdes-meeting.v1', { meetingId: meeting.meetingId }, foElsewhere),
    ).toMatchObject({ code: 'NOT_FOUND', reason: 'MEETING_NOT_FOUND' });
    expect(
      (await call('slrt.rpc.registry.list-musdes-meetings.v1', { page: 1, pageSize: 20 }, foElsewhere)).total,
    ).toBe(0);
    const list = await call(
      'slrt.rpc.registry.list-musdes-meetings.v1',
      { regionCode: '62.71.01', page: 1, pageSize: 20 },
      spv,
    );
    expect(list.items).toEqual([
      expect.objectContaining({
        meetingId: meeting.meetingId,
        desaName: expect.any(String),
        status: 'open',
        decidedCount: 0,
      }),
    ]);
    expect(
      (await call('slrt.rpc.registry.get-musdes-meeting.v1', { meetingId: meeting.meetingId }, spv)).allowedActions,
    ).toEqual([]);
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-attendance.v1',
        {
          meetingId: meeting.meetingId,
          expectedVersion: 1,
          officials: [{ name: 'Rahmat', role: 'lurah' }],
          citizenCount: 3,
        },
        spv,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-attendance.v1',
        {
          meetingId: meeting.meetingId,
          expectedVersion: 1,
          officials: [{ name: 'Rahmat', role: 'lurah' }],
          citizenCount: 3,
        },
        foElsewhere,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('needs the attendance before decisions; records officials by name and role and citizens as a count', async () => {
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-decisions.v1',
        { meetingId: meeting.meetingId, decisions: [{ entryId: entries[0], decision: 'agreed' }] },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ATTENDANCE_MISSING' });
    const bad = await fail(
      'slrt.rpc.registry.record-musdes-attendance.v1',
      { meetingId: meeting.meetingId, expectedVersion: 1, officials: [{ name: 'R', role: 'raja' }], citizenCount: -1 },
      fs,
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.fieldErrors?.map((f) => f.field).sort()).toEqual([
      'citizenCount',
      'officials.0.name',
      'officials.0.role',
    ]);
    expect(bad.fieldErrors?.find((f) => f.field === 'citizenCount')?.messages).toEqual([
      'Jumlah warga hadir tidak boleh negatif',
    ]);
    meeting = await call(
      'slrt.rpc.registry.record-musdes-attendance.v1',
      {
        meetingId: meeting.meetingId,
        expectedVersion: 1,
        officials: [
          { name: 'Rahmat Sintetis', role: 'lurah' },
          { name: 'Yusuf Saksi', role: 'lpm', witness: true },
          { name: 'Maria Saksi', role: 'tokoh-masyarakat', witness: true },
          { name: 'Fajar Pendamping', role: 'fasilitator-slrt' },
        ],
        citizenCount: 23,
      },
      fs,
    );
    expect(meeting).toMatchObject({
      version: 2,
      citizenCount: 23,
      allowedActions: ['record-attendance', 'record-decisions'],
    });
    expect(meeting.officials[1]).toEqual({ name: 'Yusuf Saksi', role: 'lpm', witness: true });
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-attendance.v1',
        {
          meetingId: meeting.meetingId,
          expectedVersion: 1,
          officials: [{ name: 'Rahmat', role: 'lurah' }],
          citizenCount: 3,
        },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
  });

  it('refuses a decision without its reason and a household of another kelurahan, saving nothing', async () => {
    const bad = await fail(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      {
        meetingId: meeting.meetingId,
        decisions: [
          { entryId: entries[0], decision: 'agreed' },
          { entryId: entries[1], decision: 'not-agreed' },
          { entryId: entries[2], decision: 'ditunda' },
        ],
      },
      fs,
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.fieldErrors?.map((f) => f.field)).toEqual(['decisions.2.decision']);
    const noReason = await fail(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      {
        meetingId: meeting.meetingId,
        decisions: [
          { entryId: entries[0], decision: 'agreed' },
          { entryId: entries[1], decision: 'not-agreed' },
        ],
      },
      fs,
    );
    expect(noReason.fieldErrors).toEqual([
      { field: 'decisions.1.reason', messages: ['Alasan wajib diisi untuk keputusan "tidak setuju".'] },
    ]);
    const wrongDesa = await fail(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      {
        meetingId: meeting.meetingId,
        decisions: [
          { entryId: entries[0], decision: 'agreed' },
          { entryId: otherDesaEntry, decision: 'agreed' },
        ],
      },
      bo,
    );
    expect(wrongDesa).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        { field: 'decisions.1.entryId', messages: ['Bukan usulan prelist desa/kelurahan musyawarah ini.'] },
      ],
    });
    expect(await musdesHistory(entries[0]!)).toEqual([]);
    expect((await registry.db.query(`SELECT count(*)::int AS n FROM musdes_decision`)).rows[0].n).toBe(0);
  });

  it('applies each decision to its proposal exactly once under concurrent and replayed requests', async () => {
    const body = {
      meetingId: meeting.meetingId,
      decisions: [
        { entryId: entries[0], decision: 'agreed' },
        {
          entryId: entries[1],
          decision: 'not-agreed',
          reason: 'Sudah menerima bantuan rumah layak huni dan berpenghasilan tetap',
        },
        { entryId: entries[2], decision: 'postponed', reason: 'Kepala rumah tangga tidak hadir; dibahas bulan depan' },
      ],
    };
    const results = await Promise.all([
      call('slrt.rpc.registry.record-musdes-decisions.v1', body, fs),
      call('slrt.rpc.registry.record-musdes-decisions.v1', body, bo),
      call('slrt.rpc.registry.record-musdes-decisions.v1', body, fs),
    ]);
    meeting = results.reduce((a, b) => (a.version > b.version ? a : b));
    expect(meeting.version).toBe(3);
    expect(meeting.decisions.map((d) => [d.entryId, d.decision, d.status])).toEqual([
      [entries[0], 'agreed', 'deliberated'],
      [entries[1], 'not-agreed', 'declined'],
      [entries[2], 'postponed', 'draft'],
    ]);
    expect(meeting.candidates.map((c) => c.entryId)).toEqual([entries[3]]);
    expect(await proposalEvents(entries[0]!)).toEqual([
      { to: 'draft', action: 'create' },
      { to: 'deliberated', action: 'record-musdes' },
    ]);
    expect(await proposalEvents(entries[1]!)).toEqual([
      { to: 'draft', action: 'create' },
      { to: 'declined', action: 'record-musdes' },
    ]);
    expect(await proposalEvents(entries[2]!)).toEqual([{ to: 'draft', action: 'create' }]);
    expect(await musdesHistory(entries[2]!)).toEqual([
      {
        from: 'draft',
        to: 'draft',
        reason: `Ditunda dalam muskel (BA ${meeting.number}): Kepala rumah tangga tidak hadir; dibahas bulan depan`,
      },
    ]);
    const a = await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entries[0] }, fo);
    expect(a).toMatchObject({
      status: 'deliberated',
      version: 2,
      musdes: {
        date: today,
        minutesNumber: meeting.number,
        attendance: 27,
        decision: 'agreed',
        note: null,
        attachmentRef: `musdes-meeting:${meeting.meetingId}`,
        meetingId: meeting.meetingId,
      },
    });
    const b = await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entries[1] }, fo);
    expect(b.musdes).toMatchObject({
      decision: 'not-agreed',
      note: 'Sudah menerima bantuan rumah layak huni dan berpenghasilan tetap',
    });
    // The same request once more: nothing changes, not even the meeting's version.
    expect((await call('slrt.rpc.registry.record-musdes-decisions.v1', body, fs)).version).toBe(3);
    expect((await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entries[0] }, fo)).version).toBe(2);
  });

  it('refuses to change a decision once recorded, lets a postponed one be decided, and keeps a proposal decided elsewhere out', async () => {
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-decisions.v1',
        { meetingId: meeting.meetingId, decisions: [{ entryId: entries[0], decision: 'not-agreed', reason: 'Salah' }] },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'DECISION_ALREADY_RECORDED' });
    meeting = await call(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      { meetingId: meeting.meetingId, decisions: [{ entryId: entries[2], decision: 'agreed' }] },
      fs,
    );
    expect(meeting.decisions.map((d) => d.decision)).toEqual(['agreed', 'not-agreed', 'agreed']);
    // The per-household route still works for minutes kept on paper, and the meeting then refuses that household.
    const d = await call('slrt.rpc.registry.get-prelist-entry.v1', { entryId: entries[3] }, fo);
    await call(
      'slrt.rpc.registry.record-musdes.v1',
      {
        entryId: entries[3],
        expectedVersion: d.version,
        date: today,
        minutesNumber: '12/BA/2026',
        attendance: 15,
        decision: 'agreed',
      },
      fs,
    );
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-decisions.v1',
        { meetingId: meeting.meetingId, decisions: [{ entryId: entries[3], decision: 'agreed' }] },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    // The attendance no longer changes once households were decided with it.
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-attendance.v1',
        {
          meetingId: meeting.meetingId,
          expectedVersion: meeting.version,
          officials: [{ name: 'Rahmat', role: 'lurah' }],
          citizenCount: 3,
        },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ATTENDANCE_LOCKED' });
  });

  let minutes: Buffer;
  it('generates the Berita Acara: letterhead, masked NIKs, decisions, attendance, signatures and QR; the same bytes on every download', async () => {
    const file = await call('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: meeting.meetingId }, spv);
    expect(file).toMatchObject({ contentType: 'application/pdf', number: meeting.number, version: meeting.version });
    minutes = Buffer.from(file.contentBase64, 'base64');
    const text = (await readPdf(minutes)).text.replace(/\s+/g, ' ');
    for (const expected of [
      'PEMERINTAH KOTA PALANGKARAYA',
      'KECAMATAN PAHANDUT',
      'BERITA ACARA',
      'MUSYAWARAH KELURAHAN PAHANDUT',
      'Pada hari ini ',
      `Nomor: ${meeting.number}`,
      'Aula Kantor Kelurahan Langkai',
      'Pembahasan usulan prelist DTKS triwulan IV',
      'dipimpin oleh Rahmat Sintetis (Lurah)',
      '4 orang unsur pemerintahan',
      '23 orang warga',
      'Warga yang hadir: 23 orang.',
      'Agus Sintetis',
      '************0011',
      'Tidak setuju',
      'Sudah menerima bantuan rumah layak huni',
      '3 rumah tangga dibahas; 2 disetujui, 1 tidak disetujui, 0 ditunda',
      'Lurah Pahandut, Rahmat Sintetis',
      'Saksi-saksi:',
      '1. Yusuf Saksi',
      '2. Maria Saksi',
      'verifikasi/',
    ]) {
      expect(text).toContain(expected);
    }
    for (const h of HEADS) expect(text).not.toContain(h.nik);
    expect(text).not.toContain('Dewi Sintetis'); // decided per household, not in this meeting
    const again = Buffer.from(
      (await call('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: meeting.meetingId }, fs)).contentBase64,
      'base64',
    );
    expect(again.equals(minutes)).toBe(true);
    expect(
      (
        await registry.db.query(
          `SELECT actor_id AS actor, rows FROM exchange_audit WHERE action = 'download-musdes-minutes' ORDER BY id`,
        )
      ).rows,
    ).toEqual([
      { actor: spv.id, rows: 3 },
      { actor: fs.id, rows: 3 },
    ]);
    const [{ code }] = (await registry.db.query(`SELECT code FROM musdes_meeting WHERE id = $1`, [meeting.meetingId]))
      .rows as [{ code: string }];
    expect(text).toContain(code);
    expect(
      await call('slrt.rpc.registry.verify-document.v1', { code: code.toLowerCase() }, {
        kind: 'system',
        id: 'system:gateway',
        roles: [],
        regionScope: [],
      } as unknown as Actor),
    ).toMatchObject({ valid: true, documentType: 'musdes-minutes', number: meeting.number, dataPeriod: null });
  });

  it('takes the signed scan by content (not a renamed file), only for the Berita Acara of the current version, then locks the meeting', async () => {
    const text = Buffer.from('<html><script>alert(1)</script></html>');
    expect(
      await fail(
        'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
        {
          meetingId: meeting.meetingId,
          uploadId: uuidv7(),
          fileName: 'ba.jpg',
          totalSize: text.length,
          chunkIndex: 0,
          chunkCount: 1,
          contentBase64: text.toString('base64'),
        },
        fs,
      ),
    ).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [
        { field: 'file', messages: ['Unggah Berita Acara bertanda tangan sebagai PDF atau foto JPEG yang utuh.'] },
      ],
    });
    expect(
      await fail(
        'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
        {
          meetingId: meeting.meetingId,
          uploadId: uuidv7(),
          fileName: 'ba.jpg',
          totalSize: 10,
          chunkIndex: 0,
          chunkCount: 1,
          contentBase64: JPEG.subarray(0, 10).toString('base64'),
        },
        spv,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const { last, uploadId, count } = await upload(JPEG, fs);
    expect(count).toBe(2);
    expect(last.meeting).toMatchObject({
      status: 'final',
      signed: { contentType: 'image/jpeg', size: JPEG.length, fileName: 'ba-ditandatangani.jpg', uploadedBy: fs.id },
      candidates: [],
      allowedActions: ['download-minutes'],
    });
    // The last chunk retried: the same answer; any other upload or change is refused.
    const retried = await call(
      'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
      {
        meetingId: meeting.meetingId,
        uploadId,
        fileName: 'ba-ditandatangani.jpg',
        totalSize: JPEG.length,
        chunkIndex: 1,
        chunkCount: 2,
        contentBase64: JPEG.subarray(512 * 1024).toString('base64'),
      },
      fs,
    );
    expect(retried.meeting?.signed?.sha256).toBe(last.meeting?.signed?.sha256);
    expect(
      await fail(
        'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
        {
          meetingId: meeting.meetingId,
          uploadId: uuidv7(),
          fileName: 'b.jpg',
          totalSize: 10,
          chunkIndex: 0,
          chunkCount: 1,
          contentBase64: JPEG.subarray(0, 10).toString('base64'),
        },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_FINAL' });
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-decisions.v1',
        { meetingId: meeting.meetingId, decisions: [{ entryId: entries[0], decision: 'agreed' }] },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_FINAL' });
    expect(
      await fail(
        'slrt.rpc.registry.record-musdes-attendance.v1',
        {
          meetingId: meeting.meetingId,
          expectedVersion: meeting.version,
          officials: [{ name: 'Rahmat', role: 'lurah' }],
          citizenCount: 3,
        },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_FINAL' });
    const after = Buffer.from(
      (await call('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: meeting.meetingId }, bo)).contentBase64,
      'base64',
    );
    expect(after.equals(minutes)).toBe(true);
    const stored = (
      await registry.db.query(`SELECT signed_file FROM musdes_meeting WHERE id = $1`, [meeting.meetingId])
    ).rows[0] as { signed_file: Buffer };
    expect(stored.signed_file.equals(JPEG)).toBe(true);
    expect(
      (await registry.db.query(`SELECT count(*)::int AS n FROM musdes_upload_chunk WHERE chunk_index >= 0`)).rows[0].n,
    ).toBe(0);
  });

  it('continues an upload interrupted by a restart of the registry with its next chunk', async () => {
    const third = await call(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      {
        desaCode: DESA,
        date: '2026-11-02',
        agenda: 'Usulan prelist susulan',
        place: 'Balai kelurahan',
        chairName: 'Rahmat Sintetis',
        chairRole: 'lurah',
      },
      fs,
    );
    await call(
      'slrt.rpc.registry.record-musdes-attendance.v1',
      {
        meetingId: third.meetingId,
        expectedVersion: 1,
        officials: [{ name: 'Rahmat Sintetis', role: 'lurah' }],
        citizenCount: 5,
      },
      fs,
    );
    const target = await createEntry(4, DESA, fo);
    await call(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      {
        meetingId: third.meetingId,
        decisions: [{ entryId: target, decision: 'postponed', reason: 'Menunggu data kependudukan' }],
      },
      fs,
    );
    await call('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: third.meetingId }, fs);
    const uploadId = uuidv7();
    const chunk = (i: number) => ({
      meetingId: third.meetingId,
      uploadId,
      fileName: 'ba.jpg',
      totalSize: JPEG.length,
      chunkIndex: i,
      chunkCount: 2,
      contentBase64: JPEG.subarray(i * 512 * 1024, (i + 1) * 512 * 1024).toString('base64'),
    });
    expect(await call('slrt.rpc.registry.upload-musdes-signed-chunk.v1', chunk(0), fs)).toEqual({
      received: 1,
      meeting: null,
    });
    await registry.app.close();
    await registry.restart();
    // The first chunk sent again (the client did not see the answer) is taken once; the second completes the file.
    expect(await call('slrt.rpc.registry.upload-musdes-signed-chunk.v1', chunk(0), fs)).toEqual({
      received: 1,
      meeting: null,
    });
    const done = await call('slrt.rpc.registry.upload-musdes-signed-chunk.v1', chunk(1), fs);
    expect(done.meeting).toMatchObject({ status: 'final', signed: { size: JPEG.length, contentType: 'image/jpeg' } });
    const stored = (await registry.db.query(`SELECT signed_file FROM musdes_meeting WHERE id = $1`, [third.meetingId]))
      .rows[0] as { signed_file: Buffer };
    expect(stored.signed_file.equals(JPEG)).toBe(true);
  });

  it('refuses a scan of an outdated Berita Acara: a decision recorded after the download needs a new print', async () => {
    const later = await call(
      'slrt.rpc.registry.create-musdes-meeting.v1',
      {
        desaCode: OTHER_DESA,
        date: today,
        agenda: 'Usulan prelist',
        place: 'Balai kelurahan',
        chairName: 'Sari Sintetis',
        chairRole: 'lurah',
      },
      bo,
    );
    await call(
      'slrt.rpc.registry.record-musdes-attendance.v1',
      {
        meetingId: later.meetingId,
        expectedVersion: 1,
        officials: [{ name: 'Sari Sintetis', role: 'lurah' }],
        citizenCount: 9,
      },
      bo,
    );
    expect(await fail('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: later.meetingId }, bo)).toMatchObject({
      code: 'CONFLICT',
      reason: 'NO_DECISIONS',
    });
    await call(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      {
        meetingId: later.meetingId,
        decisions: [{ entryId: otherDesaEntry, decision: 'postponed', reason: 'Data belum lengkap' }],
      },
      bo,
    );
    await call('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: later.meetingId }, bo);
    await call(
      'slrt.rpc.registry.record-musdes-decisions.v1',
      {
        meetingId: later.meetingId,
        decisions: [{ entryId: otherDesaEntry, decision: 'not-agreed', reason: 'Pindah ke luar kota' }],
      },
      bo,
    );
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    expect(
      await fail(
        'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
        {
          meetingId: later.meetingId,
          uploadId: uuidv7(),
          fileName: 'ba.pdf',
          totalSize: pdf.length,
          chunkIndex: 0,
          chunkCount: 1,
          contentBase64: pdf.toString('base64'),
        },
        bo,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MINUTES_OUTDATED' });
    const fresh = await call('slrt.rpc.registry.get-musdes-minutes.v1', { meetingId: later.meetingId }, bo);
    const text = (await readPdf(Buffer.from(fresh.contentBase64, 'base64'))).text.replace(/\s+/g, ' ');
    expect(text).toContain('Pindah ke luar kota');
    const done = await call(
      'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
      {
        meetingId: later.meetingId,
        uploadId: uuidv7(),
        fileName: 'ba.pdf',
        totalSize: pdf.length,
        chunkIndex: 0,
        chunkCount: 1,
        contentBase64: pdf.toString('base64'),
      },
      bo,
    );
    expect(done.meeting).toMatchObject({ status: 'final', signed: { contentType: 'application/pdf' } });
  });
});
