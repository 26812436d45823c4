import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { inspectUntrusted } from '../../untrusted.js';
import { validatePayload } from '../../validate.js';
import { LookupPurpose } from './lookup-nik.v1.js';
import {
  LookupPersonRequestV1,
  LookupPersonResponseV1,
  wellFormedLookupPersonRequest,
  wellFormedLookupPersonResponse,
} from './lookup-person.v1.js';

const fixture = () =>
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../fixtures/rpc/slrt.rpc.registry.lookup-person.v1.response.json', import.meta.url)),
      'utf8',
    ),
  ) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Reply = ReturnType<typeof fixture>;
const match = (r: Reply) => r.matches[0];
const member = (r: Reply) => match(r).household.members[0];

const cases: Array<[string, (r: Reply) => void]> = [
  ['the fixture', () => undefined],
  ['not found', (r) => (r.matches = [])],
  ['no snapshot', (r) => ((r.dataPeriod = null), (r.matches = []))],
  ['KK lookup (no person)', (r) => (match(r).person = null)],
  [
    'revealed, full birth date',
    (r) => ((r.revealed = true), (member(r).nik = '6271010101800003'), (member(r).birthDate = '1980-02-29')),
  ],
  [
    'nulls where allowed',
    (r) => Object.assign(member(r), { memberId: null, sex: null, birthDate: null, age: null, relationship: null }),
  ],
  ['household nulls', (r) => Object.assign(match(r).household, { idbdt: null, desil: null, address: null })],
  ['person absent', (r) => delete match(r).person],
  ['score 1.01', (r) => (match(r).score = 1.01)],
  ['score as text', (r) => (match(r).score = '1')],
  ['desil 11', (r) => (match(r).household.desil = 11)],
  ['desil 2.5', (r) => (match(r).household.desil = 2.5)],
  ['age -1', (r) => (member(r).age = -1)],
  ['NIK of 15', (r) => (member(r).nik = '************003')],
  ['NIK with letters', (r) => (member(r).nik = '************00A3')],
  ['bad flag', (r) => (member(r).programmeFlags = ['pkh'])],
  ['flags not an array', (r) => (match(r).household.programmeFlags = 'PKH')],
  ['bad birth month', (r) => (member(r).birthDate = '1980-13-01')],
  ['bad desa code', (r) => (match(r).household.desaCode = '62.71.01')],
  ['bad period', (r) => (r.dataPeriod = '2026-13')],
  ['revealed as text', (r) => (r.revealed = 'false')],
  ['sex X', (r) => (member(r).sex = 'X')],
  ['name missing', (r) => delete member(r).name],
  ['name a number', (r) => (member(r).name = 7)],
  ['unknown member key', (r) => (member(r).nikHash = 'x')],
  ['unknown household key', (r) => (match(r).household.noKkFull = '6271010101800001')],
  ['unknown top key', (r) => (r.debug = true)],
  ['members not an array', (r) => (match(r).household.members = {})],
  ['household missing', (r) => delete match(r).household],
  ['matches not an array', (r) => (r.matches = {})],
  ['control character in a name', (r) => (member(r).name = 'Budi\u0000')],
  ['undefined period', (r) => delete r.dataPeriod],
];

