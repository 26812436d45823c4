import { publicStatusUrl, type ComplaintStatusChangedV1, type NotificationContactsV1 } from '@slrt/contracts';
import { findRegion, localDate } from '@slrt/domain';
import { formatTanggalKalender } from '@slrt/documents';
import type { NotificationEnv } from '../config/notification.env.js';
import { STEP_LABELS, type TemplateValues } from '../templates/templates.js';
import { OWNER_LABELS } from './owner-labels.js';

/** The values a message template is rendered with: the complaint's step, its numbers, the kab/kota, the date in its time zone. */
export function templateValues(
  env: NotificationEnv,
  e: Pick<ComplaintStatusChangedV1, 'step' | 'ownerCode' | 'reasonText' | 'occurredAt'>,
  contacts: Pick<NotificationContactsV1, 'receiptNumber' | 'trackingCode'>,
  name: string,
): TemplateValues {
  const kabKota = findRegion(env.KAB_KOTA_CODE)?.name ?? `kab/kota ${env.KAB_KOTA_CODE}`;
  const local = localDate(new Date(e.occurredAt), env.SLRT_TIME_ZONE);
  return {
    nama: name,
    nomorPengaduan: contacts.receiptNumber,
    kodePelacakan: contacts.trackingCode,
    kabKota: kabKota.replace(/^KOTA /i, 'Kota ').replace(/^KAB\. /i, 'Kabupaten '),
    tahap: STEP_LABELS[e.step],
    pemilikProgram: e.ownerCode ? (OWNER_LABELS[e.ownerCode] ?? e.ownerCode) : 'pengelola program',
    alasan: e.reasonText ?? 'lihat rincian pada halaman status',
    tanggal: formatTanggalKalender(local),
    tautanStatus: publicStatusUrl(env.SLRT_PUBLIC_STATUS_URL, contacts.receiptNumber, contacts.trackingCode),
  };
}
