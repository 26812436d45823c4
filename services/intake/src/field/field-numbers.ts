import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PROVISIONAL_NUMBER_PATTERN,
  type Actor,
  type FieldComplaintItemV1,
  type FieldComplaintResultV1,
  type SyncFieldComplaintsRequestV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { DEVICE_REVOKED, FieldDevicesService, type DeviceRow } from './field-devices.service.js';

/** A provisional number checked against the caller's devices, ready to be stored with its complaint. */
export interface ProvisionalNumber {
  number: string;
  sequence: number;
  trackingCode: string;
  deviceId: string;
}

/** The devices a batch names, checked once before any item is processed. */
export interface BatchDevices {
  byCode: Map<string, DeviceRow>;
  deviceId: string | null;
}

const itemRefused = (detail: string, field = 'provisionalNumber', reason = 'PROVISIONAL_NUMBER_REFUSED') =>
  new DomainError('UNPROCESSABLE', detail, { reason, fieldErrors: [{ field, messages: [detail] }] });

/**
 * Offline receipt numbers of the field app (`L-<deviceCode>-<n>` with a tracking code drawn on
 * the phone), on the Fasilitator's sync: the device code must be an enrolled, non-revoked device
 * of the caller; the number is stored beside the official receipt number (unique), the phone's
 * tracking code replaces the drawn one (the citizen holds it on paper), and every answer names both.
 */
@Injectable()
export class FieldNumbers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: FieldDevicesService,
  ) {}

  /**
   * Before any item: the batch's device (if named) and the caller's devices its numbers name. A
   * revoked one refuses the whole batch (`DEVICE_REVOKED`: the app wipes its data).
   */
  async checkBatch(req: SyncFieldComplaintsRequestV1, actor: Actor): Promise<BatchDevices> {
    const m = this.dataSource.manager;
    if (req.deviceId) await this.devices.requireActive(m, req.deviceId, actor);
    const codes = [
      ...new Set(
        req.items
          .map((i) => (i.provisionalNumber ? PROVISIONAL_NUMBER_PATTERN.exec(i.provisionalNumber)?.[1] : undefined))
          .filter((c): c is string => Boolean(c)),
      ),
    ];
    const byCode = await this.devices.byCodes(m, codes);
    if ([...byCode.values()].some((d) => d.userId === actor.id && d.revokedAt)) throw DEVICE_REVOKED();
    return { byCode, deviceId: req.deviceId ?? null };
  }

  /** The item's provisional number, checked (its device is the caller's, not revoked); null when the item has none. */
  checkItem(item: FieldComplaintItemV1, batch: BatchDevices, actor: Actor): ProvisionalNumber | null {
    if (!item.provisionalNumber) return null;
    const match = PROVISIONAL_NUMBER_PATTERN.exec(item.provisionalNumber);
    if (!match) throw itemRefused('Nomor sementara berbentuk L-ABCD-12.');
    const device = batch.byCode.get(match[1]!);
    if (!device || device.userId !== actor.id)
      throw itemRefused(
        `Kode perangkat ${match[1]} bukan perangkat terdaftar atas nama Anda.`,
        'provisionalNumber',
        'DEVICE_NOT_YOURS',
      );
    if (batch.deviceId && batch.deviceId !== device.id)
      throw itemRefused(
        `Nomor sementara ${item.provisionalNumber} dibuat di perangkat lain milik Anda; sinkronkan dari perangkat itu.`,
        'provisionalNumber',
        'DEVICE_MISMATCH',
      );
    if (!item.trackingCode) throw itemRefused('Kode pelacakan wajib dikirim bersama nomor sementara.', 'trackingCode');
    return {
      number: item.provisionalNumber,
      sequence: Number(match[2]),
      trackingCode: item.trackingCode,
      deviceId: device.id,
    };
  }

  /**
   * Stores the number with the complaint just created (in its transaction) and gives the complaint
   * the phone's tracking code. A number already used for another complaint refuses the item (the
   * transaction rolls back: nothing is registered twice).
   */
  async attach(m: EntityManager, complaintId: string, p: ProvisionalNumber): Promise<void> {
    const [row] = await m.query(
      `INSERT INTO field_provisional_number (provisional_number, complaint_id, device_id, sequence) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING complaint_id`,
      [p.number, complaintId, p.deviceId, p.sequence],
    );
    if (!row) this.refuseTaken(p);
    await m.query(`UPDATE complaint SET tracking_code = $2 WHERE id = $1`, [complaintId, p.trackingCode]);
  }

  refuseTaken(p: ProvisionalNumber): never {
    throw itemRefused(
      `Nomor sementara ${p.number} sudah dipakai untuk pengaduan lain. Periksa penghitung nomor di perangkat.`,
      'provisionalNumber',
      'PROVISIONAL_NUMBER_TAKEN',
    );
  }

  /** Whether the number is already stored for a complaint other than the one synced with `clientId`. */
  async takenByOther(number: string, clientId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT c.client_id AS "clientId" FROM field_provisional_number f JOIN complaint c ON c.id = f.complaint_id WHERE f.provisional_number = $1`,
      [number],
    );
    return Boolean(row) && row.clientId !== clientId;
  }

  /** The answers with each complaint's provisional number, and the devices' last sync recorded. */
  async finish(
    results: FieldComplaintResultV1[],
    batch: BatchDevices,
    actor: Actor,
  ): Promise<FieldComplaintResultV1[]> {
    const ids = results.map((r) => r.complaintId).filter((id): id is string => Boolean(id));
    const rows: Array<{ complaintId: string; number: string; deviceId: string; sequence: number }> = ids.length
      ? await this.dataSource.query(
          `SELECT complaint_id AS "complaintId", provisional_number AS number, device_id AS "deviceId", sequence FROM field_provisional_number WHERE complaint_id = ANY($1)`,
          [ids],
        )
      : [];
    const numbers = new Map(rows.map((r) => [r.complaintId, r.number]));
    const touched = new Map<string, number>();
    if (batch.deviceId) touched.set(batch.deviceId, 0);
    for (const r of rows)
      if ([...batch.byCode.values()].some((d) => d.id === r.deviceId && d.userId === actor.id))
        touched.set(r.deviceId, Math.max(touched.get(r.deviceId) ?? 0, r.sequence));
    for (const [deviceId, sequence] of touched) {
      await this.dataSource.query(
        `UPDATE field_device SET last_sync_at = now(), last_provisional_sequence = GREATEST(last_provisional_sequence, $2) WHERE id = $1 AND revoked_at IS NULL`,
        [deviceId, sequence],
      );
    }
    return results.map((r) => ({ ...r, provisionalNumber: (r.complaintId && numbers.get(r.complaintId)) || null }));
  }
}

/** The complaint a citizen's number names: the official receipt number, or a provisional one mapped to it. */
export async function complaintIdForNumber(
  m: EntityManager,
  number: string,
): Promise<{ complaintId: string; provisionalNumber: string | null } | null> {
  if (/^L-/i.test(number)) {
    const [row] = await m.query(
      `SELECT complaint_id AS "complaintId", provisional_number AS "provisionalNumber" FROM field_provisional_number WHERE provisional_number = $1`,
      [number.toUpperCase()],
    );
    return row ?? null;
  }
  const [row] = await m.query(
    `SELECT c.id AS "complaintId", f.provisional_number AS "provisionalNumber" FROM complaint c LEFT JOIN field_provisional_number f ON f.complaint_id = c.id WHERE c.receipt_number = $1`,
    [number],
  );
  return row ?? null;
}
