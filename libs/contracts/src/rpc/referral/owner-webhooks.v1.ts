import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const OWNER_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** `slrt.rpc.referral.list-owner-webhooks.v1` (kab/kota-wide ADMIN): every owner's webhook configuration. */
export class ListOwnerWebhooksRequestV1 {
  /** Only this owner's configuration. */
  @IsOptional() @Matches(OWNER_CODE, { message: 'Kode pengelola program tidak valid' }) ownerCode?: string;
}

/** A programme owner's webhook configuration. The signing secret is shown only in the reply that created or rotated it. */
export class OwnerWebhookViewV1 {
  @IsString() ownerCode!: string;
  /** Where every owner-out message is POSTed (http or https). */
  @IsString() url!: string;
  /** Inactive: nothing new is queued and queued messages wait until it is active again. */
  @IsBoolean() active!: boolean;
  /** The signing secret (`whsec_…`): only in the reply of a creation or a rotation, never stored anywhere the API shows again. */
  @IsOptional() @IsString() secret?: string;
  /** Last 4 characters of the secret, to tell which one a receiver has. */
  @IsString() secretHint!: string;
  @IsInt() @Min(0) pending!: number;
  @IsInt() @Min(0) failed!: number;
  @IsInt() @Min(0) delivered!: number;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

export class ListOwnerWebhooksResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OwnerWebhookViewV1)
  items!: OwnerWebhookViewV1[];
}

/**
 * `slrt.rpc.referral.save-owner-webhook.v1` (kab/kota-wide ADMIN): creates or changes an owner's
 * webhook. A new configuration gets a generated secret (in the reply, once); `rotateSecret`
 * replaces it.
 */
export class SaveOwnerWebhookRequestV1 {
  @Matches(OWNER_CODE, { message: 'Kode pengelola program tidak valid' }) ownerCode!: string;
  @IsString({ message: 'URL wajib diisi' })
  @MaxLength(2000, { message: 'URL paling panjang 2000 karakter' })
  url!: string;
  @IsBoolean({ message: 'active harus true atau false' }) active!: boolean;
  @IsOptional() @IsBoolean({ message: 'rotateSecret harus true atau false' }) rotateSecret?: boolean;
}

/** `slrt.rpc.referral.list-webhook-deliveries.v1` (kab/kota-wide ADMIN): deliveries, newest first. */
export class ListWebhookDeliveriesRequestV1 {
  @IsOptional() @Matches(OWNER_CODE, { message: 'Kode pengelola program tidak valid' }) ownerCode?: string;
  @IsOptional()
  @IsIn([...WEBHOOK_DELIVERY_STATUSES], { message: 'Status: pending, delivered atau failed' })
  status?: WebhookDeliveryStatus;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200) pageSize!: number;
}

/** One owner-out message's delivery to an owner's webhook (no payload: it may hold personal data). */
export class WebhookDeliveryViewV1 {
  /** The message id (envelope id, header `X-SLRT-Message-Id`). */
  @IsString() id!: string;
  @IsString() ownerCode!: string;
  @IsString() subject!: string;
  @IsIn([...WEBHOOK_DELIVERY_STATUSES]) status!: WebhookDeliveryStatus;
  /** POSTs tried so far (all rounds). */
  @IsInt() @Min(0) attempts!: number;
  /** HTTP status of the last attempt; null when it got no answer (network error, timeout, refused address). */
  @ValidateIf((o: WebhookDeliveryViewV1) => o.lastStatus !== null) @IsInt() lastStatus!: number | null;
  @ValidateIf((o: WebhookDeliveryViewV1) => o.lastError !== null) @IsString() lastError!: string | null;
  @ValidateIf((o: WebhookDeliveryViewV1) => o.lastAttemptAt !== null) @IsISO8601() lastAttemptAt!: string | null;
  /** When a pending delivery is tried next. */
  @ValidateIf((o: WebhookDeliveryViewV1) => o.nextAttemptAt !== null) @IsISO8601() nextAttemptAt!: string | null;
  @ValidateIf((o: WebhookDeliveryViewV1) => o.deliveredAt !== null) @IsISO8601() deliveredAt!: string | null;
  @IsISO8601() createdAt!: string;
}

export class ListWebhookDeliveriesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => WebhookDeliveryViewV1)
  items!: WebhookDeliveryViewV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.referral.redeliver-webhook-delivery.v1` (kab/kota-wide ADMIN): queue a (failed or delivered) message again, with a fresh retry budget. */
export class RedeliverWebhookDeliveryRequestV1 {
  @IsUUID('all', { message: 'Id pesan tidak valid' }) deliveryId!: string;
  @Matches(OWNER_CODE, { message: 'Kode pengelola program tidak valid' }) ownerCode!: string;
}
