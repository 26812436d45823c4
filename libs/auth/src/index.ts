export * from './decorators.js';
export * from './scope.js';
export * from './token-verifier.js';
export * from './auth.guard.js';
export * from './auth.error.js';
