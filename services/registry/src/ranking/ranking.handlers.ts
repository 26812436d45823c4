import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ExportCandidateRankingRequestV1,
  GetCandidateRankingChunkRequestV1,
  ListRankingPresetsRequestV1,
  RankCandidatesRequestV1,
  SaveRankingPresetRequestV1,
} from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { RankingService } from './ranking.service.js';

/** NATS request adapters of candidate ranking. */
@Controller()
export class RankingHandlers {
  constructor(private readonly ranking: RankingService) {}

  @OnRequest('slrt.rpc.registry.list-ranking-presets.v1')
  listPresets(@Payload() data: ListRankingPresetsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ranking.listPresets(data.code, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.save-ranking-preset.v1')
  savePreset(@Payload() data: SaveRankingPresetRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ranking.savePreset(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.rank-candidates.v1')
  rank(@Payload() data: RankCandidatesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ranking.rank(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.export-candidate-ranking.v1')
  export(@Payload() data: ExportCandidateRankingRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ranking.export(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-candidate-ranking-chunk.v1')
  chunk(@Payload() data: GetCandidateRankingChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ranking.chunk(data.exportId, data.chunkIndex, ctx.actor);
  }
}
