import { Module } from '@nestjs/common';
import { LookupsHandlers } from './lookups.handlers.js';
import { LookupsService } from './lookups.service.js';
import { PersonLookupsService } from './person-lookups.service.js';

/** Lookups in the current snapshot: intake's NIK check, operators' person lookup, the lookup audit. */
@Module({
  controllers: [LookupsHandlers],
  providers: [LookupsService, PersonLookupsService],
  exports: [LookupsService, PersonLookupsService],
})
export class LookupsModule {}
