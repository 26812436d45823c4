import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A column profile as stored: snapshot field → header. */
export interface ColumnProfileRow {
  code: string;
  description: string;
  columns: Record<string, string>;
}

/** The SQL of the column profiles (`column_profile`). */
@Injectable()
export class ColumnProfilesRepository {
  /** Every profile, or the one with `code`, by code. */
  async list(m: EntityManager, code?: string): Promise<ColumnProfileRow[]> {
    return m.query(
      `SELECT code, description, columns FROM column_profile WHERE $1::text IS NULL OR code = $1 ORDER BY code`,
      [code ?? null],
    );
  }

  /** Adds the profile or replaces its description and columns. */
  async save(m: EntityManager, p: ColumnProfileRow): Promise<void> {
    await m.query(
      `INSERT INTO column_profile (code, description, columns) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET description = EXCLUDED.description, columns = EXCLUDED.columns`,
      [p.code, p.description, JSON.stringify(p.columns)],
    );
  }
}
