import type { EntityManager } from 'typeorm';
import type { PublicStatusV1 } from '@slrt/contracts';
import type { ComplaintRecord } from '../complaints/complaint.records.js';

/**
 * The citizen's status page of an FS submission held by the supervisor check or merged into
 * another complaint, in plain Indonesian; null once approved (the usual timeline then applies) or
 * for a complaint never held. Never staff text (the SPV's question stays with staff).
 */
export async function heldPublicStatus(m: EntityManager, c: ComplaintRecord): Promise<PublicStatusV1 | null> {
  const [f] = (await m.query(
    `SELECT f.state, f.updated_at AS "updatedAt", d.receipt_number AS "mergedInto" FROM field_check f LEFT JOIN complaint d ON d.id = f.duplicate_of WHERE f.complaint_id = $1`,
    [c.id],
  )) as Array<{ state: string; updatedAt: Date; mergedInto: string | null }>;
  if (!f || f.state === 'approved') return null;
  const received = {
    step: 'received' as const,
    label: 'Diterima',
    explanation: 'Pengaduan Anda dicatat oleh fasilitator SLRT.',
    at: new Date(c.registeredAt).toISOString(),
  };
  const [stage, stageLabel, explanation] =
    f.state === 'merged'
      ? [
          'digabung',
          'Digabung dengan pengaduan lain',
          `Pengaduan ini digabung dengan pengaduan nomor ${f.mergedInto ?? '-'} yang sudah tercatat untuk masalah yang sama. Pantau perkembangannya dengan nomor tersebut.`,
        ]
      : f.state === 'returned'
        ? [
            'dilengkapi-fasilitator',
            'Sedang dilengkapi fasilitator',
            'Supervisor kecamatan meminta fasilitator melengkapi keterangan pengaduan Anda. Fasilitator mungkin menghubungi Anda.',
          ]
        : [
            'menunggu-pemeriksaan-supervisor',
            'Menunggu pemeriksaan supervisor',
            'Pengaduan yang dicatat fasilitator sedang diperiksa supervisor kecamatan sebelum diteruskan ke SLRT kabupaten/kota.',
          ];
  return {
    receiptNumber: c.receiptNumber,
    stage,
    stageLabel,
    explanation,
    registeredAt: new Date(c.registeredAt).toISOString(),
    updatedAt: new Date(Math.max(new Date(f.updatedAt).getTime(), new Date(c.updatedAt).getTime())).toISOString(),
    timeline: [received],
    accessLog: [],
    accessLogComplete: true,
  };
}
