import { PDFParse } from 'pdf-parse';

/** What a test reads back from a PDF the platform made. */
export interface PdfContent {
  /** Page count. */
  numpages: number;
  /** The text of every page, a line per line of the page, pages separated by a blank line. */
  text: string;
  /** The document information dictionary (`Title`, `Author`, `CreationDate`, …). */
  info: Record<string, unknown>;
}

/**
 * Reads a PDF's text and information dictionary back (pdf-parse 2, Mozilla's pdf.js inside: runs
 * on every supported Node, 22 and 24 included). Runs of text on one line are joined without a
 * separator, as the earlier pdf-parse 1 did, so tests compare words rather than layout.
 */
export async function readPdf(pdf: Uint8Array): Promise<PdfContent> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const info = await parser.getInfo();
    const text = await parser.getText({ cellSeparator: '', pageJoiner: '' });
    return { numpages: info.total, text: text.text, info: (info.info ?? {}) as Record<string, unknown> };
  } finally {
    await parser.destroy();
  }
}
