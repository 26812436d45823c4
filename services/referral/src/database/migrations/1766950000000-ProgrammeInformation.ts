import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

interface SeedInfo {
  description: string;
  eligibility: string;
  documentsNeeded: string[];
  howToApply: string;
}

/** Information for citizens about the seeded national programmes (an ADMIN corrects it in the catalogue). */
const SEED_INFO: Record<string, SeedInfo> = {
  PKH: {
    description:
      'Bantuan tunai bersyarat untuk keluarga miskin dan rentan, disalurkan beberapa kali setahun. Besarnya menurut komponen keluarga: ibu hamil/nifas, anak usia dini, anak sekolah SD/SMP/SMA, penyandang disabilitas berat, dan lanjut usia.',
    eligibility:
      'Keluarga yang terdaftar dalam data terpadu kesejahteraan sosial (DTSEN/DTKS) dan mempunyai paling sedikit satu komponen: kesehatan (ibu hamil, balita), pendidikan (anak sekolah), atau kesejahteraan sosial (disabilitas berat, lansia). Keluarga wajib memeriksakan kesehatan dan menyekolahkan anak.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)'],
    howToApply:
      'Tidak ada pendaftaran langsung. Pastikan keluarga terdaftar dalam data kesejahteraan sosial melalui desa/kelurahan atau SLRT; penerima ditetapkan Kementerian Sosial dan didampingi pendamping PKH.',
  },
  BPNT: {
    description:
      'Bantuan pangan (Program Sembako) setiap bulan untuk membeli bahan pangan seperti beras, telur, dan sumber protein di e-Warong atau disalurkan melalui PT Pos/bank.',
    eligibility:
      'Keluarga penerima manfaat yang terdaftar dalam data terpadu kesejahteraan sosial (DTSEN/DTKS) dan ditetapkan Kementerian Sosial.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)', 'Kartu Keluarga Sejahtera (KKS) bila ada'],
    howToApply:
      'Daftarkan keluarga dalam data kesejahteraan sosial melalui desa/kelurahan atau SLRT (usulan lewat musyawarah desa/kelurahan). Keluhan jumlah, kualitas, atau waktu penyaluran dapat diadukan di SLRT.',
  },
  PIP: {
    description:
      'Bantuan tunai pendidikan setiap tahun untuk anak usia sekolah (6–21 tahun) dari keluarga miskin atau rentan, untuk biaya sekolah seperti seragam, buku, dan transportasi.',
    eligibility:
      'Siswa SD/SMP/SMA/SMK (dan madrasah atau pesantren melalui Kementerian Agama) dari keluarga pemegang KIP, penerima PKH/KKS, atau terdaftar dalam data kesejahteraan sosial; juga anak yatim piatu, penyandang disabilitas, atau korban bencana.',
    documentsNeeded: [
      'Kartu Indonesia Pintar (KIP) bila ada',
      'Kartu Keluarga (KK)',
      'Akta kelahiran anak',
      'Surat keterangan dari sekolah',
    ],
    howToApply:
      'Hubungi sekolah atau madrasah: sekolah mengusulkan siswa melalui Dapodik/EMIS. Bila keluarga belum terdaftar, datang ke SLRT atau desa/kelurahan.',
  },
  PBI: {
    description:
      'Iuran BPJS Kesehatan (Kartu Indonesia Sehat) dibayar pemerintah, sehingga peserta berobat di fasilitas kesehatan tanpa membayar iuran.',
    eligibility:
      'Fakir miskin dan orang tidak mampu yang terdaftar dalam data terpadu kesejahteraan sosial (DTSEN/DTKS) dan ditetapkan Kementerian Sosial.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)', 'Surat keterangan dari fasilitas kesehatan (untuk reaktivasi)'],
    howToApply:
      'Daftar atau minta reaktivasi melalui Dinas Sosial atau SLRT. Untuk reaktivasi kepesertaan yang nonaktif, bawa surat keterangan dari puskesmas/rumah sakit; Dinas Sosial mengusulkan ke Kementerian Sosial.',
  },
  BST: {
    description:
      'Bantuan tunai dari Kementerian Sosial untuk keluarga yang terdampak keadaan tertentu, disalurkan melalui PT Pos atau bank.',
    eligibility:
      'Keluarga yang terdaftar dalam data terpadu kesejahteraan sosial dan bukan penerima PKH atau Program Sembako pada periode yang sama.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)'],
    howToApply:
      'Penerima ditetapkan Kementerian Sosial dari data kesejahteraan sosial. Tanyakan status di SLRT atau desa/kelurahan.',
  },
  'BLT-DD': {
    description:
      'Bantuan tunai dari Dana Desa untuk keluarga miskin di desa, dibayar setiap bulan selama tahun anggaran.',
    eligibility:
      'Keluarga miskin atau rentan di desa, terutama yang belum menerima bantuan lain (PKH, Sembako), yang disepakati dalam musyawarah desa.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)'],
    howToApply:
      'Sampaikan usulan ke pemerintah desa; penerima ditetapkan melalui musyawarah desa dan peraturan kepala desa.',
  },
  RUTILAHU: {
    description: 'Perbaikan rumah tidak layak huni (atap, lantai, dinding, sanitasi) bagi keluarga miskin.',
    eligibility:
      'Keluarga miskin yang terdaftar dalam data kesejahteraan sosial, menempati rumah tidak layak huni di atas tanah milik sendiri atau yang sah digunakan.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)', 'Bukti kepemilikan atau hak pakai tanah', 'Foto kondisi rumah'],
    howToApply: 'Ajukan melalui desa/kelurahan atau SLRT; usulan diverifikasi Dinas Sosial sebelum ditetapkan.',
  },
  'PBI-APBD': {
    description:
      'Iuran BPJS Kesehatan dibayar pemerintah daerah bagi warga tidak mampu yang belum menjadi peserta PBI nasional.',
    eligibility:
      'Warga kabupaten/kota ini yang tidak mampu, terdaftar dalam data kesejahteraan sosial, dan belum terdaftar sebagai peserta PBI dari APBN.',
    documentsNeeded: ['KTP-el', 'Kartu Keluarga (KK)', 'Surat keterangan tidak mampu dari desa/kelurahan'],
    howToApply:
      'Ajukan melalui Dinas Sosial atau SLRT; bila sedang dirawat, minta surat keterangan dari rumah sakit atau puskesmas.',
  },
};

