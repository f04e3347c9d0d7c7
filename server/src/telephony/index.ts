// Public surface of the telephony engine. Modules above telephony/ (inbound, outbound, IVR, ACD,
// dialer) import from here only.
export { createTelephony, type Telephony, type TelephonyOptions } from './telephony.ts';
export {
  CallControl,
  Call,
  type AnswerOutcome,
  type CallDirection,
  type CallEndReason,
  type CallEvent,
  type CallState,
  type CollectOptions,
  type OriginateRequest,
  type Originated,
} from './call-control/index.ts';
export {
  Registrar,
  UserAgent,
  type Binding,
  type CredentialLookup,
  type OriginateOptions,
} from './sip/index.ts';
export type {
  Codec,
  DtmfDigit,
  LegStats,
  MediaMonitor,
  MediaServer,
  MonitorMode,
  PlayResult,
  PlaySource,
  RecordingInfo,
} from './media/index.ts';
