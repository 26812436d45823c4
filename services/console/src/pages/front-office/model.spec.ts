import { describe, expect, it } from '@jest/globals';
import { emptyDraft, isEmptyDraft, withTyped } from './model';

describe('the registration draft and what was typed before the application ran', () => {
  it('takes typed values by their inputs’ API paths into the draft’s own fields', () => {
    const draft = withTyped(emptyDraft(), {
      place: 'Balai desa',
      'subject.nik': '6271 0152-0384 0077',
      'subject.name': 'Siti Aminah',
      'subject.address.street': 'Jl. Melati 7',
      'subject.consent': true,
      'complainant.noKk': '62710100000000001234',
      'complaint.category': 'kepesertaan',
      'complaint.description': 'PKH belum cair.',
      'complaint.documentsReceived': ['KTP', 'KK'],
      byOther: true,
    });
    expect(draft).toMatchObject({
      place: 'Balai desa',
      subject: { nik: '6271015203840077', name: 'Siti Aminah', street: 'Jl. Melati 7', consent: true },
      complainant: { noKk: '6271010000000000' },
      category: 'kepesertaan',
      description: 'PKH belum cair.',
      documentsReceived: ['KTP', 'KK'],
      byOther: true,
    });
  });

  it('leaves out paths the draft does not have and values of another kind', () => {
    const before = emptyDraft();
    const draft = withTyped(before, {
      'complaint.programmeCodes': 'PK', // the multi-select's search text, not its value
      'subject.consent': 'yes',
      'subject.address.desa.code': '62',
      __proto__: 'x',
      'constructor.name': 'x',
      attachments: true,
      'subject.unknown': 'x',
    } as Record<string, string | boolean | string[]>);
    expect(draft).toEqual(before);
    expect(Object.getPrototypeOf(draft)).toBe(Object.prototype);
  });

  it('calls a draft empty until something was entered', () => {
    expect(isEmptyDraft(emptyDraft())).toBe(true);
    expect(isEmptyDraft(emptyDraft('FASILITATOR_VISIT'))).toBe(true);
    expect(isEmptyDraft(withTyped(emptyDraft(), { 'subject.name': 'S' }))).toBe(false);
    expect(isEmptyDraft({ ...emptyDraft(), documentsReceived: ['KTP'] })).toBe(false);
  });
});
