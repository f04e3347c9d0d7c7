import type { CallerIdThresholds } from './compliance.types.ts';

export type CallerIdRecommendation = 'ok' | 'throttle' | 'rotate';

export interface CallerIdStats {
  callerId: string;
  callsLastHour: number;
  /** Attempts started in the last 24 h that have ended. */
  ended24h: number;
  answered24h: number;
  /** Answered calls with talk < 10 s in the last 24 h. */
  short24h: number;
}

export interface CallerIdHealth extends CallerIdStats {
  shortRatio: number | null;
  unansweredRatio: number | null;
  recommendation: CallerIdRecommendation;
  reasons: string[];
}

export const SHORT_CALL_SECONDS = 10;

/**
 * Carriers mark a caller ID as spam from its pattern: many calls an hour, many unanswered, many
 * hung up within seconds. Throttle when the hourly volume is reached (it recovers within the
 * hour); rotate when the day's ratios say the number is being rejected (it will not recover
 * by waiting a few minutes).
 */
export function judgeCallerId(stats: CallerIdStats, t: CallerIdThresholds): CallerIdHealth {
  const shortRatio = stats.answered24h > 0 ? stats.short24h / stats.answered24h : null;
  const unansweredRatio =
    stats.ended24h > 0 ? (stats.ended24h - stats.answered24h) / stats.ended24h : null;
  const reasons: string[] = [];
  let recommendation: CallerIdRecommendation = 'ok';
  const judged = stats.ended24h >= t.minAttempts;
  if (judged && shortRatio !== null && shortRatio > t.maxShortRatio) {
    reasons.push(
      `short-call ratio ${(shortRatio * 100).toFixed(1)} % > ${t.maxShortRatio * 100} %`,
    );
    recommendation = 'rotate';
  }
  if (judged && unansweredRatio !== null && unansweredRatio > t.maxUnansweredRatio) {
    reasons.push(
      `unanswered ratio ${(unansweredRatio * 100).toFixed(1)} % > ${t.maxUnansweredRatio * 100} %`,
    );
    recommendation = 'rotate';
  }
  if (stats.callsLastHour >= t.maxPerHour) {
    reasons.push(`${stats.callsLastHour} calls in the last hour ≥ ${t.maxPerHour}`);
    if (recommendation === 'ok') recommendation = 'throttle';
  }
  return { ...stats, shortRatio, unansweredRatio, recommendation, reasons };
}
