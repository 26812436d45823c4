/* eslint-disable max-lines -- programme owners, programmes and routing rules as data: their checks refer to each other */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ROUTING_ATTRIBUTES,
  type Actor,
  type FieldError,
  type ListProgrammesRequestV1,
  type ListRoutingRulesRequestV1,
  type ProgrammeViewV1,
  type RoutingRuleChangeV1,
  type RoutingRuleViewV1,
  type SaveProgrammeRequestV1,
  type SaveRoutingRuleRequestV1,
  RPCS,
} from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { returnedRows as returned } from '@slrt/persistence';
import { ReferralEnv } from '../config/referral.env.js';

/** Roles that read the routing rules (the kab/kota's staff who answer for where referrals go). */
const RULE_READERS = RPCS['slrt.rpc.referral.list-routing-rules.v1'].roles;
/** Staff who read the programme catalogue (every operator: the registration form lists it). */
const PROGRAMME_READERS = RPCS['slrt.rpc.referral.list-programmes.v1'].roles;
/** The one service that reads the catalogue as itself: intake validates complaints' programme codes. */
export const PROGRAMME_CATALOGUE_CALLER = 'system:intake';

const RULE = `id, version, category, programme_code AS "programmeCode", conditions, owner_codes AS "ownerCodes", priority, note, active,
  updated_at AS "updatedAt", updated_by AS "updatedBy"`;
const PROGRAMME = `code, aliases, name, sector, scope, funder, default_owner_code AS "defaultOwnerCode", other_owner_codes AS "otherOwnerCodes", notes,
  description, eligibility, documents_needed AS "documentsNeeded", how_to_apply AS "howToApply", public_info AS "publicInfo", active,
  version, updated_at AS "updatedAt"`;

/** SQL condition of a catalogue search: parameter `$q` (an ILIKE pattern or null) over name, code, aliases, description, eligibility; `$sector` (or null). */
export function programmeSearch(q: number, sector: number): string {
  return `($${q}::text IS NULL OR name ILIKE $${q} OR code ILIKE $${q} OR description ILIKE $${q} OR eligibility ILIKE $${q}
    OR EXISTS (SELECT 1 FROM unnest(aliases) AS a WHERE a ILIKE $${q})) AND ($${sector}::text IS NULL OR sector = $${sector})`;
}

