// Transaction timers (RFC 3261 §17, Table 4) driven by a manual clock through the real stack.
import { describe, expect, it } from 'vitest';
import { SipHeaders } from './headers.ts';
import {
  createRequest,
  createResponse,
  serializeMessage,
  type SipRequest,
  type SipResponse,
} from './message.ts';
import { parseMessage } from './parser.ts';
import { SipStack, type IncomingRequest } from './stack.ts';
import { ManualTimers } from './timers.ts';
import { createMockTransportPair, type MockTransport } from './transport.ts';

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(protocol: 'udp' | 'tcp' = 'udp') {
  const [a, b] = createMockTransportPair(protocol);
  const timers = new ManualTimers();
  const incoming: IncomingRequest[] = [];
  const stack = new SipStack({ transports: [a], timers, onRequest: (i) => incoming.push(i) });
  const received: SipRequest[] = [];
  const responses: SipResponse[] = [];
  b.onReceive((inbound) => {
    const r = parseMessage(inbound.data);
    if (r.ok && r.message.kind === 'request') received.push(r.message);
    if (r.ok && r.message.kind === 'response') responses.push(r.message);
  });
  const peer = { protocol, address: '127.0.0.2', port: 5060 } as const;
  return { a, b, timers, stack, incoming, received, responses, peer };
}

function request(method: string, branch = 'z9hG4bKpeer1'): SipRequest {
  const h = new SipHeaders()
    .add('Via', `SIP/2.0/UDP 127.0.0.2:5060;branch=${branch}`)
    .add('From', '<sip:peer@127.0.0.2>;tag=p1')
    .add('To', '<sip:yunhu@127.0.0.1>')
    .add('Call-ID', 'call-1')
    .add('CSeq', `1 ${method}`)
    .add('Max-Forwards', '70');
  return createRequest(method, 'sip:yunhu@127.0.0.1', h);
}

function deliver(b: MockTransport, message: SipRequest | SipResponse) {
  return b.send(serializeMessage(message), { protocol: 'udp', address: '127.0.0.1', port: 5060 });
}

function outgoing(method: string): SipRequest {
  const r = request(method);
  r.headers.remove('Via');
  return r;
}

describe('client INVITE transaction (§17.1.1)', () => {
  it('retransmits on Timer A at 0.5, 1.5, 3.5 … s and times out with Timer B at 32 s', async () => {
    const { stack, timers, received, peer } = setup();
    let timedOut = false;
    stack.sendRequest(outgoing('INVITE'), peer, {
      onResponse: () => undefined,
      onTimeout: () => (timedOut = true),
      onTransportError: () => undefined,
    });
    await flush();
    expect(received).toHaveLength(1);
    timers.advance(499);
    await flush();
    expect(received).toHaveLength(1);
    timers.advance(1);
    await flush();
    expect(received).toHaveLength(2);
    timers.advance(1000);
    await flush();
    expect(received).toHaveLength(3);
    timers.advance(32_000 - 1500 - 1);
    await flush();
    expect(received).toHaveLength(7); // sends at 0, .5, 1.5, 3.5, 7.5, 15.5, 31.5 s
    expect(timedOut).toBe(false);
    timers.advance(1);
    expect(timedOut).toBe(true);
    expect(stack.transactionCount).toBe(0);
  });

  it('stops retransmitting after a 1xx and ACKs a 486 with the INVITE branch, again on retransmission', async () => {
    const { stack, timers, b, received, peer } = setup();
    const got: number[] = [];
    stack.sendRequest(outgoing('INVITE'), peer, {
      onResponse: (r) => got.push(r.status),
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    });
    await flush();
    const invite = received[0]!;
    await deliver(b, createResponse(invite, 180, { toTag: 't1' }));
    await flush();
    timers.advance(10_000);
    await flush();
    expect(received).toHaveLength(1);
    const busy = createResponse(invite, 486, { toTag: 't1' });
    await deliver(b, busy);
    await flush();
    expect(got).toEqual([180, 486]);
    const ack = received[1]!;
    expect(ack.method).toBe('ACK');
    expect(ack.headers.get('Via')).toBe(invite.headers.get('Via'));
    expect(ack.headers.get('To')).toContain('tag=t1');
    await deliver(b, busy);
    await flush();
    expect(received.map((r) => r.method)).toEqual(['INVITE', 'ACK', 'ACK']);
    expect(got).toEqual([180, 486]);
    timers.advance(32_000); // Timer D
    expect(stack.transactionCount).toBe(0);
  });

  it('passes 2xx retransmissions to the TU until Timer M (RFC 6026)', async () => {
    const { stack, timers, b, received, peer } = setup();
    const got: number[] = [];
    stack.sendRequest(outgoing('INVITE'), peer, {
      onResponse: (r) => got.push(r.status),
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    });
    await flush();
    const ok = createResponse(received[0]!, 200, { toTag: 't' });
    await deliver(b, ok);
    await deliver(b, ok);
    await flush();
    expect(got).toEqual([200, 200]);
    timers.advance(32_000);
    expect(stack.transactionCount).toBe(0);
  });

  it('does not retransmit over a reliable transport', async () => {
    const { stack, timers, received, peer } = setup('tcp');
    stack.sendRequest(outgoing('INVITE'), peer, {
      onResponse: () => undefined,
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    });
    timers.advance(31_000);
    await flush();
    expect(received).toHaveLength(1);
  });
});

