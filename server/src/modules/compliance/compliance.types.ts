import type { AppContext } from '../../context.ts';

/** What the compliance functions need from the app context. */
export type ComplianceContext = Pick<AppContext, 'db' | 'cipher' | 'clock'>;

export type RefusalCode =
  | 'phone.invalid'
  | 'dnc.tenant'
  | 'dnc.national'
  | 'opt_out'
  | 'window.holiday'
  | 'window.outside'
  | 'lockout.abandoned'
  | 'frequency.day'
  | 'frequency.week'
  | 'frequency.30d'
  | 'caller_id.throttle'
  | 'caller_id.rotate';

export interface RefusalReason {
  code: RefusalCode;
  zh: string;
  en: string;
  /** Figures behind the refusal: local time, counts, lockout end … */
  detail?: Record<string, unknown>;
}

export interface AttemptInput {
  tenantId: string;
  /** The callee, E.164 (other spellings are normalised; invalid numbers are refused). */
  e164: string;
  campaignId?: string;
  callerId?: string;
  /** When the call would be placed (UTC ms). */
  at: number;
}

export type CheckResult =
  | { allowed: true; province: string | null }
  | { allowed: false; reason: RefusalReason; refusalId: string | null };

export interface TimeRange {
  /** "HH:MM", callee local time, inclusive. */
  from: string;
  /** "HH:MM", exclusive. */
  to: string;
}

export interface FrequencyCaps {
  perDay: number;
  perWeek: number;
  per30Days: number;
}

export interface CallerIdThresholds {
  /** Attempts per caller ID in the last hour at which it is throttled. */
  maxPerHour: number;
  /** Over the last 24 h: answered calls shorter than 10 s ÷ answered calls. */
  maxShortRatio: number;
  /** Over the last 24 h: unanswered attempts ÷ ended attempts. */
  maxUnansweredRatio: number;
  /** Minimum ended attempts in 24 h before the ratios are judged. */
  minAttempts: number;
}

export interface ComplianceSettings {
  /** Default calling windows, callee local time. */
  windows: TimeRange[];
  /** Per-province windows (key: province name, with or without 省/市/自治区). */
  windowsByProvince: Record<string, TimeRange[]>;
  /** IANA time zone per province; unknown provinces use timeZone. */
  timeZoneByProvince: Record<string, string>;
  timeZone: string;
  /** Callee-local dates "YYYY-MM-DD" on which no marketing call is placed. */
  holidays: string[];
  frequency: FrequencyCaps;
  abandonLockoutHours: number;
  callerId: CallerIdThresholds;
}
