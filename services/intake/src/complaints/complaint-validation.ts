import { createHash } from 'node:crypto';
import { identifierHashKey, type IdentifierHashKeyEnv } from '@slrt/config';
import type { ComplaintInputV1, FieldError, InputWarningV1, PersonInputV1 } from '@slrt/contracts';
import { identifierHash, normalizePhone, parseKk, parseNik, regionExists, regionLevel } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { SEED_PROGRAMMES, type ProgrammeLookup } from './programme-catalogue.js';

/** A person after the field's rules: phone in +62 form, identifiers checked. */
export interface CheckedPerson extends PersonInputV1 {
  phone?: string;
}

/** A complaint input that passed every rule, normalised (canonical programme codes, +62 phones). */
export interface CheckedComplaint extends ComplaintInputV1 {
  subject: CheckedPerson;
  complainant: CheckedPerson | null;
  recordedAt: string;
}

export interface CheckResult {
  input: CheckedComplaint;
  warnings: InputWarningV1[];
}

/**
 * Applies the field's rules that a payload schema cannot express: NIK and KK structure (date with
 * day + 40 for women, serial, region prefix — an unknown or retired region is a warning only),
 * existing desa codes, catalogue programmes, phone numbers, consent, birth dates, and the
 * complainant required unless the subject complains in person. Every problem is reported at
 * once, per field, in Bahasa Indonesia. Programme codes are checked against `programmes` (referral's
 * catalogue, see programme-catalogue.ts; `inactiveToo` for corrections of older complaints); when
 * that list is not authoritative (referral silent, seed only) a code it does not know is a 503.
 */
