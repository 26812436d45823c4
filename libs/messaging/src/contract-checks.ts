import { wellFormedLookupPersonRequest, wellFormedLookupPersonResponse, type RpcSubject } from '@slrt/contracts';

/**
 * Replies checked by a hand-written check of their contract first (as strict as the class or
 * stricter; class-validator decides whatever it doubts): the hottest replies, where
 * class-validator's walk was a large part of the caller's work (the NIK lookup, issue 17).
 */
export const REPLY_CHECKS: Partial<Record<RpcSubject, (plain: unknown) => boolean>> = {
  'slrt.rpc.registry.lookup-person.v1': wellFormedLookupPersonResponse,
};

/**
 * Requests checked by a hand-written check of their contract first, in the caller before sending
 * and in the service on arrival (`processRequest`): as strict as the class or stricter, so a bad
 * request is refused as before, with class-validator's field errors.
 */
export const REQUEST_CHECKS: Partial<Record<RpcSubject, (plain: unknown) => boolean>> = {
  'slrt.rpc.registry.lookup-person.v1': wellFormedLookupPersonRequest,
};
