import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROGRAMME_CATALOGUE } from '@slrt/domain';
import { migrationSchema } from '@slrt/persistence';

/** School types the seeded "PIP + madrasah → Kemenag" rule stood for (`attribute_value = 'madrasah'`). */
const MADRASAH = ['MI', 'MTS', 'MA', 'PESANTREN'];

/** Who funds a seed programme (an ADMIN corrects it in the catalogue). */
function funderOf(p: (typeof PROGRAMME_CATALOGUE)[number]): string {
  if (p.code === 'BLT-DD') return 'DANA-DESA';
  return p.scope === 'daerah' ? 'APBD' : 'APBN';
}

/**
 * Routing that works, local programmes as data, access that ends:
 * - `routing_rule` gets `conditions` (jsonb `{ attribute: [values] }`, replacing the single
 *   attribute_key/attribute_value pair; the seeded madrasah rule becomes
 *   `schoolType ∈ {MI, MTS, MA, PESANTREN}`), `version`, `active`, `updated_at/by`, and every version
 *   is kept in `routing_rule_history` (who, when, why, before/after);
 * - `programme`: the programme catalogue intake validates against, seeded from `@slrt/domain`,
 *   kab/kota programmes (APBD, BAZNAS, CSR) added by ADMIN as data;
 * - `referral.closed_at` (resolved, rejected, withdrawn or its case ended) and `purged_at` (the
 *   payload kept for owners reduced to ids, dates and programmes after the grace period).
 */
export class RoutingProgrammesRetention1764620000000 implements MigrationInterface {
  name = 'RoutingProgrammesRetention1764620000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    // ── routing rules: conditions, versions, history ──
    await q.query(`
      ALTER TABLE "${s}".routing_rule
        ADD COLUMN conditions jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN updated_by text NOT NULL DEFAULT 'seed'`);
    await q.query(
      `UPDATE "${s}".routing_rule SET conditions = jsonb_build_object(attribute_key, CASE WHEN attribute_value = 'madrasah' THEN to_jsonb($1::text[]) ELSE jsonb_build_array(attribute_value) END)
       WHERE attribute_key IS NOT NULL`,
      [MADRASAH],
    );
    await q.query(`ALTER TABLE "${s}".routing_rule DROP COLUMN attribute_key, DROP COLUMN attribute_value`);
    await q.query(`
      CREATE TABLE "${s}".routing_rule_history (
        rule_id integer NOT NULL REFERENCES "${s}".routing_rule (id),
        version integer NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        reason text,
        before jsonb,
        after jsonb NOT NULL,
        PRIMARY KEY (rule_id, version)
      )`);
    await q.query(`
      INSERT INTO "${s}".routing_rule_history (rule_id, version, actor_id, actor_role, reason, before, after)
      SELECT id, version, 'seed', 'SYSTEM', 'Aturan awal', NULL,
        jsonb_build_object('category', category, 'programmeCode', programme_code, 'conditions', conditions, 'ownerCodes', to_jsonb(owner_codes), 'priority', priority, 'note', note, 'active', active)
      FROM "${s}".routing_rule`);

    // ── programme catalogue ──
    await q.query(`
      CREATE TABLE "${s}".programme (
        code text PRIMARY KEY,
        name text NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        sector text NOT NULL,
        scope text NOT NULL,
        funder text NOT NULL,
        default_owner_code text NOT NULL REFERENCES "${s}".programme_owner (code),
        other_owner_codes text[] NOT NULL DEFAULT '{}',
        notes text NOT NULL DEFAULT '',
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL DEFAULT 'seed'
      )`);
    for (const p of PROGRAMME_CATALOGUE) {
      await q.query(
        `INSERT INTO "${s}".programme (code, name, aliases, sector, scope, funder, default_owner_code, other_owner_codes, notes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (code) DO NOTHING`,
        [
          p.code,
          p.name,
          [...p.aliases],
          p.sector,
          p.scope,
          funderOf(p),
          p.defaultOwnerCode,
          [...p.otherOwnerCodes],
          p.notes,
        ],
      );
    }

    // ── access that ends ──
    await q.query(`ALTER TABLE "${s}".referral ADD COLUMN closed_at timestamptz, ADD COLUMN purged_at timestamptz`);
    await q.query(
      `UPDATE "${s}".referral SET closed_at = updated_at WHERE status IN ('resolved', 'rejected', 'withdrawn')`,
    );
    await q.query(`
      UPDATE "${s}".referral r SET closed_at = c.updated_at FROM "${s}".referral_case c
      WHERE r.case_id = c.id AND r.closed_at IS NULL AND c.state IN ('resolved', 'closed', 'withdrawn', 'rejected-by-owner')`);
    await q.query(
      `CREATE INDEX referral_purge_idx ON "${s}".referral (closed_at) WHERE purged_at IS NULL AND closed_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX IF EXISTS "${s}".referral_purge_idx`);
    await q.query(`ALTER TABLE "${s}".referral DROP COLUMN purged_at, DROP COLUMN closed_at`);
    await q.query(`DROP TABLE "${s}".programme`);
    await q.query(`DROP TABLE "${s}".routing_rule_history`);
    await q.query(`ALTER TABLE "${s}".routing_rule ADD COLUMN attribute_key text, ADD COLUMN attribute_value text`);
    await q.query(
      `UPDATE "${s}".routing_rule SET attribute_key = 'schoolType', attribute_value = 'madrasah' WHERE conditions ? 'schoolType'`,
    );
    await q.query(
      `ALTER TABLE "${s}".routing_rule DROP COLUMN updated_by, DROP COLUMN updated_at, DROP COLUMN active, DROP COLUMN version, DROP COLUMN conditions`,
    );
  }
}
