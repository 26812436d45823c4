import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FULL_DATE_OR_INSTANT } from '../../time-formats.js';
import { LookupPurpose } from './lookup-nik.v1.js';
import { IsNik, IsNoKk, IsIsoDate } from '../../identifiers.js';

/** How a person is looked up. WIRE-STABLE: also stored in `lookup_audit.lookup_by`. */
export const PERSON_LOOKUP_KINDS = ['nik', 'kk', 'name'] as const;
/** One of {@link PERSON_LOOKUP_KINDS}. */
export type PersonLookupKind = (typeof PERSON_LOOKUP_KINDS)[number];

/**
 * Request of `slrt.rpc.registry.lookup-person.v1`: a person in the kab/kota's current registry
 * snapshot, by NIK, by No. KK, or by name + birth date (or year) + desa/kecamatan. Only persons
 * whose desa lies within the caller's region scope are found; every lookup is audited with its
 * purpose (the NIK or KK only as a SHA-256, the name not at all).
 */
export class LookupPersonRequestV1 {
  /** `nik` → the person and their household; `kk` → the members of that KK; `name` → ranked candidates. */
  @IsIn(PERSON_LOOKUP_KINDS, { message: 'Cara pencarian: nik, kk atau name' }) by!: PersonLookupKind;
  /** The 16-digit NIK (`by: nik`). Personal data: never logged, audited as a hash. */
  @ValidateIf((o: LookupPersonRequestV1) => o.by === 'nik') @IsNik() nik?: string;
  /** The 16-digit No. KK (`by: kk`). */
  @ValidateIf((o: LookupPersonRequestV1) => o.by === 'kk') @IsNoKk() noKk?: string;
  /** Name as the citizen spells it (`by: name`); spelling variants and titles (H., Hj.) are tolerated. */
  @ValidateIf((o: LookupPersonRequestV1) => o.by === 'name')
  @IsString({ message: 'Nama wajib diisi' })
  @MinLength(2, { message: 'Nama minimal 2 huruf' })
  @MaxLength(120, { message: 'Nama paling banyak 120 huruf' })
  name?: string;
  /** Birth date `YYYY-MM-DD` (`by: name`; this or `birthYear` is required). */
  @ValidateIf((o: LookupPersonRequestV1) => o.by === 'name' && (o.birthDate !== undefined || o.birthYear === undefined))
  @IsIsoDate({ message: 'Tanggal lahir berformat TTTT-BB-HH (atau isi tahun lahir)' })
  birthDate?: string;
  /** Birth year when the exact date is not known (`by: name`). */
  @ValidateIf((o: LookupPersonRequestV1) => o.by === 'name' && (o.birthYear !== undefined || o.birthDate === undefined))
  @IsInt({ message: 'Tahun lahir harus angka (atau isi tanggal lahir)' })
  @Min(1880, { message: 'Tahun lahir tidak masuk akal' })
  @Max(2200, { message: 'Tahun lahir tidak masuk akal' })
  birthYear?: number;
  /** Dotted Kemendagri code of the desa/kelurahan or kecamatan to search in (`by: name`). */
  @ValidateIf((o: LookupPersonRequestV1) => o.by === 'name')
  @Matches(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/, {
    message: 'Kode kecamatan (62.71.01) atau desa/kelurahan (62.71.01.1001)',
  })
  regionCode?: string;
  /** Why: every lookup is audited with its purpose (e.g. the complaint it serves). */
  @IsObject() @ValidateNested() @Type(() => LookupPurpose) purpose!: LookupPurpose;
  /** Ask for NIK and No. KK in full; honoured only for roles whose work needs them (FO, FS, BO). Audited. */
  @IsOptional() @IsBoolean() reveal?: boolean;
  /** Most candidates returned by a name search (default 10). */
  @IsOptional() @IsInt() @Min(1) @Max(50) limit?: number;
}

