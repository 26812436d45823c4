/**
 * A calendar date (`2026-09-01`) or a full ISO 8601 instant. `IsISO8601` alone also accepts
 * reduced precision (`2026-09`, `2026`) that PostgreSQL cannot read as a timestamp: filters that
 * reach SQL demand at least a whole date.
 */
export const FULL_DATE_OR_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
