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
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CASE_STATES, type CaseState } from '../../events/referral/case-states.js';

/**
 * What an item of a staff member's in-app inbox is about. WIRE-STABLE (stored, filtered on).
 * - `case-queued`: a case entered the queue of the reader's role (SPV, MJ, BO)
 * - `case-returned`: a case was returned to the FO/FS side with questions
 * - `owner-answered`: a programme owner answered a referral (BO follows up)
 * - `deadline-at-risk` / `deadline-breached`: a step's deadline is near or passed
 * - `import-succeeded` / `import-failed`: a registry snapshot import the reader started ended
 */
export const INBOX_ITEM_KINDS = [
  'case-queued',
  'case-returned',
  'owner-answered',
  'deadline-at-risk',
  'deadline-breached',
  'import-succeeded',
  'import-failed',
  'field-check-queued',
  'field-check-returned',
] as const;
export type InboxItemKind = (typeof INBOX_ITEM_KINDS)[number];

/**
 * One item of a staff member's inbox. Never personal data: receipt number, case id, state,
 * programme codes, desa code and due date only. `title` and `body` are Bahasa Indonesia.
 */
export class InboxItemV1 {
  @IsUUID('7') itemId!: string;
  @IsIn([...INBOX_ITEM_KINDS]) kind!: InboxItemKind;
  @IsString() title!: string;
  @IsString() body!: string;
  /** Addressed to the reader alone (`user`) or to everyone of a role covering the region (`role`). */
  @IsIn(['user', 'role']) audience!: 'user' | 'role';
  @ValidateIf((o: InboxItemV1) => o.caseId !== null) @IsUUID('7') caseId!: string | null;
  @ValidateIf((o: InboxItemV1) => o.receiptNumber !== null) @IsString() receiptNumber!: string | null;
  @ValidateIf((o: InboxItemV1) => o.caseState !== null) @IsIn([...CASE_STATES]) caseState!: CaseState | null;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @ValidateIf((o: InboxItemV1) => o.desaCode !== null) @IsString() desaCode!: string | null;
  @ValidateIf((o: InboxItemV1) => o.dueAt !== null) @IsISO8601() dueAt!: string | null;
  @ValidateIf((o: InboxItemV1) => o.jobId !== null) @IsUUID('7') jobId!: string | null;
  @IsISO8601() createdAt!: string;
  /** When the reader marked it read; null while unread. */
  @ValidateIf((o: InboxItemV1) => o.readAt !== null) @IsISO8601() readAt!: string | null;
}

/** `slrt.rpc.notification.list-inbox.v1`: the caller's inbox, newest first. */
export class ListInboxRequestV1 {
  /** Only items of this kind. */
  @IsOptional() @IsIn([...INBOX_ITEM_KINDS], { message: 'Jenis pemberitahuan tidak dikenal' }) kind?: InboxItemKind;
  /** Only the items the caller has not read. */
  @IsOptional() @IsBoolean() unreadOnly?: boolean;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

export class ListInboxResponseV1 {
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => InboxItemV1) items!: InboxItemV1[];
  /** Items matching the request (all, or unread only). */
  @IsInt() @Min(0) total!: number;
  /** Unread items of the caller, whatever the filter. */
  @IsInt() @Min(0) unread!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.notification.count-unread-inbox.v1`: the badge. */
export class CountUnreadInboxRequestV1 {
  /** Only items of this kind. */
  @IsOptional() @IsIn([...INBOX_ITEM_KINDS], { message: 'Jenis pemberitahuan tidak dikenal' }) kind?: InboxItemKind;
}

export class CountUnreadInboxResponseV1 {
  @IsInt() @Min(0) unread!: number;
}

/** `slrt.rpc.notification.mark-inbox-read.v1`: marks one item read for the caller (idempotent). */
export class MarkInboxReadRequestV1 {
  @IsUUID('7', { message: 'Id pemberitahuan tidak valid' }) itemId!: string;
}

/** `slrt.rpc.notification.mark-all-inbox-read.v1`: marks every item the caller sees read (idempotent). */
export class MarkAllInboxReadRequestV1 {
  /** Only items of this kind. */
  @IsOptional() @IsIn([...INBOX_ITEM_KINDS], { message: 'Jenis pemberitahuan tidak dikenal' }) kind?: InboxItemKind;
  /** Only items created up to this instant (what the reader saw); default now. */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'Waktu tidak valid' }) upTo?: string;
}

export class MarkInboxReadResponseV1 {
  /** Items newly marked read by this call. */
  @IsInt() @Min(0) marked!: number;
  /** Unread items of the caller after the call. */
  @IsInt() @Min(0) unread!: number;
}
