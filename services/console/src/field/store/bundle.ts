import type { Schemas } from '@slrt/api-client';
import { db } from './db';
import { open, seal } from './vault';
import { call, type FieldSession } from './session';

/**
 * Reference data the phone needs with no signal (GET /v1/field/bundle): the desa of the FS's
 * scope, categories, sectors, the programme catalogue, the documents checklist, earlier complaints
 * of the households there (minimised and masked by the server) and the FS's visit tasks. Sealed
 * in IndexedDB like everything else; refreshed when online (ETag: unchanged = nothing downloaded).
 */
export type Bundle = Schemas['FieldAppBundleV1'] & { fetchedAt: string };

/** Older than this, the home screen says the reference data is old (it is still used). */
export const BUNDLE_FRESH_DAYS = 7;

export async function refreshBundle(session: FieldSession): Promise<Bundle> {
  const key = session.key;
  if (!key) throw new Error('locked');
  const cached = await readBundle(key);
  const result = await session.api.GET('/v1/field/bundle', { headers: cached ? { 'if-none-match': cached.etag } : {} }).catch(() => undefined);
  if (result?.response.status === 304 && cached) {
    const fresh = { ...cached, fetchedAt: new Date().toISOString() };
    await db.cache.put({ key: 'bundle', fetchedAt: fresh.fetchedAt, box: await seal(key, 'bundle', fresh) });
    return fresh;
  }
  const data = await call(() => (result ? Promise.resolve(result) : session.api.GET('/v1/field/bundle')));
  const bundle: Bundle = { ...data, fetchedAt: new Date().toISOString() };
  await db.cache.put({ key: 'bundle', fetchedAt: bundle.fetchedAt, box: await seal(key, 'bundle', bundle) });
  return bundle;
}

export async function readBundle(key: CryptoKey): Promise<Bundle | undefined> {
  const row = await db.cache.get('bundle');
  return row ? open<Bundle>(key, 'bundle', row.box) : undefined;
}
