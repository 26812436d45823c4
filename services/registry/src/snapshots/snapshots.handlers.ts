import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  RPCS,
  type ColumnProfileV1,
  type FileChunkV1,
  type GetImportErrorsChunkRequestV1,
  type GetImportJobRequestV1,
  type ImportJobV1,
  type ImportSnapshotRequestV1,
  type ListColumnProfilesRequestV1,
  type ListColumnProfilesResponseV1,
  type SaveColumnProfileRequestV1,
  type UploadSnapshotChunkRequestV1,
  type UploadSnapshotChunkResponseV1,
} from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { requireRegion, requireRole } from '@slrt/auth';
import { RegistryEnv } from '../config/registry.env.js';
import { ColumnProfilesService } from './column-profiles.service.js';
import { ImportFilesService } from './import-files.service.js';
import { SnapshotsService } from './snapshots.service.js';

/**
 * A snapshot covers the whole kab/kota: so must the importer's region scope. Operators only: no
 * service imports snapshots, so no system actor may.
 */
function assertMayImport(ctx: RpcRequestContext, kabKotaCode: string): void {
  requireRole(
    ctx.actor,
    RPCS['slrt.rpc.registry.import-snapshot.v1'].roles,
    'Hanya admin, sekretariat atau manajer yang boleh mengimpor data registri.',
  );
  requireRegion(
    ctx.actor,
    kabKotaCode,
    `Impor registri mencakup seluruh kabupaten/kota ${kabKotaCode}; wilayah kerja Anda tidak mencakupnya.`,
  );
}

function assertAdmin(ctx: RpcRequestContext): void {
  requireRole(
    ctx.actor,
    RPCS['slrt.rpc.registry.save-column-profile.v1'].roles,
    'Hanya admin yang boleh mengubah profil kolom.',
  );
}

/** Request handlers of snapshot imports: map, check the role, call the service. */
@Controller()
export class SnapshotsHandlers {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly files: ImportFilesService,
    private readonly profiles: ColumnProfilesService,
    private readonly env: RegistryEnv,
  ) {}

  @OnRequest('slrt.rpc.registry.upload-snapshot-chunk.v1')
  async uploadSnapshotChunk(
    @Payload() data: UploadSnapshotChunkRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<UploadSnapshotChunkResponseV1> {
    assertMayImport(ctx, this.env.KAB_KOTA_CODE);
    return this.files.uploadChunk(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-import-errors-chunk.v1')
  async getImportErrorsChunk(
    @Payload() data: GetImportErrorsChunkRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<FileChunkV1> {
    assertMayImport(ctx, this.env.KAB_KOTA_CODE);
    return this.files.reportChunk(data.jobId, data.chunkIndex);
  }

  /** Importers read the profiles to pick one; only an admin changes them. */
  @OnRequest('slrt.rpc.registry.list-column-profiles.v1')
  async listColumnProfiles(
    @Payload() data: ListColumnProfilesRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<ListColumnProfilesResponseV1> {
    assertMayImport(ctx, this.env.KAB_KOTA_CODE);
    return { items: await this.profiles.list(data.code) };
  }

  @OnRequest('slrt.rpc.registry.save-column-profile.v1')
  async saveColumnProfile(
    @Payload() data: SaveColumnProfileRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<ColumnProfileV1> {
    assertAdmin(ctx);
    return this.profiles.save(data);
  }

  @OnRequest('slrt.rpc.registry.import-snapshot.v1')
  async importSnapshot(@Payload() data: ImportSnapshotRequestV1, @Ctx() ctx: RpcRequestContext): Promise<ImportJobV1> {
    assertMayImport(ctx, this.env.KAB_KOTA_CODE);
    return this.snapshots.start(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-import-job.v1')
  async getImportJob(@Payload() data: GetImportJobRequestV1, @Ctx() ctx: RpcRequestContext): Promise<ImportJobV1> {
    assertMayImport(ctx, this.env.KAB_KOTA_CODE);
    return this.snapshots.get(data.jobId);
  }
}
