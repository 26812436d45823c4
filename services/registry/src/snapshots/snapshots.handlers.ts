import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { GetImportJobRequestV1, ImportJobV1, ImportSnapshotRequestV1 } from '@slrt/contracts';
import { DomainError, OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { SnapshotsService } from './snapshots.service.js';

/** Roles that may load a registry snapshot or follow its job. */
const IMPORT_ROLES = new Set(['ADMIN', 'SEKRETARIAT', 'MJ']);

function assertMayImport(ctx: RpcRequestContext): void {
  if (ctx.actor.kind === 'system') return;
  if (!ctx.actor.roles.some((r) => IMPORT_ROLES.has(r))) throw new DomainError('FORBIDDEN', 'Hanya admin, sekretariat atau manajer yang boleh mengimpor data registri.', { reason: 'ROLE_NOT_ALLOWED' });
}

/** Request handlers of snapshot imports: map, check the role, call the service. */
@Controller()
export class SnapshotsHandlers {
  constructor(private readonly snapshots: SnapshotsService) {}

  @OnRequest('slrt.rpc.registry.import-snapshot.v1')
  async importSnapshot(@Payload() data: ImportSnapshotRequestV1, @Ctx() ctx: RpcRequestContext): Promise<ImportJobV1> {
    assertMayImport(ctx);
    return this.snapshots.start(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-import-job.v1')
  async getImportJob(@Payload() data: GetImportJobRequestV1, @Ctx() ctx: RpcRequestContext): Promise<ImportJobV1> {
    assertMayImport(ctx);
    return this.snapshots.get(data.jobId);
  }
}
