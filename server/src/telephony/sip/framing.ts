// Stream framing for TCP, TLS (RFC 3261 §18.3: Content-Length delimits messages) and keep-alive
// CRLFs (RFC 5626 §3.5.1: "\r\n\r\n" ping answered with "\r\n" pong).
import { findHeaderEnd, MAX_BODY_BYTES, MAX_HEADER_BYTES } from './parser.ts';

const PING = Buffer.from('\r\n\r\n');

export type FrameEvent =
  { type: 'message'; data: Buffer } | { type: 'ping' } | { type: 'error'; reason: string };

export class StreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private failed = false;

  /** Feeds bytes; returns complete messages. After an error the connection must be closed. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const events: FrameEvent[] = [];
    for (;;) {
      let start = 0;
      let waitForMore = false;
      while (this.buffer[start] === 0x0d || this.buffer[start] === 0x0a) {
        const rest = this.buffer.subarray(start, start + 4);
        if (rest.length < 4 && PING.subarray(0, rest.length).equals(rest)) {
          waitForMore = true; // a ping split across chunks
          break;
        }
        if (rest.equals(PING)) {
          events.push({ type: 'ping' });
          start += 4;
        } else start += 1;
      }
      if (start > 0) this.buffer = this.buffer.subarray(start);
      if (waitForMore) break;
      if (this.buffer.length === 0) break;
      const headerEnd = findHeaderEnd(this.buffer);
      if (headerEnd < 0) {
        if (this.buffer.length > MAX_HEADER_BYTES) this.fail(events, 'headers too large');
        break;
      }
      if (headerEnd > MAX_HEADER_BYTES) {
        this.fail(events, 'headers too large');
        break;
      }
      const head = this.buffer.toString('latin1', 0, headerEnd);
      const m = /(?:^|\r\n)(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*(?=\r\n|$)/i.exec(head);
      if (!m) {
        this.fail(events, 'missing Content-Length on a stream');
        break;
      }
      const length = Number(m[1]);
      if (length > MAX_BODY_BYTES) {
        this.fail(events, 'body too large');
        break;
      }
      const total = headerEnd + 4 + length;
      if (this.buffer.length < total) break;
      events.push({ type: 'message', data: Buffer.from(this.buffer.subarray(0, total)) });
      this.buffer = this.buffer.subarray(total);
    }
    return events;
  }

  private fail(events: FrameEvent[], reason: string): void {
    this.failed = true;
    this.buffer = Buffer.alloc(0);
    events.push({ type: 'error', reason });
  }
}
