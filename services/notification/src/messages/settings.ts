import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplaintStep, MessageChannel, MessageRecipient, NotificationRuleV1 } from '@slrt/contracts';
import { NotificationEnv } from '../config/notification.env.js';

export interface Settings {
  timeZone: string;
  quietStart: string;
  quietEnd: string;
  perRecipientPerDay: number;
}

const BOTH: MessageRecipient[] = ['complainant', 'subject'];
const TEXT_THEN_VISIT: MessageChannel[] = ['sms', 'whatsapp', 'email', 'fs-visit'];
const TEXT_ONLY: MessageChannel[] = ['sms', 'whatsapp', 'email'];

/**
 * Defaults for a kab/kota that changed nothing: the citizen hears of registration, referral, the
 * owner's answer and the prelist (verivali) step by SMS/WhatsApp/e-mail when reachable, and of the
 * outcome (resolved/rejected) in person through the FS when they have no phone.
 */
export const DEFAULT_RULES: NotificationRuleV1[] = [
  { step: 'received', enabled: true, recipients: BOTH, channels: TEXT_ONLY },
  { step: 'referred', enabled: true, recipients: BOTH, channels: TEXT_ONLY },
  { step: 'answered', enabled: true, recipients: BOTH, channels: TEXT_ONLY },
  { step: 'awaiting-verivali', enabled: true, recipients: BOTH, channels: TEXT_THEN_VISIT },
  { step: 'resolved', enabled: true, recipients: BOTH, channels: TEXT_THEN_VISIT },
  { step: 'rejected', enabled: true, recipients: BOTH, channels: TEXT_THEN_VISIT },
  { step: 'closed', enabled: false, recipients: BOTH, channels: TEXT_ONLY },
  { step: 'registry-checked', enabled: false, recipients: BOTH, channels: TEXT_ONLY },
  { step: 'in-review', enabled: false, recipients: BOTH, channels: TEXT_ONLY },
  { step: 'withdrawn', enabled: false, recipients: BOTH, channels: TEXT_ONLY },
];

/** Settings and rules of this deployment's kab/kota: stored rows over the defaults. */
@Injectable()
export class SettingsStore {
  /** Rules read at most once a second per instance (they change by ADMIN action only). */
  private cached: { at: number; rules: NotificationRuleV1[] } | undefined;
  private cachedSettings: { at: number; value: Settings } | undefined;

  constructor(private readonly env: NotificationEnv) {}

  async settings(m: EntityManager): Promise<Settings> {
    const [row] = (await m.query(
      `SELECT time_zone AS "timeZone", quiet_start AS "quietStart", quiet_end AS "quietEnd", per_recipient_per_day AS "perRecipientPerDay" FROM notification_settings WHERE kab_kota_code = $1`,
      [this.env.KAB_KOTA_CODE],
    )) as Settings[];
    return row ?? { timeZone: this.env.SLRT_TIME_ZONE, quietStart: '21:00', quietEnd: '07:00', perRecipientPerDay: 3 };
  }

  /** The settings, read at most once a second per instance (the dispatcher asks on every pass). */
  async current(m: EntityManager): Promise<Settings> {
    if (!this.cachedSettings || Date.now() - this.cachedSettings.at > 1000)
      this.cachedSettings = { at: Date.now(), value: await this.settings(m) };
    return this.cachedSettings.value;
  }

  async rules(m: EntityManager): Promise<NotificationRuleV1[]> {
    const rows = (await m.query(
      `SELECT step, enabled, recipients, channels FROM notification_rule WHERE kab_kota_code = $1`,
      [this.env.KAB_KOTA_CODE],
    )) as NotificationRuleV1[];
    const byStep = new Map(rows.map((r) => [r.step, r]));
    return DEFAULT_RULES.map((d) => byStep.get(d.step) ?? d);
  }

  async rule(m: EntityManager, step: ComplaintStep): Promise<NotificationRuleV1 | undefined> {
    if (!this.cached || Date.now() - this.cached.at > 1000)
      this.cached = { at: Date.now(), rules: await this.rules(m) };
    return this.cached.rules.find((r) => r.step === step);
  }

  async save(
    m: EntityManager,
    patch: Partial<Settings> & { rules?: NotificationRuleV1[] },
    actorId: string,
  ): Promise<void> {
    const current = await this.settings(m);
    const next = {
      ...current,
      ...Object.fromEntries(Object.entries(patch).filter(([k, v]) => k !== 'rules' && v !== undefined)),
    } as Settings;
    await m.query(
      `INSERT INTO notification_settings (kab_kota_code, time_zone, quiet_start, quiet_end, per_recipient_per_day, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kab_kota_code) DO UPDATE SET time_zone = EXCLUDED.time_zone, quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, per_recipient_per_day = EXCLUDED.per_recipient_per_day, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [this.env.KAB_KOTA_CODE, next.timeZone, next.quietStart, next.quietEnd, next.perRecipientPerDay, actorId],
    );
    this.cached = undefined;
    this.cachedSettings = undefined;
    for (const r of patch.rules ?? []) {
      await m.query(
        `INSERT INTO notification_rule (kab_kota_code, step, enabled, recipients, channels, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (kab_kota_code, step) DO UPDATE SET enabled = EXCLUDED.enabled, recipients = EXCLUDED.recipients, channels = EXCLUDED.channels, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [this.env.KAB_KOTA_CODE, r.step, r.enabled, [...new Set(r.recipients)], [...new Set(r.channels)], actorId],
      );
    }
  }
}
