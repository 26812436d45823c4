import type { Actor, ComplaintDetailV1 } from '@slrt/contracts';
import { PermanentError, RpcCallError, type RpcClient } from '@slrt/messaging';

/** How long the consumers wait for intake's `get-complaint` before nak'ing the event for a retry. */
export const INTAKE_TIMEOUT_MS = 5_000;

/**
 * The complaint of a registry-checked event as intake holds it (subject revealed, asked as
 * `system:registry`), for the proposals drafted from it. Intake answering NOT_FOUND or FORBIDDEN
 * is permanent (the event is dead-lettered); intake down or slow is thrown as is, and the event is
 * retried with backoff.
 */
export async function complaintForRegistry(rpc: RpcClient, complaintId: string, me: Actor): Promise<ComplaintDetailV1> {
  try {
    return await rpc.request(
      'slrt.rpc.intake.get-complaint.v1',
      { complaintId, reveal: true },
      { actor: me, timeoutMs: INTAKE_TIMEOUT_MS },
    );
  } catch (err) {
    if (err instanceof RpcCallError && (err.error.code === 'NOT_FOUND' || err.error.code === 'FORBIDDEN')) {
      throw new PermanentError(`intake answered ${err.error.code} for the complaint of a registry-checked event`);
    }
    throw err; // UNAVAILABLE, TIMEOUT, …: retried with backoff
  }
}
