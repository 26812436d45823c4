import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CompleteFieldUploadRequestV1,
  CreateFieldUploadRequestV1,
  EnrolFieldDeviceRequestV1,
  GetFieldBundleRequestV1,
  GetFieldUploadRequestV1,
  ListFieldDevicesRequestV1,
  PutFieldUploadChunkRequestV1,
  RevokeFieldDeviceRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { FieldBundleService } from './field-bundle.service.js';
import { FieldDevicesService } from './field-devices.service.js';
import { FieldUploadsService } from './field-uploads.service.js';

/** NATS request adapters of the field app (devices, offline bundle, resumable uploads). */
@Controller()
export class FieldHandlers {
  constructor(
    private readonly devices: FieldDevicesService,
    private readonly bundles: FieldBundleService,
    private readonly uploads: FieldUploadsService,
  ) {}

  @OnRequest('slrt.rpc.intake.enrol-field-device.v1')
  enrol(@Payload() data: EnrolFieldDeviceRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.devices.enrol(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.list-field-devices.v1')
  listDevices(@Payload() data: ListFieldDevicesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.devices.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.revoke-field-device.v1')
  revoke(@Payload() data: RevokeFieldDeviceRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.devices.revoke(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-field-bundle.v1')
  bundle(@Payload() data: GetFieldBundleRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.bundles.bundle(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.create-field-upload.v1')
  createUpload(@Payload() data: CreateFieldUploadRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.uploads.create(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-field-upload.v1')
  getUpload(@Payload() data: GetFieldUploadRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.uploads.get(data.uploadId, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.put-field-upload-chunk.v1')
  putChunk(@Payload() data: PutFieldUploadChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.uploads.putChunk(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.complete-field-upload.v1')
  complete(@Payload() data: CompleteFieldUploadRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.uploads.complete(data.uploadId, ctx.actor);
  }
}
