import type { RpcRequest, RpcResponse, RpcSubject } from '@slrt/contracts';
import type { RpcCallOptions, RpcClient } from '@slrt/messaging';
import type { ClientInput } from './http-input.js';

/**
 * Sends a request built from a client's input on `subject`. The payload may name only that
 * subject's request fields (checked at compile time, with the types of the fields the gateway
 * fills itself, see `withRoute`); the client's values are checked by `RpcClient.request` against
 * the subject's request class before anything is sent, so a wrong one is a 422, never a bad message.
 */
export function forward<S extends RpcSubject>(
  rpc: RpcClient,
  subject: S,
  input: ClientInput<S>,
  options: RpcCallOptions,
): Promise<RpcResponse<S>> {
  // The one cast from the client's values to the contract's types: RpcClient.request validates them against RPCS[subject].request first.
  return rpc.request(subject, input as RpcRequest<S>, options);
}
