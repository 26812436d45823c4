import { LookupNikRequestV1, LookupNikResponseV1 } from './rpc/registry/lookup-nik.v1.js';

/** Events the registry service publishes (`slrt.evt.registry.…`). See catalog.ts. */
export const REGISTRY_EVENTS = {} as const;

/** Requests the registry service answers (`slrt.rpc.registry.…`). See catalog.ts. */
export const REGISTRY_RPCS = {
  'slrt.rpc.registry.lookup-nik.v1': { request: LookupNikRequestV1, response: LookupNikResponseV1 },
} as const;
