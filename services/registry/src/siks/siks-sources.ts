import type { ExportColumnV1, ExportFormat, ProposalKind } from '@slrt/contracts';

/** A source field an export column may take its value from: a SQL expression over the kind's FROM clause. */
interface SourceField {
  sql: string;
  type: 'text' | 'date';
}

/**
 * The source fields of each kind (the keys an ADMIN may put in a profile), as SQL over the
 * proposal tables of services/registry/src/proposals (aliases: `e` prelist_entry, `m`
 * prelist_member, `c` data_change, `p` ppks_record, `k` ppks_category). Keys are WIRE-STABLE:
 * they are stored in `siks_export_profile`.
 */
export const SOURCE_FIELDS: Record<ProposalKind, Record<string, SourceField>> = {
  prelist: {
    'entry.id': { sql: 'e.id', type: 'text' },
    'entry.complaint_id': { sql: 'e.complaint_id', type: 'text' },
    'entry.desa_code': { sql: 'e.desa_code', type: 'text' },
    'entry.address': { sql: 'e.address', type: 'text' },
    'entry.rt': { sql: 'e.rt', type: 'text' },
    'entry.rw': { sql: 'e.rw', type: 'text' },
    'entry.house_ownership': { sql: 'e.house_ownership', type: 'text' },
    'entry.floor_area_m2': { sql: 'e.floor_area_m2', type: 'text' },
    'entry.floor_material': { sql: 'e.floor_material', type: 'text' },
    'entry.wall_material': { sql: 'e.wall_material', type: 'text' },
    'entry.roof_material': { sql: 'e.roof_material', type: 'text' },
    'entry.drinking_water': { sql: 'e.drinking_water', type: 'text' },
    'entry.lighting_source': { sql: 'e.lighting_source', type: 'text' },
    'entry.electricity_power': { sql: 'e.electricity_power', type: 'text' },
    'entry.toilet_facility': { sql: 'e.toilet_facility', type: 'text' },
    'entry.assets': { sql: `array_to_string(e.assets, ';')`, type: 'text' },
    'entry.member_count': { sql: 'e.member_count', type: 'text' },
    'entry.proposal_reason': { sql: 'e.proposal_reason', type: 'text' },
    'entry.musdes_date': { sql: 'e.musdes_date', type: 'date' },
    'entry.musdes_minutes_number': { sql: 'e.musdes_minutes_number', type: 'text' },
    'entry.verified_at': { sql: 'e.verified_at', type: 'date' },
    'member.id': { sql: 'm.id', type: 'text' },
    'member.position': { sql: 'm.position', type: 'text' },
    'member.nik': { sql: 'm.nik', type: 'text' },
    'member.no_kk': { sql: 'm.no_kk', type: 'text' },
    'member.name': { sql: 'm.name', type: 'text' },
    'member.birth_date': { sql: 'm.birth_date', type: 'date' },
    'member.sex': { sql: 'm.sex', type: 'text' },
    'member.relationship': { sql: 'm.relationship', type: 'text' },
    'member.disability': { sql: 'm.disability', type: 'text' },
    'member.verification_outcome': { sql: 'm.verification_outcome', type: 'text' },
    'member.dukcapil_status': { sql: 'm.dukcapil_status', type: 'text' },
  },
  'data-change': {
    'change.id': { sql: 'c.id', type: 'text' },
    'change.complaint_id': { sql: 'c.complaint_id', type: 'text' },
    'change.desa_code': { sql: 'c.desa_code', type: 'text' },
    'change.nik': { sql: 'c.nik', type: 'text' },
    'change.household_id': { sql: 'c.household_id', type: 'text' },
    'change.person_name': { sql: 'c.person_name', type: 'text' },
    'change.data_period': { sql: 'c.data_period', type: 'text' },
    // changes = [{ field, current, proposed }], written in their order, `|`-separated
    'change.fields': {
      sql: `(SELECT string_agg(x->>'field', '|' ORDER BY o) FROM jsonb_array_elements(c.changes) WITH ORDINALITY AS t(x, o))`,
      type: 'text',
    },
    'change.current_values': {
      sql: `(SELECT string_agg(coalesce(x->>'current', ''), '|' ORDER BY o) FROM jsonb_array_elements(c.changes) WITH ORDINALITY AS t(x, o))`,
      type: 'text',
    },
    'change.proposed_values': {
      sql: `(SELECT string_agg(coalesce(x->>'proposed', ''), '|' ORDER BY o) FROM jsonb_array_elements(c.changes) WITH ORDINALITY AS t(x, o))`,
      type: 'text',
    },
    'change.reason': { sql: 'c.reason', type: 'text' },
    'change.decision_note': { sql: 'c.decision_note', type: 'text' },
    'change.decided_at': { sql: `(c.decided_at AT TIME ZONE 'UTC')::date`, type: 'date' },
  },
  ppks: {
    'ppks.id': { sql: 'p.id', type: 'text' },
    'ppks.complaint_id': { sql: 'p.complaint_id', type: 'text' },
    'ppks.desa_code': { sql: 'p.desa_code', type: 'text' },
    'ppks.nik': { sql: 'p.nik', type: 'text' },
    'ppks.no_kk': { sql: 'p.no_kk', type: 'text' },
    'ppks.name': { sql: 'p.name', type: 'text' },
    'ppks.birth_date': { sql: 'p.birth_date', type: 'date' },
    'ppks.sex': { sql: 'p.sex', type: 'text' },
    'ppks.address': { sql: 'p.address', type: 'text' },
    'ppks.category_code': { sql: 'p.category_code', type: 'text' },
    'ppks.category_name': { sql: 'k.name', type: 'text' },
    'ppks.condition_note': { sql: 'p.condition_note', type: 'text' },
  },
};

