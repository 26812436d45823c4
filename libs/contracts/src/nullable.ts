import { ValidateIf } from 'class-validator';

const NULLABLE = new WeakMap<object, Map<string, boolean>>();

/**
 * A property that is always present and may be `null` (the value, when not null, is validated by
 * the property's other decorators). `{ optional: true }`: already allowed to be absent or null by
 * `@IsOptional()`; only recorded. The AsyncAPI generator reads this to publish `null` as allowed.
 */
export function Nullable({ optional = false }: { optional?: boolean } = {}): PropertyDecorator {
  return (target, key) => {
    if (!optional) ValidateIf((o: Record<string | symbol, unknown>) => o[key] !== null)(target, key);
    const props = NULLABLE.get(target.constructor) ?? new Map<string, boolean>();
    props.set(String(key), optional);
    NULLABLE.set(target.constructor, props);
  };
}

/** Properties of `cls` declared `@Nullable()` (its own and its ancestors'), and whether each may also be absent. */
export function nullableProperties(
  cls: abstract new (...args: never[]) => unknown,
): Array<{ name: string; optional: boolean }> {
  const out = new Map<string, boolean>();
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const [name, optional] of NULLABLE.get(c as object) ?? []) if (!out.has(name)) out.set(name, optional);
  }
  return [...out].map(([name, optional]) => ({ name, optional }));
}
