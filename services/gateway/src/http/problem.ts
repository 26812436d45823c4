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
  408: 'Waktu permintaan habis',
  413: 'Isi permintaan terlalu besar',
  414: 'Alamat terlalu panjang',
  415: 'Jenis isi tidak didukung',
  422: 'Data tidak dapat diproses',
  423: 'Akun terkunci',
  429: 'Terlalu banyak permintaan',
  431: 'Header terlalu besar',
  500: 'Kesalahan pada server',
  503: 'Layanan tidak tersedia',
  504: 'Layanan tidak menjawab',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  allowed?: string[];
}

/** Stable codes and details of the gateway's own HTTP failures (not from a domain service). */
export const HTTP_CODES: Record<number, [code: string, detail: string]> = {
  400: ['BAD_REQUEST', 'Permintaan tidak dapat dibaca. Periksa format JSON dan isinya.'],
  404: ['ROUTE_NOT_FOUND', 'Alamat yang diminta tidak ada di API ini.'],
  405: ['METHOD_NOT_ALLOWED', 'Metode HTTP ini tidak berlaku untuk alamat ini.'],
  408: ['REQUEST_TIMEOUT', 'Permintaan terlalu lama dikirim.'],
  413: ['PAYLOAD_TOO_LARGE', 'Isi permintaan terlalu besar.'],
  414: ['URI_TOO_LONG', 'Alamat permintaan terlalu panjang.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Jenis isi (Content-Type) ini tidak didukung.'],
  429: ['RATE_LIMITED', 'Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.'],
  431: ['HEADERS_TOO_LARGE', 'Header permintaan terlalu besar.'],
};
