import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ColumnProfileV1, SaveColumnProfileRequestV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { ColumnProfilesRepository } from './column-profiles.repository.js';
import { REQUIRED_FIELDS, SNAPSHOT_FIELDS } from './snapshot-row.js';

/**
 * Column profiles as data: how the headers of one kind of registry file map onto snapshot fields.
 * An admin adds or edits them without a code change; every required field must be mapped, and
 * two fields may not read the same header.
 */
@Injectable()
export class ColumnProfilesService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ColumnProfilesRepository,
  ) {}

  async list(code?: string): Promise<ColumnProfileV1[]> {
    const rows = await this.repo.list(this.ds.manager, code);
    return rows.map((r) => ({
      code: r.code,
      description: r.description,
      columns: r.columns as unknown as ColumnProfileV1['columns'],
    }));
  }

  async save(req: SaveColumnProfileRequestV1): Promise<ColumnProfileV1> {
    const columns: Record<string, string> = {};
    for (const field of SNAPSHOT_FIELDS) {
      const header = (req.columns as unknown as Record<string, string | undefined>)[field]?.trim();
      if (header) columns[field] = header;
    }
    const missing = REQUIRED_FIELDS.filter((f) => !columns[f]);
    if (missing.length)
      throw new DomainError('VALIDATION_FAILED', `Kolom wajib belum dipetakan: ${missing.join(', ')}.`, {
        reason: 'PROFILE_REQUIRED_FIELDS',
      });
    const seen = new Map<string, string>();
    for (const [field, header] of Object.entries(columns)) {
      const other = seen.get(header.toLowerCase());
      if (other)
        throw new DomainError('VALIDATION_FAILED', `Judul kolom "${header}" dipakai untuk ${other} dan ${field}.`, {
          reason: 'PROFILE_HEADER_REUSED',
        });
      seen.set(header.toLowerCase(), field);
    }
    await this.repo.save(this.ds.manager, { code: req.code, description: req.description.trim(), columns });
    return {
      code: req.code,
      description: req.description.trim(),
      columns: columns as unknown as ColumnProfileV1['columns'],
    };
  }
}