describe('client non-INVITE transaction (§17.1.2)', () => {
  it('retransmits on Timer E capped at T2 (0.5, 1.5, 3.5, 7.5, 11.5 s) and times out on F', async () => {
    const { stack, timers, received, peer } = setup();
    let timedOut = false;
    stack.sendRequest(outgoing('OPTIONS'), peer, {
      onResponse: () => undefined,
      onTimeout: () => (timedOut = true),
      onTransportError: () => undefined,
    });
    const times: number[] = [];
    for (let t = 0; t < 32_000; t += 500) {
      timers.advance(500);
      await flush();
      if (received.length > times.length + 1) times.push(timers.now);
    }
    expect(times.slice(0, 5)).toEqual([500, 1500, 3500, 7500, 11500]);
    expect(timedOut).toBe(true);
  });

  it('in Proceeding retransmits every T2, and Timer K ends it T4 after the final response', async () => {
    const { stack, timers, b, received, peer } = setup();
    stack.sendRequest(outgoing('OPTIONS'), peer, {
      onResponse: () => undefined,
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    });
    await flush();
    await deliver(b, createResponse(received[0]!, 100));
    await flush();
    timers.advance(500); // E fires, next interval T2
    await flush();
    expect(received).toHaveLength(2);
    timers.advance(4000);
    await flush();
    expect(received).toHaveLength(3);
    await deliver(b, createResponse(received[0]!, 200, { toTag: 'x' }));
    await flush();
    expect(stack.transactionCount).toBe(1);
    timers.advance(5000);
    expect(stack.transactionCount).toBe(0);
  });
});

describe('server transactions (§17.2)', () => {
  it('INVITE: 100 then 486 retransmitted on Timer G until the ACK; Timer I ends it', async () => {
    const { b, timers, incoming, responses, stack } = setup();
    const invite = request('INVITE');
    await deliver(b, invite);
    await flush();
    expect(incoming).toHaveLength(1);
    const inc = incoming[0]!;
    inc.respond(createResponse(inc.request, 486, { toTag: 'u' }));
    await flush();
    timers.advance(500);
    await flush();
    timers.advance(1000);
    await flush();
    expect(responses.map((r) => r.status)).toEqual([486, 486, 486]);
    await deliver(b, { ...request('ACK'), headers: request('ACK').headers.set('CSeq', '1 ACK') });
    await flush();
    expect(inc.tx?.state).toBe('confirmed');
    timers.advance(4000);
    await flush();
    expect(responses).toHaveLength(3);
    timers.advance(1000); // Timer I = T4
    expect(stack.transactionCount).toBe(0);
    expect(incoming).toHaveLength(1); // the ACK was absorbed by the transaction
  });

  it('INVITE: Timer H gives up 64*T1 after the final response when no ACK comes', async () => {
    const { b, timers, incoming, stack } = setup();
    await deliver(b, request('INVITE'));
    await flush();
    incoming[0]!.respond(createResponse(incoming[0]!.request, 500, { toTag: 'u' }));
    timers.advance(31_999);
    expect(stack.transactionCount).toBe(1);
    timers.advance(1);
    expect(stack.transactionCount).toBe(0);
  });

  it('non-INVITE: a retransmitted request gets the last response again; Timer J = 64*T1', async () => {
    const { b, timers, incoming, responses, stack } = setup();
    await deliver(b, request('OPTIONS'));
    await flush();
    incoming[0]!.respond(createResponse(incoming[0]!.request, 200, { toTag: 'u' }));
    await deliver(b, request('OPTIONS'));
    await flush();
    expect(incoming).toHaveLength(1);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    timers.advance(32_000);
    expect(stack.transactionCount).toBe(0);
  });

  it('adds received and rport to the top Via (RFC 3581 §4) and replies to the source port', async () => {
    const { b, incoming } = setup();
    const opt = request('OPTIONS');
    opt.headers.set('Via', 'SIP/2.0/UDP 10.9.9.9:7000;branch=z9hG4bKnat;rport');
    await deliver(b, opt);
    await flush();
    expect(incoming[0]!.request.headers.get('Via')).toBe(
      'SIP/2.0/UDP 10.9.9.9:7000;branch=z9hG4bKnat;rport=5060;received=127.0.0.2',
    );
    incoming[0]!.respond(createResponse(incoming[0]!.request, 200));
    await flush();
    const a = incoming[0]!.transport as MockTransport;
    expect(a.sent.at(-1)?.dest).toEqual({ protocol: 'udp', address: '127.0.0.2', port: 5060 });
  });
});

describe('malformed input on the receive path', () => {
  it('answers a request with a bad Content-Length with 400 and drops garbage silently', async () => {
    const { b, incoming, responses, stack } = setup();
    const text = serializeMessage(request('OPTIONS'))
      .toString()
      .replace('Content-Length: 0', 'Content-Length: abc');
    await b.send(Buffer.from(text), { protocol: 'udp', address: '127.0.0.1', port: 5060 });
    await b.send(Buffer.from('\x00\x01garbage'), {
      protocol: 'udp',
      address: '127.0.0.1',
      port: 5060,
    });
    await flush();
    expect(incoming).toHaveLength(0);
    expect(responses.map((r) => `${r.status} ${r.reason}`)).toEqual([
      '400 Bad Request (bad-content-length)',
    ]);
    expect(stack.stats.malformed).toBe(2);
  });
});
