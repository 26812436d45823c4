import { dottedRegionCode } from '../regions/region-code.js';
import { findRegion, regionStatus, type RegionStatus } from '../regions/region-lookup.js';
import { presumedSuccessorCode, retiredRegionOf } from '../regions/retired-regions.js';
import type { DomainIssue } from '../result.js';

/** Warnings about the region part of a NIK or No. KK. Wire-stable codes. */
export const IDENTITY_REGION_WARNING_CODES = ['REGION_UNKNOWN', 'REGION_RETIRED'] as const;
/** One of {@link IDENTITY_REGION_WARNING_CODES}. */
export type IdentityRegionWarningCode = (typeof IDENTITY_REGION_WARNING_CODES)[number];

/** The kecamatan a NIK/KK names, as read by {@link readIdentityRegion}. */
export interface IdentityRegion {
  /** Dotted kecamatan code, e.g. `62.71.01`. */
  readonly regionCode: string;
  readonly regionStatus: RegionStatus;
  readonly warnings: DomainIssue<IdentityRegionWarningCode>[];
}

/**
 * Reads the first 6 digits of a NIK/KK as a kecamatan code. `null` when the digits cannot be a
 * Kemendagri code at all (provinsi below 11, kab/kota or kecamatan `00`): that is an error. A code
 * that is well-formed but not in the current list is only a warning, since the number may predate a
 * change: `label` names the document in the message ("NIK", "Nomor KK").
 */
export function readIdentityRegion(digits: string, label: string): IdentityRegion | null {
  const regionCode = dottedRegionCode(digits.slice(0, 6));
  if (regionCode === null) return null;
  const status = regionStatus(regionCode);
  const sentenceLabel = label.charAt(0).toUpperCase() + label.slice(1);
  const warnings: DomainIssue<IdentityRegionWarningCode>[] = [];
  if (status === 'retired') {
    const retired = retiredRegionOf(regionCode)!;
    const successor = findRegion(retired.successorCode);
    const presumed = presumedSuccessorCode(regionCode);
    const presumedName = presumed === null ? undefined : findRegion(presumed)?.name;
    warnings.push({
      code: 'REGION_RETIRED',
      message:
        `Kode wilayah pada ${label} adalah kode lama ${retired.name} sebelum ${retired.reason}; ` +
        `kini ${successor?.name ?? retired.name} (${retired.successorCode})` +
        (presumedName === undefined ? '' : `, Kecamatan ${presumedName}`) +
        `. ${sentenceLabel} tetap sah.`,
    });
  } else if (status === 'unknown') {
    warnings.push({
      code: 'REGION_UNKNOWN',
      message: `Kode kecamatan pada ${label} tidak ada dalam daftar wilayah Kemendagri saat ini. ${sentenceLabel} tetap dapat dipakai; periksa kembali angkanya dengan dokumen aslinya.`,
    });
  }
  return { regionCode, regionStatus: status, warnings };
}
