import {
  A4_SIZE,
  assertMaskedIdentifier,
  createPdf,
  finishPdf,
  formatTanggalKalender,
  qrPng,
  type Pdf,
  drawVerificationQr,
  DOCUMENT_INK,
  DOCUMENT_MUTED,
} from '@slrt/documents';
import type { MusdesMeetingDecision, MusdesOfficialRole } from '@slrt/contracts';

/**
 * Everything printed on the *Berita Acara Musyawarah Desa/Kelurahan* of one meeting. NIKs arrive
 * masked (`************0001`): the minutes are read aloud, pinned up and copied to the kecamatan;
 * nobody reading them needs the full numbers (UU PDP 27/2022). Attendance carries names and roles
 * only.
 */
export interface MusdesMinutesData {
  letterhead: { kabKotaName: string; kecamatanName: string; desaName: string };
  /** `musdes` (desa) or `muskel` (kelurahan): decides "Musyawarah Desa" or "Musyawarah Kelurahan", "Kepala Desa" or "Lurah". */
  kind: 'musdes' | 'muskel';
  number: string;
  /** Meeting date `YYYY-MM-DD`. */
  date: string;
  /** PDF `CreationDate`: taken from the meeting (never the clock), so identical data gives identical bytes. */
  createdAt: Date;
  agenda: string;
  place: string;
  chair: { name: string; role: MusdesOfficialRole };
  officials: ReadonlyArray<{ name: string; role: MusdesOfficialRole; witness: boolean }>;
  citizenCount: number;
  households: ReadonlyArray<{
    headName: string;
    maskedNik: string | null;
    rt: string | null;
    rw: string | null;
    memberCount: number;
    decision: MusdesMeetingDecision;
    reason: string | null;
  }>;
  verificationUrl: string;
}

/** Roles in words, as printed. */
export const OFFICIAL_ROLE_LABEL: Record<MusdesOfficialRole, string> = {
  'kepala-desa': 'Kepala Desa',
  lurah: 'Lurah',
  'sekretaris-desa': 'Sekretaris Desa/Kelurahan',
  'perangkat-desa': 'Perangkat Desa/Kelurahan',
  bpd: 'Badan Permusyawaratan Desa (BPD)',
  lpm: 'Lembaga Pemberdayaan Masyarakat (LPM)',
  camat: 'Camat/Perwakilan Kecamatan',
  'tokoh-masyarakat': 'Tokoh Masyarakat',
  'tokoh-agama': 'Tokoh Agama',
  'pendamping-sosial': 'Pendamping Sosial',
  tksk: 'TKSK',
  'fasilitator-slrt': 'Fasilitator SLRT',
  puskesos: 'Petugas Puskesos',
  lainnya: 'Lainnya',
};

/** Decisions in words, as printed and shown. */
export const DECISION_LABEL: Record<MusdesMeetingDecision, string> = {
  agreed: 'Setuju',
  'not-agreed': 'Tidak setuju',
  postponed: 'Ditunda',
};

const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const INK = DOCUMENT_INK;
const MUTED = DOCUMENT_MUTED;
const LEFT = 56;
const RIGHT = 595.28 - 48;
const WIDTH = RIGHT - LEFT;
const BOTTOM = 780;

/**
 * Renders the Berita Acara (A4, formal Indonesian): letterhead of the kab/kota, kecamatan and
 * desa; title and number; the opening paragraph (day, date, place, agenda, chair, attendance
 * counts); the attendance list; the decisions table per household with masked NIK; the totals;
 * the signature block of the kepala desa/lurah and the witnesses; a QR code to the public
 * verification page.
 *
 * @throws TypeError when a NIK is not masked.
 */
export async function renderMusdesMinutes(data: MusdesMinutesData): Promise<Buffer> {
  for (const h of data.households) assertMaskedIdentifier(h.maskedNik, 'NIK kepala rumah tangga');
  const qr = await qrPng(data.verificationUrl, 4);
  const meeting = data.kind === 'muskel' ? 'Musyawarah Kelurahan' : 'Musyawarah Desa';
  const doc = createPdf(A4_SIZE, 40, {
    title: `Berita Acara ${meeting} ${data.number}`,
    subject: `Berita Acara ${meeting} pembahasan usulan prelist DTKS`,
    author: `Pemerintah ${data.kind === 'muskel' ? 'Kelurahan' : 'Desa'} ${data.letterhead.desaName}`,
    createdAt: data.createdAt,
  });
  draw(doc, data, qr, meeting);
  return finishPdf(doc);
}

