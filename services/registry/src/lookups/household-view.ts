import type { RegistryHouseholdV1, RegistryMemberV1 } from '@slrt/contracts';
import { findRegion, kecamatanOf, maskBirthDate, maskKk, maskNik, opaqueHouseholdId } from '@slrt/domain';
import type { MemberRow } from './registry-sql.js';

/**
 * Turning snapshot rows into the household views of `lookup-person` (and the DTKS statement):
 * members grouped by No. KK, head first, NIK/KK masked unless revealed, ages, region names.
 */

const regionNames = new Map<string, string>();

/** Name of a region from `@slrt/domain` (cached; the list is loaded at start), or its code when unknown. */
export function regionName(code: string | null): string {
  if (code === null) return '-';
  let name = regionNames.get(code);
  if (name === undefined) {
    name = findRegion(code)?.name ?? code;
    if (regionNames.size < 20_000) regionNames.set(code, name);
  }
  return name;
}

/** Whole years between `birthDate` and `today` (both `YYYY-MM-DD`); null when unknown. */
export function ageOn(birthDate: string | null, today: string): number | null {
  if (birthDate === null) return null;
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const age = today.slice(5) < birthDate.slice(5) ? years - 1 : years;
  return age >= 0 ? age : null;
}

const HEAD = /kepala|^1$|^krt$/i;

/** Orders members as a family card does: the head first, then by age (oldest first). */
export function memberOrder(a: MemberRow, b: MemberRow): number {
  const ha = HEAD.test(a.relationship ?? '') ? 0 : 1;
  const hb = HEAD.test(b.relationship ?? '') ? 0 : 1;
  if (ha !== hb) return ha - hb;
  return (a.birth_date ?? '9999').localeCompare(b.birth_date ?? '9999') || a.name.localeCompare(b.name);
}

export function memberView(row: MemberRow, reveal: boolean, today: string): RegistryMemberV1 {
  const nik = row.nik ?? '';
  return {
    memberId: row.member_id,
    nik: reveal ? nik : maskNik(nik),
    name: row.name,
    sex: row.sex,
    // Day and month beside the desa and the last 4 digits would rebuild the NIK: the year only unless revealed.
    birthDate: maskBirthDate(row.birth_date, reveal),
    age: ageOn(row.birth_date, today),
    relationship: row.relationship,
    programmeFlags: row.flags ?? [],
  };
}

/**
 * One household view per No. KK among `rows` (in order of first appearance). The household id is
 * the IDBDT where the file had one; otherwise the opaque id of `opaqueHouseholdId` under
 * `householdRefKey` (the same id the candidate ranking shows), never the No. KK.
 */
export function householdViews(
  rows: readonly MemberRow[],
  reveal: boolean,
  today: string,
  householdRefKey: string,
): Map<string, RegistryHouseholdV1> {
  const groups = new Map<string, MemberRow[]>();
  for (const r of rows) {
    if (r.no_kk === null) continue;
    const g = groups.get(r.no_kk);
    if (g) g.push(r);
    else groups.set(r.no_kk, [r]);
  }
  const out = new Map<string, RegistryHouseholdV1>();
  for (const [noKk, members] of groups) {
    members.sort(memberOrder);
    const first = members[0]!;
    const householdId = first.household_id ?? noKk;
    const idbdt = householdId !== noKk ? householdId : null;
    const flags = new Set<string>();
    for (const m of members) for (const f of m.flags ?? []) flags.add(f);
    out.set(noKk, {
      householdId: idbdt ?? opaqueHouseholdId(householdRefKey, noKk),
      idbdt,
      noKk: reveal ? noKk : maskKk(noKk),
      desil: members.find((m) => m.desil !== null)?.desil ?? null,
      programmeFlags: [...flags].sort(),
      desaCode: first.desa_code,
      desaName: regionName(first.desa_code),
      kecamatanName: regionName(kecamatanOf(first.desa_code)),
      address: first.address,
      members: members.map((m) => memberView(m, reveal, today)),
    });
  }
  return out;
}

/** Today's date `YYYY-MM-DD` in UTC (ages are whole years: the zone barely matters). */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
