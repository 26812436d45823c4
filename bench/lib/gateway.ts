/**
 * The gateway as benchmarks run it: migrated on its own schema and started in a child process
 * through its public entry points (`migrate.ts`, `main.ts`), with the
 * demo users (one known password) and a rate limit no load reaches, and a login helper that answers
 * a bearer token for a demo user.
 */
import { migrateService, startService, type ChildServer } from './child.js';

const DEMO_PASSWORD = 'bench-demo-password';

export interface BenchGateway {
  child: ChildServer;
  /** `http://127.0.0.1:<port>` of the child gateway. */
  url: string;
  /** Logs a demo user (`demo.fo`, `demo.bo`, …) in and answers its access token. */
  login(username: string): Promise<string>;
}

export async function startBenchGateway(
  schema: { url: string; schema: string },
  natsUrl: string,
): Promise<BenchGateway> {
  const env = {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    NATS_URL: natsUrl,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    SLRT_DEMO: '1',
    SLRT_DEMO_PASSWORD: DEMO_PASSWORD,
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
  await migrateService('gateway', env);
  const child = await startService('gateway', env);
  const url = `http://127.0.0.1:${child.port}`;
  return {
    child,
    url,
    async login(username) {
      const res = await fetch(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
  };
}
