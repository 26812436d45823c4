export * from './decorators.js';
export * from './policy.js';
export * from './refusals.js';
export * from './token-verifier.js';
export * from './auth.guard.js';
export * from './auth.error.js';
