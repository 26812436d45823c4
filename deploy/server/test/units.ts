import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Runs a generated systemd unit the way systemd would for what matters here: a clean environment
 * made of its `EnvironmentFile=`s (in order, later wins), its `WorkingDirectory=` and its
 * `ExecStart=` command line, with `%i` replaced by the instance. (User=, sandboxing and restarts
 * are systemd's; `systemd-analyze verify` checks those lines.)
 */
export interface UnitCommand {
  argv: string[];
  cwd: string | undefined;
  env: Record<string, string>;
  type: string;
}

/** `KEY=value` lines of an EnvironmentFile (comments and blank lines skipped; no quoting is generated). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new Error(`not an environment line: ${t}`);
    env[t.slice(0, eq)] = t.slice(eq + 1);
  }
  return env;
}

export function unitCommand(unitPath: string, instance = ''): UnitCommand {
  const text = readFileSync(unitPath, 'utf8').replaceAll('%i', instance);
  const service = text.split(/^\[Service\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  const values = (key: string) => [...service.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!.trim());
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const file of values('EnvironmentFile'))
    Object.assign(env, parseEnvFile(readFileSync(file.replace(/^-/, ''), 'utf8')));
  const exec = values('ExecStart')[0];
  if (!exec) throw new Error(`${unitPath}: no ExecStart`);
  return { argv: exec.split(/\s+/), cwd: values('WorkingDirectory')[0], env, type: values('Type')[0] ?? 'simple' };
}

export interface RunningUnit {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function startUnit(unitPath: string, instance = '', extraEnv: Record<string, string> = {}): RunningUnit {
  const cmd = unitCommand(unitPath, instance);
  return startProcess(`${unitPath.split('/').pop()}${instance ? `(${instance})` : ''}`, cmd.argv, {
    cwd: cmd.cwd,
    env: { ...cmd.env, ...extraEnv },
  });
}

/** Any process, kept with its output (nginx in the tests). */
export function startProcess(
  name: string,
  argv: string[],
  o: { cwd?: string | undefined; env?: Record<string, string> } = {},
): RunningUnit {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: o.cwd,
    env: o.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { name, child, output: () => out, exited };
}

/** A `Type=oneshot` unit: runs it to the end; throws with its output when it fails. */
export async function runOneshot(unitPath: string, instance = ''): Promise<string> {
  const u = startUnit(unitPath, instance);
  const code = await u.exited;
  if (code !== 0) throw new Error(`${u.name} exited ${code}:\n${u.output()}`);
  return u.output();
}

/** Stops a unit as systemd does (SIGTERM, or the unit's KillSignal), then SIGKILL after 20 s. */
export async function stopUnit(u: RunningUnit, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (u.child.exitCode !== null || u.child.signalCode !== null) return;
  u.child.kill(signal);
  const timer = setTimeout(() => u.child.kill('SIGKILL'), 20_000);
  await u.exited;
  clearTimeout(timer);
}
