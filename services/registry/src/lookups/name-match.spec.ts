import { nameKey, nameSimilarity, nameWords, prepareName } from './name-match.js';

describe('name matching', () => {
  it.each([
    ['Muhammad Yusuf', 'Moh. Jusuf'],
    ['M. Yusuf', 'Muhamad Yusuf'],
    ['Mochammad Rizki', 'Muhammad Rizky'],
    ['Siti Aminah', 'Sity Amina'],
    ['Soekarno', 'Sukarno'],
    ['Djoko Santoso', 'Joko Santoso'],
    ['Tjahjo Kumolo', 'Cahyo Kumolo'],
    ['Hj. Siti Aminah', 'Siti Aminah'],
    ['H. Abdullah', 'Abdulah'],
    ['Nur Aini', 'Nuraini'],
    ['Budi Santoso, S.Pd.', 'Budi Santoso'],
    ['Aminah Siti', 'Siti Aminah'],
    ['Achmad', 'Ahmad'],
  ])('folds %s and %s onto the same name', (a, b) => {
    expect(nameSimilarity(prepareName(a), b)).toBe(1);
  });

  it('keeps different names apart', () => {
    expect(nameSimilarity(prepareName('Siti Aminah'), 'Dewi Lestari')).toBe(0);
    expect(nameSimilarity(prepareName('Budi Santoso'), 'Agus Santoso')).toBeLessThan(0.5);
    expect(nameSimilarity(prepareName('Budi Santoso'), 'Budi Santosa')).toBeGreaterThan(0.5);
  });

  it('drops titles, degrees and bin/binti but keeps a title that is the whole name', () => {
    expect(nameWords('Dr. H. Ahmad Fauzi bin Abdullah, S.E., M.M.')).toEqual(['ahmad', 'fauyi', 'abdula']);
    expect(nameKey('Ibu')).toBe('ibu');
    expect(nameKey('  ')).toBe('');
    expect(nameSimilarity(prepareName(''), '')).toBe(0);
  });
});
