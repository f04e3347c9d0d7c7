// SDP offer/answer for G.711 audio (RFC 3264 §5–§8, RFC 4566, RFC 4733 telephone-event) with
// sdp-transform. Anything without PCMU or PCMA gets 488 (RFC 3261 §13.3.1.4 / §21.4.26).
import * as sdpTransform from 'sdp-transform';
import type { Codec, MediaDirection, MediaEndpoint } from '../media/index.ts';

export interface LocalMedia {
  /** Address and RTP port of our media leg (c= and m= lines). */
  address: string;
  port: number;
  /** Codecs in preference order; default PCMU, PCMA. */
  codecs?: Codec[];
  /** Our wish (e.g. 'sendonly' to put the peer on hold); the answer is intersected with the offer. */
  direction?: MediaDirection;
  /** o= session id and version (§8: the version increases with every new offer/answer). */
  sessionId: number;
  sessionVersion: number;
  ptime?: number;
}

export interface NegotiatedMedia {
  codec: Codec;
  payloadType: number;
  dtmfPayloadType: number | null;
  /** Null when the peer put 0.0.0.0 or port 0 (RFC 3264 §8.4 hold / disabled stream). */
  remote: MediaEndpoint | null;
  /** Direction from OUR point of view (what the media leg should do). */
  direction: MediaDirection;
  /** The peer asked for hold: sendonly / inactive offer, or c=0.0.0.0 (RFC 2543). */
  remoteHold: boolean;
  ptime: number | undefined;
}

export type AnswerResult =
  | { ok: true; answer: string; media: NegotiatedMedia }
  | { ok: false; status: 488 | 400; reason: string };

const STATIC: Readonly<Record<number, Codec>> = { 0: 'PCMU', 8: 'PCMA' };
const STATIC_PT: Readonly<Record<Codec, number>> = { PCMU: 0, PCMA: 8 };

type Media = sdpTransform.MediaDescription;

function codecsOf(m: Media): Array<{ pt: number; codec: string }> {
  const pts = m.payloads !== undefined ? sdpTransform.parsePayloads(String(m.payloads)) : [];
  return pts.map((pt) => {
    const rtp = m.rtp.find((r) => r.payload === pt);
    if (rtp && (rtp.rate ?? 8000) === 8000) {
      const name = rtp.codec.toUpperCase();
      if (name === 'PCMU' || name === 'PCMA') return { pt, codec: name };
      if (name === 'TELEPHONE-EVENT') return { pt, codec: 'telephone-event' };
      return { pt, codec: name };
    }
    return { pt, codec: rtp ? rtp.codec : (STATIC[pt] ?? String(pt)) };
  });
}

/** RFC 3264 §6.1: the answer's direction mirrors the offer's, limited by our wish. */
export function answerDirection(
  offer: MediaDirection,
  wish: MediaDirection = 'sendrecv',
): MediaDirection {
  const offerSends = offer === 'sendrecv' || offer === 'sendonly';
  const offerReceives = offer === 'sendrecv' || offer === 'recvonly';
  const weSend = offerReceives && (wish === 'sendrecv' || wish === 'sendonly');
  const weReceive = offerSends && (wish === 'sendrecv' || wish === 'recvonly');
  return weSend ? (weReceive ? 'sendrecv' : 'sendonly') : weReceive ? 'recvonly' : 'inactive';
}

function remoteOf(session: sdpTransform.SessionDescription, m: Media): MediaEndpoint | null {
  const ip = m.connection?.ip ?? session.connection?.ip;
  if (!ip || ip === '0.0.0.0' || m.port === 0) return null;
  return { address: ip, port: m.port };
}

function directionOf(session: sdpTransform.SessionDescription, m: Media): MediaDirection {
  let d: MediaDirection = m.direction ?? session.direction ?? 'sendrecv';
  // RFC 3264 §8.4 legacy hold: c=0.0.0.0 means "do not send to me".
  if ((m.connection?.ip ?? session.connection?.ip) === '0.0.0.0') {
    d = d === 'sendrecv' || d === 'sendonly' ? 'sendonly' : 'inactive';
  }
  return d;
}

