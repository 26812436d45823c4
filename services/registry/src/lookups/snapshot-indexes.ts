/**
 * Indexes every snapshot table gets after its rows are loaded and before it becomes current.
 * Declared once, beside the lookups that need them: the import builds exactly these, and the
 * import benchmark's `psql \copy` baseline builds the same set so the comparison stays fair.
 */
export function snapshotIndexStatements(table: string): string[] {
  return [`CREATE INDEX ON "${table}" (nik)`, `CREATE INDEX ON "${table}" (no_kk)`];
}