/** One member of a registry household as the current snapshot holds it. */
export class RegistryMemberV1 {
  /** `IDARTBDT` of legacy DTKS files; null when the profile had none (DTSEN). */
  @ValidateIf((o: RegistryMemberV1) => o.memberId !== null) @IsString() memberId!: string | null;
  /** NIK, masked (`************0001`) unless revealed. */
  @Matches(/^[0-9*]{16}$/) nik!: string;
  @IsString() name!: string;
  /** `M` laki-laki, `F` perempuan; null when not recorded. */
  @ValidateIf((o: RegistryMemberV1) => o.sex !== null) @IsIn(['M', 'F']) sex!: 'M' | 'F' | null;
  /** `YYYY-MM-DD` when revealed; otherwise the year only (`YYYY`: beside the desa, day and month would rebuild the masked NIK). Null when not recorded. */
  @ValidateIf((o: RegistryMemberV1) => o.birthDate !== null)
  @Matches(/^\d{4}(-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$/)
  birthDate!: string | null;
  /** Whole years today; null without a birth date. */
  @ValidateIf((o: RegistryMemberV1) => o.age !== null) @IsInt() @Min(0) age!: number | null;
  /** Relationship to the head of the household as imported (e.g. `Kepala Keluarga`, `Istri`). */
  @ValidateIf((o: RegistryMemberV1) => o.relationship !== null) @IsString() relationship!: string | null;
  /** Programme flags of this member (`PKH`, `BPNT`, `PBI`, `KIP`, …). */
  @IsArray() @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeFlags!: string[];
}

/** A registry household (one No. KK of the snapshot, or one IDBDT of a legacy DTKS file). */
export class RegistryHouseholdV1 {
  /** Registry household id: `IDBDT` where the file had it, otherwise an opaque id (`RT-…`, the same in the candidate ranking), never the No. KK. */
  @IsString() householdId!: string;
  /** `IDBDT` of legacy DTKS files; null when the profile had none. */
  @ValidateIf((o: RegistryHouseholdV1) => o.idbdt !== null) @IsString() idbdt!: string | null;
  /** No. KK, masked unless revealed. */
  @Matches(/^[0-9*]{16}$/) noKk!: string;
  /** Desil 1–10 as imported (BPS); null when unknown. Never computed here. */
  @ValidateIf((o: RegistryHouseholdV1) => o.desil !== null) @IsInt() @Min(1) @Max(10) desil!: number | null;
  /** Union of the members' programme flags. */
  @IsArray() @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeFlags!: string[];
  /** Dotted desa/kelurahan code. */
  @Matches(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/) desaCode!: string;
  @IsString() desaName!: string;
  @IsString() kecamatanName!: string;
  /** Address as imported; null when the file had none. */
  @ValidateIf((o: RegistryHouseholdV1) => o.address !== null) @IsString() address!: string | null;
  /** Every member of the household in the snapshot, head first. */
  @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => RegistryMemberV1) members!: RegistryMemberV1[];
}

/** One person (or household, for a KK lookup) found. */
export class PersonMatchV1 {
  /** How well the name matched (0–1, spelling variants folded); 1 for NIK and KK lookups. */
  @Min(0) @Max(1) score!: number;
  /** The person looked up; null for a KK lookup (the household is the answer). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RegistryMemberV1) person!: RegistryMemberV1 | null;
  @IsObject() @ValidateNested() @Type(() => RegistryHouseholdV1) household!: RegistryHouseholdV1;
}

/** Reply of `slrt.rpc.registry.lookup-person.v1`. Outside the caller's region scope is the same as not found. */
export class LookupPersonResponseV1 {
  /** Data period of the current snapshot (`YYYY-MM`), null when none is loaded. */
  @ValidateIf((o: LookupPersonResponseV1) => o.dataPeriod !== null) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) dataPeriod!:
    string | null;
  /** Whether NIK and No. KK are shown in full. */
  @IsBoolean() revealed!: boolean;
  /** Empty when nothing was found; best match first for a name search. */
  @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => PersonMatchV1) matches!: PersonMatchV1[];
}

/** Request of `slrt.rpc.registry.list-lookup-audit.v1` (ADMIN, SEKRETARIAT): who looked up whom, and why. */
export class ListLookupAuditRequestV1 {
  /** Only lookups of this NIK (compared by its SHA-256: the audit never holds a NIK). */
  @IsOptional() @IsNik() nik?: string;
  /** Only lookups by this user id. */
  @IsOptional() @IsString() @MaxLength(120) actorId?: string;
  /** From this instant (inclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Waktu berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  from?: string;
  /** Before this instant (exclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Waktu berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  to?: string;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200) pageSize!: number;
}

/** One audited lookup. Holds no NIK, KK or name. */
export class LookupAuditEntryV1 {
  /** Sequence number of the entry. */
  @IsString() id!: string;
  @IsISO8601() at!: string;
  @IsString() actorId!: string;
  /** First role of the actor at the time; null for system callers. */
  @ValidateIf((o: LookupAuditEntryV1) => o.actorRole !== null) @IsString() actorRole!: string | null;
  /** `nik`, `kk`, `name` (lookup-person), `nik-check` (intake's lookup-nik) or `statement` (DTKS statement). */
  @IsIn(['nik', 'kk', 'name', 'nik-check', 'statement']) lookupBy!: 'nik' | 'kk' | 'name' | 'nik-check' | 'statement';
  /** Purpose kind given with the lookup. */
  @IsString() purpose!: string;
  @ValidateIf((o: LookupAuditEntryV1) => o.reference !== null) @IsString() reference!: string | null;
  /** Region searched in (name lookups). */
  @ValidateIf((o: LookupAuditEntryV1) => o.regionCode !== null) @IsString() regionCode!: string | null;
  /** Whether NIK and KK were shown in full. */
  @IsBoolean() revealed!: boolean;
  /** Persons (or households) returned. */
  @IsInt() @Min(0) resultCount!: number;
}

/** Reply of `slrt.rpc.registry.list-lookup-audit.v1`, newest first. */
export class ListLookupAuditResponseV1 {
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => LookupAuditEntryV1)
  items!: LookupAuditEntryV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

// ── the lookup's reply, checked without class-validator ───────────────────────────────────────────
// The rules of the three reply classes above written out, each as strict as the decorator's or
// stricter (exact keys, `null` where the class allows null, no `undefined`): a reply that passes
// here passes `validatePayload(LookupPersonResponseV1, …)`; one that does not goes there, which
// decides and words the errors. `RpcClient` uses it for this reply, the hottest of the gateway
// (bench/README.md, "Issue 17, NIK lookup (stop 29)"); lookup-person.v1.spec.ts compares both on
// the fixture and on broken replies. Keep it in step with the decorators.
const MEMBER_KEYS = new Set(['memberId', 'nik', 'name', 'sex', 'birthDate', 'age', 'relationship', 'programmeFlags']);
const HOUSEHOLD_KEYS = new Set([
  'householdId',
  'idbdt',
  'noKk',
  'desil',
  'programmeFlags',
  'desaCode',
  'desaName',
  'kecamatanName',
  'address',
  'members',
]);
const MATCH_KEYS = new Set(['score', 'person', 'household']);
const RESPONSE_KEYS = new Set(['dataPeriod', 'revealed', 'matches']);
const DIGITS_OR_MASK_16 = /^[0-9*]{16}$/;
const PROGRAMME_FLAG = /^[A-Z][A-Z0-9_-]*$/;
const BIRTH_DATE = /^\d{4}(-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$/;
const DESA_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;
const DATA_PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

type Plain = Record<string, unknown>;
const record = (v: unknown, keys: ReadonlySet<string>): v is Plain => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype)
    return false;
  for (const k in v) if (!keys.has(k)) return false;
  return true;
};
const str = (v: unknown): v is string => typeof v === 'string';
const strOrNull = (v: unknown) => v === null || typeof v === 'string';
const matching = (v: unknown, re: RegExp) => typeof v === 'string' && re.test(v);
const intIn = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const flags = (v: unknown) => Array.isArray(v) && v.every((f) => matching(f, PROGRAMME_FLAG));

