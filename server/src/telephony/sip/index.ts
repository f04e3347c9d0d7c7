// Public surface of the SIP layer.
export { SipHeaders, canonicalName, splitList } from './headers.ts';
export { parseMessage, MAX_HEADER_BYTES, type ParseResult, type ParseError } from './parser.ts';
export { StreamFramer } from './framing.ts';
export {
  createRequest,
  createResponse,
  serializeMessage,
  REASONS,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message.ts';
export {
  parseUri,
  formatUri,
  parseNameAddr,
  formatNameAddr,
  parseVia,
  formatVia,
  parseCSeq,
  type SipUri,
  type NameAddr,
  type Via,
  type Params,
} from './uri.ts';
export {
  createMockTransportPair,
  type Endpoint,
  type InboundData,
  type MockTransport,
  type SipTransport,
  type TransportProtocol,
} from './transport.ts';
export { createUdpTransport } from './udp-transport.ts';
export { createStreamTransport, type StreamTransportOptions } from './stream-transport.ts';
export { createWsTransport, type WsTransportOptions } from './ws-transport.ts';
export {
  ManualTimers,
  createRealTimers,
  DEFAULT_TIMER_VALUES,
  type Timers,
  type TimerValues,
} from './timers.ts';
export { SipStack, newBranch, newTag, type IncomingRequest } from './stack.ts';
export { Dialog } from './dialog.ts';
export {
  SipSession,
  type SessionEndReason,
  type SessionHandlers,
  type OfferResult,
} from './session.ts';
export { IncomingInvite, type IncomingInviteState } from './incoming-invite.ts';
export { OutgoingInvite, type OriginateOptions, type OriginateResult } from './outgoing-invite.ts';
export { UserAgent, type UserAgentOptions } from './user-agent.ts';
export {
  Registrar,
  type Binding,
  type CredentialLookup,
  type RegistrarOptions,
} from './registrar.ts';
export {
  buildAuthorization,
  parseChallenge,
  parseCredentials,
  digestHa1,
  digestResponse,
  NonceManager,
  type DigestChallenge,
  type DigestCredentials,
} from './digest.ts';
