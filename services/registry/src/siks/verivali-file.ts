import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ProposalKind } from '@slrt/contracts';
import { excel } from '../exceljs.js';
import { splitCsvLine } from '../files/csv-cells.js';
import type {
  DukcapilMatchStatus,
  MemberVerificationOutcome,
  VerivaliResult,
} from '../proposals/proposal-transitions.js';

/**
 * A verivali results file as SIKS-NG operators write it: its columns and vocabularies, its rows
 * (CSV line by line, XLSX through exceljs's streaming reader) and the check of one line's shape.
 */

/**
 * The default column profile of a verivali results file (headers, case-insensitive) and its
 * vocabularies, as SIKS-NG operators write them. WIRE-STABLE for the kab/kota's operators.
 */
export const VERIVALI_COLUMNS = {
  proposalId: 'ID_USULAN',
  memberId: 'ID_ART_USULAN',
  status: 'STATUS',
  outcome: 'HASIL_ART',
  dukcapil: 'PADAN_DUKCAPIL',
  reason: 'ALASAN',
} as const;
export const VERIVALI_STATUSES: Record<string, VerivaliResult['status']> = {
  DITETAPKAN: 'ratified',
  DITERIMA: 'accepted',
  DITOLAK: 'rejected',
};
export const STATUS_WORD = Object.fromEntries(
  Object.entries(VERIVALI_STATUSES).map(([word, status]) => [status, word]),
) as Record<VerivaliResult['status'], string>;
export const VERIVALI_OUTCOMES: Record<string, MemberVerificationOutcome> = {
  TERVERIFIKASI: 'confirmed',
  TIDAK_TERVERIFIKASI: 'not-confirmed',
  GANDA: 'duplicate',
  MENINGGAL: 'deceased',
  PINDAH: 'moved',
  TIDAK_ADA_DOKUMEN: 'no-civil-documents',
};
export const VERIVALI_DUKCAPIL: Record<string, DukcapilMatchStatus> = {
  PADAN: 'padan',
  TIDAK_PADAN: 'tidak-padan',
  DALAM_PERBAIKAN: 'dalam-perbaikan',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One problem of one line of a results file (`field` is the header). */
export interface LineError {
  line: number;
  field: string;
  message: string;
}

/** A line resolved against its export batch, ready to be applied. */
export interface GoodLine {
  line: number;
  kind: ProposalKind;
  batchId: string;
  proposalId: string;
  memberId: string | null;
  status: VerivaliResult['status'];
  outcome: MemberVerificationOutcome | null;
  dukcapil: DukcapilMatchStatus | null;
  reason: string | null;
}

/** A line whose shape and vocabularies are right, before its export batch is looked up. */
export type ShapedLine = Omit<GoodLine, 'kind' | 'batchId'>;

/** A failure the uploader can act on (its message is shown on the job). */
export class ImportFailure extends Error {}

/** Header cells → column positions; ID_USULAN and STATUS are required. */
export function headerMap(cells: string[]): Map<keyof typeof VERIVALI_COLUMNS, number> {
  const upper = cells.map((c) => c.trim().toUpperCase());
  const map = new Map<keyof typeof VERIVALI_COLUMNS, number>();
  for (const [k, header] of Object.entries(VERIVALI_COLUMNS) as Array<[keyof typeof VERIVALI_COLUMNS, string]>) {
    const i = upper.indexOf(header);
    if (i >= 0) map.set(k, i);
  }
  const missing = (['proposalId', 'status'] as const).filter((k) => !map.has(k)).map((k) => VERIVALI_COLUMNS[k]);
  if (missing.length) throw new ImportFailure(`Kolom wajib tidak ada di baris judul: ${missing.join(', ')}.`);
  return map;
}

export async function* verivaliCsvRows(path: string): AsyncGenerator<{ line: number; cells: string[] }> {
  let line = 0;
  let delimiter: ',' | ';' = ',';
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (line === 1 && t.split(';').length > t.split(',').length) delimiter = ';';
    yield { line, cells: splitCsvLine(t, delimiter) };
  }
}

export async function* verivaliXlsxRows(path: string): AsyncGenerator<{ line: number; cells: string[] }> {
  const reader = new (excel().stream.xlsx.WorkbookReader)(path, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1);
      yield { line: row.number, cells: values.map(cellText) };
    }
    break; // the first sheet only
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: string; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return String(o.result);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

/** One line's shape and vocabularies (the batch it answers is found by `resolve`). */
export function shape(
  line: number,
  cells: string[],
  map: Map<keyof typeof VERIVALI_COLUMNS, number>,
): ShapedLine | { errors: LineError[] } {
  const get = (k: keyof typeof VERIVALI_COLUMNS) => {
    const i = map.get(k);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const errors: LineError[] = [];
  const err = (k: keyof typeof VERIVALI_COLUMNS, message: string) =>
    errors.push({ line, field: VERIVALI_COLUMNS[k], message });
  const proposalId = get('proposalId');
  if (!proposalId) err('proposalId', 'Wajib diisi.');
  else if (!UUID.test(proposalId)) err('proposalId', `"${proposalId.slice(0, 40)}" bukan ID usulan yang dikirim SLRT.`);
  const memberId = get('memberId');
  if (memberId && !UUID.test(memberId))
    err('memberId', `"${memberId.slice(0, 40)}" bukan ID anggota yang dikirim SLRT.`);
  const statusText = get('status').toUpperCase();
  const status = VERIVALI_STATUSES[statusText];
  if (!statusText) err('status', 'Wajib diisi: DITETAPKAN, DITERIMA atau DITOLAK.');
  else if (!status)
    err('status', `Nilai "${statusText.slice(0, 40)}" tidak dikenal: DITETAPKAN, DITERIMA atau DITOLAK.`);
  const outcomeText = get('outcome').toUpperCase();
  const outcome = outcomeText ? VERIVALI_OUTCOMES[outcomeText] : null;
  if (outcome === undefined)
    err('outcome', `Nilai "${outcomeText.slice(0, 40)}" tidak dikenal: ${Object.keys(VERIVALI_OUTCOMES).join(', ')}.`);
  const dukcapilText = get('dukcapil').toUpperCase();
  const dukcapil = dukcapilText ? VERIVALI_DUKCAPIL[dukcapilText] : null;
  if (dukcapil === undefined)
    err('dukcapil', `Nilai "${dukcapilText.slice(0, 40)}" tidak dikenal: PADAN, TIDAK_PADAN atau DALAM_PERBAIKAN.`);
  if ((outcome || dukcapil) && !memberId) err('memberId', 'Wajib diisi bila HASIL_ART atau PADAN_DUKCAPIL diisi.');
  if (errors.length) return { errors };
  return {
    line,
    proposalId: proposalId.toLowerCase(),
    memberId: memberId ? memberId.toLowerCase() : null,
    status: status!,
    outcome: outcome ?? null,
    dukcapil: dukcapil ?? null,
    reason: get('reason') || null,
  };
}
