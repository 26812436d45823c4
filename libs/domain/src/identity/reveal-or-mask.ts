/**
 * A personal identifier (NIK, KK number, phone) as a view shows it: whole when the reader may see
 * it, otherwise through `mask` (e.g. {@link maskNik}, {@link maskKk}, {@link maskPhone}). An absent
 * or empty value stays `null`, so a view never shows a masked empty string.
 */
export function revealOrMask(
  value: string | null | undefined,
  reveal: boolean,
  mask: (value: string) => string,
): string | null {
  if (!value) return null;
  return reveal ? value : mask(value);
}
