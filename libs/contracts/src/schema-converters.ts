/**
 * Converters shared by the published schemas (the gateway's OpenAPI, the owner channel's
 * AsyncAPI), for class-validator-jsonschema's `additionalConverters`.
 *
 * `@IsObject()` beside `@ValidateNested() @Type(() => X)`: the validator needs both (a nested
 * class alone lets an array or a missing value through), but the schema already says "object" by
 * its `$ref` to X, so `type: object` is not repeated beside the reference.
 */
export const SCHEMA_CONVERTERS = {
  isObject: (
    meta: { target: unknown; propertyName: string },
    options: { classTransformerMetadataStorage?: { findTypeMetadata(target: unknown, property: string): unknown } },
  ): Record<string, unknown> =>
    options.classTransformerMetadataStorage?.findTypeMetadata(meta.target, meta.propertyName) ? {} : { type: 'object' },
};
