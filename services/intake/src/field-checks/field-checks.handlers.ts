import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ActOnFieldCheckRequestV1,
  AnswerFieldCheckRequestV1,
  GetFieldCheckRequestV1,
  GetFieldCheckSettingsRequestV1,
  ListFieldChecksRequestV1,
  SaveFieldCheckSettingsRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { FieldCheckSettingsService } from './field-check-settings.js';
import { FieldChecksService } from './field-checks.service.js';

/** NATS request adapters of the supervisor check and its settings (rules in the services). */
@Controller()
export class FieldChecksHandlers {
  constructor(
    private readonly checks: FieldChecksService,
    private readonly settings: FieldCheckSettingsService,
  ) {}

  @OnRequest('slrt.rpc.intake.list-field-checks.v1')
  list(@Payload() data: ListFieldChecksRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.checks.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-field-check.v1')
  get(@Payload() data: GetFieldCheckRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.checks.get(data.complaintId, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.act-on-field-check.v1')
  act(@Payload() data: ActOnFieldCheckRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.checks.act(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.answer-field-check.v1')
  answer(@Payload() data: AnswerFieldCheckRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.checks.answer(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-field-check-settings.v1')
  getSettings(@Payload() data: GetFieldCheckSettingsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.settings.get(data.includeHistory ?? false, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.save-field-check-settings.v1')
  saveSettings(@Payload() data: SaveFieldCheckSettingsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.settings.save(data, ctx.actor);
  }
}
