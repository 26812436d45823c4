import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ListLookupAuditRequestV1,
  ListLookupAuditResponseV1,
  LookupNikRequestV1,
  LookupNikResponseV1,
  LookupPersonRequestV1,
  LookupPersonResponseV1,
} from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { LookupsService } from './lookups.service.js';
import { PersonLookupsService } from './person-lookups.service.js';

/** Request handlers of registry lookups (intake's triage calls `lookup-nik`; operators `lookup-person`). */
@Controller()
export class LookupsHandlers {
  constructor(
    private readonly lookups: LookupsService,
    private readonly persons: PersonLookupsService,
  ) {}

  @OnRequest('slrt.rpc.registry.lookup-nik.v1')
  async lookupNik(@Payload() data: LookupNikRequestV1, @Ctx() ctx: RpcRequestContext): Promise<LookupNikResponseV1> {
    return this.lookups.lookupNik(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.lookup-person.v1')
  async lookupPerson(
    @Payload() data: LookupPersonRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<LookupPersonResponseV1> {
    return this.persons.lookupPerson(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.registry.list-lookup-audit.v1')
  async listLookupAudit(
    @Payload() data: ListLookupAuditRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<ListLookupAuditResponseV1> {
    return this.persons.listAudit(data, ctx.actor);
  }
}
