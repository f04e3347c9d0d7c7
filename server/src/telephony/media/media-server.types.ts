// The media tier as call control sees it. The built-in Node engine (createMediaServer) is the
// first implementation; an rtpengine / FreeSWITCH / Asterisk adapter can implement the same
// interface, so nothing above telephony/ may depend on engine internals.
import type { Logger } from '../../platform/index.ts';

/** G.711 only: what every SIP phone and carrier offers, and nothing is ever transcoded. */
export type Codec = 'PCMU' | 'PCMA';

/** SDP direction attribute (RFC 4566 §6, RFC 3264 §5.1 for hold). */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface MediaEndpoint {
  readonly address: string;
  readonly port: number;
}

/** Negotiated media for one leg, as the SDP offer/answer produced it. */
export interface LegConfig {
  codec: Codec;
  /** RTP payload type for the codec (0 PCMU, 8 PCMA statically; RFC 3551 §6). */
  payloadType: number;
  /** Negotiated telephone-event payload type (RFC 4733), null when the peer did not offer it. */
  dtmfPayloadType: number | null;
  /** Where to send RTP; null until known (e.g. a late-offer INVITE). */
  remote: MediaEndpoint | null;
  /** RTCP destination; defaults to remote.port + 1 (RFC 3550 §11), or remote when rtcpMux. */
  remoteRtcp?: MediaEndpoint | null;
  /** RFC 5761 rtcp-mux: RTCP on the RTP port. */
  rtcpMux?: boolean;
  /** From OUR point of view: 'sendonly' = we send but ignore what arrives. */
  direction: MediaDirection;
}

/** A WAV file path or raw 8 kHz mono signed 16-bit PCM. */
export type PlaySource = string | Int16Array;

export interface PlayOptions {
  /** Repeat until stopPlayback() (music on hold). */
  loop?: boolean;
}

export type PlayResult = 'done' | 'stopped';

export type DtmfDigit =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface DtmfEvent {
  legId: string;
  digit: DtmfDigit;
  /** Duration reported by the sender in the end packet (ms). */
  durationMs: number;
  /** UTC epoch ms when the digit began. */
  at: number;
}

export interface RecordingInfo {
  path: string;
  channels: 1 | 2;
  durationMs: number;
  bytes: number;
}

export interface LegStats {
  packetsSent: number;
  octetsSent: number;
  packetsReceived: number;
  octetsReceived: number;
  /** Cumulative loss from sequence numbers (RFC 3550 A.3); never negative. */
  packetsLost: number;
  lossPct: number;
  /** Interarrival jitter (RFC 3550 A.8), in ms. */
  jitterMs: number;
  /** Round-trip time from RTCP LSR/DLSR (RFC 3550 §6.4.1); null until a report came back. */
  rttMs: number | null;
  /** E-model MOS estimate (ITU-T G.107, simplified for G.711); see estimateMos. */
  mos: number;
}

export type MediaLegEvent =
  | { type: 'dtmf'; event: DtmfEvent }
  /** No RTP for MediaServerOptions.rtpTimeoutMs while the remote is known (dead peer). */
  | { type: 'rtp-timeout'; legId: string }
  | { type: 'closed'; legId: string; stats: LegStats };

export interface MediaLeg {
  readonly id: string;
  /** The local RTP endpoint to put in SDP (c= / m= lines). RTCP is local.port + 1. */
  readonly local: MediaEndpoint;
  /** Apply (or re-apply, on re-INVITE) the negotiated media. Sequence/timestamp continue. */
  configure(config: LegConfig): void;
  /** Play a prompt to the remote; resolves 'stopped' when stopPlayback() or close() ends it. */
  play(source: PlaySource, options?: PlayOptions): Promise<PlayResult>;
  stopPlayback(): void;
  /** RFC 4733 events to the remote (no-op when dtmfPayloadType is null); default 100 ms each. */
  sendDtmf(digits: string, durationMs?: number): Promise<void>;
  onDtmf(listener: (event: DtmfEvent) => void): () => void;
  on(listener: (event: MediaLegEvent) => void): () => void;
  /** Record what the remote sends to us (mono WAV, 8 kHz 16-bit). */
  startRecording(path: string): void;
  stopRecording(): Promise<RecordingInfo | null>;
  stats(): LegStats;
  /** Stops playback and recording, sends RTCP BYE, frees the ports; idempotent. */
  close(): Promise<LegStats>;
}

export interface BridgeOptions {
  /** Stereo WAV: leg a's incoming audio on the left, leg b's on the right. */
  recordPath?: string;
}

export interface MediaBridge {
  readonly a: MediaLeg;
  readonly b: MediaLeg;
  /** Stop relaying (legs stay open) and finish the recording if any. */
  unbridge(): Promise<RecordingInfo | null>;
}

/** A supervisor joined to a bridge: listen (hears both), whisper (+ heard by b), barge (by both). */
export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface MediaMonitor {
  readonly mode: MonitorMode;
  setMode(mode: MonitorMode): void;
  /** The supervisor leaves; the bridge relays as before. Idempotent. */
  stop(): void;
}

export interface MediaServer {
  allocateLeg(): Promise<MediaLeg>;
  /** Relay a ⇄ b (payload types rewritten, own SSRC per direction). Stops playback on both. */
  bridge(a: MediaLeg, b: MediaLeg, options?: BridgeOptions): MediaBridge;
  /**
   * Joins `supervisor` to a live bridge (b = the agent's leg). Optional: adapters without mixing
   * leave it out and monitoring is unavailable on them.
   */
  monitor?(bridge: MediaBridge, supervisor: MediaLeg, mode: MonitorMode): MediaMonitor;
  /** Closes every leg. */
  close(): Promise<void>;
}

export interface MediaServerOptions {
  /** Address the RTP sockets bind to, e.g. '127.0.0.1' or '0.0.0.0'. */
  bindAddress: string;
  /** Address advertised in SDP (leg.local.address); defaults to bindAddress. */
  advertiseAddress?: string;
  /** Inclusive UDP port range; RTP uses the even ports, RTCP the odd one above. */
  portRange: { from: number; to: number };
  /** RTCP report interval (RFC 3550 §6.2 suggests 5 s). */
  rtcpIntervalMs?: number;
  /** Emit 'rtp-timeout' after this long without incoming RTP; 0 disables. Default 30 000. */
  rtpTimeoutMs?: number;
  logger?: Logger;
}

export type CreateMediaServer = (options: MediaServerOptions) => MediaServer;
