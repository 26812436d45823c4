import { ProposalStatusChangedV1 } from './events/registry/proposal-status.v1.js';
import { ImportCompletedV1, ImportProgressedV1 } from './events/registry/import-job.v1.js';
import { GetImportJobRequestV1, ImportJobV1, ImportSnapshotRequestV1 } from './rpc/registry/import-snapshot.v1.js';
import { LookupNikRequestV1, LookupNikResponseV1 } from './rpc/registry/lookup-nik.v1.js';

/** Events the registry service publishes (`slrt.evt.registry.…`). See catalog.ts. */
export const REGISTRY_EVENTS = {
  'slrt.evt.registry.import.progressed.v1': ImportProgressedV1,
  'slrt.evt.registry.import.completed.v1': ImportCompletedV1,
  'slrt.evt.registry.proposal.status-changed.v1': ProposalStatusChangedV1,
} as const;

/** Requests the registry service answers (`slrt.rpc.registry.…`). See catalog.ts. */
export const REGISTRY_RPCS = {
  'slrt.rpc.registry.lookup-nik.v1': { request: LookupNikRequestV1, response: LookupNikResponseV1 },
  'slrt.rpc.registry.import-snapshot.v1': { request: ImportSnapshotRequestV1, response: ImportJobV1 },
  'slrt.rpc.registry.get-import-job.v1': { request: GetImportJobRequestV1, response: ImportJobV1 },
} as const;
