// Test helper: a national hub and a province hub as nats-servers linked by leaf nodes, with the
// configuration deploy/nats/links.mjs generates, and the options of a kab/kota's nats-server that
// joins the province as a leaf (for startNatsServer or FullStack's `nats` override).
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { provisionNats } from '@slrt/messaging';
import { freePorts, startNatsServer, type StartNatsServerOptions, type TestNatsServer } from '@slrt/testing';
import type { ExtraUser } from '../generate.mjs';
import { jetstreamDomain, leafUsers, leafnodesBlock, nationalOwnerUser, provisionLinks } from '../links.mjs';

/** An unrestricted user to try what must not cross (tests only, never in production). */
export const PROBE: ExtraUser = {
  user: 'probe',
  publish: ['>'],
  subscribe: ['>'],
  connectionTypes: [],
  comment: 'test probe',
};

export interface LinkedHubs {
  national: TestNatsServer;
  province: TestNatsServer;
  /** Ports of the hubs' leaf-node listeners (127.0.0.1). */
  leafPorts: { national: number; province: number };
  /** startNatsServer options of the kab/kota `kabKota`, a leaf of the province hub. */
  kabKotaOptions: StartNatsServerOptions;
  /** Creates the kab/kota's link streams (after its platform provisioning with `nationalOwners`). */
  provisionKabKota(kabKota: TestNatsServer): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * The hubs above kab/kota `kabKota` (province = its first two digits): the national hub knows
 * `nationalLinks` (the kab/kota it sources; `kabKota` among them) and the national owners; every
 * server runs the platform's provisioning (`localOwners`) and its link streams.
 */
export async function startLinkedHubs(o: {
  kabKota: string;
  nationalLinks: string[];
  nationalOwners: string[];
  localOwners: string[];
  /** Both links over TLS, as in production: the hubs' leaf listeners present `cert`, the remotes trust `ca`. */
  tls?: { ca: string; cert: string; key: string };
}): Promise<LinkedHubs> {
  const hubTls = o.tls ? { cert: o.tls.cert, key: o.tls.key } : undefined;
  const remoteTls = o.tls ? { ca: o.tls.ca } : undefined;
  const provinceCode = o.kabKota.slice(0, 2);
  const [nLeaf, pLeaf] = await freePorts(2);
  const national = await startNatsServer({
    owners: o.localOwners,
    serverName: 'national',
    jetstreamDomain: jetstreamDomain('national'),
    leafnodes: leafnodesBlock({ code: 'national', listen: `127.0.0.1:${nLeaf}`, ...(hubTls ? { tls: hubTls } : {}) }),
    extraUsers: [
      ...leafUsers({ level: 'national', links: o.nationalLinks }),
      ...o.nationalOwners.map(nationalOwnerUser),
      PROBE,
    ],
  });
  const province = await startNatsServer({
    owners: o.localOwners,
    serverName: `prov${provinceCode}`,
    jetstreamDomain: jetstreamDomain(provinceCode),
    leafnodes: leafnodesBlock({
      code: provinceCode,
      listen: `127.0.0.1:${pLeaf}`,
      hubUrl: `nats-leaf://127.0.0.1:${nLeaf}`,
      password: national.credentials(`leaf-${provinceCode}`).password!,
      owners: o.localOwners,
      ...(o.tls ? { tls: o.tls } : {}),
    }),
    extraUsers: [...leafUsers({ level: 'province', links: [o.kabKota] }), PROBE],
  });
  const asProvisioner = async (
    s: TestNatsServer,
    f: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<void>,
  ) => {
    const nc = await connect(s.connectOptions('provisioner'));
    try {
      await f(await jetstreamManager(nc));
    } finally {
      await nc.close();
    }
  };
  for (const s of [national, province]) await provisionNats({ ...s.credentials('provisioner'), owners: o.localOwners });
  await asProvisioner(national, (jsm) =>
    provisionLinks(jsm, { level: 'national', links: o.nationalLinks, nationalOwners: o.nationalOwners }),
  );
  const kabKotaToken = o.kabKota.replace('.', '');
  return {
    national,
    province,
    leafPorts: { national: nLeaf!, province: pLeaf! },
    kabKotaOptions: {
      serverName: `kk${kabKotaToken}`,
      jetstreamDomain: jetstreamDomain(o.kabKota),
      leafnodes: leafnodesBlock({
        code: o.kabKota,
        hubUrl: `nats-leaf://127.0.0.1:${pLeaf}`,
        password: province.credentials(`leaf-${kabKotaToken}`).password!,
        owners: o.localOwners,
        ...(remoteTls ? { tls: remoteTls } : {}),
      }),
      extraUsers: [PROBE],
    },
    provisionKabKota: (kabKota) =>
      asProvisioner(kabKota, (jsm) =>
        provisionLinks(jsm, { level: 'kabkota', code: o.kabKota, nationalOwners: o.nationalOwners }),
      ),
    async dispose() {
      await province.dispose();
      await national.dispose();
    },
  };
}
