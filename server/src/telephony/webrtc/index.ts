// Public surface of the WebRTC gateway (browser softphones as SIP phones on loopback).
export {
  WebRtcGateway,
  type SoftphoneConnection,
  type TransferHandler,
  type TransferRequest,
  type WebRtcGatewayOptions,
} from './gateway.ts';
export type { GatewayCall } from './gateway-call.ts';
export type { SoftphoneCallState, SoftphoneEvent, SoftphoneRequest } from './signalling.types.ts';
