import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Actor,
  ListWebhookDeliveriesRequestV1,
  ListWebhookDeliveriesResponseV1,
  OwnerWebhookViewV1,
  SaveOwnerWebhookRequestV1,
  WebhookDeliveryStatus,
  WebhookDeliveryViewV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { requireRole } from '@slrt/auth';
import { ReferralEnv } from '../config/referral.env.js';
import { newWebhookSecret } from './signature.js';
import { webhookUrlProblem, type WebhookUrlPolicy } from './url-policy.js';

/** The SSRF policy of a configuration. */
export function webhookPolicy(env: ReferralEnv): WebhookUrlPolicy {
  return {
    allowPrivate: env.REFERRAL_WEBHOOK_ALLOW_PRIVATE === '1',
    allowedHosts: env.REFERRAL_WEBHOOK_ALLOWED_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    requireHttps: env.NODE_ENV === 'production',
  };
}

interface WebhookRow {
  owner_code: string;
  url: string;
  secret: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  pending: number;
  failed: number;
  delivered: number;
}

interface DeliveryRow {
  id: string;
  owner_code: string;
  subject: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  delivered_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function deliveryView(r: DeliveryRow): WebhookDeliveryViewV1 {
  return {
    id: r.id,
    ownerCode: r.owner_code,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastAttemptAt: iso(r.last_attempt_at),
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    deliveredAt: iso(r.delivered_at),
    createdAt: iso(r.created_at)!,
  };
}

const DELIVERY_COLUMNS =
  'id, owner_code, subject, status, attempts, last_status, last_error, last_attempt_at, next_attempt_at, delivered_at, created_at';

/**
 * Owners' webhook configurations and their deliveries, managed by a kab/kota-wide ADMIN (an
 * owner's channel is kab/kota-wide, like its PO users and API keys).
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ReferralEnv,
  ) {}

  async list(ownerCode: string | undefined, actor: Actor): Promise<{ items: OwnerWebhookViewV1[] }> {
    this.requireKabKotaAdmin(actor);
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT w.owner_code, w.url, w.secret, w.active, w.created_at, w.updated_at,
              count(d.*) FILTER (WHERE d.status = 'pending')::int AS pending,
              count(d.*) FILTER (WHERE d.status = 'failed')::int AS failed,
              count(d.*) FILTER (WHERE d.status = 'delivered')::int AS delivered
       FROM owner_webhook w LEFT JOIN webhook_delivery d ON d.owner_code = w.owner_code
       WHERE $1::text IS NULL OR w.owner_code = $1
       GROUP BY w.owner_code ORDER BY w.owner_code`,
      [ownerCode ?? null],
    );
    return { items: rows.map((r) => this.view(r)) };
  }

  /** Creates or changes an owner's webhook; a new one (or `rotateSecret`) gets a new secret, returned this once. */
  async save(req: SaveOwnerWebhookRequestV1, actor: Actor): Promise<OwnerWebhookViewV1> {
    this.requireKabKotaAdmin(actor);
    const problem = webhookUrlProblem(req.url, webhookPolicy(this.env));
    if (problem)
      throw new DomainError('VALIDATION_FAILED', `URL webhook ditolak: ${problem}`, {
        fieldErrors: [{ field: 'url', messages: [problem] }],
      });
    return this.dataSource.transaction(async (m) => {
      const [owner] = await m.query(`SELECT code FROM programme_owner WHERE code = $1`, [req.ownerCode]);
      if (!owner)
        throw new DomainError('NOT_FOUND', 'Pengelola program tidak ada di direktori.', { reason: 'OWNER_NOT_FOUND' });
      const [existing] = await m.query(`SELECT owner_code FROM owner_webhook WHERE owner_code = $1 FOR UPDATE`, [
        req.ownerCode,
      ]);
      const secret = !existing || req.rotateSecret ? newWebhookSecret() : null;
      await m.query(
        `INSERT INTO owner_webhook (owner_code, url, secret, active, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (owner_code) DO UPDATE SET url = EXCLUDED.url, active = EXCLUDED.active, updated_by = EXCLUDED.updated_by, updated_at = now(),
           secret = CASE WHEN $6 THEN EXCLUDED.secret ELSE owner_webhook.secret END`,
        [req.ownerCode, req.url, secret ?? '', req.active, actor.id, secret !== null],
      );
      const [row] = await m.query(
        `SELECT w.*, 0 AS pending, 0 AS failed, 0 AS delivered FROM owner_webhook w WHERE owner_code = $1`,
        [req.ownerCode],
      );
      const counts = (await m.query(
        `SELECT status, count(*)::int AS n FROM webhook_delivery WHERE owner_code = $1 GROUP BY status`,
        [req.ownerCode],
      )) as Array<{ status: string; n: number }>;
      for (const c of counts) (row as Record<string, unknown>)[c.status] = c.n;
      return { ...this.view(row as WebhookRow), ...(secret ? { secret } : {}) };
    });
  }

  async listDeliveries(req: ListWebhookDeliveriesRequestV1, actor: Actor): Promise<ListWebhookDeliveriesResponseV1> {
    this.requireKabKotaAdmin(actor);
    const params = [req.ownerCode ?? null, req.status ?? null];
    const where = `WHERE ($1::text IS NULL OR owner_code = $1) AND ($2::text IS NULL OR status = $2)`;
    const [counted] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM webhook_delivery ${where}`,
      params,
    )) as Array<{ total: number }>;
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery ${where} ORDER BY created_at DESC, id DESC LIMIT ${Number(req.pageSize)} OFFSET ${(Number(req.page) - 1) * Number(req.pageSize)}`,
      params,
    );
    return { items: rows.map(deliveryView), total: counted?.total ?? 0, page: req.page, pageSize: req.pageSize };
  }

  /** Queues a message again with a fresh retry budget (a failed one, or a delivered one the owner lost). */
  async redeliver(deliveryId: string, ownerCode: string, actor: Actor): Promise<WebhookDeliveryViewV1> {
    this.requireKabKotaAdmin(actor);
    const result = (await this.dataSource.query(
      `UPDATE webhook_delivery SET status = 'pending', attempts_base = attempts, next_attempt_at = now(), delivered_at = NULL
       WHERE id = $1 AND owner_code = $2 RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, ownerCode],
    )) as unknown[];
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as DeliveryRow[];
    if (!rows[0])
      throw new DomainError(
        'NOT_FOUND',
        'Pengiriman webhook tidak ditemukan (atau sudah dihapus setelah masa simpan).',
        { reason: 'DELIVERY_NOT_FOUND' },
      );
    return deliveryView(rows[0]);
  }

  private view(r: WebhookRow): OwnerWebhookViewV1 {
    return {
      ownerCode: r.owner_code,
      url: r.url,
      active: r.active,
      secretHint: r.secret.slice(-4),
      pending: Number(r.pending),
      failed: Number(r.failed),
      delivered: Number(r.delivered),
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    };
  }

  /** Owner channels are kab/kota-wide: only an ADMIN whose scope contains the kab/kota code itself. */
  private requireKabKotaAdmin(actor: Actor): void {
    requireRole(actor, ['ADMIN'], 'Hanya admin yang dapat mengelola webhook pengelola program.');
    if (!actor.regionScope.includes(this.env.KAB_KOTA_CODE)) {
      throw new DomainError(
        'FORBIDDEN',
        'Webhook pengelola program berlaku untuk seluruh kab/kota: hanya ADMIN dengan wilayah kerja seluruh kab/kota yang dapat mengelolanya.',
        { reason: 'KAB_KOTA_ADMIN_REQUIRED' },
      );
    }
  }
}
