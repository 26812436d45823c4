import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the reporting service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class ReportingEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3005;

  /** First line of the report's letterhead. */
  @IsString() @MaxLength(120) SLRT_GOVERNMENT_NAME = 'Pemerintah Kota Palangka Raya';
  /** Second line of the letterhead (the office that reports). */
  @IsString() @MaxLength(120) SLRT_AGENCY_NAME = 'Dinas Sosial';
  /** Office address lines of the letterhead, separated by `|`. */
  @IsString() @MaxLength(400) SLRT_OFFICE_ADDRESS = 'Jl. Contoh No. 1, Palangka Raya 73111|Telepon (0536) 000000';
  /** Town printed as the place of signing. */
  @IsString() @MaxLength(80) SLRT_CITY = 'Palangka Raya';
  /** Who signs the monthly report (title line), e.g. `Kepala Dinas Sosial`. */
  @IsString() @MaxLength(120) REPORTING_SIGNATORY_TITLE = 'Kepala Dinas Sosial';
  /** Signatory's name; empty prints a blank line to fill in by hand. */
  @IsString() @MaxLength(120) REPORTING_SIGNATORY_NAME = '';
  /** Signatory's NIP; empty prints a blank NIP line. */
  @IsString() @MaxLength(30) REPORTING_SIGNATORY_NIP = '';
  /** Make the previous month's report (XLSX and PDF) on the first working day of each month. */
  @IsIn(['on', 'off'], { message: 'must be on or off' }) REPORTING_MONTHLY_TASK: 'on' | 'off' = 'on';
  /** Milliseconds between two checks of the monthly task. */
  @Type(() => Number) @IsInt() @Min(1000) REPORTING_MONTHLY_TASK_INTERVAL_MS = 3_600_000;
  /**
   * `kab-kota` (default): the read model of this kab/kota, fed by its own events. `province`: a
   * province (or national) hub: reads only the roll-up of the kab/kota (`slrt.rollup.*.monthly.v1`,
   * durable `reporting-rollup`) from the hub's NATS and answers `get-rollup`; with
   * `REPORTING_ROLLUP_NATS_URL` set it forwards them to the national hub.
   */
  @IsIn(['kab-kota', 'province'], { message: 'must be kab-kota or province' }) REPORTING_MODE: 'kab-kota' | 'province' =
    'kab-kota';
  /**
   * NATS URL(s) of the hub one level up, on a connection of its own. Kab-kota mode: the province
   * hub, to which this kab/kota publishes its monthly roll-up. Province mode: the national hub, to
   * which this province forwards, unchanged, the newest roll-up of each of its kab/kota. Empty:
   * nothing is sent upward (a national instance).
   */
  @IsOptional()
  @Matches(/^((nats|tls):\/\/[^,]+(,(nats|tls):\/\/[^,]+)*)?$/, {
    message: 'must be nats:// or tls:// URLs separated by commas',
  })
  REPORTING_ROLLUP_NATS_URL = '';
  /** The upper hub's NATS user this instance publishes as (`rollup-6271` for a kab/kota, `rollup-62` for a province) and its password. */
  @IsOptional() @IsString() REPORTING_ROLLUP_NATS_USER = '';
  @IsOptional() @IsString() REPORTING_ROLLUP_NATS_PASSWORD = '';
  /** PEM file of the CA that signed the hub's NATS certificate: the link then requires TLS. */
  @IsOptional() @IsString() REPORTING_ROLLUP_NATS_TLS_CA = '';
  /** Milliseconds between two roll-up rounds (compute this and last month, publish what the hub lacks). */
  @Type(() => Number) @IsInt() @Min(100) REPORTING_ROLLUP_INTERVAL_MS = 900_000;
  /**
   * How many months each round recomputes, the current one included (2: the previous and the
   * current). More lets events that reach this read model late (e.g. after a long outage of the
   * service itself) still change an older month's roll-up.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(24) REPORTING_ROLLUP_MONTHS = 2;
}
