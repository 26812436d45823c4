import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOnBehalfOf } from '../../envelope/actor.js';
import { IsNik } from '../../identifiers.js';

/** Why a NIK is looked up: every lookup is audited with its purpose. */
export class LookupPurpose {
  /** `complaint` (intake triage), `service` (FO answering a citizen), `document` (statement). */
  @IsIn(['complaint', 'service', 'document']) kind!: 'complaint' | 'service' | 'document';
  /** The id the lookup serves, e.g. the complaint id. */
  @IsOptional() @IsString() @MaxLength(120) reference?: string;
}

/**
 * Request of `slrt.rpc.registry.lookup-nik.v1`: is this NIK in the kab/kota's registry slice?
 * Asked by intake only, as `system:intake`.
 */
export class LookupNikRequestV1 {
  /** The 16-digit NIK to look up. Personal data: never logged. */
  @IsNik() nik!: string;
  @IsObject() @ValidateNested() @Type(() => LookupPurpose) purpose!: LookupPurpose;
  /** The operator whose registration asked for the check (intake's triage): kept in the lookup audit. */
  @IsOnBehalfOf() onBehalfOf?: string;
}

/** Reply of `slrt.rpc.registry.lookup-nik.v1`. Only registry facts; the person's data stays masked. */
export class LookupNikResponseV1 {
  @IsBoolean() found!: boolean;
  /** Registry household id (internal), null when not found. */
  @ValidateIf((o: LookupNikResponseV1) => o.householdId !== null) @IsString() householdId!: string | null;
  /** Desil 1–10 as imported, null when unknown or not found. */
  @ValidateIf((o: LookupNikResponseV1) => o.desil !== null) @IsInt() @Min(1) @Max(10) desil!: number | null;
  /** Programme flags of the household/member (e.g. `PKH`, `BPNT`, `PBI`, `KIP`). */
  @IsArray() @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeFlags!: string[];
  /** Data period of the snapshot (`YYYY-MM`), null when no snapshot is loaded. */
  @ValidateIf((o: LookupNikResponseV1) => o.dataPeriod !== null) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) dataPeriod!:
    string | null;
}
