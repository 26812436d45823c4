import type { EntityManager } from 'typeorm';
import type { ProposalKind, ProposalStatus, ProposalStatusChangedV1 } from '@slrt/contracts';

/** The case actions a registry outcome leads to. */
export type RegistryStepAction = 'registry-update' | 'registry-accept' | 'registry-reject';

const KIND: Record<ProposalKind, string> = {
  prelist: 'Usulan prelist (daftar awal)',
  'data-change': 'Usulan perubahan data',
  ppks: 'Data PPKS',
};

/** What each status means for the citizen's case, in the words the operator reads in the history. */
const STEP: Record<ProposalStatus, { action: RegistryStepAction; text: string }> = {
  draft: { action: 'registry-update', text: 'dibuat di registri' },
  recorded: { action: 'registry-update', text: 'dicatat di registri' },
  deliberated: { action: 'registry-update', text: 'disetujui dalam musyawarah desa/kelurahan' },
  declined: { action: 'registry-reject', text: 'tidak disetujui' },
  approved: { action: 'registry-update', text: 'disetujui untuk dikirim ke SIKS-NG' },
  verified: { action: 'registry-update', text: 'selesai diverifikasi di lapangan' },
  submitted: { action: 'registry-update', text: 'dikirim ke SIKS-NG' },
  ratified: { action: 'registry-update', text: 'ditetapkan oleh Bupati/Wali Kota' },
  accepted: { action: 'registry-accept', text: 'diterima: masuk DTKS/DTSEN' },
  rejected: { action: 'registry-reject', text: 'ditolak oleh Kementerian Sosial' },
  withdrawn: { action: 'registry-update', text: 'ditarik' },
};

/**
 * The case step of a proposal's status change: final outcomes (`accepted`, `rejected`, `declined`)
 * end the case; the others are recorded in its history. `withdrawn` only records: the complaint's
 * own withdrawal moves the case. The note carries no personal data (the registry's event has none).
 */
export function registryStep(e: Pick<ProposalStatusChangedV1, 'kind' | 'toStatus' | 'action' | 'reason' | 'batchId'>): {
  action: RegistryStepAction;
  note: string;
} {
  const step = STEP[e.toStatus];
  const declinedWhere =
    e.toStatus === 'declined'
      ? e.kind === 'prelist'
        ? ' dalam musyawarah desa/kelurahan'
        : ' oleh manajer/sekretariat'
      : '';
  const batch = e.toStatus === 'submitted' && e.batchId ? ` (batch ${e.batchId})` : '';
  const reason = e.reason ? `: ${e.reason}` : '';
  return { action: step.action, note: `${KIND[e.kind]} ${step.text}${declinedWhere}${batch}${reason}.`.slice(0, 1000) };
}

/**
 * Serialises, per complaint, recording an outcome with opening the complaint's case (this
 * transaction): otherwise an outcome recorded while the case is being opened sees no case, and the
 * opening does not see the outcome, which would stay unapplied.
 */
export async function lockComplaintOutcomes(m: EntityManager, complaintId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`referral-outcomes:${complaintId}`]);
}

/** Records a registry outcome for a complaint; false when this event was recorded already. */
export async function recordRegistryOutcome(
  m: EntityManager,
  eventId: string,
  e: ProposalStatusChangedV1,
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO registry_outcome (event_id, complaint_id, proposal_id, kind, from_status, to_status, action, reason, batch_id, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    [
      eventId,
      e.complaintId,
      e.proposalId,
      e.kind,
      e.fromStatus,
      e.toStatus,
      e.action,
      e.reason,
      e.batchId,
      e.changedAt,
    ],
  );
  return rows.length > 0;
}

/** Outcomes of a complaint not yet applied to a case, oldest first. */
export async function pendingRegistryOutcomes(
  m: EntityManager,
  complaintId: string,
): Promise<
  Array<{ eventId: string } & Pick<ProposalStatusChangedV1, 'kind' | 'toStatus' | 'action' | 'reason' | 'batchId'>>
> {
  return m.query(
    `SELECT event_id AS "eventId", kind, to_status AS "toStatus", action, reason, batch_id AS "batchId" FROM registry_outcome
     WHERE complaint_id = $1 AND case_id IS NULL ORDER BY changed_at, recorded_at FOR UPDATE`,
    [complaintId],
  );
}

export async function markRegistryOutcomeApplied(m: EntityManager, eventId: string, caseId: string): Promise<void> {
  await m.query(`UPDATE registry_outcome SET case_id = $2 WHERE event_id = $1`, [eventId, caseId]);
}
