/**
 * Writes a synthetic DTSEN registry CSV (valid NIKs and KKs, households in the desa of one
 * kab/kota, desil, programme flags), streamed with constant memory. Never real personal data.
 *
 *   node --import ./libs/testing/ts-register.mjs bench/generate-registry.ts [out.csv]
 *     (BENCH_ROWS=200000, BENCH_SEED=1, BENCH_BAD_EVERY=0, BENCH_KAB_KOTA=62.71)
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { syntheticRegistryLines, type SyntheticRegistryOptions } from '@slrt/testing';

/** Writes the file; resolves with its path once flushed. */
export async function writeSyntheticRegistry(path: string, options: SyntheticRegistryOptions): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of syntheticRegistryLines(options)) {
    buffer += `${line}\n`;
    if (buffer.length >= 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return path;
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('generate-registry.ts')) {
  const rows = Number(process.env.BENCH_ROWS ?? 200_000);
  const path = resolve(process.argv[2] ?? `.data/bench/registry-${rows}.csv`);
  const started = performance.now();
  await writeSyntheticRegistry(path, {
    rows,
    seed: Number(process.env.BENCH_SEED ?? 1),
    badEvery: Number(process.env.BENCH_BAD_EVERY ?? 0),
    kabKotaCode: process.env.BENCH_KAB_KOTA ?? '62.71',
  });
  process.stdout.write(`${rows} rows → ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
