export * from './result.js';
export * from './random.js';
export * from './regions/region-code.js';
export * from './regions/region-lookup.js';
export * from './regions/retired-regions.js';
export {
  FEMALE_DAY_OFFSET,
  isRealDate,
  parseIsoDate,
  formatIsoDate,
  resolveToday,
  type CalendarDate,
} from './identity/calendar-date.js';
export { IDENTITY_REGION_WARNING_CODES, type IdentityRegionWarningCode } from './identity/identity-region.js';
export * from './identity/nik.js';
export * from './identity/no-kk.js';
export * from './identity/reveal-or-mask.js';
export * from './identity/identifier-hash.js';
export * from './identity/identity-generator.js';
export * from './phone/phone.js';
export * from './vocabularies/complaint-vocabulary.js';
export * from './vocabularies/sectors.js';
export * from './vocabularies/programme-catalogue.js';
export * from './files/file-name.js';
export * from './time-zones.js';
