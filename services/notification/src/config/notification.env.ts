import { Type } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@slrt/config';

/** Environment of the notification service; the only reader of `process.env` is `loadConfig` in main.ts. */
export class NotificationEnv extends BaseServiceEnv {
  /** Port of the service's HTTP server (health and metrics only). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  override HTTP_PORT = 3004;

  /** Days an item stays in staff inboxes; older items are not shown, events older than this make none, and they are pruned. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650) NOTIFICATION_INBOX_DAYS = 90;

  /** How often expired inbox items are pruned (milliseconds). */
  @Type(() => Number) @IsInt() @Min(1000) NOTIFICATION_INBOX_PRUNE_INTERVAL_MS = 6 * 3600_000;

  /** IANA zone of the deployment (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura): dates in messages. */
  @IsIn(['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'], { message: 'must be an Indonesian time zone' }) SLRT_TIME_ZONE = 'Asia/Jakarta';
}
