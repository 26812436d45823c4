import { createRequire } from 'node:module';
import { plainToInstance } from 'class-transformer';

/** What this module reads of class-transformer's metadata storage. */
interface TypeMetadata {
  typeFunction?: (options: unknown) => unknown;
  reflectedType?: unknown;
  options?: { discriminator?: unknown };
}
interface Storage {
  _typeMetadatas: Map<unknown, Map<string, TypeMetadata>>;
  _transformMetadatas: Map<unknown, Map<string, unknown[]>>;
  _exposeMetadatas: Map<unknown, Map<string | undefined, unknown>>;
  _excludeMetadatas: Map<unknown, Map<string | undefined, unknown>>;
}
// class-transformer's own metadata (what `@Type` and friends record; the instance its `plainToInstance` reads), not
// part of its typed API.
const storage = (
  createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: Storage }
).defaultMetadataStorage;

/** A value this path does not handle exactly as class-transformer would: it defers to class-transformer. */
const DEFER = Symbol('defer to class-transformer');

/** Per payload class: its `@Type` metadata by property (own, then inherited: class-transformer's lookup). */
const compiled = new WeakMap<object, Map<string, TypeMetadata> | typeof DEFER>();

/** A class (or what a `@Type` function returned). */
type Ctor = abstract new (...args: never[]) => unknown;

/** Types class-transformer converts to, rather than instantiating and filling: left to it. */
const SPECIAL_TYPES: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Buffer, Map, Set, Promise, Array]);

function typesOf(cls: Ctor): Map<string, TypeMetadata> | typeof DEFER {
  let types = compiled.get(cls);
  if (types) return types;
  types = new Map<string, TypeMetadata>();
  // The class and its ancestors, nearest first (class-transformer's `getAncestors` walk).
  for (
    let c: Ctor | null = cls;
    c && (c as unknown) !== Object && (c as unknown) !== Function.prototype;
    c = Object.getPrototypeOf(c) as Ctor | null
  ) {
    // `@Transform`, `@Expose`, `@Exclude` change keys or values: only class-transformer applies them.
    if (storage._transformMetadatas.has(c) || storage._exposeMetadatas.has(c) || storage._excludeMetadatas.has(c)) {
      types = DEFER;
      break;
    }
    for (const [property, metadata] of storage._typeMetadatas.get(c) ?? []) {
      if (metadata.options?.discriminator) {
        types = DEFER;
        break;
      }
      if (!types.has(property)) types.set(property, metadata);
    }
    if (types === DEFER) break;
  }
  compiled.set(cls, types);
  return types;
}

/**
 * `plainToInstance(cls, plain)` of class-transformer (default options), for the payload classes of
 * this catalogue and parsed JSON, without class-transformer's metadata lookups per property and per
 * object (which made it about half of `validatePayload`'s time): each class's `@Type` metadata is
 * read once. The result is the same tree of the same classes and plain objects, with the same keys
 * and values, as class-transformer builds (`plain-to-payload.spec.ts` compares them): nested
 * objects get the `@Type` class of their property (else a plain copy), arrays keep their elements'
 * order and type, a key `__proto__` or `constructor` is dropped, and so is one naming a method or
 * read-only accessor of the target (e.g. `toString`). Anything else — a class with `@Transform`,
 * `@Expose`, `@Exclude` or a discriminator, a `@Type` of a built-in (`Date`, `Number`, …), a value
 * that is not plain JSON (a `Date`, a `Map`, a function, an object of another prototype) — is
 * handed to class-transformer itself, whole.
 */
export function plainToPayload<T extends object>(cls: new () => T, plain: object): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return plainToInstance(cls, plain) as T;
  try {
    return transformObject(plain, cls) as T;
  } catch (err) {
    if (err !== DEFER) throw err;
    return plainToInstance(cls, plain);
  }
}

function transform(value: unknown, type: Ctor | undefined, arrayType: unknown): unknown {
  // class-transformer converts to these (`String(value)`, `new Date(value)`, …) instead of copying.
  if (type !== undefined && (SPECIAL_TYPES.has(type) || typeof type !== 'function')) throw DEFER;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw DEFER;
    return value;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw DEFER;
    // class-transformer: `instantiateArrayType(arrayType)` — a new arrayType, unless it is no list: then [].
    if (arrayType !== undefined && arrayType !== Array) {
      const made = new (arrayType as new () => unknown)();
      if (made instanceof Set || (typeof made === 'object' && made !== null && 'push' in made)) throw DEFER;
    }
    const out: unknown[] = [];
    // forEach, as class-transformer: holes are skipped.
    value.forEach((element) => out.push(transform(element, type, undefined)));
    return out;
  }
  return transformObject(value, type);
}

function transformObject(value: object, type: Ctor | undefined): object {
  if (Object.getPrototypeOf(value) !== Object.prototype) throw DEFER;
  // A `then` function would make class-transformer return the value itself (a promise-like); JSON has none.
  if (typeof (value as { then?: unknown }).then === 'function') throw DEFER;
  // An own `constructor` key: class-transformer takes it for the class of an untyped object (and throws).
  if (Object.hasOwn(value, 'constructor')) throw DEFER;
  if (type !== undefined && (SPECIAL_TYPES.has(type) || typeof type !== 'function')) throw DEFER;
  const types = type ? typesOf(type) : undefined;
  if (types === DEFER) throw DEFER;
  const out = (type ? new (type as new () => object)() : {}) as Record<string, unknown>;
  const proto = Object.getPrototypeOf(out) as object;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const subValue = source[key];
    let subType: Ctor | undefined;
    let arrayType: unknown;
    const metadata = types?.get(key);
    if (metadata) {
      subType = (
        metadata.typeFunction
          ? metadata.typeFunction({ newObject: out, object: value, property: key })
          : metadata.reflectedType
      ) as Ctor | undefined;
      if (metadata.reflectedType === Map) throw DEFER;
      if (Array.isArray(subValue)) arrayType = metadata.reflectedType;
    }
    // Methods and read-only accessors of the target are never overwritten (class-transformer's rule).
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if ((descriptor && !descriptor.set) || out[key] instanceof Function) continue;
    const next = transform(subValue, subType, arrayType);
    // `exposeUnsetFields` (default on): an undefined value is set too.
    out[key] = next;
  }
  return out;
}