/** Per kind: the rows of a batch (FROM, the proposal and member ids, the status/region columns, the file order). */
export const KIND_ROWS: Record<
  ProposalKind,
  { from: string; proposalId: string; memberId: string; status: string; desa: string; orderBy: string }
> = {
  prelist: {
    from: 'prelist_entry e JOIN prelist_member m ON m.entry_id = e.id',
    proposalId: 'e.id',
    memberId: 'm.id',
    status: 'e.status',
    desa: 'e.desa_code',
    orderBy: 'e.desa_code, e.id, m.position',
  },
  'data-change': {
    from: 'data_change c',
    proposalId: 'c.id',
    memberId: 'NULL::uuid',
    status: 'c.status',
    desa: 'c.desa_code',
    orderBy: 'c.desa_code, c.id',
  },
  ppks: {
    from: 'ppks_record p JOIN ppks_category k ON k.code = p.category_code AND k.version = p.category_version',
    proposalId: 'p.id',
    memberId: 'NULL::uuid',
    status: 'p.status',
    desa: 'p.desa_code',
    orderBy: 'p.desa_code, p.id',
  },
};

/** The SQL of one column's cell (text or NULL), with its format applied. */
export function cellSql(kind: ProposalKind, column: ExportColumnV1): string {
  const f = SOURCE_FIELDS[kind][column.source];
  if (!f) throw new Error(`unknown source ${column.source} for ${kind}`);
  const formats: Record<ExportFormat, string> = {
    text: `(${f.sql})::text`,
    upper: `upper((${f.sql})::text)`,
    'date-dmy': `to_char(${f.sql}, 'DD-MM-YYYY')`,
    'date-iso': `to_char(${f.sql}, 'YYYY-MM-DD')`,
    digits: `regexp_replace((${f.sql})::text, '[^0-9]', '', 'g')`,
  };
  return formats[column.format];
}