function wellFormedMember(m: unknown): boolean {
  return (
    record(m, MEMBER_KEYS) &&
    strOrNull(m.memberId) &&
    matching(m.nik, DIGITS_OR_MASK_16) &&
    str(m.name) &&
    (m.sex === null || m.sex === 'M' || m.sex === 'F') &&
    (m.birthDate === null || matching(m.birthDate, BIRTH_DATE)) &&
    (m.age === null || intIn(m.age, 0, Number.MAX_SAFE_INTEGER)) &&
    strOrNull(m.relationship) &&
    flags(m.programmeFlags)
  );
}

function wellFormedHousehold(h: unknown): boolean {
  return (
    record(h, HOUSEHOLD_KEYS) &&
    str(h.householdId) &&
    strOrNull(h.idbdt) &&
    matching(h.noKk, DIGITS_OR_MASK_16) &&
    (h.desil === null || intIn(h.desil, 1, 10)) &&
    flags(h.programmeFlags) &&
    matching(h.desaCode, DESA_CODE) &&
    str(h.desaName) &&
    str(h.kecamatanName) &&
    strOrNull(h.address) &&
    Array.isArray(h.members) &&
    h.members.every(wellFormedMember)
  );
}

/** Whether `v` certainly satisfies {@link LookupPersonResponseV1} (false: let class-validator decide). */
export function wellFormedLookupPersonResponse(v: unknown): boolean {
  return (
    record(v, RESPONSE_KEYS) &&
    (v.dataPeriod === null || matching(v.dataPeriod, DATA_PERIOD)) &&
    typeof v.revealed === 'boolean' &&
    Array.isArray(v.matches) &&
    v.matches.every(
      (x: unknown) =>
        record(x, MATCH_KEYS) &&
        typeof x.score === 'number' &&
        x.score >= 0 &&
        x.score <= 1 &&
        (x.person === null || wellFormedMember(x.person)) &&
        wellFormedHousehold(x.household),
    )
  );
}

const NIK_REQUEST_KEYS = new Set(['by', 'nik', 'purpose', 'reveal', 'limit']);
const PURPOSE_KEYS = new Set(['kind', 'reference']);
const PURPOSE_KINDS = new Set(['complaint', 'service', 'document']);
const SIXTEEN_DIGITS_ONLY = /^\d{16}$/;

/**
 * Whether `v` certainly satisfies {@link LookupPersonRequestV1} as a lookup by NIK (false: let
 * class-validator decide — every other kind of lookup, and anything unusual). Untrusted input: it
 * is as strict as the decorators or stricter, so a request refused before is refused still, with
 * the same field errors (class-validator words them); lookup-person.v1.spec.ts compares both.
 */
export function wellFormedLookupPersonRequest(v: unknown): boolean {
  if (!record(v, NIK_REQUEST_KEYS) || v.by !== 'nik' || !matching(v.nik, SIXTEEN_DIGITS_ONLY)) return false;
  const p = v.purpose;
  return (
    record(p, PURPOSE_KEYS) &&
    typeof p.kind === 'string' &&
    PURPOSE_KINDS.has(p.kind) &&
    (p.reference === undefined || (typeof p.reference === 'string' && p.reference.length <= 120)) &&
    (v.reveal === undefined || typeof v.reveal === 'boolean') &&
    (v.limit === undefined || intIn(v.limit, 1, 50))
  );
}
