import { SnakeNamingStrategy, snakeCase } from './snake-naming.strategy.js';

describe(snakeCase.name, () => {
  it.each([
    ['receiptNumber', 'receipt_number'],
    ['NIKLookup', 'nik_lookup'],
    ['desil', 'desil'],
    ['noKk', 'no_kk'],
    ['registryCheckDueAt', 'registry_check_due_at'],
  ])('%s → %s', (input, expected) => expect(snakeCase(input)).toBe(expected));
});

describe(SnakeNamingStrategy.name, () => {
  const s = new SnakeNamingStrategy();
  it('names tables and columns in snake_case and keeps explicit names', () => {
    expect(s.tableName('ComplaintAttachment', undefined)).toBe('complaint_attachment');
    expect(s.tableName('X', 'custom')).toBe('custom');
    expect(s.columnName('createdAt', '', [])).toBe('created_at');
    expect(s.columnName('code', '', ['address'])).toBe('address_code');
    expect(s.joinColumnName('subjectPerson', 'id')).toBe('subject_person_id');
  });
});
