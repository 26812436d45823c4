import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@slrt/config';
import { createServiceApp, provisionNats } from '@slrt/messaging';
import { listenOps } from '@slrt/observability';
import { runMigrations } from '@slrt/persistence';
import {
  createTestSchema,
  startNatsCluster,
  startNatsServer,
  waitFor,
  type StartNatsServerOptions,
  type TestNatsServer,
  type TestSchema,
} from '@slrt/testing';
// The real domain services, so that fuzzed requests reach their validation, SQL and files.
import { intakeService } from '../../../services/intake/src/app.js';
import { IntakeEnv } from '../../../services/intake/src/config/intake.env.js';
import { intakeDataSourceOptions } from '../../../services/intake/src/database/data-source.js';
import { referralService } from '../../../services/referral/src/app.js';
import { ReferralEnv } from '../../../services/referral/src/config/referral.env.js';
import { referralDataSourceOptions } from '../../../services/referral/src/database/data-source.js';
import { registryService } from '../../../services/registry/src/app.js';
import { RegistryEnv } from '../../../services/registry/src/config/registry.env.js';
import { registryDataSourceOptions } from '../../../services/registry/src/database/data-source.js';
import { notificationService } from '../../../services/notification/src/app.js';
import { NotificationEnv } from '../../../services/notification/src/config/notification.env.js';
import { notificationDataSourceOptions } from '../../../services/notification/src/database/data-source.js';
import { reportingService } from '../../../services/reporting/src/app.js';
import { ReportingEnv } from '../../../services/reporting/src/config/reporting.env.js';
import { reportingDataSourceOptions } from '../../../services/reporting/src/database/data-source.js';
import { gatewayService } from '../../../services/gateway/src/app.js';
import { GatewayEnv } from '../../../services/gateway/src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../../../services/gateway/src/database/data-source.js';

/** Password of the demo users the gateway seeds here. */
export const DEMO_PASSWORD = 'demo-password-123';

/**
 * The gateway in front of the real intake, registry, referral, notification and reporting services
 * (each on its own migrated schema, one private nats-server), listening on a free port at {@link base}.
 * `gatewayEnv` overrides the gateway's settings (rate limits for a fuzzer, say); `overrides.referral`
 * the referral service's, `overrides.notification` the notification service's (its providers; none
 * by default, as under `npm start`), `overrides.reporting` the reporting service's (its monthly task
 * is off by default).
 */
export class FullStack {
  nats!: TestNatsServer;
  schemas: TestSchema[] = [];
  apps: NestFastifyApplication[] = [];
  dir!: string;
  base!: string;
  /** Run NATS as a three-node JetStream cluster, streams replicated three times (`nats` is then a `TestNatsCluster`). */
  private natsCluster = false;
  /** Intake's settings, for more instances of it (`addIntake`). */
  private intakeEnv!: IntakeEnv;
  /** `host:port` through which intake reaches PostgreSQL (a test's cuttable proxy), else the test database's own. */
  private intakeDatabaseHost: string | undefined;
  /** An installation's database (schemas named after the services), else fresh test schemas. */
  private database: string | undefined;
  /** As a province hub: the kab/kota whose `rollup-<code>` NATS users may publish their roll-up. */
  private rollupSources: string[] = [];
  /** Settings every service gets. */
  private allServices: Record<string, string> = {};
  /** `127.0.0.1:<port>` of each service's operations server (`/metrics`, `/health/ready`). */
  opsTargets: Record<string, string> = {};
  /** A level of the province and national links: more options of its nats-server (domain, leafnodes, …). */
  private natsOptions: StartNatsServerOptions = {};
  /** Owners that read at the national hub: left out of SLRT_OWNER_OUT by the provisioning. */
  private nationalOwners: string[] = [];

