import { Injectable } from '@nestjs/common';
import { LookupPool } from './lookup-pool.js';

/** Intake's check, as a named (prepared) statement: one indexed read and the audit insert. */
const LOOKUP_NIK_SQL = `
  WITH m AS (SELECT household_id, desil, flags, data_period FROM member_current WHERE nik = $1 LIMIT 1),
       p AS (SELECT data_period FROM current_snapshot),
       a AS (INSERT INTO lookup_audit (actor_id, purpose, reference, nik_hmac, found, result_count, on_behalf_of) SELECT $2, $3, $4, $5, EXISTS (SELECT 1 FROM m), (SELECT count(*) FROM m), $6)
  SELECT m.household_id, m.desil, m.flags, coalesce(m.data_period, p.data_period) AS data_period
  FROM (SELECT 1) one LEFT JOIN m ON true LEFT JOIN p ON true`;

/** What `lookup-nik` reads of a person (nulls but the period when not found). */
export interface NikCheckRow {
  household_id: string | null;
  desil: number | null;
  flags: string[] | null;
  data_period: string | null;
}

/** The SQL of `lookup-nik`, on the lookup pool. */
@Injectable()
export class LookupsRepository {
  constructor(private readonly lookups: LookupPool) {}

  /** The person by NIK in the current snapshot; the audit row is written by the same statement. */
  async checkNik(
    nik: string,
    a: { actorId: string; purpose: string; reference: string | null; nikHash: string; onBehalfOf: string | null },
  ): Promise<NikCheckRow | undefined> {
    const { rows } = await this.lookups.pool.query<NikCheckRow>({
      name: 'registry-lookup-nik',
      text: LOOKUP_NIK_SQL,
      values: [nik, a.actorId, a.purpose, a.reference, a.nikHash, a.onBehalfOf],
    });
    return rows[0];
  }
}
