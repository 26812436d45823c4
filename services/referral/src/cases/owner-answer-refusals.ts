import { createHash } from 'node:crypto';
import type { CaseState, FieldError, OwnerAnswerRefusal } from '@slrt/contracts';
import { UNKNOWN_FIELD_MESSAGE } from '@slrt/contracts';

/** Why an owner's answer was refused, as recorded on the case and fed back to the owner. */
export type Refusal = {
  code: OwnerAnswerRefusal;
  reason: { id: string; en: string };
  fieldErrors?: Array<{ path: string; message: string }>;
  caseState?: CaseState | null;
};

/** The reason an owner is told for each refusal, in Bahasa Indonesia and English. */
export function refusal(code: OwnerAnswerRefusal, answer?: string, state?: CaseState): Refusal {
  const reasons: Record<OwnerAnswerRefusal, [string, string]> = {
    MALFORMED_MESSAGE: [
      'Pesan tidak dapat dibaca sebagai amplop SLRT (JSON dengan id, subject, occurredAt, producer, kabKotaCode, correlationId, causationId, actor, data). Perbaiki kolom yang disebutkan, lalu kirim ulang dengan id baru.',
      'The message is not a readable SLRT envelope (JSON with id, subject, occurredAt, producer, kabKotaCode, correlationId, causationId, actor, data). Fix the listed fields and publish again with a new id.',
    ],
    INVALID_PAYLOAD: [
      'Isi jawaban (data) tidak sesuai skema: periksa kolom yang disebutkan, lalu kirim ulang dengan id baru.',
      "The answer's data does not match its schema: fix the listed fields and publish again with a new id.",
    ],
    OWNER_MISMATCH: [
      'Amplop jawaban menyebut pengelola program lain (producer atau actor.ownerCode) daripada subjek tempat jawaban dikirim.',
      'The envelope names another programme owner (producer or actor.ownerCode) than the subject the answer was published on.',
    ],
    UNKNOWN_REFERRAL: [
      'Tidak ada rujukan dengan referralId ini di SLRT kabupaten/kota ini.',
      'No referral with this referralId exists in this kab/kota SLRT.',
    ],
    NOT_YOUR_REFERRAL: [
      'Rujukan ini tidak dikirim kepada pengelola program Anda.',
      'This referral was not sent to your programme.',
    ],
    REFERRAL_WITHDRAWN: [
      'Rujukan ini sudah ditarik oleh SLRT; jawaban tidak diperlukan lagi.',
      'The SLRT withdrew this referral; no answer is expected any more.',
    ],
    TRANSITION_NOT_ALLOWED: [
      `Jawaban "${answer ?? ''}" tidak berlaku untuk kasus berstatus "${state ?? ''}".`,
      `The answer "${answer ?? ''}" does not apply to a case in state "${state ?? ''}".`,
    ],
    UNKNOWN_TARGET_OWNER: [
      'Pengelola program tujuan (targetOwnerCode) tidak ada dalam direktori SLRT atau tidak aktif.',
      'The target owner (targetOwnerCode) is not in the SLRT directory or not active.',
    ],
    TARGET_NOT_HIGHER_LEVEL: [
      'Rujukan hanya dapat diteruskan ke pengelola program di tingkat yang lebih tinggi (desa → kabupaten/kota → provinsi → pusat).',
      'A referral can only be passed to an owner at a higher level (desa → kab/kota → province → centre).',
    ],
    TARGET_ALREADY_REFERRED: [
      'Pengelola program tujuan sudah menerima rujukan yang masih terbuka untuk kasus ini.',
      'The target owner already has an open referral for this case.',
    ],
    TARGET_PARTNERSHIP_INVALID: [
      'Pengelola program tujuan adalah mitra non-pemerintah tanpa perjanjian kerja sama yang berlaku untuk program ini.',
      'The target is a non-government partner without an agreement in force for this programme.',
    ],
  };
  const [id, en] = reasons[code];
  return { code, reason: { id, en } };
}

/**
 * A UUID (version 8 layout) derived from `text`: the key of a refusal record for an answer that
 * has no message id of its own (an HTTP answer, one member of a group answer), so the same
 * answer is recorded once.
 */
export function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Value at a dotted path (`data.referralId`) of an untrusted parsed body; undefined when absent. */
export function at(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const k of path.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Field errors of the validator as an owner reads them: in Indonesian, a missing field named as missing. */
export function ownerFieldErrors(errors: FieldError[], body: unknown): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const e of errors.slice(0, 50)) {
    const path = e.field;
    const detail = e.messages.join('; ');
    let message: string;
    if (body === null) message = 'Isi pesan bukan JSON yang dapat dibaca.';
    else if (path === '') message = `Pesan harus berupa objek JSON (${detail}).`;
    else if (e.messages.includes(UNKNOWN_FIELD_MESSAGE))
      message = `Kolom "${path}" tidak dikenal dan tidak boleh dikirim.`;
    else if (at(body, path) === undefined) message = `Kolom "${path}" wajib ada, tetapi tidak ada dalam pesan.`;
    else message = `Nilai kolom "${path}" tidak valid (${detail}).`;
    out.push({ path, message: message.slice(0, 1000) });
  }
  if (body === null && out.length === 0) out.push({ path: '', message: 'Isi pesan bukan JSON yang dapat dibaca.' });
  return out;
}
