// `node services/reporting/dist/rebuild.js`: replays the intake, referral and registry streams from
// the start into a fresh read model and swaps it in atomically (see rebuild/rebuild.ts). Reads the
// streams as the provisioner (NATS_REBUILD_USER / NATS_REBUILD_PASSWORD, default user `provisioner`):
// the reporting service's own NATS user may read only its durables. Safe while the service runs.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@slrt/config';
import { connectNats, inboxPrefix } from '@slrt/messaging';
import { createLogger } from '@slrt/observability';
import { ReportingEnv } from './config/reporting.env.js';
import { reportingDataSourceOptions } from './database/data-source.js';
import { rebuildReadModel } from './rebuild/rebuild.js';

const env = loadConfig('reporting', ReportingEnv);
const logger = createLogger('reporting-rebuild', env.LOG_LEVEL);
const user = process.env.NATS_REBUILD_USER ?? 'provisioner';
const ds = new DataSource(reportingDataSourceOptions(env));
try {
  await ds.initialize();
  const nats = await connectNats({
    url: env.NATS_URL,
    name: 'reporting-rebuild',
    user,
    password: process.env.NATS_REBUILD_PASSWORD ?? '',
    inboxPrefix: inboxPrefix(user),
    ...(env.NATS_TLS_CA ? { tlsCaFile: env.NATS_TLS_CA } : {}),
    logger,
  });
  try {
    const r = await rebuildReadModel({ dataSource: ds, nats, logger });
    process.stdout.write(
      `rebuilt the reporting read model: ${JSON.stringify(r.applied)} events applied, ${r.skipped} skipped\n`,
    );
  } finally {
    await nats.drain();
  }
} catch (err) {
  process.stderr.write(`rebuild failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  if (ds.isInitialized) await ds.destroy();
}
