// Call-control types: states and the typed events a call emits for every change.
import type { DtmfDigit, LegStats, RecordingInfo } from '../media/index.ts';

export type CallDirection = 'inbound' | 'outbound';

/**
 * inbound: ringing → (early) → answered ⇄ held → ended
 * outbound: dialing → (early) → answered ⇄ held → ended
 */
export type CallState = 'ringing' | 'dialing' | 'early' | 'answered' | 'held' | 'ended';

export type CallEndReason =
  | 'local-hangup'
  | 'remote-hangup'
  | 'rejected'
  | 'cancelled'
  | 'failed'
  | 'no-answer'
  | 'ack-timeout'
  | 'media-timeout';

export type CallEvent =
  | { type: 'state'; callId: string; state: CallState; previous: CallState; at: number }
  /** 18x from the far end of an outbound call; `earlyMedia` when it carried SDP. */
  | { type: 'progress'; callId: string; status: number; earlyMedia: boolean; at: number }
  | { type: 'dtmf'; callId: string; digit: DtmfDigit; source: 'rfc4733' | 'sip-info'; at: number }
  /** The far end put us on hold (sendonly/inactive re-INVITE) or took us off it. */
  | { type: 'remote-hold'; callId: string; held: boolean; at: number }
  | { type: 'bridged'; callId: string; otherCallId: string; at: number }
  | { type: 'unbridged'; callId: string; otherCallId: string; at: number }
  | {
      type: 'ended';
      callId: string;
      reason: CallEndReason;
      /** SIP status for rejected / failed calls. */
      status: number | undefined;
      stats: LegStats | undefined;
      recording: RecordingInfo | undefined;
      at: number;
    };

export interface CollectOptions {
  /** Stop after this many digits (default 1). */
  maxDigits?: number;
  /** Wait this long for the first digit (default 5000 ms). */
  timeoutMs?: number;
  /** Wait this long between digits (default 3000 ms). */
  interDigitTimeoutMs?: number;
  /** Digits that end collection and are not returned (default '#'). */
  terminators?: string;
}

export interface OriginateRequest {
  /** Request-URI, e.g. `sip:1001@127.0.0.1:5062` or a trunk `sip:+8613800000000@carrier`. */
  uri: string;
  /** From value without tag: caller-ID as the callee sees it. */
  from?: string;
  auth?: { username: string; password: string };
  /** Outbound proxy URI (pre-loaded Route, RFC 3261 §8.1.2). */
  proxy?: string;
  headers?: Array<[string, string]>;
  /** A registered phone's connection (Binding.source), for WebSocket / NAT-ed phones. */
  flow?: { protocol: 'udp' | 'tcp' | 'tls' | 'ws' | 'wss'; address: string; port: number };
  /** CANCEL after this long without an answer (default 60 000 ms). */
  timeoutMs?: number;
}

export type AnswerOutcome = { ok: true } | { ok: false; status: number; reason: string };
