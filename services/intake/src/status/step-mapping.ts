import type { CaseOpenedV1, CaseTransitionedV1, ProposalStatusChangedV1 } from '@slrt/contracts';
import type { StepEntry } from './status-history.js';

/**
 * An owner's rejection reason (OWNER_REJECTION_REASONS) in words a citizen understands. Never the
 * owner's free-text note: it may name staff or other people.
 */
export const OWNER_REJECTION_TEXT: Record<string, string> = {
  NOT_ELIGIBLE: 'Menurut pemilik program, Anda belum memenuhi syarat sebagai penerima program ini.',
  ALREADY_RECIPIENT: 'Anda sudah tercatat sebagai penerima program ini.',
  INCOMPLETE_DATA: 'Data atau dokumen belum lengkap. Silakan hubungi petugas SLRT untuk melengkapinya.',
  NOT_OUR_PROGRAMME:
    'Permintaan ini bukan wewenang pemilik program tersebut. Silakan hubungi petugas SLRT untuk tindak lanjutnya.',
  DUPLICATE: 'Permintaan yang sama sudah pernah diajukan dan sedang atau sudah ditangani.',
  OTHER: 'Pemilik program tidak dapat memenuhi permintaan ini. Silakan hubungi petugas SLRT untuk penjelasan.',
};

/** Why a case was reopened, in the citizen's words. */
export const REOPEN_TEXT: Record<'REOPENED' | 'OUTCOME_DISPUTED', string> = {
  REOPENED: 'Pengaduan Anda dibuka kembali dan ditinjau lagi oleh petugas SLRT.',
  OUTCOME_DISPUTED:
    'Anda menyatakan manfaatnya belum diterima. Pengaduan dibuka kembali dan ditinjau lagi oleh petugas SLRT bersama pemilik program.',
};

/** A resolution the household confirmed (outcome verification): shown under the resolved step. */
export const OUTCOME_VERIFIED_TEXT = 'Anda menyatakan manfaatnya sudah diterima. Terima kasih atas konfirmasinya.';

const REGISTRY_REJECTION: Record<'declined' | 'rejected', [code: string, text: string]> = {
  declined: ['MUSDES_DECLINED', 'Usulan tidak disetujui dalam musyawarah desa/kelurahan.'],
  rejected: ['VERIVALI_REJECTED', 'Usulan tidak lolos verifikasi dan validasi data oleh Kementerian Sosial.'],
};

const REGISTRY_ACCEPTED: Record<ProposalStatusChangedV1['kind'], string> = {
  prelist: 'Rumah tangga Anda sudah masuk Data Terpadu (DTKS/DTSEN).',
  'data-change': 'Perubahan data Anda sudah diterima dalam Data Terpadu (DTKS/DTSEN).',
  ppks: 'Anda sudah tercatat sebagai penerima layanan kesejahteraan sosial (PPKS).',
};

/** Proposal statuses before an outcome: the household waits for musdes and verivali. */
const WAITING_PROPOSAL = new Set(['draft', 'recorded', 'deliberated', 'approved', 'verified', 'submitted', 'ratified']);

/** A case opened: in review (supervisor's queue), or waiting for the registry's prelist outcome. */
export function stepsOfCaseOpened(e: CaseOpenedV1, source: string): StepEntry[] {
  return [
    {
      step: e.state === 'awaiting-registry' ? 'awaiting-verivali' : 'in-review',
      occurredAt: new Date(e.openedAt),
      source,
    },
  ];
}

/**
 * A case moved. Only moves the citizen notices become steps: sent to an owner (one step per owner),
 * the owner's acceptance, resolution, an owner's rejection (with the reason in plain words),
 * closing, withdrawal, reopening. Forwarding, returns for information, follow-ups and questions
 * between owner and staff stay internal. The `registry-*` moves are not taken from referral:
 * intake follows the registry's own proposal events, which carry what the outcome was.
 */
export function stepsOfCaseTransition(e: CaseTransitionedV1, source: string): StepEntry[] {
  const at = new Date(e.at);
  switch (e.action) {
    case 'send':
    case 'refer-desa': // the Puskesos referred it to a desa service
    case 'owner-forward': // an owner passed it up a level: the citizen reads "Dirujuk ke <the new owner>"
      return e.ownerCodes.map((ownerCode) => ({
        step: 'referred',
        ownerCode,
        occurredAt: at,
        source: `${source}:${ownerCode}`,
      }));
    case 'owner-accept':
      return [{ step: 'answered', ownerCode: e.ownerCodes[0] ?? null, occurredAt: at, source }];
    case 'owner-resolve':
      return [
        {
          step: 'resolved',
          ownerCode: e.ownerCodes[0] ?? null,
          detail: 'Pemilik program sudah menindaklanjuti pengaduan Anda.',
          occurredAt: at,
          source,
        },
      ];
    case 'resolve-locally':
      return [
        {
          step: 'resolved',
          detail: 'Pengaduan Anda sudah diselesaikan oleh petugas SLRT/Puskesos.',
          occurredAt: at,
          source,
        },
      ];
    case 'owner-reject': {
      const code = e.reasonCode && OWNER_REJECTION_TEXT[e.reasonCode] ? e.reasonCode : 'OTHER';
      return [
        {
          step: 'rejected',
          ownerCode: e.ownerCodes[0] ?? null,
          reasonCode: code,
          reasonText: OWNER_REJECTION_TEXT[code]!,
          occurredAt: at,
          source,
        },
      ];
    }
    case 'close':
      return [
        {
          step: 'closed',
          reasonCode: 'CLOSED_BY_OFFICE',
          reasonText: 'Pengaduan ditutup oleh petugas SLRT. Hubungi petugas bila Anda masih memerlukan bantuan.',
          occurredAt: at,
          source,
        },
      ];
    case 'withdraw':
      return [
        {
          step: 'withdrawn',
          reasonCode: 'WITHDRAWN_BY_CITIZEN',
          reasonText: 'Dicabut atas permintaan pelapor.',
          occurredAt: at,
          source,
        },
      ];
    case 'reopen': {
      // Reopened by staff, or by the platform because the household said the benefit did not arrive (outcome verification).
      const code = e.reasonCode === 'OUTCOME_DISPUTED' ? 'OUTCOME_DISPUTED' : 'REOPENED';
      return [
        { step: 'in-review', reopen: true, reasonCode: code, reasonText: REOPEN_TEXT[code], occurredAt: at, source },
      ];
    }
    case 'resubmit':
      return [{ step: 'in-review', occurredAt: at, source }];
    default:
      return [];
  }
}

/** A registry proposal made for the complaint: waiting for musdes/verivali, then its outcome. */
export function stepsOfProposalStatus(e: ProposalStatusChangedV1, source: string): StepEntry[] {
  const at = new Date(e.changedAt);
  if (WAITING_PROPOSAL.has(e.toStatus)) return [{ step: 'awaiting-verivali', occurredAt: at, source }];
  if (e.toStatus === 'accepted')
    return [{ step: 'resolved', detail: REGISTRY_ACCEPTED[e.kind], occurredAt: at, source }];
  if (e.toStatus === 'declined' || e.toStatus === 'rejected') {
    const [reasonCode, reasonText] = REGISTRY_REJECTION[e.toStatus];
    return [{ step: 'rejected', reasonCode, reasonText, occurredAt: at, source }];
  }
  return [];
}
