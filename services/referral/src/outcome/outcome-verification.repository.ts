import type { EntityManager } from 'typeorm';
import type { ResolvedReferral } from './schedule.js';
import type {
  OutcomeAnswer,
  OutcomeAnswerChannel,
  OutcomeVerificationStatus,
  OutcomeVerificationViewV1,
} from '@slrt/contracts';

/** An outcome_verification row: the resolved referral it verifies, and the verification's own state. */
export interface VerificationRecord extends ResolvedReferral {
  id: string;
  ordinal: number;
  askAt: Date;
  askedAt: Date | null;
  expiresAt: Date | null;
  status: OutcomeVerificationStatus;
  answer: OutcomeAnswer | null;
  answeredVia: OutcomeAnswerChannel | null;
  answerNote: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
  version: number;
}

export const VERIFICATION_COLUMNS = `id, referral_id AS "referralId", case_id AS "caseId", complaint_id AS "complaintId", receipt_number AS "receiptNumber", desa_code AS "desaCode",
  owner_code AS "ownerCode", owner_answer AS "ownerAnswer", resolved_at AS "resolvedAt", ordinal, ask_at AS "askAt", asked_at AS "askedAt", expires_at AS "expiresAt",
  status, answer, answered_via AS "answeredVia", answer_note AS "answerNote", answered_by AS "answeredBy", answered_at AS "answeredAt", version`;

export async function findVerification(m: EntityManager, id: string, lock = false): Promise<VerificationRecord | null> {
  const [row] = (await m.query(
    `SELECT ${VERIFICATION_COLUMNS} FROM outcome_verification WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  )) as VerificationRecord[];
  return row ?? null;
}

/** Rows whose time has come (`scheduled`, ask_at passed) or whose answer time ran out (`asked`, expired), claimed for this transaction. */
export async function claimDue(
  m: EntityManager,
  kind: 'ask' | 'expire',
  now: Date,
  limit: number,
): Promise<VerificationRecord[]> {
  const where = kind === 'ask' ? `status = 'scheduled' AND ask_at <= $1` : `status = 'asked' AND expires_at <= $1`;
  const order = kind === 'ask' ? 'ask_at' : 'expires_at';
  return m.query(
    `SELECT ${VERIFICATION_COLUMNS} FROM outcome_verification WHERE ${where} ORDER BY ${order}, id LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED`,
    [now],
  );
}

/** The status in the operator's words. */
export function statusText(v: Pick<VerificationRecord, 'status' | 'answeredVia'>): string {
  const via: Record<string, string> = {
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    'fs-visit': 'kunjungan FS',
    counter: 'di loket',
  };
  switch (v.status) {
    case 'scheduled':
      return 'Dijadwalkan: rumah tangga akan ditanya apakah manfaat sudah diterima';
    case 'asked':
      return 'Menunggu jawaban rumah tangga';
    case 'verified':
      return `Hasil diverifikasi: rumah tangga menyatakan manfaat sudah diterima (${via[v.answeredVia ?? ''] ?? v.answeredVia})`;
    case 'disputed':
      return `Dibuka kembali: rumah tangga menyatakan manfaat belum diterima (${via[v.answeredVia ?? ''] ?? v.answeredVia})`;
    case 'unverified':
      return 'Tidak terverifikasi: tidak ada jawaban dalam batas waktu';
    case 'cancelled':
      return 'Dibatalkan: kasus sudah dibuka kembali sebelum rumah tangga ditanya';
  }
}

export function verificationView(v: VerificationRecord): OutcomeVerificationViewV1 {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    verificationId: v.id,
    caseId: v.caseId,
    complaintId: v.complaintId,
    referralId: v.referralId,
    receiptNumber: v.receiptNumber,
    desaCode: v.desaCode,
    ownerCode: v.ownerCode,
    ownerAnswer: v.ownerAnswer,
    resolvedAt: new Date(v.resolvedAt).toISOString(),
    status: v.status,
    askAt: new Date(v.askAt).toISOString(),
    askedAt: iso(v.askedAt),
    expiresAt: iso(v.expiresAt),
    answer: v.answer,
    answeredVia: v.answeredVia,
    answerNote: v.answerNote,
    answeredAt: iso(v.answeredAt),
    statusText: statusText(v),
    version: v.version,
  };
}
