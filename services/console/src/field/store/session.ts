import { createApiClient, type ApiClient, type Schemas } from '@slrt/api-client';
import { db, getMeta, setMeta, vaultHeader, wipeAll } from './db';
import type { DeviceInfo } from './queue';
import { MAX_FAILED_UNLOCKS, createVault, open, openVault, seal, type Sealed } from './vault';

export type Me = Schemas['MeDto'];

/** The sealed session: who signed in, and the rotating refresh token (14 days by default). */
interface StoredSession {
  me: Me;
  refreshToken: string | null;
}

export type Phase = 'starting' | 'login' | 'set-pin' | 'locked' | 'unlocked';

/** A refusal of the server in words (problem+json `detail`), or the connection failing. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly fieldErrors: Array<{ field: string; messages: string[] }> = [],
  ) {
    super(message);
  }
}

const OFFLINE = 'Tidak ada sambungan ke server. Data tetap tersimpan di ponsel; coba lagi saat ada sinyal.';
/** Locks itself after this long without a touch. */
export const AUTO_LOCK_MS = 5 * 60_000;

type Listener = () => void;

/**
 * The field app's state: signed in once online, then opened with a PIN. The data key (and the
 * access token) exist only in memory while unlocked; the refresh token is kept sealed in IndexedDB
 * so the Fasilitator can sync days later without typing the password again.
 */
export class FieldSession {
  phase: Phase = 'starting';
  me: Me | undefined;
  key: CryptoKey | undefined;
  /** Set when the server no longer accepts the stored session: sign in again (the queue stays). */
  needsLogin = false;
  failedUnlocks = 0;
  /** This phone's enrolment (device code of its provisional numbers); undefined until enrolled online. */
  device: DeviceInfo | undefined;
  /** Set once when the server revoked this device and the phone was wiped (shown on the login screen). */
  wiped = false;
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshToken: string | null = null;
  private refreshing: Promise<boolean> | undefined;
  private pending: Schemas['SessionDto'] | undefined;
  private listeners = new Set<Listener>();
  readonly api: ApiClient;
  private readonly bare: ApiClient;

