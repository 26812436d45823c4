// A second entry of the console, ≈ 1 KB, named in index.html as an `async` module script (it runs
// as soon as it has arrived, not after the stylesheets as the application's script): resumes this tab's session
// (`/v1/auth/refresh`, then `/v1/me`) while the application's code is still downloading. On a slow
// link these two round trips then overlap that download instead of following it. Plain `fetch`
// and no runtime import (a module shared with the application would become a chunk of its own
// to wait for); `Session.resume` takes the result as if it had made the calls itself.
import type { Schemas } from '@slrt/api-client';

/** What the early refresh got: a session (and the user, unless that call failed), or why not. */
export type EarlyResume =
  | { kind: 'session'; session: Schemas['SessionDto']; me: Schemas['MeDto'] | undefined }
  | { kind: 'refused' | 'offline' };

declare global {
  interface Window {
    /**
     * Set by this entry when the tab holds a refresh token; taken by `Session.resume`, which
     * leaves `null`: should the application start first (both files cached), this entry then
     * stays out of the way (a refresh token is used once).
     */
    slrtEarlyResume?: Promise<EarlyResume> | null;
  }
}

/** The same key as `REFRESH_KEY` in api/session.ts (not imported: see above). */
const REFRESH_KEY = 'slrt.session.refresh';

async function resume(refreshToken: string): Promise<EarlyResume> {
  let session: Schemas['SessionDto'];
  try {
    const r = await fetch('/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (!r.ok) {
      // As Session.refresh(): a refused token is gone.
      sessionStorage.removeItem(REFRESH_KEY);
      return { kind: 'refused' };
    }
    session = (await r.json()) as Schemas['SessionDto'];
    sessionStorage.setItem(REFRESH_KEY, session.refreshToken);
  } catch {
    return { kind: 'offline' };
  }
  try {
    const r = await fetch('/v1/me', { headers: { authorization: `Bearer ${session.accessToken}` } });
    return { kind: 'session', session, me: r.ok ? ((await r.json()) as Schemas['MeDto']) : undefined };
  } catch {
    return { kind: 'session', session, me: undefined };
  }
}

try {
  const token = sessionStorage.getItem(REFRESH_KEY);
  if (token && window.slrtEarlyResume === undefined) window.slrtEarlyResume = resume(token);
} catch {
  /* storage disabled: no session to resume */
}
