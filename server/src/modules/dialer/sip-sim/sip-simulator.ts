import type { Call, CallControl } from '../../../telephony/index.ts';
import {
  callFate,
  DEFAULT_CALL_STATISTICS,
  type CallStatistics,
} from '../simulation/call-statistics.ts';

// The called-party simulator on the telephony engine: every INVITE to the engine is a callee
// (or, for users named agent-N, a simulated agent). Callees behave like people: whether and
// after how long they answer, and how long they talk, are drawn from the same call statistics
// as the pacing simulation (talk times fitted to bank-full.csv, answer rate configurable).
// Unanswered calls either fail fast (486 busy / 480 unavailable) or ring until the dialer gives
// up. Answered legs send a quiet tone so that RTP flows both ways. Times can be compressed
// (timeScale) for tests and demos; real SIP/RTP either way.

export interface SipSimulatorOptions {
  calls: CallControl;
  seed: number;
  stats?: Partial<CallStatistics>;
  /** Multiplies ring, talk and agent times (1 = real time; 0.02 compresses 180 s to 3.6 s). */
  timeScale?: number;
  /** Agents hang up after this (scaled); callees usually hang up first. Default 30 min. */
  agentTalkMs?: number;
  /** User-part prefix of simulated agents (default "agent-"). */
  agentPrefix?: string;
}

export interface SipSimulatorStats {
  offered: number;
  answered: number;
  busy: number;
  unavailable: number;
  unanswered: number;
  agentCalls: number;
}

export interface SipSimulator {
  readonly stats: SipSimulatorStats;
  /** Stop answering (new calls are rejected 480) and hang up the calls in progress. */
  stop(): Promise<void>;
}

/** One second of a quiet 425 Hz tone, 8 kHz 16-bit, looped on answered legs. */
function tone(): Int16Array {
  const pcm = new Int16Array(8000);
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(1500 * Math.sin((2 * Math.PI * 425 * i) / 8000));
  return pcm;
}

const userOf = (to: string): string => /sips?:([^@;>]+)@/.exec(to)?.[1] ?? '';

export function startSipSimulator(options: SipSimulatorOptions): SipSimulator {
  const stats: CallStatistics = { ...DEFAULT_CALL_STATISTICS, ...options.stats };
  const scale = options.timeScale ?? 1;
  const agentPrefix = options.agentPrefix ?? 'agent-';
  const pcm = tone();
  const counters: SipSimulatorStats = {
    offered: 0,
    answered: 0,
    busy: 0,
    unavailable: 0,
    unanswered: 0,
    agentCalls: 0,
  };
  const live = new Set<Call>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let k = 0;

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.max(0, ms),
    );
    timers.add(t);
  };

  const talk = async (call: Call, ms: number): Promise<void> => {
    const outcome = await call.answer();
    if (!outcome.ok) return;
    void call.play(pcm, { loop: true });
    later(ms, () => void call.hangup());
  };

  options.calls.onIncomingCall((call) => {
    if (stopped) {
      call.reject(480);
      return;
    }
    live.add(call);
    void call.ended().then(() => live.delete(call));
    if (userOf(call.to).startsWith(agentPrefix)) {
      counters.agentCalls += 1;
      void talk(call, (options.agentTalkMs ?? 1_800_000) * scale);
      return;
    }
    counters.offered += 1;
    const fate = callFate(stats, options.seed, k++);
    call.ring();
    if (fate.answered) {
      counters.answered += 1;
      later(fate.ringMs * scale, () => void talk(call, fate.talkMs * scale));
      return;
    }
    if (fate.ringMs < stats.ringTimeoutMs) {
      // A fast failure: half busy, half unavailable (switched off, out of coverage).
      const busy = fate.wrapMs < (stats.wrapMinMs + stats.wrapMaxMs) / 2;
      if (busy) counters.busy += 1;
      else counters.unavailable += 1;
      later(fate.ringMs * scale, () => call.reject(busy ? 486 : 480));
      return;
    }
    counters.unanswered += 1; // rings until the dialer gives up (CANCEL)
  });

  return {
    stats: counters,
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all([...live].map((c) => c.hangup()));
    },
  };
}
