import type { RefusalCode } from '../../compliance/index.ts';
import type { AttemptResult, CampaignSettings } from './campaign-settings.ts';

// List-entry state machine. An entry is 'pending' until first dialed, 'dialing' while a call is
// up, 'retry' when it waits for its next attempt, 'deferred' when the compliance gate postponed
// it, 'callback' when an agent scheduled a callback (dialed once due), and ends in a final
// state: 'reached' (connected to an agent, with a disposition), 'exhausted' (max attempts used),
// 'invalid' (number does not exist) or 'blocked' (DNC / opt-out / no valid number). Final
// states feed outbound_task_completion_rate.

export type EntryState =
  | 'pending'
  | 'dialing'
  | 'retry'
  | 'deferred'
  | 'callback'
  | 'reached'
  | 'exhausted'
  | 'invalid'
  | 'blocked';

export const FINAL_STATES: readonly EntryState[] = ['reached', 'exhausted', 'invalid', 'blocked'];

export interface EntryTransition {
  state: EntryState;
  final: boolean;
  nextAttemptAt: number | null;
}

const MINUTE = 60_000;

/** After an attempt ended with `result` (attempts counts this one). */
export function afterAttempt(
  settings: CampaignSettings,
  result: AttemptResult,
  attempts: number,
  now: number,
): EntryTransition {
  if (result === 'connected') return { state: 'reached', final: true, nextAttemptAt: null };
  if (result === 'invalid_number') return { state: 'invalid', final: true, nextAttemptAt: null };
  if (attempts >= settings.maxAttempts) {
    return { state: 'exhausted', final: true, nextAttemptAt: null };
  }
  const rule = settings.retry[result];
  return { state: 'retry', final: false, nextAttemptAt: now + rule.afterMinutes * MINUTE };
}

/** Refusals that will never clear by waiting end the entry; the others postpone it. */
const BLOCKING: readonly RefusalCode[] = ['dnc.tenant', 'dnc.national', 'opt_out', 'phone.invalid'];

export function afterRefusal(
  code: RefusalCode,
  detail: Record<string, unknown> | undefined,
  now: number,
): EntryTransition {
  if (BLOCKING.includes(code)) return { state: 'blocked', final: true, nextAttemptAt: null };
  const locked = detail?.['lockedUntil'];
  const until = typeof locked === 'string' ? Date.parse(locked) : null;
  const wait = code === 'caller_id.throttle' || code === 'caller_id.rotate' ? 5 : 30;
  return {
    state: 'deferred',
    final: false,
    nextAttemptAt:
      until !== null && Number.isFinite(until) && until > now ? until : now + wait * MINUTE,
  };
}

/** The result of an unanswered attempt from its final SIP status and the end reason. */
export function resultOf(status: number, reason: string): AttemptResult {
  // 487: our own CANCEL after the ring timeout; 480 (switched off, out of coverage) is a failure.
  if (reason === 'no-answer' || status === 408 || status === 487) {
    return 'no_answer';
  }
  if (status === 486 || status === 600 || status === 603) return 'busy';
  if (status === 404 || status === 484 || status === 604) return 'invalid_number';
  return 'failed';
}
