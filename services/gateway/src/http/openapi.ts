/* eslint-disable max-lines -- builds the published OpenAPI document from the routes and the contracts; its passes feed each other */
import 'reflect-metadata';
import { Global, Module, RequestMethod, applyDecorators, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
// class-transformer keeps its decorator metadata in a module without a type declaration; it is
// the CommonJS instance because 'class-transformer' resolves to its CommonJS build in Node.
// @ts-expect-error -- no declaration file for this deep import
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage } from 'class-validator';
import { RPCS, SCHEMA_CONVERTERS, type RpcSubject } from '@slrt/contracts';
import { PUBLIC_KEY } from '@slrt/auth';
import { ApiHeader, ApiQuery, loadSwagger, whenSwaggerLoaded } from './api-docs.js';

type Schema = Record<string, unknown>;
type Operation = Record<string, unknown> & {
  operationId?: string;
  parameters?: Schema[];
  requestBody?: Schema;
  responses?: Record<string, Schema>;
  security?: unknown;
};

const OPENAPI_METADATA = 'slrt:openapi';
/** Route-argument type of `@Body()` in Nest's ROUTE_ARGS_METADATA keys (`RouteParamtypes.BODY`). */
const BODY_ARG = 3;
const BINARY = (type: string): Schema => ({ type: 'string', format: 'binary', contentMediaType: type });

/** How one route's request body and success response are described (beyond what Nest sees). */
export interface OperationSpec {
  /** JSON body: a contract class, minus the fields the gateway fills itself (path, headers), with fields it defaults made optional. */
  body?: { cls: new () => object; omit?: string[]; optional?: string[] } | { binary: string[]; description: string };
  /** Success response: a contract class, or a file in one of these media types. */
  response?: { cls: new () => object } | { binary: string[] } | { schema: Schema };
}

function describe(spec: OperationSpec): MethodDecorator {
  return (target, key) => {
    const fn = (target as Record<string | symbol, unknown>)[key] as object;
    Reflect.defineMetadata(OPENAPI_METADATA, { ...(Reflect.getMetadata(OPENAPI_METADATA, fn) ?? {}), ...spec }, fn);
  };
}

/**
 * The route forwards its request to `subject`: its JSON body (when it takes one) is the subject's
 * request class minus `omit` (fields the gateway fills from the path or headers: a client sends
 * them only there, and a body that carries them anyway is refused), and it answers the subject's
 * response class.
 */
export function ForwardsTo(
  subject: RpcSubject,
  options: { omit?: string[]; optional?: string[]; response?: boolean; body?: new () => object } = {},
): MethodDecorator {
  const rpc = RPCS[subject];
  return describe({
    body: { cls: options.body ?? rpc.request, omit: options.omit ?? [], optional: options.optional ?? [] },
    ...(options.response === false ? {} : { response: { cls: rpc.response } }),
  });
}

/** The success response is this contract class (JSON). */
export function JsonResponse(cls: new () => object): MethodDecorator {
  return (target, key, descriptor) => {
    describe({ response: { cls } })(target, key, descriptor);
    // A gateway DTO described with @ApiProperty: Nest writes its schema. Asked once the recorded
    // @ApiProperty decorators are applied (api-docs.ts: the DTO's module loaded, and recorded them, first).
    whenSwaggerLoaded(({ ApiExtraModels }) => {
      if (Reflect.getMetadata('swagger/apiModelPropertiesArray', cls.prototype))
        ApiExtraModels(cls)(target, key, Object.getOwnPropertyDescriptor(target, key) ?? descriptor);
    });
  };
}
/** The success response is this JSON Schema (a document that is not a contract class). */
export const JsonSchemaResponse = (schema: Schema): MethodDecorator => describe({ response: { schema } });
/** The success response is a file in one of these media types. */
/** The `Idempotency-Key` header a create route requires (a repeat answers the first result). */
export const IdempotencyKeyHeader = (): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '8–120 karakter; pengulangan mengembalikan hasil pertama',
  });

