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
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COMPLAINT_STEPS, type ComplaintStep } from '../../events/intake/complaint-status-changed.v1.js';
import { INDONESIAN_TIME_ZONES } from '@slrt/domain';

/** Channels a citizen can be told through. WIRE-STABLE. */
export const MESSAGE_CHANNELS = ['sms', 'whatsapp', 'email', 'letter', 'fs-visit'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** Delivery status of a message. WIRE-STABLE. */
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'undeliverable', 'cancelled'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Who a rule sends to. */
export const MESSAGE_RECIPIENTS = ['subject', 'complainant'] as const;
export type MessageRecipient = (typeof MESSAGE_RECIPIENTS)[number];

/** A message to a citizen as staff see it (phone masked unless the role may reveal). */
export class MessageViewV1 {
  @IsUUID('7') messageId!: string;
  @IsUUID('7') complaintId!: string;
  @IsInt() sequence!: number;
  @IsIn([...COMPLAINT_STEPS]) step!: ComplaintStep;
  @IsIn([...MESSAGE_RECIPIENTS]) recipient!: MessageRecipient;
  @IsIn([...MESSAGE_CHANNELS]) channel!: MessageChannel;
  /** Masked phone (`+62 812-****-7890`), masked e-mail, or the desa for letters and visits. */
  @IsString() address!: string;
  @IsIn([...MESSAGE_STATUSES]) status!: MessageStatus;
  /** Why it is not (yet) sent or failed, in Bahasa Indonesia; null when none. */
  @IsOptional() @IsString() statusReason!: string | null;
  @IsString() text!: string;
  @IsInt() attempts!: number;
  @IsOptional() @IsISO8601() nextAttemptAt!: string | null;
  @IsOptional() @IsString() providerMessageId!: string | null;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
  /** The message this one replaces (resend, switch to letter/visit), else null. */
  @IsOptional() @IsUUID('7') replacesMessageId!: string | null;
}

/** `slrt.rpc.notification.list-messages.v1`: messages of a complaint, or the FS visit/letter queue in scope. */
export class ListMessagesRequestV1 {
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId?: string;
  @IsOptional() @IsIn([...MESSAGE_CHANNELS], { message: 'Saluran tidak dikenal' }) channel?: MessageChannel;
  @IsOptional() @IsIn([...MESSAGE_STATUSES], { message: 'Status tidak dikenal' }) status?: MessageStatus;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200) pageSize!: number;
}

export class ListMessagesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MessageViewV1)
  items!: MessageViewV1[];
  @IsInt() total!: number;
}

export const MESSAGE_ACTIONS = [
  'resend',
  'switch-to-letter',
  'switch-to-fs-visit',
  'mark-delivered',
  'mark-undeliverable',
  'opt-out',
] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/**
 * `slrt.rpc.notification.act-on-message.v1`: staff resend a message, switch it to a printed letter
 * or an FS visit, record a letter/visit as done (`mark-delivered`) or impossible
 * (`mark-undeliverable`), or record that the citizen asked for no more messages (`opt-out`).
 */
export class ActOnMessageRequestV1 {
  @IsUUID('7', { message: 'Id pesan tidak valid' }) messageId!: string;
  @IsIn([...MESSAGE_ACTIONS], { message: 'Tindakan tidak dikenal' }) action!: MessageAction;
  @IsOptional() @IsString() @MaxLength(500, { message: 'Catatan paling panjang 500 karakter' }) note?: string;
}

export class ActOnMessageResponseV1 {
  @IsObject() @ValidateNested() @Type(() => MessageViewV1) message!: MessageViewV1;
  /** The new message created by resend/switch, else null. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MessageViewV1) created!: MessageViewV1 | null;
}

/** Which steps produce messages, to whom and how, for this kab/kota. */
export class NotificationRuleV1 {
  @IsIn([...COMPLAINT_STEPS], { message: 'Tahap tidak dikenal' }) step!: ComplaintStep;
  @IsBoolean() enabled!: boolean;
  @IsArray()
  @IsIn([...MESSAGE_RECIPIENTS], { each: true, message: 'Penerima tidak dikenal' })
  recipients!: MessageRecipient[];
  /** Channels in order of preference; the first one the person can be reached by is used. */
  @IsArray() @IsIn([...MESSAGE_CHANNELS], { each: true, message: 'Saluran tidak dikenal' }) channels!: MessageChannel[];
}

export class NotificationSettingsV1 {
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  @IsIn([...INDONESIAN_TIME_ZONES]) timeZone!: string;
  /** Quiet hours (local time, `HH:MM`): no SMS/WhatsApp between start and end. */
  @Matches(/^\d{2}:\d{2}$/) quietStart!: string;
  @Matches(/^\d{2}:\d{2}$/) quietEnd!: string;
  /** Largest number of SMS/WhatsApp messages one phone number gets per day. */
  @IsInt() @Min(1) @Max(100) perRecipientPerDay!: number;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleV1)
  rules!: NotificationRuleV1[];
  /** Channels with a provider configured on this deployment. */
  @IsArray() @IsIn([...MESSAGE_CHANNELS], { each: true }) configuredChannels!: MessageChannel[];
}

