import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { parseIsoDate } from '@slrt/domain';

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

/** A calendar date as written in contracts: `YYYY-MM-DD`. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date `YYYY-MM-DD` that exists on the calendar (`2026-02-30` refused, in words): one declaration
 * for every contract that carries a date. The pattern stays visible in the OpenAPI document; the
 * calendar check is `parseIsoDate` of libs/domain, the services' own.
 */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target, property) => {
    Matches(ISO_DATE, { message: 'Tanggal berformat TTTT-BB-HH', ...options })(target, property);
    ValidateBy(
      {
        name: 'isCalendarDate',
        validator: {
          validate: (v: unknown) => typeof v !== 'string' || !ISO_DATE.test(v) || parseIsoDate(v) !== null,
          defaultMessage: () => 'Tanggal tidak ada dalam kalender.',
        },
      },
      { ...options, message: 'Tanggal tidak ada dalam kalender.' },
    )(target, property);
  };
}
