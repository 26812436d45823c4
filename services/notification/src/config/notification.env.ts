import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the notification service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class NotificationEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3004;

  /**
   * SMS provider as JSON, unset: none (messages stay queued, shown as not sent). `{"kind":"http",
   * "url":…, "token":…}` (generic adapter, see README) or `{"kind":"fonnte","token":…}`.
   */
  @IsOptional() @IsString() NOTIFY_SMS_PROVIDER?: string;
  /** WhatsApp provider as JSON, same forms as NOTIFY_SMS_PROVIDER. */
  @IsOptional() @IsString() NOTIFY_WHATSAPP_PROVIDER?: string;
  /** SMTP server for e-mail (`smtp://user:pass@host:587`, `smtps://…`); unset: no e-mail. */
  @IsOptional() @IsString() NOTIFY_SMTP_URL?: string;
  @IsString() NOTIFY_EMAIL_FROM = 'SLRT <slrt@localhost>';
  /** The public status page the messages link to (`?nomor=…&kode=…` appended); the same address intake prints on receipts. */
  @IsString() SLRT_PUBLIC_STATUS_URL = 'http://127.0.0.1:3000/status';

  @Type(() => Number) @IsInt() @Min(10) @Max(60_000) NOTIFY_DISPATCH_INTERVAL_MS = 1000;
  @Type(() => Number) @IsInt() @Min(1) @Max(500) NOTIFY_DISPATCH_BATCH = 50;
  /** Provider calls in flight at once per instance. */
  @Type(() => Number) @IsInt() @Min(1) @Max(200) NOTIFY_DISPATCH_CONCURRENCY = 16;
  /** Attempts before a message is marked failed (with the provider's last reason). */
  @Type(() => Number) @IsInt() @Min(1) @Max(50) NOTIFY_MAX_ATTEMPTS = 8;
  /** First retry delay; doubles per attempt (±20 % jitter) up to NOTIFY_RETRY_MAX_MS. */
  @Type(() => Number) @IsInt() @Min(10) NOTIFY_RETRY_BASE_MS = 30_000;
  @Type(() => Number) @IsInt() @Min(10) NOTIFY_RETRY_MAX_MS = 3_600_000;
  /** How long a message being handed to a provider is leased to one instance (longer than the provider timeout). */
  @Type(() => Number) @IsInt() @Min(100) NOTIFY_SEND_LEASE_MS = 60_000;
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) NOTIFY_PROVIDER_TIMEOUT_MS = 10_000;
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) NOTIFY_INTAKE_TIMEOUT_MS = 5_000;
  /** Days an item stays in staff inboxes; older items are not shown, events older than this make none, and they are pruned. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650) NOTIFICATION_INBOX_DAYS = 90;

  /** How often expired inbox items are pruned (milliseconds). */
  @Type(() => Number) @IsInt() @Min(1000) NOTIFICATION_INBOX_PRUNE_INTERVAL_MS = 6 * 3600_000;
}