/**
 * Optional query parameters, documented in the order given (stacked `@ApiQuery` decorators apply
 * bottom-up, so they are applied here last to first).
 */
export const OptionalQueries = (...names: string[]): MethodDecorator =>
  applyDecorators(...names.map((name) => ApiQuery({ name, required: false })).reverse());

export const FileResponse = (...types: string[]): MethodDecorator => describe({ response: { binary: types } });
/** The request body is a raw file in one of these media types (no multipart, no JSON). */
export const BinaryBody = (description: string, ...types: string[]): MethodDecorator =>
  describe({ body: { binary: types, description } });

/** Schemas that describe the deployment, not the API (`GatewayEnv`, `BaseServiceEnv`, …): never published. */
const INTERNAL_SCHEMA = /(Env|Config|Configuration|Options|Settings)$/;
/** `ActOnCaseRequestV1` without `caseId` (taken from the path) → `ActOnCaseBodyV1`. */
const bodyName = (name: string) =>
  /Request(V\d+)$/.test(name) ? name.replace(/Request(V\d+)$/, 'Body$1') : `${name}Body`;

/** A route handler of the gateway, found from the application's controllers. */
export interface RouteHandler {
  controller: Type<unknown>;
  method: string;
  handler: object;
  operationId: string | undefined;
  httpMethod: string;
  path: string;
  takesBody: boolean;
  isPublic: boolean;
  spec: OperationSpec;
}

/**
 * Every route handler of the application's controllers, with what the document needs to know of
 * it. Reads the `@nestjs/swagger` decorators' metadata: call it after {@link loadSwagger}.
 */
export function routeHandlers(app: INestApplication): RouteHandler[] {
  const out: RouteHandler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown>;
      if (!controller?.prototype) continue;
      // Pages for people (the citizen's status page), not API operations: @ApiExcludeController().
      if ((Reflect.getMetadata('swagger/apiExcludeController', controller) as unknown[] | undefined)?.[0] === true)
        continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[method] as object;
        if (
          method === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        // Deprecated aliases kept for old clients, not published: @ApiExcludeEndpoint().
        if (
          (Reflect.getMetadata('swagger/apiExcludeEndpoint', handler) as { disable?: boolean } | undefined)?.disable ===
          true
        )
          continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, unknown>;
        out.push({
          controller,
          method,
          handler,
          operationId: (Reflect.getMetadata('swagger/apiOperation', handler) as { operationId?: string } | undefined)
            ?.operationId,
          httpMethod: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]!.toLowerCase(),
          path: `/${[base, String(Reflect.getMetadata(PATH_METADATA, handler) ?? '')].filter((p) => p && p !== '/').join('/')}`
            .replace(/\/+/g, '/')
            .replace(/:(\w+)/g, '{$1}'),
          takesBody: Object.keys(args).some((k) => k.split(':')[0] === String(BODY_ARG)),
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)),
          spec: (Reflect.getMetadata(OPENAPI_METADATA, handler) ?? {}) as OperationSpec,
        });
      }
    }
  }
  return out;
}

const PROBLEM_STATUSES: Record<string, string> = {
  '400': 'Permintaan tidak dapat dibaca (JSON rusak, karakter kendali, header wajib tidak ada)',
  '401': 'Perlu masuk: token tidak ada, kedaluwarsa atau dicabut',
  '403': 'Peran atau wilayah kerja tidak berwenang',
  '404': 'Tidak ditemukan (atau di luar wilayah kerja)',
  '409': 'Konflik: versi sudah berubah, atau tindakan tidak berlaku pada status ini (lihat `allowed`)',
  '422': 'Data tidak valid: `errors[]` menyebut setiap kolom dan masalahnya',
  '429': 'Terlalu banyak permintaan (lihat header Retry-After)',
  '503':
    'Layanan, NATS atau basis data sedang tidak tersedia; coba lagi setelah Retry-After dengan Idempotency-Key yang sama',
  '504': 'Layanan di belakang gateway tidak menjawab',
};

