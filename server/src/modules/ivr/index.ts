// IVR: flows as validated, versioned JSON; a runner that executes a flow on a call as a queue of
// verb tasks (one file per verb) and returns the outcome with IVR timing; generated prompts.
export {
  ivrFlowSchema,
  ivrNodeSchema,
  isTimeZone,
  parseIvrFlow,
  validateIvrFlow,
  type IvrFlow,
  type IvrFlowInput,
  type IvrNode,
  type IvrVerbName,
  type NodeOf,
} from './flow.schema.ts';
export type {
  IvrCall,
  IvrCallEvent,
  IvrOutcome,
  IvrResponseSample,
  IvrRunOptions,
  IvrRunResult,
} from './ivr.types.ts';
export { runIvr } from './runner.ts';
export { runStoredFlow } from './ivr.service.ts';
export {
  activateIvrFlowVersion,
  getActiveIvrFlow,
  getIvrFlowVersion,
  listIvrFlows,
  listIvrFlowVersions,
  saveIvrFlow,
  type IvrFlowVersion,
} from './flows.repo.ts';
export {
  ensurePrompts,
  positionPromptName,
  expectedWaitPromptName,
  MAX_WAIT_PROMPT,
  promptPath,
  MAX_POSITION_PROMPT,
  PROMPT_NAMES,
  PROMPT_TEXTS,
  type PromptBuildResult,
  type PromptLanguage,
} from './prompts.ts';
export {
  businessHoursState,
  localTime,
  DEFAULT_TIME_ZONE,
  type HoursState,
} from './business-hours.ts';
export { demoIvrFlow, demoIvrFlowWithHours, DEMO_IVR_FLOW_ID } from './demo-flow.ts';
