import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MinLength, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the gateway; the only reader of `process.env` is `loadConfig` in main.ts. */
export class GatewayEnv extends BaseServiceEnv {
  /** Port of the public HTTP API (`/v1`, `/docs`, `/openapi.json`), health and metrics. */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3000;

  /** Key that signs access tokens (HS256). At least 32 characters; keep it secret, rotate it by restart. */
  @IsString({ message: 'is required (at least 32 random characters)' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET!: string;

  /** Lifetime of an access token, seconds (default 15 minutes). */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(86_400) ACCESS_TOKEN_TTL_SECONDS = 900;
  /** Lifetime of a refresh token, hours (default 14 days). */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(24 * 90) REFRESH_TOKEN_TTL_HOURS =
    24 * 14;

  /** Initial administrator, created on first start when no ADMIN exists. No default password exists. */
  @IsOptional()
  @Matches(/^[a-z0-9._-]{3,60}$/, { message: 'must be 3–60 lower-case letters, digits, dot, dash or underscore' })
  SLRT_ADMIN_USERNAME?: string;
  @IsOptional() @IsString() @MinLength(12, { message: 'must be at least 12 characters' }) SLRT_ADMIN_PASSWORD?: string;

  /**
   * On a province or the national hub (issue 16; the hub runs the gateway and reporting in province
   * mode): the region its users may be given instead of `KAB_KOTA_CODE`. A province code (`62`) on
   * a province hub; `ID` on the national hub (every province). Unset on a kab/kota deployment.
   */
  @IsOptional()
  @Matches(/^(\d{2}|ID)$/, { message: 'must be a province code like 62, or ID for the national hub' })
  SLRT_HUB_REGION?: string;

  /** `1`: create one demo user per role (demo.fo, demo.spv, …) in Kota Palangka Raya (62.71). */
  @IsIn(['0', '1'], { message: 'must be 0 or 1' }) SLRT_DEMO: '0' | '1' = '0';
  @IsOptional() @IsString() @MinLength(12, { message: 'must be at least 12 characters' }) SLRT_DEMO_PASSWORD?: string;

  /** The web console's built files (`services/console/dist` when unset). */
  @IsOptional() @IsString() CONSOLE_DIR?: string;

  /** Browser origins allowed to call the API, comma-separated (empty: none). */
  @IsString() CORS_ORIGINS = '';

  /** Requests per minute per client address: everything, login, and public endpoints. */
  @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 1200;
  @Type(() => Number) @IsInt() @Min(1) LOGIN_RATE_LIMIT_PER_MINUTE = 20;
  @Type(() => Number) @IsInt() @Min(1) PUBLIC_RATE_LIMIT_PER_MINUTE = 30;

  /**
   * Login throttling (no account lock): failed attempts allowed per (account, client address)
   * before that address must wait for that account; the wait starts at LOGIN_THROTTLE_BASE_SECONDS
   * and doubles with each further failure up to LOGIN_THROTTLE_MAX_SECONDS. Failures from all
   * addresses within 15 minutes beyond LOGIN_ACCOUNT_CEILING leave every address one attempt per
   * wait (a fresh address keeps one, so the right password still gets in). The same rule guards
   * the current-password check of a password change, per user.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) LOGIN_THROTTLE_FREE_FAILURES = 5;
  @Type(() => Number) @IsInt() @Min(1) @Max(3600) LOGIN_THROTTLE_BASE_SECONDS = 30;
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) LOGIN_THROTTLE_MAX_SECONDS = 3600;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) LOGIN_ACCOUNT_CEILING = 20;

  /** How long a gateway instance may trust its cached answer that an access token's session is live (ms). */
  @Type(() => Number) @IsInt() @Min(0) @Max(2000) SESSION_CHECK_CACHE_MS = 1000;

  /** Key that signs the notification providers' webhook URLs (`/v1/webhooks/notification/…?sig=`); unset: the webhooks answer 404. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  NOTIFY_WEBHOOK_SECRET?: string;

  /** Largest accepted request body in bytes (attachments are the largest). */
  @Type(() => Number) @IsInt() @Min(1024) BODY_LIMIT_BYTES = 8 * 1024 * 1024;
}
