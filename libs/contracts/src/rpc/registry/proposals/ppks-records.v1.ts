import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DESA_CODE } from '../../../events/intake/complaint-registered.v1.js';
import { IsNik, IsNoKk, IsIsoDate } from '../../../identifiers.js';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_MESSAGE } from './proposal-patterns.js';
import { ProposalViewBaseV1, ListProposalsRequestBaseV1 } from './proposal-common.v1.js';

/** PPKS records and their categories (versioned reference data). */

/** A PPKS/PMKS category (versioned reference data; Permensos 08/2012 as revised by Permensos 3/2021). */
export class PpksCategoryV1 {
  @Matches(/^\d{2}$/) code!: string;
  @IsInt() version!: number;
  @IsString() name!: string;
  @IsIsoDate() validFrom!: string;
  @IsBoolean() active!: boolean;
}

/** `slrt.rpc.registry.list-ppks-categories.v1`. */
export class ListPpksCategoriesRequestV1 {
  /** Also earlier versions and retired categories. */
  @IsOptional() @IsBoolean() includeInactive?: boolean;
}

export class ListPpksCategoriesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PpksCategoryV1)
  items!: PpksCategoryV1[];
}

/**
 * `slrt.rpc.registry.save-ppks-category.v1` (ADMIN): saves a new version of a category (or a new
 * category). It retires the code's earlier versions (saved with `active: false` it retires the
 * category); records keep the version they used.
 */
export class SavePpksCategoryRequestV1 {
  @Matches(/^\d{2}$/, { message: 'Kode kategori 2 angka' }) code!: string;
  @IsString() @MinLength(3) @MaxLength(200) name!: string;
  @IsIsoDate({ message: 'Tanggal berlaku berformat YYYY-MM-DD' }) validFrom!: string;
  @IsBoolean() active!: boolean;
}

/** `slrt.rpc.registry.create-ppks-record.v1`: FO/FS records a person needing social welfare services. Idempotent by key (per officer). */
export class CreatePpksRecordRequestV1 {
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_MESSAGE }) idempotencyKey!: string;
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId?: string;
  /** Code of a category in its active version. */
  @Matches(/^\d{2}$/, { message: 'Kode kategori 2 angka' }) categoryCode!: string;
  @IsOptional() @IsNik() nik?: string;
  @IsOptional() @IsNoKk() noKk?: string;
  @IsString() @MinLength(2) @MaxLength(120) name!: string;
  @IsOptional() @IsIsoDate({ message: 'Tanggal lahir berformat YYYY-MM-DD' }) birthDate?: string;
  @IsOptional() @IsIn(['F', 'M']) sex?: 'F' | 'M';
  @IsOptional() @IsString() @MaxLength(200) address?: string;
  @Matches(DESA_CODE, { message: 'Kode desa berbentuk 62.71.01.1001' }) desaCode!: string;
  /** The person's condition as observed (Bahasa Indonesia). */
  @IsString()
  @Matches(/\S.{2,}/, { message: 'Keterangan kondisi paling sedikit 3 karakter' })
  @MaxLength(1000)
  conditionNote!: string;
}

export class PpksRecordV1 extends ProposalViewBaseV1 {
  @IsUUID('7') ppksRecordId!: string;
  @IsOptional() @IsString() nik!: string | null;
  @IsOptional() @IsString() noKk!: string | null;
  @IsString() name!: string;
  @IsOptional() @IsString() birthDate!: string | null;
  @IsOptional() @IsIn(['F', 'M']) sex!: 'F' | 'M' | null;
  @IsOptional() @IsString() address!: string | null;
  @Matches(/^\d{2}$/) categoryCode!: string;
  @IsInt() categoryVersion!: number;
  @IsString() categoryName!: string;
  @IsString() conditionNote!: string;
  @IsOptional() @IsBoolean() replayed?: boolean;
}

/** `slrt.rpc.registry.get-ppks-record.v1`. */
export class GetPpksRecordRequestV1 {
  @IsUUID('7', { message: 'Id data PPKS tidak valid' }) ppksRecordId!: string;
  @IsOptional() @IsBoolean() reveal?: boolean;
}

/** `slrt.rpc.registry.list-ppks-records.v1`. */
export class ListPpksRecordsRequestV1 extends ListProposalsRequestBaseV1 {
  @IsOptional() @Matches(/^\d{2}$/) categoryCode?: string;
}
