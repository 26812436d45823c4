import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, MusdesMeetingV1, RecordMusdesDecisionsRequestV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { RegistryEnv } from '../config/registry.env.js';
import { requireRole } from '@slrt/auth';
import { PROPOSAL_ROLES } from '../proposals/proposal-access.js';
import { movedBy, ProposalLifecycle } from '../proposals/proposal-lifecycle.js';
import { FieldErrors } from '../proposals/person-checks.js';
import { REQUIRED_PROFILE } from '../proposals/prelist.service.js';
import { ProposalsRepository } from '../proposals/proposals.repository.js';
import { localDate } from '@slrt/domain';
import {
  MEETING_FINAL,
  MEETING_NOT_FOUND,
  MusdesMeetingsService,
  meetingInScope,
  meetingKind,
} from './musdes-meetings.service.js';
import { DECISION_LABEL } from './musdes-minutes.js';
import { MusdesRepository } from './musdes.repository.js';

/**
 * Decisions of a meeting on its households. Agreed / not agreed moves the prelist entry once
 * (`draft` → `deliberated` / `declined`, through `ProposalLifecycle`: version + 1, history, status
 * event), with its musdes fields taken from the meeting; postponed keeps it in `draft` (history
 * only) for a later meeting. The meeting row is locked for the whole request, so concurrent or
 * replayed requests on a meeting apply one after the other: the second finds the decision already
 * there and changes nothing. A unique index (one agreed/not-agreed decision per entry) backs it
 * across meetings.
 */
@Injectable()
export class MusdesDecisionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: MusdesRepository,
    private readonly proposals: ProposalsRepository,
    private readonly lifecycle: ProposalLifecycle,
    private readonly meetings: MusdesMeetingsService,
    private readonly env: RegistryEnv,
  ) {}

  async record(req: RecordMusdesDecisionsRequestV1, actor: Actor): Promise<MusdesMeetingV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    const errors = new FieldErrors();
    const seen = new Set<string>();
    req.decisions.forEach((d, i) => {
      if (seen.has(d.entryId))
        errors.add(
          `decisions.${i}.entryId`,
          'Setiap rumah tangga hanya boleh diputuskan sekali dalam satu permintaan.',
        );
      seen.add(d.entryId);
      if (d.decision !== 'agreed' && !d.reason?.trim())
        errors.add(
          `decisions.${i}.reason`,
          `Alasan wajib diisi untuk keputusan "${DECISION_LABEL[d.decision].toLowerCase()}".`,
        );
    });
    errors.throwIfAny('Keputusan musyawarah belum benar; periksa kolom yang ditandai.');
    await this.ds.transaction(async (m) => {
      const meeting = await this.repo.meeting(m, req.meetingId, true);
      if (!meeting || !meetingInScope(actor, meeting.desaCode)) throw MEETING_NOT_FOUND();
      if (meeting.status === 'final') throw MEETING_FINAL();
      if (!meeting.officials.length)
        throw new DomainError('CONFLICT', 'Catat daftar hadir musyawarah sebelum mencatat keputusan.', {
          reason: 'ATTENDANCE_MISSING',
        });
      if (meeting.date > localDate(new Date(), this.env.SLRT_TIME_ZONE)) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'Keputusan baru dapat dicatat pada atau setelah tanggal musyawarah.',
          { fieldErrors: [{ field: 'decisions', messages: [`Musyawarah dijadwalkan ${meeting.date}.`] }] },
        );
      }
      const attendance = meeting.officials.length + meeting.citizenCount;
      let changed = false;
      // A stable lock order on the proposals: two meetings deciding the same households cannot deadlock.
      const ordered = req.decisions.map((d, i) => ({ ...d, i })).sort((a, b) => (a.entryId < b.entryId ? -1 : 1));
      const problems = new FieldErrors();
      for (const d of ordered) {
        const path = `decisions.${d.i}.entryId`;
        const reason = d.reason?.trim() || null;
        const p = await this.lifecycle.head(m, 'prelist', d.entryId, true);
        if (!p || p.desaCode !== meeting.desaCode) {
          problems.add(path, 'Bukan usulan prelist desa/kelurahan musyawarah ini.');
          continue;
        }
        const previous = await this.repo.decision(m, meeting.id, p.id);
        if (previous && previous.decision === d.decision && previous.reason === reason) continue; // replayed: already so
        if (previous && previous.decision !== 'postponed') {
          throw new DomainError(
            'CONFLICT',
            `Keputusan atas usulan ${p.id} sudah dicatat (${DECISION_LABEL[previous.decision].toLowerCase()}) dan tidak dapat diubah.`,
            { reason: 'DECISION_ALREADY_RECORDED' },
          );
        }
        const t = this.lifecycle.check(p, 'record-musdes', actor); // CONFLICT when decided elsewhere, withdrawn, …
        if (d.decision !== 'postponed') {
          const entry = (await this.proposals.prelistRow(m, p.id))!;
          const missing = REQUIRED_PROFILE.filter((f) => entry.profile[f] === null || entry.profile[f] === undefined);
          if (missing.length || !(await this.proposals.members(m, p.id)).length) {
            problems.add(path, 'Profil rumah tangga belum lengkap untuk diputuskan; lengkapi usulan atau tunda.');
            continue;
          }
        }
        await this.repo.saveDecision(m, meeting.id, p.id, d.decision, reason, actor.id);
        const label = `${meetingKind(meeting.desaCode)} (BA ${meeting.number})`;
        if (d.decision === 'postponed') {
          await this.lifecycle.move(m, p, 'record-musdes', p.status, movedBy(actor, t), {
            reason: `Ditunda dalam ${label}: ${reason}`,
            actor,
          });
        } else {
          await this.lifecycle.move(
            m,
            p,
            'record-musdes',
            d.decision === 'agreed' ? 'deliberated' : 'declined',
            movedBy(actor, t),
            {
              reason: d.decision === 'agreed' ? `Disetujui ${label}` : `Tidak disetujui ${label}: ${reason}`,
              actor,
              extraSet:
                'musdes_date = $5, musdes_minutes_number = $6, musdes_attendance = $7, musdes_decision = $8, musdes_note = $9, musdes_attachment_ref = $10, musdes_meeting_id = $11',
              extraParams: [
                meeting.date,
                meeting.number,
                attendance,
                d.decision,
                reason,
                `musdes-meeting:${meeting.id}`,
                meeting.id,
              ],
            },
          );
        }
        changed = true;
      }
      problems.throwIfAny('Sebagian rumah tangga tidak dapat diputuskan; tidak ada yang disimpan.');
      if (changed) await this.repo.bumpVersion(m, meeting.id);
    });
    return this.meetings.view(this.ds.manager, req.meetingId, actor);
  }
}