/** The ILIKE pattern of a search text (its own `%`, `_` and `\\` taken literally), or null for no search. */
export function searchPattern(q: string | undefined): string | null {
  const text = q?.trim();
  return text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

interface RuleRow extends Omit<RoutingRuleViewV1, 'updatedAt' | 'history'> {
  updatedAt: Date;
}
interface ProgrammeRow extends Omit<ProgrammeViewV1, 'updatedAt'> {
  updatedAt: Date;
}

const invalid = (detail: string, fieldErrors: FieldError[]) =>
  new DomainError('VALIDATION_FAILED', detail, { fieldErrors });

/**
 * The referral directory's data an ADMIN edits without code: routing rules (versioned, every
 * version kept with who, when, why, before and after) and the programme catalogue (national seed
 * and the kab/kota's own programmes: APBD, BAZNAS, CSR), which intake validates complaints against.
 */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ReferralEnv,
  ) {}

  // ── routing rules ─────────────────────────────────────────────────────────────────────────

  async listRules(req: ListRoutingRulesRequestV1, actor: Actor) {
    this.requireKabKotaStaff(actor, RULE_READERS);
    const m = this.dataSource.manager;
    const rows: RuleRow[] = await m.query(
      `SELECT ${RULE} FROM routing_rule WHERE ($1::text IS NULL OR category = $1) AND ($2::text IS NULL OR programme_code = $2 OR programme_code IS NULL) AND (active OR $3)
       ORDER BY category, programme_code NULLS FIRST, priority, id`,
      [req.category ?? null, req.programmeCode ?? null, req.includeInactive ?? false],
    );
    const history = req.includeHistory
      ? await this.history(
          m,
          rows.map((r) => r.id),
        )
      : null;
    return { items: rows.map((r) => ruleView(r, history?.get(r.id))) };
  }

  /**
   * ADMIN of the kab/kota: creates a rule (no id) or saves its next version (id + the version it
   * changes). Checked: the programme is in the catalogue, every owner is in the directory and
   * active, each condition names a known attribute with known values. The change is kept in
   * `routing_rule_history` in the same transaction.
   */
  async saveRule(req: SaveRoutingRuleRequestV1, actor: Actor): Promise<RoutingRuleViewV1> {
    const role = this.requireKabKotaStaff(actor, ['ADMIN']);
    return this.dataSource.transaction(async (m) => {
      const errors: FieldError[] = [];
      const programmeCode = req.programmeCode ?? null;
      if (programmeCode && !(await m.query(`SELECT 1 FROM programme WHERE code = $1`, [programmeCode])).length) {
        errors.push({
          field: 'programmeCode',
          messages: [`Program "${programmeCode}" tidak ada dalam katalog program.`],
        });
      }
      const owners: Array<{ code: string; active: boolean }> = await m.query(
        `SELECT code, active FROM programme_owner WHERE code = ANY($1::text[])`,
        [req.ownerCodes],
      );
      req.ownerCodes.forEach((code, i) => {
        const o = owners.find((x) => x.code === code);
        if (!o)
          errors.push({
            field: `ownerCodes.${i}`,
            messages: [`Pengelola program "${code}" tidak ada dalam direktori.`],
          });
        else if (!o.active)
          errors.push({ field: `ownerCodes.${i}`, messages: [`Pengelola program "${code}" tidak aktif.`] });
      });
      // Only the conditions given (a validated instance may carry its absent fields as undefined).
      const conditions = Object.fromEntries(
        Object.entries(req.conditions ?? {}).filter(([, v]) => v !== undefined && v !== null),
      ) as Record<string, unknown>;
      for (const [key, values] of Object.entries(conditions)) {
        const allowed = (ROUTING_ATTRIBUTES as Record<string, readonly string[]>)[key];
        if (!allowed)
          errors.push({
            field: `conditions.${key}`,
            messages: [`Atribut "${key}" tidak dikenal; yang dikenal: ${Object.keys(ROUTING_ATTRIBUTES).join(', ')}.`],
          });
        else if (!Array.isArray(values) || values.length === 0 || values.some((v) => !allowed.includes(v as string))) {
          errors.push({ field: `conditions.${key}`, messages: [`Nilai harus daftar berisi: ${allowed.join(', ')}.`] });
        }
      }
      if (req.id !== undefined && req.expectedVersion === undefined)
        errors.push({ field: 'expectedVersion', messages: ['Wajib diisi saat mengubah aturan (versi yang diubah).'] });
      if (errors.length) throw invalid('Aturan rujukan belum benar. Periksa isian yang ditandai.', errors);

      const after = {
        category: req.category,
        programmeCode,
        conditions,
        ownerCodes: req.ownerCodes,
        priority: req.priority,
        note: req.note?.trim() || null,
        active: req.active,
      };
      let row: RuleRow | undefined;
      let before: Record<string, unknown> | null = null;
      if (req.id === undefined) {
        [row] = await m.query(
          `INSERT INTO routing_rule (category, programme_code, conditions, owner_codes, priority, note, active, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${RULE}`,
          [
            after.category,
            after.programmeCode,
            JSON.stringify(after.conditions),
            after.ownerCodes,
            after.priority,
            after.note,
            after.active,
            actor.id,
          ],
        );
      } else {
        const [current]: RuleRow[] = await m.query(`SELECT ${RULE} FROM routing_rule WHERE id = $1 FOR UPDATE`, [
          req.id,
        ]);
        if (!current)
          throw new DomainError('NOT_FOUND', 'Aturan rujukan tidak ditemukan.', { reason: 'RULE_NOT_FOUND' });
        if (current.version !== req.expectedVersion) {
          throw new DomainError(
            'CONFLICT',
            `Aturan sudah diubah orang lain (versi ${current.version}). Muat ulang lalu coba lagi.`,
            { reason: 'VERSION_CONFLICT' },
          );
        }
        before = ruleContent(current);
        [row] = returned<RuleRow>(
          await m.query(
            `UPDATE routing_rule SET category = $2, programme_code = $3, conditions = $4, owner_codes = $5, priority = $6, note = $7, active = $8,
             version = version + 1, updated_at = now(), updated_by = $9 WHERE id = $1 RETURNING ${RULE}`,
            [
              req.id,
              after.category,
              after.programmeCode,
              JSON.stringify(after.conditions),
              after.ownerCodes,
              after.priority,
              after.note,
              after.active,
              actor.id,
            ],
          ),
        );
      }
      await m.query(
        `INSERT INTO routing_rule_history (rule_id, version, actor_id, actor_role, reason, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          row!.id,
          row!.version,
          actor.id,
          role,
          req.reason?.trim() || null,
          before ? JSON.stringify(before) : null,
          JSON.stringify(after),
        ],
      );
      return ruleView(row!, (await this.history(m, [row!.id])).get(row!.id) ?? []);
    });
  }

  private async history(m: EntityManager, ids: number[]): Promise<Map<number, RoutingRuleChangeV1[]>> {
    const rows: Array<{
      ruleId: number;
      version: number;
      at: Date;
      actorId: string;
      actorRole: string;
      reason: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown>;
    }> = await m.query(
      `SELECT rule_id AS "ruleId", version, at, actor_id AS "actorId", actor_role AS "actorRole", reason, before, after FROM routing_rule_history WHERE rule_id = ANY($1::int[]) ORDER BY rule_id, version`,
      [ids],
    );
    const out = new Map<number, RoutingRuleChangeV1[]>();
    for (const { ruleId, at, ...h } of rows)
      out.set(ruleId, [...(out.get(ruleId) ?? []), { ...h, at: new Date(at).toISOString() }]);
    return out;
  }

  // ── programme catalogue ───────────────────────────────────────────────────────────────────

  /** Operators of the kab/kota, and intake as itself (`system:intake`) to validate a complaint's programmes. */
  async listProgrammes(req: ListProgrammesRequestV1, actor: Actor) {
    if (!(actor.kind === 'system' && actor.id === PROGRAMME_CATALOGUE_CALLER))
      this.requireStaff(actor, PROGRAMME_READERS);
    const rows: ProgrammeRow[] = await this.dataSource.manager.query(
      `SELECT ${PROGRAMME} FROM programme WHERE (active OR $1) AND ${programmeSearch(2, 3)} ORDER BY scope DESC, code`,
      [req.includeInactive ?? false, searchPattern(req.q), req.sector ?? null],
    );
    return { items: rows.map(programmeView) };
  }

  /**
   * ADMIN of the kab/kota: adds a programme (a local one: APBD, BAZNAS, CSR) or changes one. Its
   * owners must be in the directory; its code and aliases may not be another programme's code or
   * alias. A new programme gets a default routing rule (non-kepesertaan → its default owner),
   * recorded in the rule history, and is added to its owner's programmes: it is usable at once.
   */
  async saveProgramme(req: SaveProgrammeRequestV1, actor: Actor): Promise<ProgrammeViewV1> {
    const role = this.requireKabKotaStaff(actor, ['ADMIN']);
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('referral.programme'))`); // codes and aliases stay unique across concurrent saves
      const errors: FieldError[] = [];
      const ownerCodes = [req.defaultOwnerCode, ...req.otherOwnerCodes];
      const owners: Array<{ code: string }> = await m.query(
        `SELECT code FROM programme_owner WHERE code = ANY($1::text[]) AND active`,
        [ownerCodes],
      );
      if (!owners.some((o) => o.code === req.defaultOwnerCode))
        errors.push({
          field: 'defaultOwnerCode',
          messages: [`Pengelola program "${req.defaultOwnerCode}" tidak ada dalam direktori atau tidak aktif.`],
        });
      req.otherOwnerCodes.forEach((code, i) => {
        if (!owners.some((o) => o.code === code))
          errors.push({
            field: `otherOwnerCodes.${i}`,
            messages: [`Pengelola program "${code}" tidak ada dalam direktori atau tidak aktif.`],
          });
      });
      const names = [req.code, ...req.aliases];
      const clash: Array<{ code: string; taken: string }> = await m.query(
        `SELECT code, t AS taken FROM programme, unnest(array_prepend(code, aliases)) AS t WHERE code <> $1 AND t = ANY($2::text[])`,
        [req.code, names],
      );
      for (const c of clash) {
        const i = req.aliases.indexOf(c.taken);
        errors.push({
          field: i >= 0 ? `aliases.${i}` : 'code',
          messages: [`"${c.taken}" sudah dipakai program ${c.code}.`],
        });
      }
      const [current]: ProgrammeRow[] = await m.query(`SELECT ${PROGRAMME} FROM programme WHERE code = $1 FOR UPDATE`, [
        req.code,
      ]);
      if (current && req.expectedVersion === undefined)
        errors.push({ field: 'expectedVersion', messages: ['Wajib diisi saat mengubah program (versi yang diubah).'] });
      if (errors.length) throw invalid('Data program belum benar. Periksa isian yang ditandai.', errors);
      if (current && current.version !== req.expectedVersion) {
        throw new DomainError(
          'CONFLICT',
          `Program sudah diubah orang lain (versi ${current.version}). Muat ulang lalu coba lagi.`,
          { reason: 'VERSION_CONFLICT' },
        );
      }
      // Information fields an older client does not send keep their stored value (a new programme: empty, not public).
      const info = {
        description: req.description?.trim() ?? current?.description ?? '',
        eligibility: req.eligibility?.trim() ?? current?.eligibility ?? '',
        documentsNeeded: req.documentsNeeded?.map((d) => d.trim()) ?? current?.documentsNeeded ?? [],
        howToApply: req.howToApply?.trim() ?? current?.howToApply ?? '',
        publicInfo: req.publicInfo ?? current?.publicInfo ?? false,
      };
      const values = [
        req.code,
        req.name.trim(),
        req.aliases,
        req.sector,
        req.scope,
        req.funder,
        req.defaultOwnerCode,
        req.otherOwnerCodes,
        req.notes?.trim() ?? '',
        req.active,
        actor.id,
        info.description,
        info.eligibility,
        info.documentsNeeded,
        info.howToApply,
        info.publicInfo,
      ];
      const [row] = current
        ? returned<ProgrammeRow>(
            await m.query(
              `UPDATE programme SET name = $2, aliases = $3, sector = $4, scope = $5, funder = $6, default_owner_code = $7, other_owner_codes = $8, notes = $9, active = $10,
               updated_by = $11, description = $12, eligibility = $13, documents_needed = $14, how_to_apply = $15, public_info = $16,
               version = version + 1, updated_at = now() WHERE code = $1 RETURNING ${PROGRAMME}`,
              values,
            ),
          )
        : returned<ProgrammeRow>(
            await m.query(
              `INSERT INTO programme (code, name, aliases, sector, scope, funder, default_owner_code, other_owner_codes, notes, active, updated_by,
               description, eligibility, documents_needed, how_to_apply, public_info)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${PROGRAMME}`,
              values,
            ),
          );
      await m.query(
        `UPDATE programme_owner SET programme_codes = array_append(programme_codes, $1) WHERE code = ANY($2::text[]) AND NOT ($1 = ANY(programme_codes))`,
        [req.code, ownerCodes],
      );
      if (!current && !(await m.query(`SELECT 1 FROM routing_rule WHERE programme_code = $1`, [req.code])).length) {
        const after = {
          category: 'non-kepesertaan',
          programmeCode: req.code,
          conditions: {},
          ownerCodes: [req.defaultOwnerCode],
          priority: 100,
          note: `Pemilik program ${req.code}`,
          active: true,
        };
        const [rule]: Array<{ id: number }> = await m.query(
          `INSERT INTO routing_rule (category, programme_code, conditions, owner_codes, priority, note, active, updated_by) VALUES ($1, $2, '{}', $3, $4, $5, true, $6) RETURNING id`,
          [after.category, after.programmeCode, after.ownerCodes, after.priority, after.note, actor.id],
        );
        await m.query(
          `INSERT INTO routing_rule_history (rule_id, version, actor_id, actor_role, reason, before, after) VALUES ($1, 1, $2, $3, $4, NULL, $5)`,
          [rule!.id, actor.id, role, `Aturan bawaan program baru ${req.code}`, JSON.stringify(after)],
        );
      }
      return programmeView(row!);
    });
  }

  // ── roles ─────────────────────────────────────────────────────────────────────────────────

  private requireStaff(actor: Actor, roles: readonly string[]): string {
    const role = actor.kind === 'user' ? actor.roles.find((r) => roles.includes(r)) : undefined;
    if (!role)
      throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang untuk data ini.', { reason: 'ROLE_NOT_ALLOWED' });
    return role;
  }

  /** Routing and the catalogue are the kab/kota's: only staff whose scope covers the whole kab/kota. */
  private requireKabKotaStaff(actor: Actor, roles: readonly string[]): string {
    const role = this.requireStaff(actor, roles);
    if (!isWithinAnyRegion(this.env.KAB_KOTA_CODE, actor.regionScope)) {
      throw new DomainError(
        'FORBIDDEN',
        'Hanya petugas tingkat kabupaten/kota yang dapat melihat dan mengubah aturan rujukan dan katalog program.',
        { reason: 'OUT_OF_SCOPE' },
      );
    }
    return role;
  }
}

function ruleContent(r: RuleRow): Record<string, unknown> {
  return {
    category: r.category,
    programmeCode: r.programmeCode,
    conditions: r.conditions,
    ownerCodes: r.ownerCodes,
    priority: r.priority,
    note: r.note,
    active: r.active,
  };
}

function ruleView(r: RuleRow, history?: RoutingRuleChangeV1[]): RoutingRuleViewV1 {
  return { ...r, updatedAt: new Date(r.updatedAt).toISOString(), ...(history ? { history } : {}) };
}

function programmeView(r: ProgrammeRow): ProgrammeViewV1 {
  return { ...r, updatedAt: new Date(r.updatedAt).toISOString() };
}
