import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { csvField } from '../files/csv-cells.js';
import type { RowError } from './snapshot-row.js';

/**
 * An import's error report (`reports/<job>.errors.csv`: `baris,kolom,pesan`): streamed to a
 * `.part` file while the file is read, completed with the repeated-NIK rows after the load.
 */

export const REPORT_HEADER = 'baris,kolom,pesan\n';

/** One report line. */
export function reportLine(e: RowError): string {
  return `${e.row},${csvField(e.column)},${csvField(e.message)}\n`;
}

/** The final error report: the streamed one with the repeated-NIK rows merged in by line number. */
export async function mergeReport(partPath: string, repeated: RowError[], finalPath: string): Promise<void> {
  if (repeated.length === 0) {
    await rename(partPath, finalPath);
    return;
  }
  const out = createWriteStream(finalPath);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  let next = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(partPath), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      await write(`${line}\n`);
      continue;
    }
    const row = Number(line.slice(0, line.indexOf(',')));
    while (next < repeated.length && repeated[next]!.row < row) await write(reportLine(repeated[next++]!));
    await write(`${line}\n`);
  }
  while (next < repeated.length) await write(reportLine(repeated[next++]!));
  out.end();
  await once(out, 'finish');
  await unlink(partPath);
}
