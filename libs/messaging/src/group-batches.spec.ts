import { describe, expect, it } from '@jest/globals';
import { groupBatches } from './group-batches.js';

/** An async iterable fed by the test, one message at a time, like a JetStream consumer's. */
function channel<T>() {
  const queue: T[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const iterable: AsyncIterable<T> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queue.length) yield queue.shift()!;
        else if (ended) return;
        else await new Promise<void>((r) => (wake = r));
      }
    },
  };
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  return {
    iterable,
    push: (m: T) => {
      queue.push(m);
      poke();
    },
    end: () => {
      ended = true;
      poke();
    },
  };
}

/** Lets every pending promise and I/O callback run (no timer involved). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

/** A `process` that records each batch and holds it in flight until the test releases it. */
function recorder() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const process = (batch: number[]) => {
    batches.push(batch);
    return new Promise<void>((r) => releases.push(r));
  };
  return { batches, process, release: (i: number) => releases[i]!() };
}

describe('groupBatches (group commit)', () => {
  it('with several workers, starts a batch at once only when none is in flight; otherwise waits for a fair share of the window', async () => {
    const ch = channel<number>();
    const r = recorder();
    // concurrency 4, window 16: a share of 4 messages; at most 8 per batch.
    const done = groupBatches(ch.iterable, { maxMessages: 8, maxWaitMs: 0, concurrency: 4, window: 16 }, r.process);

    ch.push(0);
    await settle();
    expect(r.batches).toEqual([[0]]); // nothing in flight: no waiting (latency at low rates)

    for (const m of [1, 2, 3]) {
      ch.push(m);
      await settle();
    }
    // Three idle workers, three messages, one batch in flight: no batch of one message each.
    expect(r.batches).toEqual([[0]]);
    ch.push(4);
    await settle();
    expect(r.batches).toEqual([[0], [1, 2, 3, 4]]); // the share reached

    r.release(0);
    ch.push(5);
    await settle();
    expect(r.batches).toHaveLength(2); // [1..4] still in flight, one message buffered
    r.release(1);
    await settle();
    expect(r.batches).toEqual([[0], [1, 2, 3, 4], [5]]); // nothing in flight any more: taken at once

    r.release(2);
    ch.end();
    await done;
  });

  it('takes up to maxMessages at once when more are buffered, and drains the buffer when the messages end', async () => {
    const ch = channel<number>();
    const r = recorder();
    const done = groupBatches(ch.iterable, { maxMessages: 3, maxWaitMs: 0, concurrency: 2, window: 64 }, r.process);
    ch.push(0);
    await settle();
    for (let m = 1; m <= 5; m++) ch.push(m); // 1..3: a full batch (the share) for the second worker
    await settle();
    expect(r.batches).toEqual([[0], [1, 2, 3]]);
    ch.end();
    r.release(0);
    r.release(1);
    await settle();
    expect(r.batches).toEqual([[0], [1, 2, 3], [4, 5]]);
    r.release(2);
    await done;
  });

  it('keeps the order of the messages with one worker', async () => {
    const ch = channel<number>();
    const seen: number[][] = [];
    const done = groupBatches(ch.iterable, { maxMessages: 4, maxWaitMs: 0, concurrency: 1, window: 8 }, async (b) => {
      seen.push(b);
      await settle();
    });
    for (let m = 0; m < 20; m++) {
      ch.push(m);
      if (m % 3 === 0) await settle();
    }
    ch.end();
    await done;
    expect(seen.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Math.max(...seen.map((b) => b.length))).toBeLessThanOrEqual(4);
  });
});
