import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  AddVerivaliChunkRequestV1,
  CreateSiksExportRequestV1,
  GetSiksExportChunkRequestV1,
  GetSiksExportRequestV1,
  GetVerivaliImportRequestV1,
  ListSiksExportProfilesRequestV1,
  ListSiksExportsRequestV1,
  SaveSiksExportProfileRequestV1,
} from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { SiksExportsService } from './siks-exports.service.js';
import { VerivaliImportService } from './verivali-import.service.js';

/** NATS request adapters of the SIKS-NG exchange: map, call, return (roles and scope are checked in the services). */
@Controller()
export class SiksHandlers {
  constructor(
    private readonly exports: SiksExportsService,
    private readonly verivali: VerivaliImportService,
  ) {}

  @OnRequest('slrt.rpc.registry.list-siks-export-profiles.v1')
  listProfiles(@Payload() data: ListSiksExportProfilesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.exports.listProfiles(data.kind, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.save-siks-export-profile.v1')
  saveProfile(@Payload() data: SaveSiksExportProfileRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.exports.saveProfile(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.create-siks-export.v1')
  create(@Payload() data: CreateSiksExportRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.exports.create(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-siks-exports.v1')
  list(@Payload() data: ListSiksExportsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.exports.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-siks-export.v1')
  get(@Payload() data: GetSiksExportRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.exports.get(data.batchId, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-siks-export-chunk.v1')
  chunk(@Payload() data: GetSiksExportChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.exports.chunk(data.batchId, data.format, data.chunkIndex, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.add-verivali-chunk.v1')
  addVerivaliChunk(@Payload() data: AddVerivaliChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.verivali.addChunk(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-verivali-import.v1')
  getVerivaliImport(@Payload() data: GetVerivaliImportRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.verivali.get(data.jobId, ctx.actor);
  }
}
