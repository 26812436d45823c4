import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const moduleUrl = new URL('./start-memory.ts', import.meta.url).href;
const tsRegister = fileURLToPath(new URL('../../testing/ts-register.mjs', import.meta.url));

/**
 * In a process of its own, as in a service: the collections compact the old generation, which in
 * a Jest worker that has loaded the suite's modules (a heap many times a service's) takes seconds.
 */
function runInFreshProcess(): { rssBefore: number; rssAfter: number; collections: number; young: number } {
  const script = `
    const { collectStartGarbage, youngGenerationBytes } = await import(${JSON.stringify(moduleUrl)});
    const alive = setInterval(() => undefined, 1000); // its timers do not keep a process alive
    const result = await new Promise((resolve) => collectStartGarbage(resolve, { firstMs: 1, everyMs: 1, attempts: 3 }));
    clearInterval(alive);
    process.stdout.write(JSON.stringify({ ...result, young: youngGenerationBytes() }));
  `;
  const out = execFileSync(process.execPath, ['--import', tsRegister, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 25_000,
  });
  return JSON.parse(out) as ReturnType<typeof runInFreshProcess>;
}

describe('collectStartGarbage', () => {
  it('collects after the delay, repeats at most `attempts` times, and reports the resident memory', () => {
    const result = runInFreshProcess();
    expect(result.collections).toBeGreaterThanOrEqual(1);
    expect(result.collections).toBeLessThanOrEqual(3);
    expect(result.rssBefore).toBeGreaterThan(0);
    expect(result.rssAfter).toBeGreaterThan(0);
    expect(result.young).toBeGreaterThan(0);
  });
});
