import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '@slrt/persistence';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  active: boolean;
  roles: string[];
  regionScope: string[];
  ownerCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const USER = `id, username, display_name AS "displayName", password_hash AS "passwordHash", active, roles, region_scope AS "regionScope",
  owner_code AS "ownerCode", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** SQL of the gateway's identity tables. */
@Injectable()
export class IdentityRepository {
  async userByName(m: EntityManager, username: string): Promise<UserRecord | null> {
    const [row] = await m.query(`SELECT ${USER} FROM app_user WHERE lower(username) = lower($1)`, [username]);
    return row ?? null;
  }

  async userById(m: EntityManager, id: string, lock = false): Promise<UserRecord | null> {
    const [row] = await m.query(`SELECT ${USER} FROM app_user WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async insertUser(
    m: EntityManager,
    u: {
      id: string;
      username: string;
      displayName: string;
      passwordHash: string;
      roles: string[];
      regionScope: string[];
      ownerCode: string | null;
      createdBy: string | null;
    },
  ): Promise<UserRecord | null> {
    const [row] = await m.query(
      `INSERT INTO app_user (id, username, display_name, password_hash, roles, region_scope, owner_code, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING RETURNING ${USER}`,
      [u.id, u.username, u.displayName, u.passwordHash, u.roles, u.regionScope, u.ownerCode, u.createdBy],
    );
    return row ?? null;
  }

  async updateUser(
    m: EntityManager,
    id: string,
    u: { displayName: string; roles: string[]; regionScope: string[]; ownerCode: string | null; active: boolean },
  ): Promise<UserRecord> {
    const [row] = returnedRows<UserRecord>(
      await m.query(
        `UPDATE app_user SET display_name = $2, roles = $3, region_scope = $4, owner_code = $5, active = $6, updated_at = now() WHERE id = $1 RETURNING ${USER}`,
        [id, u.displayName, u.roles, u.regionScope, u.ownerCode, u.active],
      ),
    );
    return row!;
  }

  async setPassword(m: EntityManager, id: string, hash: string): Promise<void> {
    await m.query(`UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, hash]);
  }

  async listUsers(
    m: EntityManager,
    scopePatterns: string[],
    page: number,
    pageSize: number,
  ): Promise<{ rows: UserRecord[]; total: number }> {
    // A user is visible when every region of its scope lies within the admin's scope.
    const where = `NOT EXISTS (SELECT 1 FROM unnest(region_scope) r WHERE NOT (r LIKE ANY($1::text[])))`;
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM app_user WHERE ${where}`, [scopePatterns]);
    const rows = await m.query(
      `SELECT ${USER} FROM app_user WHERE ${where} ORDER BY lower(username) LIMIT $2 OFFSET $3`,
      [scopePatterns, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  async countAdmins(m: EntityManager): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM app_user WHERE 'ADMIN' = ANY(roles) AND active`);
    return n;
  }

  async insertRefresh(
    m: EntityManager,
    r: { id: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO refresh_token (id, user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [r.id, r.userId, r.familyId, r.tokenHash, r.expiresAt],
    );
  }

  async refreshByHash(
    m: EntityManager,
    tokenHash: string,
  ): Promise<{ id: string; userId: string; familyId: string; expiresAt: Date; revokedAt: Date | null } | null> {
    const [row] = await m.query(
      `SELECT id, user_id AS "userId", family_id AS "familyId", expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    );
    return row ?? null;
  }

  async revokeRefresh(m: EntityManager, id: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE refresh_token SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [id, reason],
    );
  }

  async revokeFamily(m: EntityManager, familyId: string, reason: string): Promise<number> {
    return returnedRows(
      await m.query(
        `UPDATE refresh_token SET revoked_at = now(), revoked_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL RETURNING 1`,
        [familyId, reason],
      ),
    ).length;
  }

  async revokeUserTokens(
    m: EntityManager,
    userId: string,
    reason: string,
    exceptFamily: string | null = null,
  ): Promise<void> {
    await m.query(
      `UPDATE refresh_token SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR family_id <> $3)`,
      [userId, reason, exceptFamily],
    );
  }

  async insertApiKey(
    m: EntityManager,
    k: {
      id: string;
      ownerCode: string;
      label: string;
      prefix: string;
      keyHash: string;
      scope: string[];
      createdBy: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO api_key (id, owner_code, label, prefix, key_hash, kab_kota_scope, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [k.id, k.ownerCode, k.label, k.prefix, k.keyHash, k.scope, k.createdBy],
    );
  }

  async apiKeyByPrefix(
    m: EntityManager,
    prefix: string,
  ): Promise<{ id: string; ownerCode: string; keyHash: string; scope: string[]; revokedAt: Date | null } | null> {
    const [row] = await m.query(
      `SELECT id, owner_code AS "ownerCode", key_hash AS "keyHash", kab_kota_scope AS scope, revoked_at AS "revokedAt" FROM api_key WHERE prefix = $1`,
      [prefix],
    );
    return row ?? null;
  }

  async listApiKeys(m: EntityManager, scopePatterns: string[]) {
    return m.query(
      `SELECT id, owner_code AS "ownerCode", label, prefix, created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"
       FROM api_key WHERE NOT EXISTS (SELECT 1 FROM unnest(kab_kota_scope) r WHERE NOT (r LIKE ANY($1::text[]))) ORDER BY created_at DESC`,
      [scopePatterns],
    );
  }

  async revokeApiKey(m: EntityManager, id: string, scopePatterns: string[]): Promise<boolean> {
    return (
      returnedRows(
        await m.query(
          `UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM unnest(kab_kota_scope) r WHERE NOT (r LIKE ANY($2::text[]))) RETURNING 1`,
          [id, scopePatterns],
        ),
      ).length === 1
    );
  }

  async touchApiKey(m: EntityManager, id: string): Promise<void> {
    await m.query(
      `UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  async audit(
    m: EntityManager,
    e: {
      actorId: string | null;
      action: string;
      target: string | null;
      outcome: string;
      region: string | null;
      ip: string | null;
      userAgent: string | null;
      correlationId: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO audit_event (actor_id, action, target, outcome, region, ip, user_agent, correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.actorId, e.action, e.target, e.outcome, e.region, e.ip, e.userAgent?.slice(0, 300) ?? null, e.correlationId],
    );
  }

  async listAudit(m: EntityManager, regionPatterns: string[], page: number, pageSize: number) {
    const [{ total }] = await m.query(
      `SELECT count(*)::int AS total FROM audit_event WHERE region IS NULL OR region LIKE ANY($1::text[])`,
      [regionPatterns],
    );
    const rows = await m.query(
      `SELECT id::text, at, actor_id AS "actorId", action, target, outcome, ip, user_agent AS "userAgent", correlation_id AS "correlationId"
       FROM audit_event WHERE region IS NULL OR region LIKE ANY($1::text[]) ORDER BY audit_event.id DESC LIMIT $2 OFFSET $3`,
      [regionPatterns, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }
}
