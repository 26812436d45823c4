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
  @IsString({ message: 'is required (at least 32 random characters)' }) @MinLength(32, { message: 'must be at least 32 characters' }) JWT_SECRET!: string;

  /** Lifetime of an access token, seconds (default 15 minutes). */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(86_400) ACCESS_TOKEN_TTL_SECONDS = 900;
  /** Lifetime of a refresh token, hours (default 14 days). */
  @Type(() => Number) @IsInt({ message: 'must be a whole number' }) @Min(1) @Max(24 * 90) REFRESH_TOKEN_TTL_HOURS = 24 * 14;

  /** Initial administrator, created on first start when no ADMIN exists. No default password exists. */
  @IsOptional() @Matches(/^[a-z0-9._-]{3,60}$/, { message: 'must be 3–60 lower-case letters, digits, dot, dash or underscore' }) SLRT_ADMIN_USERNAME?: string;
  @IsOptional() @IsString() @MinLength(10, { message: 'must be at least 10 characters' }) SLRT_ADMIN_PASSWORD?: string;

  /** `1`: create one demo user per role (demo.fo, demo.spv, …) in Kota Palangka Raya (62.71). */
  @IsIn(['0', '1'], { message: 'must be 0 or 1' }) SLRT_DEMO: '0' | '1' = '0';
  @IsOptional() @IsString() @MinLength(10, { message: 'must be at least 10 characters' }) SLRT_DEMO_PASSWORD?: string;

  /** Browser origins allowed to call the API, comma-separated (empty: none). */
  @IsString() CORS_ORIGINS = '';

  /** Requests per minute per client address: everything, login, and public endpoints. */
  @Type(() => Number) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 1200;
  @Type(() => Number) @IsInt() @Min(1) LOGIN_RATE_LIMIT_PER_MINUTE = 20;
  @Type(() => Number) @IsInt() @Min(1) PUBLIC_RATE_LIMIT_PER_MINUTE = 30;

  /** Failed logins before an account is locked, and for how long. */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) LOCKOUT_THRESHOLD = 5;
  @Type(() => Number) @IsInt() @Min(1) @Max(24 * 60) LOCKOUT_MINUTES = 15;

  /** Largest accepted request body in bytes (attachments are the largest). */
  @Type(() => Number) @IsInt() @Min(1024) BODY_LIMIT_BYTES = 8 * 1024 * 1024;
}
