import { describe, expect, it } from 'vitest';
import { parsePlanInput, parseWeekdays } from './wfm.schema.ts';

describe('plan input', () => {
  it('parses CLI/query strings with defaults (SL 20 s, wait 30 s, shrinkage 30 %)', () => {
    expect(
      parsePlanInput({ calls: '100', intervalMinutes: '30', aht: '180', agents: '11..14' }),
    ).toMatchObject({
      fromHistory: false,
      calls: 100,
      intervalMinutes: 30,
      aht: 180,
      slSeconds: 20,
      targetWait: 30,
      shrinkage: 0.3,
      agents: '11..14',
    });
  });

  it('"none" switches the mean-wait target off', () => {
    expect(
      parsePlanInput({ calls: 1, intervalMinutes: 30, aht: 1, targetWait: 'none' }).targetWait,
    ).toBeNull();
  });

  it('names the missing or wrong field', () => {
    expect(() => parsePlanInput({ calls: '100', intervalMinutes: '30' })).toThrow(/aht/);
    expect(() => parsePlanInput({ calls: 'x', intervalMinutes: 30, aht: 1 })).toThrow(/calls/);
    expect(() =>
      parsePlanInput({ calls: 1, intervalMinutes: 30, aht: 1, agents: '14..11' }),
    ).toThrow(/agents/);
    expect(() => parsePlanInput({ fromHistory: 'true', intervalMinutes: '20' })).toThrow(
      /15, 30 or 60/,
    );
    expect(() =>
      parsePlanInput({ calls: 1, intervalMinutes: 30, aht: 1, maxAbandon: '1.5' }),
    ).toThrow(/maxAbandon/);
  });

  it('refuses loads and agent ranges that would freeze or crash the process', () => {
    // calls=1e12 (5.6·10^10 Erlangs) ran the Erlang recursion for hours; agents up to 10^12
    // grew an array until V8 aborted the whole server.
    expect(() => parsePlanInput({ calls: '1e12', intervalMinutes: '30', aht: '180' })).toThrow(
      /calls gives an offered load of 1\.00e\+11 Erlangs with aht and intervalMinutes, over 10,000/,
    );
    expect(() =>
      parsePlanInput({
        calls: 10,
        intervalMinutes: 30,
        aht: 180,
        agents: '999999999999..1000000000000',
      }),
    ).toThrow(/agents FROM must not exceed TO, at most 1000 rows, TO at most 100000/);
    // The largest load accepted still plans.
    expect(parsePlanInput({ calls: '1e7', intervalMinutes: '60', aht: '3.6' }).calls).toBe(1e7);
  });

  it('reads weekdays: each day alone by default, or one pooled profile', () => {
    expect(parseWeekdays(undefined)).toHaveLength(7);
    expect(parseWeekdays('sun-thu')).toEqual([[0, 1, 2, 3, 4]]);
    expect(parseWeekdays('thu-sun')).toEqual([[0, 4, 5, 6]]);
    expect(parseWeekdays('mon,Wednesday')).toEqual([[1, 3]]);
    expect(parseWeekdays('0..2')).toEqual([[0, 1, 2]]);
    expect(() => parseWeekdays('someday')).toThrow(/Unknown weekday/);
  });
});
