import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApiClient, type ApiClient, type Problem } from '@slrt/api-client';
import { callEveryOperation } from '../../libs/api-client/test/every-operation.js';
import { DEMO_PASSWORD, FullStack } from './support/full-stack.js';

/**
 * The generated client (libs/api-client) against a real gateway in front of the real intake,
 * registry and referral services: a login, the caller's account, a complaint registered, listed,
 * read and its receipt downloaded, the public status, typed problem+json errors with Indonesian
 * field errors; then the program that calls every operation, run as an FO user.
 */
describe('typed API client against the real gateway', () => {
  let stack: FullStack;
  let anonymous: ApiClient;

  beforeAll(async () => {
    stack = await FullStack.start('apiclient');
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

  it('logs in, reads the account, registers a complaint, lists and reads it, downloads its receipt and finds its public status', async () => {
    const fo = await login('demo.fo');
    const me = await fo.GET('/v1/me');
    expect(me.data).toMatchObject({ username: 'demo.fo', roles: ['FO'] });

    const registered = await fo.POST('/v1/complaints', {
      params: { header: { 'Idempotency-Key': 'api-client-0001' } },
      body: {
        channel: 'PUSKESOS_FO',
        place: 'Puskesos Kelurahan Pahandut',
        subject: {
          nik: '6271015507900001',
          noKk: '6271011203150002',
          name: 'Siti Aminah',
          birthDate: '1990-07-15',
          sex: 'F',
          address: { street: 'Jl. Contoh No. 1', desaCode: '62.71.01.1001' },
          phone: '0812-3456-7890',
          consent: true,
        },
        relationship: 'self',
        anonymous: false,
        confidential: false,
        complaint: {
          category: 'non-kepesertaan',
          contactType: 'pengaduan',
          programmeCodes: ['PKH'],
          sector: 'sosial-ekonomi',
          description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
          documentsReceived: ['KTP', 'KK'],
        },
      },
    });
    expect(registered.error).toBeUndefined();
    expect(registered.response.status).toBe(201);
    const complaint = registered.data!;
    expect(complaint.receiptNumber).toMatch(/^\d{4}-\d{4}-\d{6}$/);

    const list = await fo.GET('/v1/complaints', { params: { query: { page: 1, pageSize: 10 } } });
    expect(list.data!.items.map((i) => i.complaintId)).toContain(complaint.complaintId);

    const detail = await fo.GET('/v1/complaints/{id}', { params: { path: { id: complaint.complaintId } } });
    expect(detail.data).toMatchObject({ complaintId: complaint.complaintId, receiptNumber: complaint.receiptNumber });

    const receipt = await fo.GET('/v1/complaints/{id}/receipt', {
      params: { path: { id: complaint.complaintId }, query: { layout: 'a5' } },
      parseAs: 'blob',
    });
    expect(receipt.response.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await receipt.data!.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const status = await anonymous.GET('/v1/public/complaint-status', {
      params: { query: { nomor: complaint.receiptNumber, kode: complaint.trackingCode } },
    });
    expect(status.data).toMatchObject({ receiptNumber: complaint.receiptNumber, stage: expect.any(String) });
  });

  it('returns typed problem+json errors: 401 without a token, 422 with Indonesian field errors naming missing and unknown fields', async () => {
    const unauthenticated = await anonymous.GET('/v1/me');
    expect(unauthenticated.response.status).toBe(401);
    expect(unauthenticated.error).toMatchObject({ status: 401, code: expect.any(String), detail: expect.any(String) });

    const fo = await login('demo.fo');
    const withdraw = await fo.POST('/v1/complaints/{id}/withdraw', {
      params: { path: { id: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6' } },
      // What the types refuse, sent anyway: the reason missing, the path's id in the body.
      body: { complaintId: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6' } as never,
    });
    expect(withdraw.response.status).toBe(422);
    const problem: Problem = withdraw.error!;
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      { field: 'complaintId', messages: [expect.stringMatching(/^kolom tidak dikenal/)] },
    ]);

    const action = await fo.POST('/v1/cases/{id}/actions', {
      params: { path: { id: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6' } },
      body: { note: 'x' } as never,
    });
    expect(action.response.status).toBe(422);
    expect(action.error!.errors).toEqual(
      expect.arrayContaining([
        { field: 'action', messages: ['wajib diisi'] },
        { field: 'expectedVersion', messages: ['wajib diisi'] },
      ]),
    );
  });

  it('runs the every-operation program as an FO user: every answer is typed JSON, a file, or problem+json in Bahasa Indonesia, never a 5xx', async () => {
    const statuses: number[] = [];
    const fo = createApiClient(stack.base, {
      accessToken: (await anonymous.POST('/v1/auth/login', { body: { username: 'demo.fo', password: DEMO_PASSWORD } }))
        .data!.accessToken,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
    });
    const problems = await callEveryOperation(fo);
    expect(statuses.length).toBe(problems.length);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    for (const p of problems.filter((x): x is Problem => x !== undefined)) {
      expect(p).toMatchObject({
        type: expect.any(String),
        title: expect.any(String),
        status: expect.any(Number),
        code: expect.any(String),
        detail: expect.any(String),
      });
      for (const f of p.errors ?? []) for (const m of f.messages) expect(m).not.toMatch(/\b(must|should|property)\b/);
    }
  }, 120_000);
});
