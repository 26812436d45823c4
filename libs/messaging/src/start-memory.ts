import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * When, after the service is ready, its start-up garbage is first collected, and again while it
 * has not all gone. V8 shrinks the young generation only when its recent allocation rate is low
 * but not zero: the first collections, close to the start-up's burst, free the old generation's
 * garbage but leave the young generation grown. Measured (bench/startup.ts, bench/README.md): 4
 * collections 2 s apart (done ~8 s after ready); first at 5 s, also 3–4 (~12 s); 10 collections
 * 0.5 s apart shrank nothing (too little allocated between them: a rate of zero). A service that
 * is busy at once never gets there: 5 attempts, then it stops trying (its young generation is
 * needed then anyway).
 */
export const START_GC_SCHEDULE = { firstMs: 1_000, everyMs: 2_000, attempts: 5 };

/** The young generation is back to its idle size below this (V8's start size is 2 × 1 MB). */
const SHRUNK_YOUNG_GENERATION_BYTES = 4 * 2 ** 20;

/**
 * V8's `gc()` function, exposed for this process without the `--expose-gc` flag (the way Jest's
 * `--logHeapUsage` gets it): the flag makes `gc` a global of contexts created afterwards.
 */
function exposedGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * One full collection that also compacts the old generation. V8 compacts a full collection only
 * when its heuristics see enough fragmentation, and the start-up leaves its old-generation pages
 * part-used (5–9 MB of free space in them per idle service: bench/README.md, startup.ts, fourth
 * pass); evacuating those pages gives the emptied ones back to the system. The flag is V8's own,
 * set for this one collection and cleared again (a compaction at every full collection under load
 * would cost time).
 */
function compactingGc(gc: () => void): void {
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/** Resident size of V8's young generation (its two semi-spaces). */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.physical_space_size ?? 0;
}

/**
 * After the service is ready: full garbage collections until the start-up's leftovers are gone
 * (at most `attempts`, `everyMs` apart). Loading a service's ~2,000 modules and building the Nest
 * application leaves two things in memory that V8 keeps until the heap grows again, which an idle
 * service never does: the young generation grown to its maximum (2 × 16 MB, every page touched)
 * by the start-up's allocation rate, and the start-up's garbage in the old generation. A full
 * collection gives the second back at once; the young generation is shrunk (to 2 × 1 MB) only by
 * a collection when V8's recent allocation throughput is under 1 KB/ms, so a collection right
 * after the start-up's burst may leave it grown: hence the repeats, which stop as soon as it has
 * shrunk. Under load it grows again as before. Measured with bench/startup.ts (bench/README.md,
 * issue 17). `runService` calls it unless `SLRT_START_GC=0`. The timers never keep the process alive.
 */
export function collectStartGarbage(
  onDone?: (result: { rssBefore: number; rssAfter: number; collections: number }) => void,
  schedule = START_GC_SCHEDULE,
): void {
  const rssBefore = process.memoryUsage.rss();
  let collections = 0;
  const attempt = () => {
    compactingGc(exposedGc());
    collections++;
    if (youngGenerationBytes() > SHRUNK_YOUNG_GENERATION_BYTES && collections < schedule.attempts) {
      setTimeout(attempt, schedule.everyMs).unref();
      return;
    }
    // The freed pages go back to the system after the concurrent sweep: report a moment later.
    setTimeout(() => onDone?.({ rssBefore, rssAfter: process.memoryUsage.rss(), collections }), 1_000).unref();
  };
  setTimeout(attempt, schedule.firstMs).unref();
}
