/**
 * Starts a TypeScript server script in a child process (through the workspace's swc loader) and
 * waits until it prints `LISTENING <port>` on stdout, so benchmarks measure servers that do not
 * share the load generator's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startChildServer(script: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/gwprof'] : []), '--import', './libs/testing/ts-register.mjs', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /LISTENING (\d+)/.exec(buffer);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({
          port: Number(m[1]),
          process: child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
}