export function checkComplaintInput(
  raw: ComplaintInputV1,
  now = new Date(),
  programmes: ProgrammeLookup = SEED_PROGRAMMES,
  o: { inactiveToo?: boolean } = {},
): CheckResult {
  const errors: FieldError[] = [];
  const warnings: InputWarningV1[] = [];
  const add = (field: string, message: string) => {
    const existing = errors.find((e) => e.field === field);
    if (existing) existing.messages.push(message);
    else errors.push({ field, messages: [message] });
  };

  const person = (p: PersonInputV1, path: string): CheckedPerson => {
    const out: CheckedPerson = { ...p, address: { ...p.address } };
    if (p.nik) {
      const r = parseNik(p.nik, { today: now });
      if (!r.ok) r.errors.forEach((e) => add(`${path}.nik`, e.message));
      else r.warnings.forEach((w) => warnings.push({ field: `${path}.nik`, code: w.code, message: w.message }));
      if (r.ok && p.sex && r.value.sex !== p.sex)
        warnings.push({
          field: `${path}.sex`,
          code: 'SEX_DIFFERS_FROM_NIK',
          message: 'Jenis kelamin berbeda dengan yang tersirat pada NIK; periksa kembali (NIK tidak diubah).',
        });
    }
    if (p.noKk) {
      const r = parseKk(p.noKk, { today: now });
      if (!r.ok) r.errors.forEach((e) => add(`${path}.noKk`, e.message));
      else r.warnings.forEach((w) => warnings.push({ field: `${path}.noKk`, code: w.code, message: w.message }));
    }
    if (p.birthDate) {
      const d = new Date(`${p.birthDate}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== p.birthDate)
        add(`${path}.birthDate`, 'Tanggal lahir tidak ada di kalender.');
      else if (d.getTime() > now.getTime()) add(`${path}.birthDate`, 'Tanggal lahir tidak boleh di masa depan.');
      else if (now.getUTCFullYear() - d.getUTCFullYear() > 130)
        add(`${path}.birthDate`, 'Tanggal lahir terlalu lampau.');
    }
    if (regionLevel(p.address.desaCode) !== 'desa' || !regionExists(p.address.desaCode)) {
      add(`${path}.address.desaCode`, 'Kode desa/kelurahan tidak terdaftar dalam daftar wilayah Kemendagri.');
    }
    if (typeof p.phone === 'string' && p.phone.trim() !== '') {
      const r = normalizePhone(p.phone);
      if (r.ok) out.phone = r.value.e164;
      else r.errors.forEach((e) => add(`${path}.phone`, e.message));
    } else {
      delete out.phone;
    }
    if (!p.consent) add(`${path}.consent`, 'Persetujuan pengolahan data pribadi diperlukan sebelum data disimpan.');
    if (!p.vulnerableGroups?.length) delete out.vulnerableGroups;
    else out.vulnerableGroups = [...p.vulnerableGroups].sort();
    out.name = p.name.trim().replace(/\s+/g, ' ');
    return out;
  };

  const subject = person(raw.subject, 'subject');
  let complainant: CheckedPerson | null = null;
  if (raw.relationship === 'self') {
    if (raw.complainant)
      add('complainant', 'Pelapor adalah subjek sendiri (hubungan "self"): data pelapor tidak perlu diisi.');
  } else if (raw.complainant) {
    complainant = person(raw.complainant, 'complainant');
  } else if (!raw.anonymous) {
    add('complainant', 'Data pelapor wajib diisi bila pelapor bukan subjek sendiri (kecuali pengaduan anonim).');
  }

  const programmeCodes: string[] = [];
  const unverifiable: string[] = [];
  raw.complaint.programmeCodes.forEach((code, i) => {
    const programme = programmes.find(code, o);
    if (!programme && !programmes.authoritative) unverifiable.push(code);
    else if (!programme)
      add(`complaint.programmeCodes.${i}`, `Program "${code}" tidak ada dalam katalog program kabupaten/kota.`);
    else if (!programmeCodes.includes(programme)) programmeCodes.push(programme);
  });
  // The household's programmes (received, needed; household and members): catalogue codes like the complaint's.
  const canonical = (codes: string[] | undefined, path: string): string[] | undefined => {
    if (!codes) return undefined;
    const out: string[] = [];
    codes.forEach((code, i) => {
      const programme = programmes.find(code, o);
      if (!programme && !programmes.authoritative) unverifiable.push(code);
      else if (!programme) add(`${path}.${i}`, `Program "${code}" tidak ada dalam katalog program kabupaten/kota.`);
      else if (!out.includes(programme)) out.push(programme);
    });
    return out;
  };
  let household: CheckedComplaint['household'];
  if (raw.household) {
    const h = raw.household;
    household = {
      ...(h.programmesReceived
        ? { programmesReceived: canonical(h.programmesReceived, 'household.programmesReceived') }
        : {}),
      ...(h.programmesNeeded ? { programmesNeeded: canonical(h.programmesNeeded, 'household.programmesNeeded') } : {}),
      ...(h.needsNote?.trim() ? { needsNote: h.needsNote.trim() } : {}),
      ...(h.members?.length
        ? {
            members: h.members.map((x, j) => {
              if (x.birthYear !== undefined && x.birthYear > now.getUTCFullYear())
                add(`household.members.${j}.birthYear`, 'Tahun lahir tidak boleh di masa depan.');
              return {
                ...x,
                name: x.name.trim().replace(/\s+/g, ' '),
                ...(x.programmesReceived
                  ? { programmesReceived: canonical(x.programmesReceived, `household.members.${j}.programmesReceived`) }
                  : {}),
                ...(x.programmesNeeded
                  ? { programmesNeeded: canonical(x.programmesNeeded, `household.members.${j}.programmesNeeded`) }
                  : {}),
              };
            }),
          }
        : {}),
    } as CheckedComplaint['household'];
    if (household && Object.keys(household).length === 0) household = undefined;
  }

  if (raw.complaint.programmeCodes.length === 0 && raw.complaint.contactType === 'pengaduan') {
    add('complaint.programmeCodes', 'Pengaduan harus menyebut paling sedikit satu program.');
  }

  const recordedAt = raw.recordedAt ? new Date(raw.recordedAt) : now;
  if (recordedAt.getTime() > now.getTime() + 5 * 60_000)
    add('recordedAt', 'Waktu pencatatan tidak boleh di masa depan.');
  if (now.getTime() - recordedAt.getTime() > 366 * 24 * 3600_000)
    add('recordedAt', 'Waktu pencatatan lebih dari setahun yang lalu.');
  // The counter service standard is measured from arrival to the recording (the receipt): the same day's visit.
  if (raw.arrivedAt) {
    const arrivedAt = new Date(raw.arrivedAt);
    if (arrivedAt.getTime() > recordedAt.getTime() + 60_000)
      add('arrivedAt', 'Waktu kedatangan tidak boleh sesudah waktu pencatatan.');
    else if (recordedAt.getTime() - arrivedAt.getTime() > 12 * 3600_000)
      add('arrivedAt', 'Waktu kedatangan lebih dari 12 jam sebelum pencatatan; periksa kembali.');
  }

  if (errors.length)
    throw new DomainError('VALIDATION_FAILED', 'Data pengaduan belum benar. Periksa isian yang ditandai.', {
      fieldErrors: errors,
    });
  if (unverifiable.length) {
    throw new DomainError(
      'UNAVAILABLE',
      `Katalog program tidak dapat diperiksa saat ini (${unverifiable.join(', ')}). Coba lagi sebentar.`,
      { reason: 'PROGRAMME_CATALOGUE_UNAVAILABLE' },
    );
  }
  return {
    input: {
      ...raw,
      place: raw.place?.trim() || undefined,
      recordedAt: recordedAt.toISOString(),
      subject,
      complainant,
      complaint: {
        ...withoutEmptyAttributes(raw.complaint),
        programmeCodes,
        description: raw.complaint.description.trim(),
      },
      ...(raw.arrivedAt ? { arrivedAt: new Date(raw.arrivedAt).toISOString() } : {}),
      household,
    } as CheckedComplaint,
    warnings,
  };
}

/** `attributes` only when it says something: `{}` and absent are the same complaint. */
function withoutEmptyAttributes(c: ComplaintInputV1['complaint']): ComplaintInputV1['complaint'] {
  const { attributes, ...rest } = c;
  const given = Object.fromEntries(Object.entries(attributes ?? {}).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(given).length ? { ...rest, attributes: given } : rest;
}

/** Stable JSON (sorted keys) for hashing: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Hash of a complaint's recorded content (what an officer typed), ignoring when it was typed. */
export function contentHash(input: CheckedComplaint): string {
  const { recordedAt: _recordedAt, ...content } = input;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * Index key of a NIK for finding a person's complaints (the NIK itself stays in complaint_person):
 * the keyed `identifierHash` of `@slrt/domain` under the deployment's key, the same value the
 * registry computes for the same NIK.
 */
export function nikHash(env: IdentifierHashKeyEnv, nik: string | undefined | null): string | null {
  return nik ? identifierHash(identifierHashKey(env), 'nik', nik) : null;
}

/** Dotted paths whose values differ between two objects (for correction records and events). */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(before) || !isObj(after)) return [prefix || '(root)'];
  const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
  return [...keys]
    .sort()
    .flatMap((k) =>
      changedPaths(
        (before as Record<string, unknown>)[k],
        (after as Record<string, unknown>)[k],
        prefix ? `${prefix}.${k}` : k,
      ),
    );
}