  constructor(origin = window.location.origin) {
    this.bare = createApiClient(origin);
    this.api = createApiClient(origin, { fetch: (input) => this.fetch(input as Request) });
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  snapshot(): string {
    return `${this.phase}:${this.me?.id ?? ''}:${this.needsLogin}:${this.failedUnlocks}:${this.device?.deviceCode ?? ''}:${this.wiped}`;
  }

  async start(): Promise<void> {
    this.phase = (await vaultHeader()) ? 'locked' : 'login';
    this.failedUnlocks = (await getMeta<number>('failedUnlocks')) ?? 0;
    this.device = await getMeta<DeviceInfo>('device');
    this.emit();
  }

  /** Signs in online (first use, or after the server ended the session). */
  async login(username: string, password: string): Promise<void> {
    const data = await call(() => this.bare.POST('/v1/auth/login', { body: { username, password } }));
    const me = await call(() => this.bare.GET('/v1/me', { headers: { authorization: `Bearer ${data.accessToken}` } }));
    if (!me.roles.includes('FS') && !me.roles.includes('FO')) {
      await this.bare
        .POST('/v1/auth/logout', {
          body: { refreshToken: data.refreshToken },
          headers: { authorization: `Bearer ${data.accessToken}` },
        })
        .catch(() => undefined);
      throw new FieldError(
        'Aplikasi lapangan hanya untuk Fasilitator (FS) dan petugas front office.',
        403,
        'FORBIDDEN_ROLE',
      );
    }
    if (this.key && this.me && this.me.id !== me.id) {
      throw new FieldError(
        'Ponsel ini dipakai oleh Fasilitator lain. Masuk dengan akun yang sama, atau keluar dulu dari aplikasi (data di ponsel dihapus).',
        409,
        'OTHER_USER',
      );
    }
    this.useTokens(data);
    this.me = me;
    if (this.key) {
      // Signing in again while unlocked: the same user goes on with their queue.
      this.needsLogin = false;
      await this.persistSession();
    } else {
      this.pending = data;
      this.phase = 'set-pin';
    }
    this.emit();
  }

  /** After the first sign-in: the PIN that opens the data on this phone. */
  async setPin(pin: string): Promise<void> {
    const { header, key } = await createVault(pin);
    await setMeta('vault', header);
    await setMeta('failedUnlocks', 0);
    this.key = key;
    this.pending = undefined;
    await this.persistSession();
    this.phase = 'unlocked';
    this.emit();
  }

  /**
   * Enrols this phone (online, once): the server gives the device code that prefixes the
   * provisional receipt numbers `L-<deviceCode>-<n>`. Idempotent per installation id.
   */
  async enrol(): Promise<DeviceInfo> {
    if (this.device) return this.device;
    let installationId = await getMeta<string>('installationId');
    if (!installationId) {
      installationId = crypto.randomUUID();
      await setMeta('installationId', installationId);
    }
    const label = `HP ${this.me?.username ?? 'Fasilitator'}`.slice(0, 60);
    const d = await call(() => this.api.POST('/v1/field/devices', { body: { label, installationId } }));
    this.device = { deviceId: d.deviceId, deviceCode: d.deviceCode };
    await setMeta('device', this.device);
    this.emit();
    return this.device;
  }

  /**
   * Remote logout even with nothing to send: when the server lists this phone as revoked, every
   * piece of data on it is wiped (and the app returns to the sign-in screen).
   */
  async checkDevice(): Promise<void> {
    if (!this.device?.deviceId) return;
    const { items } = await call(() =>
      this.api.GET('/v1/field/devices', { params: { query: { includeRevoked: 'true' } } }),
    );
    const mine = items.find((d) => d.deviceId === this.device?.deviceId);
    if (mine?.revokedAt) {
      await this.wipe();
      this.wiped = true;
      this.emit();
      throw new FieldError(
        'Perangkat ini telah dicabut dari server. Semua data di ponsel dihapus.',
        403,
        'DEVICE_REVOKED',
      );
    }
  }

  /** True when unlocked; false for a wrong PIN; after the 5th wrong PIN everything is wiped. */
  async unlock(pin: string): Promise<boolean> {
    const header = await vaultHeader();
    if (!header) {
      this.phase = 'login';
      this.emit();
      return false;
    }
    const key = await openVault(header, pin);
    if (!key) {
      this.failedUnlocks = ((await getMeta<number>('failedUnlocks')) ?? 0) + 1;
      if (this.failedUnlocks >= MAX_FAILED_UNLOCKS) {
        await wipeAll();
        this.failedUnlocks = 0;
        this.phase = 'login';
      } else {
        await setMeta('failedUnlocks', this.failedUnlocks);
      }
      this.emit();
      return false;
    }
    await setMeta('failedUnlocks', 0);
    this.failedUnlocks = 0;
    this.key = key;
    const stored = await getMeta<Sealed>('session');
    const session = stored ? await open<StoredSession>(key, 'session', stored) : undefined;
    this.me = session?.me;
    this.refreshToken = session?.refreshToken ?? null;
    this.needsLogin = !this.refreshToken;
    this.phase = 'unlocked';
    this.emit();
    return true;
  }

  lock(): void {
    if (this.phase !== 'unlocked') return;
    this.key = undefined;
    this.accessToken = undefined;
    this.refreshToken = null;
    this.phase = 'locked';
    this.emit();
  }

  /** Signs out: ends the session on the server when reachable and wipes the phone's data. */
  async logout(): Promise<void> {
    if (this.refreshToken && this.accessToken) {
      await this.bare
        .POST('/v1/auth/logout', {
          body: { refreshToken: this.refreshToken },
          headers: { authorization: `Bearer ${this.accessToken}` },
        })
        .catch(() => undefined);
    }
    await this.wipe();
  }

  /** The server revoked this device (or the user): nothing of it may stay on the phone. */
  async wipe(): Promise<void> {
    await wipeAll();
    this.key = undefined;
    this.me = undefined;
    this.accessToken = undefined;
    this.refreshToken = null;
    this.needsLogin = false;
    this.device = undefined;
    this.phase = 'login';
    this.emit();
  }

  private useTokens(s: Schemas['SessionDto']): void {
    this.accessToken = s.accessToken;
    this.expiresAt = Date.now() + s.expiresIn * 1000;
    this.refreshToken = s.refreshToken;
  }

  private async persistSession(): Promise<void> {
    if (!this.key || !this.me) return;
    await setMeta(
      'session',
      await seal(this.key, 'session', { me: this.me, refreshToken: this.refreshToken } satisfies StoredSession),
    );
  }

  /** A fresh access token from the stored refresh token (one refresh at a time: it rotates). */
  private refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      if (!this.refreshToken) return false;
      const { data, response } = await this.bare.POST('/v1/auth/refresh', {
        body: { refreshToken: this.refreshToken },
      });
      if (data) {
        this.useTokens(data);
        await this.persistSession();
        return true;
      }
      if (response.status === 401) {
        // Logged out elsewhere, revoked, or expired: the cached reference data and the session go;
        // what was recorded and not yet sent stays (sealed) until the same user signs in again.
        this.refreshToken = null;
        this.accessToken = undefined;
        this.needsLogin = true;
        await db.cache.clear();
        await this.persistSession();
        this.emit();
      }
      return false;
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private withToken(request: Request): Request {
    const r = new Request(request);
    if (this.accessToken) r.headers.set('authorization', `Bearer ${this.accessToken}`);
    return r;
  }

  /** Every API call: a fresh token, one retry after a refresh on 401. Throws TypeError when offline. */
  async fetch(request: Request): Promise<Response> {
    if (!this.accessToken || Date.now() > this.expiresAt - 30_000) await this.refresh();
    const spare = request.clone();
    const response = await fetch(this.withToken(request));
    if (response.status === 403) await this.checkRevoked(response.clone());
    if (response.status !== 401) return response;
    if (!(await this.refresh())) return response;
    return fetch(this.withToken(spare));
  }

  /** The server revoked this device (remote logout): everything on the phone is wiped. */
  private async checkRevoked(response: Response): Promise<void> {
    const p = (await response.json().catch(() => ({}))) as { code?: string; reason?: string };
    if (p.code !== 'DEVICE_REVOKED' && p.reason !== 'DEVICE_REVOKED') return;
    await this.wipe();
    this.wiped = true;
    this.emit();
    throw new FieldError(
      'Perangkat ini telah dicabut dari server. Semua data di ponsel dihapus.',
      403,
      'DEVICE_REVOKED',
    );
  }

  /** For raw requests (chunked photo uploads): the current Authorization header. */
  async authorization(): Promise<string | undefined> {
    if (!this.accessToken || Date.now() > this.expiresAt - 30_000) await this.refresh();
    return this.accessToken ? `Bearer ${this.accessToken}` : undefined;
  }
}

/** The data of an API call, or a FieldError in words (offline included). */
export async function call<T>(run: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await run();
  } catch (e) {
    if (e instanceof FieldError) throw e;
    throw new FieldError(OFFLINE, 0, 'NETWORK_UNAVAILABLE');
  }
  if (result.data !== undefined && result.response.ok) return result.data;
  const p = (result.error ?? {}) as {
    detail?: string;
    code?: string;
    errors?: Array<{ field: string; messages: string[] }>;
  };
  throw new FieldError(
    p.detail ?? `Server menjawab ${result.response.status}.`,
    result.response.status,
    p.code ?? 'UNEXPECTED_RESPONSE',
    p.errors ?? [],
  );
}