/** RFC 9457 problem document the gateway answers every error with. */
const PROBLEM_SCHEMAS: Record<string, Schema> = {
  FieldError: {
    type: 'object',
    description:
      'Masalah satu kolom: jalur kolom (mis. `complainant.phone`, `members.0.nik`) dan pesan dalam Bahasa Indonesia.',
    properties: {
      field: { type: 'string', examples: ['complainant.phone'] },
      messages: { type: 'array', items: { type: 'string' }, examples: [['wajib diisi']] },
    },
    required: ['field', 'messages'],
  },
  Problem: {
    type: 'object',
    description: 'application/problem+json (RFC 9457): `code` is stable, `detail` is in Bahasa Indonesia.',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      code: { type: 'string', examples: ['VALIDATION_FAILED'] },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'Route pattern, never the URL sent' },
      requestId: { type: 'string' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
      allowed: {
        type: 'array',
        items: { type: 'string' },
        description: 'Actions that are allowed in the current state (409 on an illegal transition)',
      },
    },
    required: ['type', 'title', 'status', 'code', 'detail'],
  },
};

/** Query parameters with a known shape wherever they appear. */
const KNOWN_PARAMETERS: Record<string, Schema> = {
  page: { type: 'integer', minimum: 1, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  reveal: { type: 'boolean', default: false },
  includeInactive: { type: 'boolean', default: false },
};

/**
 * The gateway's OpenAPI 3.1 document: Nest's scan of the controllers, completed from the
 * contracts. Request bodies and success responses come from the same class-validator classes the
 * services validate with (`ForwardsTo`, `JsonResponse`, …); every operation declares its
 * problem+json errors; only schemas an operation reaches are published. Loads `@nestjs/swagger`
 * and class-validator-jsonschema (the gateway starts without them: api-docs.ts).
 */
export async function buildOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  const { DocumentBuilder, SwaggerModule } = await loadSwagger();
  const jsonSchema = await import('class-validator-jsonschema');
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('SLRT platform API')
    .setDescription(
      'Sistem Layanan Rujukan Terpadu: pengaduan, rujukan, pengelola program. Errors are application/problem+json (RFC 9457) with field errors in Bahasa Indonesia.',
    )
    .setVersion('1.0.0')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  // An operation without an explicit operationId gets a visibly unstable one (the tests refuse it).
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  return completeDocument(document, routeHandlers(app), jsonSchema);
}

