import { readFileSync } from 'node:fs';
import {
  ArrayMaxSize,
  getMetadataStorage,
  IsHexColor,
  IsIn,
  IsInt,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { EVENTS, RPCS, type PayloadClass } from './catalog.js';
import { CONSTRAINT_MESSAGES, untranslatedConstraints } from './messages.js';
import { validatePayload } from './validate.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/rpc/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const register = () =>
  structuredClone(fixture('slrt.rpc.intake.register-complaint.v1.request')) as Record<string, Record<string, unknown>>;
const RegisterRequest = RPCS['slrt.rpc.intake.register-complaint.v1'].request;
const ActOnCase = RPCS['slrt.rpc.referral.act-on-case.v1'].request;
const act = { caseId: '0192d3c4-5b6a-7c8d-9e0f-123456789abc', action: 'forward', expectedVersion: 1 };
const ENGLISH = /\b(must|should|property|each value|nested)\b/i;

class ProbeItem {
  @IsInt() n!: number;
}
class Probe {
  @IsString() @MaxLength(5) name!: string;
  @IsIn(['a', 'b']) kind!: string;
  @ArrayMaxSize(1) @ValidateNested({ each: true }) @Type(() => ProbeItem) items!: ProbeItem[];
}
// Registered only for the check that untranslated constraints are found.
export class EnglishProbe {
  @IsString({ message: 'name must be text' }) name!: string;
  @IsHexColor() colour!: string;
}

describe('validation messages in Bahasa Indonesia with the field path', () => {
  it('names an absent required field as missing ("wajib diisi"), at any depth, not by its type', () => {
    const v = register();
    delete v.channel;
    delete v.subject!.name;
    const r = validatePayload(RegisterRequest, v);
    expect(r).toEqual({
      ok: false,
      fieldErrors: expect.arrayContaining([
        { field: 'channel', messages: ['wajib diisi'] },
        { field: 'subject.name', messages: ['wajib diisi'] },
      ]),
    });
    expect(validatePayload(ActOnCase, { caseId: act.caseId })).toEqual({
      ok: false,
      fieldErrors: [
        { field: 'action', messages: ['wajib diisi'] },
        { field: 'expectedVersion', messages: ['wajib diisi'] },
      ],
    });
  });

  it('names an undeclared field as unknown ("kolom tidak dikenal"), nested too', () => {
    const v = register();
    v.extra = 1 as never;
    v.subject!.hobby = 'x';
    const r = validatePayload(RegisterRequest, v);
    expect(r).toEqual({
      ok: false,
      fieldErrors: [
        { field: 'extra', messages: ['kolom tidak dikenal'] },
        { field: 'subject.hobby', messages: ['kolom tidak dikenal'] },
      ],
    });
  });

  it('reports a value of the wrong type by its type only, and a nested object that is not one as such', () => {
    expect(validatePayload(ActOnCase, { ...act, expectedVersion: 1.5, note: 5 })).toEqual({
      ok: false,
      fieldErrors: [
        { field: 'expectedVersion', messages: ['harus berupa angka bulat'] },
        { field: 'note', messages: ['harus berupa teks'] },
      ],
    });
    const r = validatePayload(Probe, { name: 'x', kind: 'a', items: [{ n: 1 }, 'y', { n: 'z' }] });
    expect(r).toEqual({
      ok: false,
      fieldErrors: [
        { field: 'items', messages: ['paling banyak 1 butir'] },
        { field: 'items.1', messages: ['harus berupa objek'] },
        { field: 'items.2.n', messages: ['harus berupa angka bulat'] },
      ],
    });
  });

  it('gives the constraint arguments: maximum length, allowed values', () => {
    expect(validatePayload(Probe, { name: 'panjang sekali', kind: 'c', items: [] })).toEqual({
      ok: false,
      fieldErrors: [
        { field: 'name', messages: ['paling banyak 5 karakter'] },
        { field: 'kind', messages: ['harus salah satu dari: a, b'] },
      ],
    });
  });

  it('keeps a decorator\u2019s own Indonesian message', () => {
    expect(validatePayload(ActOnCase, { ...act, caseId: 'bukan-uuid' })).toEqual({
      ok: false,
      fieldErrors: [{ field: 'caseId', messages: ['Id kasus tidak valid'] }],
    });
  });

  it('never answers in English for any fixture with its fields removed, retyped or added', () => {
    const classes: PayloadClass[] = [
      ...Object.values(RPCS).flatMap((r) => [r.request, r.response]),
      ...Object.values(EVENTS),
    ];
    let checked = 0;
    for (const cls of classes) {
      const broken: Record<string, unknown> = { unknownField: 1 };
      for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false))
        broken[m.propertyName] = 12345;
      const r = validatePayload(cls, broken);
      const empty = validatePayload(cls, {});
      for (const result of [r, empty]) {
        if (result.ok) continue;
        for (const f of result.fieldErrors)
          for (const m of f.messages) expect(`${cls.name}.${f.field}: ${m}`).not.toMatch(ENGLISH);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('has an Indonesian message for every constraint of every contract class (a test that fails on a new untranslated one)', () => {
    expect(untranslatedConstraints((name) => !/Env$|Probe$/.test(name))).toEqual([]);
    // The check itself: an English own message and a constraint without translation are reported.
    expect(untranslatedConstraints((name) => name === 'EnglishProbe')).toEqual([
      'EnglishProbe.name: isString ("name must be text")',
      'EnglishProbe.colour: isHexColor',
    ]);
    for (const [key, message] of Object.entries(CONSTRAINT_MESSAGES))
      expect(`${key}: ${message([3, 5])}`).not.toMatch(ENGLISH);
  });
});
