import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { v7 as uuidv7 } from 'uuid';
import { rpcWireSubject } from '@slrt/contracts';
import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import type { FullStack } from './full-stack.js';

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

const NAMES = ['Maria Ulin', 'Siti Aminah', 'Rina Tambun'];

/**
 * Women of Kel. Pahandut the registry holds in DTSEN (desil 2, PKH): a snapshot of `count` of them
 * (NIK and KK serials from `serial`) written to the registry's import folder as `fileName` and
 * imported over the bus as the gateway would ask for it, waited for until it succeeded.
 */
export async function dtsenPersons(
  stack: FullStack,
  o: { count: number; serial: number; fileName: string },
): Promise<Array<{ nik: string; name: string }>> {
  const persons = Array.from({ length: o.count }, (_, i) => ({
    nik: generateNik({ regionCode: '62.71.01', birthDate: '1975-03-09', sex: 'F', serial: o.serial + i }),
    name: NAMES[i % NAMES.length]!,
  }));
  const rows = persons.map(
    (p, i) =>
      `${p.nik},${generateKk({ regionCode: '62.71.01', issueDate: '2016-05-02', serial: o.serial + i })},${p.name},1975-03-09,P,Kepala Keluarga,Jl. Tjilik Riwut,62.71.01.1001,2,1,1,1,0`,
  );
  mkdirSync(join(stack.dir, 'imports'), { recursive: true });
  writeFileSync(
    join(stack.dir, 'imports', o.fileName),
    `nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip\n${rows.join('\n')}\n`,
  );
  const bus = await connect(stack.nats.connectOptions('gateway'));
  try {
    const ask = async (subject: string, data: unknown) => {
      const envelope = {
        id: uuidv7(),
        subject,
        occurredAt: new Date().toISOString(),
        producer: 'gateway',
        kabKotaCode: '62.71',
        correlationId: uuidv7(),
        causationId: null,
        actor: { kind: 'user', id: 'e2e-admin', roles: ['ADMIN'], regionScope: ['62.71'] },
        data,
      };
      return JSON.parse(
        (await bus.request(rpcWireSubject(subject, 'gateway'), JSON.stringify(envelope), { timeout: 10_000 })).string(),
      );
    };
    const started = await ask('slrt.rpc.registry.import-snapshot.v1', {
      fileName: o.fileName,
      dataPeriod: '2026-09',
      profile: 'dtsen',
    });
    if (!started.ok) throw new Error(`snapshot import refused: ${JSON.stringify(started)}`);
    await waitFor(
      async () =>
        (await ask('slrt.rpc.registry.get-import-job.v1', { jobId: started.data.jobId })).data.status === 'succeeded',
      { timeoutMs: 20_000, message: 'registry snapshot imported' },
    );
  } finally {
    await bus.close();
  }
  return persons;
}
