import type { HouseholdProfileV1, PrelistMemberInputV1 } from '@slrt/contracts';
import { FieldErrors, checkKk, checkNik, checkPastDate } from './person-checks.js';
import type { PrelistMemberRow } from './proposals.repository.js';

/** Checks of a prelist entry's content beyond its contract (field errors, in the operators' words). */

/** The members named in a request are members of the entry, each once (and, with `all`, every member is named). */
export function requireSameMembers(members: PrelistMemberRow[], ids: string[], all: boolean): void {
  const errors = new FieldErrors();
  if (new Set(ids).size !== ids.length) errors.add('members', 'Setiap anggota hanya boleh disebut sekali.');
  ids.forEach((id, i) => {
    if (!members.some((x) => x.id === id)) errors.add(`members.${i}.memberId`, 'Bukan anggota usulan ini.');
  });
  if (all)
    for (const x of members)
      if (!ids.includes(x.id)) errors.add('members', `Hasil verifikasi anggota "${x.name}" belum diisi.`);
  errors.throwIfAny('Daftar anggota tidak sesuai dengan usulan.');
}

/** A household profile's fields agree with each other. */
export function checkProfile(p: HouseholdProfileV1): void {
  const errors = new FieldErrors();
  if (p.electricityPower && p.lightingSource && !p.lightingSource.startsWith('listrik-pln'))
    errors.add('profile.electricityPower', 'Daya listrik hanya diisi untuk listrik PLN.');
  errors.throwIfAny();
}

/** The members of an entry: identity numbers, birth dates, one head of household, no NIK twice. */
export function checkMembers(members: PrelistMemberInputV1[]): void {
  const errors = new FieldErrors();
  const now = new Date();
  members.forEach((x, i) => {
    checkNik(errors, `members.${i}.nik`, x.nik, now);
    checkKk(errors, `members.${i}.noKk`, x.noKk, now);
    checkPastDate(errors, `members.${i}.birthDate`, x.birthDate, now, 'Tanggal lahir');
  });
  if (members.filter((x) => x.relationship === 'kepala-keluarga').length > 1)
    errors.add('members', 'Hanya satu kepala keluarga.');
  const niks = members.map((x) => x.nik).filter(Boolean);
  if (new Set(niks).size !== niks.length) errors.add('members', 'NIK yang sama tercatat lebih dari sekali.');
  errors.throwIfAny();
}
