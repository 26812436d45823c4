import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { gatewayControllers } from '../app.js';
import { offlineOpenApi, type RouteHandler } from './openapi.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Json }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Json }> };
  responses: Record<string, Json>;
  security?: unknown[];
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * The gateway's OpenAPI document, checked generically over every operation (a route added by any
 * controller is covered without being listed here): valid OpenAPI 3.1 for a maintained validator,
 * every `$ref` resolvable, a request body for every route that reads one, typed success
 * responses, problem+json errors, a schema for every parameter, stable unique operationIds.
 */
describe('OpenAPI document of the gateway', () => {
  let doc: Json & {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json>; responses: Record<string, Json> };
  };
  let handlers: RouteHandler[];
  const operations = (): Array<[string, string, Operation]> =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m]) => METHODS.includes(m))
        .map(([m, op]) => [path, m, op] as [string, string, Operation]),
    );

  beforeAll(async () => {
    const built = await offlineOpenApi(gatewayControllers());
    // Read as plain JSON: the checks below walk fields @nestjs/swagger's OpenAPIObject types more narrowly.
    doc = built.document as unknown as typeof doc;
    handlers = built.handlers;
  });

  it('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator, which also resolves every $ref)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('resolves every $ref inside the document, and publishes only the schemas an operation reaches (no …Env, no Object/Array placeholders)', () => {
    const dangling: string[] = [];
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}/${i}`));
      if (!v || typeof v !== 'object') return;
      const ref = (v as Json).$ref;
      if (typeof ref === 'string') {
        const target = ref
          .replace(/^#\//, '')
          .split('/')
          .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), doc);
        if (!ref.startsWith('#/') || target === undefined) dangling.push(`${at} → ${ref}`);
      }
      for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
    };
    walk(doc, '#');
    expect(dangling).toEqual([]);
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => /(Env|Config)$|^(Object|Array)$/.test(n))).toEqual([]);
    const text = JSON.stringify({ paths: doc.paths, responses: doc.components.responses });
    const reached = new Set<string>();
    const visit = (t: string) => {
      for (const m of t.matchAll(/#\/components\/schemas\/(\w+)/g)) {
        if (reached.has(m[1]!)) continue;
        reached.add(m[1]!);
        visit(JSON.stringify(doc.components.schemas[m[1]!]));
      }
    };
    visit(text);
    expect(names.filter((n) => !reached.has(n))).toEqual([]);
  });

  it('gives every route an explicit, unique operationId (camelCase), and describes every route the controllers serve', () => {
    expect(handlers.filter((h) => !h.operationId).map((h) => `${h.controller.name}.${h.method}`)).toEqual([]);
    const ids = operations().map(([, , op]) => op.operationId ?? '');
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(handlers.map((h) => h.operationId)));
  });

  it('has a required requestBody with declared media types for every route that reads a body, and none where no body is read', () => {
    const byId = new Map(operations().map(([, , op]) => [op.operationId, op]));
    const missing = handlers.filter(
      (h) =>
        h.takesBody &&
        !(
          byId.get(h.operationId)?.requestBody?.required &&
          Object.keys(byId.get(h.operationId)?.requestBody?.content ?? {}).length
        ),
    );
    expect(missing.map((h) => `${h.operationId}: declare its body (ForwardsTo, JsonBody DTO or BinaryBody)`)).toEqual(
      [],
    );
    const extra = handlers.filter((h) => !h.takesBody && byId.get(h.operationId)?.requestBody);
    expect(extra.map((h) => h.operationId)).toEqual([]);
    for (const [, , op] of operations()) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        expect(media.schema).toBeDefined();
        if (type !== 'application/json') expect(media.schema).toMatchObject({ type: 'string', format: 'binary' });
      }
    }
  });

  it('never asks in the body for a value the path already carries (caseId, complaintId, entryId, …), and closes derived bodies', () => {
    const schemas = doc.components.schemas;
    const resolve = (s: Json | undefined): Json =>
      s?.$ref ? resolve(schemas[String(s.$ref).split('/').pop()!]) : (s ?? {});
    const clashes: string[] = [];
    for (const [path, , op] of operations()) {
      const body = resolve(op.requestBody?.content?.['application/json']?.schema);
      const props = Object.keys((body.properties ?? {}) as Json);
      // `{id}` of /v1/cases/{id} is the case's id: the body must not have its own caseId, complaintId, ….
      const segments = path.split('/');
      for (const [i, seg] of segments.entries()) {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) continue;
        const noun = (segments[i - 1] ?? '')
          .replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
          .replace(/ies$/, 'y')
          .replace(/s$/, '');
        const candidates =
          m[1] === 'id'
            ? props.filter((p) => p === `${noun}Id` || (noun === 'referral' && p === 'referralId'))
            : props.filter((p) => p === m[1]);
        if (candidates.length) clashes.push(`${op.operationId}: ${candidates.join(', ')} is in the path`);
      }
    }
    expect(clashes).toEqual([]);
    const act = resolve(doc.paths['/v1/cases/{id}/actions']!.post!.requestBody!.content!['application/json']!.schema);
    expect(Object.keys(act.properties as Json)).not.toContain('caseId');
    expect(act.required).not.toContain('caseId');
    expect(act.additionalProperties).toBe(false);
    // Contract classes refuse undeclared properties: every contract body says so.
    expect(doc.components.schemas.ComplaintInputV1).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('types every success response (a JSON schema, a binary file, or 204 without content) and declares problem+json errors 400/401/403/404/409/422/429', () => {
    const untyped: string[] = [];
    const problems: string[] = [];
    for (const [, , op] of operations()) {
      const success = Object.entries(op.responses).filter(([s]) => /^2\d\d$/.test(s));
      if (!success.length) untyped.push(`${op.operationId}: no 2xx response`);
      for (const [status, r] of success) {
        const content = (r.content ?? {}) as Record<string, { schema?: Json }>;
        if (status === '204') {
          if (Object.keys(content).length) untyped.push(`${op.operationId}: 204 with content`);
          continue;
        }
        if (
          !Object.keys(content).length ||
          Object.values(content).some((c) => !c.schema || !Object.keys(c.schema).length)
        )
          untyped.push(`${op.operationId} ${status}`);
      }
      const expected =
        op.security?.length === 0
          ? ['400', '404', '409', '422', '429']
          : ['400', '401', '403', '404', '409', '422', '429'];
      for (const s of expected) if (!op.responses[s]) problems.push(`${op.operationId} ${s}`);
    }
    expect(untyped).toEqual([]);
    expect(problems).toEqual([]);
    const r422 = doc.components.responses.Problem422 as { content: Record<string, { schema: Json }> };
    expect(Object.keys(r422.content)).toEqual(['application/problem+json']);
    const problem = doc.components.schemas.Problem as { properties: Record<string, Json>; required: string[] };
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code', 'detail']));
    expect(problem.properties.errors).toEqual({ type: 'array', items: { $ref: '#/components/schemas/FieldError' } });
    expect(doc.components.schemas.FieldError).toMatchObject({ required: ['field', 'messages'] });
  });

  it('has no two paths that are equal once parameter names are ignored (OpenAPI 3.1 forbids them)', () => {
    const shape = (p: string) => p.replace(/\{[^}]+\}/g, '{}');
    const clashes = (paths: string[]) => paths.filter((p, i) => paths.findIndex((q) => shape(q) === shape(p)) !== i);
    expect(clashes(Object.keys(doc.paths))).toEqual([]);
    // The check can fail: the pair the document used to have is found.
    expect(clashes(['/v1/holidays/{year}', '/v1/holidays/{date}', '/v1/holidays'])).toEqual(['/v1/holidays/{date}']);
  });

  it('gives every parameter a schema (page and pageSize integers within bounds), path parameters required', () => {
    const bad: string[] = [];
    for (const [path, , op] of operations()) {
      for (const p of op.parameters ?? []) {
        if (!p.schema || !Object.keys(p.schema).length) bad.push(`${op.operationId}: ${p.in} ${p.name} without schema`);
        if (p.in === 'path' && p.required !== true) bad.push(`${op.operationId}: path ${p.name} not required`);
        if (p.name === 'page' && p.in === 'query') expect(p.schema).toMatchObject({ type: 'integer', minimum: 1 });
        if (p.name === 'pageSize' && p.in === 'query')
          expect(p.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
      }
      for (const m of path.matchAll(/\{(\w+)\}/g))
        if (!(op.parameters ?? []).some((p) => p.in === 'path' && p.name === m[1]))
          bad.push(`${op.operationId}: path parameter ${m[1]} undeclared`);
    }
    expect(bad).toEqual([]);
  });

  it('marks public operations as needing no credentials and every other one as bearer or API key', () => {
    for (const h of handlers) {
      const op = operations().find(([, , o]) => o.operationId === h.operationId)![2];
      expect(op.security).toEqual(h.isPublic ? [] : [{ bearer: [] }, { apiKey: [] }]);
    }
    expect(Object.keys((doc.components as unknown as { securitySchemes: Json }).securitySchemes)).toEqual(
      expect.arrayContaining(['bearer', 'apiKey']),
    );
  });

  it('lets null through where the contract accepts it (@IsOptional, @ValidateIf(o => o.x !== null)), so client types say `| null`', () => {
    const summary = doc.components.schemas.ComplaintSummaryV1 as { properties: Record<string, Json> };
    expect(summary.properties.nextStep).toEqual({
      anyOf: [expect.objectContaining({ enum: ['review', 'prelist', 'civil-registration'] }), { type: 'null' }],
    });
    expect(summary.properties.possibleDuplicateOf).toMatchObject({ type: ['string', 'null'] });
    const input = doc.components.schemas.ComplaintInputV1 as { properties: Record<string, Json>; required: string[] };
    expect(input.properties.complainant).toEqual({
      anyOf: [expect.objectContaining({ $ref: '#/components/schemas/PersonInputV1' }), { type: 'null' }],
    });
    expect(input.required).not.toContain('complainant');
  });

  it('declares the raw-file uploads with their media types and the X-File-Name header', () => {
    const upload = doc.paths['/v1/registry/imports']!.post!;
    expect(Object.keys(upload.requestBody!.content!)).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(upload.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:dataPeriod', 'query:profile', 'header:X-File-Name']),
    );
    expect(Object.keys(doc.paths['/v1/complaints/{id}/attachments']!.post!.requestBody!.content!)).toEqual([
      'image/jpeg',
      'image/png',
      'image/webp',
      'application/pdf',
    ]);
    expect(doc.paths['/v1/complaints/{id}/receipt']!.get!.responses['200']).toMatchObject({
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    });
  });
});
