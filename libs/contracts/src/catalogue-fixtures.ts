import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENTS, RPCS, type PayloadClass } from './catalog.js';

/** For the contracts' tests: the committed example documents of the catalogue (src/fixtures). */
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (rel: string): unknown => JSON.parse(readFileSync(`${fixturesDir}${rel}`, 'utf8'));

/** Every event class with its fixture, by subject. */
export function eventFixtures(): Array<[subject: string, cls: PayloadClass, data: unknown]> {
  const out: Array<[string, PayloadClass, unknown]> = [];
  for (const file of readdirSync(`${fixturesDir}events`)) {
    const subject = file.replace(/\.json$/, '');
    const cls = (EVENTS as Record<string, PayloadClass>)[subject];
    if (cls) out.push([subject, cls, fixture(`events/${file}`)]);
  }
  return out;
}

/** Every RPC request and response class with its fixture, by file name. */
export function rpcFixtures(): Array<[file: string, cls: PayloadClass, data: unknown]> {
  const out: Array<[string, PayloadClass, unknown]> = [];
  for (const file of readdirSync(`${fixturesDir}rpc`)) {
    const m = /^(.*)\.(request|response)\.json$/.exec(file);
    const spec = m && (RPCS as Record<string, { request: PayloadClass; response: PayloadClass }>)[m[1]!];
    if (!spec) continue;
    const body = fixture(`rpc/${file}`) as { data?: unknown };
    out.push([file, spec[m[2] as 'request' | 'response'], body.data ?? body]);
  }
  return out;
}
