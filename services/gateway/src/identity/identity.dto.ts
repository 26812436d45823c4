import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '../http/api-docs.js';
import { ROLES, type Role } from '@slrt/contracts';

const REGION = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
const OWNER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class LoginDto {
  @ApiProperty({ example: 'demo.fo' })
  @IsString({ message: 'Nama pengguna wajib diisi' })
  @MinLength(1, { message: 'Nama pengguna wajib diisi' })
  @MaxLength(60)
  username!: string;
  @ApiProperty()
  @IsString({ message: 'Kata sandi wajib diisi' })
  @MinLength(1, { message: 'Kata sandi wajib diisi' })
  @MaxLength(200)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString({ message: 'refreshToken wajib diisi' })
  @MinLength(20, { message: 'refreshToken tidak sah' })
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString({ message: 'Kata sandi lama wajib diisi' }) @MaxLength(200) currentPassword!: string;
  @ApiProperty({
    minLength: 12,
    maxLength: 128,
    description: 'Paling sedikit 12 karakter, bukan kata sandi umum atau yang pernah bocor',
  })
  @IsString({ message: 'Kata sandi baru wajib diisi' })
  @MaxLength(1000, { message: 'Kata sandi terlalu panjang' })
  newPassword!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'fo.pahandut' })
  @Matches(/^[a-z0-9._-]{3,60}$/, {
    message: 'Nama pengguna 3–60 huruf kecil, angka, titik, tanda hubung atau garis bawah',
  })
  username!: string;
  @ApiProperty()
  @IsString()
  @MinLength(2, { message: 'Nama tampilan paling sedikit 2 karakter' })
  @MaxLength(120)
  displayName!: string;
  @ApiProperty({
    minLength: 12,
    maxLength: 128,
    description: 'Paling sedikit 12 karakter, bukan kata sandi umum atau yang pernah bocor',
  })
  @IsString({ message: 'Kata sandi wajib diisi' })
  @MaxLength(1000, { message: 'Kata sandi terlalu panjang' })
  password!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'Pilih paling sedikit satu peran' })
  @ArrayUnique()
  @IsIn([...ROLES], { each: true, message: `Peran harus salah satu dari: ${ROLES.join(', ')}` })
  roles!: Role[];
  @ApiProperty({ example: ['62.71.01.1001'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'Tentukan wilayah kerja' })
  @ArrayMaxSize(50)
  @Matches(REGION, { each: true, message: 'Kode wilayah tidak valid (mis. 62.71.01.1001)' })
  regionScope!: string[];
  @ApiPropertyOptional({ example: 'kemensos-pkh' })
  @IsOptional()
  @Matches(OWNER, { message: 'Kode pengelola program tidak valid' })
  ownerCode?: string;
}

export class UpdateUserDto {
  @ApiProperty()
  @IsString()
  @MinLength(2, { message: 'Nama tampilan paling sedikit 2 karakter' })
  @MaxLength(120)
  displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'Pilih paling sedikit satu peran' })
  @ArrayUnique()
  @IsIn([...ROLES], { each: true, message: `Peran harus salah satu dari: ${ROLES.join(', ')}` })
  roles!: Role[];
  @ApiProperty()
  @IsArray()
  @ArrayMinSize(1, { message: 'Tentukan wilayah kerja' })
  @ArrayMaxSize(50)
  @Matches(REGION, { each: true, message: 'Kode wilayah tidak valid (mis. 62.71.01.1001)' })
  regionScope!: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(OWNER, { message: 'Kode pengelola program tidak valid' })
  ownerCode?: string;
  @ApiProperty() @IsBoolean({ message: 'active harus true atau false' }) active!: boolean;
  @ApiPropertyOptional({
    minLength: 12,
    maxLength: 128,
    description: 'Kata sandi baru (atur ulang oleh admin): paling sedikit 12 karakter, bukan kata sandi umum',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'Kata sandi terlalu panjang' })
  password?: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'kemensos-pkh' })
  @Matches(OWNER, { message: 'Kode pengelola program tidak valid' })
  ownerCode!: string;
  @ApiProperty({ example: 'Integrasi SIKS-NG PKH' })
  @IsString()
  @MinLength(3, { message: 'Label paling sedikit 3 karakter' })
  @MaxLength(120)
  label!: string;
}

// ── responses ──────────────────────────────────────────────────────────────────────────────

export class SessionDto {
  @ApiProperty({ description: 'Token akses (JWT), kirim sebagai `Authorization: Bearer …`' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Masa berlaku token akses (detik)' }) expiresIn!: number;
  @ApiProperty({ description: 'Token penyegar (sekali pakai, berputar)' }) refreshToken!: string;
  @ApiProperty({ format: 'date-time' }) refreshExpiresAt!: string;
}

/** A kab/kota's deployment, or a province or the national hub's (`SLRT_HUB_REGION`). */
export const DEPLOYMENT_LEVELS = ['kab-kota', 'province', 'national'] as const;
export type DeploymentLevel = (typeof DEPLOYMENT_LEVELS)[number];

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['user', 'owner-client'] }) kind!: string;
  @ApiProperty({ type: 'string', nullable: true }) username!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) displayName!: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String] }) regionScope!: string[];
  @ApiProperty({ type: 'string', nullable: true }) ownerCode!: string | null;
  @ApiProperty({
    enum: DEPLOYMENT_LEVELS,
    description:
      'Where the caller signed in: a kab/kota’s deployment, or a province or the national hub (roll-up pages only)',
  })
  deployment!: DeploymentLevel;
  @ApiPropertyOptional() active?: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String] }) regionScope!: string[];
  @ApiProperty({ type: 'string', nullable: true }) ownerCode!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ownerCode!: string;
  @ApiProperty() label!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty({ description: 'Kunci lengkap `slrt_<prefix>_<rahasia>`: hanya ditampilkan sekali' }) apiKey!: string;
  @ApiProperty() note!: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ownerCode!: string;
  @ApiProperty() label!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastUsedAt!: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}

export class AuditEventDto {
  @ApiProperty({ description: 'Nomor urut (bilangan bulat besar sebagai teks)' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: 'string', nullable: true }) actorId!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ type: 'string', nullable: true }) target!: string | null;
  @ApiProperty() outcome!: string;
  @ApiProperty({ type: 'string', nullable: true }) ip!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) correlationId!: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) page!: number;
  @ApiProperty({ type: 'integer' }) pageSize!: number;
}
