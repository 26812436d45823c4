import { createApiClient, type ApiClient, type Schemas } from '@slrt/api-client';
import type { EarlyResume } from '../early';

export type Me = Schemas['MeDto'];
export type Role = Me['roles'][number];

export const REFRESH_KEY = 'slrt.session.refresh';
/** `sessionStorage` keys of form drafts start with this; signing out removes them all. */
export const DRAFT_PREFIX = 'slrt.draft.';

function clearDrafts(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_PREFIX)) sessionStorage.removeItem(key);
  } catch {
    /* storage disabled: there are no drafts */
  }
}
/** Refresh this long before the access token runs out. */
const EARLY_MS = 30_000;

type Listener = () => void;

/**
 * The signed-in session: the access token lives in memory only; the rotating refresh token in
 * `sessionStorage` (this tab, gone when it closes). Every API call goes through `fetch` below,
 * which refreshes ahead of expiry and, when the server still says 401, asks the user to sign in
 * again in a dialog and then repeats the call — the page and its unsaved form stay as they were.
 */
export class Session {
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshing: Promise<boolean> | undefined;
  private reloginWaiters: Array<(ok: boolean) => void> = [];
  private listeners = new Set<Listener>();
  me: Me | undefined;
  /** True while the re-login dialog should be shown. */
  needsRelogin = false;
  /** Bumped when the user signs out, so cached data of the previous user is dropped. */
  generation = 0;

  readonly api: ApiClient;
  private readonly bare: ApiClient;

  constructor(private readonly baseUrl = '') {
    const origin = baseUrl || (typeof window === 'undefined' ? 'http://localhost' : window.location.origin);
    this.bare = createApiClient(origin);
    this.api = createApiClient(origin, { fetch: (input) => this.fetch(input as Request) });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  get signedIn(): boolean {
    return this.me !== undefined;
  }

  hasRole(...roles: Role[]): boolean {
    return !!this.me && this.me.roles.some((r) => roles.includes(r));
  }

  private store(session: Schemas['SessionDto']): void {
    this.accessToken = session.accessToken;
    this.expiresAt = Date.now() + session.expiresIn * 1000;
    try {
      sessionStorage.setItem(REFRESH_KEY, session.refreshToken);
    } catch {
      /* storage disabled: the session lasts as long as the page */
    }
  }

  /** Signs in; resolves with a problem's `code` and `detail` when refused. */
  async login(username: string, password: string): Promise<void> {
    const { data, error, response } = await this.bare.POST('/v1/auth/login', { body: { username, password } });
    if (!data)
      throw Object.assign(new Error(error?.detail ?? `HTTP ${response.status}`), {
        problem: error,
        status: response.status,
      });
    this.store(data);
    if (this.needsRelogin) {
      // The same user continues where they were; another user starts afresh.
      const previous = this.me?.id;
      await this.loadMe();
      if (previous && this.me?.id !== previous) {
        this.generation++;
        clearDrafts(); // another user's drafts are not theirs to see
      }
      this.needsRelogin = false;
      for (const w of this.reloginWaiters.splice(0)) w(true);
    } else {
      await this.loadMe();
    }
    this.emit();
  }

  /**
   * On page load: continues a session of this tab if its refresh token is still good. The refresh
   * and `/v1/me` may already be on their way (the console's early entry, `src/early.ts`): then
   * their answers are taken instead of asking again (the refresh token is used once).
   */
  async resume(): Promise<boolean> {
    const early = typeof window === 'undefined' ? undefined : window.slrtEarlyResume;
    // Taken; or, when the early entry has not run yet, it will not refresh on its own now.
    if (typeof window !== 'undefined') window.slrtEarlyResume = null;
    if (early) {
      const result: EarlyResume = await early;
      if (result.kind !== 'session') return false;
      this.store(result.session);
      if (result.me) this.me = result.me;
      else await this.loadMe();
      this.emit();
      return true;
    }
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(REFRESH_KEY);
    } catch {
      token = null;
    }
    if (!token) return false;
    if (!(await this.refresh())) return false;
    await this.loadMe();
    this.emit();
    return true;
  }

  async loadMe(): Promise<void> {
    const { data } = await this.api.GET('/v1/me');
    if (data) this.me = data;
  }

  /** One refresh at a time; the rotating token is used once. */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      let token: string | null = null;
      try {
        token = sessionStorage.getItem(REFRESH_KEY);
      } catch {
        token = null;
      }
      if (!token) return false;
      try {
        const { data } = await this.bare.POST('/v1/auth/refresh', { body: { refreshToken: token } });
        if (!data) {
          sessionStorage.removeItem(REFRESH_KEY);
          return false;
        }
        this.store(data);
        return true;
      } catch {
        return false; // offline: the caller keeps its state and may retry
      }
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async logout(): Promise<void> {
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(REFRESH_KEY);
      sessionStorage.removeItem(REFRESH_KEY);
    } catch {
      token = null;
    }
    clearDrafts();
    if (token && this.accessToken) {
      await this.api.POST('/v1/auth/logout', { body: { refreshToken: token } }).catch(() => undefined);
    }
    this.accessToken = undefined;
    this.me = undefined;
    this.needsRelogin = false;
    this.generation++;
    for (const w of this.reloginWaiters.splice(0)) w(false);
    this.emit();
  }

  /** Shows the re-login dialog and waits for it. */
  private relogin(): Promise<boolean> {
    this.needsRelogin = true;
    this.emit();
    return new Promise((resolve) => this.reloginWaiters.push(resolve));
  }

  private withToken(request: Request): Request {
    const r = new Request(request);
    if (this.accessToken) r.headers.set('authorization', `Bearer ${this.accessToken}`);
    return r;
  }

  /**
   * For the requests `fetch` cannot make (upload progress needs XMLHttpRequest): the current
   * `Authorization` value, refreshed ahead of expiry like every other call.
   */
  async authorization(): Promise<string | undefined> {
    if (this.accessToken && Date.now() > this.expiresAt - EARLY_MS) await this.refresh();
    return this.accessToken ? `Bearer ${this.accessToken}` : undefined;
  }

  /** After such a request was answered 401: refresh, or sign in again in the dialog; true when it may be repeated. */
  async recover(): Promise<boolean> {
    if (!this.me) return false;
    return (await this.refresh()) || (await this.relogin());
  }

  /** The fetch every API call uses: fresh token, and one more try after signing in again. */
  async fetch(request: Request): Promise<Response> {
    if (this.accessToken && Date.now() > this.expiresAt - EARLY_MS) await this.refresh();
    const spare = request.clone();
    const response = await fetch(this.withToken(request));
    if (response.status !== 401 || !this.me) return response;
    const recovered = (await this.refresh()) || (await this.relogin());
    if (!recovered) return response;
    return fetch(this.withToken(spare));
  }
}
