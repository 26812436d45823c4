import type { Sector } from './sectors.js';

/**
 * Programme catalogue and programme owners (docs/domain.md "Programmes and their owners"). SEED DATA: each
 * kab/kota deployment copies these into its reference tables at first start and its administrator
 * edits them there (names, owners, local programmes). Entries marked `verify` could not be confirmed
 * from a primary source. Codes are WIRE-STABLE: programme codes travel in complaint events
 * (`programmeCodes`), owner codes in NATS subjects (`slrt.owner.<owner-code>.…`).
 */

/** Government level an owner sits at; referrals go to kab/kota first, then province or centre. */
export const OWNER_LEVELS = ['pusat', 'provinsi', 'kabkota', 'desa'] as const;
/** One of {@link OWNER_LEVELS}. */
export type OwnerLevel = (typeof OWNER_LEVELS)[number];

/** A referral target: a ministry, agency, local office or partner that can act on a complaint. */
export interface ProgrammeOwner {
  /** Lower-case kebab code, as in NATS subjects and user names, e.g. `kemensos-pkh`. */
  readonly code: string;
  /** Indonesian name as shown on referral letters. */
  readonly name: string;
  readonly level: OwnerLevel;
  /** Not a government office (BAZNAS, CSR partners, LKS): referral is a request, not an order. */
  readonly nonGovernment: boolean;
  /** The name or role is not confirmed from a primary source: check before relying on it. */
  readonly verify: boolean;
}

/** `nasional` programmes are in this seed; `daerah` ones are added by each kab/kota. */
export const PROGRAMME_SCOPES = ['nasional', 'daerah'] as const;
/** One of {@link PROGRAMME_SCOPES}. */
export type ProgrammeScope = (typeof PROGRAMME_SCOPES)[number];

/** A social protection programme a complaint can concern. */
export interface Programme {
  /** Upper-case code carried in events, e.g. `PKH`, `BLT-DD`. */
  readonly code: string;
  /** Other codes the same programme goes by in registries and forms (e.g. DTKS flag `KIP` for PIP). */
  readonly aliases: readonly string[];
  /** Indonesian name. */
  readonly name: string;
  readonly sector: Sector;
  readonly scope: ProgrammeScope;
  /** Owner a referral goes to unless a routing rule says otherwise. */
  readonly defaultOwnerCode: string;
  /** Other owners routing rules may choose (e.g. Kemenag for a madrasah pupil's PIP). */
  readonly otherOwnerCodes: readonly string[];
  /** What the routing rules and operators should know, in Indonesian. */
  readonly notes: string;
  /** Owner or name not confirmed from a primary source. */
  readonly verify: boolean;
}

const owner = (
  code: string,
  name: string,
  level: OwnerLevel,
  extra: { nonGovernment?: boolean; verify?: boolean } = {},
): ProgrammeOwner =>
  Object.freeze({ code, name, level, nonGovernment: extra.nonGovernment ?? false, verify: extra.verify ?? false });

/** Seed list of programme owners and other referral targets. */
export const PROGRAMME_OWNERS: readonly ProgrammeOwner[] = Object.freeze([
  owner('kemensos-pkh', 'Kementerian Sosial, Direktorat Jaminan Sosial Keluarga (PKH)', 'pusat', { verify: true }),
  owner('kemensos-sembako', 'Kementerian Sosial, pengelola Program Sembako/BPNT', 'pusat'),
  owner('kemensos-pusdatin', 'Pusat Data dan Informasi Kesejahteraan Sosial (Pusdatin) Kementerian Sosial', 'pusat', {
    verify: true,
  }),
  owner('kemensos', 'Kementerian Sosial', 'pusat'),
  owner('tkbp-pangan', 'Tim Koordinasi Bantuan Sosial Pangan Kabupaten/Kota (diketuai Sekretaris Daerah)', 'kabkota'),
  owner('bulog', 'Perum BULOG (kualitas dan kuantitas beras)', 'pusat'),
  owner('kemendagri', 'Kementerian Dalam Negeri', 'pusat'),
  owner('kemendikbud', 'Kementerian Pendidikan (sekolah umum)', 'pusat', { verify: true }),
  owner('kemenag', 'Kementerian Agama (madrasah dan pesantren)', 'pusat'),
  owner('bpjs-kesehatan', 'BPJS Kesehatan (kepesertaan JKN)', 'pusat'),
  owner('kemenkes', 'Kementerian Kesehatan (layanan kesehatan)', 'pusat'),
  owner('dinkes', 'Dinas Kesehatan Kabupaten/Kota', 'kabkota'),
  owner('kemendes', 'Kementerian Desa dan Pembangunan Daerah Tertinggal', 'pusat'),
  owner('pemdes', 'Pemerintah Desa', 'desa'),
  owner('kemen-pupr', 'Kementerian Pekerjaan Umum dan Perumahan Rakyat', 'pusat', { verify: true }),
  owner('dinsos', 'Dinas Sosial Kabupaten/Kota', 'kabkota'),
  owner('disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil Kabupaten/Kota', 'kabkota'),
  owner('dinas-pendidikan', 'Dinas Pendidikan Kabupaten/Kota', 'kabkota'),
  owner('baznas', 'Badan Amil Zakat Nasional (BAZNAS) Kabupaten/Kota', 'kabkota', { nonGovernment: true }),
]);

