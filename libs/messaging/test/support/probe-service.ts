// A probe service run as a child process by the crash tests: the real service bootstrap with the
// probe handlers (PROBE_MODULE=grouped: the group-commit probe). Killed with SIGKILL mid-stream and started again.
import { BaseServiceEnv } from '@slrt/config';
import { runService } from '../../src/index.js';
import { CrashAfterCommit, GroupedProbeModule, ProbeModule } from './probe.module.js';

await runService('intake', BaseServiceEnv, () => ({
  imports: [process.env.PROBE_MODULE === 'grouped' ? GroupedProbeModule : ProbeModule],
  subscribers: [CrashAfterCommit],
  messaging: { retryBaseMs: 50, maxDeliver: 3, ackWaitMs: 2000 },
}));
