import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Where webhooks may go (SSRF guard). */
export interface WebhookUrlPolicy {
  /** Loopback, private, link-local… allowed (tests, a single-host lab). */
  allowPrivate: boolean;
  /** Host names allowed whatever address they resolve to (lower-case). */
  allowedHosts: readonly string[];
  /** `https:` required (production), except for allowed hosts. */
  requireHttps: boolean;
}

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is loopback, private, link-local, CGNAT, multicast, documentation or reserved. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** Why a URL may not be a webhook (Indonesian, for the ADMIN), or null when it may. Checked when saved. */
export function webhookUrlProblem(raw: string, policy: WebhookUrlPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'URL tidak valid.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Hanya URL http atau https.';
  if (url.username || url.password) return 'URL tidak boleh memuat nama pengguna atau kata sandi.';
  if (url.hash) return 'URL tidak boleh memuat fragmen (#).';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const listed = policy.allowedHosts.includes(host);
  if (policy.requireHttps && url.protocol !== 'https:' && !listed) return 'URL harus https.';
  if (
    !policy.allowPrivate &&
    !listed &&
    (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
  ) {
    return 'Alamat jaringan lokal atau privat tidak diizinkan.';
  }
  return null;
}

/**
 * A `lookup` for http.request that refuses private addresses at connection time (after DNS, so a
 * name that resolves to an internal address, or rebinds to one, is refused too).
 */
export function guardedLookup(policy: WebhookUrlPolicy, host: string) {
  const free = policy.allowPrivate || policy.allowedHosts.includes(host.toLowerCase());
  return (
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const bad = free ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad)
        return callback(
          Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: 'EWEBHOOKPRIVATE' }),
          '',
          0,
        );
      if ((options as { all?: boolean }).all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
