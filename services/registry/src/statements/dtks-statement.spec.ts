import { describe, expect, it } from '@jest/globals';
import { renderDtksStatement, type DtksStatementData } from './dtks-statement.js';
import { readPdf } from '@slrt/testing';

/** Text of the PDF with runs of whitespace collapsed to one space. */
async function textOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = await readPdf(pdf);
  return { text: parsed.text.replace(/\s+/g, ' '), pages: parsed.numpages };
}

/** Synthetic data only. */
function statement(overrides: Partial<DtksStatementData> = {}): DtksStatementData {
  return {
    letterhead: {
      government: 'Pemerintah Kota Palangkaraya',
      agency: 'Dinas Sosial',
      addressLines: ['Jl. Contoh No. 1, Palangka Raya 73111'],
    },
    number: 'DTKS-6271-2026-000007',
    issuedOn: '2026-11-24',
    issuedAt: new Date('2026-11-24T03:15:00Z'),
    place: 'Palangka Raya',
    region: {
      desaName: 'Pahandut',
      kecamatanName: 'Pahandut',
      kabKotaName: 'Kota Palangkaraya',
      provinsiName: 'Kalimantan Tengah',
    },
    idbdt: '6271010000123',
    idartbdt: '627101000012302',
    person: {
      name: 'Siti Contoh',
      maskedNik: '************0002',
      maskedNoKk: '************0001',
      sex: 'F',
      birthDate: '1984',
      address: 'Jl. Melati No. 7, RT 02/RW 01',
    },
    desil: 2,
    programmes: { PKH: true, BPNT: false, PBI: true, KIP: false },
    dataPeriod: '2026-09',
    members: [
      {
        name: 'Budi Contoh',
        maskedNik: '************0003',
        relationship: 'Kepala Keluarga',
        sex: 'M',
        birthDate: '1980',
      },
      { name: 'Siti Contoh', maskedNik: '************0002', relationship: 'Istri', sex: 'F', birthDate: '1984' },
    ],
    signatory: {
      position: 'Kepala Dinas Sosial Kota Palangkaraya',
      name: 'Drs. Contoh Pejabat',
      rank: 'Pembina (IV/a)',
      nip: '197001011990031001',
    },
    verificationUrl: 'https://slrt.example.go.id/v1/public/documents/Q7RK-M2XW-9PDT',
    ...overrides,
  };
}

describe(renderDtksStatement.name, () => {
  it('prints the statement in Bahasa Indonesia with particulars, DTKS ids, programmes, period, signature and the member annex', async () => {
    const { text, pages } = await textOf(await renderDtksStatement(statement()));
    expect(pages).toBe(2);
    for (const expected of [
      'PEMERINTAH KOTA PALANGKARAYA',
      'DINAS SOSIAL',
      'SURAT KETERANGAN TERDAFTAR DALAM DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS)',
      'Nomor: DTKS-6271-2026-000007',
      'Yang bertanda tangan di bawah ini, Kepala Dinas Sosial Kota Palangkaraya, menerangkan bahwa:',
      'Siti Contoh',
      '************0002',
      '************0001',
      'Perempuan',
      'Tahun lahir',
      'Jl. Melati No. 7, RT 02/RW 01',
      'Kalimantan Tengah',
      '6271010000123',
      '627101000012302',
      'periode data September 2026, dengan desil kesejahteraan 2',
      'Palangka Raya, 24 November 2026',
      'Drs. Contoh Pejabat',
      'NIP. 197001011990031001',
      'https://slrt.example.go.id/v1/public/documents/Q7RK-M2XW-9PDT',
      'DAFTAR ANGGOTA KELUARGA',
      'Budi Contoh',
      '1980',
      '1984',
    ]) {
      expect(text.replace(/ /g, '')).toContain(expected.replace(/ /g, ''));
    }
    // Programme participation as yes/no, in the printed order PKH, BPNT, PBI, KIP.
    expect(text.replace(/ /g, '')).toMatch(/\(PKH\):Ya.*\(BPNT\)\/Sembako:Tidak.*\(PBI-JK\):Ya.*\(PIP\/KIP\):Tidak/);
  });

  it('prints blank lines for an unset signatory and dashes for missing ids', async () => {
    const { text } = await textOf(
      await renderDtksStatement(
        statement({
          idbdt: null,
          idartbdt: null,
          desil: null,
          signatory: { position: 'Kepala Dinas Sosial Kota Palangkaraya', name: '', rank: null, nip: '' },
        }),
      ),
    );
    const flat = text.replace(/ /g, '');
    expect(flat).toContain('(IDBDT):-');
    expect(flat).toContain('(IDARTBDT):-');
    expect(flat).toContain('desilkesejahteraanbelumditetapkan');
    expect(flat).toContain('.................................................');
    expect(flat).toContain('NIP...............................');
  });

  it('refuses an unmasked NIK or No. KK, naming the field only', async () => {
    await expect(
      renderDtksStatement(statement({ person: { ...statement().person, maskedNik: '6271015203840002' } })),
    ).rejects.toThrow('NIK harus sudah disamarkan');
    await expect(
      renderDtksStatement(statement({ person: { ...statement().person, maskedNoKk: '6271010105100001' } })),
    ).rejects.toThrow('Nomor KK harus sudah disamarkan');
    // The former mask kept the region (first 6 digits): with the birth date beside it, it rebuilt the NIK.
    await expect(
      renderDtksStatement(statement({ person: { ...statement().person, maskedNik: '627101******0002' } })),
    ).rejects.toThrow('NIK harus sudah disamarkan');
  });

  it('refuses a full birth date beside a masked NIK (it would rebuild the NIK), for the person and each member', async () => {
    await expect(
      renderDtksStatement(statement({ person: { ...statement().person, birthDate: '1984-03-12' } })),
    ).rejects.toThrow('hanya tahun lahir');
    const members = [{ ...statement().members[0]!, birthDate: '1980-12-01' }];
    await expect(renderDtksStatement(statement({ members }))).rejects.toThrow('hanya tahun lahir');
  });

  it('gives identical bytes for identical data', async () => {
    expect((await renderDtksStatement(statement())).equals(await renderDtksStatement(statement()))).toBe(true);
  });
});
