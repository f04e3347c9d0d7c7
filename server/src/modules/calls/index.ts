// Public surface of modules/calls: the telephony runtime of a running server, agents' SIP
// accounts, agent devices and the call-record lifecycle.
export {
  startTelephonyRuntime,
  stopTelephonyRuntime,
  telephonyOf,
  type StartTelephonyOptions,
  type TelephonyRuntime,
} from './runtime.ts';
export {
  DeviceRegistry,
  SipPhoneDevice,
  callerIdOf,
  type AgentDevice,
  type AgentRef,
  type RingAttempt,
  type RingOptions,
} from './devices.ts';
export { SoftphoneDevice, softphoneUserOf } from './softphone-device.ts';
export {
  dispositionSchema,
  getAgentCall,
  recordDisposition,
  type AgentCallView,
  type DispositionInput,
} from './agent-calls.service.ts';
export {
  credentialLookup,
  findAccountByExtension,
  setSipPassword,
  type SipAccount,
} from './sip-accounts.ts';
export {
  finaliseCallRecord,
  markInterruptedCalls,
  openCallRecord,
  qualityOf,
  updateCallRecord,
  type OpenCallRecord,
  type StagePatch,
} from './call-records.ts';
export {
  callsDb,
  type CallbackTaskTable,
  type CallsDb,
  type QueueTable,
  type ServiceNumberTable,
} from './calls.tables.ts';
