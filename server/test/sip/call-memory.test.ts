// No per-call leak: 10,000 complete SIP calls over loopback UDP between two engines (a caller
// built from the engine itself — sipp at this count is slow — and an answering Yunhu):
// INVITE/100/200/ACK, 40 ms of RTP, BYE/200, each side with an SDP offer/answer and a media leg.
// Heap after the first 1,000 calls and after all 10,000, each measured once every transaction,
// dialog, pending INVITE, call and leg is gone, must agree within 10 %.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelephony, type Telephony } from '../../src/telephony/index.ts';
import { RtpMediaServer } from '../../src/telephony/media/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TOTAL = 10_000;
const BASELINE_AT = 1_000;
const CONCURRENT = 50;
// T1 = 100 ms shortens Timers J, L and M (64·T1) to 6.4 s so the maps drain within the test;
// every transaction still goes through all of its states.
const TIMERS = { t1: 100, t2: 400, t4: 1000 };
const SILENCE_40MS = new Int16Array(320);

let callee: Telephony;
let caller: Telephony;
let calleeMedia: RtpMediaServer;
let callerMedia: RtpMediaServer;
let calleeEnded = 0;
let calleeRemoteHangups = 0;
let calleePacketsReceived = 0;

beforeAll(async () => {
  const base = 30000 + 2 * Math.floor(Math.random() * 4000); // away from other tests' fixed ranges
  calleeMedia = new RtpMediaServer({
    bindAddress: '127.0.0.1',
    portRange: { from: base, to: base + 599 },
  });
  callerMedia = new RtpMediaServer({
    bindAddress: '127.0.0.1',
    portRange: { from: base + 600, to: base + 1199 },
  });
  const common = { host: '127.0.0.1', sipPort: 0, sipTimers: TIMERS, rtpPorts: { from: 0, to: 1 } };
  callee = await createTelephony({ ...common, media: calleeMedia });
  caller = await createTelephony({ ...common, media: callerMedia });
  callee.calls.onIncomingCall((call) => {
    call.on((e) => {
      if (e.type !== 'ended') return;
      calleeEnded++;
      if (e.reason === 'remote-hangup') calleeRemoteHangups++;
      calleePacketsReceived += e.stats?.packetsReceived ?? 0;
    });
    void call.answer();
  });
});

afterAll(async () => {
  await caller?.close();
  await callee?.close();
});

async function oneCall(target: string): Promise<void> {
  const { call, answered } = await caller.calls.originate({ uri: target, timeoutMs: 10_000 });
  const outcome = await answered;
  if (!outcome.ok) throw new Error(`call failed: ${outcome.status} ${outcome.reason}`);
  await call.play(SILENCE_40MS); // two RTP packets to the callee's leg
  await call.hangup();
  await call.ended();
}

/** Runs `count` calls with CONCURRENT in flight at any time. */
async function runCalls(count: number): Promise<void> {
  const target = `sip:memory@127.0.0.1:${callee.ports.udp}`;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      await oneCall(target);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT }, worker));
}

function live(): Record<string, number> {
  return {
    transactions: caller.ua.stack.transactionCount + callee.ua.stack.transactionCount,
    sessions: caller.ua.sessionCount + callee.ua.sessionCount,
    pendingInvites: caller.ua.pendingInviteCount + callee.ua.pendingInviteCount,
    calls: caller.calls.activeCalls + callee.calls.activeCalls,
    legs: callerMedia.legCount + calleeMedia.legCount,
  };
}

/** Waits until nothing of any call is left (Timers J/L/M), then the heap after full GCs. */
async function settledHeap(completed: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Object.values(live()).some((n) => n > 0) || calleeEnded < completed) {
    if (Date.now() > deadline) throw new Error(`not released: ${JSON.stringify(live())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

describe('SIP call memory', () => {
  it('heap after 10,000 completed calls is within 10 % of after the first 1,000; all state released', async () => {
    const started = Date.now();
    await runCalls(BASELINE_AT);
    const baseline = await settledHeap(BASELINE_AT);
    await runCalls(TOTAL - BASELINE_AT);
    const after = await settledHeap(TOTAL);
    const seconds = (Date.now() - started) / 1000;
    const mb = (n: number) => (n / 1048576).toFixed(1);
    console.log(
      `${TOTAL} calls in ${seconds.toFixed(1)} s; heap ${mb(baseline)} MB after ${BASELINE_AT}, ` +
        `${mb(after)} MB after ${TOTAL} (×${(after / baseline).toFixed(3)})`,
    );
    expect(calleeRemoteHangups).toBe(TOTAL); // every call answered and ended by the caller's BYE
    expect(calleePacketsReceived).toBeGreaterThanOrEqual(TOTAL); // media really flowed
    expect(live()).toEqual({ transactions: 0, sessions: 0, pendingInvites: 0, calls: 0, legs: 0 });
    expect(after / baseline).toBeLessThan(1.1);
  }, 170_000);
});
