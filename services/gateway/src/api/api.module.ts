import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller.js';
import { CasesController } from './cases.controller.js';
import { ComplaintsController } from './complaints.controller.js';
import { InboxController } from './inbox.controller.js';
import { ProposalsController } from './proposals.controller.js';
import { PublicController } from './public-status.controller.js';
import { RegistryController } from './registry.controller.js';
import { RegistryImportsController } from './registry-imports.controller.js';
import { SiksController } from './siks.controller.js';

/** The domain API: thin HTTP adapters onto the services' request subjects. */
@Module({ controllers: [ComplaintsController, AttachmentsController, CasesController, PublicController, RegistryController, RegistryImportsController, ProposalsController, SiksController, InboxController] })
export class ApiModule {}
