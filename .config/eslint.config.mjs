// Lint rules for the whole workspace. The module-boundary rule is what keeps the architecture
// honest: services never import each other, only libs/messaging touches the NATS client, and
// libs/contracts stays free of NestJS, TypeORM and NATS so any consumer can use it.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettierConfig from 'eslint-config-prettier';

const natsClients = ['@nats-io/*', 'nats'];
const frameworks = ['@nestjs/*', 'typeorm', '@nats-io/*', 'nats', 'pg'];

const services = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];

/**
 * Dependency rules per tag. `withTesting` adds `scope:testing` to every allowed list: test files
 * (specs and `test/` folders) may use the shared test helpers, production code may not.
 */
function depConstraints(withTesting) {
  const t = withTesting ? ['scope:testing'] : [];
  return [
    // Axis 1: kind of project.
    { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
    // Axis 2: what each library may use.
    {
      sourceTag: 'scope:contracts',
      onlyDependOnLibsWithTags: ['scope:contracts', 'scope:domain', ...t],
      bannedExternalImports: frameworks,
    },
    { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:domain', ...t], bannedExternalImports: frameworks },
    { sourceTag: 'scope:documents', onlyDependOnLibsWithTags: [...t], bannedExternalImports: frameworks },
    { sourceTag: 'scope:config', onlyDependOnLibsWithTags: [...t], bannedExternalImports: natsClients },
    {
      sourceTag: 'scope:observability',
      onlyDependOnLibsWithTags: ['scope:config', 'scope:contracts', ...t],
      bannedExternalImports: natsClients,
    },
    {
      sourceTag: 'scope:persistence',
      onlyDependOnLibsWithTags: ['scope:config', 'scope:observability', ...t],
      bannedExternalImports: natsClients,
    },
    {
      sourceTag: 'scope:messaging',
      onlyDependOnLibsWithTags: ['scope:contracts', 'scope:config', 'scope:observability', 'scope:persistence', ...t],
    },
    {
      sourceTag: 'scope:auth',
      onlyDependOnLibsWithTags: [
        'scope:contracts',
        'scope:domain',
        'scope:config',
        'scope:observability',
        'scope:messaging',
        ...t,
      ],
      bannedExternalImports: natsClients,
    },
    { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['type:lib'], bannedExternalImports: natsClients },
    // The web console (a browser app): only the generated API client, never server code.
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:api-client'], bannedExternalImports: frameworks },
    // Services: each only itself plus libraries, never the NATS client directly.
    ...services.map((svc) => ({
      sourceTag: `scope:${svc}`,
      onlyDependOnLibsWithTags: ['type:lib'],
      bannedExternalImports: natsClients,
    })),
  ];
}

const boundaries = (withTesting) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints(withTesting) },
];

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.nx/**', 'coverage/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  {
    files: ['services/console/src/**/*.{ts,tsx}'],
    plugins: { '@nx': nx, 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The error boundary reports to the browser console; nothing else logs there.
      'no-console': ['error', { allow: ['error'] }],
      '@nx/enforce-module-boundaries': boundaries(false),
    },
  },
  {
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    files: [...testFiles, 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The gateway starts without @nestjs/swagger (~530 modules, ~8 MB resident): its decorators
  // come from http/api-docs.ts, which loads it when the OpenAPI document is first built.
  {
    files: ['services/gateway/src/**/*.ts'],
    ignores: ['services/gateway/src/http/api-docs.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/swagger',
              message: 'Import the decorators from http/api-docs.ts (the gateway starts without @nestjs/swagger).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // A file stays small enough to read in one sitting: past 300 lines of code (blank lines and
  // comments not counted) it is split by use case, or says why not on its first line:
  // `/* eslint-disable max-lines -- <reason> */`. A reason on a file that no longer needs it fails
  // (reportUnusedDisableDirectives), so the reasons stay true.
  {
    files: ['**/*.{ts,tsx,mjs}'],
    // Generated (npm run api-client).
    ignores: ['libs/api-client/src/schema.d.ts', 'libs/api-client/test/every-operation.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
  // Prettier owns the layout (npm run format); rules that would argue with it are off.
  prettierConfig,
);