  /**
   * `overrides.rollupSources`: run as a province hub's NATS (with `overrides.reporting`
   * `REPORTING_MODE=province`), these kab/kota's `rollup-<code>` users allowed to publish there.
   * `overrides.database`: an existing database whose schemas carry the services' own names
   * (`intake`, `registry`, …), as an installation's do (the upgrade test restores a release's dump
   * into one); migrated forward and left in place at close. By default each service gets a fresh
   * test schema, dropped at close.
   * `overrides.nats` / `overrides.nationalOwners`: a kab/kota linked to a province hub
   * (deploy/nats/links.mjs): its nats-server's domain and leaf-node block, and the owners whose
   * referrals go to SLRT_NATIONAL_OUT (the test provisions the link streams).
   */
  static async start(
    prefix: string,
    gatewayEnv: Record<string, string> = {},
    overrides: {
      referral?: Record<string, string>;
      notification?: Record<string, string>;
      reporting?: Record<string, string>;
      intakeDatabaseHost?: string;
      natsCluster?: boolean;
      database?: string;
      rollupSources?: string[];
      /** Settings every service gets (a trace collector, say). */
      allServices?: Record<string, string>;
      nats?: StartNatsServerOptions;
      nationalOwners?: string[];
    } = {},
  ): Promise<FullStack> {
    const s = new FullStack();
    try {
      s.allServices = overrides.allServices ?? {};
      s.intakeDatabaseHost = overrides.intakeDatabaseHost;
      s.database = overrides.database;
      s.rollupSources = overrides.rollupSources ?? [];
      s.natsOptions = overrides.nats ?? {};
      s.nationalOwners = overrides.nationalOwners ?? [];
      s.natsCluster = overrides.natsCluster ?? false;
      await s.boot(
        prefix,
        gatewayEnv,
        overrides.referral ?? {},
        overrides.notification ?? {},
        overrides.reporting ?? {},
      );
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  private async boot(
    prefix: string,
    gatewayEnv: Record<string, string>,
    referralOverrides: Record<string, string>,
    notificationEnv: Record<string, string>,
    reportingOverrides: Record<string, string>,
  ): Promise<void> {
    // Production permissions: streams and durables made by the provisioner, each service its own NATS user.
    this.nats = this.natsCluster
      ? await startNatsCluster()
      : await startNatsServer({ rollupSources: this.rollupSources, ...this.natsOptions });
    if (this.natsCluster) {
      // A new cluster answers JetStream requests once its nodes have elected a meta leader.
      await waitFor(
        () => provisionNats({ ...this.nats.credentials('provisioner'), owners: this.nats.owners, replicas: 3 }),
        { timeoutMs: 30_000, intervalMs: 250, message: 'the NATS cluster provisioned' },
      );
    } else {
      await provisionNats({
        ...this.nats.credentials('provisioner'),
        owners: this.nats.owners,
        ...(this.nationalOwners.length ? { nationalOwners: this.nationalOwners } : {}),
      });
    }
    this.dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    const base = async (name: string, service: string) => {
      const common = {
        ...this.nats.serviceEnv(service),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        NODE_ENV: 'test' as const,
        ...this.allServices,
      };
      if (this.database) return { DATABASE_URL: this.database, DATABASE_SCHEMA: service, ...common };
      const schema = await createTestSchema(`${prefix}${name}`);
      this.schemas.push(schema);
      return { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, ...common };
    };
    const intakeBase = await base('in', 'intake');
    if (this.intakeDatabaseHost) {
      const u = new URL(intakeBase.DATABASE_URL);
      u.host = this.intakeDatabaseHost;
      intakeBase.DATABASE_URL = u.href;
    }
    const intakeEnv = loadConfig('intake', IntakeEnv, {
      ...intakeBase,
      INTAKE_ATTACHMENT_DIR: join(this.dir, 'attachments'),
    });
    const registryEnv = loadConfig('registry', RegistryEnv, {
      ...(await base('rg', 'registry')),
      REGISTRY_IMPORT_DIR: join(this.dir, 'imports'),
    });
    const referralEnv = loadConfig('referral', ReferralEnv, {
      ...(await base('rf', 'referral')),
      REFERRAL_ESCALATION_INTERVAL_MS: '3600000',
      ...referralOverrides,
    });
    const ntfEnv = loadConfig('notification', NotificationEnv, {
      ...(await base('nt', 'notification')),
      ...notificationEnv,
    });
    const rptEnv = loadConfig('reporting', ReportingEnv, {
      ...(await base('rp', 'reporting')),
      REPORTING_MONTHLY_TASK: 'off',
      ...reportingOverrides,
    });
    const gwEnv = loadConfig('gateway', GatewayEnv, {
      ...(await base('gw', 'gateway')),
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SLRT_DEMO: '1',
      SLRT_DEMO_PASSWORD: DEMO_PASSWORD,
      ...gatewayEnv,
    });
    await runMigrations(intakeDataSourceOptions(intakeEnv), 'up');
    await runMigrations(registryDataSourceOptions(registryEnv), 'up');
    await runMigrations(referralDataSourceOptions(referralEnv), 'up');
    await runMigrations(notificationDataSourceOptions(ntfEnv), 'up');
    await runMigrations(reportingDataSourceOptions(rptEnv), 'up');
    await runMigrations(gatewayDataSourceOptions(gwEnv), 'up');
    this.intakeEnv = intakeEnv;
    /** Builds a service, keeps it for close(), and listens its operations port (metrics, health) on a free port. */
    const start = async (created: ReturnType<typeof createServiceApp>, service: string) => {
      const { app, ops } = await created;
      this.apps.push(app);
      this.opsTargets[service] = `127.0.0.1:${await listenOps(ops, 0, '127.0.0.1')}`;
      return app;
    };
    await start(createServiceApp({ service: 'intake', env: intakeEnv, ...intakeService(intakeEnv) }), 'intake');
    await start(
      createServiceApp({ service: 'registry', env: registryEnv, ...registryService(registryEnv) }),
      'registry',
    );
    await start(
      createServiceApp({ service: 'referral', env: referralEnv, ...referralService(referralEnv) }),
      'referral',
    );
    await start(
      createServiceApp({ service: 'notification', env: ntfEnv, ...notificationService(ntfEnv) }),
      'notification',
    );
    await start(createServiceApp({ service: 'reporting', env: rptEnv, ...reportingService(rptEnv) }), 'reporting');
    const gateway = await start(
      createServiceApp({ service: 'gateway', env: gwEnv, ...gatewayService(gwEnv) }),
      'gateway',
    );
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    this.base = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
  }

  /** One more intake instance on the same NATS (its queue group) and schema, as operators scale it out. */
  async addIntake(): Promise<NestFastifyApplication> {
    const app = (await createServiceApp({ service: 'intake', env: this.intakeEnv, ...intakeService(this.intakeEnv) }))
      .app;
    this.apps.push(app);
    return app;
  }

  /** An access token of a demo user. */
  async token(username: string): Promise<string> {
    const res = await fetch(`${this.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async close(): Promise<void> {
    // An app that cannot close (a peer gone mid-test) must not leave the NATS servers running.
    for (const app of [...this.apps].reverse())
      await Promise.race([app.close().catch(() => undefined), new Promise((r) => setTimeout(r, 15_000).unref())]);
    await this.nats?.dispose();
    for (const s of this.schemas) await s.drop().catch(() => undefined);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
