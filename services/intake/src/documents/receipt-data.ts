import type { DocumentKind, IntakeChannel, Relationship } from '@slrt/contracts';
import type { ComplaintCategory, ContactType } from '@slrt/domain';
import { formatJam, type IndonesianTimeZone } from './format.js';

/** Paper a receipt is printed on: A4 or A5 sheets, or an 80 mm thermal roll at the front desk. */
export type ReceiptLayout = 'a4' | 'a5' | 'thermal-80';

/** Everything printed on a complaint receipt (*resi keluhan*). Personal data arrives already masked. */
export interface ReceiptData {
  /** The office that issues the receipt: its name heads the page. */
  office: {
    /** E.g. `Sekretariat SLRT Kota Palangka Raya` or `Puskesos Desa Bukit Tunggal`. */
    name: string;
    /** The body it belongs to, e.g. `Dinas Sosial Kota Palangka Raya`; null to omit. */
    parentName: string | null;
    /** Address, telephone, e-mail: one printed line each. */
    addressLines: readonly string[];
  };
  /** Complaint registration number, e.g. `6271-2611-000123`. */
  receiptNumber: string;
  /** Short secret code (e.g. `K7P-4QX2`) that, with the number, opens the public status page. */
  trackingCode: string;
  /** When the complaint was registered (for FS offline records: when it was recorded). */
  registeredAt: Date;
  /**
   * When this copy is printed. Also the PDF `CreationDate`, so a reprint with the same data is
   * byte-identical to the first print.
   */
  issuedAt: Date;
  /** The deployment's zone; decides the printed clock time and WIB/WITA/WIT. */
  timeZone: IndonesianTimeZone;
  channel: IntakeChannel;
  /** Where it was recorded (Puskesos name, address of a home visit); null to omit. */
  place: string | null;
  /** Complainant's name; null when anonymous (printed "Anonim"). */
  complainantName: string | null;
  /** The person the complaint is about. */
  subject: {
    name: string;
    /**
     * NIK masked by the caller (`627101******0001`, `maskNik` of `@slrt/domain`), or null when the
     * subject has none. A full NIK is refused: the renderer must never receive one.
     */
    maskedNik: string | null;
  };
  /** The complainant's relation to the subject (`self` when they complain for themselves). */
  relationship: Relationship;
  category: ComplaintCategory;
  contactType: ContactType;
  /** Programme names as the catalogue prints them, e.g. `Program Keluarga Harapan (PKH)`. */
  programmeNames: readonly string[];
  /** The complaint in the citizen's words; shortened on paper, the full text stays in the system. */
  summary: string;
  /** Documents the officer saw or received; every kind is listed, these are ticked. */
  documentsReceived: readonly DocumentKind[];
  /** The officer who registered it. */
  officer: {
    name: string;
    /** Printed role, e.g. `Petugas Front Office` or `Fasilitator SLRT`. */
    role: string;
  };
  /** Expected handling time as the service standard words it, e.g. `14 hari kerja`. */
  expectedHandling: string;
  /** Public status page; the QR code opens `?nomor=<receipt>&kode=<tracking>` on it. */
  publicStatusUrl: string;
  /**
   * The counter service standard (seed 003: documents needed, completion within N minutes, no fee)
   * and, when the arrival was recorded, the time from arrival to this receipt. Absent: not printed.
   */
  counterService?: {
    standardMinutes: number;
    fee: string;
    requirements: readonly string[];
    arrivedAt: Date | null;
    /** Whole minutes from arrival to the registration; null when the arrival was not recorded. */
    minutes: number | null;
  };
  /** Extra lines for the foot of the receipt set by the deployment (e.g. "Layanan ini tidak dipungut biaya."). */
  notes: readonly string[];
}

/** Characters of the summary kept on each paper size, so the receipt stays on one page. */
export const SUMMARY_CHARS: Readonly<Record<ReceiptLayout, number>> = { a4: 480, a5: 300, 'thermal-80': 240 };

export const INK = '#111111';
export const MUTED = '#555555';
export const ACCENT = '#1d3b63';
export const RULE = '#9aa4b2';
export const BAND = '#eef1f5';

/**
 * The counter service standard as printed: `Selesai dalam 30 menit; Tidak dipungut biaya`, the
 * requirements, and the time this citizen was served: `Tiba 10.02 WIB, resi 10.20 WIB: 18 menit
 * (sesuai standar)`. Null when the deployment prints no standard.
 */
export function counterServiceLines(
  data: Pick<ReceiptData, 'counterService' | 'registeredAt' | 'timeZone'>,
): { standard: string; requirements: string | null; served: string | null } | null {
  const c = data.counterService;
  if (!c) return null;
  const served =
    c.arrivedAt && c.minutes !== null
      ? `Tiba ${formatJam(c.arrivedAt, data.timeZone)}, resi ${formatJam(data.registeredAt, data.timeZone)}: ${c.minutes} menit (${c.minutes <= c.standardMinutes ? 'sesuai standar' : 'melebihi standar'})`
      : null;
  return {
    standard: `Selesai dalam ${c.standardMinutes} menit; ${c.fee}`,
    requirements: c.requirements.length ? c.requirements.join('; ') : null,
    served,
  };
}
