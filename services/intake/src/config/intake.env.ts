import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { BaseServiceEnv, IsIdentifierHashKey } from '@slrt/config';

/** Environment of the intake service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class IntakeEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3001;

  /** Name of the office printed on receipts and letters. */
  @IsString() @MaxLength(120) SLRT_OFFICE_NAME = 'Sekretariat SLRT Kota Palangka Raya';

  /** Public status page the receipt's QR code points to. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  SLRT_PUBLIC_STATUS_URL = 'http://127.0.0.1:3000/status';

  /** Working days the citizen is told to expect, printed on the receipt. */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(90) INTAKE_HANDLING_DAYS = 14;

  /** How long registration waits for the registry's answer before it registers as pending. */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(100) @Max(30_000) INTAKE_REGISTRY_TIMEOUT_MS =
    1500;

  /** How long the public status waits for referral's record of owners' reads before showing the access log without it. */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(100) @Max(30_000) INTAKE_REFERRAL_TIMEOUT_MS =
    1500;

  /** How often pending registry checks are retried (first retry; it backs off to 10 minutes). */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(100) @Max(600_000) INTAKE_REGISTRY_RETRY_MS =
    5000;

  /** How long the programme catalogue read from referral is used before it is asked again. */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(0) @Max(3_600_000) INTAKE_PROGRAMMES_CACHE_MS =
    60_000;

  /** How long intake waits for referral's programme catalogue. */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(100)
  @Max(30_000)
  INTAKE_PROGRAMMES_TIMEOUT_MS = 1500;

  /** Where attachments (photos, PDFs) are stored; never in the database. Back it up with the database. */
  @IsString() INTAKE_ATTACHMENT_DIR = '.data/intake/attachments';

  /** Largest accepted attachment in bytes (default 5 MiB). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1024)
  @Max(64 * 1024 * 1024)
  INTAKE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

  /** Letterhead and signature of documents (receipts, letters to Dukcapil). */
  @IsString() @MaxLength(120) SLRT_GOVERNMENT_NAME = 'Pemerintah Kota Palangka Raya';
  @IsString() @MaxLength(120) SLRT_AGENCY_NAME = 'Dinas Sosial';
  /** Town printed as the place of signing and of the Dukcapil office. */
  @IsString() @MaxLength(80) SLRT_CITY = 'Palangka Raya';
  /** Office address lines, separated by `|`. */
  @IsString() @MaxLength(400) SLRT_OFFICE_ADDRESS = 'Jl. Contoh No. 1, Palangka Raya 73111|Telepon (0536) 000000';
  @IsString() @MaxLength(120) SLRT_SIGNATORY_POSITION = 'Manajer SLRT';
  @IsString() @MaxLength(120) SLRT_SIGNATORY_NAME = '(nama penanda tangan)';
  @IsString() @MaxLength(60) SLRT_SIGNATORY_RANK = '';
  @IsString() @MaxLength(30) SLRT_SIGNATORY_NIP = '';
  /** Classification code at the start of letter numbers (`<code>/<n>/SLRT/<month>/<year>`). */
  @IsString() @MaxLength(20) SLRT_LETTER_CODE = '400.9';
  /** Extra lines at the foot of receipts, separated by `|` (e.g. `Layanan ini tidak dipungut biaya.`). */
  @IsString() @MaxLength(400) SLRT_RECEIPT_NOTES = '';

  /**
   * The counter service standard (seed 003, Kota Semarang: documents needed, completion in 30
   * minutes, no fee): printed on the receipt beside the time from arrival to receipt, and the
   * yardstick of intake's counts. Requirements separated by `|`.
   */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(480) INTAKE_COUNTER_STANDARD_MINUTES =
    30;
  @IsString() @MaxLength(120) INTAKE_COUNTER_FEE = 'Tidak dipungut biaya';
  @IsString() @MaxLength(600) INTAKE_COUNTER_REQUIREMENTS =
    'Fotokopi Kartu Keluarga (KK)|Surat Keterangan Tidak Mampu (SKTM) dari kelurahan bila belum terdaftar DTKS';

  /** Secret of the keyed identifier hashes (HMAC of NIK/No. KK kept for audit or matching); the same in intake and registry. Required in production. */
  @IsIdentifierHashKey() SLRT_IDENTIFIER_HASH_KEY?: string;
}
