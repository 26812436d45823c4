import { zoneOffsetMs } from '@slrt/domain';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a text message may go out: `now` unless it falls in the quiet hours (local time of the
 * kab/kota, `start`–`end`, possibly across midnight), then the end of those hours.
 */
export function nextAllowedSend(now: Date, timeZone: string, start: string, end: string): Date {
  const s = minutesOf(start);
  const e = minutesOf(end);
  if (s === e) return now;
  const offsetMs = zoneOffsetMs(timeZone);
  const localMs = now.getTime() + offsetMs;
  const minuteOfDay = Math.floor((localMs % 86_400_000) / 60_000);
  const quiet = s < e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
  if (!quiet) return now;
  const localMidnight = localMs - (localMs % 86_400_000);
  let endLocal = localMidnight + e * 60_000;
  if (endLocal <= localMs) endLocal += 86_400_000;
  return new Date(endLocal - offsetMs);
}
