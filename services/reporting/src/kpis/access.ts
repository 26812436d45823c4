import type { Actor } from '@slrt/contracts';
import { isWithinAnyRegion, isWithinRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/**
 * Reporting's own access rules; the roles of each request are declared in the catalog (libs/contracts
 * `RPCS`) and checked again with libs/auth's `requireRole`, in these words.
 */
export const NOT_YOUR_REPORT = 'Peran Anda tidak berwenang melihat laporan ini.';

/**
 * The region codes a query is limited to: the caller's scope, narrowed to `regionCode` when given.
 * A region wider than the scope is narrowed to the parts of the scope inside it; one outside the
 * scope is refused. A caller without any region scope sees nothing.
 */
export function regionsFor(actor: Actor, regionCode: string | undefined): string[] {
  const scope = actor.regionScope;
  if (!scope.length)
    throw new DomainError('FORBIDDEN', 'Anda tidak memiliki cakupan wilayah.', { reason: 'NO_REGION_SCOPE' });
  if (!regionCode) return [...scope];
  if (isWithinAnyRegion(regionCode, scope)) return [regionCode];
  const inside = scope.filter((s) => isWithinRegion(s, regionCode));
  if (inside.length) return inside;
  throw new DomainError('FORBIDDEN', 'Wilayah ini di luar cakupan wilayah Anda.', { reason: 'OUT_OF_SCOPE' });
}

/** `fromMonth` must not be after `toMonth`, and the period at most `max` months. */
export function checkPeriod(fromMonth: string, toMonth: string, months: number, max = 60): void {
  if (fromMonth > toMonth) {
    throw new DomainError('VALIDATION_FAILED', 'Data yang dikirim belum benar.', {
      fieldErrors: [{ field: 'toMonth', messages: ['Bulan akhir tidak boleh sebelum bulan awal.'] }],
    });
  }
  if (months > max) {
    throw new DomainError('VALIDATION_FAILED', 'Data yang dikirim belum benar.', {
      fieldErrors: [{ field: 'fromMonth', messages: [`Rentang paling panjang ${max} bulan.`] }],
    });
  }
}

/**
 * SQL matching `column` against region codes: the code itself or anything under it. One equality
 * and one prefix `LIKE` per code, each its own parameter: PostgreSQL turns `LIKE '62.71.%'` into a
 * range on the `text_pattern_ops` index of the column, which `LIKE ANY($array)` never is (a kab/kota
 * dashboard read every row of a province-sized read model: `bench/reporting-queries.ts`).
 */
export function regionSql(column: string, codes: string[], firstParam: number): { sql: string; params: unknown[] } {
  if (!codes.length) return { sql: 'false', params: [] };
  const terms = codes.map((_, i) => `${column} = $${firstParam + 2 * i} OR ${column} LIKE $${firstParam + 2 * i + 1}`);
  return { sql: `(${terms.join(' OR ')})`, params: codes.flatMap((c) => [c, `${c}.%`]) };
}
