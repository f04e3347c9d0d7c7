import type { AgentView, PacingPolicy } from '../pacing/index.ts';
import { callFate, DEFAULT_CALL_STATISTICS, type CallStatistics } from './call-statistics.ts';
import { EventQueue } from './event-queue.ts';

export interface SimulationOptions {
  agents: number;
  hours: number;
  seed: number;
  stats?: Partial<CallStatistics>;
  /** Answered calls not connected within this are abandoned (2 s). */
  connectLimitMs?: number;
  /** Decision cadence; the policy is also asked whenever an agent becomes ready. */
  tickMs?: number;
  /** Simulated start instant (UTC ms); default 2026-01-05 09:00 Asia/Shanghai. */
  startAt?: number;
  /** Rolling window over which the worst abandon rate is reported. */
  windowMs?: number;
}

export interface SimulationResult {
  policy: string;
  agents: number;
  hours: number;
  /** Agent time talking or in wrap-up ÷ logged-in agent time. */
  occupancy: number;
  /** Abandoned ÷ answered (0 when nothing was answered). */
  abandonRate: number;
  dialed: number;
  answered: number;
  connected: number;
  abandoned: number;
  /** Worst abandon rate over any rolling window ending on the hour or later (≥ 30 answers). */
  worstWindowAbandonRate: number;
}

type SimEvent =
  | { kind: 'tick' }
  | { kind: 'resolve'; call: number }
  | { kind: 'connect-limit'; call: number }
  | { kind: 'talk-end'; agent: number }
  | { kind: 'wrap-end'; agent: number };

interface CallState {
  dialedAt: number;
  answeredAt: number;
  talkMs: number;
  wrapMs: number;
  ringMs: number;
  answered: boolean;
}

const DEFAULT_START = Date.UTC(2026, 0, 5, 1, 0, 0);

/**
 * A discrete-event simulation of one predictive campaign: agents logged in for the whole run,
 * dials placed by the policy, each call's fate drawn from the shared call statistics, answered
 * calls connected to the longest-idle agent or abandoned after the connect limit. The policy
 * is driven exactly as the live dialer drives it (snapshots and events).
 */