/**
 * Information about each programme for citizens and the front office (seed 000: informing citizens
 * about the programmes of the nine sectors): what it gives, who may receive it, documents needed,
 * how to apply, and whether it is shown on the public page. Seeded for the national programmes,
 * published by default; new programmes start unpublished until an ADMIN fills them in.
 */
export class ProgrammeInformation1766950000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      ALTER TABLE "${s}".programme
        ADD COLUMN description text NOT NULL DEFAULT '',
        ADD COLUMN eligibility text NOT NULL DEFAULT '',
        ADD COLUMN documents_needed text[] NOT NULL DEFAULT '{}',
        ADD COLUMN how_to_apply text NOT NULL DEFAULT '',
        ADD COLUMN public_info boolean NOT NULL DEFAULT false`);
    for (const [code, info] of Object.entries(SEED_INFO)) {
      await q.query(
        `UPDATE "${s}".programme SET description = $2, eligibility = $3, documents_needed = $4, how_to_apply = $5, public_info = true
         WHERE code = $1 AND updated_by = 'seed' AND description = ''`,
        [code, info.description, info.eligibility, info.documentsNeeded, info.howToApply],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `ALTER TABLE "${s}".programme DROP COLUMN public_info, DROP COLUMN how_to_apply, DROP COLUMN documents_needed, DROP COLUMN eligibility, DROP COLUMN description`,
    );
  }
}
