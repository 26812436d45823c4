import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * `slrt.rpc.referral.get-complaint-disclosures.v1` (answers `system:intake` only): to whom referral
 * disclosed a complaint's persons and which programme owners read them since, for the citizen's
 * access log on the public status page. Holds no personal data and no staff names: owners are named
 * by their directory name, readers by kind (a PO user or an owner's API client).
 */
export class GetComplaintDisclosuresRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
}

/** A programme owner named in the disclosures, with its directory name (e.g. `Kementerian Sosial (PKH)`). */
export class DisclosureOwnerV1 {
  @IsString() @MaxLength(60) code!: string;
  @IsString() @MaxLength(200) name!: string;
}

/** The persons' data sent to an owner in a referral (one per referral). */
export class DisclosureSendV1 {
  @IsString() @MaxLength(60) ownerCode!: string;
  @IsISO8601() at!: string;
}

/** Audited reads of the complaint's referral by one owner on one day (`owner_read_audit`), latest time of the day. */
export class DisclosureReadV1 {
  @IsString() @MaxLength(60) ownerCode!: string;
  /** `user` (a PO user of the console or HTTP API) or `owner-client` (the owner's API key). */
  @IsIn(['user', 'owner-client']) actorKind!: 'user' | 'owner-client';
  @IsISO8601() at!: string;
  @IsInt() @Min(1) count!: number;
}

export class GetComplaintDisclosuresResponseV1 {
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DisclosureOwnerV1)
  owners!: DisclosureOwnerV1[];
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DisclosureSendV1)
  sends!: DisclosureSendV1[];
  /** Newest first, at most 200 days × owners. */
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DisclosureReadV1)
  reads!: DisclosureReadV1[];
}
