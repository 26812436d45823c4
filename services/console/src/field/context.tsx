import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { FieldSession } from './store/session';

const Ctx = createContext<FieldSession | null>(null);

export function FieldProvider({ session, children }: { session: FieldSession; children: ReactNode }) {
  return <Ctx.Provider value={session}>{children}</Ctx.Provider>;
}

/** The field session; re-renders on sign-in, PIN, lock and wipe. */
export function useField(): FieldSession {
  const s = useContext(Ctx);
  if (!s) throw new Error('useField outside FieldProvider');
  useSyncExternalStore(
    (l) => s.subscribe(l),
    () => s.snapshot(),
  );
  return s;
}

/** The data key (screens behind the PIN only). */
export function useKey(): CryptoKey {
  const key = useField().key;
  if (!key) throw new Error('locked');
  return key;
}
