import { runService } from '@slrt/messaging';
import { gatewayService } from './app.js';
import { GatewayEnv } from './config/gateway.env.js';

await runService('gateway', GatewayEnv, gatewayService);
