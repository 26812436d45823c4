import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENTS, type PayloadClass } from './catalog.js';
import { eventFixtures, rpcFixtures } from './catalogue-fixtures.js';
import { EnvelopeMeta } from './envelope/envelope.js';
import { plainToPayload } from './plain-to-payload.js';

/** Every payload class with its fixture: events, RPC requests and responses, and the envelope itself. */
const cases: Array<[string, PayloadClass, unknown]> = [];
for (const [subject, cls, data] of eventFixtures()) {
  cases.push([subject, cls, data]);
  // The envelope as a service receives it (its `data` is the payload's, copied as a plain object).
  cases.push([
    `${subject} (envelope)`,
    EnvelopeMeta as PayloadClass,
    {
      id: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f7',
      subject,
      occurredAt: '2026-11-20T02:15:00.000Z',
      producer: 'intake',
      kabKotaCode: '62.71',
      correlationId: 'c-1',
      causationId: null,
      actor: { kind: 'user', id: 'fo-1', roles: ['FO'], regionScope: ['62.71'] },
      data,
    },
  ]);
}
cases.push(...rpcFixtures());

/** Same tree: same prototypes, same own keys in the same order (undefined-valued ones too), same values. */
function same(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k]));
}

/** Paths to every value of `v` (object keys and array indexes), at most `limit`. */
function paths(v: unknown, limit = 30, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (out.length >= limit || v === null || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    paths(x, limit, p, out);
  }
  return out;
}

/** Both give the same tree, or both throw (`validatePayload` answers a throw as an unreadable payload). */
function sameOutcome(cls: PayloadClass, v: unknown): boolean {
  const run = (f: () => unknown) => {
    try {
      return { value: f() };
    } catch (err) {
      return { thrown: String(err) };
    }
  };
  const ours = run(() => plainToPayload(cls, clone(v) as object));
  const theirs = run(() => plainToInstance(cls, clone(v) as object));
  return 'thrown' in theirs ? ours.thrown === theirs.thrown : 'value' in ours && same(ours.value, theirs.value);
}

function canTransform(cls: PayloadClass, v: unknown): boolean {
  try {
    plainToInstance(cls, clone(v) as object);
    return true;
  } catch {
    return false;
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
function setAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = clone(root) as Record<string | number, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
  return copy;
}

/** What a caller may send instead of any value (parsed JSON only: what `validatePayload` is given). */
const REPLACEMENTS: unknown[] = [
  null,
  'x',
  7,
  true,
  [],
  {},
  [{}],
  ['x', 1],
  [[{ a: 1 }]],
  { a: { b: 1 } },
  { toString: 'x', valueOf: 1, hasOwnProperty: {}, extra: [1] },
  { constructor: 'c', a: 1 },
  [{ constructor: { a: 1 } }],
];

describe('plainToPayload', () => {
  it('covers the catalogue', () => {
    expect(cases.length).toBeGreaterThan(250);
  });

  it.each(cases)('%s: the same instance as class-transformer, for the fixture and altered copies', (_, cls, data) => {
    const variants: unknown[] = [data];
    for (const p of paths(data)) for (const r of REPLACEMENTS) variants.push(setAt(data, p, clone(r)));
    // Keys no class declares, at the top: dropped (`__proto__` as JSON.parse makes it: an own key), kept, or skipped as a method's name.
    variants.push(
      { ...clone(data as object), extra: 1, toString: 'x', constructor: 'y' },
      JSON.parse(`{"__proto__": {"polluted": 1}, "a": 1}`),
    );
    for (const v of variants) expect(sameOutcome(cls, v)).toBe(true);
    // And so the same verdict and messages from class-validator, for a few of them.
    for (const v of variants.slice(0, 12)) {
      if (!canTransform(cls, v)) continue; // both throw: compared above
      const o = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
      const errs = (x: object) =>
        JSON.stringify(validateSync(x, o).map((e) => [e.property, e.constraints, e.children?.length]));
      expect(errs(plainToPayload(cls, clone(v) as object))).toBe(errs(plainToInstance(cls, clone(v) as object)));
    }
  });

  it('leaves values that are not parsed JSON to class-transformer', () => {
    const cls = EVENTS['slrt.evt.intake.complaint.registered.v1'] as PayloadClass;
    const data = { ...(cases.find(([s]) => s === 'slrt.evt.intake.complaint.registered.v1')![2] as object) };
    for (const odd of [new Date(0), new Map([['a', 1]]), () => 1, Object.create(null) as object]) {
      const v = { ...data, receiptNumber: odd };
      expect(same(plainToPayload(cls, v), plainToInstance(cls, v))).toBe(true);
    }
  });
});
