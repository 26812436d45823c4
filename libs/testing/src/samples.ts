import { v7 as uuidv7 } from 'uuid';
import type { ComplaintRegisteredV1 } from '@slrt/contracts';

/** A valid `complaint.registered` payload (synthetic) for messaging tests and benchmarks. */
export function sampleComplaintRegistered(complaintId: string = uuidv7()): ComplaintRegisteredV1 {
  return {
    complaintId,
    receiptNumber: '6271-2611-000123',
    channel: 'PUSKESOS_FO',
    category: 'non-kepesertaan',
    contactType: 'pengaduan',
    programmeCodes: ['PKH'],
    desaCode: '62.71.01.1001',
    recordedAt: '2026-11-20T02:15:00.000Z',
    registryCheck: 'in-registry',
    subjectHasNik: true,
    possibleDuplicateOf: null,
  };
}
