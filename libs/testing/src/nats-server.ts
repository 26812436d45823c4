import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The one generator of NATS users and permissions lives with the deployment (plain Node, no
// workspace project): tests run exactly production's accounts.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  DEFAULT_OWNERS,
  allUsers,
  generatePasswords,
  inboxPrefix,
  serverConfig,
  serviceDurables,
  type ClusterNode,
  type DurableDef,
  type ExtraUser,
} from '../../../deploy/nats/generate.mjs';

/** The nats-server binary: `NATS_SERVER_BIN`, else the PATH, else the Debian location. */
export function natsServerBinary(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/bin']) {
    if (dir && existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server');
  }
  throw new Error('nats-server not found: install it (apt-get install nats-server) or set NATS_SERVER_BIN');
}

/** A free port on 127.0.0.1 (several at once: {@link freePorts}, which never repeats one). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/**
 * `count` distinct free ports: every one held open until all are taken, so the kernel cannot hand
 * the same port out twice (calling {@link freePort} in a row can: a port just closed is free again).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const srv = createServer();
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => resolve(srv));
        }),
    ),
  );
  const ports = servers.map((srv) => {
    const addr = srv.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  });
  await Promise.all(servers.map((srv) => new Promise((done) => srv.close(done))));
  return ports;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A NATS identity of the generated config, as a connection needs it. */
export interface NatsCredentials {
  url: string;
  user?: string;
  password?: string;
}

export interface TestNatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** Whether the server runs the generated accounts (default) or anonymous. */
  auth: boolean;
  /** Programme owners of the generated config. */
  owners: string[];
  /** The services' durables of the generated config (production's plus the test's own). */
  durables: DurableDef[];
  /** A user's credentials (service, `provisioner` or owner code). */
  credentials(user: string): NatsCredentials;
  /** Environment of a service connecting as its own user: NATS_URL, NATS_USER, NATS_PASSWORD. */
  serviceEnv(user: string): { NATS_URL: string; NATS_USER?: string; NATS_PASSWORD?: string };
  /** nats.js connect options of a user (servers, user, pass, inboxPrefix). */
  connectOptions(user: string): { servers: string; user?: string; pass?: string; inboxPrefix?: string };
  /** Stops gracefully (SIGTERM) and waits for the exit. */
  stop(): Promise<void>;
  /** Kills with a signal (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts again on the same port with the same store (after stop or kill). */
  start(): Promise<void>;
  /** Stops (or kills) and starts again. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Stops and removes the store directory. */
  dispose(): Promise<void>;
}

export interface StartNatsServerOptions {
  port?: number;
  storeDir?: string;
  /**
   * Run with the accounts deploy/nats/generate.mjs makes for production (default true): every
   * service, the provisioner and each owner with its own user, fresh random passwords.
   */
  auth?: boolean;
  /** Owners of the generated config (default: the production default list). */
  owners?: string[];
  /** The test's own durables (probe handlers), added to production's for their service. */
  extraDurables?: DurableDef[];
  /** Passwords of the generated users (a cluster's nodes share them); fresh random ones by default. */
  passwords?: Record<string, string>;
  /** On a province hub: the kab/kota (`62.71`) whose `rollup-<code>` users may publish their roll-up. */
  rollupSources?: string[];
  /** This node's place in a JetStream cluster (`startNatsCluster`). */
  cluster?: ClusterNode;
  /** A level of the province and national links (deploy/nats/links.mjs): its JetStream domain… */
  jetstreamDomain?: string;
  /** …its server name… */
  serverName?: string;
  /** …its `leafnodes { … }` block… */
  leafnodes?: string;
  /** …and users made by links.mjs (a hub's leaf users, national owners); passwords are generated for them too. */
  extraUsers?: ExtraUser[];
}

/**
 * A private nats-server with JetStream for one test file: its own port and store, so tests can
 * kill and restart it and never share streams with other runs. By default it runs the production
 * accounts and permissions (deploy/nats/generate.mjs): connect each service as its own user
 * (`serviceEnv`), provision as `provisioner` (`provisionNats` from @slrt/messaging).
 */
