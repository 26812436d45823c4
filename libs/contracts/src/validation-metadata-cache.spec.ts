import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, ValidateNested, getMetadataStorage } from 'class-validator';
import { validatePayload } from './validate.js';
import { RPCS } from './catalog.js';
import type { PayloadClass } from './catalog.js';

class Base {
  @IsString()
  @MaxLength(5)
  code!: string;
}
class Child extends Base {
  @IsInt()
  n!: number;
}
class Holder {
  @ValidateNested({ each: true })
  @Type(() => Child)
  items!: Child[];
}

/** What class-validator itself computes, without the cache (the wrapped originals kept on the prototype). */
function uncached(target: object): unknown[] {
  const storage = getMetadataStorage();
  return Object.getPrototypeOf(storage).getTargetValidationMetadatas.call(storage, target, undefined, false, false);
}

describe('validation metadata cache', () => {
  it('is installed and gives the same rules as class-validator, inherited ones included', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, undefined as never, false, false);
    expect(storage.getTargetValidationMetadatas(Child, undefined as never, false, false)).toBe(first);
    expect(first).toEqual(uncached(Child));
    expect(new Set(first.map((m) => m.propertyName))).toEqual(new Set(['code', 'n']));
  });

  it('gives the same field errors, nested and inherited, on repeated validations', () => {
    const bad = {
      items: [
        { code: 'toolong', n: 'x' },
        { code: 'ok', n: 1, extra: true },
      ],
    };
    const once = validatePayload(Holder, bad);
    const again = validatePayload(Holder, bad);
    expect(again).toEqual(once);
    expect(once).toEqual({
      ok: false,
      fieldErrors: expect.arrayContaining([
        { field: 'items.0.code', messages: ['paling banyak 5 karakter'] },
        { field: 'items.0.n', messages: ['harus berupa angka bulat'] },
        { field: 'items.1.extra', messages: ['kolom tidak dikenal'] },
      ]),
    });
    expect(validatePayload(Holder, { items: [{ code: 'ok', n: 2 }] }).ok).toBe(true);
  });

  it('sees rules declared after a class was first validated (a module loaded later)', () => {
    class Late {
      @IsOptional()
      @IsString()
      a?: string;
    }
    expect(validatePayload(Late, { a: 'x' }).ok).toBe(true);
    expect(validatePayload(Late, { b: 1 }).ok).toBe(false);
    // A rule added to the class afterwards, as a decorator evaluated later would.
    IsIn(['x'])(Late.prototype, 'a');
    expect(validatePayload(Late, { a: 'y' })).toEqual({
      ok: false,
      fieldErrors: [{ field: 'a', messages: ['harus salah satu dari: x'] }],
    });
  });

  it('validates every catalogued request fixture-free shape the same way twice (no state kept between calls)', () => {
    const cls = RPCS['slrt.rpc.registry.lookup-person.v1'].request as PayloadClass;
    const input = { by: 'nik', nik: '123', purpose: { kind: 'nope' }, extra: 1 };
    expect(validatePayload(cls, input)).toEqual(validatePayload(cls, input));
  });
});
