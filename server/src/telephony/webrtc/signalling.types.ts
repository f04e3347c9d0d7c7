// The softphone signalling protocol: JSON messages over the agent's WebSocket
// (/api/softphone/ws). The browser offers WebRTC when it answers; the gateway answers with werift.

/** What the browser sends. */
export type SoftphoneRequest =
  /** Answer a ringing call: `sdp` is the browser's WebRTC offer (audio only). */
  | { type: 'accept'; callId: string; sdp: string }
  | { type: 'reject'; callId: string }
  | { type: 'hangup'; callId: string }
  /** DTMF toward the caller (RFC 4733 events on the SIP side). */
  | { type: 'dtmf'; callId: string; digits: string }
  | { type: 'hold'; callId: string; on: boolean }
  | { type: 'mute'; callId: string; on: boolean }
  /** Blind transfer of the caller to `target` (an extension or an E.164 number). */
  | { type: 'transfer'; callId: string; target: string }
  | { type: 'ping' };

export type SoftphoneCallState = 'ringing' | 'connecting' | 'active' | 'held' | 'ended';

/** What the gateway sends. */
export type SoftphoneEvent =
  | { type: 'hello'; user: string }
  | {
      type: 'incoming';
      callId: string;
      from: string;
      to: string;
      number: string | null;
      /** The B2BUA's call record of the caller (X-Yunhu-Call-Record), for the screen-pop. */
      callRecordId: string | null;
    }
  /** The gateway's WebRTC answer to the browser's offer. */
  | { type: 'answer'; callId: string; sdp: string }
  | {
      type: 'state';
      callId: string;
      state: SoftphoneCallState;
      muted?: boolean;
      reason?: string;
    }
  /** A DTMF digit from the far end (sent here, not as RTP: werift rewrites payload types). */
  | { type: 'dtmf'; callId: string; digit: string }
  | { type: 'transferred'; callId: string; target: string; ok: boolean; reason?: string }
  | { type: 'error'; callId?: string; message: string }
  | { type: 'pong' };
