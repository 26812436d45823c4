import { useCallback, useRef } from 'react';

/**
 * One Idempotency-Key per thing being saved: kept across retries (a lost connection, a re-login)
 * so the server applies the save once, and replaced only after the save succeeded.
 */
export function useIdempotencyKey(): { key: () => string; done: () => void } {
  const ref = useRef<string | null>(null);
  const key = useCallback(() => (ref.current ??= crypto.randomUUID()), []);
  const done = useCallback(() => {
    ref.current = null;
  }, []);
  return { key, done };
}
