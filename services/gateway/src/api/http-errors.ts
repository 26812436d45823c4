import { RpcCallError } from '@slrt/messaging';

/** A 400 problem raised at the gateway itself, mapped like any domain error. */
export function badRequest(reason: string, detail: string): RpcCallError {
  return new RpcCallError('gateway', { code: 'BAD_REQUEST', reason, detail });
}
