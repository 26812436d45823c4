import { maskNik } from './nik.js';
import { revealOrMask } from './reveal-or-mask.js';

describe(revealOrMask.name, () => {
  const nik = '3171014501900001';

  it('shows the value whole when the reader may see it', () => {
    expect(revealOrMask(nik, true, maskNik)).toBe(nik);
  });

  it('masks the value when the reader may not see it', () => {
    expect(revealOrMask(nik, false, maskNik)).toBe('************0001');
  });

  it('keeps an absent or empty value null either way', () => {
    for (const reveal of [true, false]) {
      expect(revealOrMask(null, reveal, maskNik)).toBeNull();
      expect(revealOrMask(undefined, reveal, maskNik)).toBeNull();
      expect(revealOrMask('', reveal, maskNik)).toBeNull();
    }
  });
});