function completeDocument(
  document: OpenAPIObject,
  handlers: RouteHandler[],
  { targetConstructorToSchema, validationMetadatasToSchemas }: typeof import('class-validator-jsonschema'),
): OpenAPIObject {
  const contract = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: SCHEMA_CONVERTERS,
  }) as Record<string, Schema>;
  // Contract classes refuse undeclared properties (forbidNonWhitelisted): their schemas are closed.
  const closed = (schema: Schema): Schema =>
    schema.type === 'object' && schema.properties ? { ...schema, additionalProperties: false } : schema;
  const schemas: Record<string, Schema> = {
    ...PROBLEM_SCHEMAS,
    ...Object.fromEntries(
      Object.entries(contract)
        .filter(([n]) => !INTERNAL_SCHEMA.test(n))
        .map(([n, schema]) => [n, closed(schema)]),
    ),
    ...((document.components?.schemas ?? {}) as Record<string, Schema>),
  };
  const schemaOf = (cls: new () => object): string => {
    if (!schemas[cls.name]) {
      schemas[cls.name] = closed(
        targetConstructorToSchema(cls, {
          classTransformerMetadataStorage: defaultMetadataStorage,
          refPointerPrefix: '#/components/schemas/',
          additionalConverters: SCHEMA_CONVERTERS,
        }) as Schema,
      );
      allowNull(schemas, cls);
    }
    return cls.name;
  };
  allowNull(schemas);
  const derived = new Map<string, string>();
  const byRoute = new Map(handlers.map((h) => [`${h.httpMethod} ${h.path}`, h]));
  const responses: Record<string, Schema> = {};
  for (const [status, description] of Object.entries(PROBLEM_STATUSES)) {
    responses[`Problem${status}`] = {
      description,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const h = byRoute.get(`${method} ${path}`);
      op.security = h?.isPublic ? [] : [{ bearer: [] }, { apiKey: [] }];
      op.parameters = (op.parameters ?? []).map((p) => completeParameter(p));
      const body = h?.spec.body;
      if (h?.takesBody && body && 'binary' in body) {
        op.requestBody = {
          required: true,
          description: body.description,
          content: Object.fromEntries(body.binary.map((t) => [t, { schema: BINARY(t) }])),
        };
      } else if (h?.takesBody && body && 'cls' in body) {
        const name = schemaOf(body.cls);
        const omit = body.omit ?? [];
        const optional = body.optional ?? [];
        let ref = name;
        if (omit.length || optional.length) {
          ref = bodyName(name);
          if (derived.has(ref) && derived.get(ref) !== JSON.stringify([omit, optional]))
            throw new Error(
              `${ref}: two routes derive different bodies from ${name}; give one of them its own contract class`,
            );
          derived.set(ref, JSON.stringify([omit, optional]));
          const base = schemas[name]!;
          const props = { ...((base.properties ?? {}) as Record<string, Schema>) };
          for (const f of omit) delete props[f];
          const required = ((base.required ?? []) as string[]).filter(
            (f) => !omit.includes(f) && !optional.includes(f),
          );
          schemas[ref] = { ...base, properties: props, required, additionalProperties: false };
        }
        op.requestBody = {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
        };
      } else if (op.requestBody) {
        op.requestBody = { required: true, ...op.requestBody };
      }
      const success = Object.keys(op.responses ?? {}).filter((s) => /^2/.test(s));
      const res = h?.spec.response;
      for (const status of success) {
        const r = op.responses![status]!;
        if (status === '204') {
          op.responses![status] = { description: 'Berhasil, tanpa isi' };
          continue;
        }
        if (res && 'binary' in res)
          op.responses![status] = {
            description: 'Berkas',
            content: Object.fromEntries(res.binary.map((t) => [t, { schema: BINARY(t) }])),
          };
        else if (res && 'schema' in res)
          op.responses![status] = { description: 'Berhasil', content: { 'application/json': { schema: res.schema } } };
        else if (res && 'cls' in res)
          op.responses![status] = {
            description: 'Berhasil',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaOf(res.cls)}` } } },
          };
        else if (!r.description) r.description = 'Berhasil';
      }
      for (const status of Object.keys(PROBLEM_STATUSES)) {
        if (h?.isPublic && (status === '401' || status === '403')) continue;
        op.responses![status] ??= { $ref: `#/components/responses/Problem${status}` };
      }
    }
  }
  document.openapi = '3.1.0';
  // The problem responses and schemas are built as plain JSON objects; @nestjs/swagger's types for them are narrower unions.
  document.components = { ...document.components, schemas: {}, responses: responses as never };
  normalise(schemas);
  // Plain JSON schemas again (see above).
  document.components!.schemas = reachable(document, schemas) as never;
  return document;
}

/**
 * Properties that accept null get it in their schema, which class-validator-jsonschema leaves out:
 * `@IsOptional()` (undefined or null) and `@ValidateIf((o) => o.x !== null)` (the condition is
 * asked about a null value). Without it a client's types would say `string` where `null` arrives.
 */
function allowNull(schemas: Record<string, Schema>, only?: new () => object): void {
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas(
      target: object,
      schema: string,
      always: boolean,
      strictGroups: boolean,
    ): Array<{ type: string; propertyName: string; constraints?: unknown[] }>;
  };
  const classes = only
    ? [only]
    : [
        ...new Set(
          (
            getMetadataStorage() as unknown as { validationMetadatas: Map<new () => object, unknown[]> }
          ).validationMetadatas.keys(),
        ),
      ];
  for (const cls of classes) {
    const properties = (schemas[cls.name]?.properties ?? undefined) as Record<string, Schema> | undefined;
    if (!properties || typeof cls !== 'function') continue;
    for (const m of storage.getTargetValidationMetadatas(cls, '', true, false)) {
      const p = properties[m.propertyName];
      if (!p || m.type !== 'conditionalValidation') continue;
      const condition = m.constraints?.[0];
      let nullable = false;
      try {
        nullable = typeof condition === 'function' && condition({ [m.propertyName]: null }, null) === false;
      } catch {
        nullable = false;
      }
      if (nullable) properties[m.propertyName] = orNull(p);
    }
  }
}

