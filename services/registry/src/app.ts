import { preloadRegions } from '@slrt/domain';
import type { ServiceDefinition } from '@slrt/messaging';
import type { RegistryEnv } from './config/registry.env.js';
import { LookupsModule } from './lookups/lookups.module.js';
import { MusdesModule } from './musdes/musdes.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { RankingModule } from './ranking/ranking.module.js';
import { SiksModule } from './siks/siks.module.js';
import { SnapshotsModule } from './snapshots/snapshots.module.js';
import { StatementsModule } from './statements/statements.module.js';

/** What the registry service is made of; used by main.ts and by the integration tests. */
export function registryService(env: RegistryEnv): Omit<ServiceDefinition<RegistryEnv>, 'service' | 'env'> {
  // Desa codes of every imported row are checked against the region list: load it once at start.
  preloadRegions({ desa: true });
  // One proposals module, shared with the SIKS-NG exchange (which calls its transitions port).
  const proposals = ProposalsModule.forRoot(env);
  return {
    imports: [
      SnapshotsModule.forRoot(env),
      LookupsModule.forRoot(env),
      StatementsModule.forRoot(env),
      proposals,
      SiksModule.forRoot(env, proposals),
      RankingModule.forRoot(env),
      MusdesModule.forRoot(env, proposals),
    ],
  };
}
