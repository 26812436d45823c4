import type { Schemas } from '@slrt/api-client';
import { db, getMeta, setMeta, type ItemRow, type PhotoRow } from './db';
import { open, openBytes, seal, sealBytes } from './vault';

export type ComplaintInput = Schemas['ComplaintInputV1'];
export type SyncOutcome = Schemas['FieldComplaintResultV1']['outcome'];

/** The server's last answer about an item. */
export interface ItemResult {
  outcome: SyncOutcome;
  complaintId: string | null;
  receiptNumber: string | null;
  version: number | null;
  detail: string | null;
  fieldErrors: Array<{ field: string; messages: string[] }>;
  at: string;
}

/** What a queued complaint holds (sealed). */
export interface ComplaintBox {
  input: ComplaintInput;
  /** When the FS recorded (or last edited) it. */
  recordedAt: string;
  /** The number the citizen leaves with: `L-<deviceCode>-<n>`, unique per device. */
  localNumber: string;
  /** Device-made code that opens the public status page with the number. */
  trackingCode: string;
  /** The server version an edit is based on (absent before the first sync). */
  baseVersion?: number;
  result?: ItemResult;
  /** On a conflict: the server's version, shown beside the FS's. */
  server?: unknown;
}

export interface QueuedItem {
  row: ItemRow;
  box: ComplaintBox;
  photos: Array<Pick<PhotoRow, 'id' | 'state' | 'size' | 'sent'>>;
}

/** The alphabet of tracking codes (no 0/O, 1/I/L): the server's own. */
const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function trackingCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let s = '';
  // 256 % 31 leaves a small bias; rejection sampling keeps every letter equally likely.
  for (let i = 0; s.length < 8; i++) {
    const b = i < bytes.length ? bytes[i]! : crypto.getRandomValues(new Uint8Array(1))[0]!;
    if (b < 248) s += TRACKING_ALPHABET[b % 31];
  }
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** This device's code (from enrolment) and its next provisional number. */
export interface DeviceInfo {
  deviceCode: string;
  deviceId?: string;
}

export const deviceInfo = () => getMeta<DeviceInfo>('device');

/** The next provisional receipt number: `L-<deviceCode>-<n>`, counted on the device, never reused. */
async function nextLocalNumber(): Promise<string> {
  const device = await deviceInfo();
  if (!device)
    throw new Error('Perangkat belum terdaftar: sambungkan ke internet sekali untuk mendaftarkan ponsel ini.');
  const n = await db.transaction('rw', db.meta, async () => {
    const next = ((await getMeta<number>('localCounter')) ?? 0) + 1;
    await setMeta('localCounter', next);
    return next;
  });
  return `L-${device.deviceCode}-${n}`;
}

/** Records a complaint (and its photos) on the phone, queued for the next sync. */
export async function recordComplaint(
  key: CryptoKey,
  input: ComplaintInput,
  photos: Blob[],
): Promise<{ id: string; box: ComplaintBox }> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const sealedPhotos = await Promise.all(
    photos.map(async (p) => {
      const pid = crypto.randomUUID();
      const bytes = await p.arrayBuffer();
      return {
        id: pid,
        itemId: id,
        state: 'queued' as const,
        size: bytes.byteLength,
        sent: 0,
        createdAt: now,
        box: await sealBytes(key, pid, bytes),
      };
    }),
  );
  // The number is reserved first (its own transaction): a record that then fails leaves a gap,
  // never a number used twice. Sealing (WebCrypto) happens outside IndexedDB transactions.
  const box: ComplaintBox = {
    input,
    recordedAt: now,
    localNumber: await nextLocalNumber(),
    trackingCode: trackingCode(),
  };
  const sealed = await seal(key, id, box);
  await db.transaction('rw', [db.items, db.photos], async () => {
    await db.items.add({ id, kind: 'complaint', state: 'queued', createdAt: now, updatedAt: now, box: sealed });
    if (sealedPhotos.length) await db.photos.bulkAdd(sealedPhotos);
  });
  return { id, box };
}

export async function readItem(key: CryptoKey, row: ItemRow): Promise<QueuedItem> {
  const photos = await db.photos.where('itemId').equals(row.id).toArray();
  return {
    row,
    box: await open<ComplaintBox>(key, row.id, row.box),
    photos: photos.map(({ id, state, size, sent }) => ({ id, state, size, sent })),
  };
}

/** Every item on the phone, oldest first. */
export async function listItems(key: CryptoKey): Promise<QueuedItem[]> {
  const rows = await db.items.where('kind').equals('complaint').sortBy('seq');
  return Promise.all(rows.map((r) => readItem(key, r)));
}

export async function getItem(key: CryptoKey, id: string): Promise<QueuedItem | undefined> {
  const row = await db.items.get({ id });
  return row ? readItem(key, row) : undefined;
}

/** Rewrites an item's sealed content and state (one item, one transaction). */
export async function putItem(key: CryptoKey, row: ItemRow, box: ComplaintBox, state: ItemRow['state']): Promise<void> {
  await db.items.update(row.seq!, { state, updatedAt: new Date().toISOString(), box: await seal(key, row.id, box) });
}

/** An edit made on the phone: queued again, based on the version the phone last saw. */
export async function editComplaint(key: CryptoKey, id: string, input: ComplaintInput): Promise<void> {
  const item = await getItem(key, id);
  if (!item) return;
  const box: ComplaintBox = {
    ...item.box,
    input,
    recordedAt: new Date().toISOString(),
    baseVersion: item.box.result?.version ?? item.box.baseVersion,
  };
  await putItem(key, item.row, box, 'queued');
}

/**
 * A conflict resolved by the FS: `mine` sends the phone's version again, now based on the
 * server's current version (a deliberate overwrite of what they have seen); `server` drops the
 * phone's edit and takes the server's version.
 */
export async function resolveConflict(
  key: CryptoKey,
  id: string,
  choice: 'mine' | 'server',
  serverInput?: ComplaintInput,
): Promise<void> {
  const item = await getItem(key, id);
  if (!item || item.row.state !== 'conflict') return;
  const serverVersion = item.box.result?.version ?? undefined;
  if (choice === 'mine') {
    await putItem(key, item.row, { ...item.box, baseVersion: serverVersion, server: undefined }, 'queued');
  } else {
    const result = item.box.result ? { ...item.box.result, outcome: 'unchanged' as const, detail: null } : undefined;
    await putItem(
      key,
      item.row,
      { ...item.box, input: serverInput ?? item.box.input, baseVersion: serverVersion, result, server: undefined },
      'synced',
    );
  }
}

export async function photoBytes(key: CryptoKey, photo: PhotoRow): Promise<ArrayBuffer> {
  return openBytes(key, photo.id, photo.box);
}
