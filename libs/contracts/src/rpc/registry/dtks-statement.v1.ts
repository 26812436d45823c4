import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsObject, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { LookupPurpose } from './lookup-nik.v1.js';
import { IsNik } from '../../identifiers.js';

/**
 * Request of `slrt.rpc.registry.get-dtks-statement.v1`: the registered-in-DTKS statement
 * (*Keterangan Terdaftar DTKS*) of the person with this NIK in the current snapshot. The first
 * request issues it (next number of the kab/kota and year, unguessable verification code); asking
 * again in the same data period returns the same statement, byte for byte.
 */
export class GetDtksStatementRequestV1 {
  /** The person's 16-digit NIK. Personal data: never logged, stored only as a SHA-256. */
  @IsNik() nik!: string;
  /** Why (audited), e.g. `{ kind: 'document', reference: <complaint id> }`. */
  @IsObject() @ValidateNested() @Type(() => LookupPurpose) purpose!: LookupPurpose;
}

/** Reply of `slrt.rpc.registry.get-dtks-statement.v1`: the PDF and what identifies it. */
export class DtksStatementFileV1 {
  @IsString() fileName!: string;
  @IsIn(['application/pdf']) contentType!: 'application/pdf';
  @IsString() contentBase64!: string;
  /** Statement number, sequential per kab/kota and year, e.g. `DTKS-6271-2026-000001`. */
  @IsString() number!: string;
  @IsISO8601() issuedAt!: string;
  /** Whether this request issued it (false: an earlier statement of the same period was returned). */
  @IsBoolean() issued!: boolean;
}

/** Kinds of documents `verify-document` knows. WIRE-STABLE. */
export const VERIFIABLE_DOCUMENT_TYPES = ['dtks-statement', 'musdes-minutes'] as const;
/** One of {@link VERIFIABLE_DOCUMENT_TYPES}. */
export type VerifiableDocumentType = (typeof VERIFIABLE_DOCUMENT_TYPES)[number];

/** Request of `slrt.rpc.registry.verify-document.v1` (public: anyone holding the printed QR code). */
export class VerifyDocumentRequestV1 {
  /** Verification code printed as a QR code on the document. */
  @Matches(/^[0-9A-Za-z-]{8,40}$/, { message: 'Kode verifikasi tidak valid' }) code!: string;
}

/**
 * Reply of `slrt.rpc.registry.verify-document.v1`: whether a document with this code was issued,
 * and only what is printed in its header. Never a name, NIK or No. KK.
 */
export class VerifyDocumentResponseV1 {
  /** True when the code belongs to an issued document. */
  @IsBoolean() valid!: boolean;
  @ValidateIf((o: VerifyDocumentResponseV1) => o.documentType !== null)
  @IsIn(VERIFIABLE_DOCUMENT_TYPES)
  documentType!: VerifiableDocumentType | null;
  /** Document number as printed. */
  @ValidateIf((o: VerifyDocumentResponseV1) => o.number !== null) @IsString() number!: string | null;
  @ValidateIf((o: VerifyDocumentResponseV1) => o.issuedAt !== null) @IsISO8601() issuedAt!: string | null;
  /** Data period of the registry snapshot the document states (`YYYY-MM`). */
  @ValidateIf((o: VerifyDocumentResponseV1) => o.dataPeriod !== null) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) dataPeriod!:
    string | null;
  /** Name of the desa/kelurahan of the household. */
  @ValidateIf((o: VerifyDocumentResponseV1) => o.desaName !== null) @IsString() desaName!: string | null;
}
