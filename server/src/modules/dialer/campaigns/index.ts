// Campaigns: settings, call lists from CRM leads, the live runner on a CallControl, the
// list-entry state machine and the campaign report.
export {
  ATTEMPT_RESULTS,
  DIAL_MODES,
  campaignSettingsSchema,
  inSchedule,
  parseCampaignSettings,
  type AttemptResult,
  type CampaignSettings,
  type CampaignSettingsInput,
  type DialMode,
} from './campaign-settings.ts';
export {
  createCampaignFromLeads,
  getCampaign,
  listCampaigns,
  setCampaignStatus,
  type CampaignSummary,
  type CampaignView,
  type CreateCampaignInput,
} from './campaigns.service.ts';
export { afterAttempt, afterRefusal, FINAL_STATES, resultOf, type EntryState } from './retry.ts';
export {
  AgentSeats,
  DIALER_DESK_REASON,
  deskAware,
  type AgentDeskPort,
  type AgentDirectory,
  type DialerAgent,
} from './agent-seats.ts';
export { CampaignRunner, type CampaignRunnerDeps, type RunnerCounters } from './runner.ts';
export { abandonText, ensureAbandonPrompt } from './abandon-prompt.ts';
export { campaignReport, type CampaignReport } from './campaign-report.ts';
export {
  CALLBACK_GRACE_MS,
  CALLBACK_STATUSES,
  cancelCallback,
  dueCallbacks,
  listCallbacks,
  scheduleCallback,
  type CallbackStatus,
  type CallbackView,
  type ScheduleCallbackInput,
} from './callbacks.service.ts';
export {
  haltLiveCampaign,
  liveStatus,
  startLiveCampaign,
  stopLiveCampaigns,
  type LiveStatus,
} from './live.ts';
