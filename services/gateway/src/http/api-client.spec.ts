import { describe, expect, it, beforeAll } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { API_CLIENT_DIR, GENERATED, generateApiClient } from '../../test/support/api-client-generate.js';

/** Type-checks `files` with the workspace's strict options; the diagnostics as text. */
function compile(files: string[]): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: false,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  };
  const program = ts.createProgram(files, options);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

/**
 * The typed client of libs/api-client (openapi-typescript types + openapi-fetch) is generated from
 * the gateway's OpenAPI document and committed: these tests fail when the API changed and
 * `npm run api-client` was not run, when an operation is not called by the program that
 * exercises the client, or when that program does not compile strictly.
 */
describe('generated API client (libs/api-client)', () => {
  let generated: Awaited<ReturnType<typeof generateApiClient>>;
  beforeAll(async () => {
    generated = await generateApiClient();
  });

  it.each(Object.entries(GENERATED))(
    'committed %s (%s) is what `npm run api-client` generates from the current API',
    (key, rel) => {
      const committed = readFileSync(join(API_CLIENT_DIR, rel), 'utf8');
      // A mismatch: the API changed without regenerating the client. Run `npm run api-client`.
      expect(committed === generated[key as keyof typeof GENERATED]).toBe(true);
    },
  );

  it('has the program call every operationId of the document, each once', () => {
    const doc = JSON.parse(generated.document) as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    const program = readFileSync(join(API_CLIENT_DIR, GENERATED.program), 'utf8');
    const called = [...program.matchAll(/\/\/ operationId: (\w+) \((GET|POST|PUT|PATCH|DELETE) /g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(60);
    expect([...called].sort()).toEqual([...ids].sort());
    for (const id of ids)
      expect(program).toMatch(new RegExp(`const ${id} = await client\\.(GET|POST|PUT|PATCH|DELETE)\\(`));
  });

  it('compiles the every-operation program against the generated types with tsc --strict', () => {
    expect(compile([join(API_CLIENT_DIR, 'src/index.ts'), join(API_CLIENT_DIR, GENERATED.program)])).toEqual([]);
  }, 120_000);

  it('refuses at compile time what the API refuses: an unknown path, a path id sent in the body, a missing required field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-client-'));
    try {
      const file = join(dir, 'wrong.ts');
      writeFileSync(
        file,
        `import { createApiClient } from ${JSON.stringify(join(API_CLIENT_DIR, 'src/index.js'))};
const client = createApiClient('http://127.0.0.1:1');
export async function wrong() {
  await client.GET('/v1/no-such-route');
  await client.POST('/v1/cases/{id}/actions', { params: { path: { id: 'x' } }, body: { caseId: 'x', action: 'forward', expectedVersion: 1 } });
  await client.POST('/v1/complaints/{id}/withdraw', { params: { path: { id: 'x' } }, body: {} });
}
`,
      );
      const errors = compile([file]);
      // One error on each wrong call (lines 4, 5, 6), none elsewhere.
      expect(errors.map((e) => Number(/wrong\.ts:(\d+):/.exec(e)?.[1]))).toEqual([4, 5, 6]);
      expect(errors[1]).toContain("'caseId' does not exist");
      expect(errors[2]).toContain("Property 'reason' is missing");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
