import type { ComplaintStep, MessageChannel } from '@slrt/contracts';

/** Placeholders a template may use, with the sample values of a preview. */
export const PLACEHOLDERS = {
  nama: 'Siti Aminah',
  nomorPengaduan: '6271-2611-000123',
  kodePelacakan: 'K7PQ-4QX2',
  kabKota: 'Kota Palangka Raya',
  tahap: 'selesai',
  pemilikProgram: 'Kementerian Sosial (PKH)',
  alasan: 'data keluarga belum terdaftar di DTKS',
  tanggal: '30 November 2026',
  tautanStatus: 'https://slrt.example.go.id/status?nomor=6271-2611-000123&kode=K7PQ-4QX2',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateValues = Record<Placeholder, string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Placeholders in `body` that are not known (empty when the template is valid). */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const [, name] of body.matchAll(PLACEHOLDER)) if (!Object.hasOwn(PLACEHOLDERS, name!)) unknown.add(name!);
  // A lone brace is a typo the citizen would read verbatim.
  const stripped = body.replace(PLACEHOLDER, '');
  if (/[{}]/.test(stripped)) unknown.add(stripped.includes('{') ? '{' : '}');
  return [...unknown];
}

/** Fills the placeholders (every one known: validated when saved). */
export function render(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as Placeholder] : whole,
  );
}

/** The step in the citizen's words (the public timeline's labels). */
export const STEP_LABELS: Record<ComplaintStep, string> = {
  received: 'diterima',
  'registry-checked': 'diperiksa di DTKS',
  'in-review': 'ditinjau',
  referred: 'dirujuk',
  answered: 'ditanggapi',
  'awaiting-verivali': 'menunggu verifikasi dan validasi',
  resolved: 'selesai',
  rejected: 'ditolak',
  withdrawn: 'dicabut',
  closed: 'ditutup',
};

const SHORT: Partial<Record<ComplaintStep, string>> = {
  received: 'SLRT {kabKota}: pengaduan Anda diterima dengan nomor {nomorPengaduan}. Cek status: {tautanStatus}',
  referred:
    'SLRT {kabKota}: pengaduan {nomorPengaduan} dirujuk ke {pemilikProgram} pada {tanggal}. Cek status: {tautanStatus}',
  answered: 'SLRT {kabKota}: {pemilikProgram} telah menanggapi pengaduan {nomorPengaduan}. Cek status: {tautanStatus}',
  'awaiting-verivali':
    'SLRT {kabKota}: pengaduan {nomorPengaduan} menunggu verifikasi dan validasi data (verivali). Cek status: {tautanStatus}',
  resolved: 'SLRT {kabKota}: pengaduan {nomorPengaduan} SELESAI ditangani pada {tanggal}. Cek status: {tautanStatus}',
  rejected:
    'SLRT {kabKota}: pengaduan {nomorPengaduan} tidak dapat dipenuhi: {alasan}. Info: Puskesos desa/kelurahan Anda. Cek status: {tautanStatus}',
  closed: 'SLRT {kabKota}: pengaduan {nomorPengaduan} ditutup pada {tanggal}. Cek status: {tautanStatus}',
};

const LONG = (short: string) =>
  `Yth. Bapak/Ibu {nama},\n\n${short.replace(/^SLRT \{kabKota\}: /, '')}\n\nNomor pengaduan: {nomorPengaduan}\nKode pelacakan: {kodePelacakan}\n\nHormat kami,\nSLRT/Puskesos {kabKota}`;

const VISIT = (short: string) =>
  `Kunjungi rumah tangga {nama} dan sampaikan: ${short.replace(/^SLRT \{kabKota\}: /, '').replace(/ Cek status: \{tautanStatus\}$/, '')} Catat hasilnya (tersampaikan / tidak dapat disampaikan).`;

/** The built-in template (version 0) of a step and channel, or null when the step has none. */
export function builtInTemplate(
  step: ComplaintStep,
  channel: MessageChannel,
): { body: string; subject: string | null } | null {
  const short = SHORT[step];
  if (!short) return null;
  switch (channel) {
    case 'sms':
    case 'whatsapp':
      return { body: short, subject: null };
    case 'email':
      return { body: LONG(short), subject: 'Status pengaduan {nomorPengaduan}: {tahap}' };
    case 'letter':
      return { body: LONG(short), subject: 'Pemberitahuan status pengaduan {nomorPengaduan}' };
    case 'fs-visit':
      return { body: VISIT(short), subject: null };
  }
}