describe('wellFormedLookupPersonResponse: the reply checked by hand', () => {
  it.each(cases)('%s: decided as LookupPersonResponseV1 decides', (_, mutate) => {
    const reply = fixture();
    mutate(reply);
    const plain = JSON.parse(JSON.stringify(reply)) as unknown;
    const byClass = validatePayload(LookupPersonResponseV1, plain);
    // Never accepts what the class refuses (validatePayload runs inspectUntrusted before either).
    if (inspectUntrusted(plain).length === 0 && wellFormedLookupPersonResponse(plain)) expect(byClass.ok).toBe(true);
    const withCheck = validatePayload(LookupPersonResponseV1, JSON.parse(JSON.stringify(reply)), {
      wellFormed: wellFormedLookupPersonResponse,
    });
    expect(withCheck.ok).toBe(byClass.ok);
    if (withCheck.ok && byClass.ok) {
      expect(withCheck.value).toBeInstanceOf(LookupPersonResponseV1);
      expect(JSON.stringify(withCheck.value)).toBe(JSON.stringify(byClass.value));
    } else if (!withCheck.ok && !byClass.ok) expect(withCheck.fieldErrors).toEqual(byClass.fieldErrors);
  });

  it('takes the replies the registry sends without class-validator', () => {
    for (const name of [
      'the fixture',
      'not found',
      'no snapshot',
      'KK lookup (no person)',
      'revealed, full birth date',
      'nulls where allowed',
      'household nulls',
    ]) {
      const reply = fixture();
      cases.find(([n]) => n === name)![1](reply);
      expect(wellFormedLookupPersonResponse(JSON.parse(JSON.stringify(reply)))).toBe(true);
    }
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const nikRequest = (): Record<string, any> => ({
  by: 'nik',
  nik: '6271010101800003',
  purpose: { kind: 'service', reference: 'bench' },
});
const requestCases: Array<[string, (r: ReturnType<typeof nikRequest>) => void]> = [
  ['as the gateway sends it', () => undefined],
  ['no reference', (r) => delete r.purpose.reference],
  ['reveal', (r) => (r.reveal = true)],
  ['limit 50', (r) => (r.limit = 50)],
  ['limit 51', (r) => (r.limit = 51)],
  ['limit 0', (r) => (r.limit = 0)],
  ['limit 2.5', (r) => (r.limit = 2.5)],
  ['reveal as text', (r) => (r.reveal = 'true')],
  ['reveal null', (r) => (r.reveal = null)],
  ['NIK of 15 digits', (r) => (r.nik = '627101010180000')],
  ['NIK with a letter', (r) => (r.nik = '62710101018000A3')],
  ['NIK as a number', (r) => (r.nik = 6271010101800003)],
  ['NIK missing', (r) => delete r.nik],
  ['unknown kind', (r) => (r.by = 'email')],
  ['by name', (r) => Object.assign(r, { by: 'name', name: 'Siti', birthYear: 1984, regionCode: '62.71.01' })],
  ['by kk', (r) => Object.assign(r, { by: 'kk', noKk: '6271010101800001' })],
  ['a name beside the NIK', (r) => (r.name = 'Siti')],
  ['unknown key', (r) => (r.admin = true)],
  ['purpose missing', (r) => delete r.purpose],
  ['unknown purpose', (r) => (r.purpose.kind = 'curiosity')],
  ['reference of 121', (r) => (r.purpose.reference = 'x'.repeat(121))],
  ['reference of 120', (r) => (r.purpose.reference = 'x'.repeat(120))],
  ['reference a number', (r) => (r.purpose.reference = 7)],
  ['unknown purpose key', (r) => (r.purpose.note = 'x')],
  ['purpose an array', (r) => (r.purpose = [])],
  ['control character in the reference', (r) => (r.purpose.reference = 'a\u0007')],
];

describe('wellFormedLookupPersonRequest: a lookup by NIK checked by hand', () => {
  it.each(requestCases)('%s: decided as LookupPersonRequestV1 decides', (_, mutate) => {
    const request = nikRequest();
    mutate(request);
    const plain = JSON.parse(JSON.stringify(request)) as unknown;
    const byClass = validatePayload(LookupPersonRequestV1, plain);
    // Untrusted input: never accepts what the class refuses. (The class itself lets a missing or
    // array `purpose` through: the hand check leaves those to it, so they are decided as before.)
    const byHand = inspectUntrusted(plain).length === 0 && wellFormedLookupPersonRequest(plain);
    if (byHand) expect(byClass.ok).toBe(true);
    const withCheck = validatePayload(LookupPersonRequestV1, JSON.parse(JSON.stringify(request)), {
      wellFormed: wellFormedLookupPersonRequest,
    });
    expect(withCheck.ok).toBe(byClass.ok);
    if (withCheck.ok && byClass.ok) {
      expect(withCheck.value).toBeInstanceOf(LookupPersonRequestV1);
      if (byHand) expect(withCheck.value.purpose).toBeInstanceOf(LookupPurpose);
      expect(JSON.stringify(withCheck.value)).toBe(JSON.stringify(byClass.value));
    } else if (!withCheck.ok && !byClass.ok) expect(withCheck.fieldErrors).toEqual(byClass.fieldErrors);
  });

  it('takes the lookups by NIK the gateway sends without class-validator', () => {
    for (const name of ['as the gateway sends it', 'no reference', 'reveal', 'limit 50', 'reference of 120']) {
      const request = nikRequest();
      requestCases.find(([n]) => n === name)![1](request);
      expect(wellFormedLookupPersonRequest(JSON.parse(JSON.stringify(request)))).toBe(true);
    }
  });
});
