import { v7 as uuidv7 } from 'uuid';
import { waitFor } from '@slrt/testing';

/** A demo user's access token (the caller keeps one per user: logins are rate-limited). */
export type DemoToken = (user: string) => Promise<string>;

/**
 * The chain to a programme owner over the gateway's API: demo.fo registers the complaint of a
 * person the registry holds in DTSEN (so its next step is review), demo.spv forwards, demo.mj
 * approves, demo.bo sends it to PKH. Its case and the referral the BO's send made.
 */
export async function referredToPkh(
  base: string,
  token: DemoToken,
  person: { nik: string; name: string },
  idempotencyKey = `referred-${uuidv7()}`,
): Promise<{ caseId: string; referralId: string }> {
  const api = async (method: string, path: string, user: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(user)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(path === '/v1/complaints' ? { 'idempotency-key': idempotencyKey } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed API answers in a test
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const complaint = (
    await api('POST', '/v1/complaints', 'demo.fo', {
      channel: 'SEKRETARIAT_FO',
      subject: {
        nik: person.nik,
        name: person.name,
        birthDate: '1975-03-09',
        sex: 'F',
        address: { desaCode: '62.71.01.1001' },
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
        description: 'Bantuan PKH tahap III belum diterima.',
        documentsReceived: ['KTP', 'KK'],
      },
    })
  ).json as { complaintId: string; nextStep: string };
  if (complaint.nextStep !== 'review') throw new Error(`expected review, got ${JSON.stringify(complaint)}`);
  const caseId = await waitFor(
    async () =>
      (await api('GET', '/v1/cases?queue=mine', 'demo.spv')).json.items?.find(
        (c: { complaintId: string }) => c.complaintId === complaint.complaintId,
      )?.caseId as string | undefined,
    { timeoutMs: 20_000, message: 'case opened' },
  );
  const act = async (user: string, action: string, version: number, extra: Record<string, unknown> = {}) => {
    const r = await api('POST', `/v1/cases/${caseId}/actions`, user, { action, expectedVersion: version, ...extra });
    if (r.status !== 200) throw new Error(`${action} by ${user}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  await act('demo.spv', 'forward', 1);
  await act('demo.mj', 'approve', 2);
  const sent = await act('demo.bo', 'send', 3, { note: 'Mohon cek penyaluran PKH tahap III.' });
  return { caseId, referralId: sent.referrals[0].referralId as string };
}
