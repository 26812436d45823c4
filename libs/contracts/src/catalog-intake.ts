import { ComplaintRegisteredV1 } from './events/intake/complaint-registered.v1.js';
import { ComplaintRegistryCheckedV1 } from './events/intake/complaint-registry-checked.v1.js';
import { ComplaintWithdrawnV1 } from './events/intake/complaint-withdrawn.v1.js';

/** Events the intake service publishes (`slrt.evt.intake.…`). See catalog.ts. */
export const INTAKE_EVENTS = {
  'slrt.evt.intake.complaint.registered.v1': ComplaintRegisteredV1,
  'slrt.evt.intake.complaint.registry-checked.v1': ComplaintRegistryCheckedV1,
  'slrt.evt.intake.complaint.withdrawn.v1': ComplaintWithdrawnV1,
} as const;

/** Requests the intake service answers (`slrt.rpc.intake.…`). See catalog.ts. */
export const INTAKE_RPCS = {} as const;
