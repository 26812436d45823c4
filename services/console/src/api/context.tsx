import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient } from '@slrt/api-client';
import type { Me, Role, Session } from './session';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  // Re-render on sign-in, sign-out and the re-login dialog (the same snapshot when the page is
  // rendered at build time: src/prerender).
  const snapshot = () => `${session.me?.id ?? ''}:${session.needsRelogin}:${session.generation}`;
  useSyncExternalStore((l) => session.subscribe(l), snapshot, snapshot);
  return session;
}

/** The typed API client of the signed-in session. */
export function useApi(): ApiClient {
  return useSession().api;
}

/** The signed-in user (pages are only rendered when there is one). */
export function useMe(): Me & { has: (...roles: Role[]) => boolean } {
  const session = useSession();
  if (!session.me) throw new Error('useMe without a signed-in user');
  return Object.assign({}, session.me, { has: (...roles: Role[]) => session.hasRole(...roles) });
}
