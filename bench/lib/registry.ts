/**
 * The registry as benchmarks load it: a snapshot file under the import directory imported through
 * the service's RPC (as an admin of Kota Palangka Raya), waited for until the job ends.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Actor, ImportJobV1 } from '@slrt/contracts';
import { seededRng } from '@slrt/domain';
import type { RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';

/** An admin of Kota Palangka Raya (62.71), the kab/kota of the synthetic registry. */
export const BENCH_ADMIN = { kind: 'user', id: 'bench-admin', roles: ['ADMIN'], regionScope: ['62.71'] } as Actor;

/** Imports `fileName` (period 2026-09, profile `dtsen`) and resolves with the finished job. */
export async function importSnapshot(client: RpcClient, fileName: string): Promise<ImportJobV1> {
  // An admin's request comes from the gateway (services accept a user actor only from it).
  const rpc = client.asCaller('gateway');
  const job = await rpc.request(
    'slrt.rpc.registry.import-snapshot.v1',
    { fileName, dataPeriod: '2026-09', profile: 'dtsen' },
    { actor: BENCH_ADMIN, timeoutMs: 600_000 },
  );
  return waitFor(
    async () => {
      const j = await rpc.request('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId }, { actor: BENCH_ADMIN });
      return j.status === 'running' ? undefined : j;
    },
    { timeoutMs: 3_600_000, intervalMs: 100 },
  );
}

/**
 * `count` NIKs drawn uniformly from the snapshot file itself (reservoir sampling with a seeded
 * generator, so runs repeat), in random order. Drawn from the file, not from the database: a
 * sample read from the snapshot table (TABLESAMPLE reads whole pages) would leave exactly the
 * pages about to be looked up in PostgreSQL's cache and flatter every path.
 */
export async function sampleNiksFromFile(path: string, count: number, seed = 7): Promise<string[]> {
  const rng = seededRng(seed);
  const picked: string[] = [];
  let seen = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const nik = line.slice(0, 16);
    if (!/^\d{16}$/.test(nik)) continue;
    seen++;
    if (picked.length < count) picked.push(nik);
    else {
      const j = Math.floor(rng() * seen);
      if (j < count) picked[j] = nik;
    }
  }
  // Reservoir order follows the file for the first `count`: shuffle (Fisher–Yates).
  for (let i = picked.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [picked[i], picked[j]] = [picked[j]!, picked[i]!];
  }
  return picked;
}
