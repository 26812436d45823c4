export * from './data-source.js';
export * from './migration-cli.js';
export * from './database.module.js';
export * from './unavailable.js';
