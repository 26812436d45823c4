import { Module, type DynamicModule } from '@nestjs/common';
import { AttachmentsHandlers } from '../attachments/attachments.handlers.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { IntakeEnv } from '../config/intake.env.js';
import { DocumentsHandlers } from '../documents/documents.handlers.js';
import { DocumentsService } from '../documents/documents.service.js';
import { ComplaintsHandlers } from './complaints.handlers.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsHandlers } from './contacts.handlers.js';
import { ContactsService } from './contacts.service.js';
import { ComplaintCorrections } from './complaint-corrections.service.js';
import { ComplaintRegistration } from './complaint-registration.service.js';
import { ComplaintsService } from './complaints.service.js';
import { FieldComplaintSync } from './field-complaint-sync.service.js';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { NotificationContactsHandlers } from './notification-contacts.handlers.js';
import { RegistryCheck, RegistryCheckScheduler } from './registry-check.js';
import { PublicStatusService } from '../status/public-status.js';
import { StatusConsumers } from '../status/status.consumers.js';
import { FieldHandlers } from '../field/field.handlers.js';
import { FieldBundleService } from '../field/field-bundle.service.js';
import { FieldDevicesService } from '../field/field-devices.service.js';
import { FieldNumbers } from '../field/field-numbers.js';
import { FieldUploadsService } from '../field/field-uploads.service.js';
import { FieldChecksHandlers } from '../field-checks/field-checks.handlers.js';
import { FieldChecksService } from '../field-checks/field-checks.service.js';
import { FieldCheckSettingsService } from '../field-checks/field-check-settings.js';

/** Complaints registered by FO and FS: registration, triage, offline sync, reads, corrections, attachments. */
@Module({})
export class ComplaintsModule {
  static forRoot(env: IntakeEnv): DynamicModule {
    return {
      module: ComplaintsModule,
      controllers: [
        ComplaintsHandlers,
        AttachmentsHandlers,
        DocumentsHandlers,
        StatusConsumers,
        NotificationContactsHandlers,
        ContactsHandlers,
        FieldHandlers,
        FieldChecksHandlers,
      ],
      providers: [
        { provide: IntakeEnv, useValue: env },
        ComplaintsRepository,
        ContactsRepository,
        ComplaintsService,
        ComplaintRegistration,
        FieldComplaintSync,
        ComplaintCorrections,
        ContactsService,
        RegistryCheck,
        RegistryCheckScheduler,
        ProgrammeCatalogue,
        AttachmentsService,
        DocumentsService,
        PublicStatusService,
        FieldDevicesService,
        FieldNumbers,
        FieldBundleService,
        FieldUploadsService,
        FieldChecksService,
        FieldCheckSettingsService,
      ],
      exports: [ComplaintsService, ComplaintsRepository, IntakeEnv],
    };
  }
}
