import { Dexie, type EntityTable } from 'dexie';
import type { Sealed, VaultHeader } from './vault';

/**
 * The field app's IndexedDB (via Dexie). Only what the queue needs to be ordered and counted is
 * stored in the clear (ids, kinds, states, times, sizes); everything about a household or a person
 * is inside `box`, sealed with the data key (vault.ts).
 */

/** One unit of work recorded on the phone, synced in `seq` order. */
export interface ItemRow {
  seq?: number;
  /** The device-made id: the idempotency key of the item for the server (clientId). */
  id: string;
  kind: 'complaint' | 'visit' | 'answer';
  /** draft: not yet to send; queued: to send; synced; conflict / rejected: the FS must look. */
  state: 'queued' | 'synced' | 'conflict' | 'rejected';
  createdAt: string;
  updatedAt: string;
  box: Sealed;
}

/** A photo of an item, compressed on the phone, uploaded after its item synced. */
export interface PhotoRow {
  id: string;
  itemId: string;
  state: 'queued' | 'uploaded';
  /** Bytes of the JPEG (plain length, for progress). */
  size: number;
  /** Bytes the server has confirmed (resumable uploads). */
  sent: number;
  createdAt: string;
  box: Sealed;
}

/** Cached reference data (regions, catalogue, earlier complaints masked): sealed too. */
export interface CacheRow {
  key: string;
  fetchedAt: string;
  box: Sealed;
}

/** Plain settings: the vault header, the failed-unlock counter; sealed: the session, the device. */
export interface MetaRow {
  key: string;
  value: unknown;
}

export const DB_NAME = 'slrt-lapangan';

export class FieldDb extends Dexie {
  items!: EntityTable<ItemRow, 'seq'>;
  photos!: EntityTable<PhotoRow, 'id'>;
  cache!: EntityTable<CacheRow, 'key'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor() {
    super(DB_NAME);
    this.version(1).stores({
      items: '++seq, &id, state, kind',
      photos: 'id, itemId, state',
      cache: 'key',
      meta: 'key',
    });
  }
}

export const db = new FieldDb();

export async function getMeta<T>(key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

export const vaultHeader = () => getMeta<VaultHeader>('vault');

/** Everything on this device, gone (wrong PINs, revoked device, signing out). */
export async function wipeAll(): Promise<void> {
  await db.transaction('rw', [db.items, db.photos, db.cache, db.meta], async () => {
    await Promise.all([db.items.clear(), db.photos.clear(), db.cache.clear(), db.meta.clear()]);
  });
}
