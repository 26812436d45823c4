import type { RankingCriterionV1, RankingPresetV1 } from '@slrt/contracts';
import { opaqueHouseholdIdSql } from '@slrt/domain';

/**
 * Presets seeded with the service (data: ADMIN edits them or adds more). Desil first — BPS's
 * welfare rank, never computed here — then the tie-breakers.
 */
export const DEFAULT_RANKING_PRESETS: readonly RankingPresetV1[] = [
  {
    code: 'desil-default',
    description:
      'Desil terendah dahulu; lalu keluarga terbesar; lalu yang punya lansia atau balita; lalu yang belum menerima PKH',
    criteria: [
      { key: 'desil', direction: 'asc' },
      { key: 'household-size', direction: 'desc' },
      { key: 'vulnerable', direction: 'desc' },
      { key: 'without-programme', direction: 'desc', programme: 'PKH' },
    ],
  },
  {
    code: 'lansia',
    description: 'Program lansia: desil terendah, lalu jumlah lansia terbanyak, lalu yang belum menerima BPNT',
    criteria: [
      { key: 'desil', direction: 'asc' },
      { key: 'elderly', direction: 'desc' },
      { key: 'without-programme', direction: 'desc', programme: 'BPNT' },
    ],
  },
];

/** Columns of the per-household aggregate each criterion sorts on. */
const CRITERION_SQL: Record<RankingCriterionV1['key'], (c: RankingCriterionV1) => string> = {
  desil: () => 'desil',
  'household-size': () => 'household_size',
  elderly: () => 'elderly',
  'under-five': () => 'under_five',
  vulnerable: () => '(elderly + under_five)',
  // 1 when no member carries the flag: `desc` puts households without the programme first
  'without-programme': (c) => {
    const flag = c.programme ?? 'PKH';
    if (!/^[A-Z]{2,10}$/.test(flag)) throw new Error(`invalid programme flag in ranking criteria`);
    return `(NOT ('${flag}' = ANY(flags)))::int`;
  },
};

/**
 * The ORDER BY of a ranking: the criteria in order (an unknown desil always last, whatever the
 * direction), then the household id so equal households keep a stable order across pages.
 */
export function orderBySql(criteria: readonly RankingCriterionV1[]): string {
  const parts = criteria.map((c) => {
    const dir = c.direction === 'desc' ? 'DESC' : 'ASC';
    if (c.key === 'desil') return `desil IS NULL, desil ${dir}`;
    return `${CRITERION_SQL[c.key](c)} ${dir}`;
  });
  return [...parts, 'household_id ASC'].join(', ');
}

/**
 * Households of the current snapshot within a region, one row each: desil, size, elderly (60+)
 * and under-five counts at `$2` (a date), programme flags of any member, and the head of
 * household (relationship code 1 or "kepala…", else the first member) with NIK and No. KK masked
 * in SQL like `maskNik`/`maskKk` (last 4 digits only) and no birth date. `household_id` is the
 * opaque id of `opaqueHouseholdId` (never the No. KK) under the household id key `$3`.
 * `$1` = region LIKE patterns.
 */
export const HOUSEHOLDS_SQL = `
  SELECT ${opaqueHouseholdIdSql('household_id', '$3::text')} AS household_id, min(desa_code) AS desa_code, min(desil)::int AS desil, count(*)::int AS household_size,
    count(*) FILTER (WHERE birth_date <= ($2::date - interval '60 years'))::int AS elderly,
    count(*) FILTER (WHERE birth_date > ($2::date - interval '5 years'))::int AS under_five,
    array_remove(ARRAY[
      CASE WHEN bool_or('PKH' = ANY(flags)) THEN 'PKH' END, CASE WHEN bool_or('BPNT' = ANY(flags)) THEN 'BPNT' END,
      CASE WHEN bool_or('PBI' = ANY(flags)) THEN 'PBI' END, CASE WHEN bool_or('KIP' = ANY(flags)) THEN 'KIP' END], NULL) AS flags,
    (array_agg(name ORDER BY (relationship IN ('1', '01') OR relationship ILIKE 'kepala%') DESC, member_id, nik))[1] AS head_name,
    (array_agg(${maskSql('nik')} ORDER BY (relationship IN ('1', '01') OR relationship ILIKE 'kepala%') DESC, member_id, nik))[1] AS head_nik_masked,
    ${maskSql('min(no_kk)')} AS no_kk_masked
  FROM member_current
  WHERE desa_code LIKE ANY($1)
  GROUP BY household_id`;

/** `maskNik`/`maskKk` of `@slrt/domain` in SQL: 12 stars and the last 4 digits; anything else masked whole. */
function maskSql(e: string): string {
  return `CASE WHEN ${e} ~ '^[0-9]{16}$' THEN repeat('*', 12) || right(${e}, 4) ELSE repeat('*', length(${e})) END`;
}
