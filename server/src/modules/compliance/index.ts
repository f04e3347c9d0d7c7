export type {
  AttemptInput,
  CallerIdThresholds,
  CheckResult,
  ComplianceContext,
  ComplianceSettings,
  FrequencyCaps,
  RefusalCode,
  RefusalReason,
  TimeRange,
} from './compliance.types.ts';
export type {
  ConsentChannel,
  DncList,
  OptOutChannel,
  ComplianceTables,
} from './compliance.tables.ts';
export {
  DEFAULT_COMPLIANCE_SETTINGS,
  loadComplianceSettings,
  mergeSettings,
  saveComplianceSettings,
} from './settings.ts';
export {
  evaluateWindow,
  localTime,
  provinceKey,
  timeZoneFor,
  windowsFor,
  type LocalTime,
  type WindowVerdict,
} from './calling-window.ts';
export {
  judgeCallerId,
  SHORT_CALL_SECONDS,
  type CallerIdHealth,
  type CallerIdRecommendation,
  type CallerIdStats,
} from './caller-id-health.ts';
export {
  addDnc,
  contactPermissions,
  contactStatus,
  importDnc,
  isOptOutReply,
  listDnc,
  listOptOuts,
  recordConsent,
  recordDispositionOptOut,
  recordIvrOptOut,
  recordOptOut,
  recordSmsReply,
  removeDnc,
  revokeConsent,
  type ConsentView,
  type ContactPermissions,
  type ContactStatus,
  type DncImportReport,
  type DncView,
  type OptOutView,
} from './lists.service.ts';
export {
  callerIdHealth,
  checkAttempt,
  listRefusals,
  pickCallerId,
  type RefusalView,
} from './check.service.ts';
export {
  admitAttempt,
  recordAttempt,
  recordAttemptOutcome,
  type AttemptOutcome,
} from './attempts.service.ts';
