import type { FieldError } from '@slrt/contracts';

/** A problem the gateway answers itself (RFC 9457), with a stable code and a detail in Bahasa Indonesia. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }
}

/** Titles per status, for the `title` member. */
export const TITLES: Record<number, string> = {
  400: 'Permintaan tidak valid',
  401: 'Perlu masuk',
  403: 'Tidak berwenang',
  404: 'Tidak ditemukan',
  405: 'Metode tidak diizinkan',
  409: 'Konflik',
  413: 'Isi permintaan terlalu besar',
  415: 'Jenis isi tidak didukung',
  422: 'Data tidak dapat diproses',
  423: 'Akun terkunci',
  429: 'Terlalu banyak permintaan',
  500: 'Kesalahan pada server',
  503: 'Layanan tidak tersedia',
  504: 'Layanan tidak menjawab',
};
