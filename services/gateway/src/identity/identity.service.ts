/* eslint-disable max-lines -- users, passwords, lockout and sessions: one aggregate whose rules are read together */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, Role } from '@slrt/contracts';
import { scopeWithin, type ApiKeyVerifier } from '@slrt/auth';
import { childrenOf, isWithinAnyRegion, regionExists } from '@slrt/domain';
import { LOGGER, RequestContext, type Logger } from '@slrt/observability';
import { GatewayEnv } from '../config/gateway.env.js';
import { ProblemError } from '../http/problem.js';
import { REFUSAL_HTTP_STATUS } from '../http/refusal-status.js';
import type {
  ChangePasswordDto,
  CreateApiKeyDto,
  CreateUserDto,
  DeploymentLevel,
  UpdateUserDto,
} from './identity.dto.js';
import { IdentityRepository, type UserRecord } from './identity.repository.js';
import { AuthThrottle, waitInWords } from './auth-throttle.js';
import { PasswordHasher, passwordProblems } from './password-hasher.js';
import { SessionState } from './session-state.js';
import { TokenService } from './token.service.js';

/** Where a request came from, for the audit log. */
export interface Origin {
  ip: string | null;
  userAgent: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const patterns = (scope: readonly string[]) => scope.flatMap((s) => [s, `${s}.%`]);

/** Demo users of `npm start` (SLRT_DEMO=1): one per role in Kota Palangka Raya. */
const DEMO_USERS: Array<{ username: string; displayName: string; roles: Role[]; scope: string[]; ownerCode?: string }> =
  [
    { username: 'demo.fo', displayName: 'Demo Front Office (Kel. Pahandut)', roles: ['FO'], scope: ['62.71.01.1001'] },
    { username: 'demo.fs', displayName: 'Demo Fasilitator (Kel. Pahandut)', roles: ['FS'], scope: ['62.71.01.1001'] },
    { username: 'demo.spv', displayName: 'Demo Supervisor (Kec. Pahandut)', roles: ['SPV'], scope: ['62.71.01'] },
    { username: 'demo.mj', displayName: 'Demo Manajer SLRT', roles: ['MJ'], scope: ['62.71'] },
    { username: 'demo.bo', displayName: 'Demo Back Office', roles: ['BO'], scope: ['62.71'] },
    {
      username: 'demo.po.pkh',
      displayName: 'Demo Pengelola PKH',
      roles: ['PO'],
      scope: ['62.71'],
      ownerCode: 'kemensos-pkh',
    },
    { username: 'demo.sekretariat', displayName: 'Demo Sekretariat', roles: ['SEKRETARIAT'], scope: ['62.71'] },
    { username: 'demo.admin', displayName: 'Demo Admin', roles: ['ADMIN'], scope: ['62.71'] },
  ];

/**
 * Identity at the gateway: login throttled per account and address (never locked), rotating
 * refresh tokens with reuse detection, access tokens bound to a live session, logout, password
 * change, users managed by ADMIN within its region, owners' API keys, and the audit log of it all.
 */
@Injectable()
export class IdentityService implements ApiKeyVerifier, OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly throttle: AuthThrottle,
    private readonly sessions: SessionState,
    private readonly env: GatewayEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** First start: the initial ADMIN from the environment; demo users in demo mode. Idempotent, safe with several instances. */
  async onApplicationBootstrap() {
    const m = this.dataSource.manager;
    const hub = this.env.SLRT_HUB_REGION;
    if (hub && hub !== 'ID' && !regionExists(hub))
      throw new Error(
        `SLRT_HUB_REGION ${hub} is not a province of the Kemendagri list (use e.g. 62, or ID for the national hub)`,
      );
    await this.throttle.prune();
    if ((await this.repo.countAdmins(m)) === 0) {
      if (this.env.SLRT_ADMIN_USERNAME && this.env.SLRT_ADMIN_PASSWORD) {
        await this.repo.insertUser(m, {
          id: uuidv7(),
          username: this.env.SLRT_ADMIN_USERNAME,
          displayName: 'Administrator',
          passwordHash: await this.hasher.hash(this.env.SLRT_ADMIN_PASSWORD),
          roles: ['ADMIN'],
          regionScope: this.deploymentRegions(),
          ownerCode: null,
          createdBy: 'system:bootstrap',
        });
        this.logger.info({ username: this.env.SLRT_ADMIN_USERNAME }, 'initial administrator created');
      } else {
        this.logger.warn(
          'no administrator exists: set SLRT_ADMIN_USERNAME and SLRT_ADMIN_PASSWORD and restart to create one',
        );
      }
    }
    if (this.env.SLRT_DEMO === '1' && this.env.SLRT_DEMO_PASSWORD) {
      const hash = await this.hasher.hash(this.env.SLRT_DEMO_PASSWORD);
      let created = 0;
      for (const d of DEMO_USERS) {
        if (
          await this.repo.insertUser(m, {
            id: uuidv7(),
            username: d.username,
            displayName: d.displayName,
            passwordHash: hash,
            roles: d.roles,
            regionScope: d.scope,
            ownerCode: d.ownerCode ?? null,
            createdBy: 'system:demo',
          })
        )
          created++;
      }
      if (created) this.logger.info({ created }, 'demo users created');
    }
  }

