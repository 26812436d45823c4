import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

const require = createRequire(import.meta.url);
let loaded: typeof ExcelJSModule | undefined;

/**
 * exceljs, loaded on first use: it is only needed for XLSX imports and exports, and loading it
 * costs about 28 MB of resident memory and seconds of CPU at start in every registry process.
 */
export function excel(): typeof ExcelJSModule {
  loaded ??= require('exceljs') as typeof ExcelJSModule;
  return loaded;
}
