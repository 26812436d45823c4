import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import type { StaffApi } from './gateway-http.js';

/** A household of Kel. Pahandut (62.71.01.1001) known to the registry, and the complaint its member brings. */
export interface PahandutHousehold {
  /** Serials of the generated NIK and KK (unique within a spec). */
  nikSerial: number;
  kkSerial: number;
  name: string;
  birthDate: string;
  kkIssueDate: string;
  street: string;
  rt: string;
  rw: string;
  /** The complaint about PKH. */
  description: string;
  idempotencyKey: string;
}

/**
 * The registry learns the household (a one-row DTSEN snapshot imported by demo.admin), demo.fo
 * registers its complaint at the Puskesos, and the case reaches demo.spv's queue: its id and the
 * receipt number. `api` needs the tokens of demo.admin, demo.fo and demo.spv.
 */
export async function registeredCase(
  api: StaffApi,
  o: PahandutHousehold,
): Promise<{ caseId: string; receipt: string }> {
  const nik = generateNik({ regionCode: '62.71.01', birthDate: o.birthDate, sex: 'F', serial: o.nikSerial });
  const kk = generateKk({ regionCode: '62.71.01', issueDate: o.kkIssueDate, serial: o.kkSerial });
  const csv = [
    'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip',
    `${nik},${kk},${o.name},${o.birthDate},P,Istri,"${o.street}",62.71.01.1001,2,0,0,1,0`,
  ].join('\n');
  const job = await api(
    'POST',
    '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen',
    'demo.admin',
    `${csv}\n`,
    'text/csv',
  );
  await waitFor(
    async () => (await api('GET', `/v1/registry/imports/${String(job.jobId)}`, 'demo.admin')).status === 'succeeded',
    { timeoutMs: 60_000, message: 'snapshot imported' },
  );
  const complaint = await api(
    'POST',
    '/v1/complaints',
    'demo.fo',
    {
      channel: 'PUSKESOS_FO',
      place: 'Puskesos Kelurahan Pahandut',
      subject: {
        nik,
        noKk: kk,
        name: o.name,
        birthDate: o.birthDate,
        sex: 'F',
        phone: '0812 3456 7890',
        birthPlace: 'Palangka Raya',
        address: { street: o.street, rt: o.rt, rw: o.rw, desaCode: '62.71.01.1001' },
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
        description: o.description,
        documentsReceived: ['KTP', 'KK'],
      },
    },
    'application/json',
    { 'idempotency-key': o.idempotencyKey },
  );
  const receipt = String(complaint.receiptNumber);
  const item = await waitFor(
    async () =>
      (
        (await api('GET', '/v1/cases?queue=mine', 'demo.spv')).items as Array<{
          caseId: string;
          receiptNumber: string;
        }>
      ).find((c) => c.receiptNumber === receipt),
    { timeoutMs: 60_000, message: 'case opened' },
  );
  return { caseId: item.caseId, receipt };
}

/** Siti Aminah's household (Jl. Melati No. 7) and her complaint that PKH's third stage has not come. */
export const SITI_AMINAH = {
  name: 'Siti Aminah',
  birthDate: '1984-03-12',
  kkIssueDate: '2012-05-01',
  street: 'Jl. Melati No. 7',
  rt: '002',
  rw: '001',
  description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
};