  // ── sessions ──────────────────────────────────────────────────────────────────────────────

  /**
   * Unknown users, inactive users and wrong passwords answer alike (401, one argon2 verification
   * each), and are throttled alike per (typed username, client address): see {@link AuthThrottle}.
   */
  async login(username: string, password: string, origin: Origin) {
    const m = this.dataSource.manager;
    const subject = `login:${username.toLowerCase()}`;
    const client = origin.ip ?? 'unknown';
    const wait = await this.throttle.claim(subject, client);
    if (wait !== null) {
      await this.audit(null, 'login.throttled', `user:${username.slice(0, 60)}`, 'refused', null, origin);
      throw new ProblemError(
        429,
        'LOGIN_THROTTLED',
        `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${waitInWords(wait)}.`,
        [],
        { 'retry-after': String(wait) },
      );
    }
    const user = await this.repo.userByName(m, username);
    // Unknown users cost the same as known ones (a real argon2 verification), so timing reveals nothing.
    const ok = await this.hasher.verify(password, user ? user.passwordHash : null);
    if (!user || !user.active || !ok) {
      await this.throttle.failed(subject);
      await this.audit(
        user?.id ?? null,
        'login.failed',
        `user:${username.slice(0, 60)}`,
        'refused',
        user?.regionScope[0] ?? null,
        origin,
      );
      throw new ProblemError(401, 'INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah.');
    }
    await this.throttle.succeeded(subject, client);
    const session = await this.dataSource.transaction((t) => this.issueSession(t, user, uuidv7()));
    await this.audit(user.id, 'login', `user:${user.id}`, 'ok', user.regionScope[0] ?? null, origin);
    return session;
  }

