/**
 * Ours for `bench/gateway-me.ts`: the gateway exactly as its `main.ts` starts it (guards, rate
 * limits, security headers, problem filter, database and NATS), on `HTTP_PORT` (0: any free port,
 * printed as `LISTENING <port>`).
 */
import { runService } from '@slrt/messaging';
import { gatewayService } from '../../services/gateway/src/app.js';
import { GatewayEnv } from '../../services/gateway/src/config/gateway.env.js';

const app = await runService('gateway', GatewayEnv, gatewayService);
if (!app) process.exit(1);
const address = app.getHttpServer().address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
