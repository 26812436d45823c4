import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import type pg from 'pg';
import { csvCell, writeXlsxFromCursor } from './exchange-files.js';

/** A pg client double answering the cursor statements with the given rows, then nothing. */
function cursorClient(rows: Array<Record<string, unknown>>): pg.Client {
  let fetched = false;
  return {
    query: async (sql: string) => {
      if (sql.startsWith('FETCH')) {
        const out = fetched ? [] : rows;
        fetched = true;
        return { rows: out };
      }
      return { rows: [] };
    },
  } as unknown as pg.Client;
}

const dir = mkdtempSync(join(tmpdir(), 'exchange-files-'));
const rows = [
  { cells: ['019a9c3e-9000-7000-8000-0000000000c1', '6271010101800001', 'BUDI SINTETIS', null] },
  { cells: ['019a9c3e-9000-7000-8000-0000000000c2', '6271014505850002', 'SARI, "ANI"', '05-05-1985'] },
];
const write = (name: string, fixedAt: Date) => writeXlsxFromCursor(cursorClient(rows), 'SELECT cells FROM x', [], ['ID_USULAN', 'NIK', 'NAMA', 'TGL_LAHIR'], 'SIKS-NG', fixedAt, join(dir, name), (r) => r.cells as Array<string | null>);

describe('exchange files', () => {
  afterEach(() => {
    jest.useRealTimers();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same XLSX bytes whenever it is generated (every zip entry and property carries the fixed time)', async () => {
    const fixedAt = new Date('2026-11-20T02:00:00Z');
    jest.useFakeTimers({ now: new Date('2026-11-29T06:14:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval'] });
    const a = await write('a.xlsx', fixedAt);
    jest.setSystemTime(new Date('2026-12-01T23:59:58Z'));
    const b = await write('b.xlsx', fixedAt);
    expect(b).toEqual(a);
    const c = await write('c.xlsx', new Date('2026-11-21T02:00:00Z'));
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('quotes CSV fields only when they need it', () => {
    expect([csvCell('NIK'), csvCell('SARI, "ANI"'), csvCell(null), csvCell('a\nb')]).toEqual(['NIK', '"SARI, ""ANI"""', '', '"a\nb"']);
  });
});
