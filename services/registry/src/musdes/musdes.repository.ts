import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  MusdesHouseholdV1,
  MusdesMeetingDecision,
  MusdesMeetingStatus,
  MusdesOfficialV1,
  ProposalStatus,
} from '@slrt/contracts';
import { maskNik } from '@slrt/domain';
import { REQUIRED_PROFILE } from '../proposals/prelist.service.js';
import { PROFILE_COLUMNS } from '../proposals/proposals.repository.js';

/** A meeting row (without the stored files). */
export interface MeetingRow {
  id: string;
  desaCode: string;
  date: string;
  number: string;
  code: string;
  agenda: string;
  place: string;
  chairName: string;
  chairRole: MusdesOfficialV1['role'];
  officials: MusdesOfficialV1[];
  citizenCount: number;
  status: MusdesMeetingStatus;
  version: number;
  minutesVersion: number | null;
  minutesGeneratedAt: Date | null;
  signedFileName: string | null;
  signedContentType: 'application/pdf' | 'image/jpeg' | null;
  signedSize: number | null;
  signedSha256: string | null;
  finalisedBy: string | null;
  finalisedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const MEETING = `id, desa_code AS "desaCode", to_char(meeting_date, 'YYYY-MM-DD') AS date, number, code, agenda, place, chair_name AS "chairName", chair_role AS "chairRole",
  officials, citizen_count AS "citizenCount", status, version, minutes_version AS "minutesVersion", minutes_generated_at AS "minutesGeneratedAt",
  signed_file_name AS "signedFileName", signed_content_type AS "signedContentType", signed_size AS "signedSize", signed_sha256 AS "signedSha256",
  finalised_by AS "finalisedBy", finalised_at AS "finalisedAt", created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** SQL: the entry `e` has every profile field the musdes needs, and at least one member. */
const PROFILE_COMPLETE = `(${REQUIRED_PROFILE.map((f) => `e.${PROFILE_COLUMNS.find(([k]) => k === f)![1]} IS NOT NULL`).join(' AND ')}
  AND EXISTS (SELECT 1 FROM prelist_member pm WHERE pm.entry_id = e.id))`;

/** The head of household (or first member) of the entry `e`, as `h`. */
const HEAD = `LEFT JOIN LATERAL (SELECT pm.name, pm.nik FROM prelist_member pm WHERE pm.entry_id = e.id ORDER BY (pm.relationship = 'kepala-keluarga') DESC, pm.position LIMIT 1) h ON true`;

/** A meeting as listed. */
export interface MeetingListRow {
  id: string;
  desaCode: string;
  date: string;
  number: string;
  status: 'open' | 'final';
  decided: number;
  agreed: number;
}

interface HouseholdRow {
  entryId: string;
  headName: string | null;
  headNik: string | null;
  memberCount: number;
  rt: string | null;
  rw: string | null;
  status: ProposalStatus;
  decision: MusdesMeetingDecision | null;
  reason: string | null;
  profileComplete: boolean;
}

/** Storage of the musdes/muskel meetings and their decisions. */
@Injectable()
export class MusdesRepository {
  async meeting(m: EntityManager, id: string, lock = false): Promise<MeetingRow | null> {
    const [row] = (await m.query(`SELECT ${MEETING} FROM musdes_meeting WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])) as MeetingRow[];
    return row ?? null;
  }

  async meetingIdAt(m: EntityManager, desaCode: string, date: string): Promise<string | null> {
    const [row] = (await m.query(`SELECT id FROM musdes_meeting WHERE desa_code = $1 AND meeting_date = $2`, [
      desaCode,
      date,
    ])) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  /** The households decided in the meeting, in the order first decided. NIKs masked here. */
  async decided(m: EntityManager, meetingId: string): Promise<MusdesHouseholdV1[]> {
    const rows = (await m.query(
      `SELECT e.id AS "entryId", h.name AS "headName", h.nik AS "headNik", COALESCE(e.member_count, 0)::int AS "memberCount", e.rt, e.rw, e.status,
         d.decision, d.reason, ${PROFILE_COMPLETE} AS "profileComplete"
       FROM musdes_decision d JOIN prelist_entry e ON e.id = d.entry_id ${HEAD} WHERE d.meeting_id = $1 ORDER BY d.position`,
      [meetingId],
    )) as HouseholdRow[];
    return rows.map(household);
  }

  /** Draft prelist entries of the desa not yet decided in this meeting (postponed elsewhere included), oldest first. */
  async candidates(m: EntityManager, meetingId: string, desaCode: string): Promise<MusdesHouseholdV1[]> {
    const rows = (await m.query(
      `SELECT e.id AS "entryId", h.name AS "headName", h.nik AS "headNik", COALESCE(e.member_count, 0)::int AS "memberCount", e.rt, e.rw, e.status,
         NULL AS decision, NULL AS reason, ${PROFILE_COMPLETE} AS "profileComplete"
       FROM prelist_entry e ${HEAD}
       WHERE e.desa_code = $2 AND e.status = 'draft' AND NOT EXISTS (SELECT 1 FROM musdes_decision d WHERE d.meeting_id = $1 AND d.entry_id = e.id)
       ORDER BY e.created_at, e.id LIMIT 300`,
      [meetingId, desaCode],
    )) as HouseholdRow[];
    return rows.map(household);
  }

  async decision(
    m: EntityManager,
    meetingId: string,
    entryId: string,
  ): Promise<{ decision: MusdesMeetingDecision; reason: string | null } | null> {
    const [row] = (await m.query(
      `SELECT decision, reason FROM musdes_decision WHERE meeting_id = $1 AND entry_id = $2`,
      [meetingId, entryId],
    )) as Array<{ decision: MusdesMeetingDecision; reason: string | null }>;
    return row ?? null;
  }

  /** Inserts or replaces (a postponed one) the decision on a household; keeps its first position. */
  async saveDecision(
    m: EntityManager,
    meetingId: string,
    entryId: string,
    decision: MusdesMeetingDecision,
    reason: string | null,
    actorId: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO musdes_decision (meeting_id, entry_id, decision, reason, position, decided_by)
       VALUES ($1, $2, $3, $4, (SELECT COALESCE(max(position), 0) + 1 FROM musdes_decision WHERE meeting_id = $1), $5)
       ON CONFLICT (meeting_id, entry_id) DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, decided_at = now()`,
      [meetingId, entryId, decision, reason, actorId],
    );
  }

  async bumpVersion(m: EntityManager, meetingId: string): Promise<void> {
    await m.query(`UPDATE musdes_meeting SET version = version + 1, updated_at = now() WHERE id = $1`, [meetingId]);
  }

  async counts(m: EntityManager, meetingId: string): Promise<{ decided: number; agreed: number }> {
    const [row] = (await m.query(
      `SELECT count(*) FILTER (WHERE decision <> 'postponed')::int AS decided, count(*) FILTER (WHERE decision = 'agreed')::int AS agreed FROM musdes_decision WHERE meeting_id = $1`,
      [meetingId],
    )) as Array<{ decided: number; agreed: number }>;
    return row!;
  }

  /** A new meeting, unless the desa already has one on that date (`false` then). */
  async insertMeeting(
    m: EntityManager,
    r: {
      id: string;
      desaCode: string;
      date: string;
      number: string;
      code: string;
      agenda: string;
      place: string;
      chairName: string;
      chairRole: MusdesOfficialV1['role'];
      createdBy: string;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO musdes_meeting (id, desa_code, meeting_date, number, code, agenda, place, chair_name, chair_role, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (desa_code, meeting_date) DO NOTHING RETURNING id`,
      [r.id, r.desaCode, r.date, r.number, r.code, r.agenda, r.place, r.chairName, r.chairRole, r.createdBy],
    );
    return rows.length > 0;
  }

  /** Audits a read of the meeting (its households' heads by name). */
  async auditRead(m: EntityManager, actorId: string, meetingId: string, rows: number): Promise<void> {
    await m.query(
      `INSERT INTO exchange_audit (actor_id, action, reference, rows) VALUES ($1, 'read-musdes-meeting', $2, $3)`,
      [actorId, meetingId, rows],
    );
  }

  /** A page of the meetings under the desa `patterns`, optionally within a region and of a status (newest first), with the total. */
  async page(
    m: EntityManager,
    f: { patterns: string[]; regionCode?: string; status?: MusdesMeetingStatus },
    limit: number,
    offset: number,
  ): Promise<{ rows: MeetingListRow[]; total: number }> {
    const params: unknown[] = [f.patterns];
    const where = [`m.desa_code LIKE ANY($1::text[])`];
    if (f.regionCode) {
      params.push(f.regionCode);
      where.push(`(m.desa_code = $${params.length} OR m.desa_code LIKE $${params.length} || '.%')`);
    }
    if (f.status) {
      params.push(f.status);
      where.push(`m.status = $${params.length}`);
    }
    const [{ total }] = (await m.query(
      `SELECT count(*)::int AS total FROM musdes_meeting m WHERE ${where.join(' AND ')}`,
      params,
    )) as [{ total: number }];
    const rows = (await m.query(
      `SELECT m.id, m.desa_code AS "desaCode", to_char(m.meeting_date, 'YYYY-MM-DD') AS date, m.number, m.status,
         (SELECT count(*) FROM musdes_decision d WHERE d.meeting_id = m.id AND d.decision <> 'postponed')::int AS decided,
         (SELECT count(*) FROM musdes_decision d WHERE d.meeting_id = m.id AND d.decision = 'agreed')::int AS agreed
       FROM musdes_meeting m WHERE ${where.join(' AND ')} ORDER BY m.meeting_date DESC, m.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    )) as MeetingListRow[];
    return { rows, total };
  }

  /** Replaces the attendance and bumps the version. */
  async saveAttendance(
    m: EntityManager,
    meetingId: string,
    officials: MusdesOfficialV1[],
    citizenCount: number,
  ): Promise<void> {
    await m.query(
      `UPDATE musdes_meeting SET officials = $2, citizen_count = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [meetingId, JSON.stringify(officials), citizenCount],
    );
  }

  /** Audits a download of the minutes of a version (with the number of households decided). */
  async auditMinutes(m: EntityManager, actorId: string, meetingId: string, version: number): Promise<void> {
    await m.query(
      `INSERT INTO exchange_audit (actor_id, action, reference, rows) VALUES ($1, 'download-musdes-minutes', $2, (SELECT count(*) FROM musdes_decision WHERE meeting_id = $3))`,
      [actorId, `${meetingId}@${version}`, meetingId],
    );
  }

  /** The minutes PDF stored for that version (undefined: none). */
  async storedMinutes(m: EntityManager, meetingId: string, version: number): Promise<{ pdf: Buffer } | undefined> {
    const [stored] = (await m.query(
      `SELECT minutes_pdf AS pdf FROM musdes_meeting WHERE id = $1 AND minutes_version = $2`,
      [meetingId, version],
    )) as Array<{ pdf: Buffer }>;
    return stored;
  }

  /** Stores the minutes of a version, unless the meeting has moved past it meanwhile. */
  async storeMinutes(m: EntityManager, meetingId: string, version: number, pdf: Buffer): Promise<void> {
    await m.query(
      `UPDATE musdes_meeting SET minutes_pdf = $3, minutes_version = $2, minutes_generated_at = COALESCE(minutes_generated_at, now()) WHERE id = $1 AND version = $2`,
      [meetingId, version, pdf],
    );
  }
}

function household(r: HouseholdRow): MusdesHouseholdV1 {
  return {
    entryId: r.entryId,
    headName: r.headName ?? '-',
    maskedNik: r.headNik ? maskNik(r.headNik) : null,
    memberCount: r.memberCount,
    rt: r.rt,
    rw: r.rw,
    status: r.status,
    decision: r.decision,
    reason: r.reason,
    profileComplete: r.profileComplete,
  };
}
