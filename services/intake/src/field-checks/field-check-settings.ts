import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DEFAULT_REVIEW_CHAIN,
  INTAKE_CHANNELS,
  REVIEW_STEPS,
  type Actor,
  type FieldCheckSettingsV1,
  type IntakeChannel,
  type ReviewChainV1,
  type ReviewStep,
  type SaveFieldCheckSettingsRequestV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { IntakeEnv } from '../config/intake.env.js';
import { requireRole } from '@slrt/auth';

/** Who reads and who changes the settings. */
export const SETTINGS_ROLES = { read: ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'], save: ['ADMIN'] } as const;

/** The settings as stored (and as used by registration and the registry-checked event). */
export interface FieldCheckSettings {
  supervisorCheckRequired: boolean;
  chains: Record<IntakeChannel, ReviewStep[]>;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The seeds' defaults: FS submissions are checked by the SPV; every intake point follows SPV → MJ → BO. */
export function defaultSettings(): FieldCheckSettings {
  return {
    supervisorCheckRequired: true,
    chains: Object.fromEntries(INTAKE_CHANNELS.map((c) => [c, [...DEFAULT_REVIEW_CHAIN]])) as Record<
      IntakeChannel,
      ReviewStep[]
    >,
    version: 0,
    updatedAt: null,
    updatedBy: null,
  };
}

/** The columns of a `field_check_setting` row as `settingsOf` reads them. */
export const SETTINGS_COLUMNS = `supervisor_check_required AS "required", review_chains AS chains, version, updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** A `field_check_setting` row selected with `SETTINGS_COLUMNS` (all null when the kab/kota never saved its settings). */
export interface SettingsRow {
  required: boolean | null;
  chains: Partial<Record<IntakeChannel, ReviewStep[]>> | null;
  version: number | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The settings of a row read with `SETTINGS_COLUMNS`; the defaults when there is none. */
export function settingsOf(row: SettingsRow | undefined): FieldCheckSettings {
  const d = defaultSettings();
  if (!row || row.required === null) return d;
  return {
    supervisorCheckRequired: row.required,
    chains: { ...d.chains, ...row.chains },
    version: row.version!,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** The kab/kota's settings, in `m`'s transaction (defaults when never saved). */
export async function readSettings(m: EntityManager, kabKotaCode: string, lock = false): Promise<FieldCheckSettings> {
  const [row] = (await m.query(
    `SELECT ${SETTINGS_COLUMNS} FROM field_check_setting WHERE kab_kota_code = $1${lock ? ' FOR UPDATE' : ''}`,
    [kabKotaCode],
  )) as SettingsRow[];
  return settingsOf(row);
}

/** The review chain of an intake point (a channel unknown to the settings follows the default). */
export function chainOf(s: FieldCheckSettings, intakePoint: string): ReviewStep[] {
  return s.chains[intakePoint as IntakeChannel] ?? [...DEFAULT_REVIEW_CHAIN];
}

/**
 * Whether a chain is one the referral state machine can follow: the steps in the order SPV, MJ, BO,
 * with MJ (approves) and BO (sends) always present; only the SPV's review may be left out.
 */
export function isValidChain(steps: readonly string[]): boolean {
  const order = steps.map((s) => (REVIEW_STEPS as readonly string[]).indexOf(s));
  return (
    order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!)) && steps.includes('MJ') && steps.includes('BO')
  );
}

function view(kabKotaCode: string, s: FieldCheckSettings): FieldCheckSettingsV1 {
  return {
    kabKotaCode,
    supervisorCheckRequired: s.supervisorCheckRequired,
    reviewChains: INTAKE_CHANNELS.map((c): ReviewChainV1 => ({ intakePoint: c, steps: chainOf(s, c) })),
    version: s.version,
    updatedAt: s.updatedAt ? new Date(s.updatedAt).toISOString() : null,
    updatedBy: s.updatedBy,
  };
}

/**
 * The kab/kota's settings of the supervisor check and the review chains: read by staff, changed by
 * ADMIN with an optimistic version; every saved version is kept with before/after, actor and reason.
 */
@Injectable()
export class FieldCheckSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: IntakeEnv,
  ) {}

  async get(includeHistory: boolean, actor: Actor): Promise<FieldCheckSettingsV1> {
    requireRole(actor, SETTINGS_ROLES.read);
    const m = this.dataSource.manager;
    const out = view(this.env.KAB_KOTA_CODE, await readSettings(m, this.env.KAB_KOTA_CODE));
    if (!includeHistory) return out;
    const rows = (await m.query(
      `SELECT version, at, actor_id AS "actorId", actor_role AS "actorRole", reason, before, after FROM field_check_setting_change WHERE kab_kota_code = $1 ORDER BY version DESC LIMIT 200`,
      [this.env.KAB_KOTA_CODE],
    )) as Array<{
      version: number;
      at: Date;
      actorId: string;
      actorRole: string;
      reason: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
    }>;
    return { ...out, history: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })) };
  }

  async save(req: SaveFieldCheckSettingsRequestV1, actor: Actor): Promise<FieldCheckSettingsV1> {
    requireRole(actor, SETTINGS_ROLES.save);
    const fieldErrors: Array<{ field: string; messages: string[] }> = [];
    const seen = new Set<string>();
    (req.reviewChains ?? []).forEach((c, i) => {
      if (seen.has(c.intakePoint))
        fieldErrors.push({ field: `reviewChains[${i}].intakePoint`, messages: ['Titik layanan ini sudah disebut.'] });
      seen.add(c.intakePoint);
      if (!isValidChain(c.steps))
        fieldErrors.push({
          field: `reviewChains[${i}].steps`,
          messages: ['Rantai harus berurutan SPV, MJ, BO; MJ dan BO wajib, SPV boleh dilewati.'],
        });
    });
    if (fieldErrors.length) throw new DomainError('VALIDATION_FAILED', 'Pengaturan belum benar.', { fieldErrors });
    const code = this.env.KAB_KOTA_CODE;
    const saved = await this.dataSource.transaction(async (m) => {
      const current = await readSettings(m, code, true);
      if (current.version !== req.expectedVersion) {
        throw new DomainError(
          'CONFLICT',
          `Pengaturan sudah diubah orang lain (versi ${current.version}). Muat ulang lalu simpan lagi.`,
          { reason: 'VERSION_CONFLICT' },
        );
      }
      const chains = { ...current.chains };
      for (const c of req.reviewChains ?? []) chains[c.intakePoint] = [...c.steps];
      const next: FieldCheckSettings = {
        supervisorCheckRequired: req.supervisorCheckRequired,
        chains,
        version: current.version + 1,
        updatedAt: new Date(),
        updatedBy: actor.id,
      };
      const written = (await m.query(
        `INSERT INTO field_check_setting (kab_kota_code, supervisor_check_required, review_chains, version, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, now(), $5)
         ON CONFLICT (kab_kota_code) DO UPDATE SET supervisor_check_required = EXCLUDED.supervisor_check_required, review_chains = EXCLUDED.review_chains,
           version = EXCLUDED.version, updated_at = now(), updated_by = EXCLUDED.updated_by
         WHERE field_check_setting.version = $6
         RETURNING 1`,
        [code, next.supervisorCheckRequired, JSON.stringify(chains), next.version, actor.id, current.version],
      )) as unknown[];
      // A first save racing another first save: the row did not exist to lock.
      if (written.length === 0)
        throw new DomainError('CONFLICT', 'Pengaturan sudah diubah orang lain. Muat ulang lalu simpan lagi.', {
          reason: 'VERSION_CONFLICT',
        });
      const snapshot = (s: FieldCheckSettings) => ({
        supervisorCheckRequired: s.supervisorCheckRequired,
        reviewChains: s.chains,
      });
      await m.query(
        `INSERT INTO field_check_setting_change (kab_kota_code, version, actor_id, actor_role, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          code,
          next.version,
          actor.id,
          actor.roles.includes('ADMIN') ? 'ADMIN' : (actor.roles[0] ?? 'ADMIN'),
          req.reason?.trim() || null,
          current.version ? JSON.stringify(snapshot(current)) : null,
          JSON.stringify(snapshot(next)),
        ],
      );
      return next;
    });
    return view(code, saved);
  }
}
