import { describe, expect, it } from '@jest/globals';
import { drawSignatory, SIGNATORY_NAME_BLANK, SIGNATORY_NIP_BLANK, type Pdf, type Signatory } from './pdf.js';

/** A stand-in document recording what is written where, in which font; each line advances `y` by 14. */
function recordingDoc() {
  const lines: Array<{ text: string; x: number; y: number; font: string; underline: boolean }> = [];
  let font = '';
  const doc = {
    y: 0,
    font(name: string) {
      font = name;
      return doc;
    },
    text(text: string, x: number, y: number, o: { underline?: boolean } = {}) {
      lines.push({ text, x, y, font, underline: o.underline === true });
      doc.y = y + 14;
      return doc;
    },
  };
  return { doc: doc as unknown as Pdf, lines };
}

const signatory: Signatory = {
  position: 'Kepala Dinas Sosial Kota Palangka Raya',
  name: 'Drs. Contoh Pejabat',
  rank: 'Pembina (IV/a)',
  nip: '197001011990031001',
};

describe(drawSignatory.name, () => {
  it('prints the heading lines and the position, then 52 pt lower the name (bold, underlined), rank and NIP', () => {
    const { doc, lines } = recordingDoc();
    const bottom = drawSignatory(doc, {
      x: 320,
      y: 100,
      width: 230,
      heading: ['Palangka Raya, 24 November 2026', 'a.n. Wali Kota'],
      signatory,
    });
    expect(lines.map((l) => [l.text, l.x, l.y])).toEqual([
      ['Palangka Raya, 24 November 2026', 320, 100],
      ['a.n. Wali Kota', 320, 114],
      ['Kepala Dinas Sosial Kota Palangka Raya,', 320, 128],
      ['Drs. Contoh Pejabat', 320, 142 + 52],
      ['Pembina (IV/a)', 320, 208],
      ['NIP. 197001011990031001', 320, 222],
    ]);
    expect(lines[3]).toMatchObject({ font: 'Helvetica-Bold', underline: true });
    expect(lines[4]!.font).toBe('Helvetica');
    expect(bottom).toBe(236);
  });

  it('leaves out an unset rank and NIP, or prints dotted lines to fill in by hand with blanks', () => {
    const plain = recordingDoc();
    drawSignatory(plain.doc, { x: 0, y: 0, width: 230, signatory: { ...signatory, rank: null, nip: null } });
    expect(plain.lines.map((l) => l.text)).toEqual(['Kepala Dinas Sosial Kota Palangka Raya,', 'Drs. Contoh Pejabat']);
    const blank = recordingDoc();
    drawSignatory(blank.doc, {
      x: 0,
      y: 0,
      width: 230,
      signatory: { ...signatory, name: '', rank: null, nip: null },
      blanks: true,
    });
    expect(blank.lines.map((l) => l.text)).toEqual([
      'Kepala Dinas Sosial Kota Palangka Raya,',
      SIGNATORY_NAME_BLANK,
      `NIP. ${SIGNATORY_NIP_BLANK}`,
    ]);
    expect(blank.lines[1]).toMatchObject({ font: 'Helvetica', underline: false });
  });
});
