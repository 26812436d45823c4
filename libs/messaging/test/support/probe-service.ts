// A probe service run as a child process by the crash tests: the real service bootstrap with the
// probe handlers. Killed with SIGKILL mid-stream and started again.
import { BaseServiceEnv } from '@slrt/config';
import { runService } from '../../src/index.js';
import { CrashAfterCommit, ProbeModule } from './probe.module.js';

await runService('intake', BaseServiceEnv, () => ({ imports: [ProbeModule], subscribers: [CrashAfterCommit], messaging: { retryBaseMs: 50, maxDeliver: 3, ackWaitMs: 2000 } }));
