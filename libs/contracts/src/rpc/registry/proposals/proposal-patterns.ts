/** Input patterns the proposal requests share (not exported from the library: the classes carry them). */

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,120}$/;

export const IDEMPOTENCY_MESSAGE = 'Idempotency-Key 8–120 karakter (huruf, angka, . _ : -)';

export const REGION_FILTER = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

export const RT_RW = /^\d{1,3}$/;
