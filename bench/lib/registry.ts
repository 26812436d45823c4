/**
 * The registry as benchmarks load it: a snapshot file under the import directory imported through
 * the service's RPC (as an admin of Kota Palangka Raya), waited for until the job ends.
 */
import type { Actor, ImportJobV1 } from '@slrt/contracts';
import type { RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';

/** An admin of Kota Palangka Raya (62.71), the kab/kota of the synthetic registry. */
export const BENCH_ADMIN = { kind: 'user', id: 'bench-admin', roles: ['ADMIN'], regionScope: ['62.71'] } as Actor;

/** Imports `fileName` (period 2026-09, profile `dtsen`) and resolves with the finished job. */
export async function importSnapshot(client: RpcClient, fileName: string): Promise<ImportJobV1> {
  // An admin's request comes from the gateway (services accept a user actor only from it).
  const rpc = client.asCaller('gateway');
  const job = await rpc.request('slrt.rpc.registry.import-snapshot.v1', { fileName, dataPeriod: '2026-09', profile: 'dtsen' }, { actor: BENCH_ADMIN, timeoutMs: 600_000 });
  return waitFor(
    async () => {
      const j = await rpc.request('slrt.rpc.registry.get-import-job.v1', { jobId: job.jobId }, { actor: BENCH_ADMIN });
      return j.status === 'running' ? undefined : j;
    },
    { timeoutMs: 3_600_000, intervalMs: 100 },
  );
}
