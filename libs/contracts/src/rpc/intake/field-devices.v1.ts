import {
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';

/**
 * Alphabet of device codes, offline tracking codes and receipt tracking codes: no 0/O, 1/I/L, so a
 * code read aloud or typed from paper survives. WIRE-STABLE (the field app generates codes with it).
 */
export const FIELD_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A device code: 4 characters of {@link FIELD_CODE_ALPHABET}, unique in the kab/kota. */
export const DEVICE_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;

/**
 * A provisional receipt number given offline: `L-<deviceCode>-<n>`, n counted on the device from 1
 * (no leading zeros, at most 6 digits). WIRE-STABLE.
 */
export const PROVISIONAL_NUMBER_PATTERN = /^L-([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4})-([1-9][0-9]{0,5})$/;

/** A tracking code as printed (`K7PQ-4QX2`): 8 characters of {@link FIELD_CODE_ALPHABET}, a dash after the fourth. */
export const TRACKING_CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$/;

/**
 * Problem reason when a device was revoked (remote logout): the field app wipes its local data
 * when any field request answers 403 with this reason. WIRE-STABLE.
 */
export const DEVICE_REVOKED_REASON = 'DEVICE_REVOKED';

/** A Fasilitator's enrolled phone. */
export class FieldDeviceV1 {
  @IsUUID('7') deviceId!: string;
  /** Prefix of the device's provisional receipt numbers (`L-<deviceCode>-<n>`). */
  @Matches(DEVICE_CODE_PATTERN) deviceCode!: string;
  @IsString() label!: string;
  /** The FS the device belongs to (user id). */
  @IsString() userId!: string;
  @IsISO8601() enrolledAt!: string;
  @IsOptional() @IsISO8601() revokedAt!: string | null;
  /** Who revoked it (user id: the FS or an ADMIN); null while active. */
  @IsOptional() @IsString() revokedBy!: string | null;
  /** Last accepted sync from the device; null before the first. */
  @IsOptional() @IsISO8601() lastSyncAt!: string | null;
  /** The highest provisional number n the server has seen from the device (0 before any). */
  @IsInt() lastProvisionalSequence!: number;
}

/**
 * `slrt.rpc.intake.enrol-field-device.v1` (FS, online): registers the FS's phone. Idempotent per
 * user and `installationId` (an id the app draws once per installation): a retried enrolment
 * answers the same device.
 */
export class EnrolFieldDeviceRequestV1 {
  @IsString({ message: 'Nama perangkat wajib diisi' })
  @MinLength(1, { message: 'Nama perangkat wajib diisi' })
  @MaxLength(60, { message: 'Nama perangkat paling panjang 60 karakter' })
  label!: string;
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'installationId 8–120 karakter (huruf, angka, . _ : -)' })
  installationId!: string;
}

/** `slrt.rpc.intake.list-field-devices.v1`: the FS's own devices; SPV/ADMIN see the devices of FS in their scope. */
export class ListFieldDevicesRequestV1 {
  @IsOptional() @IsBoolean() includeRevoked?: boolean;
}

export class ListFieldDevicesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldDeviceV1)
  items!: FieldDeviceV1[];
}

/**
 * `slrt.rpc.intake.revoke-field-device.v1` (the FS themself or ADMIN): remote logout. Afterwards
 * every field request naming the device (sync, upload) is refused 403 with reason
 * {@link DEVICE_REVOKED_REASON}. Revoking twice changes nothing.
 */
export class RevokeFieldDeviceRequestV1 {
  @IsUUID('7', { message: 'Id perangkat tidak valid' }) deviceId!: string;
  @IsOptional() @IsString() @MaxLength(300, { message: 'Alasan paling panjang 300 karakter' }) reason?: string;
}
