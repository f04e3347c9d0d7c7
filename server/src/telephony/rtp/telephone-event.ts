// RFC 4733 §2.3 telephone-event payload (named events; DTMF are events 0–15, §3.2).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     event     |E|R| volume    |          duration             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

export const TELEPHONE_EVENT_LENGTH = 4;

export interface TelephoneEvent {
  event: number;
  /** E bit: the final packet(s) of the event (§2.5.1.4, sent three times). */
  end: boolean;
  /** Power level in −dBm0, 0–63 (§2.3.4). */
  volume: number;
  /** In timestamp units since the event's start timestamp (§2.3.5). */
  duration: number;
}

const DIGITS = '0123456789*#ABCD';

/** Event code of a DTMF digit (§3.2 table 7), or null. */
export function dtmfEventCode(digit: string): number | null {
  const code = DIGITS.indexOf(digit.toUpperCase());
  return code >= 0 && digit.length === 1 ? code : null;
}

export function dtmfDigitOf(event: number): string | null {
  return event >= 0 && event < DIGITS.length ? DIGITS[event]! : null;
}

export function parseTelephoneEvent(payload: Buffer): TelephoneEvent | null {
  // §2.3: several events may be stacked (redundancy); the first block is the current one.
  if (payload.length < TELEPHONE_EVENT_LENGTH) return null;
  const flags = payload[1]!;
  return {
    event: payload[0]!,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

export function serializeTelephoneEvent(event: TelephoneEvent): Buffer {
  const out = Buffer.alloc(TELEPHONE_EVENT_LENGTH);
  out[0] = event.event & 0xff;
  // R bit is reserved: sent as zero (§2.3.3).
  out[1] = (event.end ? 0x80 : 0) | (event.volume & 0x3f);
  out.writeUInt16BE(Math.min(event.duration, 0xffff), 2);
  return out;
}
