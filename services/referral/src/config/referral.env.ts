import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the referral service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class ReferralEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3003;

  /** Working days per review step. */
  @Type(() => Number) @IsInt() @Min(1) @Max(60) REFERRAL_SUPERVISOR_DAYS = 2;
  @Type(() => Number) @IsInt() @Min(1) @Max(60) REFERRAL_MANAGER_DAYS = 2;
  @Type(() => Number) @IsInt() @Min(1) @Max(60) REFERRAL_BACKOFFICE_DAYS = 1;
  @Type(() => Number) @IsInt() @Min(1) @Max(60) REFERRAL_RETURNED_DAYS = 5;

  /**
   * Deadlines of a case whose subject or household member belongs to a priority group (seed 002:
   * disability, neglected women/children, elderly, remote indigenous communities), in percent of
   * the usual working days — review steps and the owners' response time alike, at least one day.
   * 100 turns the shortening off.
   */
  @Type(() => Number) @IsInt() @Min(10) @Max(100) REFERRAL_PRIORITY_DEADLINE_PERCENT = 50;

  /** How often deadlines are checked for escalation. */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) REFERRAL_ESCALATION_INTERVAL_MS = 60_000;

  /** Timeout of the request to intake for the person's data when a referral is sent. */
  @Type(() => Number) @IsInt() @Min(100) @Max(30_000) REFERRAL_INTAKE_TIMEOUT_MS = 3000;

  /** Webhook delivery (owners without NATS): how often due deliveries are looked for. */
  @Type(() => Number) @IsInt() @Min(50) @Max(60_000) REFERRAL_WEBHOOK_POLL_MS = 1000;
  /** Deliveries in flight at once per instance (one at a time per owner, in order). */
  @Type(() => Number) @IsInt() @Min(1) @Max(64) REFERRAL_WEBHOOK_CONCURRENCY = 4;
  /** POST timeout (no answer in time = retry). */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) REFERRAL_WEBHOOK_TIMEOUT_MS = 10_000;
  /** Attempts per round before a delivery is marked failed (an ADMIN can redeliver it). */
  @Type(() => Number) @IsInt() @Min(1) @Max(50) REFERRAL_WEBHOOK_MAX_ATTEMPTS = 12;
  /** Exponential backoff between attempts: first delay and cap (±20 % jitter). */
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) REFERRAL_WEBHOOK_BACKOFF_BASE_MS = 10_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) REFERRAL_WEBHOOK_BACKOFF_MAX_MS = 3_600_000;
  /**
   * SSRF guard: `0` (default) refuses webhook URLs that are, or resolve to, loopback, private,
   * link-local, CGNAT, multicast or reserved addresses (checked again on every connection, so DNS
   * rebinding does not help); `1` allows them (tests, a single-host lab).
   */
  @IsIn(['0', '1']) REFERRAL_WEBHOOK_ALLOW_PRIVATE: '0' | '1' = '0';
  /** Host names (comma-separated) allowed even though they resolve to private addresses, e.g. a ministry gateway on the government intranet. */
  @IsString() REFERRAL_WEBHOOK_ALLOWED_HOSTS = '';
  /** Delivered (and failed) deliveries, which carry personal data, are deleted after this many days. */
  @Type(() => Number) @IsInt() @Min(1) @Max(365) REFERRAL_WEBHOOK_RETAIN_DAYS = 7;
  /**
   * Days an owner still sees the person's data of a closed referral (resolved, rejected, withdrawn,
   * case ended); after them its view shows only ids, status, dates and programmes and the payload
   * kept for owners is purged (UU PDP 27/2022: kept no longer than needed).
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(3650) REFERRAL_OWNER_ACCESS_GRACE_DAYS = 30;

  /** How often the purge of closed referrals' payloads runs. */
  @Type(() => Number) @IsInt() @Min(100) @Max(86_400_000) REFERRAL_RETENTION_SWEEP_INTERVAL_MS = 3_600_000;

  /**
   * Outcome verification (issue 19): working days (weekends and the holiday calendar skipped, as
   * every deadline of the platform) after an owner's "resolved" before the household is asked
   * whether the benefit arrived. 15 working days ≈ three calendar weeks. One deployment serves one
   * kab/kota, so this is the kab/kota's setting.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(250) REFERRAL_OUTCOME_VERIFY_AFTER_DAYS = 15;
  /** Working days the household has to answer before the verification ends "tidak terverifikasi". */
  @Type(() => Number) @IsInt() @Min(1) @Max(250) REFERRAL_OUTCOME_ANSWER_DAYS = 10;
  /** How often due verifications are asked and expired ones closed. */
  @Type(() => Number) @IsInt() @Min(100) @Max(86_400_000) REFERRAL_OUTCOME_VERIFY_INTERVAL_MS = 60_000;
}