export async function startNatsServer({
  port,
  storeDir,
  auth = true,
  owners = DEFAULT_OWNERS,
  extraDurables = [],
  passwords: given,
  cluster,
  rollupSources = [],
  jetstreamDomain,
  serverName,
  leafnodes,
  extraUsers = [],
}: StartNatsServerOptions = {}): Promise<TestNatsServer> {
  const bin = natsServerBinary();
  const p = port ?? (await freePort());
  const dir = storeDir ?? mkdtempSync(join(tmpdir(), 'slrt-nats-'));
  const durables = [...serviceDurables(), ...extraDurables];
  const passwords = given ?? generatePasswords([...allUsers(owners, rollupSources), ...extraUsers.map((u) => u.user)]);
  const configFile = join(dir, 'nats-server.conf');
  if (auth)
    writeFileSync(
      configFile,
      serverConfig({
        port: p,
        storeDir: dir,
        owners,
        passwords,
        durables,
        ...(cluster ? { cluster } : {}),
        ...(rollupSources.length ? { rollupSources } : {}),
        ...(jetstreamDomain ? { jetstreamDomain } : {}),
        ...(serverName ? { serverName } : {}),
        ...(leafnodes ? { leafnodes } : {}),
        ...(extraUsers.length ? { extraUsers } : {}),
      }),
      { mode: 0o600 },
    );
  const args = auth ? ['-c', configFile] : ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(p)];
  let child: ChildProcess | null = null;
  const url = `nats://127.0.0.1:${p}`;
  const credentials = (user: string): NatsCredentials => {
    if (!auth) return { url };
    const password = passwords[user];
    if (!password) throw new Error(`no NATS user ${user} in the generated config`);
    return { url, user, password };
  };

  const waitExit = (c: ChildProcess) =>
    new Promise<void>((resolve) =>
      c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()),
    );

  const server: TestNatsServer = {
    url,
    port: p,
    storeDir: dir,
    auth,
    owners,
    durables,
    credentials,
    serviceEnv(user) {
      const c = credentials(user);
      return { NATS_URL: url, ...(c.user ? { NATS_USER: c.user, NATS_PASSWORD: c.password! } : {}) };
    },
    connectOptions(user) {
      const c = credentials(user);
      return { servers: url, ...(c.user ? { user: c.user, pass: c.password!, inboxPrefix: inboxPrefix(c.user) } : {}) };
    },
    async start() {
      child = spawn(bin, args, { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await accepts(p))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server did not start on port ${p}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      if (!child) return;
      const c = child;
      child = null;
      c.kill('SIGTERM');
      await waitExit(c);
    },
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const c = child;
      child = null;
      c.kill(signal);
      await waitExit(c);
    },
    async restart(signal) {
      if (signal) await server.kill(signal);
      else await server.stop();
      await server.start();
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

/** A JetStream cluster of nats-servers: the whole behaves as one server (every URL), `nodes` one by one. */
export interface TestNatsCluster extends TestNatsServer {
  nodes: Array<TestNatsServer & { serverName: string }>;
}

/**
 * A private JetStream cluster of `size` nodes (default 3) with production's accounts, as the
 * production shape runs NATS (deploy/nats/README.md: three-node cluster). Clients get every node's
 * URL (comma-separated: nats.js connects to one and moves to another when it goes). Provision its
 * streams with `replicas: 3`, retrying until the nodes have elected their JetStream meta leader
 * (a few seconds after start: JetStream answers 503 until then).
 */
export async function startNatsCluster({
  size = 3,
  owners = DEFAULT_OWNERS,
}: { size?: number; owners?: string[] } = {}): Promise<TestNatsCluster> {
  const passwords = generatePasswords(allUsers(owners));
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })),
  );
  const nodes = await Promise.all(
    ports.map(async (p, i) => {
      const serverName = `n${i + 1}`;
      const node = await startNatsServer({
        port: p.client,
        owners,
        passwords,
        cluster: {
          serverName,
          port: p.route,
          routes: ports.filter((_, j) => j !== i).map((o) => `nats-route://127.0.0.1:${o.route}`),
        },
      });
      return Object.assign(node, { serverName });
    }),
  );
  const url = nodes.map((n) => n.url).join(',');
  const first = nodes[0]!;
  const credentials = (user: string): NatsCredentials => ({ ...first.credentials(user), url });
  const cluster: TestNatsCluster = {
    ...first,
    url,
    nodes,
    credentials,
    serviceEnv(user) {
      return { ...first.serviceEnv(user), NATS_URL: url };
    },
    connectOptions(user) {
      return { ...first.connectOptions(user), servers: url };
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
    async kill(signal) {
      await Promise.all(nodes.map((n) => n.kill(signal)));
    },
    async start() {
      await Promise.all(nodes.map((n) => n.start()));
    },
    async restart(signal) {
      await cluster.kill(signal ?? 'SIGTERM');
      await cluster.start();
    },
    async dispose() {
      await Promise.all(nodes.map((n) => n.dispose()));
    },
  };
  return cluster;
}
