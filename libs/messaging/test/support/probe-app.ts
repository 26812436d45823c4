import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { waitFor, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { createServiceApp } from '../../src/index.js';

/**
 * The probe "intake" of the messaging specs, on the probe schema and a nats-server without
 * accounts: in this process (`startProbeApp`) or as a child process with the real bootstrap
 * (`startProbeProcess`, see probe-service.ts), so that it can be SIGKILLed.
 */

/** The probe's settings (quiet logs). */
export const probeEnv = (schema: TestSchema, nats: TestNatsServer) =>
  loadConfig('intake', BaseServiceEnv, {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    NATS_URL: nats.url,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  });

/** The probe in this process with `module`'s handlers, retrying fast (50 ms base, 3 deliveries, 2 s ack wait). */
export const startProbeApp = async (
  schema: TestSchema,
  nats: TestNatsServer,
  module: Type<unknown> | DynamicModule,
): Promise<NestFastifyApplication> =>
  (
    await createServiceApp({
      service: 'intake',
      env: probeEnv(schema, nats),
      imports: [module],
      messaging: { retryBaseMs: 50, maxDeliver: 3, ackWaitMs: 2000 },
    })
  ).app;

const script = fileURLToPath(new URL('./probe-service.ts', import.meta.url));
const register = fileURLToPath(new URL('../../../testing/ts-register.mjs', import.meta.url));

/** The probe service as a separate process, its ops server on `port`, once ready; `env` adds to its settings. */
export async function startProbeProcess(
  schema: TestSchema,
  nats: TestNatsServer,
  port: number,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', register, script], {
    env: {
      ...process.env,
      ...env,
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      NATS_URL: nats.url,
      HTTP_PORT: '0',
      OPS_PORT: String(port),
      LOG_LEVEL: 'silent',
      NODE_OPTIONS: '',
    },
    stdio: 'ignore',
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok, {
    timeoutMs: 30_000,
    message: 'probe service ready',
  });
  return child;
}

/** How the child process ended (its signal, or its exit code), once it has. */
export const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((r) =>
    child.exitCode !== null || child.signalCode !== null
      ? r(child.signalCode ?? child.exitCode)
      : child.once('exit', (code, signal) => r(signal ?? code)),
  );
