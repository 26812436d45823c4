import 'reflect-metadata';
import { eventFixtures, rpcFixtures } from './catalogue-fixtures.js';
import { LookupPersonRequestV1 } from './rpc/registry/lookup-person.v1.js';
import { validatePayload } from './validate.js';

/** Every catalogue class with its valid fixture. */
const cases = [...eventFixtures(), ...rpcFixtures()];

/**
 * Objects whose inside a class does not check, on purpose: a field-app item's complaint is
 * validated by intake item by item (so that one bad item is answered beside the others), and a
 * routing rule's history keeps each version as it was saved.
 */
const FREE_FORM = [/^items\.\d+\.complaint\./, /(^|\.)history\.\d+\.(before|after)\./];

/** Paths to every plain object below the root (not arrays, not the root). */
function objectPaths(v: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (v === null || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) out.push(p);
    objectPaths(x, p, out);
  }
  return out;
}

function replaced(v: unknown, path: Array<string | number>, by: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = by;
  return copy;
}

describe('nested objects of the contracts', () => {
  it('refuses an array, a number or a text where any fixture has an object (a nested class is an object, not "nothing to check")', () => {
    const accepted: string[] = [];
    let checked = 0;
    for (const [name, cls, data] of cases) {
      expect([name, validatePayload(cls, data).ok]).toEqual([name, true]);
      for (const path of objectPaths(data)) {
        if (FREE_FORM.some((re) => re.test(path.join('.')))) continue;
        for (const by of [[], 7, 'x']) {
          checked++;
          if (validatePayload(cls, replaced(data, path, by)).ok)
            accepted.push(`${name}: ${path.join('.')} = ${JSON.stringify(by)}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });

  it('refuses a lookup without its purpose, with the field named in Bahasa Indonesia', () => {
    const lookup = { by: 'nik', nik: '6271010101800003' };
    expect(validatePayload(LookupPersonRequestV1, lookup)).toEqual({
      ok: false,
      fieldErrors: [{ field: 'purpose', messages: ['wajib diisi'] }],
    });
    expect(validatePayload(LookupPersonRequestV1, { ...lookup, purpose: [] })).toEqual({
      ok: false,
      fieldErrors: [{ field: 'purpose', messages: ['harus berupa objek'] }],
    });
  });
});