/** Owner of kepesertaan complaints: registry proposals (prelist, data changes) through SIKS-NG. */
export const REGISTRY_OWNER_CODE = 'kemensos-pusdatin';
/** Owner of NIK/KK problems: civil registration comes before any programme. */
export const CIVIL_REGISTRATION_OWNER_CODE = 'disdukcapil';

const programme = (
  p: Omit<Programme, 'aliases' | 'otherOwnerCodes' | 'verify' | 'scope'> & Partial<Programme>,
): Programme =>
  Object.freeze({
    verify: false,
    scope: 'nasional',
    ...p,
    aliases: Object.freeze([...(p.aliases ?? [])]),
    otherOwnerCodes: Object.freeze([...(p.otherOwnerCodes ?? [])]),
  });

/** Seed programme catalogue: the national programmes, plus one typical local one. */
export const PROGRAMME_CATALOGUE: readonly Programme[] = Object.freeze([
  programme({
    code: 'PKH',
    name: 'Program Keluarga Harapan',
    sector: 'sosial-ekonomi',
    defaultOwnerCode: 'kemensos-pkh',
    notes: 'Bantuan tunai bersyarat. PKH punya sistem pengaduan sendiri (SPM-PKH).',
  }),
  programme({
    code: 'BPNT',
    aliases: ['SEMBAKO', 'RASTRA'],
    name: 'Bantuan Pangan Non Tunai / Program Sembako',
    sector: 'pangan',
    defaultOwnerCode: 'kemensos-sembako',
    otherOwnerCodes: ['tkbp-pangan', 'bulog', 'kemendagri'],
    notes:
      'Prinsip 6T: tepat sasaran, jumlah, kualitas, waktu, harga, administrasi. Kualitas/kuantitas beras ke Perum BULOG.',
  }),
  programme({
    code: 'PIP',
    aliases: ['KIP'],
    name: 'Program Indonesia Pintar (Kartu Indonesia Pintar)',
    sector: 'pendidikan',
    defaultOwnerCode: 'kemendikbud',
    otherOwnerCodes: ['kemenag', 'dinas-pendidikan'],
    notes: 'Dirujuk menurut jenis sekolah: sekolah umum ke Kemendikbud, madrasah/pesantren ke Kemenag.',
  }),
  programme({
    code: 'PBI',
    aliases: ['PIS-PBI', 'PBI-JK', 'KIS'],
    name: 'Penerima Bantuan Iuran Jaminan Kesehatan (KIS)',
    sector: 'kesehatan',
    defaultOwnerCode: 'kemensos-pusdatin',
    otherOwnerCodes: ['bpjs-kesehatan', 'kemenkes', 'dinkes'],
    notes:
      'Data PBI di Pusdatin Kemensos, kepesertaan di BPJS Kesehatan, layanan di Kemenkes/Dinas Kesehatan. Reaktivasi: surat faskes → Dinsos → SIKS-NG → Kemensos → BPJS.',
  }),
  programme({
    code: 'BST',
    name: 'Bantuan Sosial Tunai',
    sector: 'sosial-ekonomi',
    defaultOwnerCode: 'kemensos',
    notes: '',
  }),
  programme({
    code: 'BLT-DD',
    name: 'Bantuan Langsung Tunai Dana Desa',
    sector: 'sosial-ekonomi',
    defaultOwnerCode: 'pemdes',
    otherOwnerCodes: ['kemendes'],
    notes: 'Penerima ditetapkan desa melalui musyawarah desa.',
    verify: true,
  }),
  programme({
    code: 'RUTILAHU',
    name: 'Rehabilitasi Sosial Rumah Tidak Layak Huni',
    sector: 'perumahan',
    defaultOwnerCode: 'kemensos',
    otherOwnerCodes: ['kemen-pupr', 'dinsos'],
    notes: 'Pemilik program belum dipastikan (Kemensos, Kementerian PUPR, atau pemerintah daerah).',
    verify: true,
  }),
  programme({
    code: 'PBI-APBD',
    name: 'PBI Jaminan Kesehatan dibiayai APBD (contoh program daerah)',
    sector: 'kesehatan',
    scope: 'daerah',
    defaultOwnerCode: 'dinkes',
    otherOwnerCodes: ['bpjs-kesehatan'],
    notes: 'Contoh program daerah; setiap kabupaten/kota menambah programnya sendiri.',
    verify: true,
  }),
]);

const ownersByCode = new Map(PROGRAMME_OWNERS.map((o) => [o.code, o]));
const programmesByCode = new Map(
  PROGRAMME_CATALOGUE.flatMap((p) => [p.code, ...p.aliases].map((c) => [c, p] as const)),
);

/** The seed programme with this code or alias (case-insensitive, e.g. `kip` → PIP), or `null`. */
export function findProgramme(codeOrAlias: string): Programme | null {
  return programmesByCode.get(codeOrAlias.trim().toUpperCase()) ?? null;
}

/** The seed programme owner with this code, or `null`. */
export function findProgrammeOwner(code: string): ProgrammeOwner | null {
  return ownersByCode.get(code) ?? null;
}
