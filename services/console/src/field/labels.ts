import type { ItemRow } from './store/db';

/** A state is a word and a colour, never colour alone. */
export const STATE_LABEL: Record<ItemRow['state'], { text: string; color: string }> = {
  queued: { text: 'Menunggu kirim', color: 'gray' },
  synced: { text: 'Tersimpan', color: 'green' },
  conflict: { text: 'Konflik', color: 'orange' },
  rejected: { text: 'Ditolak', color: 'red' },
};

export const SECTOR_LABEL: Record<string, string> = {
  'sosial-ekonomi': 'Sosial ekonomi',
  kesehatan: 'Kesehatan',
  pendidikan: 'Pendidikan',
  pangan: 'Pangan',
  energi: 'Energi',
  pertanian: 'Pertanian',
  perikanan: 'Perikanan',
  perumahan: 'Perumahan',
  adminduk: 'Administrasi kependudukan',
};

export const CATEGORY_LABEL: Record<string, string> = {
  'non-kepesertaan': 'Non-kepesertaan',
  kepesertaan: 'Kepesertaan',
};
export const CONTACT_LABEL: Record<string, string> = {
  pengaduan: 'Pengaduan',
  pertanyaan: 'Pertanyaan',
  saran: 'Saran',
};
export const DOCUMENT_LABEL: Record<string, string> = {
  KTP: 'KTP',
  KK: 'Kartu Keluarga',
  SKTM: 'SKTM',
  KKS: 'KKS',
  KIS: 'KIS',
  KIP: 'KIP',
  AKTA_LAHIR: 'Akta lahir',
  SURAT_KETERANGAN_DESA: 'Surat keterangan desa',
  SURAT_DOKTER: 'Surat dokter',
  FOTO_RUMAH: 'Foto rumah',
  LAINNYA: 'Lainnya',
};

/** Field paths of the API in words (for refusals shown on the phone). */
export const FIELD_LABEL: Record<string, string> = {
  'subject.name': 'Nama',
  'subject.nik': 'NIK',
  'subject.noKk': 'Nomor KK',
  'subject.phone': 'Nomor telepon',
  'subject.address.desaCode': 'Desa/kelurahan',
  'subject.address.rt': 'RT',
  'subject.address.rw': 'RW',
  'subject.consent': 'Persetujuan',
  'complaint.description': 'Uraian keluhan',
  'complaint.programmeCodes': 'Program',
};

export const fieldLabel = (path: string): string =>
  FIELD_LABEL[path] ?? FIELD_LABEL[path.replace(/\.\d+$/, '')] ?? path;

/** "23 November 2026, 10.15 WIB"-style, in the phone's time zone. */
export function when(iso: string): string {
  const d = new Date(iso);
  return `${d.toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric' })}, ${d.toLocaleTimeString('id-ID', { hour: '2-digit', minute: '2-digit' })}`;
}
