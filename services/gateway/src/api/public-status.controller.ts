import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import { systemActor } from '@slrt/contracts';
import { ownerChannelAsyncApi } from '@slrt/contracts';
import { Public } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo, JsonSchemaResponse } from '../http/openapi.js';

const asyncApi = ownerChannelAsyncApi();

/** What citizens and ministries' developers reach without logging in. */
@ApiTags('public')
@Controller()
export class PublicController {
  private readonly actor = systemActor('gateway');

  constructor(private readonly rpc: RpcClient) {}

  @Get('v1/public/complaint-status')
  @Public()
  @ApiOperation({
    operationId: 'getPublicComplaintStatus',
    summary: 'Status pengaduan untuk warga: nomor pengaduan + kode pelacakan, tanpa data pribadi',
  })
  @ForwardsTo('slrt.rpc.intake.get-public-status.v1')
  @ApiQuery({
    name: 'nomor',
    description: 'Nomor pengaduan, mis. 6271-2611-000123, atau nomor sementara dari Fasilitator, mis. L-K7PQ-3',
  })
  @ApiQuery({ name: 'kode', description: 'Kode pelacakan pada resi, mis. K7PQ-4QX2' })
  status(@Query('nomor') receiptNumber: string | undefined, @Query('kode') trackingCode: string | undefined) {
    return this.rpc.request(
      'slrt.rpc.intake.get-public-status.v1',
      { receiptNumber: receiptNumber ?? '', trackingCode: trackingCode ?? '' },
      { actor: this.actor },
    );
  }

  @Get('asyncapi.json')
  @Public()
  @ApiOperation({
    operationId: 'getOwnerChannelAsyncApi',
    summary: 'AsyncAPI 3 document of the programme-owner channel',
  })
  @JsonSchemaResponse({
    type: 'object',
    description: 'AsyncAPI 3.0 document',
    properties: { asyncapi: { type: 'string' } },
    required: ['asyncapi'],
  })
  asyncapi() {
    return asyncApi;
  }
}
