import { describe, expect, it } from 'vitest';
import { billCall, parseBillingIncrement, type TrunkTariff } from './billing.ts';

const tariff = (
  increment: string,
  perMinute = 0.12,
  extra: Partial<TrunkTariff> = {},
): TrunkTariff => ({
  perMinute,
  ...parseBillingIncrement(increment),
  ...extra,
});

describe('trunk billing', () => {
  it.each([
    // [increment, talk s, billed s, cost at 0.12/min]
    ['60/60', 0, 0, 0],
    ['60/60', 1, 60, 0.12],
    ['60/60', 60, 60, 0.12],
    ['60/60', 60.4, 120, 0.24],
    ['60/60', 181, 240, 0.48],
    ['60/6', 5, 60, 0.12],
    ['60/6', 61, 66, 0.132],
    ['60/6', 66, 66, 0.132],
    ['60/6', 67, 72, 0.144],
    ['6/6', 5, 6, 0.012],
    ['6/6', 61, 66, 0.132],
    ['1/1', 42.2, 43, 0.086],
  ] as const)('%s bills %s s of talk as %s s costing %s', (increment, talk, billed, cost) => {
    expect(billCall(talk, tariff(increment))).toEqual({ billedSeconds: billed, cost });
  });

  it('does not bill a float hair over the period boundary as another increment', () => {
    expect(billCall(60.0000001, tariff('60/6')).billedSeconds).toBe(60);
  });

  it('leaves calls within the free seconds unbilled and adds the connection fee to the others', () => {
    const t = tariff('6/6', 0.1, { freeSeconds: 3, connectionFee: 0.02 });
    expect(billCall(3, t)).toEqual({ billedSeconds: 0, cost: 0 });
    expect(billCall(4, t)).toEqual({ billedSeconds: 6, cost: 0.03 });
  });

  it('rejects malformed increments and tariffs', () => {
    expect(() => parseBillingIncrement('60-6')).toThrow(/not like "60\/6"/);
    expect(() => parseBillingIncrement('0/6')).toThrow();
    expect(() =>
      billCall(10, { perMinute: -1, firstPeriodSeconds: 60, incrementSeconds: 6 }),
    ).toThrow();
  });
});
