import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DataChangeItemV1, ProposalStatus } from '@slrt/contracts';

/** A person of the current snapshot, as a data change reads them. */
export interface SnapshotPerson {
  householdId: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
  relationship: string | null;
  address: string | null;
  desaCode: string;
  noKk: string;
  dataPeriod: string | null;
  /** Programme flags of the person in the snapshot (PKH, BPNT, PBI, KIP). */
  flags: string[];
}

/** A data change as stored. */
export interface DataChangeRow {
  id: string;
  complaintId: string | null;
  desaCode: string;
  nik: string;
  householdId: string;
  personName: string;
  dataPeriod: string | null;
  changes: DataChangeItemV1[];
  reason: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  statusReason: string | null;
  batchId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const ROW = `id, complaint_id AS "complaintId", desa_code AS "desaCode", nik, household_id AS "householdId", person_name AS "personName", data_period AS "dataPeriod",
  changes, reason, status, decided_by AS "decidedBy", decided_at AS "decidedAt", status_reason AS "statusReason", batch_id AS "batchId", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The snapshot columns a data change reads of a person. */
const PERSON_SQL = `SELECT household_id AS "householdId", name, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", sex, relationship, address, desa_code AS "desaCode",
   no_kk AS "noKk", data_period AS "dataPeriod", COALESCE(flags, ARRAY[]::text[]) AS flags
 FROM member_current WHERE nik = $1 LIMIT 1`;

/** The SQL of data changes: the snapshot person they change, and the changes themselves (drafted by operators or from complaints). */
@Injectable()
export class DataChangesRepository {
  /** The person of the current snapshot with this NIK, as a data change reads them. */
  async snapshotPerson(m: EntityManager, nik: string): Promise<SnapshotPerson | undefined> {
    const [person] = (await m.query(PERSON_SQL, [nik])) as SnapshotPerson[];
    return person;
  }

  /** Inserts a draft data change; false when its idempotency key already has one. */
  async insert(
    m: EntityManager,
    d: {
      id: string;
      complaintId: string | null;
      idempotencyKey: string;
      person: Pick<SnapshotPerson, 'desaCode' | 'householdId' | 'name' | 'dataPeriod'>;
      nik: string;
      changes: DataChangeItemV1[];
      reason: string;
      createdBy: string;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO data_change (id, complaint_id, idempotency_key, desa_code, nik, household_id, person_name, data_period, changes, reason, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11) ON CONFLICT DO NOTHING RETURNING id`,
      [
        d.id,
        d.complaintId,
        d.idempotencyKey,
        d.person.desaCode,
        d.nik,
        d.person.householdId,
        d.person.name,
        d.person.dataPeriod,
        JSON.stringify(d.changes),
        d.reason,
        d.createdBy,
      ],
    );
    return rows.length === 1;
  }

  async dataChange(m: EntityManager, id: string): Promise<DataChangeRow | undefined> {
    const [r] = (await m.query(`SELECT ${ROW} FROM data_change WHERE id = $1`, [id])) as DataChangeRow[];
    return r;
  }
}