function draw(doc: Pdf, data: MusdesMinutesData, qr: Buffer, meeting: string): void {
  const village = data.kind === 'muskel' ? 'Kelurahan' : 'Desa';
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(`PEMERINTAH ${data.letterhead.kabKotaName.toUpperCase()}`, LEFT, 36, { width: WIDTH, align: 'center' });
  doc.text(`KECAMATAN ${data.letterhead.kecamatanName.toUpperCase()}`, LEFT, doc.y + 1, {
    width: WIDTH,
    align: 'center',
  });
  doc.fontSize(15).text(`${village.toUpperCase()} ${data.letterhead.desaName.toUpperCase()}`, LEFT, doc.y + 1, {
    width: WIDTH,
    align: 'center',
  });
  let y = doc.y + 5;
  doc.lineWidth(2).strokeColor(INK).moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  doc
    .lineWidth(0.6)
    .moveTo(LEFT, y + 3)
    .lineTo(RIGHT, y + 3)
    .stroke();
  y += 14;

  doc.font('Helvetica-Bold').fontSize(12).text('BERITA ACARA', LEFT, y, { width: WIDTH, align: 'center' });
  doc.text(`${meeting.toUpperCase()} ${data.letterhead.desaName.toUpperCase()}`, LEFT, doc.y, {
    width: WIDTH,
    align: 'center',
  });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text('Pembahasan Usulan Daftar Awal (Prelist) Data Terpadu Kesejahteraan Sosial', LEFT, doc.y + 1, {
      width: WIDTH,
      align: 'center',
    });
  doc.text(`Nomor: ${data.number}`, LEFT, doc.y + 2, { width: WIDTH, align: 'center' });
  y = doc.y + 12;

  const [yy, mm, dd] = data.date.split('-').map(Number) as [number, number, number];
  const hari = HARI[new Date(Date.UTC(yy, mm - 1, dd)).getUTCDay()]!;
  const officials = data.officials.length;
  doc
    .fontSize(10)
    .text(
      `Pada hari ini ${hari}, tanggal ${formatTanggalKalender(data.date)}, bertempat di ${data.place}, telah diselenggarakan ${meeting} ${data.letterhead.desaName} Kecamatan ${data.letterhead.kecamatanName} dengan agenda: ${data.agenda}. Musyawarah dipimpin oleh ${data.chair.name} (${OFFICIAL_ROLE_LABEL[data.chair.role]}) dan dihadiri oleh ${officials} orang unsur pemerintahan dan lembaga ${village.toLowerCase()} serta ${data.citizenCount} orang warga.`,
      LEFT,
      y,
      { width: WIDTH, align: 'justify', lineGap: 1.5 },
    );
  y = doc.y + 10;

  // Every continuation page names the minutes it continues: a loose signature page still belongs to its number.
  const newPage = (): void => {
    doc.addPage();
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(8)
      .text(`Lanjutan Berita Acara ${meeting} ${data.letterhead.desaName} Nomor ${data.number}`, LEFT, 36, {
        width: WIDTH,
      });
    doc.fillColor(INK);
    y = 56;
  };
  const ensure = (h: number): void => {
    if (y + h > BOTTOM) newPage();
  };
  const table = (cols: Array<[string, number]>, rows: string[][]): void => {
    const row = (cells: string[], bold: boolean): void => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]![1] - 6 }));
      const h = Math.max(16, Math.max(...heights) + 8);
      if (!bold && y + h > BOTTOM) {
        // A table continued on the next page repeats its header row.
        newPage();
        row(
          cols.map(([c]) => c),
          true,
        );
        doc.font('Helvetica').fontSize(8.5);
      }
      ensure(h);
      let x = LEFT;
      cells.forEach((cell, i) => {
        const w = cols[i]![1];
        doc.rect(x, y, w, h).lineWidth(0.5).strokeColor(INK).stroke();
        doc.fillColor(INK).text(cell, x + 3, y + 4, { width: w - 6 });
        x += w;
      });
      y += h;
    };
    row(
      cols.map(([c]) => c),
      true,
    );
    for (const r of rows) row(r, false);
  };

  doc.font('Helvetica-Bold').fontSize(10.5).text('A. Daftar hadir', LEFT, y);
  y = doc.y + 4;
  table(
    [
      ['No.', 28],
      ['Nama', 200],
      ['Jabatan/unsur', 200],
      ['Saksi', 63],
    ],
    data.officials.map((o, i) => [String(i + 1), o.name, OFFICIAL_ROLE_LABEL[o.role], o.witness ? 'Ya' : '-']),
  );
  ensure(20);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`Warga yang hadir: ${data.citizenCount} orang.`, LEFT, y + 4);
  y = doc.y + 10;

  ensure(40);
  doc.font('Helvetica-Bold').fontSize(10.5).text('B. Keputusan atas usulan rumah tangga', LEFT, y);
  y = doc.y + 4;
  table(
    [
      ['No.', 24],
      ['Nama kepala rumah tangga', 118],
      ['NIK', 84],
      ['RT/RW', 44],
      ['Jml ART', 36],
      ['Keputusan', 58],
      ['Alasan', 127],
    ],
    data.households.map((h, i) => [
      String(i + 1),
      h.headName,
      h.maskedNik ?? '-',
      `${h.rt ?? '-'}/${h.rw ?? '-'}`,
      String(h.memberCount),
      DECISION_LABEL[h.decision],
      h.reason ?? '-',
    ]),
  );
  const count = (d: MusdesMeetingDecision) => data.households.filter((h) => h.decision === d).length;
  ensure(60);
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Jumlah: ${data.households.length} rumah tangga dibahas; ${count('agreed')} disetujui, ${count('not-agreed')} tidak disetujui, ${count('postponed')} ditunda. Usulan yang disetujui diteruskan untuk verifikasi dan validasi lapangan melalui SIKS-NG. Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.`,
      LEFT,
      y + 6,
      { width: WIDTH, align: 'justify', lineGap: 1.5 },
    );
  y = doc.y + 14;

  const head = data.officials.find((o) => o.role === (data.kind === 'muskel' ? 'lurah' : 'kepala-desa'));
  const witnesses = data.officials.filter((o) => o.witness);
  ensure(120 + Math.max(1, witnesses.length) * 30);
  const sigW = 220;
  const sx = RIGHT - sigW;
  const top = y;
  doc
    .font('Helvetica')
    .fontSize(10)
    .text(`${data.letterhead.desaName}, ${formatTanggalKalender(data.date)}`, sx, y, { width: sigW });
  doc.text(`${data.kind === 'muskel' ? 'Lurah' : 'Kepala Desa'} ${data.letterhead.desaName},`, sx, doc.y, {
    width: sigW,
  });
  const nameY = doc.y + 48;
  if (head) doc.font('Helvetica-Bold').text(head.name, sx, nameY, { width: sigW, underline: true });
  else doc.text('..........................................', sx, nameY, { width: sigW });
  doc
    .font('Helvetica')
    .fontSize(10)
    .text('Saksi-saksi:', LEFT, top, { width: sx - LEFT - 10 });
  let wy = doc.y + 6;
  if (!witnesses.length) {
    doc.text('1. ..............................  (...................)', LEFT, wy);
    wy = doc.y + 6;
  }
  witnesses.forEach((w, i) => {
    doc.text(`${i + 1}. ${w.name} (${OFFICIAL_ROLE_LABEL[w.role]})`, LEFT, wy, { width: sx - LEFT - 10 });
    doc.text('    Tanda tangan: ....................', LEFT, doc.y + 2);
    wy = doc.y + 8;
  });
  y = Math.max(wy, nameY + 20) + 10;

  ensure(80);
  const qrSize = 64;
  drawVerificationQr(doc, {
    qr,
    x: LEFT,
    y,
    size: qrSize,
    captionWidth: WIDTH - qrSize - 8,
    documentName: 'berita acara ini',
    url: data.verificationUrl,
  });
  doc.fillColor(INK);
}
