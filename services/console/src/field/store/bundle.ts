import type { Schemas } from '@slrt/api-client';
import { db } from './db';
import { open, seal } from './vault';
import { call, type FieldSession } from './session';

/** Reference data the phone needs with no signal: the FS's desa list and the programme catalogue. */
export interface Bundle {
  regions: Schemas['DesaOptionDto'][];
  programmes: Array<Pick<Schemas['ProgrammeViewV1'], 'code' | 'name' | 'sector'>>;
  fetchedAt: string;
}

/** Kept this long; older is still used offline, but shown as old. */
export const BUNDLE_FRESH_DAYS = 7;

export async function refreshBundle(session: FieldSession): Promise<Bundle> {
  const key = session.key;
  if (!key) throw new Error('locked');
  const [regions, programmes] = await Promise.all([call(() => session.api.GET('/v1/regions')), call(() => session.api.GET('/v1/programmes'))]);
  const bundle: Bundle = {
    regions: regions.items,
    programmes: programmes.items.filter((p) => p.active).map(({ code, name, sector }) => ({ code, name, sector })),
    fetchedAt: new Date().toISOString(),
  };
  await db.cache.put({ key: 'bundle', fetchedAt: bundle.fetchedAt, box: await seal(key, 'bundle', bundle) });
  return bundle;
}

export async function readBundle(key: CryptoKey): Promise<Bundle | undefined> {
  const row = await db.cache.get('bundle');
  return row ? open<Bundle>(key, 'bundle', row.box) : undefined;
}
