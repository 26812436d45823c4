import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM launcher module without type declarations
import { announceCredentials, wantDemoUsers } from '../credentials.mjs';

describe('launcher credentials (deploy/local/credentials.mjs)', () => {
  const entries = [
    { who: 'admin user admin', password: 'generated-admin-Pw1' },
    { who: 'demo users', password: 'generated-demo-Pw2' },
  ];
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'slrt-cred-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without a terminal: writes them to a 0600 file under the data directory and logs only its path', () => {
    const logged: string[] = [];
    const written: string[] = [];
    const file = announceCredentials({
      entries,
      dataDir: dir,
      terminal: { isTTY: false, write: (s: string) => written.push(s) },
      log: (m: string) => logged.push(m),
    });
    expect(file).toBe(join(dir, 'credentials.txt'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('admin user admin: generated-admin-Pw1\ndemo users: generated-demo-Pw2\n');
    expect(written).toEqual([]);
    expect(logged.join('\n')).toContain(file);
    expect(logged.join('\n')).not.toMatch(/generated-(admin|demo)-Pw/);
  });

  it('on a terminal: shows them once there, nothing in the log and no file', () => {
    const logged: string[] = [];
    const written: string[] = [];
    expect(
      announceCredentials({
        entries,
        dataDir: dir,
        terminal: { isTTY: true, write: (s: string) => written.push(s) },
        log: (m: string) => logged.push(m),
      }),
    ).toBeNull();
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('generated-admin-Pw1');
    expect(written[0]).toContain('generated-demo-Pw2');
    expect(logged).toEqual([]);
    expect(() => statSync(join(dir, 'credentials.txt'))).toThrow();
  });

  it('demo users only when asked for: --demo or SLRT_DEMO_USERS=1', () => {
    expect(wantDemoUsers([], {})).toBe(false);
    expect(wantDemoUsers([], { SLRT_DEMO: '0' })).toBe(false);
    expect(wantDemoUsers(['--demo'], {})).toBe(true);
    expect(wantDemoUsers([], { SLRT_DEMO_USERS: '1' })).toBe(true);
  });
});
