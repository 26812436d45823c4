import { getMetadataStorage } from 'class-validator';

/** The parts of class-validator's (global) metadata storage this cache wraps. */
interface Storage {
  getTargetValidationMetadatas(
    target: object,
    schema: string | undefined,
    always: boolean,
    strictGroups: boolean,
    groups?: string[],
  ): unknown[];
  groupByPropertyName(metadatas: unknown[]): Record<string, unknown[]>;
  addValidationMetadata(metadata: unknown): void;
}

const INSTALLED = Symbol.for('slrt.classValidatorMetadataCache');

/**
 * Memoises class-validator's metadata lookups, which it repeats for every object it validates:
 * `getTargetValidationMetadatas` walks **every** decorated class of the process (hundreds) with an
 * `instanceof` test each to find inherited rules, and `groupByPropertyName` regroups the result.
 * Both depend only on the class and the options, so their results are kept per class — per schema
 * name, for the options every caller here uses (no groups, `always` and `strictGroups` off); any other
 * call goes to class-validator as before. Any new rule (a class decorated later, e.g. a module
 * loaded on first use) empties the cache, so the results are always those class-validator would
 * compute. Validation runs exactly the same rules with the same messages; only the lookups are
 * done once. Installed once per process, on the global storage every copy of class-validator shares.
 */
export function installValidationMetadataCache(): void {
  const storage = getMetadataStorage() as unknown as Storage & { [INSTALLED]?: true };
  if (storage[INSTALLED]) return;
  storage[INSTALLED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  // Per class, per schema name (class-validator passes the parent class's name when it validates a nested object).
  let byTarget = new Map<object, Map<string | undefined, unknown[]>>();
  let grouped = new WeakMap<unknown[], Record<string, unknown[]>>();

  storage.addValidationMetadata = (metadata) => {
    byTarget = new Map();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (always || strictGroups || (groups && groups.length > 0))
      return lookup(target, schema, always, strictGroups, groups);
    let bySchema = byTarget.get(target);
    if (!bySchema) byTarget.set(target, (bySchema = new Map()));
    let metadatas = bySchema.get(schema);
    if (!metadatas) {
      metadatas = Object.freeze(lookup(target, schema, always, strictGroups, groups)) as unknown[];
      bySchema.set(schema, metadatas);
    }
    return metadatas;
  };
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (!byProperty) {
      byProperty = Object.freeze(group(metadatas));
      // Only the cached lists are looked up again; a list made by a call outside the cache is not kept.
      if (Object.isFrozen(metadatas)) grouped.set(metadatas, byProperty);
    }
    return byProperty;
  };
}
