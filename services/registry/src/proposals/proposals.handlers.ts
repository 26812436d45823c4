import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CreateDataChangeRequestV1,
  CreatePpksRecordRequestV1,
  CreatePrelistEntryRequestV1,
  DecideDataChangeRequestV1,
  GetDataChangeRequestV1,
  GetPpksRecordRequestV1,
  GetPrelistEntryRequestV1,
  ListDataChangesRequestV1,
  ListPpksCategoriesRequestV1,
  ListPpksRecordsRequestV1,
  ListPrelistEntriesRequestV1,
  RecordDukcapilMatchRequestV1,
  RecordFieldVerificationRequestV1,
  RecordMusdesRequestV1,
  SavePpksCategoryRequestV1,
  UpdatePrelistEntryRequestV1,
  WithdrawProposalRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { DataChangesService } from './data-changes.service.js';
import { PpksService } from './ppks.service.js';
import { PrelistService } from './prelist.service.js';
import { WithdrawalsService } from './withdrawals.service.js';

/** NATS request adapters of the proposals: map, call, return. */
@Controller()
export class ProposalsHandlers {
  constructor(
    private readonly prelist: PrelistService,
    private readonly dataChanges: DataChangesService,
    private readonly ppks: PpksService,
    private readonly withdrawals: WithdrawalsService,
  ) {}

  @OnRequest('slrt.rpc.registry.create-prelist-entry.v1')
  createPrelist(@Payload() data: CreatePrelistEntryRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.create(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-prelist-entry.v1')
  getPrelist(@Payload() data: GetPrelistEntryRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.get(data.entryId, data.reveal ?? false, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-prelist-entries.v1')
  listPrelist(@Payload() data: ListPrelistEntriesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.update-prelist-entry.v1')
  updatePrelist(@Payload() data: UpdatePrelistEntryRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.update(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.record-musdes.v1')
  recordMusdes(@Payload() data: RecordMusdesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.recordMusdes(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.record-field-verification.v1')
  recordVerification(@Payload() data: RecordFieldVerificationRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.recordFieldVerification(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.record-dukcapil-match.v1')
  recordDukcapil(@Payload() data: RecordDukcapilMatchRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.prelist.recordDukcapilMatch(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.withdraw-proposal.v1')
  withdraw(@Payload() data: WithdrawProposalRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.withdrawals.withdraw(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.create-data-change.v1')
  createDataChange(@Payload() data: CreateDataChangeRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.dataChanges.create(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-data-change.v1')
  getDataChange(@Payload() data: GetDataChangeRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.dataChanges.get(data.dataChangeId, data.reveal ?? false, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-data-changes.v1')
  listDataChanges(@Payload() data: ListDataChangesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.dataChanges.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.decide-data-change.v1')
  decideDataChange(@Payload() data: DecideDataChangeRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.dataChanges.decide(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-ppks-categories.v1')
  listCategories(@Payload() data: ListPpksCategoriesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ppks.listCategories(data.includeInactive ?? false, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.save-ppks-category.v1')
  saveCategory(@Payload() data: SavePpksCategoryRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ppks.saveCategory(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.create-ppks-record.v1')
  createPpks(@Payload() data: CreatePpksRecordRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ppks.create(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-ppks-record.v1')
  getPpks(@Payload() data: GetPpksRecordRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ppks.get(data.ppksRecordId, data.reveal ?? false, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-ppks-records.v1')
  listPpks(@Payload() data: ListPpksRecordsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.ppks.list(data, ctx.actor);
  }
}
