/**
 * The gateway's role matrix, end to end: every operation of the OpenAPI document, asked by every
 * role, against the real intake, registry, referral and notification services. A role outside an
 * operation's roles gets 403 FORBIDDEN from the gateway. A role inside them gets the operation's
 * documented success where the matrix holds a valid request for it (real fixtures made through
 * the API); for the others it gets a status the operation documents, never 401/403 and never a
 * 5xx (every service is running, so a 503 fails too). An operation added to the document without
 * a row here fails the test.
 */
import { v7 as uuidv7 } from 'uuid';
import { generateKk, generateNik } from '@slrt/domain';
import { connectDirectPublisher } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

const USERS = { FO: 'demo.fo', FS: 'demo.fs', SPV: 'demo.spv', MJ: 'demo.mj', BO: 'demo.bo', PO: 'demo.po.pkh', SEKRETARIAT: 'demo.sekretariat', ADMIN: 'demo.admin' } as const;
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
  body?: unknown;
  /** The request is valid for every allowed role: the documented success is expected. */
  succeeds: boolean;
}

let serial = 9000;
function registration() {
  const s = serial++;
  const nik = generateNik({ regionCode: '62.71.01', birthDate: '1985-04-12', sex: 'F', serial: s });
  return {
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: { nik, noKk: generateKk({ regionCode: '62.71.01', issueDate: '2015-03-12', serial: s }), name: 'Siti Aminah', birthDate: '1985-04-12', sex: 'F', birthPlace: 'Palangka Raya', address: { street: 'Jl. Contoh 1', rt: '002', rw: '003', desaCode: '62.71.01.1001' }, phone: '0812 3456 7890', consent: true },
    complainant: null,
    relationship: 'self',
    anonymous: false,
    confidential: false,
    complaint: { category: 'non-kepesertaan', contactType: 'pengaduan', programmeCodes: ['PKH'], sector: 'sosial-ekonomi', description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.', documentsReceived: ['KTP'] },
  };
}

describe('e2e: the gateway role matrix, every operation and role against the real services', () => {
  let stack: FullStack;
  let doc: Doc;
  const tokens = {} as Record<Role, string>;
  const fx = { complaintId: '', caseId: '', nik: '', ppksCategory: '', ppksRecordId: '' };

  const http = async (method: string, url: string, role: Role, body?: unknown) => {
    const res = await fetch(`${stack.base}${url}`, {
      method,
      headers: { authorization: `Bearer ${tokens[role]}`, 'idempotency-key': `matrix-${uuidv7()}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
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
    const ok = (url: string, body?: unknown): Call => ({ url, ...(body !== undefined ? { body } : {}), succeeds: true });
    const user = () => created('POST', '/v1/users', 'ADMIN', { username: `matriks.${++serial}`, displayName: 'Pengguna Matriks', password: 'kata-sandi-kuat-1', roles: ['FO'], regionScope: ['62.71.01.1001'] });
    const complaint = async () => (await created('POST', '/v1/complaints', 'FO', registration())).complaintId as string;
    switch (key) {
      case 'GET /v1/holidays':
        return ok('/v1/holidays?year=2026');
      case 'GET /v1/mass-issues':
      case 'GET /v1/owner/referral-groups':
        return ok(path);
      case 'PUT /v1/mass-issue-threshold':
        return ok(path, { minComplaints: 5, windowDays: 14, area: 'desa' });
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
        return ok(path, { username: `matriks.${++serial}`, displayName: 'Pengguna Matriks', password: 'kata-sandi-kuat-1', roles: ['BO'], regionScope: ['62.71'] });
      case 'PATCH /v1/users/{id}':
        return ok(`/v1/users/${(await user()).id as string}`, { displayName: 'Pengguna Matriks Baru', roles: ['FS'], regionScope: ['62.71.01.1001'], active: true });
      case 'DELETE /v1/users/{id}':
        return ok(`/v1/users/${(await user()).id as string}`);
      case 'POST /v1/api-keys':
        return ok(path, { ownerCode: 'kemensos-pkh', label: 'Matriks' });
      case 'DELETE /v1/api-keys/{id}':
        return ok(`/v1/api-keys/${(await created('POST', '/v1/api-keys', 'ADMIN', { ownerCode: 'kemensos-pkh', label: 'Matriks' })).id as string}`);
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
        return ok(`/v1/complaints/${id}`, { expectedVersion: version, reason: 'Salah ketik pada uraian pengaduan.', complaint: complaintInput() });
      }
      case 'POST /v1/complaints/{id}/withdraw':
        return ok(`/v1/complaints/${await complaint()}/withdraw`, { reason: 'Warga membatalkan pengaduan.' });
      case 'POST /v1/field-sync':
        return ok(path, { items: [{ clientId: `matriks-${role}:${uuidv7()}`, recordedAt: new Date().toISOString(), complaint: complaintInput() }] });
      case 'POST /v1/field/devices':
        return ok(path, { label: 'HP matriks', installationId: `matriks-${uuidv7()}` });
      case 'POST /v1/field/devices/{deviceId}/revoke': {
        const device = await created('POST', '/v1/field/devices', 'FS', { label: 'HP matriks', installationId: `matriks-${uuidv7()}` });
        return ok(`/v1/field/devices/${device.deviceId as string}/revoke`, { reason: 'Uji matriks' });
      }
      case 'POST /v1/field/uploads':
        return ok(path, { clientUploadId: `matriks-${uuidv7()}`, complaintId: await complaint(), fileName: 'foto.jpg', contentType: 'image/jpeg', size: 1000, sha256: '0'.repeat(64) });
      case 'GET /v1/field/uploads/{uploadId}': {
        const upload = await created('POST', '/v1/field/uploads', role, { clientUploadId: `matriks-${uuidv7()}`, complaintId: await complaint(), fileName: 'foto.jpg', contentType: 'image/jpeg', size: 1000, sha256: '0'.repeat(64) });
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
        return ok('/v1/message-templates/received/sms', { body: 'Pengaduan {nomorPengaduan} sudah kami terima. Cek status: {tautanStatus}' });
      case 'POST /v1/registry/persons/search':
        return ok(path, { by: 'nik', nik: fx.nik, purpose: { kind: 'service', reference: 'matriks' } });
      case 'POST /v1/registry/statements':
        // The fixture's subject is not in DTKS/DTSEN: the documented answer is 404, not a refusal.
        return { url: path, body: { nik: fx.nik, purpose: { kind: 'document', reference: 'matriks' } }, succeeds: false };
      case 'POST /v1/musdes-meetings':
        return ok(path, { desaCode: '62.71.01.1001', date: '2026-11-20', agenda: 'Pembahasan usulan prelist', place: 'Aula kelurahan', chairName: 'Lurah Matriks', chairRole: 'lurah' });
      case 'GET /v1/musdes-meetings':
        return ok('/v1/musdes-meetings?regionCode=62.71.01&page=1&pageSize=20');
      case 'GET /v1/musdes-meetings/{id}': {
        const meeting = await created('POST', '/v1/musdes-meetings', 'BO', { desaCode: '62.71.01.1001', date: '2026-11-21', agenda: 'Pembahasan usulan prelist', place: 'Aula kelurahan', chairName: 'Lurah Matriks', chairRole: 'lurah' });
        return ok(`/v1/musdes-meetings/${meeting.meetingId as string}`);
      }
      case 'POST /v1/ppks-records':
        return ok(path, { categoryCode: fx.ppksCategory, name: 'Warga Matriks', desaCode: '62.71.01.1001', conditionNote: 'Lansia terlantar tinggal sendiri.' });
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
    stack = await FullStack.start('e2ematrix');
    for (const role of ALL) tokens[role] = await stack.token(USERS[role]);
    doc = (await (await fetch(`${stack.base}/openapi.json`)).json()) as Doc;
    // Fixtures through the API and the bus: a complaint registered by the FO, and a case for it.
    const reg = registration();
    fx.nik = reg.subject.nik;
    fx.complaintId = (await created('POST', '/v1/complaints', 'FO', reg)).complaintId as string;
    const intake = await connectDirectPublisher({ ...stack.nats.credentials('intake'), service: 'intake', kabKotaCode: '62.71' });
    try {
      await intake.publish('slrt.evt.intake.complaint.registry-checked.v1', { complaintId: uuidv7(), receiptNumber: '6271-2611-000789', desaCode: '62.71.01.1001', category: 'non-kepesertaan', programmeCodes: ['PKH'], outcome: 'in-registry', nextStep: 'review', desil: 2, dataPeriod: '2026-09', checkedAt: new Date().toISOString() });
    } finally {
      await intake.close();
    }
    fx.ppksCategory = ((await created('GET', '/v1/ppks-categories', 'FO', undefined)).items as Array<{ code: string }>)[0]!.code;
    fx.ppksRecordId = (await created('POST', '/v1/ppks-records', 'FO', { categoryCode: fx.ppksCategory, name: 'Warga Matriks', desaCode: '62.71.01.1001', conditionNote: 'Lansia terlantar tinggal sendiri.' })).ppksRecordId as string;
    fx.caseId = await waitFor(async () => (JSON.parse((await http('GET', '/v1/cases?queue=mine', 'SPV')).text) as { items: Array<{ caseId: string; receiptNumber: string }> }).items.find((c) => c.receiptNumber === '6271-2611-000789')?.caseId, { message: 'case opened' });
  }, 180_000);

  afterAll(() => stack?.close());

  it('has a row for every authenticated operation of the OpenAPI document, and none it lacks', () => {
    const secured = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.security?.length).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(Object.keys(MATRIX).sort()).toEqual(secured.sort());
  });

  it.each(Object.keys(MATRIX))('%s: 403 for every role outside its roles; its documented answer for each inside', async (key) => {
    const [method] = key.split(' ') as [string, string];
    const allowed = MATRIX[key]!;
    const documented = Object.keys(doc.paths[key.split(' ')[1]!]![method.toLowerCase()]!.responses);
    const success = documented.filter((s) => s.startsWith('2'));
    const outcomes: Array<{ role: Role; status: number; detail?: string }> = [];
    for (const role of ALL) {
      const call = allowed.includes(role) ? await callOf(key, role) : plain(key);
      const res = await http(method, call.url, role, call.body);
      if (!allowed.includes(role)) {
        expect({ role, status: res.status, type: res.type.split(';')[0] }).toEqual({ role, status: 403, type: 'application/problem+json' });
        expect(JSON.parse(res.text)).toMatchObject({ code: 'FORBIDDEN' });
        continue;
      }
      outcomes.push({ role, status: res.status, ...(res.status >= 300 ? { detail: res.text.slice(0, 200) } : {}) });
      if (call.succeeds) expect({ role, success: success.includes(String(res.status)), status: res.status }).toEqual({ role, success: true, status: res.status });
      else {
        expect({ role, documented: documented.includes(String(res.status)) }).toEqual({ role, documented: true });
        expect({ role, refused: [401, 403].includes(res.status), serverError: res.status >= 500 }).toEqual({ role, refused: false, serverError: false });
      }
    }
    expect(outcomes.map((o) => o.role)).toEqual(ALL.filter((r) => allowed.includes(r)));
  }, 60_000);
});
