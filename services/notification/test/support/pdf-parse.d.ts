// pdf-parse 1.1.1 ships no types. Tests import its library entry directly: the package's index
// runs a debug self-test (reading a bundled sample PDF) when it believes it is not required.
declare module 'pdf-parse/lib/pdf-parse.js' {
  /** What pdf-parse reads back from a PDF. */
  interface PdfParseResult {
    numpages: number;
    text: string;
    info: Record<string, unknown>;
  }
  function pdfParse(data: Buffer): Promise<PdfParseResult>;
  export default pdfParse;
}
