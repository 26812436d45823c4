import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CreateMusdesMeetingRequestV1,
  GetMusdesMeetingRequestV1,
  GetMusdesMinutesRequestV1,
  ListMusdesMeetingsRequestV1,
  RecordMusdesAttendanceRequestV1,
  RecordMusdesDecisionsRequestV1,
  UploadMusdesSignedChunkRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { MusdesDecisionsService } from './musdes-decisions.service.js';
import { MusdesMeetingsService } from './musdes-meetings.service.js';
import { MusdesSignedService } from './musdes-signed.service.js';

/** NATS request adapters of the musdes/muskel meetings: map, call, return. */
@Controller()
export class MusdesHandlers {
  constructor(
    private readonly meetings: MusdesMeetingsService,
    private readonly decisions: MusdesDecisionsService,
    private readonly signed: MusdesSignedService,
  ) {}

  @OnRequest('slrt.rpc.registry.create-musdes-meeting.v1')
  create(@Payload() data: CreateMusdesMeetingRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.meetings.create(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-musdes-meetings.v1')
  list(@Payload() data: ListMusdesMeetingsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.meetings.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-musdes-meeting.v1')
  get(@Payload() data: GetMusdesMeetingRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.meetings.get(data.meetingId, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.record-musdes-attendance.v1')
  attendance(@Payload() data: RecordMusdesAttendanceRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.meetings.recordAttendance(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.record-musdes-decisions.v1')
  decide(@Payload() data: RecordMusdesDecisionsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.decisions.record(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.get-musdes-minutes.v1')
  minutes(@Payload() data: GetMusdesMinutesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.meetings.minutes(data.meetingId, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.upload-musdes-signed-chunk.v1')
  upload(@Payload() data: UploadMusdesSignedChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.signed.uploadChunk(data, ctx.actor);
  }
}
