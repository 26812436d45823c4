import type { Schemas } from '@slrt/api-client';
import { db } from './db';
import { open, seal } from './vault';
import { FieldError, call, type FieldSession } from './session';

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
  const result = await session.api
    .GET('/v1/field/bundle', { headers: cached?.etag ? { 'if-none-match': cached.etag } : {} })
    .catch(() => undefined);
  if (result?.response.status === 304 && cached) {
    const fresh = { ...cached, fetchedAt: new Date().toISOString() };
    await db.cache.put({ key: 'bundle', fetchedAt: fresh.fetchedAt, box: await seal(key, 'bundle', fresh) });
    return fresh;
  }
  let data: Schemas['FieldAppBundleV1'];
  try {
    data = await call(() => (result ? Promise.resolve(result) : session.api.GET('/v1/field/bundle')));
  } catch (e) {
    // A server without the bundle (older version, intake not answering): the two lists the form
    // cannot do without, from the console's own endpoints.
    if (!(e instanceof FieldError) || ![404, 501, 503, 504].includes(e.status)) throw e;
    data = await minimalBundle(session);
  }
  const bundle: Bundle = { ...data, fetchedAt: new Date().toISOString() };
  await db.cache.put({ key: 'bundle', fetchedAt: bundle.fetchedAt, box: await seal(key, 'bundle', bundle) });
  return bundle;
}

export async function readBundle(key: CryptoKey): Promise<Bundle | undefined> {
  const row = await db.cache.get('bundle');
  return row ? open<Bundle>(key, 'bundle', row.box) : undefined;
}

async function minimalBundle(session: FieldSession): Promise<Schemas['FieldAppBundleV1']> {
  const [regions, programmes] = await Promise.all([
    call(() => session.api.GET('/v1/regions')),
    call(() => session.api.GET('/v1/programmes')),
  ]);
  const now = new Date().toISOString();
  return {
    kabKotaCode: regions.items[0]?.code.slice(0, 5) ?? '',
    generatedAt: now,
    etag: '',
    desa: regions.items,
    categories: [],
    contactTypes: [],
    sectors: [],
    programmes: programmes.items.map(({ code, name, aliases, active }) => ({ code, name, aliases, active })),
    programmesComplete: true,
    documentChecklists: [],
    earlierComplaints: [],
    earlierComplaintsTruncated: false,
    earlierComplaintsDays: 0,
    tasks: [],
    tasksComplete: false,
  };
}
