import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiClient, type ApiClient } from '@slrt/api-client';
import { DEMO_PASSWORD, FullStack } from './support/full-stack.js';

/**
 * The seeds' intake flows over HTTP, through the real gateway, intake, registry and referral
 * (issue 19): a citizen's question registered at the Puskesos counter with the arrival time, a
 * priority person and the household's programmes; the Fasilitator may not answer it, the kecamatan
 * supervisor does; the public status says it was answered; the counts see it. A complaint
 * registered without NIK gets the NIK after Dukcapil and reaches the supervisor's queue.
 */
describe('e2e: questions answered directly, priority groups, household programmes, re-triage after Dukcapil', () => {
  let stack: FullStack;
  let anonymous: ApiClient;

  beforeAll(async () => {
    stack = await FullStack.start('seedflows');
    anonymous = createApiClient(stack.base);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function login(username: string): Promise<ApiClient> {
    const { data, error } = await anonymous.POST('/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });
    expect(error).toBeUndefined();
    return createApiClient(stack.base, { accessToken: data!.accessToken });
  }

  const subject = {
    name: 'Sumarni',
    birthDate: '1950-02-03',
    sex: 'F' as const,
    address: { street: 'Jl. Contoh No. 2', desaCode: '62.71.01.1001' },
    consent: true,
    vulnerableGroups: ['lanjut-usia' as const],
  };

  it('answers a question at the kecamatan without the review chain and tells the citizen', async () => {
    const [fo, fs, spv] = [await login('demo.fo'), await login('demo.fs'), await login('demo.spv')];
    const arrivedAt = new Date(Date.now() - 12 * 60_000).toISOString();
    const registered = await fo.POST('/v1/complaints', {
      params: { header: { 'Idempotency-Key': 'seedflows-question-0001' } },
      body: {
        channel: 'PUSKESOS_FO',
        arrivedAt,
        subject: { ...subject, nik: '6271014302500001' },
        relationship: 'self',
        anonymous: false,
        confidential: false,
        household: {
          programmesReceived: ['PBI'],
          programmesNeeded: ['PKH'],
          members: [
            {
              name: 'Rudi',
              relationship: 'cucu',
              birthYear: 2015,
              vulnerableGroups: ['disabilitas'],
              programmesNeeded: ['KIP'],
            },
          ],
        },
        complaint: {
          category: 'kepesertaan',
          contactType: 'pertanyaan',
          programmeCodes: [],
          sector: 'sosial-ekonomi',
          description: 'Bagaimana cara mengusulkan PKH untuk nenek dan cucunya?',
          documentsReceived: ['KTP'],
        },
      },
    });
    expect(registered.response.status).toBe(201);
    const id = registered.data!.complaintId;

    const refused = await fs.POST('/v1/complaints/{id}/answer', {
      params: { path: { id } },
      body: { answer: 'Dijelaskan cara usulan melalui kelurahan.', channel: 'langsung' },
    });
    expect(refused.response.status).toBe(403);
    const answered = await spv.POST('/v1/complaints/{id}/answer', {
      params: { path: { id } },
      body: { answer: 'Dijelaskan cara usulan DTSEN melalui kelurahan dan syarat PKH.', channel: 'telepon' },
    });
    expect(answered.response.status).toBe(200);
    expect(answered.data).toMatchObject({
      contactType: 'pertanyaan',
      priorityGroups: ['disabilitas', 'lanjut-usia'],
      serviceMinutes: 12,
      answer: { answeredByRole: 'SPV', channel: 'telepon' },
    });
    expect(answered.data!.household?.members?.[0]).toMatchObject({ programmesNeeded: ['PIP'] });
    expect(answered.data!.programmeParticipation?.map((p) => p.programmeCode)).toEqual(['PBI', 'PIP', 'PKH']);

    const status = await anonymous.GET('/v1/public/complaint-status', {
      params: { query: { nomor: registered.data!.receiptNumber, kode: registered.data!.trackingCode } },
    });
    expect(JSON.stringify(status.data)).toContain('Pertanyaan Anda sudah dijawab oleh petugas SLRT.');

    // No case was opened for it: the supervisor's queue has nothing with this complaint.
    const cases = await spv.GET('/v1/cases', { params: { query: { queue: 'all', pageSize: 200 } } });
    expect(cases.data!.items.map((c) => c.complaintId)).not.toContain(id);

    const counts = await spv.GET('/v1/complaint-counts', { params: { query: { regionCode: '62.71.01' } } });
    expect(counts.data!.contactTypes.find((c) => c.contactType === 'pertanyaan')).toMatchObject({
      answered: expect.any(Number),
    });
    expect(counts.data!.contactTypes.find((c) => c.contactType === 'pertanyaan')!.answered).toBeGreaterThanOrEqual(1);
    expect(counts.data!.counterService.measured).toBeGreaterThanOrEqual(1);
    const bad = await spv.GET('/v1/complaint-counts', { params: { query: { from: '2026-11' } } });
    expect(bad.response.status).toBe(422);
  }, 60_000);

  it('records the NIK after Dukcapil: the complaint is triaged again and its case opens, marked priority', async () => {
    const [fo, spv] = [await login('demo.fo'), await login('demo.spv')];
    const { vulnerableGroups: _groups, ...withoutNik } = subject;
    const registered = await fo.POST('/v1/complaints', {
      params: { header: { 'Idempotency-Key': 'seedflows-no-nik-0001' } },
      body: {
        channel: 'PUSKESOS_FO',
        subject: {
          ...withoutNik,
          name: 'Markus',
          sex: 'M',
          birthDate: '1988-05-05',
          vulnerableGroups: ['komunitas-adat-terpencil'],
        },
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
      },
    });
    expect(registered.data).toMatchObject({ registryCheck: 'no-identity', nextStep: 'civil-registration' });
    const id = registered.data!.complaintId;
    const identified = await fo.POST('/v1/complaints/{id}/subject-identity', {
      params: { path: { id } },
      body: { nik: '6271010505880001', expectedVersion: 1, note: 'KTP-el dari Disdukcapil' },
    });
    expect(identified.response.status).toBe(200);
    expect(identified.data!.registryCheck).not.toBe('no-identity');
    // Not in the demo registry: the registry drafts a prelist and referral opens a case waiting for it.
    const deadline = Date.now() + 20_000;
    let item: { complaintId: string; priorityGroups?: string[] | null } | undefined;
    while (!item && Date.now() < deadline) {
      const cases = await spv.GET('/v1/cases', {
        params: { query: { queue: 'all', priority: 'true', pageSize: 200 } },
      });
      item = cases.data!.items.find((c) => c.complaintId === id);
      if (!item) await new Promise((r) => setTimeout(r, 300));
    }
    expect(item).toMatchObject({ priorityGroups: ['komunitas-adat-terpencil'] });
  }, 60_000);
});
