/** A member row of the current snapshot as the lookups read it. */
export interface MemberRow {
  data_period: string | null;
  household_id: string | null;
  member_id: string | null;
  nik: string | null;
  no_kk: string | null;
  name: string;
  /** `YYYY-MM-DD` (read as text: a date must not go through a JS Date and a time zone). */
  birth_date: string | null;
  sex: 'M' | 'F' | null;
  relationship: string | null;
  address: string | null;
  desa_code: string;
  desil: number | null;
  flags: string[] | null;
  /** Whether the row is the person looked up (NIK lookups). */
  is_person?: boolean;
}

/** Member columns selected by every lookup, `m` being `member_current`. */
export const MEMBER_COLUMNS = `m.household_id, m.member_id, m.nik, m.no_kk, m.name, m.birth_date::text AS birth_date, m.sex, m.relationship, m.address, m.desa_code, m.desil, m.flags`;