/** What is wrong with a profile's columns for its kind (Bahasa Indonesia), one entry per problem. */
export function profileProblems(
  kind: ProposalKind,
  columns: ExportColumnV1[],
): Array<{ field: string; messages: string[] }> {
  const problems: Array<{ field: string; messages: string[] }> = [];
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    const f = SOURCE_FIELDS[kind][c.source];
    if (!f)
      problems.push({
        field: `columns.${i}.source`,
        messages: [`Sumber "${c.source}" tidak dikenal untuk jenis ${kind}.`],
      });
    else if ((c.format === 'date-dmy' || c.format === 'date-iso') && f.type !== 'date')
      problems.push({
        field: `columns.${i}.format`,
        messages: [`Format tanggal hanya untuk sumber tanggal; "${c.source}" bukan tanggal.`],
      });
    if (seen.has(c.header))
      problems.push({ field: `columns.${i}.header`, messages: [`Judul kolom "${c.header}" dipakai dua kali.`] });
    seen.add(c.header);
  });
  return problems;
}

const col = (header: string, source: string, format: ExportFormat = 'text'): ExportColumnV1 => ({
  header,
  source,
  format,
});

/**
 * The default profile of each kind. The official SIKS-NG import template headers are not public:
 * these are plain upper-case Indonesian headers an operator can map by hand, and an ADMIN can edit
 * them (or add profiles) once the kab/kota has the template of its SIKS-NG version.
 */
export const DEFAULT_EXPORT_PROFILES: ReadonlyArray<{
  code: string;
  kind: ProposalKind;
  description: string;
  columns: ExportColumnV1[];
}> = [
  {
    code: 'prelist-default',
    kind: 'prelist',
    description: 'Prelist (daftar awal): satu baris per anggota keluarga yang diusulkan',
    columns: [
      col('ID_USULAN', 'entry.id'),
      col('ID_ART_USULAN', 'member.id'),
      col('KODE_DESA', 'entry.desa_code', 'digits'),
      col('ALAMAT', 'entry.address', 'upper'),
      col('RT', 'entry.rt'),
      col('RW', 'entry.rw'),
      col('NIK', 'member.nik'),
      col('NO_KK', 'member.no_kk'),
      col('NAMA', 'member.name', 'upper'),
      col('TGL_LAHIR', 'member.birth_date', 'date-dmy'),
      col('JNS_KEL', 'member.sex', 'upper'),
      col('HUB_KRT', 'member.relationship', 'upper'),
      col('DISABILITAS', 'member.disability', 'upper'),
      col('HASIL_VERIFIKASI', 'member.verification_outcome', 'upper'),
      col('STATUS_PADAN', 'member.dukcapil_status', 'upper'),
      col('ALASAN_USULAN', 'entry.proposal_reason', 'upper'),
      col('TGL_MUSDES', 'entry.musdes_date', 'date-dmy'),
      col('NO_BA_MUSDES', 'entry.musdes_minutes_number'),
    ],
  },
  {
    code: 'data-change-default',
    kind: 'data-change',
    description: 'Perubahan data: satu baris per usulan, nilai lama dan baru dipisah |',
    columns: [
      col('ID_USULAN', 'change.id'),
      col('NIK', 'change.nik'),
      col('NAMA', 'change.person_name', 'upper'),
      col('ID_KELUARGA', 'change.household_id'),
      col('KODE_DESA', 'change.desa_code', 'digits'),
      col('PERIODE_DATA', 'change.data_period'),
      col('KOLOM_DIUBAH', 'change.fields', 'upper'),
      col('NILAI_LAMA', 'change.current_values'),
      col('NILAI_BARU', 'change.proposed_values'),
      col('ALASAN', 'change.reason'),
    ],
  },
  {
    code: 'ppks-default',
    kind: 'ppks',
    description: 'Data PPKS/PMKS: satu baris per orang',
    columns: [
      col('ID_USULAN', 'ppks.id'),
      col('NIK', 'ppks.nik'),
      col('NO_KK', 'ppks.no_kk'),
      col('NAMA', 'ppks.name', 'upper'),
      col('TGL_LAHIR', 'ppks.birth_date', 'date-dmy'),
      col('JNS_KEL', 'ppks.sex', 'upper'),
      col('ALAMAT', 'ppks.address', 'upper'),
      col('KODE_DESA', 'ppks.desa_code', 'digits'),
      col('KODE_PPKS', 'ppks.category_code'),
      col('JENIS_PPKS', 'ppks.category_name', 'upper'),
      col('KONDISI', 'ppks.condition_note'),
    ],
  },
];
