import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { personHouseholdSql, type MemberRow } from '../lookups/registry-sql.js';

/** The person and household a statement states, read and audited in one statement (never revealed). */
const PERSON_SQL = personHouseholdSql('statement');

/** A statement as stored, for giving it again. */
export interface StatementRow {
  number: string;
  issued_at: Date;
  pdf: Buffer;
}

/** The SQL of the DTKS statements: the person read (audited), the numbering, the stored statements and verification by code. */
@Injectable()
export class StatementsRepository {
  /** The person by NIK within the scope `patterns`, with their household; the read is audited (`lookup_by` 'statement'). */
  async personHousehold(
    m: EntityManager,
    q: {
      nik: string;
      patterns: string[];
      actorId: string;
      actorRole: string | null;
      purpose: string;
      reference: string | null;
      nikHash: string;
    },
  ): Promise<Array<MemberRow & { job_id: string | null }>> {
    return m.query(PERSON_SQL, [q.nik, q.patterns, q.actorId, q.actorRole, q.purpose, q.reference, q.nikHash, false]);
  }

  /** The next serial of the kab/kota's statements in the year (the counter row stays locked until the transaction ends). */
  async nextSerial(m: EntityManager, kabKota: string, year: number): Promise<number> {
    const [{ last_serial: serial }] = (await m.query(
      `INSERT INTO dtks_statement_counter (kab_kota_code, year, last_serial) VALUES ($1, $2, 1)
         ON CONFLICT (kab_kota_code, year) DO UPDATE SET last_serial = dtks_statement_counter.last_serial + 1 RETURNING last_serial`,
      [kabKota, year],
    )) as [{ last_serial: number }];
    return serial;
  }

  /** Stores a statement unless one exists for the person and snapshot (`false` then). */
  async insert(
    m: EntityManager,
    s: {
      id: string;
      code: string;
      number: string;
      kabKota: string;
      householdId: string | null;
      desaCode: string;
      dataPeriod: string | null;
      jobId: string;
      nikHash: string;
      issuedAt: Date;
      issuedBy: string;
      pdf: Buffer;
    },
  ): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO dtks_statement (id, code, number, kab_kota_code, household_id, desa_code, data_period, job_id, nik_hmac, issued_at, issued_by, pdf)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (nik_hmac, job_id) DO NOTHING RETURNING id`,
      [
        s.id,
        s.code,
        s.number,
        s.kabKota,
        s.householdId,
        s.desaCode,
        s.dataPeriod,
        s.jobId,
        s.nikHash,
        s.issuedAt,
        s.issuedBy,
        s.pdf,
      ],
    );
    return inserted.length > 0;
  }

  async find(m: EntityManager, nikHash: string, jobId: string): Promise<StatementRow | null> {
    const [row] = (await m.query(
      `SELECT number, issued_at, pdf FROM dtks_statement WHERE nik_hmac = $1 AND job_id = $2`,
      [nikHash, jobId],
    )) as StatementRow[];
    return row ?? null;
  }

  /** The statement with the verification code (what may be told publicly). */
  async byCode(
    m: EntityManager,
    code: string,
  ): Promise<{ number: string; issued_at: Date; data_period: string; desa_code: string } | undefined> {
    const [row] = (await m.query(
      `SELECT number, issued_at, data_period, desa_code FROM dtks_statement WHERE code = $1`,
      [code],
    )) as Array<{
      number: string;
      issued_at: Date;
      data_period: string;
      desa_code: string;
    }>;
    return row;
  }

  /** The musdes/muskel meeting whose Berita Acara carries the verification code. */
  async meetingByCode(
    m: EntityManager,
    code: string,
  ): Promise<{ number: string; issued_at: Date; desa_code: string } | undefined> {
    const [meeting] = (await m.query(
      `SELECT number, COALESCE(minutes_generated_at, created_at) AS issued_at, desa_code FROM musdes_meeting WHERE code = $1`,
      [code],
    )) as Array<{ number: string; issued_at: Date; desa_code: string }>;
    return meeting;
  }
}
