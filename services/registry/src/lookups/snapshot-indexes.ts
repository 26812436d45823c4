/**
 * Indexes every snapshot table gets after its rows are loaded and before it becomes current.
 * Declared once, beside the lookups that need them: the import builds exactly these, and the
 * import benchmark's `psql \copy` baseline builds the same set so the comparison stays fair.
 *
 * - `nik`: intake's check and `lookup-person` by NIK (the hot path);
 * - `no_kk`: `lookup-person` by No. KK and every household read (members of one KK);
 * - `(birth_date, desa_code COLLATE "C")`: `lookup-person` by name, which always comes with a
 *   birth date or year and a desa or kecamatan. Both are ranges inside the index (the region as
 *   `[code, code + '/')` in byte order, whatever the database collation), so only matching rows
 *   are fetched; names are then ranked in the service (spelling variants folded), so no trigram
 *   index (and no extension) is needed.
 */
export function snapshotIndexStatements(table: string): string[] {
  return [
    `CREATE INDEX ON "${table}" (nik)`,
    `CREATE INDEX ON "${table}" (no_kk)`,
    `CREATE INDEX ON "${table}" (birth_date, desa_code COLLATE "C")`,
  ];
}
