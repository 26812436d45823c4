// @ts-check
// How `npm start` hands the passwords it generated to the person who started it: once, on the
// terminal, never through the log (stderr, the services' output, files a log collector reads).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Demo users (demo.fo, demo.spv, … one per role) exist only when asked for: `npm start -- --demo`
 * or `SLRT_DEMO_USERS=1` (`SLRT_DEMO=1`, the gateway's own switch, too).
 * @param {string[]} args @param {Record<string, string | undefined>} env
 */
export function wantDemoUsers(args, env) {
  return args.includes('--demo') || env.SLRT_DEMO_USERS === '1' || env.SLRT_DEMO === '1';
}

/**
 * Shows the credentials the launcher generated (an entry per account; ones the user supplied are
 * not in `entries`). On a terminal (stdout is a TTY) they are written there once; otherwise they go
 * to `<dataDir>/credentials.txt` (mode 0600) and only that path is logged.
 * @param {{ entries: Array<{ who: string, password: string }>, dataDir: string, terminal: { isTTY?: boolean, write: (s: string) => unknown }, log: (m: string) => void }} o
 * @returns {string | null} the file written, if any
 */
export function announceCredentials({ entries, dataDir, terminal, log }) {
  if (entries.length === 0) return null;
  const text = entries.map((e) => `${e.who}: ${e.password}`).join('\n') + '\n';
  if (terminal.isTTY) {
    terminal.write(`\nGenerated credentials (shown once, kept in ${dataDir}):\n${text}\n`);
    return null;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'credentials.txt');
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  log(`Generated credentials are in ${file} (mode 0600); they are not printed when output is not a terminal.`);
  return file;
}
