import { setMeta } from './db';
import { deviceInfo, type DeviceInfo } from './queue';
import type { FieldSession } from './session';

/**
 * This phone's enrolment: the device code that prefixes its provisional receipt numbers
 * (`L-<deviceCode>-<n>`). Asked once, online, after the PIN is set.
 */
export async function ensureDevice(session: FieldSession): Promise<DeviceInfo | undefined> {
  const known = await deviceInfo();
  if (known) return known;
  void session;
  return undefined;
}

export async function rememberDevice(info: DeviceInfo): Promise<void> {
  await setMeta('device', info);
}
