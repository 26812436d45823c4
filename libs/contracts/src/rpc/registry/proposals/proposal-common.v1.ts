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
  ValidateNested,
} from 'class-validator';
import { FULL_DATE_OR_INSTANT } from '../../../time-formats.js';
import { DESA_CODE } from '../../../events/intake/complaint-registered.v1.js';
import {
  PROPOSAL_KINDS,
  PROPOSAL_STATUSES,
  type ProposalKind,
  type ProposalStatus,
} from '../../../events/registry/proposal-status.v1.js';
import { REGION_FILTER } from './proposal-patterns.js';

/** What every proposal kind shares: its view's base fields and history, its list, withdrawal, and a reference to it. */

/** One entry of a proposal's history. */
export class ProposalHistoryItemV1 {
  @IsString() action!: string;
  @IsOptional() @IsIn([...PROPOSAL_STATUSES]) fromStatus!: ProposalStatus | null;
  @IsIn([...PROPOSAL_STATUSES]) toStatus!: ProposalStatus;
  @IsString() actorId!: string;
  @IsString() actorRole!: string;
  @IsOptional() @IsString() reason!: string | null;
  @IsOptional() @IsUUID('7') batchId!: string | null;
  @IsISO8601() at!: string;
}

/** Fields every proposal view shares. */
export class ProposalViewBaseV1 {
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  /** Optimistic concurrency: send it back as `expectedVersion` when acting. */
  @IsInt() version!: number;
  @IsOptional() @IsUUID('7') complaintId!: string | null;
  @Matches(DESA_CODE) desaCode!: string;
  /** Reason of the last status change (decline note, withdrawal reason, ministry's reason). */
  @IsOptional() @IsString() statusReason!: string | null;
  /** The SIKS-NG export batch it went out in. */
  @IsOptional() @IsUUID('7') batchId!: string | null;
  /** Actions the reader may take now (from the state machine and the reader's roles). */
  @IsArray() @IsString({ each: true }) allowedActions!: string[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProposalHistoryItemV1)
  history!: ProposalHistoryItemV1[];
  /** Whether NIK/KK/phone are shown in full (the read was audited). */
  @IsBoolean() revealed!: boolean;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

/** Filters and paging shared by the proposal lists; always within the caller's region scope. */
export class ListProposalsRequestBaseV1 {
  @IsOptional() @IsIn([...PROPOSAL_STATUSES]) status?: ProposalStatus;
  /** Kecamatan or desa (or kab/kota) code. */
  @IsOptional() @Matches(REGION_FILTER, { message: 'Kode wilayah tidak valid' }) regionCode?: string;
  @IsOptional() @IsUUID('7') complaintId?: string;
  /** Created from (inclusive), ISO 8601. */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  from?: string;
  /** Created before (exclusive), ISO 8601. */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  to?: string;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

/** A row of a proposal list: no personal data beyond the head's (or person's) name. */
export class ProposalListItemV1 {
  @IsUUID('7') proposalId!: string;
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  @IsInt() version!: number;
  @IsOptional() @IsUUID('7') complaintId!: string | null;
  @Matches(DESA_CODE) desaCode!: string;
  /** Head of household (prelist), the person (data change, PPKS). */
  @IsString() name!: string;
  /** Members (prelist), changed fields (data change) or the category code (PPKS). */
  @IsString() detail!: string;
  @IsOptional() @IsUUID('7') batchId!: string | null;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

export class ListProposalsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProposalListItemV1)
  items!: ProposalListItemV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.registry.withdraw-proposal.v1`: any proposal not yet submitted. */
export class WithdrawProposalRequestV1 {
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsUUID('7', { message: 'Id usulan tidak valid' }) proposalId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsString() @Matches(/\S.{2,}/, { message: 'Alasan paling sedikit 3 karakter' }) @MaxLength(500) reason!: string;
}

/** Where a proposal stands after an action that does not return its full view. */
export class ProposalRefV1 {
  @IsUUID('7') proposalId!: string;
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  @IsInt() version!: number;
}
