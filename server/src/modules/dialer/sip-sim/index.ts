export {
  startSipSimulator,
  type SipSimulator,
  type SipSimulatorOptions,
  type SipSimulatorStats,
} from './sip-simulator.ts';
