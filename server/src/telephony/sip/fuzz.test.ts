// Robustness: 100,000 mutated real messages (captured sipp/baresip traffic) go through the parser
// and through the full receive path (stack + user agent + registrar) — nothing may throw, and the
// stack keeps answering a valid request afterwards. Seeded PRNG, so a failure is reproducible.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/index.ts';
import { parseMessage } from './parser.ts';
import { Registrar } from './registrar.ts';
import { ManualTimers } from './timers.ts';
import { createMockTransportPair } from './transport.ts';
import { UserAgent } from './user-agent.ts';

const FIXTURES = new URL('../../../test/fixtures/sip/', import.meta.url);
const seeds = readdirSync(FIXTURES)
  .filter((n) => n.endsWith('.sip'))
  .map((n) => readFileSync(new URL(n, FIXTURES)));

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '\r\n',
  '\r\n\r\n',
  ':',
  ';',
  ',',
  '<',
  '>',
  '"',
  ' ',
  '\t',
  '\x00',
  '\xff',
  'Content-Length: 99999999',
  'l: -1',
  'Via: SIP/2.0/UDP',
  'CSeq: 4294967296 INVITE',
  'To: <sip:',
  'tag=',
  '%',
  '@',
  'SIP/2.0',
  'sip:',
  '\r\n ',
];

function mutate(input: Buffer, rnd: () => number): Buffer {
  let buf = Buffer.from(input);
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(rnd() * (buf.length + 1));
    switch (Math.floor(rnd() * 7)) {
      case 0: // flip a byte
        if (buf.length) buf[pos % buf.length] = Math.floor(rnd() * 256);
        break;
      case 1: // truncate
        buf = buf.subarray(0, pos);
        break;
      case 2: // delete a span
        buf = Buffer.concat([buf.subarray(0, pos), buf.subarray(pos + Math.floor(rnd() * 40))]);
        break;
      case 3: // insert a grammar token
        buf = Buffer.concat([
          buf.subarray(0, pos),
          Buffer.from(TOKENS[Math.floor(rnd() * TOKENS.length)]!, 'latin1'),
          buf.subarray(pos),
        ]);
        break;
      case 4: // duplicate a span (repeated headers, long lines)
        buf = Buffer.concat([
          buf.subarray(0, pos),
          buf.subarray(pos, pos + Math.floor(rnd() * 200)),
          buf.subarray(pos),
        ]);
        break;
      case 5: // change a number
        buf = Buffer.from(
          buf.toString('latin1').replace(/\d+/, String(Math.floor(rnd() * 1e6))),
          'latin1',
        );
        break;
      default: // splice with another message
        buf = Buffer.concat([
          buf.subarray(0, pos),
          seeds[Math.floor(rnd() * seeds.length)]!.subarray(pos),
        ]);
    }
  }
  return buf;
}

describe('fuzz', () => {
  it('20,000 mutated captured messages, stream and datagram mode: the parser never throws', () => {
    const rnd = prng(20261203);
    let ok = 0;
    for (let i = 0; i < 20_000; i++) {
      const result = parseMessage(mutate(seeds[i % seeds.length]!, rnd), { stream: i % 2 === 0 });
      if (result.ok) ok++;
    }
    // Some mutations stay valid (e.g. a changed digit in a tag); most must be rejected, not thrown.
    expect(ok).toBeGreaterThan(200);
    expect(ok).toBeLessThan(20_000);
  });

  it('100,000 mutated messages through the receive path: nothing escapes and OPTIONS still works', async () => {
    const [a, b] = createMockTransportPair();
    const timers = new ManualTimers();
    const registrar = new Registrar({
      realm: 'yunhu',
      lookupCredentials: () => Promise.resolve({ password: 'x' }),
      logger: silentLogger,
    });
    const failures: string[] = [];
    const logger = silentLogger.child({});
    logger.error = (obj: { err?: Error }) => {
      failures.push(String(obj.err?.stack ?? obj.err).slice(0, 400));
    };
    const ua = new UserAgent({
      transports: [a],
      host: '127.0.0.1',
      timers,
      logger,
      onRegister: (i) => registrar.handle(i),
    });
    ua.onInvite = (invite) => invite.reject(486);
    let replies = 0;
    b.onReceive(() => replies++);
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
    try {
      const rnd = prng(42);
      for (let i = 0; i < 100_000; i++) {
        a.deliver({
          data: mutate(seeds[i % seeds.length]!, rnd),
          source: { protocol: 'udp', address: '127.0.0.2', port: 5060 },
          transport: a,
        });
        if (i % 1000 === 999) {
          timers.advance(40_000); // let transactions time out so state stays bounded
          await new Promise((r) => setImmediate(r));
        }
      }
      timers.advance(40_000);
      await new Promise((r) => setTimeout(r, 20));
      expect(errors).toEqual([]);
      expect(ua.stack.stats.received).toBe(100_000);
      expect(ua.stack.stats.malformed).toBeGreaterThan(50_000);
      expect(failures.slice(0, 2)).toEqual([]); // no handler threw
      expect(ua.stack.stats.errors).toBe(0);
      expect(ua.stack.transactionCount).toBe(0);
      expect(replies).toBeGreaterThan(1000);
      const before = replies;
      const options = Buffer.from(
        'OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bKfinal\r\nFrom: <sip:f@x>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: final\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n',
      );
      a.deliver({
        data: options,
        source: { protocol: 'udp', address: '127.0.0.2', port: 5060 },
        transport: a,
      });
      await new Promise((r) => setTimeout(r, 5));
      expect(replies).toBe(before + 1);
    } finally {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
      ua.stack.close();
    }
  }, 60_000);
});
