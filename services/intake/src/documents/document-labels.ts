import type { DocumentKind, IntakeChannel, Relationship } from '@slrt/contracts';

/**
 * Indonesian wording printed on citizen-facing documents for the wire codes of
 * `@slrt/contracts`. Typed as complete records so a new code in the contracts does not compile
 * until it has a printed label.
 */

/** How the complaint reached the SLRT, as printed on the receipt. */
export const CHANNEL_LABELS: Readonly<Record<IntakeChannel, string>> = {
  SEKRETARIAT_FO: 'Sekretariat SLRT (FO)',
  PUSKESOS_FO: 'Puskesos (FO)',
  FASILITATOR_VISIT: 'Kunjungan Fasilitator',
  PHONE: 'Telepon',
  WHATSAPP: 'WhatsApp',
  WEB: 'Situs web',
};

/** The complainant's relation to the subject ("Hubungan dengan subjek"). */
export const RELATIONSHIP_LABELS: Readonly<Record<Relationship, string>> = {
  self: 'Diri sendiri',
  child: 'Anak',
  parent: 'Orang tua',
  spouse: 'Suami/istri',
  sibling: 'Saudara kandung',
  relative: 'Kerabat',
  neighbour: 'Tetangga',
  'community-leader': 'Tokoh masyarakat',
  other: 'Lainnya',
};

/**
 * The receipt's checklist, in printing order: every kind is listed, ticked when received, so the
 * citizen sees at a glance what the officer holds and what may still be needed.
 */
export const DOCUMENT_LABELS: Readonly<Record<DocumentKind, string>> = {
  KTP: 'KTP',
  KK: 'Kartu Keluarga (KK)',
  SKTM: 'SKTM',
  KKS: 'Kartu KKS',
  KIS: 'Kartu KIS',
  KIP: 'Kartu KIP',
  AKTA_LAHIR: 'Akta kelahiran',
  SURAT_KETERANGAN_DESA: 'Surat keterangan desa/kelurahan',
  SURAT_DOKTER: 'Surat keterangan dokter',
  FOTO_RUMAH: 'Foto rumah',
  LAINNYA: 'Lainnya',
};
