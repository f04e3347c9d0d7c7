import { invalidInput } from '../../../platform/index.ts';

// Trunk billing: carriers bill answered calls in a first period and then in increments ("60/6":
// the first minute whole, then every started 6 s; "60/60": every started minute; "6/6"; "1/1").
// The result goes to call_records.billed_seconds / billed_cost and feeds unit_call_cost.

export interface TrunkTariff {
  /** Price per minute in the tenant's currency (CNY by default). */
  perMinute: number;
  /** First billing period, seconds (60 for "60/6" and "60/60"). */
  firstPeriodSeconds: number;
  /** Each later increment, seconds (6 for "60/6"). */
  incrementSeconds: number;
  /** Answered calls this short are not billed (some carriers' grace), default 0. */
  freeSeconds?: number;
  /** Fixed charge per billed call, default 0. */
  connectionFee?: number;
}

export interface BilledCall {
  billedSeconds: number;
  /** Rounded to 1/10,000 of the currency unit (carriers' rating precision). */
  cost: number;
}

/** "60/6" → { firstPeriodSeconds: 60, incrementSeconds: 6 }. */
export function parseBillingIncrement(text: string): {
  firstPeriodSeconds: number;
  incrementSeconds: number;
} {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const first = Number(match?.[1]);
  const increment = Number(match?.[2]);
  if (!match || first <= 0 || increment <= 0) {
    throw invalidInput('billing.increment', `Billing increment "${text}" is not like "60/6"`, {
      where: text,
    });
  }
  return { firstPeriodSeconds: first, incrementSeconds: increment };
}

// Talk times come from millisecond timestamps; 60.0000001 s must not become a second increment.
const EPSILON = 1e-6;

export function billedSeconds(talkSeconds: number, tariff: TrunkTariff): number {
  if (!(talkSeconds > 0) || talkSeconds <= (tariff.freeSeconds ?? 0)) return 0;
  const first = tariff.firstPeriodSeconds;
  if (talkSeconds <= first + EPSILON) return first;
  const steps = Math.ceil((talkSeconds - first) / tariff.incrementSeconds - EPSILON);
  return first + steps * tariff.incrementSeconds;
}

/** Billed seconds and cost of one call; unanswered calls (talk 0) cost nothing. */
export function billCall(talkSeconds: number, tariff: TrunkTariff): BilledCall {
  if (tariff.perMinute < 0 || tariff.firstPeriodSeconds <= 0 || tariff.incrementSeconds <= 0) {
    throw invalidInput('billing.tariff', 'Tariff needs a price ≥ 0 and positive periods');
  }
  const seconds = billedSeconds(talkSeconds, tariff);
  if (seconds === 0) return { billedSeconds: 0, cost: 0 };
  const cost = (seconds * tariff.perMinute) / 60 + (tariff.connectionFee ?? 0);
  return { billedSeconds: seconds, cost: Math.round(cost * 10_000) / 10_000 };
}
