import { Matches, type ValidationOptions } from 'class-validator';

/** A NIK or a KK number as written on the card: exactly 16 digits (their inner rules live in libs/domain). */
export const SIXTEEN_DIGITS = /^\d{16}$/;

/** A 16-digit NIK, refused in the operator's words. One declaration for every contract that carries one. */
export function IsNik(options?: ValidationOptions): PropertyDecorator {
  return Matches(SIXTEEN_DIGITS, { message: 'NIK harus 16 angka', ...options });
}

/** A 16-digit family card (KK) number, refused in the operator's words. */
export function IsNoKk(options?: ValidationOptions): PropertyDecorator {
  return Matches(SIXTEEN_DIGITS, { message: 'Nomor KK harus 16 angka', ...options });
}
