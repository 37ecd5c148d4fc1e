// Type-only view of the workers' APIs for the bridges (no runtime import crosses over).
export type {
  ImportApi,
  Preview,
  PreviewOptions,
  ImportProgress,
  ImportDone,
  ImportFailure,
  DatasetReport,
  Result,
} from './import-api';
export type { AnalyzeApi, AnalysisRun } from './analyze-api';
export type { PersonQuery, PersonFound, ErasureReceipt, PersonKind } from './person-api';
export type {
  TagsOverview,
  TagRow,
  SegmentRow,
  FieldChoice,
  RuleCheck,
  TagInput,
  SaveTagResult,
  ListTarget,
  ListExport,
  CustomerCard,
} from './tags-api';
