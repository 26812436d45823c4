/**
 * The proposal contracts (prelist entries, data changes, PPKS records), split by use case under
 * `proposals/` and re-exported here so importers keep one path.
 */
export * from './proposals/proposal-vocabularies.v1.js';
export * from './proposals/proposal-common.v1.js';
export * from './proposals/prelist-entries.v1.js';
export * from './proposals/data-changes.v1.js';
export * from './proposals/ppks-records.v1.js';