export function runSimulation(policy: PacingPolicy, options: SimulationOptions): SimulationResult {
  const stats: CallStatistics = { ...DEFAULT_CALL_STATISTICS, ...options.stats };
  const connectLimit = options.connectLimitMs ?? 2000;
  const tick = options.tickMs ?? 1000;
  const start = options.startAt ?? DEFAULT_START;
  const end = start + options.hours * 3_600_000;
  const windowMs = options.windowMs ?? 3_600_000;

  const agents: AgentView[] = Array.from({ length: options.agents }, () => ({
    activity: 'ready' as const,
    since: start,
  }));
  // Longest-idle first: ready agents in the order they became ready.
  const readyQueue: number[] = agents.map((_, i) => i);
  let readyHead = 0;
  const calls: CallState[] = [];
  const ringing = new Map<number, number>();
  const waiting: number[] = [];
  let waitingHead = 0;
  const isWaiting = new Set<number>();
  let busyMs = 0;
  let answered = 0;
  let connected = 0;
  let abandoned = 0;
  const answerTimes: number[] = [];
  const abandonTimes: number[] = [];

  const queue = new EventQueue<SimEvent>();
  queue.push(start, { kind: 'tick' });

  const busy = (from: number, ms: number): void => {
    busyMs += Math.max(0, Math.min(from + ms, end) - Math.max(from, start));
  };

  const connect = (call: number, agent: number, now: number): void => {
    const c = calls[call]!;
    connected++;
    policy.observe({ kind: 'connected', at: now, waitMs: now - c.answeredAt });
    agents[agent] = { activity: 'talking', since: now };
    busy(now, c.talkMs + c.wrapMs);
    queue.push(now + c.talkMs, { kind: 'talk-end', agent });
    // Wrap-up is drawn with the call, so both policies meet the same wrap-ups too.
    wrapOf[agent] = c.wrapMs;
  };
  const wrapOf: number[] = agents.map(() => 0);

  const takeReadyAgent = (): number | undefined => {
    while (readyHead < readyQueue.length) {
      const a = readyQueue[readyHead++]!;
      if (agents[a]!.activity === 'ready') return a;
    }
    return undefined;
  };

  const decide = (now: number): void => {
    if (now >= end) return;
    const decision = policy.decide({
      now,
      agents,
      ringing: [...ringing.values()],
      waiting: waiting.length - waitingHead,
    });
    for (let i = 0; i < decision.dial; i++) {
      const k = calls.length;
      const fate = callFate(stats, options.seed, k);
      calls.push({
        dialedAt: now,
        answeredAt: 0,
        talkMs: fate.talkMs,
        wrapMs: fate.wrapMs,
        ringMs: fate.ringMs,
        answered: fate.answered,
      });
      ringing.set(k, now);
      queue.push(now + fate.ringMs, { kind: 'resolve', call: k });
    }
  };

  for (let next = queue.pop(); next; next = queue.pop()) {
    const now = next.at;
    const ev = next.event;
    switch (ev.kind) {
      case 'tick':
        decide(now);
        if (now + tick < end) queue.push(now + tick, { kind: 'tick' });
        break;
      case 'resolve': {
        const c = calls[ev.call]!;
        ringing.delete(ev.call);
        policy.observe({ kind: 'attempt', at: now, answered: c.answered, ringMs: c.ringMs });
        if (!c.answered || now >= end) break;
        answered++;
        answerTimes.push(now);
        c.answeredAt = now;
        const agent = takeReadyAgent();
        if (agent !== undefined) connect(ev.call, agent, now);
        else {
          waiting.push(ev.call);
          isWaiting.add(ev.call);
          queue.push(now + connectLimit, { kind: 'connect-limit', call: ev.call });
        }
        break;
      }
      case 'connect-limit':
        if (isWaiting.delete(ev.call)) {
          abandoned++;
          abandonTimes.push(now);
          policy.observe({ kind: 'abandoned', at: now });
        }
        break;
      case 'talk-end': {
        const since = agents[ev.agent]!.since;
        policy.observe({ kind: 'talk', at: now, ms: now - since });
        agents[ev.agent] = { activity: 'wrap', since: now };
        queue.push(now + wrapOf[ev.agent]!, { kind: 'wrap-end', agent: ev.agent });
        break;
      }
      case 'wrap-end': {
        policy.observe({ kind: 'wrap', at: now, ms: wrapOf[ev.agent]! });
        let call: number | undefined;
        while (waitingHead < waiting.length) {
          const w = waiting[waitingHead++]!;
          if (isWaiting.delete(w)) {
            call = w;
            break;
          }
        }
        // A call answered before the end still gets its agent after it (busy time is clipped to
        // the run): otherwise it would count as neither connected nor abandoned.
        if (call !== undefined) connect(call, ev.agent, now);
        else {
          agents[ev.agent] = { activity: 'ready', since: now };
          readyQueue.push(ev.agent);
          decide(now);
        }
        break;
      }
    }
    if (readyHead > 4096) {
      readyQueue.splice(0, readyHead);
      readyHead = 0;
    }
    if (waitingHead > 4096) {
      waiting.splice(0, waitingHead);
      waitingHead = 0;
    }
  }

  return {
    policy: policy.name,
    agents: options.agents,
    hours: options.hours,
    occupancy: options.agents > 0 ? busyMs / (options.agents * (end - start)) : 0,
    abandonRate: answered > 0 ? abandoned / answered : 0,
    dialed: calls.length,
    answered,
    connected,
    abandoned,
    worstWindowAbandonRate: worstWindowRate(answerTimes, abandonTimes, start + windowMs, windowMs),
  };
}

/** Worst abandoned ÷ answered over windows [t − window, t] for t every minute from `from` on. */
function worstWindowRate(
  answers: readonly number[],
  abandons: readonly number[],
  from: number,
  windowMs: number,
): number {
  const last = Math.max(answers.at(-1) ?? 0, abandons.at(-1) ?? 0);
  let worst = 0;
  let a0 = 0;
  let a1 = 0;
  let b0 = 0;
  let b1 = 0;
  for (let t = from; t <= last + 60_000; t += 60_000) {
    while (a1 < answers.length && answers[a1]! <= t) a1++;
    while (a0 < a1 && answers[a0]! <= t - windowMs) a0++;
    while (b1 < abandons.length && abandons[b1]! <= t) b1++;
    while (b0 < b1 && abandons[b0]! <= t - windowMs) b0++;
    const n = a1 - a0;
    if (n >= 30) worst = Math.max(worst, (b1 - b0) / n);
  }
  return worst;
}
