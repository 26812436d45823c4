import type * as Swagger from '@nestjs/swagger';

/**
 * `@nestjs/swagger`'s decorators, applied when the OpenAPI document is first built instead of when
 * the controllers load. `@nestjs/swagger` (with es-toolkit, ~530 modules, ~8 MB of the gateway's
 * resident memory: bench/README.md, startup.ts, fourth pass) is needed only to write the document
 * (`/openapi.json`, `/docs`, `npm run api-client`), never to answer a request: importing the
 * decorators from here lets the gateway start without it. Each decorator records its arguments
 * and where it was applied; {@link loadSwagger} imports `@nestjs/swagger` and applies the real
 * decorators in the order they were recorded (the order in which TypeScript applied these), so
 * the metadata is what the real decorators would have written at load time.
 */
type Deferred = (swagger: typeof Swagger) => void;
const deferred: Deferred[] = [];
let loaded: Promise<typeof Swagger> | undefined;

/** Records `apply` to run once `@nestjs/swagger` is loaded (at once if it already is). */
export function whenSwaggerLoaded(apply: Deferred): void {
  deferred.push(apply);
  if (loaded) void loaded.then(applyDeferred);
}

function applyDeferred(swagger: typeof Swagger): typeof Swagger {
  for (const apply of deferred.splice(0)) apply(swagger);
  return swagger;
}

/** `@nestjs/swagger`, with every decorator recorded so far applied (imported once). */
export function loadSwagger(): Promise<typeof Swagger> {
  loaded ??= import('@nestjs/swagger').then(applyDeferred);
  return loaded.then(applyDeferred);
}

/** A decorator on a class (`key` undefined) or a method: the real one, applied to what is there when the document is built. */
type AnyDecorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => unknown;
function later<A extends unknown[]>(real: (swagger: typeof Swagger) => (...args: A) => unknown) {
  return (...args: A) =>
    (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
      whenSwaggerLoaded((swagger) => {
        // The method's current descriptor (a decorator applied after this one may have replaced it).
        const current = key === undefined || !descriptor ? descriptor : Object.getOwnPropertyDescriptor(target, key);
        (real(swagger)(...args) as AnyDecorator)(target, key, current);
      });
    };
}

export const ApiTags = later((s) => s.ApiTags) as typeof Swagger.ApiTags;
export const ApiOperation = later((s) => s.ApiOperation) as typeof Swagger.ApiOperation;
export const ApiQuery = later((s) => s.ApiQuery) as typeof Swagger.ApiQuery;
export const ApiProduces = later((s) => s.ApiProduces) as typeof Swagger.ApiProduces;
export const ApiParam = later((s) => s.ApiParam) as typeof Swagger.ApiParam;
export const ApiHeader = later((s) => s.ApiHeader) as typeof Swagger.ApiHeader;
export const ApiConsumes = later((s) => s.ApiConsumes) as typeof Swagger.ApiConsumes;
export const ApiResponse = later((s) => s.ApiResponse) as typeof Swagger.ApiResponse;
export const ApiExtraModels = later((s) => s.ApiExtraModels) as typeof Swagger.ApiExtraModels;
export const ApiExcludeEndpoint = later((s) => s.ApiExcludeEndpoint) as typeof Swagger.ApiExcludeEndpoint;
export const ApiExcludeController = later((s) => s.ApiExcludeController) as typeof Swagger.ApiExcludeController;
export const ApiBearerAuth = later((s) => s.ApiBearerAuth) as typeof Swagger.ApiBearerAuth;
export const ApiProperty = later((s) => s.ApiProperty) as typeof Swagger.ApiProperty;
export const ApiPropertyOptional = later((s) => s.ApiPropertyOptional) as typeof Swagger.ApiPropertyOptional;
