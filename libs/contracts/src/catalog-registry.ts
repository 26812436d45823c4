/* eslint-disable max-lines -- the registry's subjects, payload classes and roles: one catalog entry after another */
import { ProposalStatusChangedV1 } from './events/registry/proposal-status.v1.js';
import { ImportCompletedV1, ImportProgressedV1 } from './events/registry/import-job.v1.js';
import {
  ColumnProfileV1,
  GetImportErrorsChunkRequestV1,
  GetImportJobRequestV1,
  ImportJobV1,
  ImportSnapshotRequestV1,
  ListColumnProfilesRequestV1,
  ListColumnProfilesResponseV1,
  SaveColumnProfileRequestV1,
  UploadSnapshotChunkRequestV1,
  UploadSnapshotChunkResponseV1,
} from './rpc/registry/import-snapshot.v1.js';
import { LookupNikRequestV1, LookupNikResponseV1 } from './rpc/registry/lookup-nik.v1.js';
import {
  ListLookupAuditRequestV1,
  ListLookupAuditResponseV1,
  LookupPersonRequestV1,
  LookupPersonResponseV1,
} from './rpc/registry/lookup-person.v1.js';
import {
  DtksStatementFileV1,
  GetDtksStatementRequestV1,
  VerifyDocumentRequestV1,
  VerifyDocumentResponseV1,
} from './rpc/registry/dtks-statement.v1.js';
import {
  AddVerivaliChunkRequestV1,
  AddVerivaliChunkResponseV1,
  CreateSiksExportRequestV1,
  FileChunkV1,
  GetSiksExportChunkRequestV1,
  GetSiksExportRequestV1,
  GetVerivaliImportRequestV1,
  ListSiksExportProfilesRequestV1,
  ListSiksExportProfilesResponseV1,
  ListSiksExportsRequestV1,
  ListSiksExportsResponseV1,
  SaveSiksExportProfileRequestV1,
  SiksExportBatchV1,
  SiksExportProfileV1,
  VerivaliImportV1,
} from './rpc/registry/siks-exchange.v1.js';
import {
  CandidateRankingExportV1,
  ExportCandidateRankingRequestV1,
  GetCandidateRankingChunkRequestV1,
  ListRankingPresetsRequestV1,
  ListRankingPresetsResponseV1,
  RankCandidatesRequestV1,
  RankCandidatesResponseV1,
  RankingPresetV1,
  SaveRankingPresetRequestV1,
} from './rpc/registry/candidate-ranking.v1.js';
import {
  CreateDataChangeRequestV1,
  CreatePpksRecordRequestV1,
  CreatePrelistEntryRequestV1,
  DataChangeV1,
  DecideDataChangeRequestV1,
  GetDataChangeRequestV1,
  GetPpksRecordRequestV1,
  GetPrelistEntryRequestV1,
  ListDataChangesRequestV1,
  ListPpksCategoriesRequestV1,
  ListPpksCategoriesResponseV1,
  ListPpksRecordsRequestV1,
  ListPrelistEntriesRequestV1,
  ListProposalsResponseV1,
  PpksCategoryV1,
  PpksRecordV1,
  PrelistEntryV1,
  ProposalRefV1,
  RecordDukcapilMatchRequestV1,
  RecordFieldVerificationRequestV1,
  RecordMusdesRequestV1,
  SavePpksCategoryRequestV1,
  UpdatePrelistEntryRequestV1,
  WithdrawProposalRequestV1,
} from './rpc/registry/proposals.v1.js';
import {
  CreateMusdesMeetingRequestV1,
  GetMusdesMeetingRequestV1,
  GetMusdesMinutesRequestV1,
  ListMusdesMeetingsRequestV1,
  ListMusdesMeetingsResponseV1,
  MusdesMeetingV1,
  MusdesMinutesFileV1,
  RecordMusdesAttendanceRequestV1,
  RecordMusdesDecisionsRequestV1,
  UploadMusdesSignedChunkRequestV1,
  UploadMusdesSignedChunkResponseV1,
} from './rpc/registry/musdes-meetings.v1.js';

