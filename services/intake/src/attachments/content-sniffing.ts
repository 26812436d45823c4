import type { AttachmentType } from '@slrt/contracts';

/**
 * The type of a file by its first bytes, among the accepted ones; `null` for anything else. The
 * name and the declared type are never trusted: a renamed executable stays refused.
 */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x52, 0x49, 0x46, 0x46) && head[8] === 0x57 && head[9] === 0x45 && head[10] === 0x42 && head[11] === 0x50)
    return 'image/webp';
  return null;
}

/** File extension stored on disk for an accepted type. */
export const EXTENSION: Record<AttachmentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** Markup a browser would render or run: never inside an accepted photo or PDF. */
const ACTIVE_MARKUP =
  /<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta|a\s|img\s|form|style|link)\b/i;

/** Drops the bytes between `stream` and `endstream` (compressed data, images): only the PDF's own syntax stays. */
function outsideStreams(text: string): string {
  return text.replace(/\bstream\r?\n[\s\S]*?\bendstream\b/g, ' ');
}

/**
 * Whether a file sniffed as `type` is what it claims all the way through, not a polyglot: a PDF
 * starts with `%PDF-`, ends with `%%EOF` (within its last 1 KiB) and carries no HTML or script
 * outside its streams; a photo (known by its magic bytes) carries no such markup in its first 1 KiB. `null` when acceptable, else why not (for the log, not the user).
 */
export function structuralProblem(type: AttachmentType, content: Buffer): string | null {
  if (type === 'application/pdf') {
    if (!content.subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'pdf header not at start';
    if (
      !content
        .subarray(Math.max(0, content.length - 1024))
        .toString('latin1')
        .includes('%%EOF')
    )
      return 'pdf without %%EOF at end';
    if (ACTIVE_MARKUP.test(outsideStreams(content.toString('latin1')))) return 'pdf with markup';
    return null;
  }
  return ACTIVE_MARKUP.test(content.subarray(0, 1024).toString('latin1')) ? 'image with markup' : null;
}
