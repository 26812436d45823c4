import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_OWNERS, accountsConfig } from '../generate.mjs';

const generator = fileURLToPath(new URL('../generate.mjs', import.meta.url));
const committed = fileURLToPath(new URL('../accounts.conf', import.meta.url));

/**
 * deploy/nats/accounts.conf is generated: it must be exactly what the generator prints with no
 * arguments (the default owners), so a new service RPC, durable or owner permission cannot be
 * forgotten there. Regenerate: `node deploy/nats/generate.mjs > deploy/nats/accounts.conf`.
 */
describe('deploy/nats/accounts.conf', () => {
  const printed = execFileSync(process.execPath, [generator], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });

  it('equals what `node deploy/nats/generate.mjs` prints (regenerate it if this fails)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(printed);
  });

  it('is the default owners\u2019 configuration, with passwords from the environment (no literal secret)', () => {
    expect(printed).toBe(accountsConfig({ owners: DEFAULT_OWNERS }));
    expect(printed).toContain(`# Owners: ${DEFAULT_OWNERS.join(', ')}.`);
    expect(printed).not.toMatch(/password: "/);
    // The check can fail: an owner added on the command line changes the output.
    expect(execFileSync(process.execPath, [generator, ...DEFAULT_OWNERS, 'dinas-baru'], { encoding: 'utf8' })).not.toBe(
      printed,
    );
  });
});
