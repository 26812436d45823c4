/**
 * The type of a signed Berita Acara scan by its first bytes: a PDF or a JPEG photo of the paper,
 * nothing else. The name and the declared type are never trusted (a renamed executable stays
 * refused). The same rules as intake's attachments (services never import each other, so the few
 * lines are repeated here rather than shared through a library for two callers).
 */
export function sniffSignedScan(content: Buffer): 'application/pdf' | 'image/jpeg' | null {
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 5).equals(Buffer.from('%PDF-'))) return 'application/pdf';
  return null;
}

/** Markup a browser would render or run: never inside an accepted scan. */
const ACTIVE_MARKUP =
  /<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta|a\s|img\s|form|style|link)\b/i;

/** Why a file sniffed as `type` is not what it claims all the way through (a polyglot), or null when acceptable. */
export function signedScanProblem(type: 'application/pdf' | 'image/jpeg', content: Buffer): string | null {
  if (type === 'application/pdf') {
    if (
      !content
        .subarray(Math.max(0, content.length - 1024))
        .toString('latin1')
        .includes('%%EOF')
    )
      return 'pdf without %%EOF at end';
    if (ACTIVE_MARKUP.test(content.toString('latin1').replace(/\bstream\r?\n[\s\S]*?\bendstream\b/g, ' ')))
      return 'pdf with markup';
    return null;
  }
  return ACTIVE_MARKUP.test(content.subarray(0, 1024).toString('latin1')) ? 'image with markup' : null;
}
