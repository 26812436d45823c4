import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsNik } from '../../../identifiers.js';
import { DATA_CHANGE_FIELDS, type DataChangeField } from './proposal-vocabularies.v1.js';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_MESSAGE } from './proposal-patterns.js';
import { ProposalViewBaseV1, ListProposalsRequestBaseV1 } from './proposal-common.v1.js';

/** Data changes: a change to a person of the current snapshot, proposed then decided. */

export class DataChangeInputV1 {
  @IsIn([...DATA_CHANGE_FIELDS]) field!: DataChangeField;
  /** The proposed value as text (dates YYYY-MM-DD, sex F/M, `member_status` deceased/moved). */
  @IsString() @MinLength(1) @MaxLength(200) proposed!: string;
}

/** `slrt.rpc.registry.create-data-change.v1`: a change for a person of the current snapshot. Idempotent by key (per officer). */
export class CreateDataChangeRequestV1 {
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_MESSAGE }) idempotencyKey!: string;
  @IsNik() nik!: string;
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId?: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DATA_CHANGE_FIELDS.length)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DataChangeInputV1)
  changes!: DataChangeInputV1[];
  @IsString() @Matches(/\S.{2,}/, { message: 'Alasan paling sedikit 3 karakter' }) @MaxLength(500) reason!: string;
}

/** One changed field: the value in the snapshot when proposed, and the proposed one (NIK/KK masked unless revealed). */
export class DataChangeItemV1 {
  @IsIn([...DATA_CHANGE_FIELDS]) field!: DataChangeField;
  @IsOptional() @IsString() current!: string | null;
  @IsString() proposed!: string;
}

export class DataChangeV1 extends ProposalViewBaseV1 {
  @IsUUID('7') dataChangeId!: string;
  @IsString() nik!: string;
  @IsString() name!: string;
  @IsString() householdId!: string;
  /** Data period of the snapshot the current values were read from. */
  @IsOptional() @IsString() dataPeriod!: string | null;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DataChangeItemV1)
  changes!: DataChangeItemV1[];
  @IsString() reason!: string;
  @IsOptional() @IsString() decidedBy!: string | null;
  @IsOptional() @IsISO8601() decidedAt!: string | null;
  @IsOptional() @IsBoolean() replayed?: boolean;
}

/** `slrt.rpc.registry.get-data-change.v1`. */
export class GetDataChangeRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) dataChangeId!: string;
  @IsOptional() @IsBoolean() reveal?: boolean;
}

/** `slrt.rpc.registry.list-data-changes.v1`. */
export class ListDataChangesRequestV1 extends ListProposalsRequestBaseV1 {}

/** `slrt.rpc.registry.decide-data-change.v1`: MJ or SEKRETARIAT approves (before export) or declines (with a note). */
export class DecideDataChangeRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) dataChangeId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsIn(['approve', 'decline'], { message: 'Keputusan: approve atau decline' }) decision!: 'approve' | 'decline';
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}
