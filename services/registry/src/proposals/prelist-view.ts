import type { PrelistEntryV1 } from '@slrt/contracts';
import { maskBirthDate, maskKk, maskNik, maskPhone, revealOrMask } from '@slrt/domain';
import type { PrelistEntryRow, PrelistMemberRow } from './proposals.repository.js';

/** A prelist entry as its reader sees it: NIK, No. KK and phone masked unless revealed, birth dates reduced to the year. */
export function prelistView(
  e: PrelistEntryRow,
  members: PrelistMemberRow[],
  history: PrelistEntryV1['history'],
  allowedActions: string[],
  reveal: boolean,
): PrelistEntryV1 {
  const revealed = reveal && (Boolean(e.contactPhone) || members.some((x) => x.nik || x.noKk));
  return {
    entryId: e.id,
    source: e.source,
    status: e.status,
    version: e.version,
    complaintId: e.complaintId,
    desaCode: e.desaCode,
    rt: e.rt,
    rw: e.rw,
    address: e.address,
    contactPhone: revealOrMask(e.contactPhone, reveal, maskPhone),
    profile: e.profile,
    memberCount: e.memberCount ?? members.length,
    disabledMemberCount: e.disabledMemberCount ?? 0,
    members: members.map((x) => ({
      memberId: x.id,
      nik: revealOrMask(x.nik, reveal, maskNik),
      noKk: revealOrMask(x.noKk, reveal, maskKk),
      name: x.name,
      birthDate: maskBirthDate(x.birthDate, reveal),
      sex: x.sex,
      relationship: x.relationship,
      disability: x.disability,
      verificationOutcome: x.verificationOutcome,
      verificationNote: x.verificationNote,
      dukcapilStatus: x.dukcapilStatus,
    })),
    musdes: e.musdesDate
      ? {
          date: e.musdesDate,
          minutesNumber: e.musdesMinutesNumber!,
          attendance: e.musdesAttendance!,
          decision: e.musdesDecision!,
          note: e.musdesNote,
          attachmentRef: e.musdesAttachmentRef,
          meetingId: e.musdesMeetingId,
        }
      : null,
    verifier: e.verifiedBy,
    verifiedAt: e.verifiedAt,
    statusReason: e.statusReason,
    batchId: e.batchId,
    allowedActions,
    history,
    revealed,
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}
