import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  CONTACT_TYPES,
  CONTACT_TYPE_LABELS,
} from './complaint-vocabulary.js';
import {
  CIVIL_REGISTRATION_OWNER_CODE,
  PROGRAMME_CATALOGUE,
  PROGRAMME_OWNERS,
  REGISTRY_OWNER_CODE,
  findProgramme,
  findProgrammeOwner,
} from './programme-catalogue.js';
import { SECTORS, SECTOR_LABELS } from './sectors.js';

/** Shapes `@slrt/contracts` accepts on the wire (programme codes in events, owner codes in subjects). */
const PROGRAMME_CODE_ON_WIRE = /^[A-Z][A-Z0-9_-]*$/;
const OWNER_CODE_ON_WIRE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

describe('vocabularies', () => {
  it('keeps the wire values of complaint categories and contact types', () => {
    expect(COMPLAINT_CATEGORIES).toEqual(['kepesertaan', 'non-kepesertaan']);
    expect(CONTACT_TYPES).toEqual(['pertanyaan', 'saran', 'pengaduan']);
  });

  it('has the nine SLRT sectors', () => {
    expect(SECTORS).toEqual([
      'kesehatan',
      'pendidikan',
      'sosial-ekonomi',
      'pangan',
      'energi',
      'pertanian',
      'perikanan',
      'perumahan',
      'adminduk',
    ]);
  });

  it.each([
    ['complaint categories', COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_LABELS],
    ['contact types', CONTACT_TYPES, CONTACT_TYPE_LABELS],
    ['sectors', SECTORS, SECTOR_LABELS],
  ] as const)('labels every one of the %s in Indonesian, and nothing else', (_name, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    expect(Object.values(labels).every((l: string) => l.length > 0)).toBe(true);
  });
});

describe('programme catalogue', () => {
  it('has the national programmes of docs/domain.md', () => {
    const national = PROGRAMME_CATALOGUE.filter((p) => p.scope === 'nasional').map((p) => p.code);
    expect(national).toEqual(['PKH', 'BPNT', 'PIP', 'PBI', 'BST', 'BLT-DD', 'RUTILAHU']);
  });

  it('uses codes the wire contracts accept, with no code or alias used twice', () => {
    const all = PROGRAMME_CATALOGUE.flatMap((p) => [p.code, ...p.aliases]);
    expect(all.filter((c) => !PROGRAMME_CODE_ON_WIRE.test(c))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
    const owners = PROGRAMME_OWNERS.map((o) => o.code);
    expect(owners.filter((c) => !OWNER_CODE_ON_WIRE.test(c))).toEqual([]);
    expect(new Set(owners).size).toBe(owners.length);
  });

  it('names only owners that exist, and every programme a real sector', () => {
    for (const p of PROGRAMME_CATALOGUE) {
      for (const code of [p.defaultOwnerCode, ...p.otherOwnerCodes]) expect(findProgrammeOwner(code)?.code).toBe(code);
      expect(SECTORS).toContain(p.sector);
    }
    expect(findProgrammeOwner(REGISTRY_OWNER_CODE)).not.toBeNull();
    expect(findProgrammeOwner(CIVIL_REGISTRATION_OWNER_CODE)).not.toBeNull();
  });

  it('finds a programme by code or alias, case-insensitively', () => {
    expect(findProgramme('PKH')?.defaultOwnerCode).toBe('kemensos-pkh');
    expect(findProgramme('kip')?.code).toBe('PIP');
    expect(findProgramme(' Sembako ')?.code).toBe('BPNT');
    expect(findProgramme('KIS')?.code).toBe('PBI');
    expect(findProgramme('NOPE')).toBeNull();
  });

  it('routes PIP to Kemendikbud by default with Kemenag for madrasah, and PBI data to Pusdatin', () => {
    expect(findProgramme('PIP')).toMatchObject({
      defaultOwnerCode: 'kemendikbud',
      otherOwnerCodes: expect.arrayContaining(['kemenag']),
    });
    expect(findProgramme('PBI')).toMatchObject({
      defaultOwnerCode: 'kemensos-pusdatin',
      otherOwnerCodes: expect.arrayContaining(['bpjs-kesehatan']),
    });
  });

  it('is frozen, so a caller cannot edit the seed in memory', () => {
    expect(Object.isFrozen(PROGRAMME_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(PROGRAMME_CATALOGUE[0])).toBe(true);
    expect(Object.isFrozen(PROGRAMME_CATALOGUE[0]!.aliases)).toBe(true);
    expect(Object.isFrozen(PROGRAMME_OWNERS[0])).toBe(true);
  });
});
