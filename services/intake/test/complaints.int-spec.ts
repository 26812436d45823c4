/* eslint-disable max-lines -- integration spec of intake: complaints over NATS: its tests share one booted stack, which takes seconds to start */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { DEVELOPMENT_IDENTIFIER_HASH_KEY } from '@slrt/config';
import { systemActor, type LookupNikResponseV1 } from '@slrt/contracts';
import { generateNik, identifierHash } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { ComplaintsService } from '../src/complaints/complaints.service.js';
import { RegistryCheckScheduler } from '../src/complaints/registry-check.js';
import {
  operator,
  person,
  registration,
  registryDouble,
  startIntake,
  type IntakeHarness,
} from './support/intake-harness.js';

const REGISTER = 'slrt.rpc.intake.register-complaint.v1' as const;
const fo = operator(['FO'], ['62.71.01.1001'], 'fo-pahandut');
const fs = operator(['FS'], ['62.71.01.1001'], 'fs-pahandut');
const foElsewhere = operator(['FO'], ['62.71.02.1001'], 'fo-elsewhere');
const spv = operator(['SPV'], ['62.71.01'], 'spv-pahandut');
const bo = operator(['BO'], ['62.71'], 'bo-kota');
const admin = operator(['ADMIN'], ['62.71'], 'admin-kota');
const inRegistry = (desil = 2): LookupNikResponseV1 => ({
  found: true,
  householdId: 'hh-1',
  desil,
  programmeFlags: ['PKH', 'PBI'],
  dataPeriod: '2026-09',
});

