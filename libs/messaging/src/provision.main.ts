// The provisioning step of a deployment (`slrt provision` in the image, `npm run migrate` and the
// launcher locally): creates or updates every JetStream stream, every service durable and each
// programme owner's durable, connected as the `provisioner` NATS user. Run it before the services
// start and again after adding an owner. Env: NATS_URL, NATS_USER (provisioner), NATS_PASSWORD,
// NATS_TLS_CA, NATS_OWNERS (comma-separated owner codes, the list deploy/nats/accounts.conf was
// generated with), NATS_STREAM_REPLICAS (default 1), NATS_OWNER_OUT_MAX_AGE_DAYS (age limit of the
// owners' referrals in SLRT_OWNER_OUT, default OWNER_OUT_MAX_AGE_DAYS = 30; 0: none),
// NATS_NATIONAL_OWNERS (comma-separated: owners reading at the national hub, whose referrals go to
// SLRT_NATIONAL_OUT — deploy/nats/README.md "Province and national links").
import 'reflect-metadata';
import { provisionNats } from './provisioning.js';

const env = process.env;
if (!env.NATS_URL) {
  process.stderr.write('provision: NATS_URL is not set\n');
  process.exit(2);
}
const owners = (env.NATS_OWNERS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const nationalOwners = (env.NATS_NATIONAL_OWNERS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const maxAgeDays = env.NATS_OWNER_OUT_MAX_AGE_DAYS?.trim() ? Number(env.NATS_OWNER_OUT_MAX_AGE_DAYS) : undefined;
if (maxAgeDays !== undefined && !(Number.isFinite(maxAgeDays) && maxAgeDays >= 0 && maxAgeDays <= 3650)) {
  process.stderr.write('provision: NATS_OWNER_OUT_MAX_AGE_DAYS must be a number of days from 0 (no limit) to 3650\n');
  process.exit(2);
}
try {
  const done = await provisionNats({
    url: env.NATS_URL,
    ...(env.NATS_USER ? { user: env.NATS_USER, password: env.NATS_PASSWORD ?? '' } : {}),
    ...(env.NATS_TLS_CA ? { tlsCaFile: env.NATS_TLS_CA } : {}),
    owners,
    ...(nationalOwners.length ? { nationalOwners } : {}),
    replicas: Number(env.NATS_STREAM_REPLICAS ?? 1),
    ...(maxAgeDays !== undefined ? { ownerOutMaxAgeMs: maxAgeDays * 24 * 3600 * 1000 } : {}),
  });
  process.stdout.write(
    `provisioned ${done.streams.length} changed stream(s), ${done.consumers.length} durable consumer(s) (${owners.length} owner(s))\n`,
  );
} catch (err) {
  process.stderr.write(`provision failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
