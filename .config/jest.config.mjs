// Jest runs the TypeScript sources directly (ESM, swc with decorator metadata); workspace
// libraries resolve to their src/ so tests never depend on a build.
import { fileURLToPath } from 'node:url';

const rootDir = fileURLToPath(new URL('..', import.meta.url));

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2023',
      keepClassNames: true,
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'es6' },
  },
];

const common = {
  rootDir,
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@slrt/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.data/', '<rootDir>/.*/dist/'],
};

/** @type {import('jest').Config} */
export default {
  // Integration hooks start and stop real servers (nats-server, PostgreSQL schemas, Nest apps); on a
  // loaded 2-core machine closing an app can take longer than Jest's 5 s default. (A global option:
  // Jest ignores it inside a project.)
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services}/*/src/**/*.spec.ts', '<rootDir>/deploy/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.int-spec.ts', '<rootDir>/deploy/**/*.int-spec.ts'],
      slowTestThreshold: 10,
    },
  ],
};
