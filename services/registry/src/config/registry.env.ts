import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';
import { BaseServiceEnv, IsIdentifierHashKey } from '@slrt/config';

/** Environment of the registry service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class RegistryEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3002;

  /** Directory holding snapshot files to import (DTKS/DTSEN CSV); error reports go to its `reports/`. */
  @IsString() REGISTRY_IMPORT_DIR = '.data/registry';

  /** Letterhead of the registered-in-DTKS statement (the kab/kota name comes from the region list). */
  @IsString() @MaxLength(120) SLRT_AGENCY_NAME = 'Dinas Sosial';
  /** Office address lines of the letterhead, separated by `|`. */
  @IsString() @MaxLength(400) SLRT_OFFICE_ADDRESS = 'Jl. Contoh No. 1, Palangka Raya 73111|Telepon (0536) 000000';
  /** Town printed as the place of signing. */
  @IsString() @MaxLength(80) SLRT_CITY = 'Palangka Raya';
  /** Head of the Dinas Sosial who signs the statement; empty prints a blank line to fill in by hand. */
  @IsString() @MaxLength(120) REGISTRY_STATEMENT_SIGNATORY_NAME = '';
  /** NIP of the signatory; empty prints a blank NIP line. */
  @IsString() @MaxLength(30) REGISTRY_STATEMENT_SIGNATORY_NIP = '';
  /** Civil-service rank of the signatory, e.g. `Pembina Utama Muda (IV/c)`; empty to omit. */
  @IsString() @MaxLength(60) REGISTRY_STATEMENT_SIGNATORY_RANK = '';
  /** Public page that verifies a document; the QR code holds `<this>/<code>`. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  SLRT_PUBLIC_VERIFY_URL = 'http://127.0.0.1:3000/verifikasi';

  /** `synchronous_commit` of the lookup connections (their only write is the audit row): see lookups/lookup-pool.ts. */
  @IsIn(['on', 'off', 'local', 'remote_write', 'remote_apply'], { message: 'must be a synchronous_commit value' })
  REGISTRY_LOOKUP_SYNCHRONOUS_COMMIT = 'off';
  /** Connections of the lookup pool. */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(100) REGISTRY_LOOKUP_POOL_SIZE = 8;

  /** Secret of the keyed identifier hashes (HMAC of NIK/No. KK kept for audit or matching); the same in intake and registry. Required in production. */
  @IsIdentifierHashKey() SLRT_IDENTIFIER_HASH_KEY?: string;
}
