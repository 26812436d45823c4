/**
 * Ours for `bench/http-health.ts`: a real service process, the registry exactly as its `main.ts`
 * starts it (`runService` → `createServiceApp`: Nest on fastify, HTTP observability hooks, health,
 * metrics, database and NATS connected, relay and transport running), on the port in `HTTP_PORT`
 * (0: any free port, printed as `LISTENING <port>` for `bench/lib/child.ts`).
 */
import { runService } from '@slrt/messaging';
import { registryService } from '../../services/registry/src/app.js';
import { RegistryEnv } from '../../services/registry/src/config/registry.env.js';

const app = await runService('registry', RegistryEnv, registryService);
if (!app) process.exit(1);
const address = app.getHttpServer().address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
