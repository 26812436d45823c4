import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  DEVICE_REVOKED_REASON,
  FIELD_CODE_ALPHABET,
  type Actor,
  type EnrolFieldDeviceRequestV1,
  type FieldDeviceV1,
  type ListFieldDevicesRequestV1,
  type RevokeFieldDeviceRequestV1,
  RPCS,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { returnedRows } from '@slrt/persistence';
import { hasRole, requireRole, scopePatterns } from '@slrt/auth';

/** A device as stored. */
export interface DeviceRow {
  id: string;
  deviceCode: string;
  userId: string;
  installationId: string;
  label: string;
  enrolledAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastSyncAt: Date | null;
  lastProvisionalSequence: number;
}

export const DEVICE_COLUMNS = `id, device_code AS "deviceCode", user_id AS "userId", installation_id AS "installationId", label, enrolled_at AS "enrolledAt",
  revoked_at AS "revokedAt", revoked_by AS "revokedBy", last_sync_at AS "lastSyncAt", last_provisional_sequence AS "lastProvisionalSequence"`;

/** 31⁴ ≈ 920,000 codes: a clash is rare; a few draws always find a free one. */
const CODE_ATTEMPTS = 25;

export const DEVICE_REVOKED = () =>
  new DomainError(
    'FORBIDDEN',
    'Perangkat ini sudah dicabut (keluar jarak jauh). Data di perangkat harus dihapus; daftarkan perangkat lagi setelah masuk.',
    { reason: DEVICE_REVOKED_REASON },
  );
const DEVICE_NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Perangkat tidak ditemukan.', { reason: 'DEVICE_NOT_FOUND' });

/**
 * The Fasilitators' phones. Enrolled online by the FS (label and an installation id the app draws
 * once: a retried enrolment answers the same device); each gets a short code, unique in the
 * kab/kota, that prefixes the provisional receipt numbers the phone gives offline. Revoking (the
 * FS or ADMIN) is the remote logout: every later field request naming the device is refused with
 * `DEVICE_REVOKED`, and the app wipes its data. Enrolment and revocation are audited.
 */
@Injectable()
export class FieldDevicesService {
  constructor(private readonly dataSource: DataSource) {}

