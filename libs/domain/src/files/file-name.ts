/**
 * Characters never kept in a file name: C0/C1 controls, DEL, zero-width and bidirectional
 * formatting characters (U+202E turns `gpj.exe` into what reads as `exe.jpg`), the BOM, and
 * characters Windows refuses.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb<>:"|?*]/gu;

/**
 * A file name safe to store and show: the last path segment only, NFC-normalised, without
 * control, bidi-override or zero-width characters, trimmed of spaces and dots at the ends, at
 * most `maxLength` characters (code points; the extension kept when cut). `fallback` when nothing
 * is left.
 */
export function sanitizeFileName(name: string, fallback: string, maxLength = 150): string {
  const base = name
    .normalize('NFC')
    .replace(UNSAFE, '')
    .split(/[\\/]/)
    .pop()!
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = [...base];
  if (chars.length <= maxLength) return base || fallback;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(base)?.[0] ?? '';
  return (
    chars
      .slice(0, maxLength - ext.length)
      .join('')
      .trimEnd() + ext
  );
}
