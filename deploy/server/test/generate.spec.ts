import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSecrets, serverFiles } from '../generate.mjs';
import { parseEnvFile } from './units.js';

const cli = fileURLToPath(new URL('../generate.mjs', import.meta.url));

describe('deploy/server/generate.mjs', () => {
  const root = mkdtempSync(join(tmpdir(), 'slrt-generate-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const env = (name: string) => parseEnvFile(readFileSync(join(root, 'etc', 'slrt', name), 'utf8'));
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [cli, '--root', root, ...args], { encoding: 'utf8' });

  it('a second run (one more intake instance) keeps every secret and the earlier options', () => {
    run('--domain', 'slrt.kotabaru.go.id', '--kab-kota', '63.02', '--intake-instances', '2');
    const secrets = readFileSync(join(root, 'etc', 'slrt', 'secrets.json'), 'utf8');
    expect(statSync(join(root, 'etc', 'slrt', 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(env('common.env')).toMatchObject({ KAB_KOTA_CODE: '63.02', DATABASE_POOL_SIZE: '11' });
    expect(existsSync(join(root, 'etc', 'slrt', 'intake-3.env'))).toBe(false);

    expect(run('--intake-instances', '3')).toContain('kept the secrets');
    expect(readFileSync(join(root, 'etc', 'slrt', 'secrets.json'), 'utf8')).toBe(secrets);
    expect(env('common.env')).toMatchObject({ KAB_KOTA_CODE: '63.02', DATABASE_POOL_SIZE: '10' });
    expect(env('intake-3.env')).toEqual({ HTTP_PORT: '3103', OPS_PORT: '9203' });
    expect(env('gateway.env')).toMatchObject({ SLRT_DEMO: '0', TRUST_PROXY: '127.0.0.1' });
    expect(readFileSync(join(root, 'etc', 'systemd', 'system', 'slrt.target'), 'utf8')).toContain(
      'slrt-intake@3.service',
    );
    expect(readFileSync(join(root, 'etc', 'nginx', 'sites-available', 'slrt.conf'), 'utf8')).toContain(
      'server_name slrt.kotabaru.go.id;',
    );
  });

  it('adds a password for a new owner and keeps the others', () => {
    const before = JSON.parse(readFileSync(join(root, 'etc', 'slrt', 'secrets.json'), 'utf8')) as {
      nats: Record<string, string>;
    };
    run('--owners', 'kemensos-pkh,dinsos-kalsel');
    const after = JSON.parse(readFileSync(join(root, 'etc', 'slrt', 'secrets.json'), 'utf8')) as {
      nats: Record<string, string>;
    };
    expect(after.nats['kemensos-pkh']).toBe(before.nats['kemensos-pkh']);
    expect(after.nats['dinsos-kalsel']).toMatch(/^p[0-9a-f]{48}$/);
    expect(env('nats.env').NATS_DINSOS_KALSEL_PASSWORD).toBe(after.nats['dinsos-kalsel']);
    expect(env('provisioner.env').NATS_OWNERS).toBe('kemensos-pkh,dinsos-kalsel');
  });

  it('refuses what it cannot write safely', () => {
    expect(() => serverFiles({ domain: 'slrt.example.go.id; rm -rf /' })).toThrow(/host name/);
    expect(() => serverFiles({ domain: 'a.go.id', intakeInstances: 0 })).toThrow(/intakeInstances/);
    const secrets = generateSecrets();
    expect(() => serverFiles({ domain: 'a.go.id', secrets: { ...secrets, jwtSecret: 'has space "quoted"' } })).toThrow(
      /quoting/,
    );
    expect(() =>
      serverFiles({ domain: 'a.go.id', secrets: { ...secrets, nats: { ...secrets.nats, gateway: '123numeric' } } }),
    ).toThrow(/not safe/);
  });
});
