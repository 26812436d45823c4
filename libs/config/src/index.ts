export * from './load-config.js';
export * from './base.env.js';
export * from './identifier-hash-key.js';