/** Events the registry service publishes (`slrt.evt.registry.…`). See catalog.ts. */
export const REGISTRY_EVENTS = {
  'slrt.evt.registry.import.progressed.v1': ImportProgressedV1,
  'slrt.evt.registry.import.completed.v1': ImportCompletedV1,
  'slrt.evt.registry.proposal.status-changed.v1': ProposalStatusChangedV1,
} as const;

/** Requests the registry service answers (`slrt.rpc.registry.…`). See catalog.ts. */
export const REGISTRY_RPCS = {
  'slrt.rpc.registry.lookup-nik.v1': {
    request: LookupNikRequestV1,
    response: LookupNikResponseV1,
    roles: [],
    systems: ['intake'],
  },
  'slrt.rpc.registry.import-snapshot.v1': {
    request: ImportSnapshotRequestV1,
    response: ImportJobV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ'],
  },
  'slrt.rpc.registry.get-import-job.v1': {
    request: GetImportJobRequestV1,
    response: ImportJobV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ'],
  },
  'slrt.rpc.registry.upload-snapshot-chunk.v1': {
    request: UploadSnapshotChunkRequestV1,
    response: UploadSnapshotChunkResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ'],
  },
  'slrt.rpc.registry.get-import-errors-chunk.v1': {
    request: GetImportErrorsChunkRequestV1,
    response: FileChunkV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ'],
  },
  'slrt.rpc.registry.list-column-profiles.v1': {
    request: ListColumnProfilesRequestV1,
    response: ListColumnProfilesResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT', 'MJ'],
  },
  'slrt.rpc.registry.save-column-profile.v1': {
    request: SaveColumnProfileRequestV1,
    response: ColumnProfileV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.registry.lookup-person.v1': {
    request: LookupPersonRequestV1,
    response: LookupPersonResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.list-lookup-audit.v1': {
    request: ListLookupAuditRequestV1,
    response: ListLookupAuditResponseV1,
    roles: ['ADMIN', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.get-dtks-statement.v1': {
    request: GetDtksStatementRequestV1,
    response: DtksStatementFileV1,
    roles: ['FO', 'BO', 'MJ', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.verify-document.v1': {
    request: VerifyDocumentRequestV1,
    response: VerifyDocumentResponseV1,
    roles: [],
    systems: ['gateway'],
    public: true,
  },
  'slrt.rpc.registry.list-siks-export-profiles.v1': {
    request: ListSiksExportProfilesRequestV1,
    response: ListSiksExportProfilesResponseV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.save-siks-export-profile.v1': {
    request: SaveSiksExportProfileRequestV1,
    response: SiksExportProfileV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.registry.create-siks-export.v1': {
    request: CreateSiksExportRequestV1,
    response: SiksExportBatchV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.list-siks-exports.v1': {
    request: ListSiksExportsRequestV1,
    response: ListSiksExportsResponseV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.get-siks-export.v1': {
    request: GetSiksExportRequestV1,
    response: SiksExportBatchV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.get-siks-export-chunk.v1': {
    request: GetSiksExportChunkRequestV1,
    response: FileChunkV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.add-verivali-chunk.v1': {
    request: AddVerivaliChunkRequestV1,
    response: AddVerivaliChunkResponseV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.get-verivali-import.v1': {
    request: GetVerivaliImportRequestV1,
    response: VerivaliImportV1,
    roles: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.list-ranking-presets.v1': {
    request: ListRankingPresetsRequestV1,
    response: ListRankingPresetsResponseV1,
    roles: ['MJ', 'SEKRETARIAT', 'BO', 'ADMIN'],
  },
  'slrt.rpc.registry.save-ranking-preset.v1': {
    request: SaveRankingPresetRequestV1,
    response: RankingPresetV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.registry.rank-candidates.v1': {
    request: RankCandidatesRequestV1,
    response: RankCandidatesResponseV1,
    roles: ['MJ', 'SEKRETARIAT', 'BO'],
  },
  'slrt.rpc.registry.export-candidate-ranking.v1': {
    request: ExportCandidateRankingRequestV1,
    response: CandidateRankingExportV1,
    roles: ['MJ', 'SEKRETARIAT', 'BO'],
  },
  'slrt.rpc.registry.get-candidate-ranking-chunk.v1': {
    request: GetCandidateRankingChunkRequestV1,
    response: FileChunkV1,
    roles: ['MJ', 'SEKRETARIAT', 'BO'],
  },
  'slrt.rpc.registry.create-prelist-entry.v1': {
    request: CreatePrelistEntryRequestV1,
    response: PrelistEntryV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.registry.get-prelist-entry.v1': {
    request: GetPrelistEntryRequestV1,
    response: PrelistEntryV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.list-prelist-entries.v1': {
    request: ListPrelistEntriesRequestV1,
    response: ListProposalsResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.update-prelist-entry.v1': {
    request: UpdatePrelistEntryRequestV1,
    response: PrelistEntryV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.registry.record-musdes.v1': {
    request: RecordMusdesRequestV1,
    response: PrelistEntryV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.record-field-verification.v1': {
    request: RecordFieldVerificationRequestV1,
    response: PrelistEntryV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.record-dukcapil-match.v1': {
    request: RecordDukcapilMatchRequestV1,
    response: PrelistEntryV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.withdraw-proposal.v1': {
    request: WithdrawProposalRequestV1,
    response: ProposalRefV1,
    roles: ['FO', 'FS', 'BO', 'SPV', 'MJ'],
  },
  'slrt.rpc.registry.create-data-change.v1': {
    request: CreateDataChangeRequestV1,
    response: DataChangeV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.get-data-change.v1': {
    request: GetDataChangeRequestV1,
    response: DataChangeV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.list-data-changes.v1': {
    request: ListDataChangesRequestV1,
    response: ListProposalsResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.decide-data-change.v1': {
    request: DecideDataChangeRequestV1,
    response: DataChangeV1,
    roles: ['MJ', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.list-ppks-categories.v1': {
    request: ListPpksCategoriesRequestV1,
    response: ListPpksCategoriesResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  },
  'slrt.rpc.registry.save-ppks-category.v1': {
    request: SavePpksCategoryRequestV1,
    response: PpksCategoryV1,
    roles: ['ADMIN'],
  },
  'slrt.rpc.registry.create-ppks-record.v1': {
    request: CreatePpksRecordRequestV1,
    response: PpksRecordV1,
    roles: ['FO', 'FS'],
  },
  'slrt.rpc.registry.get-ppks-record.v1': {
    request: GetPpksRecordRequestV1,
    response: PpksRecordV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.list-ppks-records.v1': {
    request: ListPpksRecordsRequestV1,
    response: ListProposalsResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.create-musdes-meeting.v1': {
    request: CreateMusdesMeetingRequestV1,
    response: MusdesMeetingV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.list-musdes-meetings.v1': {
    request: ListMusdesMeetingsRequestV1,
    response: ListMusdesMeetingsResponseV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.get-musdes-meeting.v1': {
    request: GetMusdesMeetingRequestV1,
    response: MusdesMeetingV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.record-musdes-attendance.v1': {
    request: RecordMusdesAttendanceRequestV1,
    response: MusdesMeetingV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.record-musdes-decisions.v1': {
    request: RecordMusdesDecisionsRequestV1,
    response: MusdesMeetingV1,
    roles: ['FO', 'FS', 'BO'],
  },
  'slrt.rpc.registry.get-musdes-minutes.v1': {
    request: GetMusdesMinutesRequestV1,
    response: MusdesMinutesFileV1,
    roles: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  },
  'slrt.rpc.registry.upload-musdes-signed-chunk.v1': {
    request: UploadMusdesSignedChunkRequestV1,
    response: UploadMusdesSignedChunkResponseV1,
    roles: ['FO', 'FS', 'BO'],
  },
} as const;
