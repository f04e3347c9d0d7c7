// Public surface of call control (the B2BUA API).
export { CallControl, type CallControlOptions, type Originated } from './call-control.ts';
export { Call } from './call.ts';
export type {
  AnswerOutcome,
  CallDirection,
  CallEndReason,
  CallEvent,
  CallState,
  CollectOptions,
  OriginateRequest,
} from './call.types.ts';
