/* eslint-disable max-lines -- integration spec of e2e: the gateway role matrix, every operation and role against the real services: its tests share one booted stack, which takes seconds to start */
/**
 * The gateway's role matrix, end to end: every operation of the OpenAPI document, asked by every
 * role, against the real intake, registry, referral, notification and reporting services. A role
 * outside an operation's roles gets 403 ROLE_NOT_ALLOWED from the gateway. Each role inside them gets the
 * operation's documented success, on a valid request with the record it needs made first through
 * the API (a complaint, a case in the right state, a referral, a prelist entry, a meeting…), so a
 * 500, a 503 or a wrong 4xx fails. An operation that cannot succeed on this stack is listed in
 * NO_SUCCESS_HERE with its reason; there it still gets a documented status, never 401/403 nor a
 * 5xx. An operation added to the document without a row here fails the test.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { generateKk, generateNik } from '@slrt/domain';
import { connectDirectPublisher } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

const USERS = {
  FO: 'demo.fo',
  FS: 'demo.fs',
  SPV: 'demo.spv',
  MJ: 'demo.mj',
  BO: 'demo.bo',
  PO: 'demo.po.pkh',
  SEKRETARIAT: 'demo.sekretariat',
  ADMIN: 'demo.admin',
} as const;
type Role = keyof typeof USERS;
const ALL = Object.keys(USERS) as Role[];
const STAFF: Role[] = ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'];

/** Documented roles of every authenticated operation (the gateway's `@Roles`, written out). */
const MATRIX: Record<string, Role[]> = {
  'GET /v1/me': ALL,
  'PUT /v1/me/password': ALL,
  'GET /v1/users': ['ADMIN'],
  'POST /v1/users': ['ADMIN'],
  'PATCH /v1/users/{id}': ['ADMIN'],
  'DELETE /v1/users/{id}': ['ADMIN'],
  'POST /v1/api-keys': ['ADMIN'],
  'GET /v1/api-keys': ['ADMIN'],
  'DELETE /v1/api-keys/{id}': ['ADMIN'],
  'GET /v1/audit-events': ['ADMIN'],
  'POST /v1/complaints': ['FO', 'FS'],
  'GET /v1/complaints': STAFF,
  'POST /v1/complaints/search-by-person': ['FO', 'FS'],
  'GET /v1/complaints/{id}': STAFF,
  'PUT /v1/complaints/{id}': ['FO', 'FS'],
  'POST /v1/complaints/{id}/withdraw': ['FO', 'FS', 'SPV'],
  'GET /v1/complaints/{id}/receipt': ['FO', 'FS', 'BO'],
  'GET /v1/complaints/{id}/civil-registration-letter': ['FO', 'FS', 'BO'],
  'POST /v1/field-sync': ['FO', 'FS'],
  'GET /v1/field/checks': ['SPV', 'FS'],
  'GET /v1/field/checks/{complaintId}': ['SPV', 'FS'],
  'POST /v1/field/checks/{complaintId}': ['SPV'],
  'POST /v1/field/checks/{complaintId}/answer': ['FS'],
  'GET /v1/field/check-settings': ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  'PUT /v1/field/check-settings': ['ADMIN'],
  'POST /v1/complaints/{id}/attachments': ['FO', 'FS', 'BO'],
  'GET /v1/complaints/{id}/attachments': STAFF,
  'GET /v1/attachments/{id}': STAFF,
  'GET /v1/cases': STAFF,
  'GET /v1/cases/{id}': STAFF,
  'POST /v1/cases/{id}/actions': ['FO', 'FS', 'SPV', 'MJ', 'BO'],
  'GET /v1/programme-owners': [...STAFF, 'ADMIN', 'PO'],
  'POST /v1/programme-owners': ['ADMIN'],
  'PUT /v1/programme-owners/{code}': ['ADMIN'],
  'GET /v1/holidays': ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  'PUT /v1/holidays/{date}': ['ADMIN'],
  'DELETE /v1/holidays/{date}': ['ADMIN'],
  'GET /v1/owner/referrals': ['PO'],
  'GET /v1/owner/referrals/{id}': ['PO'],
  'POST /v1/owner/referrals/{id}/responses': ['PO'],
  'GET /v1/owner-read-audit': ['ADMIN', 'SEKRETARIAT'],
  'POST /v1/registry/persons/search': STAFF,
  'GET /v1/registry/lookup-audit': ['ADMIN', 'SEKRETARIAT'],
  'POST /v1/registry/lookup-audit/search': ['ADMIN', 'SEKRETARIAT'],
  'POST /v1/registry/statements': ['FO', 'BO', 'MJ', 'SEKRETARIAT'],
  'POST /v1/registry/imports': ['ADMIN', 'SEKRETARIAT', 'MJ'],
  'GET /v1/registry/imports/{jobId}': ['ADMIN', 'SEKRETARIAT', 'MJ'],
  'GET /v1/registry/imports/{jobId}/errors': ['ADMIN', 'SEKRETARIAT', 'MJ'],
  'GET /v1/registry/column-profiles': ['ADMIN', 'SEKRETARIAT', 'MJ'],
  'PUT /v1/registry/column-profiles/{code}': ['ADMIN'],
  'POST /v1/prelist-entries': ['FO', 'FS'],
  'GET /v1/prelist-entries': STAFF,
  'GET /v1/prelist-entries/{id}': STAFF,
  'PUT /v1/prelist-entries/{id}': ['FO', 'FS'],
  'POST /v1/prelist-entries/{id}/musdes': ['FO', 'FS', 'BO'],
  'POST /v1/prelist-entries/{id}/field-verification': ['FO', 'FS', 'BO'],
  'POST /v1/prelist-entries/{id}/dukcapil-match': ['FO', 'FS', 'BO'],
  'POST /v1/proposals/{kind}/{id}/withdraw': ['FO', 'FS', 'BO', 'SPV', 'MJ'],
  'POST /v1/data-changes': ['FO', 'FS', 'BO'],
  'GET /v1/data-changes': STAFF,
  'GET /v1/data-changes/{id}': STAFF,
  'POST /v1/data-changes/{id}/decision': ['MJ', 'SEKRETARIAT'],
  'GET /v1/ppks-categories': [...STAFF, 'ADMIN'],
  'PUT /v1/ppks-categories/{code}': ['ADMIN'],
  'POST /v1/ppks-records': ['FO', 'FS'],
  'GET /v1/ppks-records': STAFF,
  'GET /v1/ppks-records/{id}': STAFF,
  'GET /v1/siks/export-profiles': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'PUT /v1/siks/export-profiles/{code}': ['ADMIN'],
  'POST /v1/siks/exports': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/siks/exports': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/siks/exports/{id}': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/siks/exports/{id}/file': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'POST /v1/siks/verivali-imports': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/siks/verivali-imports/{id}': ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/ranking/presets': ['MJ', 'SEKRETARIAT', 'BO', 'ADMIN'],
  'PUT /v1/ranking/presets/{code}': ['ADMIN'],
  'POST /v1/ranking/candidates': ['MJ', 'SEKRETARIAT', 'BO'],
  'POST /v1/ranking/candidates/export': ['MJ', 'SEKRETARIAT', 'BO'],
  'GET /v1/complaints/{id}/messages': [...STAFF, 'ADMIN'],
  'GET /v1/messages': [...STAFF, 'ADMIN'],
  'POST /v1/messages/{id}/actions': ['FO', 'FS', 'SPV', 'BO'],
  'GET /v1/messages/{id}/letter': [...STAFF, 'ADMIN'],
  'GET /v1/notification-settings': ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  'PUT /v1/notification-settings': ['ADMIN'],
  'GET /v1/message-templates': ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  'PUT /v1/message-templates/{step}/{channel}': ['ADMIN'],
  'POST /v1/message-templates/preview': ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  'GET /v1/owner-webhooks': ['ADMIN'],
  'PUT /v1/owner-webhooks/{ownerCode}': ['ADMIN'],
  'GET /v1/owner-webhooks/{ownerCode}/deliveries': ['ADMIN'],
  'POST /v1/owner-webhooks/{ownerCode}/deliveries/{id}/redeliver': ['ADMIN'],
  'GET /v1/routing-rules': ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO'],
  'POST /v1/routing-rules': ['ADMIN'],
  'GET /v1/programmes': [...STAFF, 'ADMIN'],
  'PUT /v1/programmes/{code}': ['ADMIN'],
  'GET /v1/reports/kpis': [...STAFF, 'ADMIN'],
  'GET /v1/reports/owner-board': ['SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/reports/monthly': ['MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  'GET /v1/reports/rollup': ['SEKRETARIAT', 'ADMIN'],
  'GET /v1/inbox': ALL,
  'GET /v1/inbox/unread-count': ALL,
  'POST /v1/inbox/read-all': ALL,
  'POST /v1/inbox/{id}/read': ALL,
  'GET /v1/complaint-counts': STAFF,
  'POST /v1/complaints/{id}/answer': ['FO', 'SPV'],
  'POST /v1/complaints/{id}/subject-identity': ['FO', 'FS'],
  'GET /v1/regions': [...STAFF, 'ADMIN'],
  'POST /v1/field/devices': ['FS'],
  'GET /v1/field/devices': ['FS', 'SPV', 'ADMIN'],
  'POST /v1/field/devices/{deviceId}/revoke': ['FS', 'ADMIN'],
  'GET /v1/field/bundle': ['FS'],
  'POST /v1/field/uploads': ['FS', 'FO'],
  'GET /v1/field/uploads/{uploadId}': ['FS', 'FO'],
  'PUT /v1/field/uploads/{uploadId}': ['FS', 'FO'],
  'POST /v1/field/uploads/{uploadId}/complete': ['FS', 'FO'],
  'POST /v1/cases/{id}/puskesos-resolution': ['SPV', 'BO'],
  'POST /v1/owner/referrals/{id}/forward': ['PO'],
  'GET /v1/partners': ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO', 'SPV'],
  'POST /v1/partnerships': ['ADMIN'],
  'PUT /v1/partnerships/{id}': ['ADMIN'],
  'GET /v1/partnerships/{id}/document': ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO', 'SPV'],
  'GET /v1/mass-issues': ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  'POST /v1/mass-issues': ['SPV', 'MJ', 'BO'],
  'POST /v1/mass-issues/dismissals': ['SPV', 'MJ', 'BO'],
  'POST /v1/mass-issues/{id}/members': ['SPV', 'MJ', 'BO'],
  'POST /v1/mass-issues/{id}/referral': ['BO'],
  'PUT /v1/mass-issue-threshold': ['ADMIN'],
  'GET /v1/owner/referral-groups': ['PO'],
  'POST /v1/owner/referral-groups/{id}/responses': ['PO'],
  'GET /v1/outcome-verifications': STAFF,
  'POST /v1/outcome-verifications/{id}/answer': ['FO', 'FS', 'SPV', 'BO'],
  'GET /v1/reports/puskesos': ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  'POST /v1/musdes-meetings': ['FO', 'FS', 'BO'],
  'GET /v1/musdes-meetings': STAFF,
  'GET /v1/musdes-meetings/{id}': STAFF,
  'PUT /v1/musdes-meetings/{id}/attendance': ['FO', 'FS', 'BO'],
  'POST /v1/musdes-meetings/{id}/decisions': ['FO', 'FS', 'BO'],
  'GET /v1/musdes-meetings/{id}/berita-acara': STAFF,
  'POST /v1/musdes-meetings/{id}/berita-acara-signed': ['FO', 'FS', 'BO'],
};

interface Doc {
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
}
interface Call {
  url: string;
  /** A JSON body, or a file (`raw`) sent with its media type. */
  body?: unknown;
  raw?: { type: string; bytes: Buffer; headers?: Record<string, string> };
  /** Another user of the same role asks (an operation that changes the caller's own account). */
  token?: string;
  /** The request is valid for every allowed role: the documented success is expected. */
  succeeds: boolean;
}

/**
 * Operations whose success cannot be produced against this stack, each with the reason; every
 * allowed role still gets a documented status that is neither a refusal nor a server error.
 */
const NO_SUCCESS_HERE: Record<string, string> = {
  'POST /v1/inbox/{id}/read as PO':
    "a PO user's inbox holds only the deadline warnings of its referrals (at risk, breached), which need working days to pass; the other roles read an item of their own",
};

/** Registrations number their subjects from here; the snapshot holds the first {@link IN_REGISTRY} of them. */
const FIRST_SERIAL = 9000;
const IN_REGISTRY = 400;
let serial = FIRST_SERIAL;
const personOf = (s: number) => ({
  nik: generateNik({ regionCode: '62.71.01', birthDate: '1985-04-12', sex: 'F', serial: s }),
  noKk: generateKk({ regionCode: '62.71.01', issueDate: '2015-03-12', serial: s }),
});
/** The DTSEN snapshot the matrix uploads: every registered subject is in the registry, so its complaint opens a case. */
const SNAPSHOT_CSV =
  [
    'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip',
    ...Array.from({ length: IN_REGISTRY }, (_, i) => {
      const p = personOf(FIRST_SERIAL + i);
      return `${p.nik},${p.noKk},Siti Aminah,1985-04-12,P,Istri,"Jl. Contoh 1",62.71.01.1001,2,1,0,0,0`;
    }),
  ].join('\n') + '\n';
/** A household profile with every field a prelist entry needs before its musdes. */
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
  assets: ['tabung-gas-5kg'],
  proposalReason: 'jatuh-miskin',
};
/** A small valid PDF (an agreement's scan). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A JPEG's first bytes and some content: intake checks an attachment's type by its content. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  Buffer.alloc(2000, 7),
  Buffer.from([0xff, 0xd9]),
]);
function registration(over: { contactType?: string; withoutNik?: boolean } = {}) {
  const s = serial++;
  const { nik } = personOf(s);
  if (over.withoutNik) {
    return {
      channel: 'PUSKESOS_FO',
      place: 'Puskesos Kelurahan Pahandut',
      subject: {
        name: 'Markus',
        birthDate: '1988-05-05',
        sex: 'M',
        address: { street: 'Jl. Contoh 2', desaCode: '62.71.01.1001' },
        consent: true,
      },
      complainant: null,
      relationship: 'self',
      anonymous: false,
      confidential: false,
      complaint: {
        category: 'non-kepesertaan',
        contactType: 'pengaduan',
        programmeCodes: ['PKH'],
        sector: 'sosial-ekonomi',
        description: 'Bantuan PKH tidak pernah diterima sejak terdaftar.',
        documentsReceived: [],
      },
    };
  }
  return {
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: {
      nik,
      noKk: generateKk({ regionCode: '62.71.01', issueDate: '2015-03-12', serial: s }),
      name: 'Siti Aminah',
      birthDate: '1985-04-12',
      sex: 'F',
      birthPlace: 'Palangka Raya',
      address: { street: 'Jl. Contoh 1', rt: '002', rw: '003', desaCode: '62.71.01.1001' },
      phone: '0812 3456 7890',
      consent: true,
    },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: {
      category: 'non-kepesertaan',
      contactType: over.contactType ?? 'pengaduan',
      programmeCodes: over.contactType === 'pertanyaan' ? [] : ['PKH'],
      sector: 'sosial-ekonomi',
      description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
      documentsReceived: ['KTP'],
    },
  };
}

describe('e2e: the gateway role matrix, every operation and role against the real services', () => {
  let stack: FullStack;
  let doc: Doc;
  const tokens = {} as Record<Role, string>;
  const fx = {
    complaintId: '',
    caseId: '',
    nik: '',
    ppksCategory: '',
    ppksRecordId: '',
    noNikComplaintId: '',
    attachmentId: '',
    partnershipId: '',
    importJobId: '',
    prelistId: '',
    dataChangeId: '',
    meetingId: '',
    fieldCheckId: '',
    rankingPreset: '',
    siksProfile: '',
    siksExportId: '',
    letterId: '',
    exportedEntryId: '',
    verivaliJobId: '',
    localOwnerToken: '',
  };

  const http = async (
    method: string,
    url: string,
    role: Role,
    body?: unknown,
    raw?: Call['raw'],
    token = tokens[role],
  ) => {
    const res = await fetch(`${stack.base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': `matrix-${uuidv7()}`,
        ...(raw
          ? { 'content-type': raw.type, ...raw.headers }
          : body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
      },
      ...(raw ? { body: new Uint8Array(raw.bytes) } : body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text };
  };

  const created = async (method: string, url: string, role: Role, body: unknown) => {
    const res = await http(method, url, role, body);
    if (res.status >= 300) throw new Error(`fixture ${method} ${url} as ${role}: ${res.status} ${res.text}`);
    return JSON.parse(res.text) as Record<string, unknown>;
  };
  const complaintInput = () => {
    const { idempotencyKey: _key, ...input } = { idempotencyKey: null, ...registration() };
    return input;
  };

  const fill = (p: string) =>
    p
      .replace('/v1/complaints/{id}', `/v1/complaints/${fx.complaintId}`)
      .replace('/v1/cases/{id}', `/v1/cases/${fx.caseId}`)
      .replace('{ownerCode}', 'kemensos-pkh')
      .replace('{kind}', 'prelist')
      .replace('{step}', 'received')
      .replace('{channel}', 'sms')
      .replace('{date}', '2026-12-31')
      .replace(/\{\w+\}/g, uuidv7());

  let made = 0;
  /** A unique suffix for codes and numbers the matrix creates. */
  const next = () => String(++made);
  const complaintOf = async (over: Parameters<typeof registration>[0] = {}) =>
    (await created('POST', '/v1/complaints', 'FO', registration(over))).complaintId as string;
  /** The case referral opened for a complaint (the SPV sees every case of the kab/kota). */
  const caseOf = (complaintId: string) =>
    waitFor(
      async () =>
        (
          JSON.parse((await http('GET', '/v1/cases?queue=all&pageSize=200', 'SPV')).text) as {
            items: Array<{ caseId: string; complaintId: string }>;
          }
        ).items.find((c) => c.complaintId === complaintId)?.caseId,
      { message: 'case opened' },
    );
  const caseVersion = async (caseId: string) =>
    (await created('GET', `/v1/cases/${caseId}`, 'SPV', undefined)).version as number;
  /** A new case taken through the review chain by `steps` (role and action); its id, version and the last answer. */
  const caseAfter = async (steps: Array<[Role, string]>) => {
    const caseId = await caseOf(await complaintOf());
    let last: Record<string, unknown> = {};
    for (const [role, action] of steps)
      last = await created('POST', `/v1/cases/${caseId}/actions`, role, {
        action,
        expectedVersion: await caseVersion(caseId),
        note: 'Uji matriks peran.',
      });
    return { caseId, version: await caseVersion(caseId), last };
  };
  /** A kab/kota-level owner of PKH (made in `beforeAll`, with a PO user of its own): it can pass a referral up to the ministry. */
  const LOCAL_OWNER = 'matriks-kab-pkh';
  /** A referral sent to the demo programme owner (kemensos-pkh), or to `ownerCodes` chosen by the BO. */
  const sentReferral = async (ownerCodes?: string[]) => {
    const c = await caseAfter([
      ['SPV', 'forward'],
      ['MJ', 'approve'],
    ]);
    const sent = await created('POST', `/v1/cases/${c.caseId}/actions`, 'BO', {
      action: 'send',
      expectedVersion: c.version,
      note: 'Mohon ditindaklanjuti.',
      ...(ownerCodes ? { ownerCodes, overrideReason: 'Uji matriks peran: pengelola tingkat kota.' } : {}),
    });
    return (sent.referrals as Array<{ referralId: string }>)[0]!.referralId;
  };
  /** A verivali results file answering the exported prelist entry. */
  const verivaliResults = () =>
    Buffer.from(
      ['ID_USULAN;ID_ART_USULAN;STATUS;HASIL_ART;PADAN_DUKCAPIL;ALASAN', `${fx.exportedEntryId};;DITERIMA;;;`, ''].join(
        '\n',
      ),
    );
  /** A referral the owner resolved: its outcome verification is scheduled for the household. */
  const outcomeVerification = async () => {
    const referralId = await sentReferral();
    await created('POST', `/v1/owner/referrals/${referralId}/responses`, 'PO', {
      responseId: `matriks-${referralId.slice(-12)}`,
      answer: 'resolved',
      note: 'Dana disalurkan ulang.',
    });
    const referral = await created('GET', `/v1/owner/referrals/${referralId}`, 'PO', undefined);
    return waitFor(
      async () =>
        (
          (
            await created(
              'GET',
              `/v1/outcome-verifications?receiptNumber=${String(referral.receiptNumber)}`,
              'SPV',
              undefined,
            )
          ).items as Array<Record<string, unknown>>
        )[0],
      { message: 'outcome verification scheduled' },
    );
  };
  /** A field upload opened by `role`, with the bytes it expects. */
  const fieldUpload = async (role: Role) => {
    const bytes = JPEG;
    const upload = await created('POST', '/v1/field/uploads', role, {
      clientUploadId: `matriks-${uuidv7()}`,
      complaintId: await complaintOf(),
      fileName: 'foto.jpg',
      contentType: 'image/jpeg',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    return { uploadId: upload.uploadId as string, bytes };
  };
  /** The first item of a list, as `role` sees it. */
  const firstOf = async (url: string, role: Role) =>
    ((await created('GET', url, role, undefined)).items as Array<Record<string, unknown>>)[0]!;
  const without = (o: Record<string, unknown>, ...keys: string[]) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
  const owner = (code: string) => ({
    code,
    name: 'Pengelola Matriks',
    level: 'kabkota',
    nonGovernment: false,
    programmeCodes: ['PKH'],
    serviceArea: ['62.71'],
    requiredDocuments: [],
    personalFields: ['name'],
    responseDays: 10,
    active: true,
  });
  /** A partnership is made with a non-government partner (created in `beforeAll`). */
  const PARTNER = 'mitra-matriks';
  const partnership = () => ({
    ownerCode: PARTNER,
    agreementNumber: `PKS/${next()}/MATRIKS/2026`,
    programmeCodes: ['PKH'],
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    documentBase64: PDF.toString('base64'),
    documentName: 'pks.pdf',
    active: true,
  });
  /** A new prelist entry (a household not in the registry) drafted by the FO; `musdes` takes it through its musdes. */
  const prelist = async (musdes = false) => {
    const s = 1000 + Number(next());
    const member = {
      nik: generateNik({ regionCode: '62.71.01', birthDate: '1979-02-02', sex: 'M', serial: s }),
      noKk: generateKk({ regionCode: '62.71.01', issueDate: '2010-01-01', serial: s }),
      name: 'Budi Matriks',
      birthDate: '1979-02-02',
      sex: 'M',
      relationship: 'kepala-keluarga',
    };
    let entry = await created('POST', '/v1/prelist-entries', 'FO', {
      desaCode: '62.71.01.1001',
      rt: '001',
      rw: '002',
      address: 'Jl. Sintetis No. 7',
      contactPhone: '+6281298765432',
      profile: PROFILE,
      members: [member],
    });
    if (musdes)
      entry = await created('POST', `/v1/prelist-entries/${entry.entryId as string}/musdes`, 'FO', {
        expectedVersion: entry.version,
        date: '2026-11-25',
        minutesNumber: `140/${next()}/BA/XI/2026`,
        attendance: 34,
        decision: 'agreed',
      });
    return {
      entryId: entry.entryId as string,
      version: entry.version as number,
      memberIds: (entry.members as Array<{ memberId: string }>).map((m) => m.memberId),
    };
  };
  /** A prelist entry through musdes, field verification and Dukcapil matching: ready for a SIKS-NG export. */
  const readyPrelist = async () => {
    const e = await prelist(true);
    const verified = await created('POST', `/v1/prelist-entries/${e.entryId}/field-verification`, 'FO', {
      expectedVersion: e.version,
      verifier: 'TKSK Pahandut',
      verifiedAt: '2026-11-27',
      members: e.memberIds.map((memberId) => ({ memberId, outcome: 'confirmed' })),
    });
    await created('POST', `/v1/prelist-entries/${e.entryId}/dukcapil-match`, 'FO', {
      expectedVersion: verified.version,
      members: e.memberIds.map((memberId) => ({ memberId, status: 'padan' })),
    });
    return e.entryId;
  };
  /** A data-change proposal for a person of the snapshot no other proposal names. */
  let dataChangeSerial = FIRST_SERIAL + IN_REGISTRY - 100;
  const dataChangeBody = () => ({
    nik: personOf(dataChangeSerial++).nik,
    changes: [{ field: 'address', proposed: `Jl. Baru No. ${next()}` }],
    reason: 'Pindah alamat',
  });
  let meetingDay = 0;
  /** A new meeting (one a day per desa: each on a day of its own, counting back from 31 October). */
  const musdesMeeting = async () =>
    created('POST', '/v1/musdes-meetings', 'BO', {
      desaCode: '62.71.01.1001',
      date: new Date(Date.UTC(2026, 9, 31) - meetingDay++ * 86_400_000).toISOString().slice(0, 10),
      agenda: 'Pembahasan usulan prelist',
      place: 'Aula kelurahan',
      chairName: 'Lurah Matriks',
      chairRole: 'lurah',
    });
  /** A meeting with its attendance and a decision on one household: its minutes can be printed. */
  const decidedMeeting = async () => {
    const m = await musdesMeeting();
    const id = m.meetingId as string;
    await created('PUT', `/v1/musdes-meetings/${id}/attendance`, 'BO', attendance(m.version));
    await created('POST', `/v1/musdes-meetings/${id}/decisions`, 'BO', {
      decisions: [{ entryId: (await prelist()).entryId, decision: 'agreed' }],
    });
    return id;
  };
  const attendance = (version: unknown) => ({
    expectedVersion: version,
    officials: [
      { name: 'Rahmat Sintetis', role: 'lurah' },
      { name: 'Yusuf Saksi', role: 'lpm', witness: true },
    ],
    citizenCount: 23,
  });

  let device: { deviceId: string; deviceCode: string } | undefined;
  let provisional = 0;
  /** A complaint the FS recorded offline and synced: held for the SPV's field check. */
  const fieldCheck = async () => {
    device ??= (await created('POST', '/v1/field/devices', 'FS', {
      label: 'HP matriks',
      installationId: `matriks-${uuidv7()}`,
    })) as { deviceId: string; deviceCode: string };
    const recordedAt = new Date(Date.now() - 3_600_000).toISOString();
    const synced = await created('POST', '/v1/field-sync', 'FS', {
      deviceId: device.deviceId,
      items: [
        {
          clientId: `matriks:${uuidv7()}`,
          recordedAt,
          provisionalNumber: `L-${device.deviceCode}-${++provisional}`,
          trackingCode: 'K7PQ-4QX2',
          complaint: { ...complaintInput(), channel: 'FASILITATOR_VISIT', recordedAt },
        },
      ],
    });
    const complaintId = (synced.results as Array<{ complaintId: string }>)[0]!.complaintId;
    return {
      complaintId,
      version: (await created('GET', `/v1/field/checks/${complaintId}`, 'SPV', undefined)).version as number,
    };
  };

  /**
   * A mass-issue suggestion (two new cases and every other ungrouped open case of the desa, the
   * threshold being 2 per desa): what an SPV, MJ or BO confirms or dismisses.
   */
  const suggestion = async () => {
    const fresh = [await caseOf(await complaintOf()), await caseOf(await complaintOf())];
    return waitFor(
      async () => {
        const items = (await created('GET', '/v1/mass-issues', 'SPV', undefined)).items as Array<{
          status: string;
          areaCode: string;
          programmeCode: string;
          category: string;
          members: Array<{ caseId: string }>;
        }>;
        const s = items.find(
          (i) => i.status === 'suggested' && fresh.every((id) => i.members.some((m) => m.caseId === id)),
        );
        return (
          s && {
            areaCode: s.areaCode,
            programmeCode: s.programmeCode,
            category: s.category,
            caseIds: s.members.map((m) => m.caseId),
          }
        );
      },
      { message: 'mass issue suggested' },
    );
  };
  const massIssue = async () =>
    created('POST', '/v1/mass-issues', 'SPV', { ...(await suggestion()), title: 'PKH tahap III belum cair' });
  /** A mass issue of two cases the MJ approved: the BO can refer it to the owner as one group. */
  const approvedMassIssue = async () => {
    const caseIds = [
      (
        await caseAfter([
          ['SPV', 'forward'],
          ['MJ', 'approve'],
        ])
      ).caseId,
      (
        await caseAfter([
          ['SPV', 'forward'],
          ['MJ', 'approve'],
        ])
      ).caseId,
    ];
    return created('POST', '/v1/mass-issues', 'SPV', {
      areaCode: '62.71.01.1001',
      programmeCode: 'PKH',
      category: 'non-kepesertaan',
      caseIds,
      title: 'PKH tahap III belum cair',
    });
  };

  /** The citizen's first message about a new complaint (SMS, no provider configured in this stack: it waits). */
  const messagesOf = async (complaintId: string) =>
    (await created('GET', `/v1/complaints/${complaintId}/messages`, 'FO', undefined)).items as Array<{
      messageId: string;
      channel: string;
    }>;
  const messageOf = async (complaintId?: string) => {
    const id = complaintId ?? (await complaintOf());
    return waitFor(async () => (await messagesOf(id))[0]?.messageId, { message: 'message queued' });
  };
  /** A letter to the citizen: an SMS the FO switched to a letter. */
  const letter = async () => {
    const complaintId = await complaintOf();
    await created('POST', `/v1/messages/${await messageOf(complaintId)}/actions`, 'FO', {
      action: 'switch-to-letter',
      note: 'Tanpa penyedia SMS.',
    });
    return waitFor(async () => (await messagesOf(complaintId)).find((m) => m.channel === 'letter')?.messageId, {
      message: 'letter queued',
    });
  };
  /** A snapshot upload by `role`, waited for: its end is an item of the uploader's inbox. */
  const importAs = async (role: Role) => {
    // A file of its own (one more household), so that it is imported rather than recognised as the last one.
    const extra = personOf(9999 - Number(next()));
    const csv = `${SNAPSHOT_CSV}${extra.nik},${extra.noKk},Rina Matriks,1985-04-12,P,Istri,"Jl. Contoh 3",62.71.01.1001,3,0,1,0,0\n`;
    const job = await http('POST', '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen', role, undefined, {
      type: 'text/csv',
      bytes: Buffer.from(csv),
    });
    if (job.status !== 202) throw new Error(`snapshot upload as ${role}: ${job.status} ${job.text}`);
    const jobId = (JSON.parse(job.text) as { jobId: string }).jobId;
    await waitFor(
      async () => (await created('GET', `/v1/registry/imports/${jobId}`, role, undefined)).status === 'succeeded',
      { timeoutMs: 60_000, message: 'snapshot imported' },
    );
    return jobId;
  };
  /** Something that puts an item in the inbox of `role`. */
  const inboxItemFor: Record<Role, () => Promise<unknown>> = {
    FO: () => caseAfter([['SPV', 'return']]),
    FS: () => caseAfter([['SPV', 'return']]),
    SPV: () => caseAfter([]),
    MJ: () => caseAfter([['SPV', 'forward']]),
    BO: () =>
      caseAfter([
        ['SPV', 'forward'],
        ['MJ', 'approve'],
      ]),
    PO: () => sentReferral(),
    SEKRETARIAT: () => importAs('SEKRETARIAT'),
    ADMIN: () => importAs('ADMIN'),
  };

  /** A token of a new user holding only `role` (for an operation that changes the caller's own account). */
  const newUserToken = async (role: Role, ownerCode = 'kemensos-pkh') => {
    const username = `matriks.sandi.${next()}`;
    await created('POST', '/v1/users', 'ADMIN', {
      username,
      displayName: 'Pengguna Matriks',
      password: 'kata-sandi-kuat-1',
      roles: [role],
      regionScope: ['62.71'],
      ...(role === 'PO' ? { ownerCode } : {}),
    });
    const res = await fetch(`${stack.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'kata-sandi-kuat-1' }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  };

  /** What a role outside the operation's roles sends: refused before its body is even read. */
  const plain = (key: string): Call => {
    const [method, path] = key.split(' ') as [string, string];
    return { url: fill(path), ...(['GET', 'DELETE'].includes(method) ? {} : { body: {} }), succeeds: false };
  };

  /**
   * The request each operation is asked with by `role`; `succeeds` where it is valid, so the
   * documented success is expected. Operations that change a record get a record of their own
   * (made through the API by a role allowed to make it).
   */
  const callOf = async (key: string, role: Role): Promise<Call> => {
    const [, path] = key.split(' ') as [string, string];
    const ok = (url: string, body?: unknown): Call => ({
      url,
      ...(body !== undefined ? { body } : {}),
      succeeds: true,
    });
    const user = () =>
      created('POST', '/v1/users', 'ADMIN', {
        username: `matriks.${++serial}`,
        displayName: 'Pengguna Matriks',
        password: 'kata-sandi-kuat-1',
        roles: ['FO'],
        regionScope: ['62.71.01.1001'],
      });
    const complaint = async () => (await created('POST', '/v1/complaints', 'FO', registration())).complaintId as string;
    switch (key) {
      case 'PUT /v1/me/password':
        return {
          ...ok(path, { currentPassword: 'kata-sandi-kuat-1', newPassword: 'kata-sandi-baru-matriks-2' }),
          token: await newUserToken(role),
        };
      case 'GET /v1/complaints/{id}/civil-registration-letter':
        return ok(`/v1/complaints/${fx.noNikComplaintId}/civil-registration-letter`);
      case 'POST /v1/complaints/{id}/subject-identity':
        return ok(`/v1/complaints/${await complaintOf({ withoutNik: true })}/subject-identity`, {
          nik: personOf(serial++).nik,
          expectedVersion: 1,
          note: 'KTP-el dari Disdukcapil',
        });
      case 'POST /v1/complaints/{id}/answer':
        return ok(`/v1/complaints/${await complaintOf({ contactType: 'pertanyaan' })}/answer`, {
          answer: 'Dijelaskan cara usulan melalui kelurahan.',
          channel: 'langsung',
        });
      case 'POST /v1/complaints/{id}/attachments':
        return {
          url: `/v1/complaints/${fx.complaintId}/attachments`,
          raw: { type: 'image/jpeg', bytes: JPEG, headers: { 'x-file-name': 'foto.jpg' } },
          succeeds: true,
        };
      case 'GET /v1/attachments/{id}':
        return ok(`/v1/attachments/${fx.attachmentId}`);
      case 'PUT /v1/field/uploads/{uploadId}': {
        const { uploadId, bytes } = await fieldUpload(role);
        return {
          url: `/v1/field/uploads/${uploadId}`,
          raw: { type: 'application/octet-stream', bytes, headers: { 'upload-offset': '0' } },
          succeeds: true,
        };
      }
      case 'POST /v1/field/uploads/{uploadId}/complete': {
        const { uploadId, bytes } = await fieldUpload(role);
        const put = await http('PUT', `/v1/field/uploads/${uploadId}`, role, undefined, {
          type: 'application/octet-stream',
          bytes,
          headers: { 'upload-offset': '0' },
        });
        if (put.status !== 200) throw new Error(`fixture upload: ${put.status} ${put.text}`);
        return ok(`/v1/field/uploads/${uploadId}/complete`, {});
      }
      case 'POST /v1/cases/{id}/actions': {
        // Each role's own move on a case of its own: FO/FS withdraw, the SPV forwards, the MJ approves, the BO sends.
        const steps: Record<string, Array<[Role, string]>> = {
          FO: [],
          FS: [],
          SPV: [],
          MJ: [['SPV', 'forward']],
          BO: [
            ['SPV', 'forward'],
            ['MJ', 'approve'],
          ],
        };
        const action = { FO: 'withdraw', FS: 'withdraw', SPV: 'forward', MJ: 'approve', BO: 'send' }[role as 'FO'];
        const c = await caseAfter(steps[role]!);
        return ok(`/v1/cases/${c.caseId}/actions`, { action, expectedVersion: c.version, note: 'Uji matriks peran.' });
      }
      case 'GET /v1/owner/referrals/{id}':
        return ok(`/v1/owner/referrals/${await sentReferral()}`);
      case 'POST /v1/owner/referrals/{id}/responses': {
        const referralId = await sentReferral();
        return ok(`/v1/owner/referrals/${referralId}/responses`, {
          responseId: `matriks-${referralId.slice(-12)}`,
          answer: 'accepted',
          note: 'Diterima untuk ditindaklanjuti.',
        });
      }
      case 'POST /v1/programme-owners':
        return ok(path, owner(`matriks-${next()}`));
      case 'PUT /v1/programme-owners/{code}': {
        const code = `matriks-${next()}`;
        await created('POST', '/v1/programme-owners', 'ADMIN', owner(code));
        return ok(`/v1/programme-owners/${code}`, without({ ...owner(code), responseDays: 12 }, 'code'));
      }
      case 'POST /v1/routing-rules':
        return ok(path, {
          category: 'non-kepesertaan',
          programmeCode: 'PKH',
          conditions: {},
          ownerCodes: ['kemensos-pkh'],
          priority: 50 + Number(next()),
          active: true,
          reason: 'Uji matriks peran.',
        });
      case 'PUT /v1/programmes/{code}': {
        const p = await firstOf('/v1/programmes', 'ADMIN');
        return ok(`/v1/programmes/${p.code as string}`, {
          ...without(p, 'code', 'version', 'updatedAt'),
          expectedVersion: p.version,
        });
      }
      case 'PUT /v1/ppks-categories/{code}': {
        const c = await firstOf('/v1/ppks-categories', 'ADMIN');
        return ok(`/v1/ppks-categories/${c.code as string}`, {
          name: c.name,
          validFrom: c.validFrom,
          active: c.active,
        });
      }
      case 'PUT /v1/siks/export-profiles/{code}': {
        const c = await firstOf('/v1/siks/export-profiles', 'ADMIN');
        return ok(`/v1/siks/export-profiles/${c.code as string}`, without(c, 'code'));
      }
      case 'PUT /v1/ranking/presets/{code}': {
        const c = await firstOf('/v1/ranking/presets', 'ADMIN');
        return ok(`/v1/ranking/presets/${c.code as string}`, without(c, 'code'));
      }
      case 'PUT /v1/registry/column-profiles/{code}': {
        const c = await firstOf('/v1/registry/column-profiles', 'ADMIN');
        return ok(`/v1/registry/column-profiles/${c.code as string}`, without(c, 'code'));
      }
      case 'PUT /v1/field/check-settings': {
        const c = await created('GET', '/v1/field/check-settings', 'ADMIN', undefined);
        return ok(path, {
          expectedVersion: c.version,
          supervisorCheckRequired: c.supervisorCheckRequired,
          reason: 'Uji matriks peran.',
        });
      }
      case 'POST /v1/partnerships':
        return ok(path, partnership());
      case 'PUT /v1/partnerships/{id}': {
        const p = partnership();
        const made = await created('POST', '/v1/partnerships', 'ADMIN', p);
        return ok(`/v1/partnerships/${made.partnershipId as string}`, {
          ...without(p, 'documentBase64', 'documentName'),
          expectedVersion: made.version,
          note: 'Perpanjangan.',
        });
      }
      case 'GET /v1/partnerships/{id}/document':
        return ok(`/v1/partnerships/${fx.partnershipId}/document`);
      case 'POST /v1/registry/imports':
        return {
          url: '/v1/registry/imports?dataPeriod=2026-10&profile=dtsen',
          raw: { type: 'text/csv', bytes: Buffer.from(SNAPSHOT_CSV) },
          succeeds: true,
        };
      case 'GET /v1/registry/imports/{jobId}':
      case 'GET /v1/registry/imports/{jobId}/errors':
        return ok(path.replace('{jobId}', fx.importJobId));
      case 'POST /v1/prelist-entries': {
        const s = 3000 + Number(next());
        return ok(path, {
          desaCode: '62.71.01.1001',
          address: 'Jl. Sintetis No. 8',
          profile: PROFILE,
          members: [
            {
              nik: generateNik({ regionCode: '62.71.01', birthDate: '1979-02-02', sex: 'M', serial: s }),
              name: 'Budi Matriks',
              birthDate: '1979-02-02',
              sex: 'M',
              relationship: 'kepala-keluarga',
            },
          ],
        });
      }
      case 'GET /v1/prelist-entries/{id}':
        return ok(`/v1/prelist-entries/${fx.prelistId}`);
      case 'PUT /v1/prelist-entries/{id}': {
        const e = await prelist();
        return ok(`/v1/prelist-entries/${e.entryId}`, { expectedVersion: e.version, address: 'Jl. Sintetis No. 9' });
      }
      case 'POST /v1/prelist-entries/{id}/musdes': {
        const e = await prelist();
        return ok(`/v1/prelist-entries/${e.entryId}/musdes`, {
          expectedVersion: e.version,
          date: '2026-11-25',
          minutesNumber: `141/${next()}/BA/XI/2026`,
          attendance: 30,
          decision: 'agreed',
        });
      }
      case 'POST /v1/prelist-entries/{id}/field-verification': {
        const e = await prelist(true);
        return ok(`/v1/prelist-entries/${e.entryId}/field-verification`, {
          expectedVersion: e.version,
          verifier: 'TKSK Pahandut',
          verifiedAt: '2026-11-27',
          members: e.memberIds.map((memberId) => ({ memberId, outcome: 'confirmed' })),
        });
      }
      case 'POST /v1/prelist-entries/{id}/dukcapil-match': {
        const e = await prelist(true);
        return ok(`/v1/prelist-entries/${e.entryId}/dukcapil-match`, {
          expectedVersion: e.version,
          members: e.memberIds.map((memberId) => ({ memberId, status: 'padan' })),
        });
      }
      case 'POST /v1/proposals/{kind}/{id}/withdraw': {
        const e = await prelist();
        return ok(`/v1/proposals/prelist/${e.entryId}/withdraw`, {
          expectedVersion: e.version,
          reason: 'Warga pindah domisili.',
        });
      }
      case 'POST /v1/data-changes':
        return ok(path, dataChangeBody());
      case 'GET /v1/data-changes/{id}':
        return ok(`/v1/data-changes/${fx.dataChangeId}`);
      case 'POST /v1/data-changes/{id}/decision': {
        const dc = await created('POST', '/v1/data-changes', 'FO', dataChangeBody());
        return ok(`/v1/data-changes/${dc.dataChangeId as string}/decision`, {
          expectedVersion: dc.version,
          decision: 'approve',
          note: 'Sesuai KTP.',
        });
      }
      case 'PUT /v1/musdes-meetings/{id}/attendance': {
        const m = await musdesMeeting();
        return ok(`/v1/musdes-meetings/${m.meetingId as string}/attendance`, attendance(m.version));
      }
      case 'POST /v1/musdes-meetings/{id}/decisions': {
        const m = await musdesMeeting();
        await created('PUT', `/v1/musdes-meetings/${m.meetingId as string}/attendance`, 'BO', attendance(m.version));
        const e = await prelist();
        return ok(`/v1/musdes-meetings/${m.meetingId as string}/decisions`, {
          decisions: [{ entryId: e.entryId, decision: 'agreed' }],
        });
      }
      case 'GET /v1/musdes-meetings/{id}/berita-acara':
        return ok(`/v1/musdes-meetings/${fx.meetingId}/berita-acara`);
      case 'POST /v1/musdes-meetings/{id}/berita-acara-signed': {
        const m = await decidedMeeting();
        // Signed on paper: the latest minutes downloaded, printed, signed and photographed.
        const minutes = await http('GET', `/v1/musdes-meetings/${m}/berita-acara`, 'BO');
        if (minutes.status !== 200) throw new Error(`fixture minutes: ${minutes.status} ${minutes.text}`);
        return {
          url: `/v1/musdes-meetings/${m}/berita-acara-signed`,
          raw: { type: 'image/jpeg', bytes: JPEG, headers: { 'x-file-name': 'ba.jpg' } },
          succeeds: true,
        };
      }
      case 'GET /v1/field/checks/{complaintId}':
        return ok(`/v1/field/checks/${fx.fieldCheckId}`);
      case 'POST /v1/field/checks/{complaintId}': {
        const c = await fieldCheck();
        return ok(`/v1/field/checks/${c.complaintId}`, { action: 'approve', expectedVersion: c.version });
      }
      case 'POST /v1/field/checks/{complaintId}/answer': {
        const c = await fieldCheck();
        const returned = await created('POST', `/v1/field/checks/${c.complaintId}`, 'SPV', {
          action: 'return',
          expectedVersion: c.version,
          question: 'Sejak bulan apa bantuan tidak diterima?',
        });
        return ok(`/v1/field/checks/${c.complaintId}/answer`, {
          answerId: `matriks:${uuidv7()}`,
          expectedVersion: returned.version,
          answer: 'Sejak Agustus 2026.',
        });
      }
      case 'POST /v1/ranking/candidates':
        return ok(path, { regionCode: '62.71', preset: fx.rankingPreset, limit: 10, page: 1, pageSize: 10 });
      case 'POST /v1/ranking/candidates/export':
        return ok(path, { regionCode: '62.71', preset: fx.rankingPreset, limit: 10, format: 'csv' });
      case 'POST /v1/siks/exports':
        await readyPrelist();
        return ok(path, { kind: 'prelist', dataPeriod: '2026-11', regionCode: '62.71', profile: fx.siksProfile });
      case 'GET /v1/siks/exports/{id}':
        return ok(`/v1/siks/exports/${fx.siksExportId}`);
      case 'GET /v1/siks/exports/{id}/file':
        return ok(`/v1/siks/exports/${fx.siksExportId}/file?format=csv`);
      case 'POST /v1/outcome-verifications/{id}/answer': {
        const v = await outcomeVerification();
        return ok(`/v1/outcome-verifications/${v.verificationId as string}/answer`, {
          answer: 'ya',
          via: 'counter',
          expectedVersion: v.version,
          note: 'Warga datang ke loket.',
        });
      }
      case 'POST /v1/cases/{id}/puskesos-resolution': {
        const c = await caseAfter([]);
        return ok(`/v1/cases/${c.caseId}/puskesos-resolution`, {
          expectedVersion: c.version,
          requestId: `matriks-${uuidv7()}`,
          kind: 'layanan-desa',
          actionTaken: 'SKTM diterbitkan kelurahan; warga didampingi mendaftar ulang.',
        });
      }
      case 'POST /v1/mass-issues':
        return ok(path, { ...(await suggestion()), title: 'PKH tahap III belum cair' });
      case 'POST /v1/mass-issues/dismissals':
        return ok(path, { ...(await suggestion()), note: 'Keluhan berbeda-beda, bukan satu pola.' });
      case 'POST /v1/mass-issues/{id}/members': {
        const m = await massIssue();
        return ok(`/v1/mass-issues/${m.id as string}/members`, {
          expectedVersion: m.version,
          add: [await caseOf(await complaintOf())],
        });
      }
      case 'POST /v1/mass-issues/{id}/referral':
        return ok(`/v1/mass-issues/${(await approvedMassIssue()).id as string}/referral`, {});
      case 'POST /v1/owner/referral-groups/{id}/responses': {
        const referred = await created(
          'POST',
          `/v1/mass-issues/${(await approvedMassIssue()).id as string}/referral`,
          'BO',
          {},
        );
        if (!(referred.sent as unknown[]).length)
          throw new Error(`mass issue not referred: ${JSON.stringify(referred.skipped)}`);
        const group = await waitFor(
          async () =>
            (
              (await created('GET', '/v1/owner/referral-groups?awaitingOnly=true', 'PO', undefined)).items as Array<{
                groupId: string;
              }>
            )[0],
          { message: 'referral group sent' },
        );
        return ok(`/v1/owner/referral-groups/${group.groupId}/responses`, {
          responseId: `matriks-grp-${group.groupId.slice(-8)}`,
          answer: 'accepted',
          note: 'Diterima untuk ditindaklanjuti.',
        });
      }
      case 'POST /v1/inbox/{id}/read': {
        await inboxItemFor[role]();
        const item = await waitFor(
          async () =>
            ((await created('GET', '/v1/inbox?unread=true', role, undefined)).items as Array<{ itemId: string }>)[0],
          { timeoutMs: 20_000, message: `an unread inbox item of ${role}` },
        );
        return ok(`/v1/inbox/${item.itemId}/read`, {});
      }
      case 'POST /v1/messages/{id}/actions':
        return ok(`/v1/messages/${await messageOf()}/actions`, {
          action: 'switch-to-letter',
          note: 'Tanpa penyedia SMS.',
        });
      case 'GET /v1/messages/{id}/letter':
        return ok(`/v1/messages/${fx.letterId}/letter`);
      case 'POST /v1/owner-webhooks/{ownerCode}/deliveries/{id}/redeliver': {
        const delivery = await waitFor(
          async () =>
            (
              (await created('GET', '/v1/owner-webhooks/kemensos-pkh/deliveries', 'ADMIN', undefined)).items as Array<{
                id: string;
              }>
            )[0],
          { message: 'a webhook delivery' },
        );
        return ok(`/v1/owner-webhooks/kemensos-pkh/deliveries/${delivery.id}/redeliver`, {});
      }
      case 'POST /v1/siks/verivali-imports':
        return {
          url: path,
          raw: { type: 'text/csv', bytes: verivaliResults(), headers: { 'x-file-name': 'hasil-verivali.csv' } },
          succeeds: true,
        };
      case 'GET /v1/siks/verivali-imports/{id}':
        return ok(`/v1/siks/verivali-imports/${fx.verivaliJobId}`);
      case 'POST /v1/owner/referrals/{id}/forward': {
        const referralId = await sentReferral([LOCAL_OWNER]);
        return {
          ...ok(`/v1/owner/referrals/${referralId}/forward`, {
            responseId: `matriks-fwd-${referralId.slice(-12)}`,
            targetOwnerCode: 'kemensos-pkh',
            reason: 'Kewenangan penyaluran PKH ada di pusat.',
          }),
          token: fx.localOwnerToken,
        };
      }
      case 'GET /v1/holidays':
        return ok('/v1/holidays?year=2026');
      case 'GET /v1/mass-issues':
      case 'GET /v1/owner/referral-groups':
        return ok(path);
      case 'PUT /v1/mass-issue-threshold':
        return ok(path, { minComplaints: 2, windowDays: 14, area: 'desa' });
      case 'GET /v1/reports/kpis':
        return ok('/v1/reports/kpis?fromMonth=2026-01&toMonth=2026-12&groupBy=kecamatan');
      case 'GET /v1/reports/owner-board':
        return ok('/v1/reports/owner-board?fromMonth=2026-01&toMonth=2026-12');
      case 'GET /v1/reports/monthly':
        return ok('/v1/reports/monthly?format=xlsx&kabKotaCode=62.71&month=2026-11');
      case 'GET /v1/reports/puskesos':
        return ok('/v1/reports/puskesos?month=2026-11');
      case 'GET /v1/reports/rollup':
        return ok('/v1/reports/rollup?month=2026-11');
      case 'POST /v1/users':
        return ok(path, {
          username: `matriks.${++serial}`,
          displayName: 'Pengguna Matriks',
          password: 'kata-sandi-kuat-1',
          roles: ['BO'],
          regionScope: ['62.71'],
        });
      case 'PATCH /v1/users/{id}':
        return ok(`/v1/users/${(await user()).id as string}`, {
          displayName: 'Pengguna Matriks Baru',
          roles: ['FS'],
          regionScope: ['62.71.01.1001'],
          active: true,
        });
      case 'DELETE /v1/users/{id}':
        return ok(`/v1/users/${(await user()).id as string}`);
      case 'POST /v1/api-keys':
        return ok(path, { ownerCode: 'kemensos-pkh', label: 'Matriks' });
      case 'DELETE /v1/api-keys/{id}':
        return ok(
          `/v1/api-keys/${(await created('POST', '/v1/api-keys', 'ADMIN', { ownerCode: 'kemensos-pkh', label: 'Matriks' })).id as string}`,
        );
      case 'POST /v1/complaints':
        return ok(path, registration());
      case 'GET /v1/field/checks':
        return ok('/v1/field/checks?page=1&pageSize=10');
      case 'GET /v1/field/check-settings':
        return ok(path);
      case 'POST /v1/complaints/search-by-person':
        return ok(path, { nik: fx.nik });
      case 'PUT /v1/complaints/{id}': {
        const id = await complaint();
        const version = (await created('GET', `/v1/complaints/${id}`, role, undefined)).version as number;
        return ok(`/v1/complaints/${id}`, {
          expectedVersion: version,
          reason: 'Salah ketik pada uraian pengaduan.',
          complaint: complaintInput(),
        });
      }
      case 'POST /v1/complaints/{id}/withdraw':
        return ok(`/v1/complaints/${await complaint()}/withdraw`, { reason: 'Warga membatalkan pengaduan.' });
      case 'POST /v1/field-sync':
        return ok(path, {
          items: [
            {
              clientId: `matriks-${role}:${uuidv7()}`,
              recordedAt: new Date().toISOString(),
              complaint: complaintInput(),
            },
          ],
        });
      case 'POST /v1/field/devices':
        return ok(path, { label: 'HP matriks', installationId: `matriks-${uuidv7()}` });
      case 'POST /v1/field/devices/{deviceId}/revoke': {
        const device = await created('POST', '/v1/field/devices', 'FS', {
          label: 'HP matriks',
          installationId: `matriks-${uuidv7()}`,
        });
        return ok(`/v1/field/devices/${device.deviceId as string}/revoke`, { reason: 'Uji matriks' });
      }
      case 'POST /v1/field/uploads':
        return ok(path, {
          clientUploadId: `matriks-${uuidv7()}`,
          complaintId: await complaint(),
          fileName: 'foto.jpg',
          contentType: 'image/jpeg',
          size: 1000,
          sha256: '0'.repeat(64),
        });
      case 'GET /v1/field/uploads/{uploadId}': {
        const upload = await created('POST', '/v1/field/uploads', role, {
          clientUploadId: `matriks-${uuidv7()}`,
          complaintId: await complaint(),
          fileName: 'foto.jpg',
          contentType: 'image/jpeg',
          size: 1000,
          sha256: '0'.repeat(64),
        });
        return ok(`/v1/field/uploads/${upload.uploadId as string}`);
      }
      case 'PUT /v1/holidays/{date}':
        return ok('/v1/holidays/2026-12-30', { name: 'Libur uji matriks' });
      case 'DELETE /v1/holidays/{date}':
        await created('PUT', '/v1/holidays/2026-12-29', 'ADMIN', { name: 'Libur uji matriks' });
        return ok('/v1/holidays/2026-12-29');
      case 'POST /v1/registry/lookup-audit/search':
        return ok(path, {});
      case 'POST /v1/message-templates/preview':
        return ok(path, { step: 'received', channel: 'sms' });
      case 'PUT /v1/notification-settings':
        return ok(path, {});
      case 'PUT /v1/owner-webhooks/{ownerCode}':
        return ok('/v1/owner-webhooks/kemensos-pkh', { url: 'https://pkh.example.go.id/hook', active: true });
      case 'PUT /v1/message-templates/{step}/{channel}':
        return ok('/v1/message-templates/received/sms', {
          body: 'Pengaduan {nomorPengaduan} sudah kami terima. Cek status: {tautanStatus}',
        });
      case 'POST /v1/registry/persons/search':
        return ok(path, { by: 'nik', nik: fx.nik, purpose: { kind: 'service', reference: 'matriks' } });
      case 'POST /v1/registry/statements':
        return ok(path, { nik: fx.nik, purpose: { kind: 'document', reference: 'matriks' } });
      case 'POST /v1/musdes-meetings':
        return ok(path, {
          desaCode: '62.71.01.1001',
          date: '2026-11-20',
          agenda: 'Pembahasan usulan prelist',
          place: 'Aula kelurahan',
          chairName: 'Lurah Matriks',
          chairRole: 'lurah',
        });
      case 'GET /v1/musdes-meetings':
        return ok('/v1/musdes-meetings?regionCode=62.71.01&page=1&pageSize=20');
      case 'GET /v1/musdes-meetings/{id}': {
        const meeting = await created('POST', '/v1/musdes-meetings', 'BO', {
          desaCode: '62.71.01.1001',
          date: '2026-11-21',
          agenda: 'Pembahasan usulan prelist',
          place: 'Aula kelurahan',
          chairName: 'Lurah Matriks',
          chairRole: 'lurah',
        });
        return ok(`/v1/musdes-meetings/${meeting.meetingId as string}`);
      }
      case 'POST /v1/ppks-records':
        return ok(path, {
          categoryCode: fx.ppksCategory,
          name: 'Warga Matriks',
          desaCode: '62.71.01.1001',
          conditionNote: 'Lansia terlantar tinggal sendiri.',
        });
      case 'GET /v1/ppks-records/{id}':
        return ok(`/v1/ppks-records/${fx.ppksRecordId}`);
      case 'GET /v1/complaints/{id}':
      case 'GET /v1/complaints/{id}/receipt':
      case 'GET /v1/complaints/{id}/attachments':
      case 'GET /v1/complaints/{id}/messages':
      case 'GET /v1/cases/{id}':
      case 'GET /v1/owner-webhooks/{ownerCode}/deliveries':
      case 'POST /v1/inbox/read-all':
        return ok(fill(path), key.startsWith('POST') ? {} : undefined);
      default:
        // A list without required parameters is valid as it is.
        if (key.startsWith('GET ') && !path.includes('{')) return ok(path);
        return plain(key);
    }
  };

  beforeAll(async () => {
    // Hundreds of requests a minute from one address: the rate limits are not what this test is about.
    stack = await FullStack.start('e2ematrix', {
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    for (const role of ALL) tokens[role] = await stack.token(USERS[role]);
    doc = (await (await fetch(`${stack.base}/openapi.json`)).json()) as Doc;
    // The registry knows every subject the matrix registers (a DTSEN snapshot uploaded through the gateway).
    const job = await http('POST', '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen', 'ADMIN', undefined, {
      type: 'text/csv',
      bytes: Buffer.from(SNAPSHOT_CSV),
    });
    if (job.status !== 202) throw new Error(`snapshot upload: ${job.status} ${job.text}`);
    fx.importJobId = (JSON.parse(job.text) as { jobId: string }).jobId;
    await waitFor(
      async () =>
        (await created('GET', `/v1/registry/imports/${fx.importJobId}`, 'ADMIN', undefined)).status === 'succeeded',
      { timeoutMs: 60_000, message: 'snapshot imported' },
    );
    // Fixtures through the API and the bus: a complaint registered by the FO, and a case for it.
    fx.nik = personOf(serial).nik;
    fx.complaintId = (await created('POST', '/v1/complaints', 'FO', registration())).complaintId as string;
    fx.noNikComplaintId = await complaintOf({ withoutNik: true });
    fx.attachmentId = (
      await (async () => {
        const res = await http('POST', `/v1/complaints/${fx.complaintId}/attachments`, 'FO', undefined, {
          type: 'image/jpeg',
          bytes: JPEG,
          headers: { 'x-file-name': 'foto.jpg' },
        });
        if (res.status !== 201) throw new Error(`fixture attachment: ${res.status} ${res.text}`);
        return JSON.parse(res.text) as { attachmentId: string };
      })()
    ).attachmentId;
    await created('POST', '/v1/programme-owners', 'ADMIN', {
      ...owner(PARTNER),
      name: 'Mitra CSR Matriks',
      nonGovernment: true,
    });
    fx.partnershipId = (await created('POST', '/v1/partnerships', 'ADMIN', partnership())).partnershipId as string;
    fx.prelistId = (await prelist()).entryId;
    fx.letterId = await letter();
    await created('POST', '/v1/programme-owners', 'ADMIN', {
      ...owner(LOCAL_OWNER),
      name: 'Dinas Sosial Kota (PKH) Matriks',
    });
    fx.localOwnerToken = await newUserToken('PO', LOCAL_OWNER);
    // The PKH owner's webhook (a host that does not answer): every referral sent to it leaves a delivery.
    await created('PUT', '/v1/owner-webhooks/kemensos-pkh', 'ADMIN', {
      url: 'https://pkh.example.go.id/hook',
      active: true,
    });
    await sentReferral();
    await created('PUT', '/v1/mass-issue-threshold', 'ADMIN', { minComplaints: 2, windowDays: 14, area: 'desa' });
    fx.fieldCheckId = (await fieldCheck()).complaintId;
    fx.rankingPreset = (await firstOf('/v1/ranking/presets', 'ADMIN')).code as string;
    fx.siksProfile = (
      (await created('GET', '/v1/siks/export-profiles?kind=prelist', 'ADMIN', undefined)).items as Array<{
        code: string;
      }>
    )[0]!.code;
    fx.exportedEntryId = await readyPrelist();
    fx.siksExportId = (
      await created('POST', '/v1/siks/exports', 'BO', {
        kind: 'prelist',
        dataPeriod: '2026-11',
        regionCode: '62.71',
        profile: fx.siksProfile,
      })
    ).batchId as string;
    await waitFor(
      async () => (await created('GET', `/v1/siks/exports/${fx.siksExportId}`, 'BO', undefined)).csvSha256,
      { timeoutMs: 30_000, message: 'SIKS-NG export file prepared' },
    );
    const verivali = await http('POST', '/v1/siks/verivali-imports', 'BO', undefined, {
      type: 'text/csv',
      bytes: verivaliResults(),
      headers: { 'x-file-name': 'hasil-verivali.csv' },
    });
    if (verivali.status !== 202) throw new Error(`fixture verivali upload: ${verivali.status} ${verivali.text}`);
    fx.verivaliJobId = (JSON.parse(verivali.text) as { jobId: string }).jobId;
    fx.dataChangeId = (await created('POST', '/v1/data-changes', 'FO', dataChangeBody())).dataChangeId as string;
    fx.meetingId = await decidedMeeting();
    const intake = await connectDirectPublisher({
      ...stack.nats.credentials('intake'),
      service: 'intake',
      kabKotaCode: '62.71',
    });
    try {
      await intake.publish('slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId: uuidv7(),
        receiptNumber: '6271-2611-000789',
        desaCode: '62.71.01.1001',
        category: 'non-kepesertaan',
        programmeCodes: ['PKH'],
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
        checkedAt: new Date().toISOString(),
      });
    } finally {
      await intake.close();
    }
    fx.ppksCategory = (
      (await created('GET', '/v1/ppks-categories', 'FO', undefined)).items as Array<{ code: string }>
    )[0]!.code;
    fx.ppksRecordId = (
      await created('POST', '/v1/ppks-records', 'FO', {
        categoryCode: fx.ppksCategory,
        name: 'Warga Matriks',
        desaCode: '62.71.01.1001',
        conditionNote: 'Lansia terlantar tinggal sendiri.',
      })
    ).ppksRecordId as string;
    fx.caseId = await waitFor(
      async () =>
        (
          JSON.parse((await http('GET', '/v1/cases?queue=mine', 'SPV')).text) as {
            items: Array<{ caseId: string; receiptNumber: string }>;
          }
        ).items.find((c) => c.receiptNumber === '6271-2611-000789')?.caseId,
      { message: 'case opened' },
    );
  }, 180_000);

  afterAll(() => stack?.close());

  it('has a row for every authenticated operation of the OpenAPI document, and none it lacks', () => {
    const secured = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.length)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(Object.keys(MATRIX).sort()).toEqual(secured.sort());
    // Each exception names an operation of the matrix (and a role allowed on it): none outlives its operation.
    for (const listed of Object.keys(NO_SUCCESS_HERE)) {
      const [key, role] = listed.split(' as ') as [string, Role | undefined];
      expect({ listed, known: key in MATRIX && (!role || MATRIX[key]!.includes(role)) }).toEqual({
        listed,
        known: true,
      });
    }
  });

  it.each(Object.keys(MATRIX))(
    '%s: 403 for every role outside its roles; its documented success for each inside',
    async (key) => {
      const [method] = key.split(' ') as [string, string];
      const allowed = MATRIX[key]!;
      const documented = Object.keys(doc.paths[key.split(' ')[1]!]![method.toLowerCase()]!.responses);
      const success = documented.filter((s) => s.startsWith('2'));
      const outcomes: Array<{ role: Role; status: number; detail?: string }> = [];
      for (const role of ALL) {
        const unproven = NO_SUCCESS_HERE[key] ?? NO_SUCCESS_HERE[`${key} as ${role}`];
        const call = !allowed.includes(role) || unproven ? plain(key) : await callOf(key, role);
        // Every allowed role is asked a request that succeeds, unless the operation is listed above with its reason.
        if (allowed.includes(role) && !unproven)
          expect({ role, succeeds: call.succeeds }).toEqual({ role, succeeds: true });
        const res = await http(method, call.url, role, call.body, call.raw, call.token);
        if (!allowed.includes(role)) {
          expect({ role, status: res.status, type: res.type.split(';')[0] }).toEqual({
            role,
            status: 403,
            type: 'application/problem+json',
          });
          expect(JSON.parse(res.text)).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
          continue;
        }
        outcomes.push({ role, status: res.status, ...(res.status >= 300 ? { detail: res.text.slice(0, 200) } : {}) });
        if (call.succeeds)
          expect({ role, success: success.includes(String(res.status)), status: res.status }).toEqual({
            role,
            success: true,
            status: res.status,
          });
        else {
          expect({ role, documented: documented.includes(String(res.status)) }).toEqual({ role, documented: true });
          expect({ role, refused: [401, 403].includes(res.status), serverError: res.status >= 500 }).toEqual({
            role,
            refused: false,
            serverError: false,
          });
        }
      }
      expect(outcomes.map((o) => o.role)).toEqual(ALL.filter((r) => allowed.includes(r)));
    },
    60_000,
  );
});