/** `slrt.rpc.notification.get-settings.v1`. */
export class GetNotificationSettingsRequestV1 {
  /** Include the steps whose rule is disabled (default true). */
  @IsOptional() @IsBoolean() includeDisabled?: boolean;
}

/** `slrt.rpc.notification.save-settings.v1` (ADMIN): every field optional; rules replace per step. */
export class SaveNotificationSettingsRequestV1 {
  @IsOptional()
  @IsIn([...INDONESIAN_TIME_ZONES], {
    message: 'Zona waktu harus WIB (Asia/Jakarta, Asia/Pontianak), WITA (Asia/Makassar) atau WIT (Asia/Jayapura)',
  })
  timeZone?: string;
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Jam harus berbentuk JJ:MM' }) quietStart?: string;
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Jam harus berbentuk JJ:MM' }) quietEnd?: string;
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Paling sedikit 1' })
  @Max(100, { message: 'Paling banyak 100' })
  perRecipientPerDay?: number;
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleV1)
  rules?: NotificationRuleV1[];
}

/** A message template: Bahasa Indonesia text with `{placeholder}`s, versioned. */
export class MessageTemplateV1 {
  @IsIn([...COMPLAINT_STEPS]) step!: ComplaintStep;
  @IsIn([...MESSAGE_CHANNELS]) channel!: MessageChannel;
  @IsInt() version!: number;
  @IsString() body!: string;
  @IsOptional() @IsString() subject!: string | null;
  @IsString() updatedBy!: string;
  @IsISO8601() updatedAt!: string;
}

/** `slrt.rpc.notification.list-templates.v1`. */
export class ListTemplatesRequestV1 {
  @IsOptional() @IsIn([...COMPLAINT_STEPS]) step?: ComplaintStep;
}

export class ListTemplatesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MessageTemplateV1)
  items!: MessageTemplateV1[];
  /** Placeholders a template may use. */
  @IsArray() @IsString({ each: true }) placeholders!: string[];
}

/** `slrt.rpc.notification.save-template.v1` (ADMIN): a new version; unknown placeholders are refused. */
export class SaveTemplateRequestV1 {
  @IsIn([...COMPLAINT_STEPS], { message: 'Tahap tidak dikenal' }) step!: ComplaintStep;
  @IsIn([...MESSAGE_CHANNELS], { message: 'Saluran tidak dikenal' }) channel!: MessageChannel;
  @IsString()
  @MinLength(1, { message: 'Isi templat wajib diisi' })
  @MaxLength(2000, { message: 'Isi templat paling panjang 2000 karakter' })
  body!: string;
  @IsOptional() @IsString() @MaxLength(200) subject?: string;
}

/** `slrt.rpc.notification.preview-template.v1`: the text with sample data, and its SMS length. */
export class PreviewTemplateRequestV1 {
  @IsIn([...COMPLAINT_STEPS], { message: 'Tahap tidak dikenal' }) step!: ComplaintStep;
  @IsIn([...MESSAGE_CHANNELS], { message: 'Saluran tidak dikenal' }) channel!: MessageChannel;
  /** A draft body to preview instead of the current version. */
  @IsOptional() @IsString() @MaxLength(2000) body?: string;
}

export class TemplatePreviewV1 {
  @IsString() text!: string;
  @IsIn(['GSM-7', 'UCS-2']) encoding!: 'GSM-7' | 'UCS-2';
  @IsInt() length!: number;
  @IsInt() segments!: number;
}

/** `slrt.rpc.notification.provider-callback.v1`: a provider's delivery report or an inbound reply, forwarded by the gateway's signed webhook. */
export class ProviderCallbackRequestV1 {
  @Matches(/^[a-z0-9-]{2,30}$/, { message: 'Penyedia tidak dikenal' }) provider!: string;
  @IsIn(['status', 'inbound']) kind!: 'status' | 'inbound';
  /** The provider's body as received (flat fields only, strings/numbers/booleans). */
  @IsString() @MaxLength(20_000) body!: string;
}

export class ProviderCallbackResponseV1 {
  @IsBoolean() accepted!: boolean;
  @IsInt() updated!: number;
}

/** `slrt.rpc.notification.get-message-letter.v1`: the printable letter (PDF) of a `letter` message, for the FS to deliver. */
export class GetMessageLetterRequestV1 {
  @IsUUID('7', { message: 'Id pesan tidak valid' }) messageId!: string;
}