  async enrol(req: EnrolFieldDeviceRequestV1, actor: Actor): Promise<FieldDeviceV1> {
    requireRole(actor, ['FS']);
    const label = req.label.trim();
    if (!label)
      throw new DomainError('VALIDATION_FAILED', 'Nama perangkat wajib diisi.', {
        fieldErrors: [{ field: 'label', messages: ['Nama perangkat wajib diisi.'] }],
      });
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const row = await this.dataSource.transaction(async (m) => {
        const [existing] = await m.query(
          `SELECT ${DEVICE_COLUMNS} FROM field_device WHERE user_id = $1 AND installation_id = $2`,
          [actor.id, req.installationId],
        );
        if (existing) return existing as DeviceRow;
        const [inserted] = await m.query(
          `INSERT INTO field_device (id, device_code, user_id, installation_id, label, region_scope) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING ${DEVICE_COLUMNS}`,
          [uuidv7(), drawCode(), actor.id, req.installationId, label, actor.regionScope],
        );
        if (inserted) await this.audit(m, inserted.id, 'enrolled', actor, null);
        return (inserted as DeviceRow | undefined) ?? null;
      });
      if (row) {
        if (row.revokedAt) throw DEVICE_REVOKED();
        return view(row);
      }
      // The code was taken (or a concurrent enrolment of the same installation won): draw again / read it.
    }
    throw new DomainError('UNAVAILABLE', 'Kode perangkat belum dapat dibuat. Coba lagi.', {
      reason: 'DEVICE_CODE_EXHAUSTED',
    });
  }

  async list(req: ListFieldDevicesRequestV1, actor: Actor): Promise<{ items: FieldDeviceV1[] }> {
    requireRole(actor, RPCS['slrt.rpc.intake.list-field-devices.v1'].roles);
    const supervises = hasRole(actor, ['SPV', 'ADMIN']);
    const rows: DeviceRow[] = await this.dataSource.query(
      `SELECT ${DEVICE_COLUMNS} FROM field_device
       WHERE (user_id = $1 OR ($2 AND EXISTS (SELECT 1 FROM unnest(region_scope) r WHERE r LIKE ANY($3))))
         AND ($4 OR revoked_at IS NULL)
       ORDER BY enrolled_at DESC, id LIMIT 1000`,
      [actor.id, supervises, scopePatterns(actor), req.includeRevoked ?? false],
    );
    return { items: rows.map(view) };
  }

  async revoke(req: RevokeFieldDeviceRequestV1, actor: Actor): Promise<FieldDeviceV1> {
    requireRole(actor, RPCS['slrt.rpc.intake.revoke-field-device.v1'].roles);
    const admin = hasRole(actor, ['ADMIN']);
    return this.dataSource.transaction(async (m) => {
      const [row]: DeviceRow[] = await m.query(
        `SELECT ${DEVICE_COLUMNS} FROM field_device
         WHERE id = $1 AND (user_id = $2 OR ($3 AND EXISTS (SELECT 1 FROM unnest(region_scope) r WHERE r LIKE ANY($4)))) FOR UPDATE`,
        [req.deviceId, actor.id, admin, scopePatterns(actor)],
      );
      if (!row) throw DEVICE_NOT_FOUND();
      if (row.revokedAt) return view(row);
      const reason = req.reason?.trim() || null;
      const [updated] = returnedRows<DeviceRow>(
        await m.query(
          `UPDATE field_device SET revoked_at = now(), revoked_by = $2, revoke_reason = $3 WHERE id = $1 RETURNING ${DEVICE_COLUMNS}`,
          [row.id, actor.id, reason],
        ),
      );
      await this.audit(m, row.id, 'revoked', actor, reason);
      return view(updated!);
    });
  }

  /**
   * The caller's device named by a field request: refused 403 `DEVICE_REVOKED` once revoked, 403
   * `DEVICE_NOT_YOURS` when it is not an enrolled device of the caller.
   */
  async requireActive(m: EntityManager, deviceId: string, actor: Actor): Promise<DeviceRow> {
    const [row]: DeviceRow[] = await m.query(`SELECT ${DEVICE_COLUMNS} FROM field_device WHERE id = $1`, [deviceId]);
    if (!row || row.userId !== actor.id)
      throw new DomainError(
        'FORBIDDEN',
        'Perangkat ini tidak terdaftar atas nama Anda. Daftarkan perangkat lebih dulu.',
        { reason: 'DEVICE_NOT_YOURS' },
      );
    if (row.revokedAt) throw DEVICE_REVOKED();
    return row;
  }

  /** Devices by their codes (any owner; the caller checks ownership). */
  async byCodes(m: EntityManager, codes: string[]): Promise<Map<string, DeviceRow>> {
    if (!codes.length) return new Map();
    const rows: DeviceRow[] = await m.query(`SELECT ${DEVICE_COLUMNS} FROM field_device WHERE device_code = ANY($1)`, [
      codes,
    ]);
    return new Map(rows.map((r) => [r.deviceCode, r]));
  }

  private async audit(
    m: EntityManager,
    deviceId: string,
    action: 'enrolled' | 'revoked',
    actor: Actor,
    reason: string | null,
  ): Promise<void> {
    await m.query(
      `INSERT INTO field_device_audit (device_id, action, actor_id, actor_roles, reason, correlation_id) VALUES ($1, $2, $3, $4, $5, $6)`,
      [deviceId, action, actor.id, actor.roles, reason, RequestContext.current()?.correlationId ?? null],
    );
  }
}

function drawCode(): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += FIELD_CODE_ALPHABET[randomInt(FIELD_CODE_ALPHABET.length)];
  return s;
}

export function view(r: DeviceRow): FieldDeviceV1 {
  return {
    deviceId: r.id,
    deviceCode: r.deviceCode,
    label: r.label,
    userId: r.userId,
    enrolledAt: new Date(r.enrolledAt).toISOString(),
    revokedAt: r.revokedAt ? new Date(r.revokedAt).toISOString() : null,
    revokedBy: r.revokedBy,
    lastSyncAt: r.lastSyncAt ? new Date(r.lastSyncAt).toISOString() : null,
    lastProvisionalSequence: r.lastProvisionalSequence,
  };
}
