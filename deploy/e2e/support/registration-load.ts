import { waitFor } from '@slrt/testing';

/**
 * Registrations under load for the chaos tests (a NATS node, PostgreSQL or an intake instance
 * lost while clients register): the request, a careful client, and the clients themselves.
 */

/** A complaint about PKH by the demo FO of Kel. Pahandut, without NIK; `description` tells a test's complaints apart. */
export const pahandutRegistration = (description: string) => ({
  channel: 'PUSKESOS_FO',
  place: 'Puskesos Kelurahan Pahandut',
  subject: {
    name: 'Warga Uji',
    birthPlace: 'Palangka Raya',
    birthDate: '1980-02-02',
    sex: 'F',
    address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' },
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
    description,
    documentsReceived: ['KTP'],
  },
});

/** What one registration came to: the last answer, every answer on the way, and how many attempts. */
export interface RegistrationAnswer {
  n: number;
  status: number;
  complaintId?: string;
  receiptNumber?: string;
  attempts: number;
  statuses: number[];
}

/**
 * What a careful client does, as the API documents: on a 503 or 504 (or a dropped connection) it
 * waits half a second and sends the same request with the same Idempotency-Key, up to `maxAttempts`.
 */
export async function registerWithRetry(
  base: string,
  token: string,
  key: string,
  body: unknown,
  maxAttempts: number,
): Promise<Omit<RegistrationAnswer, 'n'>> {
  const statuses: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    }).catch(() => null);
    statuses.push(res?.status ?? 0);
    const answer = res
      ? ((await res.json().catch(() => ({}))) as { complaintId?: string; receiptNumber?: string })
      : {};
    if ((!res || res.status === 503 || res.status === 504) && attempt < maxAttempts) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    return {
      status: res?.status ?? 0,
      complaintId: answer.complaintId,
      receiptNumber: answer.receiptNumber,
      attempts: attempt,
      statuses,
    };
  }
}

/**
 * `clients` clients registering complaint 0, 1, 2 … back to back with `register(n)`, until
 * `stop()`; `answered(k)` waits until `k` registrations have their answer.
 */
export function registrationLoad(
  clients: number,
  register: (n: number) => Promise<Omit<RegistrationAnswer, 'n'>>,
  timeoutMs = 90_000,
) {
  const results: RegistrationAnswer[] = [];
  let next = 0;
  let running = true;
  const workers = Array.from({ length: clients }, async () => {
    while (running) {
      const n = next++;
      results.push({ n, ...(await register(n)) });
    }
  });
  return {
    results,
    answered: (k: number) => waitFor(() => results.length >= k, { timeoutMs, message: `${k} registrations answered` }),
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}
