import type { Call } from '../../../telephony/index.ts';
import type { Seat } from './agent-seats.ts';
import type { CampaignRunner } from './runner.ts';

// The live part of an answered outbound call: an agent's phone is rung (the longest-idle free
// agent, or the preview agent) and bridged to the callee if it answers within the connect limit
// (2 s from the callee's answer); otherwise the call is abandoned: the callee hears the short
// message naming the company, the line is released, and the compliance ledger starts the 72 h
// lockout (written by the caller from the 'abandoned' result).

export interface LiveCall {
  call: Call;
  answerAt: number;
  /** The agent reserved beforehand (preview mode). */
  seat: Seat | null;
  settled: boolean;
  /** Set while the call waits for an agent: called with a reserved free agent. */
  offer?: (seat: Seat) => void;
}

export interface ConnectOutcome {
  result: 'connected' | 'abandoned';
  agentAnswerAt: number | null;
  endAt: number;
  agentId: string | null;
  hangupCause: string;
}

/** Longest the abandon message may play before the line is released. */
const MESSAGE_CAP_MS = 15_000;

export function connectAnswered(r: CampaignRunner, live: LiveCall): Promise<ConnectOutcome> {
  const { clock } = r.deps.ctx;
  const limit = r.settings.connectLimitMs;
  return new Promise((resolve) => {
    const deadline = setTimeout(
      () => void abandon('connect-limit'),
      Math.max(0, live.answerAt + limit - clock.now()),
    );
    void live.call.ended().then(() => {
      if (!live.settled) void abandon('callee-hangup');
    });

    const release = (seat: Seat, restMs = 0): void => {
      seat.restUntil = clock.now() + restMs;
      r.seats.set(seat, 'ready', clock.now());
      r.kick();
    };

    const queue = (): void => {
      live.offer = (seat) => void ringAgent(seat);
      r.waiting.push(live);
    };

    const next = (): void => {
      if (live.settled) return;
      const seat = r.seats.reserve(clock.now());
      if (seat) void ringAgent(seat);
      else queue();
    };

    async function ringAgent(seat: Seat): Promise<void> {
      const remaining = live.answerAt + limit - clock.now();
      if (live.settled || remaining <= 0) {
        release(seat);
        return;
      }
      let agentCall: Call;
      let answered;
      try {
        ({ call: agentCall, answered } = await r.deps.calls.originate({
          uri: seat.agent.uri,
          from: `<sip:campaign-${r.campaign.id}@yunhu.invalid>`,
          timeoutMs: remaining,
        }));
      } catch (error) {
        r.deps.ctx.logger.warn({ err: error, agent: seat.agent.id }, 'dialer: agent leg failed');
        release(seat, 10_000);
        next();
        return;
      }
      const outcome = await answered;
      if (!outcome.ok) {
        // The phone did not answer in time: rest it a little, try another agent.
        release(seat, 10_000);
        next();
        return;
      }
      if (live.settled || live.call.state === 'ended') {
        await agentCall.hangup();
        release(seat);
        return;
      }
      live.settled = true;
      clearTimeout(deadline);
      const agentAnswerAt = clock.now();
      live.call.bridge(agentCall);
      r.seats.set(seat, 'talking', agentAnswerAt);
      r.pacer.observe({ kind: 'connected', waitMs: agentAnswerAt - live.answerAt });
      const first = await Promise.race([live.call.ended(), agentCall.ended()]);
      const endAt = clock.now();
      await Promise.all([live.call.hangup(), agentCall.hangup()]);
      r.pacer.observe({ kind: 'talk', ms: Math.max(0, endAt - agentAnswerAt) });
      r.seats.set(seat, 'wrap', clock.now());
      const wrapMs = r.settings.wrapUpMs;
      setTimeout(() => {
        r.pacer.observe({ kind: 'wrap', ms: wrapMs });
        release(seat);
      }, wrapMs);
      const side = first.callId === live.call.id ? 'callee' : 'agent';
      resolve({
        result: 'connected',
        agentAnswerAt,
        endAt,
        agentId: seat.agent.id,
        hangupCause: first.reason === 'remote-hangup' ? `${side}-hangup` : first.reason,
      });
    }

    async function abandon(why: string): Promise<void> {
      if (live.settled) return;
      live.settled = true;
      clearTimeout(deadline);
      const i = r.waiting.indexOf(live);
      if (i >= 0) r.waiting.splice(i, 1);
      r.pacer.observe({ kind: 'abandoned' });
      if (live.call.state !== 'ended') {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          live.call.play(r.abandonSource()).catch(() => 'stopped'),
          live.call.ended(),
          new Promise((done) => (timer = setTimeout(done, MESSAGE_CAP_MS))),
        ]);
        clearTimeout(timer);
        await live.call.hangup();
      }
      const endAt = clock.now();
      await live.call.ended();
      resolve({
        result: 'abandoned',
        agentAnswerAt: null,
        endAt,
        agentId: null,
        hangupCause: why,
      });
    }

    if (live.seat) void ringAgent(live.seat);
    else next();
  });
}