describe('intake: complaints over NATS', () => {
  let h: IntakeHarness;
  const outbox = async (subject: string) =>
    (await h.db.query(`SELECT envelope FROM outbox WHERE subject = $1`, [subject])).rows.map((r) => r.envelope);

  beforeAll(async () => {
    h = await startIntake();
  }, 60_000);
  afterAll(async () => h?.close());
  beforeEach(() => {
    registryDouble.delayMs = 0;
  });

  describe('registerComplaint', () => {
    it('registers, checks the registry and publishes registered + registry-checked without personal data', async () => {
      const req = registration();
      registryDouble.known.set(req.subject.nik, inRegistry(2));
      const res = await h.call(REGISTER, req, fo);
      expect(res).toMatchObject({
        status: 'triaged',
        registryCheck: 'in-registry',
        nextStep: 'review',
        possibleDuplicateOf: null,
        replayed: false,
        version: 1,
      });
      expect(res.receiptNumber).toMatch(/^6271-\d{4}-\d{6}$/);
      expect(res.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      const [registered] = (await outbox('slrt.evt.intake.complaint.registered.v1')).filter(
        (e) => e.data.complaintId === res.complaintId,
      );
      expect(registered.data).toMatchObject({
        receiptNumber: res.receiptNumber,
        registryCheck: 'in-registry',
        desaCode: '62.71.01.1001',
        subjectHasNik: true,
      });
      expect(JSON.stringify(registered)).not.toContain(req.subject.nik);
      expect(registered.actor.id).toBe(fo.id);
      // The registry was asked by intake as itself, naming the FO for its audit.
      expect(registryDouble.last).toEqual({ caller: 'intake', actorId: 'system:intake', onBehalfOf: fo.id });
      const [checked] = (await outbox('slrt.evt.intake.complaint.registry-checked.v1')).filter(
        (e) => e.data.complaintId === res.complaintId,
      );
      expect(checked.data).toMatchObject({
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 2,
        dataPeriod: '2026-09',
      });
    });

    it('numbers receipts sequentially per kab/kota and month', async () => {
      const a = await h.call(REGISTER, registration(), fo);
      const b = await h.call(REGISTER, registration(), fs);
      const [pa, sa] = [a.receiptNumber.slice(0, 9), Number(a.receiptNumber.slice(10))];
      expect(b.receiptNumber).toBe(`${pa}-${String(sa + 1).padStart(6, '0')}`);
    });

    it('routes a subject not in the registry to a prelist proposal', async () => {
      const res = await h.call(REGISTER, registration(), fo);
      expect(res).toMatchObject({ registryCheck: 'not-in-registry', nextStep: 'prelist', status: 'triaged' });
    });

    it('routes a subject without NIK to civil registration, without asking the registry', async () => {
      const calls = registryDouble.calls;
      const req = registration({}, { nik: undefined, noKk: undefined });
      const res = await h.call(REGISTER, req, fo);
      expect(res).toMatchObject({ registryCheck: 'no-identity', nextStep: 'civil-registration' });
      expect(registryDouble.calls).toBe(calls);
    });

    it('registers as pending when the registry is silent, and completes the check later by itself', async () => {
      registryDouble.delayMs = 2000; // longer than INTAKE_REGISTRY_TIMEOUT_MS (300)
      const req = registration();
      registryDouble.known.set(req.subject.nik, inRegistry(4));
      // An FO: an FS registration would wait for the supervisor's check first (field-check.int-spec.ts).
      const res = await h.call(REGISTER, req, fo);
      expect(res).toMatchObject({ status: 'registered', registryCheck: 'pending', nextStep: null });
      const status = await h.call(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber: res.receiptNumber, trackingCode: res.trackingCode },
        fo,
      );
      expect(status.stage).toBe('pengecekan-data');
      registryDouble.delayMs = 0;
      await waitFor(
        async () =>
          (await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: res.complaintId }, fs)).registryCheck ===
          'in-registry',
        { timeoutMs: 20_000 },
      );
      const events = (await outbox('slrt.evt.intake.complaint.registry-checked.v1')).filter(
        (e) => e.data.complaintId === res.complaintId,
      );
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ outcome: 'in-registry', desil: 4 });
      expect(events[0].actor.id).toBe('system:intake');
      // Nothing left for the scheduler: a further round completes nothing.
      expect(await h.intake.get(RegistryCheckScheduler).runOnce()).toBe(0);
    }, 30_000);

    it('is idempotent by key: a retry returns the first result; a reused key with other content is a conflict', async () => {
      const req = registration();
      const first = await h.call(REGISTER, req, fo);
      const again = await h.call(REGISTER, req, fo);
      expect(again).toMatchObject({
        complaintId: first.complaintId,
        receiptNumber: first.receiptNumber,
        replayed: true,
      });
      const err = await h.fail(
        REGISTER,
        { ...req, complaint: { ...req.complaint, description: 'Isi lain sama sekali untuk kunci yang sama.' } },
        fo,
      );
      expect(err).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('creates exactly one complaint and one registered event for concurrent retries with the same key, after they really raced', async () => {
      const since = (await h.db.query(`SELECT now() AS t`)).rows[0].t;
      const description = `Balapan idempoten ${uuidv7()}: bantuan belum diterima.`;
      const req = registration({
        complaint: {
          category: 'non-kepesertaan',
          contactType: 'pengaduan',
          programmeCodes: ['PKH'],
          sector: 'sosial-ekonomi',
          description,
          documentsReceived: [],
        },
      });
      // The registry answers slowly, so every retry is past the "key already used?" check before any commits.
      registryDouble.delayMs = 150;
      const calls = registryDouble.calls;
      const answers = await Promise.all(Array.from({ length: 6 }, () => h.call(REGISTER, req, fo)));
      // All six asked the registry: none found the key taken, so all six raced to the insert.
      expect(registryDouble.calls - calls).toBe(6);
      expect(new Set(answers.map((a) => a.complaintId)).size).toBe(1);
      expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
      // What could double: complaint rows (each loser inserted its own id before losing), their
      // persons, and registered events in the outbox.
      const complaints = await h.db.query(`SELECT id FROM complaint WHERE description = $1`, [description]);
      expect(complaints.rows.map((r) => r.id)).toEqual([answers[0]!.complaintId]);
      expect(
        (
          await h.db.query(
            `SELECT count(*)::int AS n FROM complaint_person p WHERE NOT EXISTS (SELECT 1 FROM complaint c WHERE c.id = p.complaint_id)`,
          )
        ).rows[0].n,
      ).toBe(0);
      const registered = await h.db.query(
        `SELECT envelope->'data'->>'complaintId' AS id FROM outbox WHERE subject = 'slrt.evt.intake.complaint.registered.v1' AND created_at >= $1`,
        [since],
      );
      expect(registered.rows.map((r) => r.id)).toEqual([answers[0]!.complaintId]);
    });

    it('answers every broken field at once, in Bahasa Indonesia', async () => {
      const badNik = person('F').nik.slice(0, 6) + '320199' + '0001'; // 32 Jan: not a date, even for a man
      const err = await h.fail(
        REGISTER,
        registration(
          {
            relationship: 'child',
            complaint: {
              category: 'non-kepesertaan',
              contactType: 'pengaduan',
              programmeCodes: ['PKH', 'NOPE'],
              sector: 'sosial-ekonomi',
              description: 'Bantuan tidak cair sama sekali.',
              documentsReceived: [],
            },
          },
          { nik: badNik, phone: '12345', address: { desaCode: '62.71.01.9999' }, consent: false },
        ),
        fo,
      );
      expect(err.code).toBe('VALIDATION_FAILED');
      const fields = Object.fromEntries((err.fieldErrors ?? []).map((f) => [f.field, f.messages.join(' ')]));
      expect(Object.keys(fields).sort()).toEqual([
        'complainant',
        'complaint.programmeCodes.1',
        'subject.address.desaCode',
        'subject.consent',
        'subject.nik',
        'subject.phone',
      ]);
      expect(fields['subject.nik']).toMatch(/tanggal/i);
      expect(fields['subject.consent']).toMatch(/Persetujuan/);
    });

    it('treats null optional fields as absent (found by the property test: a null phone crashed)', async () => {
      const res = await h.call(
        REGISTER,
        registration({ place: null }, { phone: null, birthPlace: null, sex: null, noKk: null }),
        fo,
      );
      expect(res.status).toBeDefined();
    });

    it('rejects schema errors before anything is written', async () => {
      const before = (await h.db.query(`SELECT count(*)::int AS n FROM complaint`)).rows[0].n;
      const err = await h.fail(REGISTER, { ...registration(), channel: 'TELEPATHY', subject: { name: 'X' } }, fo);
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.fieldErrors?.map((f) => f.field)).toEqual(
        expect.arrayContaining(['channel', 'subject.name', 'subject.address', 'subject.consent']),
      );
      expect((await h.db.query(`SELECT count(*)::int AS n FROM complaint`)).rows[0].n).toBe(before);
    });

    it('accepts a NIK from a retired region code with a warning', async () => {
      // 91.01 (Merauke before Papua Selatan, 2022) survives in old NIKs.
      const nik = generateNik({ regionCode: '91.01.01', birthDate: '1970-01-05', sex: 'M', serial: 7 });
      const res = await h.call(REGISTER, registration({}, { nik, sex: 'M', birthDate: '1970-01-05' }), fo);
      expect(res.warnings.map((w) => w.code)).toContain('REGION_RETIRED');
    });

    it('refuses other roles and other regions', async () => {
      expect((await h.fail(REGISTER, registration(), spv)).code).toBe('FORBIDDEN');
      expect((await h.fail(REGISTER, registration(), admin)).code).toBe('FORBIDDEN');
      expect(await h.fail(REGISTER, registration(), foElsewhere)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'OUT_OF_SCOPE',
      });
    });

    it('flags a complaint about the same subject and programme as a possible duplicate, and shows the person\u2019s complaints', async () => {
      const subject = person('M', '1979-09-30');
      const first = await h.call(REGISTER, registration({}, subject), fo);
      const second = await h.call(REGISTER, registration({ channel: 'FASILITATOR_VISIT' }, subject), fs);
      expect(second.possibleDuplicateOf).toBe(first.complaintId);
      const other = await h.call(
        REGISTER,
        registration(
          {
            complaint: {
              category: 'non-kepesertaan',
              contactType: 'pengaduan',
              programmeCodes: ['PIP'],
              sector: 'pendidikan',
              description: 'KIP anak belum cair semester ini.',
              documentsReceived: [],
            },
          },
          subject,
        ),
        fo,
      );
      expect(other.possibleDuplicateOf).toBeNull();
      const seen = await h.call('slrt.rpc.intake.find-person-complaints.v1', { nik: subject.nik }, fs);
      expect(seen.items.map((i) => i.complaintId).sort()).toEqual(
        [first.complaintId, second.complaintId, other.complaintId].sort(),
      );
      const detail = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: first.complaintId }, fo);
      expect(detail.linkedComplaints).toEqual([second.complaintId]);
      // The flag reaches the events too (the registration's one statement takes it from the row),
      // and its events are in the outbox in order: registered, the two first steps, registry-checked.
      const third = await h.call(REGISTER, registration({}, subject), fo);
      expect(third.possibleDuplicateOf).toBe(first.complaintId);
      const events = (
        await h.db.query(
          `SELECT subject, envelope FROM outbox WHERE envelope->'data'->>'complaintId' = $1 ORDER BY created_at, id`,
          [third.complaintId],
        )
      ).rows;
      expect(events.map((e) => [e.subject.split('.').slice(-2, -1)[0], e.envelope.data.step ?? null])).toEqual([
        ['registered', null],
        ['status-changed', 'received'],
        ['status-changed', 'registry-checked'],
        ['registry-checked', null],
      ]);
      expect(events[0]!.envelope.data.possibleDuplicateOf).toBe(first.complaintId);
      expect(events[2]!.envelope.data).toMatchObject({ sequence: 2, previousStep: 'received' });
    });

    it('answers hostile and malformed payloads with 4xx codes only, never a crash', async () => {
      const allowed = new Set(['VALIDATION_FAILED', 'BAD_REQUEST', 'FORBIDDEN', 'CONFLICT', 'UNPROCESSABLE']);
      const base = registration();
      const hostile = fc.oneof(
        fc.string(),
        fc.constantFrom(
          '',
          ' ',
          "'; DROP TABLE complaint; --",
          '\u0000',
          '<script>alert(1)</script>',
          'x'.repeat(10_000),
          '62.71.01.1001',
          '6271010101010001',
        ),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      );
      const paths = [
        'channel',
        'recordedAt',
        'relationship',
        'anonymous',
        'subject',
        'subject.nik',
        'subject.noKk',
        'subject.name',
        'subject.birthDate',
        'subject.sex',
        'subject.address',
        'subject.address.desaCode',
        'subject.address.rt',
        'subject.phone',
        'subject.consent',
        'complainant',
        'complaint',
        'complaint.category',
        'complaint.programmeCodes',
        'complaint.sector',
        'complaint.description',
        'complaint.documentsReceived',
        '__proto__',
        'constructor',
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.constantFrom(...paths), hostile), { minLength: 1, maxLength: 4 }),
          async (mutations) => {
            const payload = structuredClone(base) as Record<string, unknown>;
            payload.idempotencyKey = `prop-${Math.random().toString(36).slice(2)}`;
            for (const [path, value] of mutations) {
              const keys = path.split('.');
              let target = payload as Record<string, unknown>;
              for (const k of keys.slice(0, -1)) {
                if (typeof target[k] !== 'object' || target[k] === null) target[k] = {};
                target = target[k] as Record<string, unknown>;
              }
              target[keys.at(-1)!] = value;
            }
            // Sent raw on the bus as the gateway would (not through RpcClient, which would validate
            // and refuse it in this process): the hostile values reach intake itself.
            const reply = (await h.raw(`${REGISTER}.gateway`, {
              id: uuidv7(),
              subject: REGISTER,
              occurredAt: new Date().toISOString(),
              producer: 'gateway',
              kabKotaCode: '62.71',
              correlationId: uuidv7(),
              causationId: null,
              actor: fo,
              data: payload,
            })) as { ok?: boolean; error?: { code?: string } } | Error;
            if (reply instanceof Error) throw reply;
            if (reply.ok === false && !allowed.has(reply.error?.code ?? ''))
              throw new Error(`unexpected ${reply.error?.code}: ${JSON.stringify(reply.error)}`);
            if (reply.ok !== true && reply.ok !== false) throw new Error(`not a reply: ${JSON.stringify(reply)}`);
          },
        ),
        { numRuns: 150 },
      );
      // Nothing half-written: every stored complaint has its subject, and each registration event its complaint.
      expect(
        (
          await h.db.query(
            `SELECT count(*)::int AS n FROM complaint c WHERE NOT EXISTS (SELECT 1 FROM complaint_person p WHERE p.complaint_id = c.id AND p.role = 'subject')`,
          )
        ).rows[0].n,
      ).toBe(0);
      expect(
        (
          await h.db.query(
            `SELECT count(*)::int AS n FROM outbox o WHERE o.subject = 'slrt.evt.intake.complaint.registered.v1' AND NOT EXISTS (SELECT 1 FROM complaint c WHERE c.id::text = o.envelope->'data'->>'complaintId')`,
          )
        ).rows[0].n,
      ).toBe(0);
    }, 90_000);
  });

  describe('reads', () => {
    let complaintId: string;
    let nik: string;
    beforeAll(async () => {
      const req = registration({}, { name: 'Rahmawati' });
      nik = req.subject.nik;
      complaintId = (await h.call(REGISTER, req, fo)).complaintId;
    });

    it('masks NIK, KK and phone by default and audits every read', async () => {
      const before = (
        await h.db.query(`SELECT count(*)::int AS n FROM access_audit WHERE complaint_id = $1`, [complaintId])
      ).rows[0].n;
      const d = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId }, spv);
      const subject = d.persons.find((p) => p.role === 'subject')!;
      expect(subject.nik).toBe(`************${nik.slice(12)}`);
      // Nothing beside the masked NIK rebuilds it: the birth date shows its year only.
      expect(subject.birthDate).toBe('1985');
      expect(JSON.stringify(d)).not.toContain(nik.slice(6, 12));
      expect(JSON.stringify(d)).not.toContain('1985-04-12');
      expect(subject.phone).not.toContain('3456');
      expect(subject.revealed).toBe(false);
      const after = (
        await h.db.query(
          `SELECT actor_id, revealed FROM access_audit WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1`,
          [complaintId],
        )
      ).rows[0];
      expect(after).toEqual({ actor_id: spv.id, revealed: false });
      expect(
        (await h.db.query(`SELECT count(*)::int AS n FROM access_audit WHERE complaint_id = $1`, [complaintId])).rows[0]
          .n,
      ).toBe(before + 1);
    });

    it('reveals full data only to roles that need it, on request, and records that it did', async () => {
      // A staff member states why: no reason, no full data (and nothing audited as revealed).
      expect(await h.fail('slrt.rpc.intake.get-complaint.v1', { complaintId, reveal: true }, fo)).toMatchObject({
        code: 'VALIDATION_FAILED',
        reason: 'REVEAL_REASON_REQUIRED',
        fieldErrors: [{ field: 'revealReason', messages: [expect.stringMatching(/wajib diisi/)] }],
      });
      expect(
        await h.fail('slrt.rpc.intake.get-complaint.v1', { complaintId, reveal: true, revealReason: '   ' }, fo),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });
      const d = await h.call(
        'slrt.rpc.intake.get-complaint.v1',
        { complaintId, reveal: true, revealReason: 'Warga datang mengoreksi nomor telepon' },
        fo,
      );
      expect(d.persons.find((p) => p.role === 'subject')).toMatchObject({
        nik,
        phone: '+6281234567890',
        revealed: true,
      });
      expect(
        (
          await h.db.query(
            `SELECT revealed, reason FROM access_audit WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1`,
            [complaintId],
          )
        ).rows[0],
      ).toEqual({ revealed: true, reason: 'Warga datang mengoreksi nomor telepon' });
      expect(
        await h.fail(
          'slrt.rpc.intake.get-complaint.v1',
          { complaintId, reveal: true, revealReason: 'Supervisor ingin melihat NIK lengkap' },
          spv,
        ),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'REVEAL_NOT_ALLOWED' });
      expect(d.persons.find((p) => p.role === 'subject')!.birthDate).toBe('1985-04-12');
    });

    it('keeps the subject NIK for matching as a keyed hash (the registry computes the same), never as a plain SHA-256', async () => {
      const { rows } = await h.db.query(`SELECT subject_nik_hmac FROM complaint WHERE id = $1`, [complaintId]);
      expect(rows[0].subject_nik_hmac).toBe(identifierHash(DEVELOPMENT_IDENTIFIER_HASH_KEY, 'nik', nik));
      expect(rows[0].subject_nik_hmac).not.toBe(createHash('sha256').update(`nik:${nik}`).digest('hex'));
      expect(rows[0].subject_nik_hmac).not.toBe(createHash('sha256').update(nik).digest('hex'));
      // A row whose unkeyed hash the migration dropped is filled again from the subject's NIK.
      await h.db.query(`UPDATE complaint SET subject_nik_hmac = NULL WHERE id = $1`, [complaintId]);
      expect(await h.intake.get(ComplaintsService).backfillSubjectNikHmac()).toBeGreaterThanOrEqual(1);
      expect(
        (await h.db.query(`SELECT subject_nik_hmac FROM complaint WHERE id = $1`, [complaintId])).rows[0]
          .subject_nik_hmac,
      ).toBe(identifierHash(DEVELOPMENT_IDENTIFIER_HASH_KEY, 'nik', nik));
    });

    it('lets the registry service (system:registry) read the subject in full for a prelist, audited; other services are refused', async () => {
      const registry = systemActor('registry');
      const d = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId, reveal: true }, registry);
      expect(d.persons.find((p) => p.role === 'subject')).toMatchObject({ nik, name: 'Rahmawati', revealed: true });
      expect(
        (
          await h.db.query(
            `SELECT actor_id, revealed FROM access_audit WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1`,
            [complaintId],
          )
        ).rows[0],
      ).toEqual({ actor_id: 'system:registry', revealed: true });
      // Other services' NATS users may not even send these requests: the server refuses the publish.
      const refusedByServer = { code: 'UNAVAILABLE', reason: 'TRANSPORT' };
      expect(
        await h.fail('slrt.rpc.intake.get-complaint.v1', { complaintId, reveal: true }, systemActor('notification')),
      ).toMatchObject(refusedByServer);
      expect(
        await h.fail('slrt.rpc.intake.list-complaints.v1', { page: 1, pageSize: 10 }, systemActor('registry')),
      ).toMatchObject(refusedByServer);
    });

    it('lets referral (system:referral) read the persons in full for a referral, audited with the BO it acts for; only services may name one', async () => {
      const d = await h.call(
        'slrt.rpc.intake.get-complaint.v1',
        { complaintId, reveal: true, onBehalfOf: bo.id },
        systemActor('referral'),
      );
      expect(d.persons.find((p) => p.role === 'subject')).toMatchObject({ nik, revealed: true });
      expect(
        (
          await h.db.query(
            `SELECT actor_id, on_behalf_of, revealed FROM access_audit WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1`,
            [complaintId],
          )
        ).rows[0],
      ).toEqual({
        actor_id: 'system:referral',
        on_behalf_of: bo.id,
        revealed: true,
      });
      expect(
        await h.fail('slrt.rpc.intake.get-complaint.v1', { complaintId, onBehalfOf: 'someone-else' }, bo),
      ).toMatchObject({ code: 'FORBIDDEN', reason: 'ON_BEHALF_NOT_ALLOWED' });
      // referral's NATS user may send get-complaint only: the server refuses anything else.
      expect(
        await h.fail('slrt.rpc.intake.register-complaint.v1', registration(), systemActor('referral')),
      ).toMatchObject({ code: 'UNAVAILABLE', reason: 'TRANSPORT' });
    });

    describe('binds the actor of a request to the service that sent it (raw NATS, as a forger would send)', () => {
      const GET = 'slrt.rpc.intake.get-complaint.v1';
      const envelope = (producer: string, actor: unknown) => ({
        id: uuidv7(),
        subject: GET,
        occurredAt: new Date().toISOString(),
        producer,
        kabKotaCode: '62.71',
        correlationId: uuidv7(),
        causationId: null,
        actor,
        data: { complaintId, reveal: true },
      });
      const reads = async () =>
        Number(
          (await h.db.query(`SELECT count(*)::int AS n FROM access_audit WHERE complaint_id = $1`, [complaintId]))
            .rows[0].n,
        );
      const forbidden = { ok: false, error: { code: 'FORBIDDEN', reason: 'ACTOR_NOT_ALLOWED' } };

      it('refuses a user actor sent by a service other than the gateway (e.g. intake’s own caller token)', async () => {
        const before = await reads();
        // intake's NATS user may not even publish a request to intake: the server refuses it.
        expect(await h.raw(`${GET}.intake`, envelope('intake', fo))).toBeInstanceOf(Error);
        // referral's may (it reads complaints as system:referral), so the transport refuses the user actor.
        expect(await h.raw(`${GET}.referral`, envelope('referral', bo))).toMatchObject(forbidden);
        expect(await reads()).toBe(before);
      });

      it('refuses the gateway asserting system:registry', async () => {
        const before = await reads();
        expect(await h.raw(`${GET}.gateway`, envelope('gateway', systemActor('registry')))).toMatchObject(forbidden);
        expect(await reads()).toBe(before);
      });

      it('answers the registry asserting system:registry, audited as the registry', async () => {
        const reply = (await h.raw(`${GET}.registry`, envelope('registry', systemActor('registry')))) as {
          ok: boolean;
          data: { persons: Array<{ role: string; nik: string }> };
        };
        expect(reply.ok).toBe(true);
        expect(reply.data.persons.find((p) => p.role === 'subject')!.nik).toBe(nik);
        expect(
          (
            await h.db.query(`SELECT actor_id FROM access_audit WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1`, [
              complaintId,
            ])
          ).rows[0].actor_id,
        ).toBe('system:registry');
      });

      it('does not answer the bare declared subject, and the handler never runs', async () => {
        const before = await reads();
        expect(await h.raw(GET, envelope('registry', systemActor('registry')))).toBeInstanceOf(Error);
        expect(await reads()).toBe(before);
      });
    });

    it('answers NOT_FOUND outside the caller\u2019s region, never the record', async () => {
      expect(await h.fail('slrt.rpc.intake.get-complaint.v1', { complaintId }, foElsewhere)).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect((await h.fail('slrt.rpc.intake.get-complaint.v1', { complaintId }, admin)).code).toBe('FORBIDDEN');
    });

    it('lists within scope, filtered and paginated, newest first', async () => {
      const page1 = await h.call(
        'slrt.rpc.intake.list-complaints.v1',
        { page: 1, pageSize: 3, programmeCode: 'PKH' },
        bo,
      );
      expect(page1.items).toHaveLength(3);
      expect(page1.total).toBeGreaterThan(3);
      const page2 = await h.call(
        'slrt.rpc.intake.list-complaints.v1',
        { page: 2, pageSize: 3, programmeCode: 'PKH' },
        bo,
      );
      expect(page2.items.map((i) => i.complaintId)).not.toContain(page1.items[0]!.complaintId);
      const times = page1.items.map((i) => i.registeredAt);
      expect([...times].sort().reverse()).toEqual(times);
      const none = await h.call('slrt.rpc.intake.list-complaints.v1', { page: 1, pageSize: 50 }, foElsewhere);
      expect(none).toMatchObject({ items: [], total: 0 });
      const pending = await h.call(
        'slrt.rpc.intake.list-complaints.v1',
        { page: 1, pageSize: 50, status: 'withdrawn' },
        bo,
      );
      expect(pending.items.every((i) => i.status === 'withdrawn')).toBe(true);
    });
  });

  describe('syncFieldComplaints (offline Fasilitator)', () => {
    it('answers per item, and a batch replayed three times changes nothing', async () => {
      const a = registration();
      const b = registration();
      const items = [
        {
          clientId: 'fs-dev-1:rec-a',
          recordedAt: new Date(Date.now() - 3600_000).toISOString(),
          complaint: { ...a, idempotencyKey: undefined },
        },
        {
          clientId: 'fs-dev-1:rec-b',
          recordedAt: new Date(Date.now() - 1800_000).toISOString(),
          complaint: { ...b, idempotencyKey: undefined },
        },
        {
          clientId: 'fs-dev-1:rec-c',
          recordedAt: new Date().toISOString(),
          complaint: { ...registration(), idempotencyKey: undefined, channel: 'NOPE' },
        },
      ].map((i) => ({ ...i, complaint: JSON.parse(JSON.stringify(i.complaint)) }));
      const first = await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items }, fs);
      expect(first.results.map((r) => r.outcome)).toEqual(['created', 'created', 'rejected']);
      expect(first.results[2]!.fieldErrors.map((f) => f.field)).toEqual(['channel']);
      const count = async () =>
        (await h.db.query(`SELECT count(*)::int AS n FROM complaint WHERE client_id LIKE 'fs-dev-1:%'`)).rows[0].n;
      expect(await count()).toBe(2);
      for (let i = 0; i < 3; i++) {
        const again = await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items }, fs);
        expect(again.results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'rejected']);
        expect(again.results[0]!.complaintId).toBe(first.results[0]!.complaintId);
      }
      expect(await count()).toBe(2);
      // The FO sees what the FS recorded.
      const d = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: first.results[0]!.complaintId! }, fo);
      expect(d.recordedAt).toBe(items[0]!.recordedAt);
    });

    it('creates each item once and publishes it once when the same batch is synced concurrently (a retry racing its original)', async () => {
      const since = (await h.db.query(`SELECT now() AS t`)).rows[0].t;
      const clientIds = [`fs-race-${uuidv7()}:a`, `fs-race-${uuidv7()}:b`];
      const items = clientIds.map((clientId) => ({
        clientId,
        recordedAt: new Date(Date.now() - 600_000).toISOString(),
        complaint: JSON.parse(JSON.stringify({ ...registration(), idempotencyKey: undefined })),
      }));
      // A slow registry keeps every copy between "not synced yet?" and its insert at the same time.
      registryDouble.delayMs = 150;
      const calls = registryDouble.calls;
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => h.call('slrt.rpc.intake.sync-field-complaints.v1', { items }, fs)),
      );
      expect(registryDouble.calls - calls).toBe(8); // four copies of two items: all raced
      for (const [i] of items.entries()) {
        const outcomes = answers.map((a) => a.results[i]!);
        expect(outcomes.map((o) => o.outcome).sort()).toEqual(['created', 'unchanged', 'unchanged', 'unchanged']);
        expect(new Set(outcomes.map((o) => o.complaintId)).size).toBe(1);
      }
      const ids = answers[0]!.results.map((r) => r.complaintId);
      expect(
        (
          await h.db.query(`SELECT id FROM complaint WHERE client_id = ANY($1) ORDER BY client_id`, [clientIds])
        ).rows.map((r) => r.id),
      ).toEqual(ids);
      // FS submissions wait for the supervisor's check (field-check.int-spec.ts): announced once each.
      const registered = await h.db.query(
        `SELECT envelope->'data'->>'complaintId' AS id FROM outbox WHERE subject = 'slrt.evt.intake.field-check.requested.v1' AND created_at >= $1`,
        [since],
      );
      expect(registered.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    });

    it('applies an edit based on the current version and reports a stale one as a conflict', async () => {
      const c = JSON.parse(JSON.stringify({ ...registration(), idempotencyKey: undefined }));
      const item = { clientId: 'fs-dev-2:rec-1', recordedAt: new Date().toISOString(), complaint: c };
      const created = (await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items: [item] }, fs)).results[0]!;
      // Meanwhile the FO corrects it on the server (version 2).
      await h.call(
        'slrt.rpc.intake.correct-complaint.v1',
        {
          complaintId: created.complaintId,
          expectedVersion: 1,
          reason: 'Nomor RT salah',
          complaint: { ...c, subject: { ...c.subject, address: { ...c.subject.address, rt: '004' } } },
        },
        fo,
      );
      const stale = {
        ...item,
        baseVersion: 1,
        complaint: { ...c, complaint: { ...c.complaint, description: 'Tambahan dari lapangan: kartu KKS hilang.' } },
      };
      const conflict = (await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items: [stale] }, fs)).results[0]!;
      expect(conflict).toMatchObject({ outcome: 'conflict', version: 2 });
      expect(conflict.detail).toMatch(/versi 2/);
      const current = { ...stale, baseVersion: 2 };
      const updated = (await h.call('slrt.rpc.intake.sync-field-complaints.v1', { items: [current] }, fs)).results[0]!;
      expect(updated).toMatchObject({ outcome: 'updated', version: 3 });
      const d = await h.call('slrt.rpc.intake.get-complaint.v1', { complaintId: created.complaintId! }, fo);
      expect(d.description).toBe('Tambahan dari lapangan: kartu KKS hilang.');
    });
  });

  describe('corrections, withdrawal and public status', () => {
    it('corrects with before/after kept, refuses a stale version, and publishes corrected', async () => {
      const req = registration();
      const { idempotencyKey: _k, ...input } = req;
      const res = await h.call(REGISTER, req, fo);
      const changed = { ...input, complaint: { ...input.complaint, programmeCodes: ['PKH', 'PBI'] } };
      const d = await h.call(
        'slrt.rpc.intake.correct-complaint.v1',
        { complaintId: res.complaintId, expectedVersion: 1, reason: 'Program PBI terlewat', complaint: changed },
        fo,
      );
      expect(d).toMatchObject({ version: 2, programmeCodes: ['PKH', 'PBI'] });
      const stale = await h.fail(
        'slrt.rpc.intake.correct-complaint.v1',
        { complaintId: res.complaintId, expectedVersion: 1, reason: 'Lagi', complaint: input },
        fo,
      );
      expect(stale).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT' });
      const row = (
        await h.db.query(
          `SELECT changed_fields, reason, before->'complaint'->'programmeCodes' AS b, after->'complaint'->'programmeCodes' AS a FROM complaint_correction WHERE complaint_id = $1`,
          [res.complaintId],
        )
      ).rows[0];
      expect(row).toEqual({
        changed_fields: ['complaint.programmeCodes'],
        reason: 'Program PBI terlewat',
        b: ['PKH'],
        a: ['PKH', 'PBI'],
      });
      const events = (await outbox('slrt.evt.intake.complaint.corrected.v1')).filter(
        (e) => e.data.complaintId === res.complaintId,
      );
      expect(events.map((e) => e.data.changedFields)).toEqual([['complaint.programmeCodes']]);
    });

    it('withdraws, shows it on the public status, and answers a wrong code like an unknown number', async () => {
      const res = await h.call(REGISTER, registration(), fo);
      const status = await h.call(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber: res.receiptNumber, trackingCode: res.trackingCode.toLowerCase() },
        fo,
      );
      expect(status).toMatchObject({ stage: 'diusulkan-prelist', receiptNumber: res.receiptNumber });
      expect(JSON.stringify(status)).not.toMatch(/Siti|\d{16}/);
      const w = await h.call(
        'slrt.rpc.intake.withdraw-complaint.v1',
        { complaintId: res.complaintId, reason: 'Warga menyatakan bantuan sudah diterima' },
        fo,
      );
      expect(w.status).toBe('withdrawn');
      expect(
        (
          await h.call(
            'slrt.rpc.intake.get-public-status.v1',
            { receiptNumber: res.receiptNumber, trackingCode: res.trackingCode },
            fo,
          )
        ).stage,
      ).toBe('ditarik');
      const wrong = await h.fail(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber: res.receiptNumber, trackingCode: 'ZZZZ-ZZZZ' },
        fo,
      );
      const unknown = await h.fail(
        'slrt.rpc.intake.get-public-status.v1',
        { receiptNumber: '6271-0101-999999', trackingCode: res.trackingCode },
        fo,
      );
      expect(wrong).toEqual(unknown);
      expect(
        (await outbox('slrt.evt.intake.complaint.withdrawn.v1')).filter((e) => e.data.complaintId === res.complaintId),
      ).toHaveLength(1);
    });
  });
});