function orNull(p: Schema): Schema {
  if (typeof p.type === 'string' && !p.enum && !p.$ref) return { ...p, type: [p.type, 'null'] };
  if (Array.isArray(p.type) || (Array.isArray(p.anyOf) && (p.anyOf as Schema[]).some((x) => x.type === 'null')))
    return p;
  const { description, ...rest } = p;
  return { ...(description ? { description } : {}), anyOf: [rest, { type: 'null' }] };
}

/** Every parameter has a schema; page, pageSize and flags have their real type. */
function completeParameter(p: Schema): Schema {
  const name = String(p.name);
  const known = p.in === 'query' ? KNOWN_PARAMETERS[name] : undefined;
  const schema = (p.schema ?? {}) as Schema;
  const out: Schema = { ...p, schema: known ?? (Object.keys(schema).length ? schema : { type: 'string' }) };
  if (p.in === 'path') out.required = true;
  return out;
}

/**
 * class-validator-jsonschema writes `$ref: Object`/`Array` for a nested value whose class it cannot
 * see, and Nest writes OpenAPI 3.0's `nullable`; both become plain JSON Schema 2020-12 here.
 */
function normalise(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(normalise);
  if (!value || typeof value !== 'object') return;
  const o = value as Schema;
  if (o.$ref === '#/components/schemas/Object') {
    delete o.$ref;
    o.type = 'object';
  } else if (o.$ref === '#/components/schemas/Array') {
    delete o.$ref;
  }
  if (o.nullable === true) {
    delete o.nullable;
    if (typeof o.type === 'string') o.type = [o.type, 'null'];
  }
  for (const v of Object.values(o)) normalise(v);
}

/** The schemas reachable from the paths and shared responses (what a client needs, nothing else). */
function reachable(document: OpenAPIObject, schemas: Record<string, Schema>): Record<string, Schema> {
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    const text = JSON.stringify(v) ?? '';
    for (const m of text.matchAll(/#\/components\/schemas\/([A-Za-z0-9_.-]+)/g)) {
      if (used.has(m[1]!)) continue;
      used.add(m[1]!);
      visit(schemas[m[1]!]);
    }
  };
  visit(document.paths);
  visit(document.components?.responses);
  return Object.fromEntries(
    [...used]
      .sort()
      .filter((n) => schemas[n])
      .map((n) => [n, schemas[n]!]),
  );
}

/**
 * The document without a running gateway: the controllers of `modules` in a Nest preview
 * application (nothing instantiated: no database, no NATS), their dependencies as placeholders.
 * Used by `npm run api-client` and the tests; the live `/openapi.json` is built the same way.
 */
export async function offlineOpenApiDocument(controllers: Array<Type<unknown>>): Promise<OpenAPIObject> {
  return (await offlineOpenApi(controllers)).document;
}

/** {@link offlineOpenApiDocument}, with the route handlers it was built from (for the tests' generic checks). */
export async function offlineOpenApi(
  controllers: Array<Type<unknown>>,
): Promise<{ document: OpenAPIObject; handlers: RouteHandler[] }> {
  const deps = new Set<Type<unknown>>(
    controllers.flatMap((c) => (Reflect.getMetadata('design:paramtypes', c) ?? []) as Array<Type<unknown>>),
  );
  @Global()
  @Module({ controllers, providers: [...deps].map((d) => ({ provide: d, useValue: {} })) })
  class OpenApiPreviewModule {}
  const app = await NestFactory.create(OpenApiPreviewModule, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return { document: await buildOpenApiDocument(app), handlers: routeHandlers(app) };
  } finally {
    await app.close();
  }
}
