import { ValidateIf } from 'class-validator';

const NULLABLE = new WeakMap<object, Set<string>>();

/**
 * A property that is always present and may be `null` (the value, when not null, is validated by
 * the property's other decorators). `{ optional: true }`: already allowed to be absent or null by
 * `@IsOptional()`; only recorded. The AsyncAPI generator reads this to publish `null` as allowed.
 */
export function Nullable({ optional = false }: { optional?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    if (!optional) ValidateIf((o: Record<string | symbol, unknown>) => o[key] !== null)(target, key);
    const set = NULLABLE.get(target.constructor) ?? new Set<string>();
    set.add(String(key));
    NULLABLE.set(target.constructor, set);
  };
}

/** Properties of `cls` declared `@Nullable()` (its own and its ancestors'). */
export function nullableProperties(cls: abstract new (...args: never[]) => unknown): string[] {
  const out = new Set<string>();
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const p of NULLABLE.get(c as object) ?? []) out.add(p);
  }
  return [...out];
}
