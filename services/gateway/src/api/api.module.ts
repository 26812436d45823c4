import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller.js';
import { CasesController } from './cases.controller.js';
import { ComplaintsController } from './complaints.controller.js';
import { OwnerWebhooksController } from './owner-webhooks.controller.js';
import { DirectoryController } from './directory.controller.js';
import { FieldController } from './field.controller.js';
import { FieldChecksController } from './field-checks.controller.js';
import { MessagesController } from './messages.controller.js';
import { MassIssuesController } from './mass-issues.controller.js';
import { MusdesMeetingsController } from './musdes-meetings.controller.js';
import { InboxController } from './inbox.controller.js';
import { ProposalsController } from './proposals.controller.js';
import { PublicPagesController } from './public-pages.controller.js';
import { PublicController } from './public-status.controller.js';
import { RegionsController } from './regions.controller.js';
import { RegistryController } from './registry.controller.js';
import { RegistryImportsController } from './registry-imports.controller.js';
import { ReportingController } from './reporting.controller.js';
import { SiksController } from './siks.controller.js';
import { PuskesosController } from './puskesos.controller.js';
import { OutcomeVerificationsController } from './outcome-verifications.controller.js';

/** The domain API: thin HTTP adapters onto the services' request subjects. */
@Module({
  controllers: [
    ComplaintsController,
    AttachmentsController,
    CasesController,
    PublicController,
    PublicPagesController,
    RegistryController,
    RegistryImportsController,
    ProposalsController,
    SiksController,
    MessagesController,
    OwnerWebhooksController,
    DirectoryController,
    InboxController,
    ReportingController,
    RegionsController,
    FieldController,
    FieldChecksController,
    PuskesosController,
    MassIssuesController,
    OutcomeVerificationsController,
    MusdesMeetingsController,
  ],
})
export class ApiModule {}
