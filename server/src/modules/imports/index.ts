export {
  runImport,
  listImportRuns,
  isImportKind,
  sha256File,
  type ImportRunSummary,
} from './imports.service.ts';
export {
  IMPORT_KINDS,
  MAX_REPORTED_ERRORS,
  type ImportKind,
  type ImportProgress,
  type ImportReport,
  type ImportRowError,
  type RunImportOptions,
} from './imports.types.ts';