function parse(text: string): sdpTransform.SessionDescription | undefined {
  try {
    const s = sdpTransform.parse(text);
    return Array.isArray(s.media) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Answers an offer (RFC 3264 §6): first audio stream with PCMU/PCMA; other m= lines get port 0. */
export function answerOffer(offerText: string, local: LocalMedia): AnswerResult {
  const offer = parse(offerText);
  if (!offer || offer.media.length === 0)
    return { ok: false, status: 400, reason: 'unparseable SDP' };
  const prefs = local.codecs ?? ['PCMU', 'PCMA'];
  let chosen: { index: number; media: NegotiatedMedia } | undefined;
  offer.media.forEach((m, index) => {
    if (chosen || m.type !== 'audio' || m.port === 0 || !/^RTP\/AVP$/i.test(m.protocol)) return;
    const offered = codecsOf(m);
    // §6.1: the answerer should use the offerer's preference order among what it supports.
    const codec = offered.find((o) => prefs.includes(o.codec as Codec));
    if (!codec) return;
    const dtmf = offered.find((o) => o.codec === 'telephone-event');
    const remoteDirection = directionOf(offer, m);
    chosen = {
      index,
      media: {
        codec: codec.codec as Codec,
        payloadType: codec.pt,
        dtmfPayloadType: dtmf ? dtmf.pt : null,
        remote: remoteOf(offer, m),
        direction: answerDirection(remoteDirection, local.direction),
        remoteHold: remoteDirection === 'sendonly' || remoteDirection === 'inactive',
        ptime: m.ptime,
      },
    };
  });
  if (!chosen) return { ok: false, status: 488, reason: 'no common audio codec' };
  const picked = chosen;
  const lines = [
    'v=0',
    `o=yunhu ${local.sessionId} ${local.sessionVersion} IN IP4 ${local.address}`,
    's=Yunhu',
    `c=IN IP4 ${local.address}`,
    't=0 0',
  ];
  offer.media.forEach((m, index) => {
    if (index !== picked.index) {
      lines.push(`m=${m.type} 0 ${m.protocol} ${String(m.payloads ?? '0').split(' ')[0] ?? '0'}`); // §6: rejected
      return;
    }
    const { media } = picked;
    const pts = [
      media.payloadType,
      ...(media.dtmfPayloadType !== null ? [media.dtmfPayloadType] : []),
    ];
    lines.push(`m=audio ${local.port} RTP/AVP ${pts.join(' ')}`);
    lines.push(`a=rtpmap:${media.payloadType} ${media.codec}/8000`);
    if (media.dtmfPayloadType !== null) {
      lines.push(
        `a=rtpmap:${media.dtmfPayloadType} telephone-event/8000`,
        `a=fmtp:${media.dtmfPayloadType} 0-16`,
      );
    }
    lines.push(`a=ptime:${local.ptime ?? 20}`, `a=${media.direction}`);
  });
  return { ok: true, answer: lines.join('\r\n') + '\r\n', media: picked.media };
}

/** Our offer (RFC 3264 §5): PCMU, PCMA and telephone-event 101. */
export function createOffer(local: LocalMedia): string {
  const codecs = local.codecs ?? ['PCMU', 'PCMA'];
  const pts = [...codecs.map((c) => STATIC_PT[c]), 101];
  return [
    'v=0',
    `o=yunhu ${local.sessionId} ${local.sessionVersion} IN IP4 ${local.address}`,
    's=Yunhu',
    `c=IN IP4 ${local.address}`,
    't=0 0',
    `m=audio ${local.port} RTP/AVP ${pts.join(' ')}`,
    ...codecs.map((c) => `a=rtpmap:${STATIC_PT[c]} ${c}/8000`),
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    `a=ptime:${local.ptime ?? 20}`,
    `a=${local.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

/** Reads the answer to our offer (RFC 3264 §7); undefined when it accepted no audio codec. */
export function readAnswer(
  answerText: string,
  offered: Codec[] = ['PCMU', 'PCMA'],
): NegotiatedMedia | undefined {
  const answer = parse(answerText);
  const m = answer?.media.find((x) => x.type === 'audio' && x.port !== 0);
  if (!answer || !m) return undefined;
  const codecs = codecsOf(m);
  const codec = codecs.find((c) => offered.includes(c.codec as Codec));
  if (!codec) return undefined;
  const dtmf = codecs.find((c) => c.codec === 'telephone-event');
  const remoteDirection = directionOf(answer, m);
  // Our direction is the mirror of theirs (what they send, we receive).
  const mirror: Record<MediaDirection, MediaDirection> = {
    sendrecv: 'sendrecv',
    sendonly: 'recvonly',
    recvonly: 'sendonly',
    inactive: 'inactive',
  };
  return {
    codec: codec.codec as Codec,
    payloadType: codec.pt,
    dtmfPayloadType: dtmf ? dtmf.pt : null,
    remote: remoteOf(answer, m),
    direction: mirror[remoteDirection],
    remoteHold: remoteDirection === 'sendonly' || remoteDirection === 'inactive',
    ptime: m.ptime,
  };
}