  private async issueSession(m: EntityManager, user: UserRecord, familyId: string) {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_HOURS * 3600_000);
    await this.repo.insertRefresh(m, {
      id: uuidv7(),
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt,
    });
    const { accessToken, expiresIn } = await this.tokens.issue(toActor(user), familyId);
    return { accessToken, tokenType: 'Bearer', expiresIn, refreshToken, refreshExpiresAt: expiresAt.toISOString() };
  }

  /**
   * Rotates a refresh token: the presented one is revoked and a new one issued in the same family.
   * Presenting an already revoked token means it was stolen or replayed: the whole family is revoked.
   */
  async refresh(refreshToken: string, origin: Origin) {
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await this.repo.refreshByHash(m, sha256(refreshToken));
      if (!row) return { error: 'unknown' as const };
      if (row.revokedAt) {
        const revoked = await this.repo.revokeFamily(m, row.familyId, 'reuse-detected');
        return { error: 'reuse' as const, userId: row.userId, revoked };
      }
      if (new Date(row.expiresAt).getTime() <= Date.now()) return { error: 'expired' as const, userId: row.userId };
      const user = await this.repo.userById(m, row.userId);
      if (!user || !user.active) return { error: 'inactive' as const, userId: row.userId };
      await this.repo.revokeRefresh(m, row.id, 'rotated');
      return { session: await this.issueSession(m, user, row.familyId), userId: user.id };
    });
    if ('session' in outcome && outcome.session) {
      await this.audit(outcome.userId, 'token.refreshed', `user:${outcome.userId}`, 'ok', null, origin);
      return outcome.session;
    }
    if (outcome.error === 'reuse') {
      this.sessions.forget();
      await this.audit(
        outcome.userId,
        'token.reuse-detected',
        `user:${outcome.userId}`,
        'revoked-family',
        null,
        origin,
      );
    }
    throw new ProblemError(401, 'INVALID_REFRESH_TOKEN', 'Sesi sudah berakhir atau tidak sah. Silakan masuk kembali.');
  }

  async logout(refreshToken: string, origin: Origin): Promise<void> {
    const userId = await this.dataSource.transaction(async (m) => {
      const row = await this.repo.refreshByHash(m, sha256(refreshToken));
      if (!row) return null;
      await this.repo.revokeFamily(m, row.familyId, 'logout');
      return row.userId;
    });
    this.sessions.forget();
    if (userId) await this.audit(userId, 'logout', `user:${userId}`, 'ok', null, origin);
  }

  async me(actor: Actor) {
    if (actor.kind !== 'user')
      return {
        id: actor.id,
        kind: actor.kind,
        username: null,
        displayName: null,
        roles: actor.roles,
        regionScope: actor.regionScope,
        ownerCode: actor.ownerCode ?? null,
        deployment: this.deploymentLevel(),
      };
    // Read at most once per session-check TTL per user, dropped on every change through this instance.
    const user = await this.sessions.recentUser(actor.id, () => this.repo.userById(this.dataSource.manager, actor.id));
    if (!user) throw new ProblemError(401, 'UNAUTHENTICATED', 'Akun tidak ditemukan. Silakan masuk kembali.');
    const shown = view(user);
    return {
      ...shown,
      roles: [...shown.roles],
      regionScope: [...shown.regionScope],
      kind: 'user',
      deployment: this.deploymentLevel(),
    };
  }

  async changePassword(actor: Actor, dto: ChangePasswordDto, origin: Origin): Promise<void> {
    const m = this.dataSource.manager;
    const user = actor.kind === 'user' ? await this.repo.userById(m, actor.id) : null;
    if (!user) throw new ProblemError(403, 'FORBIDDEN', 'Hanya pengguna yang dapat mengganti kata sandi.');
    // The current-password check is a password oracle for whoever holds a stolen access token: throttled per user.
    const subject = `password:${user.id}`;
    const wait = await this.throttle.claim(subject, '*');
    if (wait !== null) {
      await this.audit(user.id, 'password.change', `user:${user.id}`, 'throttled', user.regionScope[0] ?? null, origin);
      throw new ProblemError(
        429,
        'PASSWORD_CHECK_THROTTLED',
        `Terlalu banyak percobaan kata sandi lama yang salah. Coba lagi dalam ${waitInWords(wait)}.`,
        [],
        { 'retry-after': String(wait) },
      );
    }
    if (!(await this.hasher.verify(dto.currentPassword, user.passwordHash))) {
      await this.audit(user.id, 'password.change', `user:${user.id}`, 'refused', user.regionScope[0] ?? null, origin);
      throw new ProblemError(422, 'CURRENT_PASSWORD_WRONG', 'Kata sandi lama salah.', [
        { field: 'currentPassword', messages: ['Kata sandi lama salah.'] },
      ]);
    }
    await this.throttle.succeeded(subject, '*');
    this.checkPassword(dto.newPassword, user.username, 'newPassword');
    await this.dataSource.transaction(async (t) => {
      await this.repo.setPassword(t, user.id, await this.hasher.hash(dto.newPassword));
      await this.repo.revokeUserTokens(t, user.id, 'password-changed');
    });
    this.sessions.forget();
    await this.audit(user.id, 'password.change', `user:${user.id}`, 'ok', user.regionScope[0] ?? null, origin);
  }

  // ── users (ADMIN, own kab/kota) ───────────────────────────────────────────────────────────

  async listUsers(actor: Actor, page: number, pageSize: number) {
    const { rows, total } = await this.repo.listUsers(
      this.dataSource.manager,
      patterns(actor.regionScope),
      page,
      pageSize,
    );
    return { items: rows.map(view), total, page, pageSize };
  }

  async createUser(actor: Actor, dto: CreateUserDto, origin: Origin) {
    this.checkGrant(actor, dto.roles, dto.regionScope, dto.ownerCode, null);
    this.checkPassword(dto.password, dto.username, 'password');
    const user = await this.repo.insertUser(this.dataSource.manager, {
      id: uuidv7(),
      username: dto.username,
      displayName: dto.displayName.trim(),
      passwordHash: await this.hasher.hash(dto.password),
      roles: dto.roles,
      regionScope: dto.regionScope,
      ownerCode: dto.ownerCode ?? null,
      createdBy: actor.id,
    });
    if (!user)
      throw new ProblemError(409, 'USERNAME_TAKEN', `Nama pengguna "${dto.username}" sudah dipakai.`, [
        { field: 'username', messages: ['Sudah dipakai.'] },
      ]);
    await this.audit(actor.id, 'user.create', `user:${user.id}`, 'ok', dto.regionScope[0] ?? null, origin);
    return view(user);
  }

  async updateUser(actor: Actor, id: string, dto: UpdateUserDto, origin: Origin) {
    const result = await this.dataSource.transaction(async (m) => {
      const current = await this.repo.userById(m, id, true);
      if (!current || !scopeWithin(current.regionScope, actor.regionScope))
        throw new ProblemError(404, 'USER_NOT_FOUND', 'Pengguna tidak ditemukan di wilayah Anda.');
      this.checkGrant(actor, dto.roles, dto.regionScope, dto.ownerCode, current);
      if (current.id === actor.id && (!dto.active || !dto.roles.includes('ADMIN')))
        throw new ProblemError(
          409,
          'SELF_LOCKOUT',
          'Anda tidak dapat menonaktifkan diri sendiri atau mencabut peran ADMIN Anda sendiri.',
        );
      const updated = await this.repo.updateUser(m, id, {
        displayName: dto.displayName.trim(),
        roles: dto.roles,
        regionScope: dto.regionScope,
        ownerCode: dto.ownerCode ?? null,
        active: dto.active,
      });
      if (dto.password) {
        this.checkPassword(dto.password, current.username, 'password');
        await this.repo.setPassword(m, id, await this.hasher.hash(dto.password));
      }
      // Any change of rights or a deactivation ends the user's sessions: new tokens carry the new rights.
      if (
        dto.password ||
        !dto.active ||
        JSON.stringify([current.roles, current.regionScope, current.ownerCode]) !==
          JSON.stringify([updated.roles, updated.regionScope, updated.ownerCode])
      ) {
        await this.repo.revokeUserTokens(m, id, 'user-changed');
      }
      return updated;
    });
    this.sessions.forget();
    await this.audit(
      actor.id,
      dto.active ? 'user.update' : 'user.deactivate',
      `user:${id}`,
      'ok',
      result.regionScope[0] ?? null,
      origin,
    );
    return view(result);
  }

  async deactivateUser(actor: Actor, id: string, origin: Origin) {
    const current = await this.repo.userById(this.dataSource.manager, id);
    if (!current || !scopeWithin(current.regionScope, actor.regionScope))
      throw new ProblemError(404, 'USER_NOT_FOUND', 'Pengguna tidak ditemukan di wilayah Anda.');
    return this.updateUser(
      actor,
      id,
      {
        displayName: current.displayName,
        roles: current.roles as Role[],
        regionScope: current.regionScope,
        ...(current.ownerCode ? { ownerCode: current.ownerCode } : {}),
        active: false,
      },
      origin,
    );
  }

  /**
   * What an ADMIN may grant: scopes inside its own that name existing regions of this kab/kota;
   * owner credentials (PO users, whether created, changed or deactivated) only by a kab/kota-wide ADMIN.
   */
  private checkGrant(
    actor: Actor,
    roles: Role[],
    scope: string[],
    ownerCode: string | undefined,
    current: UserRecord | null,
  ) {
    if (!scopeWithin(scope, actor.regionScope)) {
      throw new ProblemError(
        REFUSAL_HTTP_STATUS.OUT_OF_SCOPE,
        'OUT_OF_SCOPE',
        'Wilayah kerja pengguna harus di dalam wilayah Anda.',
        [{ field: 'regionScope', messages: ['Di luar wilayah Anda.'] }],
      );
    }
    const unknown = scope.filter((code) => !isWithinAnyRegion(code, this.deploymentRegions()) || !regionExists(code));
    if (unknown.length) {
      const here = { 'kab-kota': 'kab/kota ini', province: 'provinsi ini', national: 'Indonesia' }[
        this.deploymentLevel()
      ];
      throw new ProblemError(422, 'REGION_NOT_FOUND', `Wilayah kerja memuat kode wilayah yang tidak ada di ${here}.`, [
        {
          field: 'regionScope',
          messages: unknown
            .slice(0, 10)
            .map((code) => `Kode wilayah ${code} tidak ada di daftar wilayah Kemendagri untuk ${here}.`),
        },
      ]);
    }
    if (roles.includes('PO') || ownerCode || current?.roles.includes('PO') || current?.ownerCode)
      this.checkOwnerCredentialIssuer(actor);
    if (roles.includes('PO') !== Boolean(ownerCode)) {
      throw new ProblemError(
        422,
        'OWNER_CODE_MISMATCH',
        'Pengguna PO wajib memiliki kode pengelola program, dan hanya pengguna PO.',
        [{ field: 'ownerCode', messages: ['Wajib untuk peran PO, kosong untuk peran lain.'] }],
      );
    }
  }

  /**
   * The regions this deployment serves, which every user's scope lies within: the kab/kota
   * (`KAB_KOTA_CODE`); on a hub (`SLRT_HUB_REGION`) its province, or on the national hub every
   * province of the Kemendagri list.
   */
  deploymentRegions(): string[] {
    const hub = this.env.SLRT_HUB_REGION;
    if (!hub) return [this.env.KAB_KOTA_CODE];
    return hub === 'ID' ? childrenOf(null).map((p) => p.code) : [hub];
  }

  /** What this deployment is: a kab/kota's, or a province or the national hub (`SLRT_HUB_REGION`). */
  deploymentLevel(): DeploymentLevel {
    const hub = this.env.SLRT_HUB_REGION;
    return !hub ? 'kab-kota' : hub === 'ID' ? 'national' : 'province';
  }

  /** Owner credentials read the whole kab/kota's referrals: only an ADMIN whose scope is the whole kab/kota issues or changes them. */
  private checkOwnerCredentialIssuer(actor: Actor) {
    if (this.env.SLRT_HUB_REGION || !actor.regionScope.includes(this.env.KAB_KOTA_CODE)) {
      throw new ProblemError(
        REFUSAL_HTTP_STATUS.KAB_KOTA_ADMIN_REQUIRED,
        'KAB_KOTA_ADMIN_REQUIRED',
        this.env.SLRT_HUB_REGION
          ? 'Server hub tidak melayani rujukan: akun PO dan kunci API pengelola program dibuat oleh ADMIN di server kab/kota.'
          : 'Akun PO dan kunci API pengelola program berlaku untuk seluruh kab/kota: hanya ADMIN dengan wilayah kerja seluruh kab/kota yang dapat membuat atau mengubahnya.',
      );
    }
  }

  private checkPassword(password: string, username: string, field: string) {
    const problems = passwordProblems(password, username);
    if (problems.length)
      throw new ProblemError(422, 'WEAK_PASSWORD', 'Kata sandi belum memenuhi aturan.', [
        { field, messages: problems },
      ]);
  }

  // ── API keys of programme owners' machine clients ─────────────────────────────────────────

  /** Issues a key, shown once: `slrt_<prefix>_<secret>`. Only a hash is stored. */
  async createApiKey(actor: Actor, dto: CreateApiKeyDto, origin: Origin) {
    this.checkOwnerCredentialIssuer(actor);
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const id = uuidv7();
    await this.repo.insertApiKey(this.dataSource.manager, {
      id,
      ownerCode: dto.ownerCode,
      label: dto.label.trim(),
      prefix,
      keyHash: sha256(secret),
      scope: [this.env.KAB_KOTA_CODE],
      createdBy: actor.id,
    });
    await this.audit(actor.id, 'apikey.create', `apikey:${id}`, 'ok', actor.regionScope[0] ?? null, origin);
    return {
      id,
      ownerCode: dto.ownerCode,
      label: dto.label.trim(),
      prefix,
      apiKey: `slrt_${prefix}_${secret}`,
      note: 'Simpan kunci ini sekarang: kunci tidak dapat ditampilkan lagi.',
    };
  }

  async listApiKeys(actor: Actor) {
    const rows = await this.repo.listApiKeys(this.dataSource.manager, patterns(actor.regionScope));
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        ...r,
        createdAt: new Date(r.createdAt as string).toISOString(),
        revokedAt: r.revokedAt ? new Date(r.revokedAt as string).toISOString() : null,
        lastUsedAt: r.lastUsedAt ? new Date(r.lastUsedAt as string).toISOString() : null,
      })),
    };
  }

  async revokeApiKey(actor: Actor, id: string, origin: Origin): Promise<void> {
    this.checkOwnerCredentialIssuer(actor);
    if (!(await this.repo.revokeApiKey(this.dataSource.manager, id, patterns(actor.regionScope))))
      throw new ProblemError(404, 'API_KEY_NOT_FOUND', 'Kunci API tidak ditemukan atau sudah dicabut.');
    await this.audit(actor.id, 'apikey.revoke', `apikey:${id}`, 'ok', actor.regionScope[0] ?? null, origin);
  }

  /** ApiKeyVerifier: `slrt_<prefix>_<secret>` → the owner client, or null. */
  async verify(key: string): Promise<Actor | null> {
    const m = /^slrt_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/.exec(key);
    if (!m) return null;
    const row = await this.repo.apiKeyByPrefix(this.dataSource.manager, m[1]!);
    if (!row || row.revokedAt) return null;
    const given = Buffer.from(sha256(m[2]!), 'hex');
    if (!timingSafeEqual(given, Buffer.from(row.keyHash, 'hex'))) return null;
    void this.repo.touchApiKey(this.dataSource.manager, row.id).catch(() => undefined);
    return {
      kind: 'owner-client',
      id: `apikey:${row.id}`,
      roles: ['PO'],
      regionScope: row.scope,
      ownerCode: row.ownerCode,
    } as Actor;
  }

  // ── audit ─────────────────────────────────────────────────────────────────────────────────

  async listAudit(actor: Actor, page: number, pageSize: number) {
    const { rows, total } = await this.repo.listAudit(
      this.dataSource.manager,
      patterns(actor.regionScope),
      page,
      pageSize,
    );
    return {
      items: rows.map((r: Record<string, unknown>) => ({ ...r, at: new Date(r.at as string).toISOString() })),
      total,
      page,
      pageSize,
    };
  }

  private async audit(
    actorId: string | null,
    action: string,
    target: string | null,
    outcome: string,
    region: string | null,
    origin: Origin,
  ) {
    await this.repo.audit(this.dataSource.manager, {
      actorId,
      action,
      target,
      outcome,
      region,
      ip: origin.ip,
      userAgent: origin.userAgent,
      correlationId: RequestContext.current()?.correlationId ?? null,
    });
  }
}

export function toActor(u: UserRecord): Actor {
  return {
    kind: 'user',
    id: u.id,
    roles: u.roles as Role[],
    regionScope: u.regionScope,
    ...(u.ownerCode ? { ownerCode: u.ownerCode } : {}),
  } as Actor;
}

function view(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    active: u.active,
    roles: u.roles,
    regionScope: u.regionScope,
    ownerCode: u.ownerCode,
    createdAt: new Date(u.createdAt).toISOString(),
    updatedAt: new Date(u.updatedAt).toISOString(),
  };
}
